"""`pressgen standings`: the drivers' standings after a round, as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import UsageError
from ..standings import Standings
from .validate import load_and_compute


def standings_report(path: Path, after: str | None = None, race: int | None = None, as_json: bool = False) -> str:
    reports = []
    for loaded, results in load_and_compute(path):
        try:
            standings = results.standings(after, race)
        except KeyError:
            known = ", ".join(r.round.id for r in loaded.rounds) or "none"
            raise UsageError(f"{loaded.season.id}: no results for round '{after}'" + (f" race {race}" if race else "") + f" (rounds with data: {known})") from None
        reports.append((loaded.season.id, standings))
    if as_json:
        objects = [standings_json(season_id, s) for season_id, s in reports]
        return json.dumps(objects[0] if len(objects) == 1 else objects, ensure_ascii=False, indent=2)
    return "\n\n".join(standings_table(season_id, s) for season_id, s in reports)


def standings_json(season_id: str, standings: Standings) -> dict:
    after = standings.after
    return {
        "season": season_id,
        "after": {"round": after.round_id, "race": after.race} if after else None,
        "complete": standings.complete,
        "rows": [
            {
                "position": r.position,
                "driver": r.driver,
                "team": r.team,
                "points": _number(r.points),
                "wins": r.wins,
                "podiums": r.podiums,
                "poles": r.poles,
                "countback": list(r.countback) if r.countback is not None else None,
                "change": r.change,
            }
            for r in standings.rows
        ],
    }


def standings_table(season_id: str, standings: Standings) -> str:
    after = standings.after
    title = f"{season_id}, after {after.round_id} race {after.race}" if after else f"{season_id}, before the first race in the data"
    lines = [title]
    for r in standings.rows:
        points = "?" if r.points is None else _number(r.points)
        lines.append(f"{r.position:>3}  {r.driver:<28} {r.team:<34} {points:>6}")
    if not standings.complete:
        lines.append("     (drivers whose totals the data does not establish are left out)")
    return "\n".join(lines)


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
