"""Load, validate and compute: every season under a path with its computed tables, or one DataError
naming every problem; a round found by its id. The first stage of every command and front end."""

from __future__ import annotations

from pathlib import Path

from .classify import ClassificationConflict
from .compute import SeasonResults, compute_season
from .errors import DataError, Location, Problem, UsageError, unknown_round
from .schema import LoadedRound, LoadedSeason, load_seasons


# Every season loaded, with its computed tables: what the stages after loading work from.
Computed = list[tuple[LoadedSeason, SeasonResults]]


def load_and_compute(path: Path, strict: bool = False) -> Computed:
    """Everything a command needs: validated seasons and their computed tables, or one DataError."""
    seasons = load_seasons(path, strict=strict)
    computed: Computed = []
    problems: list[Problem] = []
    for loaded in seasons:
        try:
            computed.append((loaded, compute_season(loaded.season, [r.round for r in loaded.rounds])))
        except ClassificationConflict as conflict:
            problems.append(Problem(_conflict_location(loaded, conflict), str(conflict)))
    if problems:
        raise DataError(problems)
    return computed


def find_round(path: Path, round_id: str, season_id: str | None = None) -> tuple[LoadedSeason, LoadedRound]:
    candidates = [(loaded, r) for loaded in load_seasons(path) for r in loaded.rounds if season_id in (None, loaded.season.id)]
    found = [(loaded, r) for loaded, r in candidates if r.round.id == round_id]
    if not found:
        name = f"{season_id}/{round_id}" if season_id else round_id
        raise unknown_round(name, f"under {path}", [f"{season_id}/{r.round.id}" if season_id else r.round.id for _, r in candidates])
    if len(found) > 1:
        raise UsageError(f"{len(found)} seasons under {path} have a round '{round_id}'; give the folder of its season")
    return found[0]


def _conflict_location(loaded: LoadedSeason, conflict: ClassificationConflict) -> Location:
    """Point at the published position of the car whose place contradicts the times."""
    race_round = loaded.round(conflict.round_id) if conflict.round_id is not None else None
    if race_round is None:  # compute_season names the round of every conflict
        return Location(loaded.folder)
    for i, race in enumerate(race_round.round.races):
        if race.number == conflict.race:
            for j, row in enumerate(race.results):
                if row.driver == conflict.driver:
                    field = "position" if row.position is not None else "driver"
                    return race_round.document.locate(("races", i, "results", j, field))
    return Location(race_round.document.path)
