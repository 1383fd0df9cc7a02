"""`pressgen validate`: load and check every season under a path, computing every table."""

from __future__ import annotations

from pathlib import Path

from ..classify import ClassificationConflict
from ..compute import SeasonResults, compute_season
from ..errors import DataError, Location, Problem
from ..schema import LoadedSeason, load_seasons


def load_and_compute(path: Path, strict: bool = False) -> list[tuple[LoadedSeason, SeasonResults]]:
    """Everything a command needs: validated seasons and their computed tables, or one DataError."""
    seasons = load_seasons(path, strict=strict)
    computed, problems = [], []
    for loaded in seasons:
        try:
            computed.append((loaded, compute_season(loaded.season, [r.round for r in loaded.rounds])))
        except ClassificationConflict as conflict:
            problems.append(Problem(_conflict_location(loaded, conflict), str(conflict)))
    if problems:
        raise DataError(problems)
    return computed


def validate(path: Path, strict: bool = False) -> list[str]:
    """Return the report lines (warnings, then a summary); raise DataError on any error."""
    computed = load_and_compute(path, strict=strict)
    lines = [str(w) for loaded, _ in computed for w in loaded.warnings]
    for loaded, _ in computed:
        lines.append(f"{loaded.folder}: ok ({len(loaded.rounds)} round{'s' if len(loaded.rounds) != 1 else ''})")
    return lines


def _conflict_location(loaded: LoadedSeason, conflict: ClassificationConflict) -> Location:
    """Point at the published position of the car whose place contradicts the times."""
    race_round = loaded.round(conflict.round_id)
    for i, race in enumerate(race_round.round.races):
        if race.number == conflict.race:
            for j, row in enumerate(race.results):
                if row.driver == conflict.driver:
                    field = "position" if row.position is not None else "driver"
                    return race_round.document.locate(("races", i, "results", j, field))
    return Location(race_round.document.path)
