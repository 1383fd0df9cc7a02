"""Pure: a validated season -> every computed table (classifications, standings after each race)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .classify import Classification, ClassificationConflict, classify
from .model import Round, Season
from .standings import DRIVERS, RaceInput, Standings, Table, progression, standings_after

T = TypeVar("T")


class TableNotInData(ValueError):
    """A standings table the season's data cannot give (earlier rounds are only a drivers' snapshot)."""


@dataclass(frozen=True)
class SeasonResults:
    season: Season
    classifications: dict[str, tuple[Classification, ...]]  # by round id, in race order
    races: tuple[RaceInput, ...]  # every race counted, in calendar order
    history: tuple[Standings, ...]  # drivers: before the first race in the data, then after each race
    _tables: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)  # memo of derived data

    def standings(self, round_id: str | None = None, race: int | None = None, table: Table = DRIVERS) -> Standings:
        return standings_after(list(self.table_history(table)), round_id, race)

    def table_history(self, table: Table = DRIVERS) -> tuple[Standings, ...]:
        if table == DRIVERS:
            return self.history
        if self.season.snapshot is not None:
            raise TableNotInData(
                f"{self.season.id} starts from a drivers' standings snapshot before {self.season.snapshot.before}: "
                f"its {table.kind} standings are not in the data"
            )
        key = ("table", table.kind, table.category.id if table.category else None, table.cars_per_race)
        return self.remember(key, lambda: tuple(progression(self.season, list(self.races), table)))

    def remember(self, key: Hashable, make: Callable[[], T]) -> T:
        """Derived data computed once per season (a round's facts serve each language and the lint)."""
        if key not in self._tables:
            self._tables[key] = make()
        remembered: T = self._tables[key]
        return remembered


def compute_season(season: Season, rounds: list[Round]) -> SeasonResults:
    """Rounds are in calendar order; with a snapshot, only rounds from its round onward count."""
    counted = _rounds_counted(season, rounds)
    classifications = {r.id: _classify_round(r, season) for r in counted}
    races = tuple(
        RaceInput(r.id, race, classification)
        for r in counted
        for race, classification in zip(r.races, classifications[r.id], strict=True)  # one per race
    )
    return SeasonResults(season, classifications, races, tuple(progression(season, list(races))))


def _classify_round(race_round: Round, season: Season) -> tuple[Classification, ...]:
    try:
        return tuple(classify(race, season) for race in race_round.races)
    except ClassificationConflict as conflict:
        conflict.round_id = race_round.id
        raise


def _rounds_counted(season: Season, rounds: list[Round]) -> list[Round]:
    if season.snapshot is None:
        return rounds
    order = [r.id for r in season.calendar]
    start = order.index(season.snapshot.before)
    return [r for r in rounds if order.index(r.id) >= start]
