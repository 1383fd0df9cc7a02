"""Pure: classifications -> points -> standings after every race, for drivers, categories and teams.

Ranking rule (documented in the README): points; then countback (most wins, then most second
places, ...); then the better finish in the latest race where the two differ; then the name, so
that the order is always total and stable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .classify import Classification, ClassifiedRow
from .model import Category, Race, Season

NO_FINISH = 10_000  # sorts after every real place in "latest finish" comparisons


@dataclass(frozen=True)
class RaceRef:
    round_id: str
    race: int


@dataclass(frozen=True)
class Score:
    """What one competitor (a driver, or a team) takes from one race."""

    competitor: str
    points: float | None  # None: a place the data does not establish might have scored
    finishes: tuple[int | None, ...]  # places counted for countback (a team counts each car)
    pole: bool = False


@dataclass(frozen=True)
class StandingsRow:
    position: int
    competitor: str  # a driver, or a team
    team: str  # the driver's team; the team itself in a teams table
    points: float | None
    wins: int | None
    podiums: int | None
    poles: int | None
    countback: tuple[int, ...] | None  # finishes in 1st, 2nd, 3rd, ... place; None if not known
    change: int | None = None  # places gained (+) or lost (-) since the previous round
    round_points: tuple[tuple[str, float | None], ...] = ()  # per round, before drops and deductions

    @property
    def driver(self) -> str:
        return self.competitor


@dataclass(frozen=True)
class Standings:
    after: RaceRef | None  # None: the snapshot, before any race in the data
    rows: tuple[StandingsRow, ...]
    complete: bool  # False when competitors whose totals are unknown are left out
    excluded: tuple[str, ...] = ()  # excluded from the championship by the stewards

    def row(self, competitor: str) -> StandingsRow | None:
        return next((r for r in self.rows if r.competitor == competitor), None)

    def top(self, count: int) -> tuple[StandingsRow, ...]:
        return self.rows[:count]


# --- points in one race ---------------------------------------------------------------------------


def race_points(classification: Classification, race: Race, season: Season) -> dict[str, float | None]:
    """Each driver's points in one race: place, half points, bonuses; guests score nothing."""
    scale = season.points.scale_for(classification.race)
    factor = 0.5 if race.half_points else 1
    points = {row.driver: 0 for row in classification.rows}
    for row, place in _scoring_places(classification, season):
        if place is None:
            could_score = classification.established_through + 1 <= len(scale)
            points[row.driver] = None if could_score else 0
        elif place <= len(scale):
            points[row.driver] = _exact(scale[place - 1] * factor)
    for bonus, timed in ((season.points.pole, classification.pole), (season.points.fastest_lap, classification.fastest_lap)):
        if bonus and timed and _earns_bonus(classification.row(timed.driver), bonus.top, season):
            current = points[timed.driver]
            points[timed.driver] = None if current is None else _exact(current + bonus.points)
    return points


def _scoring_places(classification: Classification, season: Season):
    """(row, the place it scores for); guests are skipped, and pass their points on if the rules say so."""
    passing = season.points.guests_pass_points
    skipped = 0
    for row in classification.rows:
        if row.status != "classified":
            continue
        if _is_guest(season, row.driver):
            skipped += 1
            continue
        if row.position is None:
            yield row, None
        else:
            yield row, row.position - skipped if passing else row.position


def _earns_bonus(row: ClassifiedRow | None, top: int | None, season: Season) -> bool:
    if row is None or row.status != "classified" or row.position is None or _is_guest(season, row.driver):
        return False
    return top is None or row.position <= top


def _is_guest(season: Season, driver: str) -> bool:
    entry = season.entry(driver)
    return bool(entry and entry.guest)


def _exact(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


# --- tables: who takes what from a race ----------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """What a standings table ranks: drivers, one category's members, or teams."""

    kind: str = "drivers"  # drivers | category | teams
    category: Category | None = None
    cars_per_race: int = 2

    @classmethod
    def for_category(cls, category: Category) -> Table:
        return cls("category", category=category)

    @classmethod
    def for_teams(cls, cars_per_race: int) -> Table:
        return cls("teams", cars_per_race=cars_per_race)

    def scores(self, classification: Classification, race: Race, season: Season) -> list[Score]:
        if self.kind == "teams":
            return _team_scores(classification, race, season, self.cars_per_race)
        if self.kind == "category":
            return _category_scores(classification, race, season, self.category)
        return _driver_scores(classification, race, season)

    @property
    def has_drivers(self) -> bool:
        return self.kind != "teams"


DRIVERS = Table()


def _driver_scores(classification: Classification, race: Race, season: Season) -> list[Score]:
    points = race_points(classification, race, season)
    pole = classification.pole.driver if classification.pole else None
    return [
        Score(row.driver, points[row.driver], _finishes(row), pole == row.driver)
        for row in classification.rows
        if not _is_guest(season, row.driver)
    ]


def _category_scores(classification: Classification, race: Race, season: Season, category: Category) -> list[Score]:
    """Members score their overall points, or points on the category's own order and scale."""
    members = {e.driver for e in season.members(category) if not e.guest}
    if category.scoring == "overall":
        return [s for s in _driver_scores(classification, race, season) if s.competitor in members]
    scale = category.scale or season.points.scale_for(classification.race)
    factor = 0.5 if race.half_points else 1
    rows = [r for r in classification.rows if r.driver in members]
    result, proven = [], True
    for place, row in enumerate((r for r in rows if r.status == "classified"), start=1):
        proven = proven and row.position is not None
        points = (_exact(scale[place - 1] * factor) if place <= len(scale) else 0) if proven else None
        result.append(Score(row.driver, points, (place if proven else None,)))
    return result + [Score(r.driver, 0, ()) for r in rows if r.status != "classified"]


def _team_scores(classification: Classification, race: Race, season: Season, cars_per_race: int) -> list[Score]:
    """A team scores the points of its best `cars_per_race` cars in the race."""
    by_team: dict[str, list[Score]] = {}
    for score in _driver_scores(classification, race, season):
        by_team.setdefault(season.entry(score.competitor).team, []).append(score)
    result = []
    for team, cars in by_team.items():
        counted = sorted(cars, key=lambda s: _points_order(s.points))[:cars_per_race]
        total = None if any(s.points is None for s in counted) else _exact(sum(s.points for s in counted))
        result.append(Score(team, total, tuple(f for s in counted for f in s.finishes)))
    return result


def _points_order(points: float | None) -> float:
    return float("-inf") if points is None else -points


def _finishes(row: ClassifiedRow) -> tuple[int | None, ...]:
    """The place countback counts: none for a car not classified (nothing to count, and nothing
    unknown); None for a classified car whose place the data does not establish."""
    return (row.position,) if row.status == "classified" else ()


# --- standings over the season ----------------------------------------------------------------------


@dataclass
class _Tally:
    competitor: str
    base: float | None = 0  # points before the first race in the data (a snapshot)
    rounds: dict[str, float | None] = field(default_factory=dict)  # points per round
    deducted: float = 0
    wins: int | None = 0
    podiums: int | None = 0
    poles: int | None = 0
    countback: list[int] | None = field(default_factory=list)
    finishes: list[int] = field(default_factory=list)  # best place per race, latest last

    def points(self, best_rounds: int | None) -> float | None:
        totals = list(self.rounds.values())
        if self.base is None or any(t is None for t in totals):
            return None
        counted = sorted(totals, reverse=True)[:best_rounds] if best_rounds else totals
        return _exact(self.base + sum(counted) - self.deducted)


@dataclass(frozen=True)
class RaceInput:
    round_id: str
    race: Race
    classification: Classification


def progression(season: Season, races: list[RaceInput], table: Table = DRIVERS) -> list[Standings]:
    """The standings before the first race given (from the snapshot, or empty), then after each race.
    A snapshot holds drivers' standings only: other tables need every race in the data."""
    snapshot = season.snapshot if table == DRIVERS else None
    tallies = _starting_tallies(snapshot)
    open_entry = snapshot is None or snapshot.complete
    best = season.points.best_rounds
    excluded: set[str] = set()
    history = [_standings(None, tallies, season, open_entry, None, best, excluded)]
    previous_round_end = history[0]
    for i, item in enumerate(races):
        _add_race(tallies, item, table.scores(item.classification, item.race, season), open_entry)
        if table.has_drivers:
            excluded |= _apply_stewards(tallies, item.race)
        current = _standings(
            RaceRef(item.round_id, item.race.number), tallies, season, open_entry, previous_round_end, best, excluded,
        )
        history.append(current)
        if i + 1 == len(races) or races[i + 1].round_id != item.round_id:
            previous_round_end = current
    return history


def _starting_tallies(snapshot) -> dict[str, _Tally]:
    if snapshot is None:
        return {}
    return {
        row.driver: _Tally(
            row.driver, base=row.points, wins=row.wins, podiums=row.podiums, poles=row.poles,
            countback=list(row.countback) if row.countback is not None else None,
        )
        for row in snapshot.drivers
    }


def _add_race(tallies: dict[str, _Tally], item: RaceInput, scores: list[Score], open_entry: bool) -> None:
    for score in scores:
        tally = tallies.get(score.competitor)
        if tally is None:
            if not open_entry:
                continue  # outside a partial snapshot: total unknown, left out
            tally = tallies[score.competitor] = _Tally(score.competitor)
        previous = tally.rounds.get(item.round_id, 0)
        tally.rounds[item.round_id] = None if previous is None or score.points is None else _exact(previous + score.points)
        _count_finishes(tally, score.finishes)
        if score.pole:
            tally.poles = None if tally.poles is None else tally.poles + 1


def _count_finishes(tally: _Tally, finishes: tuple[int | None, ...]) -> None:
    known = [f for f in finishes if f is not None]
    tally.finishes.append(min(known, default=NO_FINISH))
    if len(known) < len(finishes):
        tally.countback = None  # a place that would count is unknown
    for place in known:
        tally.wins = None if tally.wins is None else tally.wins + (place == 1)
        tally.podiums = None if tally.podiums is None else tally.podiums + (place <= 3)
        if tally.countback is not None:
            tally.countback.extend([0] * (place - len(tally.countback)))
            tally.countback[place - 1] += 1


def _apply_stewards(tallies: dict[str, _Tally], race: Race) -> set[str]:
    """Points deductions and exclusions decided in this race (drivers' and categories' tables)."""
    excluded = set()
    for penalty in race.penalties:
        if penalty.kind == "points" and penalty.driver in tallies:
            tallies[penalty.driver].deducted += penalty.points
        elif penalty.kind == "exclusion":
            excluded.add(penalty.driver)
    return excluded


def _standings(after, tallies, season: Season, complete: bool, previous: Standings | None, best, excluded) -> Standings:
    ranked = sorted((t for t in tallies.values() if t.competitor not in excluded), key=lambda t: _rank_key(t, best))
    rows = []
    for position, tally in enumerate(ranked, start=1):
        entry = season.entry(tally.competitor)
        before = previous.row(tally.competitor) if previous else None
        rows.append(StandingsRow(
            position=position,
            competitor=tally.competitor,
            team=entry.team if entry else tally.competitor,
            points=tally.points(best),
            wins=tally.wins,
            podiums=tally.podiums,
            poles=tally.poles,
            countback=tuple(tally.countback) if tally.countback is not None else None,
            change=(before.position - position) if before else None,
            round_points=tuple(tally.rounds.items()),
        ))
    return Standings(after, tuple(rows), complete, tuple(sorted(excluded)))


def _rank_key(tally: _Tally, best: int | None) -> tuple:
    points = tally.points(best)
    countback = tuple(-c for c in (tally.countback or ())) + (0,) * 50
    latest_first = tuple(reversed(tally.finishes))
    return (points is None, -(points or 0), countback[:50], latest_first, tally.competitor)


def standings_after(history: list[Standings], round_id: str | None = None, race: int | None = None) -> Standings:
    """The standings after a round (its last race, or race N of it); the latest when no round is named."""
    if round_id is None:
        return history[-1]
    matches = [s for s in history if s.after and s.after.round_id == round_id and (race is None or s.after.race == race)]
    if not matches:
        raise KeyError(round_id if race is None else f"{round_id} race {race}")
    return matches[-1]
