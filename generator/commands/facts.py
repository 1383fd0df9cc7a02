"""`pressgen facts`: the facts the engine derives for a round, for writers and tools."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import DataError, unknown_round
from ..facts import Fact, round_facts
from ..load import computed_seasons, unready_problems


def facts_report(path: Path, round_id: str, as_json: bool = False) -> str:
    computed = computed_seasons(path)
    found = [
        (loaded.season.id, round_facts(results, round_id))
        for loaded, results in computed
        if round_id in results.classifications
    ]
    if not found:
        if problems := unready_problems(path, round_id):
            raise DataError(problems)
        rounds = [r for _, results in computed for r in results.classifications]
        raise unknown_round(round_id, f"with results under {path}", rounds)
    if as_json:
        objects = [{"season": season_id, "round": round_id, "facts": [f.as_json() for f in facts]} for season_id, facts in found]
        return json.dumps(objects[0] if len(objects) == 1 else objects, ensure_ascii=False, indent=2)
    return "\n".join(f"{season_id}  {_line(f)}" for season_id, facts in found for f in facts)


def _line(fact: Fact) -> str:
    where = f"race {fact.race}" if fact.race else "round"
    values = ", ".join(_value(name, value) for name, value in fact.values.items())
    return f"{where:<7} {fact.kind:<16} {fact.subject:<24} {values}".rstrip()


def _value(name: str, value) -> str:
    """`count=3`; a value the data leaves unknown (a season count before its first round in the
    data) is said in words, never printed as None."""
    return f"{name} not in the data" if value is None else f"{name}={value}"
