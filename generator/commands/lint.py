"""`pressgen lint`: fact-check each round's prose against its data, and its pre-event prose
against what is at stake before it."""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError, Problem, unknown_round
from ..lint import failing, lint_round, once
from ..lint_stakes import pre_event_lint
from ..load import load_and_compute
from ..schema import PRE_EVENT


def lint(path: Path, round_id: str | None = None, strict: bool = False) -> list[str]:
    """The findings as report lines; with `strict`, findings are errors (DataError)."""
    problems: list[Problem] = []
    checked = 0
    computed = load_and_compute(path)
    for loaded, results in computed:
        for race_round in loaded.rounds:
            if round_id in (None, race_round.round.id):
                checked += 1
                problems += lint_round(loaded.season, race_round, results)
                if race_round.pre_event:
                    problems += pre_event_lint(loaded.season, race_round.for_kind(PRE_EVENT), results)
    if round_id and not checked:
        raise unknown_round(round_id, f"under {path}", [r.round.id for loaded, _ in computed for r in loaded.rounds])
    problems = once(problems)
    findings = failing(problems)
    if findings and strict:
        raise DataError(findings)
    return [str(p) for p in problems] + [f"{checked} round{'s' if checked != 1 else ''} checked, {len(findings)} finding{'s' if len(findings) != 1 else ''}"]
