"""Pure: a validated season -> every computed table (classifications, standings after each race)."""

from __future__ import annotations

from dataclasses import dataclass

from .classify import Classification, ClassificationConflict, classify
from .model import Round, Season
from .standings import Standings, progression, standings_after


@dataclass(frozen=True)
class SeasonResults:
    season: Season
    classifications: dict[str, tuple[Classification, ...]]  # by round id, in race order
    history: tuple[Standings, ...]  # before the first race in the data, then after each race

    def standings(self, round_id: str | None = None, race: int | None = None) -> Standings:
        return standings_after(list(self.history), round_id, race)

    def standings_before(self, round_id: str) -> Standings:
        """The standings as they stood when the round began."""
        index = next(i for i, s in enumerate(self.history) if s.after and s.after.round_id == round_id)
        return self.history[index - 1]


def compute_season(season: Season, rounds: list[Round]) -> SeasonResults:
    """Rounds are in calendar order; with a snapshot, only rounds from its round onward count."""
    counted = _rounds_counted(season, rounds)
    classifications = {r.id: _classify_round(r, season) for r in counted}
    races = [(r.id, c) for r in counted for c in classifications[r.id]]
    return SeasonResults(season, classifications, tuple(progression(season, races)))


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


__all__ = ["SeasonResults", "compute_season", "ClassificationConflict"]
