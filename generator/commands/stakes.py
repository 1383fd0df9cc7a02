"""`pressgen stakes`: what is at stake in a round, from the standings before it, as text or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import UsageError, unknown_round
from ..load import load_and_compute
from ..stakes import Combination, Condition, RoundStakes, StakesError, TitleStakes, round_stakes


def stakes_report(path: Path, round_id: str, as_json: bool = False) -> str:
    found, calendars = [], []
    for loaded, results in load_and_compute(path):
        calendars += [r.id for r in loaded.season.calendar]
        if round_id not in [r.id for r in loaded.season.calendar]:
            continue
        try:
            found.append(round_stakes(results, round_id))
        except StakesError as exc:
            raise UsageError(str(exc)) from None
    if not found:
        raise unknown_round(round_id, f"in a calendar under {path}", calendars)
    if as_json:
        objects = [s.as_json() for s in found]
        return json.dumps(objects[0] if len(objects) == 1 else objects, ensure_ascii=False, indent=2)
    return "\n\n".join(stakes_text(s) for s in found)


def stakes_text(stakes: RoundStakes) -> str:
    lines = [f"{stakes.season}, before {stakes.round_id} ({_races(stakes.races)})"]
    for table, holder in stakes.decided:
        lines.append(f"  {table}: already decided, {holder}")
    for table in stakes.not_in_data:
        lines.append(f"  {table}: standings not in the data (the season starts from a drivers' snapshot)")
    for title in stakes.titles:
        lines += _title_lines(title)
    return "\n".join(lines)


def _title_lines(title: TitleStakes) -> list[str]:
    lines = [f"  {title.table}: leader {title.leader} ({_n(title.leader_points)} points)"]
    if title.note:
        lines.append(f"    note: {title.note}")
    for contender in title.contenders:
        lines.append(f"    in contention: {contender.competitor:<28} {_n(contender.points):>6} points, at most {_n(contender.most_points)}")
    if title.out_of_contention:
        lines.append(f"    out of contention: {', '.join(title.out_of_contention)}")
    earliest = f"race {title.earliest_race}" if title.earliest_race else "not in this round"
    lines.append(f"    can be decided: {earliest}")
    for horizon in title.horizons:
        if not horizon.holders:
            continue
        lines.append(f"    after race {horizon.race}: can be champion: {', '.join(horizon.holders)}")
        if horizon.certain:
            lines.append(f"      {horizon.certain} is champion whatever happens")
        for condition in horizon.conditions:
            lines.append(f"      - {condition.sentence()}")
            lines += [f"          {line}" for line in _combination_lines(condition)]
    return lines


def _combination_lines(condition: Condition) -> list[str]:
    if not condition.combinations:
        return []
    which = "fails when" if condition.kind == "not_outscored" else "holds when"
    lines = [f"{which}:"]
    for combo in condition.combinations[:12]:
        lines.append(f"  {condition.rival} {_outcome(combo.rival.place, combo.rival.places, combo.rival.bonuses)}"
                     f" and {condition.holder} {_holder_places(combo)}")
    if len(condition.combinations) > 12:
        lines.append(f"  ... {len(condition.combinations) - 12} more (--json lists them all)")
    return lines


def _outcome(place, places, bonuses) -> str:
    if places:
        text = "cars " + "/".join(_place(p) for p in places)
    else:
        text = _place(place)
    return text + "".join(f" with {b.replace('_', ' ')}" for b in bonuses)


def _holder_places(combo: Combination) -> str:
    places = combo.holder_places
    numbered = [p for p in places if isinstance(p, int)]
    if numbered and all(not isinstance(p, tuple) for p in places) and None in places \
            and numbered == list(range(numbered[0], numbered[0] + len(numbered))) and numbered[0] > 1:
        text = f"{_place(numbered[0])} or lower, or not classified"
    else:
        text = " or ".join(("cars " + "/".join(_place(q) for q in p)) if isinstance(p, tuple) else _place(p) for p in places)
    return text + "".join(f" with {b.replace('_', ' ')}" for b in combo.holder_bonuses)


def _place(place) -> str:
    if place is None:
        return "not classified"
    suffix = "th" if 10 <= place % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(place % 10, "th")
    return f"{place}{suffix}"


def _races(count: int) -> str:
    return f"{count} race" + ("s" if count != 1 else "")


def _n(value) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else str(value)
