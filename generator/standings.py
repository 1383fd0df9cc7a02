"""Pure: classifications -> points -> drivers' standings after every race, with countback.

Ranking rule (documented in the README): points; then countback (most wins, then most second
places, ...); then the better finish in the latest race where the two differ; then the name, so
that the order is always total and stable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .classify import Classification
from .model import Season


@dataclass(frozen=True)
class RaceRef:
    round_id: str
    race: int


@dataclass(frozen=True)
class StandingsRow:
    position: int
    driver: str
    team: str
    points: float | None  # None: a result the data does not establish may have scored
    wins: int | None
    podiums: int | None
    poles: int | None
    countback: tuple[int, ...] | None  # finishes in 1st, 2nd, 3rd, ... place; None if not known
    change: int | None = None  # places gained (+) or lost (-) since the previous round


@dataclass(frozen=True)
class Standings:
    after: RaceRef | None  # None: the snapshot, before any race in the data
    rows: tuple[StandingsRow, ...]
    complete: bool  # False when drivers whose totals are unknown are left out

    def row(self, driver: str) -> StandingsRow | None:
        return next((r for r in self.rows if r.driver == driver), None)

    def top(self, count: int) -> tuple[StandingsRow, ...]:
        return self.rows[:count]


@dataclass
class _Tally:
    driver: str
    points: float | None = 0
    wins: int | None = 0
    podiums: int | None = 0
    poles: int | None = 0
    countback: list[int] | None = field(default_factory=list)
    finishes: list[int] = field(default_factory=list)  # per race, latest last; large = no finish


def race_points(classification: Classification, season: Season) -> dict[str, float | None]:
    """Points each driver scores in one race; None where an unestablished position might score."""
    scale = season.points.scale_for(classification.race)
    earliest_unknown = classification.established_through + 1
    points: dict[str, float | None] = {}
    for row in classification.rows:
        if row.status != "classified":
            points[row.driver] = 0
        elif row.position is not None:
            points[row.driver] = scale[row.position - 1] if row.position <= len(scale) else 0
        else:
            points[row.driver] = None if earliest_unknown <= len(scale) else 0
    return points


def progression(season: Season, races: list[tuple[str, Classification]]) -> list[Standings]:
    """The standings before the first race given (from the snapshot, or empty), then after each race."""
    tallies = _starting_tallies(season)
    complete = season.snapshot is None or season.snapshot.complete
    history = [_standings(None, tallies, season, complete, None)]
    previous_round_end = history[0]
    for i, (round_id, classification) in enumerate(races):
        _add_race(tallies, classification, season, open_entry=complete)
        round_ends = i + 1 == len(races) or races[i + 1][0] != round_id
        current = _standings(RaceRef(round_id, classification.race), tallies, season, complete, previous_round_end)
        history.append(current)
        if round_ends:
            previous_round_end = current
    return history


def _starting_tallies(season: Season) -> dict[str, _Tally]:
    if season.snapshot is None:
        return {e.driver: _Tally(e.driver) for e in season.entries}
    return {
        row.driver: _Tally(
            row.driver, row.points, row.wins, row.podiums, row.poles,
            list(row.countback) if row.countback is not None else None,
        )
        for row in season.snapshot.drivers
    }


def _add_race(tallies: dict[str, _Tally], classification: Classification, season: Season, open_entry: bool) -> None:
    points = race_points(classification, season)
    for row in classification.rows:
        tally = tallies.get(row.driver)
        if tally is None:
            if not open_entry:
                continue  # a driver outside a partial snapshot: total unknown, left out
            tally = tallies[row.driver] = _Tally(row.driver)
        scored = points[row.driver]
        tally.points = None if tally.points is None or scored is None else tally.points + scored
        position = row.position if row.status == "classified" else None
        tally.finishes.append(position or 10_000)
        if position is None and row.status == "classified":
            tally.countback = None  # the place it would count in is unknown
        elif position is not None:
            tally.wins = _plus(tally.wins, position == 1)
            tally.podiums = _plus(tally.podiums, position <= 3)
            if tally.countback is not None:
                tally.countback.extend([0] * (position - len(tally.countback)))
                tally.countback[position - 1] += 1
    if classification.pole is not None and classification.pole.driver in tallies:
        tally = tallies[classification.pole.driver]
        tally.poles = _plus(tally.poles, True)


def _plus(count: int | None, scored: bool) -> int | None:
    return None if count is None else count + int(scored)


def _standings(after, tallies, season: Season, complete: bool, previous: Standings | None) -> Standings:
    ordered = sorted(tallies.values(), key=_rank_key)
    rows = []
    for position, tally in enumerate(ordered, start=1):
        entry = season.entry(tally.driver)
        before = previous.row(tally.driver) if previous else None
        rows.append(StandingsRow(
            position=position,
            driver=tally.driver,
            team=entry.team if entry else "",
            points=tally.points,
            wins=tally.wins,
            podiums=tally.podiums,
            poles=tally.poles,
            countback=tuple(tally.countback) if tally.countback is not None else None,
            change=(before.position - position) if before else None,
        ))
    return Standings(after, tuple(rows), complete)


def _rank_key(tally: _Tally) -> tuple:
    unknown = tally.points is None
    countback = tuple(-c for c in (tally.countback or ())) + (0,) * 50
    latest_first = tuple(reversed(tally.finishes))
    return (unknown, -(tally.points or 0), countback[:50], latest_first, tally.driver)


def standings_after(history: list[Standings], round_id: str | None = None, race: int | None = None) -> Standings:
    """The standings after a round (its last race, or race N of it); the latest when no round is named."""
    if round_id is None:
        return history[-1]
    matches = [s for s in history if s.after and s.after.round_id == round_id and (race is None or s.after.race == race)]
    if not matches:
        raise KeyError(round_id if race is None else f"{round_id} race {race}")
    return matches[-1]

