"""Pure: classifications -> points -> standings after every race, for drivers, categories and teams.

Ranking rule (documented in the README): points; then countback (most wins, then most second
places, ...); then the better finish in the latest race where the two differ; then the name, so
that the order is always total and stable.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .classify import Classification, ClassifiedRow
from .model import Category, Race, Season, Snapshot

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
    ceiling: float | None = None  # with points None: the most the race can have given
    first_possible: int = 1  # with an unknown place: the best place it can be

    @property
    def most(self) -> float:
        """The most the race can have given: its points, or with points unknown, its ceiling."""
        most = self.points if self.points is not None else self.ceiling
        if most is None:
            raise ValueError(f"{self.competitor}: neither the points nor the most they can be are known")
        return most


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
    ceiling: float | None = None  # the most the total can be (equal to points when known)

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

    @property
    def proven_through(self) -> int:
        """Rows 1..N hold their position and points whatever the data leaves unknown: each total is
        known, and every competitor ranked below cannot reach it (an equal total is decided by
        countback only when both countbacks are known)."""
        if not self.complete:
            return len(self.rows)  # a partial snapshot: the rows listed are the published ones
        proven = 0
        for i, row in enumerate(self.rows):
            if row.points is None or not all(_certainly_behind(row, other) for other in self.rows[i + 1:]):
                break
            proven = i + 1
        return proven

    def shown(self, count: int) -> tuple[StandingsRow, ...]:
        """The first `count` rows, stopping at the first row whose place the data does not prove."""
        return self.rows[: min(count, self.proven_through)]


def _certainly_behind(row: StandingsRow, other: StandingsRow) -> bool:
    ceiling = other.ceiling if other.ceiling is not None else float("inf")
    if row.points is None:  # callers compare rows whose totals are known
        return False
    if ceiling < row.points:
        return True
    return other.points == row.points == ceiling and row.countback is not None and other.countback is not None


# --- points in one race ---------------------------------------------------------------------------


def race_points(classification: Classification, race: Race, season: Season) -> dict[str, float | None]:
    """Each driver's points in one race: place, half points, bonuses; guests score nothing."""
    scale = season.points.scale_for(classification.race)
    factor = 0.5 if race.half_points else 1
    points: dict[str, float | None] = {row.driver: 0 for row in classification.rows}
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


def unproven_place_ceiling(classification: Classification, race: Race, season: Season) -> float:
    """The most a car can score for a place the data does not establish: the first such place,
    moved up past every guest when guests pass their points on, with every bonus."""
    scale = season.points.scale_for(classification.race)
    index = classification.established_through
    if season.points.guests_pass_points:
        index -= sum(1 for r in classification.rows if _is_guest(season, r.driver))
    place = scale[max(index, 0)] * (0.5 if race.half_points else 1) if max(index, 0) < len(scale) else 0
    bonuses = [b.points for b in (season.points.pole, season.points.fastest_lap) if b]
    return _exact(place + sum(bonuses))


def _scoring_places(classification: Classification, season: Season) -> Iterator[tuple[ClassifiedRow, int | None]]:
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


def _team_of(season: Season, driver: str) -> str:
    entry = season.entry(driver)
    if entry is None:  # schema.py checks every row's driver against the entry list
        raise ValueError(f"{driver} is not in the entry list")
    return entry.team


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
        if self.category is not None:  # the category kind
            return _category_scores(classification, race, season, self.category)
        return _driver_scores(classification, race, season)

    @property
    def has_drivers(self) -> bool:
        return self.kind != "teams"

    def competitors(self, season: Season) -> list[str]:
        """Everyone the entry list puts in this table (guests never score)."""
        entries = [e for e in season.entries if not e.guest]
        if self.kind == "teams":
            return list(dict.fromkeys(e.team for e in entries))
        if self.category is not None:  # the category kind
            members = {e.driver for e in season.members(self.category)}
            entries = [e for e in entries if e.driver in members]
        return [e.driver for e in entries]


DRIVERS = Table()


def _driver_scores(classification: Classification, race: Race, season: Season) -> list[Score]:
    points = race_points(classification, race, season)
    pole = classification.pole.driver if classification.pole else None
    ceiling = unproven_place_ceiling(classification, race, season)
    first_possible = classification.established_through + 1
    return [
        Score(row.driver, points[row.driver], _finishes(row), pole == row.driver, ceiling, first_possible)
        for row in classification.rows
        if not _is_guest(season, row.driver)
    ]


def _finishes(row: ClassifiedRow) -> tuple[int | None, ...]:
    """The place a row counts for countback: none if not classified, None if not established."""
    return (row.position,) if row.status == "classified" else ()


def _category_scores(classification: Classification, race: Race, season: Season, category: Category) -> list[Score]:
    """Members score their overall points, or points on the category's own order and scale."""
    members = {e.driver for e in season.members(category) if not e.guest}
    if category.scoring == "overall":
        return [s for s in _driver_scores(classification, race, season) if s.competitor in members]
    scale = category.scale or season.points.scale_for(classification.race)
    factor = 0.5 if race.half_points else 1
    rows = [r for r in classification.rows if r.driver in members]
    result, proven = [], True
    ceiling = _exact(max(scale, default=0) * factor)
    for place, row in enumerate((r for r in rows if r.status == "classified"), start=1):
        proven = proven and row.position is not None
        points = (_exact(scale[place - 1] * factor) if place <= len(scale) else 0) if proven else None
        result.append(Score(row.driver, points, (place if proven else None,), ceiling=ceiling, first_possible=place))
    return result + [Score(r.driver, 0, ()) for r in rows if r.status != "classified"]


def _team_scores(classification: Classification, race: Race, season: Season, cars_per_race: int,
                 absent: Sequence[Score] = ()) -> list[Score]:
    """A team scores the points of its best `cars_per_race` cars in the race (cars with no row in
    incomplete results among them, their points unknown)."""
    by_team: dict[str, list[Score]] = {}
    for score in _driver_scores(classification, race, season) + list(absent):
        by_team.setdefault(_team_of(season, score.competitor), []).append(score)
    result = []
    for team, cars in by_team.items():
        counted = sorted(cars, key=lambda s: _points_order(s.points))[:cars_per_race]
        known = [s.points for s in counted if s.points is not None]
        total = _exact(sum(known)) if len(known) == len(counted) else None
        most = sorted((s.most for s in cars), reverse=True)
        result.append(Score(team, total, tuple(f for s in counted for f in s.finishes),
                            ceiling=_exact(sum(most[:cars_per_race])), first_possible=min(s.first_possible for s in cars)))
    return result


def _points_order(points: float | None) -> float:
    return float("-inf") if points is None else -points


# --- standings over the season ----------------------------------------------------------------------


@dataclass
class _Tally:
    competitor: str
    base: float | None = 0  # points before the first race in the data (a snapshot)
    rounds: dict[str, float | None] = field(default_factory=dict)  # points per round
    rounds_ceiling: dict[str, float] = field(default_factory=dict)  # the most each round can have given
    deducted: float = 0
    wins: int | None = 0
    podiums: int | None = 0
    poles: int | None = 0
    countback: list[int] | None = field(default_factory=list)
    finishes: list[int] = field(default_factory=list)  # best place per race, latest last

    def points(self, best_rounds: int | None) -> float | None:
        totals = [t for t in self.rounds.values() if t is not None]
        if self.base is None or len(totals) < len(self.rounds):
            return None
        counted = sorted(totals, reverse=True)[:best_rounds] if best_rounds else totals
        return _exact(self.base + sum(counted) - self.deducted)

    def ceiling(self, best_rounds: int | None) -> float | None:
        """The most the total can be, every unknown result at its best; None with an unknown base."""
        if self.base is None:
            return None
        totals = sorted(self.rounds_ceiling.values(), reverse=True)
        return _exact(self.base + sum(totals[:best_rounds] if best_rounds else totals) - self.deducted)


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
    if open_entry:  # every entry counts from the start, with or without a row yet
        for competitor in table.competitors(season):
            tallies.setdefault(competitor, _Tally(competitor))
    best = season.points.best_rounds
    excluded: set[str] = set()
    history = [_standings(None, tallies, season, open_entry, None, best, excluded)]
    previous_round_end = history[0]
    for i, item in enumerate(races):
        _add_race(tallies, item, _race_scores(table, item, season), open_entry)
        if table.has_drivers:
            excluded |= _apply_stewards(tallies, item.race)
        current = _standings(
            RaceRef(item.round_id, item.race.number), tallies, season, open_entry, previous_round_end, best, excluded,
        )
        history.append(current)
        if i + 1 == len(races) or races[i + 1].round_id != item.round_id:
            previous_round_end = current
    return history


def _starting_tallies(snapshot: Snapshot | None) -> dict[str, _Tally]:
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
    scored = {s.competitor for s in scores}
    for tally in tallies.values():
        if tally.competitor not in scored:
            tally.finishes.append(NO_FINISH)  # one entry per race, so "the latest race" lines up
    for score in scores:
        if score.competitor not in tallies:
            if not open_entry:
                continue  # outside a partial snapshot: total unknown, left out
            tallies[score.competitor] = _Tally(score.competitor)
        tally = tallies[score.competitor]
        previous = tally.rounds.get(item.round_id, 0)
        tally.rounds[item.round_id] = None if previous is None or score.points is None else _exact(previous + score.points)
        tally.rounds_ceiling[item.round_id] = _exact(tally.rounds_ceiling.get(item.round_id, 0) + score.most)
        _count_finishes(tally, score.finishes, score.first_possible)
        if score.pole:
            tally.poles = None if tally.poles is None else tally.poles + 1


def _race_scores(table: Table, item: RaceInput, season: Season) -> list[Score]:
    """What each competitor takes from the race, counting the entries incomplete results leave out."""
    if table.kind == "teams":
        absent = _absent_scores(item, season, DRIVERS)
        return _team_scores(item.classification, item.race, season, table.cars_per_race, absent)
    return table.scores(item.classification, item.race, season) + _absent_scores(item, season, table)


def _absent_scores(item: RaceInput, season: Season, table: Table) -> list[Score]:
    """Results that do not list every car: an entry with no row may hold any place not established."""
    if item.race.results_complete:
        return []
    listed = {row.driver for row in item.classification.rows}
    ceiling = unproven_place_ceiling(item.classification, item.race, season)
    if table.category is not None and table.category.scoring == "own":
        ceiling = max(table.category.scale or season.points.scale_for(item.race.number), default=0)
    first = item.classification.established_through + 1
    return [Score(driver, None if ceiling else 0, (None,), ceiling=ceiling, first_possible=first)
            for driver in table.competitors(season) if driver not in listed]


def _count_finishes(tally: _Tally, finishes: tuple[int | None, ...], first_possible: int = 1) -> None:
    known = [f for f in finishes if f is not None]
    tally.finishes.append(min(known, default=NO_FINISH))
    if len(known) < len(finishes):
        tally.countback = None  # a place that would count is unknown
        # ... and a win or podium it might be leaves the count unknown
        if first_possible <= 1:
            tally.wins = None
        if first_possible <= 3:
            tally.podiums = None
    for place in known:
        tally.wins = None if tally.wins is None else tally.wins + (place == 1)
        tally.podiums = None if tally.podiums is None else tally.podiums + (place <= 3)
        if tally.countback is not None:
            tally.countback.extend([0] * (place - len(tally.countback)))
            tally.countback[place - 1] += 1


def _apply_stewards(tallies: dict[str, _Tally], race: Race) -> set[str]:
    """Points deductions and exclusions decided in this race (drivers' and categories' tables)."""
    excluded: set[str] = set()
    for penalty in race.penalties:
        if penalty.kind == "points" and penalty.name in tallies:
            tallies[penalty.name].deducted += penalty.points or 0  # model.py requires points here
        elif penalty.kind == "exclusion":
            excluded.add(penalty.name)
    return excluded


def _standings(after: RaceRef | None, tallies: dict[str, _Tally], season: Season, complete: bool,
               previous: Standings | None, best: int | None, excluded: set[str]) -> Standings:
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
            ceiling=tally.ceiling(best),
        ))
    return Standings(after, tuple(rows), complete, tuple(sorted(excluded)))


def _rank_key(tally: _Tally, best: int | None) -> tuple[object, ...]:
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
