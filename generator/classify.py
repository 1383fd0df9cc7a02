"""Pure: one race's rows at the flag and the stewards' decisions -> the classification.

Cars that finish on the same lap are ranked by total time after time penalties. Published data is
often partial: a gap may be known for the top five only. A car whose time is unknown is bounded by
its neighbours at the flag (it crossed the line after the car ahead and before the car behind), so
a penalised car is moved back exactly as far as the known times prove. Where they prove nothing,
a published classified position decides; where nothing decides, the position stays unestablished
(None) rather than guessed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from .model import Entry, Race, ResultRow, Season

UNKNOWN_PENALTY = (1, math.inf)  # a time penalty whose length was not published


@dataclass(frozen=True)
class Gap:
    """Behind the winner: `laps` down, or `ms` on the same lap; ms None when not published."""

    ms: int | None = None
    laps: int = 0


@dataclass(frozen=True)
class ClassifiedRow:
    driver: str
    team: str
    position: int | None  # None: not classified, or position not established by the data
    flag_position: int | None  # place among the cars that took the flag
    status: str  # classified | retired | not_started | disqualified
    laps: int
    gap: Gap | None  # None for the winner and for non-finishers
    penalty_ms: tuple[float, float] = (0, 0)  # bounds of the time added by the stewards
    best_lap_ms: int | None = None  # as published (the full classification shows it)


@dataclass(frozen=True)
class Timed:
    driver: str
    team: str
    ms: int | None  # None where only the holder is published


@dataclass(frozen=True)
class Classification:
    race: int
    laps: int
    rows: tuple[ClassifiedRow, ...]
    complete: bool
    pole: Timed | None
    fastest_lap: Timed | None

    @property
    def winner(self) -> ClassifiedRow | None:
        return self.rows[0] if self.rows and self.rows[0].position == 1 else None

    def top(self, count: int) -> tuple[ClassifiedRow, ...]:
        return tuple(r for r in self.rows if r.position is not None and r.position <= count)

    def row(self, driver: str) -> ClassifiedRow | None:
        return next((r for r in self.rows if r.driver == driver), None)

    @property
    def established_through(self) -> int:
        """Positions 1..N are proven by the data."""
        return max((r.position for r in self.rows if r.position is not None), default=0)


class ClassificationConflict(ValueError):
    """The published positions contradict the published times."""

    def __init__(self, message: str, driver: str, race: int | None = None, round_id: str | None = None):
        super().__init__(message)
        self.driver, self.race, self.round_id = driver, race, round_id


# --- the pipeline -------------------------------------------------------------------------------------


def classify(race: Race, season: Season) -> Classification:
    """Rank the cars that took the flag, add the classified retirements, apply position penalties,
    then list the rest: not classified, retired, non-starters, disqualified."""
    runners = _runners(race)
    try:
        ordered, established = _rank(runners, race.results_complete)
    except ClassificationConflict as conflict:
        conflict.race = race.number
        raise
    placed = [_Placed(r.row, r.laps, i < established, r) for i, r in enumerate(ordered)]
    threshold = _classification_threshold(season, placed)
    classified = [p for p in placed if threshold is None or p.laps >= threshold]
    classified = _with_retirements(classified, race, threshold)
    classified = _apply_position_penalties(classified, race)
    rows = _numbered(classified, race, season)
    left_out = [p.row for p in placed if p not in classified]
    rows += [_unclassified(race, row, season, "not_classified") for row in left_out]
    rows += [_unclassified(race, row, season) for row in _order_non_finishers(race, classified)]
    return Classification(
        race=race.number,
        laps=race.laps,
        rows=tuple(rows),
        complete=race.results_complete,
        pole=pole_position(race, season),
        fastest_lap=fastest_lap(race, season),
    )


@dataclass
class _Placed:
    """A car in the classification being built; `certain` when the data proves its place."""

    row: ResultRow
    laps: int
    certain: bool
    runner: _Runner | None = None  # None for a classified retirement


def _runners(race: Race) -> list[_Runner]:
    flagged = [(i, row) for i, row in enumerate(race.results) if _status(race, row) == "finished"]
    if not flagged:
        return []
    # Gaps and times are measured from the first car at the flag, even one the stewards then
    # disqualified: every runner is placed on that one scale, and gaps to the classified winner
    # are differences on it.
    first_at_flag = next(row for row in race.results if row.status == "finished")
    runners = [_Runner.of(i, row, race, leader=first_at_flag) for i, row in flagged]
    for rank, runner in enumerate(runners):
        runner.flag_rank = rank
    _bound_unknown_times(runners)
    return runners


def _classification_threshold(season: Season, placed: list[_Placed]) -> int | None:
    """Laps needed to be classified: the share of the winner's laps, rounded down."""
    share = season.classification.min_laps_share
    if share is None or not placed:
        return None
    return math.floor(share * placed[0].laps + 1e-9)


def _with_retirements(classified: list[_Placed], race: Race, threshold: int | None) -> list[_Placed]:
    """A retired car that covered enough laps is classified behind every car with as many laps."""
    if threshold is None:
        return classified
    retired = [r for r in race.results if _status(race, r) == "retired" and (r.laps or 0) >= threshold]
    result = list(classified)
    for row in sorted(retired, key=lambda r: -(r.laps or 0)):
        laps = row.laps or 0  # a threshold of 0 laps takes in a retirement whose laps were not published
        at = next((i for i, p in enumerate(result) if p.laps < laps), len(result))
        result.insert(at, _Placed(row, laps, True))
    return result


def _apply_position_penalties(classified: list[_Placed], race: Race) -> list[_Placed]:
    """Each `positions` penalty moves its car back; a car moved past an unproven place loses certainty."""
    result = list(classified)
    for penalty in (p for p in race.penalties if p.kind == "positions"):
        index = next((i for i, p in enumerate(result) if p.row.driver == penalty.driver), None)
        if index is None:
            continue
        moved = result.pop(index)
        target = min(index + (penalty.places or 0), len(result))  # model.py requires places here
        passed = result[index:target]
        moved.certain = moved.certain and all(p.certain for p in passed)
        result.insert(target, moved)
    return result


def _numbered(classified: list[_Placed], race: Race, season: Season) -> list[ClassifiedRow]:
    """Positions run 1, 2, ... up to the first place the data does not prove. Gaps are to the
    classified winner: the first car after time penalties, disqualifications and position penalties."""
    winner = classified[0].runner if classified else None
    moved = {p.driver for p in race.penalties if p.kind == "positions"}
    rows, proven = [], True
    for position, placed in enumerate(classified, start=1):
        proven = proven and placed.certain
        row = _classified(placed, position if proven else None, winner, season)
        if placed.row.driver in moved and row.gap is not None and row.gap.laps == 0:
            # Moved back after the race: its time says nothing of its place, and printing it would
            # put a smaller gap below a larger one. The stewards' mark explains the place.
            row = replace(row, gap=Gap())
        rows.append(row)
    return rows


def pole_position(race: Race, season: Season) -> Timed | None:
    """The first row of the qualifying order, with its time where published."""
    if not race.qualifying or race.qualifying[0].time is None:
        return None
    first = race.qualifying[0]
    return Timed(first.name, _team(season, first.name), first.time)


def fastest_lap(race: Race, season: Season) -> Timed | None:
    """As published for the race, or else the quickest best lap among the rows of cars still in its
    classification (a disqualified car's laps no longer count). Rows of a race whose results are
    incomplete prove nothing: a car without a row may have gone faster."""
    if race.fastest_lap is not None:
        return Timed(race.fastest_lap.name, _team(season, race.fastest_lap.name), race.fastest_lap.time)
    if not race.results_complete:
        return None
    laps = [(row.best_lap, i, row) for i, row in enumerate(race.results)
            if row.best_lap is not None and _status(race, row) != "disqualified"]
    if not laps:
        return None
    best, _, row = min(laps)
    return Timed(row.name, _team(season, row.name), best)


# --- ranking runners on the road ------------------------------------------------------------------------


@dataclass
class _Runner:
    flag: int  # 0-based order at the flag
    row: ResultRow
    laps: int
    behind_min: float  # bounds of the time behind the first car at the flag (ms), infinite when unknown
    behind_max: float
    penalty_min: float  # bounds of the time penalties the stewards added (ms)
    penalty_max: float
    flag_rank: int = 0  # among the cars that took the flag

    @classmethod
    def of(cls, flag: int, row: ResultRow, race: Race, leader: ResultRow) -> _Runner:
        """`leader` is the first car at the flag: gaps and times are measured from it."""
        known = row.gap
        if row is leader:
            known = 0
        elif known is None and row.time is not None and leader.time is not None:
            known = row.time - leader.time
        penalty_min, penalty_max = _penalty_bounds(race, row.name)
        behind_min, behind_max = (known, known) if known is not None else (-math.inf, math.inf)
        laps = row.laps if row.laps is not None else race.laps
        return cls(flag, row, laps, behind_min, behind_max, penalty_min, penalty_max)

    def ahead_of(self, other: _Runner) -> bool | None:
        """True if this car is certainly classified ahead of `other`, False if certainly behind."""
        if self.laps != other.laps:
            return self.laps > other.laps
        first, second = (self, other) if self.flag < other.flag else (other, self)
        if (first.penalty_max <= second.penalty_min  # crossed first and was penalised no more
                or first.behind_max + first.penalty_max <= second.behind_min + second.penalty_min):  # a tie keeps the order at the flag
            verdict = True
        elif second.behind_max + second.penalty_max < first.behind_min + first.penalty_min:
            verdict = False
        else:
            return None
        return verdict if first is self else not verdict


def _penalty_bounds(race: Race, driver: str) -> tuple[float, float]:
    """The least and the most time the driver's time penalties add (ms)."""
    least = most = 0.0
    for penalty in race.penalties:
        if penalty.driver == driver and penalty.kind == "time":
            add = (penalty.seconds, penalty.seconds) if penalty.seconds is not None else UNKNOWN_PENALTY
            least, most = least + add[0], most + add[1]
    return least, most


def _bound_unknown_times(runners: list[_Runner]) -> None:
    """A car with no published time crossed the line after the car ahead on its lap, before the car behind."""
    for runner in runners:
        same_lap = [r for r in runners if r.laps == runner.laps and r.behind_min == r.behind_max]
        if runner.behind_min != runner.behind_max:
            runner.behind_min = max((r.behind_min for r in same_lap if r.flag < runner.flag), default=0)
            runner.behind_max = min((r.behind_max for r in same_lap if r.flag > runner.flag), default=math.inf)


def _rank(runners: list[_Runner], complete: bool) -> tuple[list[_Runner], int]:
    """Order the runners; return them with the last position the data establishes."""
    remaining = sorted(runners, key=lambda r: r.flag)
    ordered: list[_Runner] = []
    established = len(runners)
    for position in range(1, len(runners) + 1):
        pick, decided = _pick(remaining, position)
        if not decided:
            established = min(established, position - 1)
        if not complete and established >= position and not _ahead_of_unlisted(pick, runners):
            established = position - 1
        ordered.append(pick)
        remaining.remove(pick)
    return ordered, established


def _pick(remaining: list[_Runner], position: int) -> tuple[_Runner, bool]:
    """The runner for `position`, and whether the data proves it (if not: the first at the flag)."""
    leaders = [r for r in remaining if not any(o.ahead_of(r) is True for o in remaining if o is not r)]
    published = [r for r in remaining if r.row.position == position]
    if published:
        if published[0] not in leaders:
            ahead = next(o for o in remaining if o.ahead_of(published[0]) is True)
            raise ClassificationConflict(
                f"{published[0].row.driver} is published in position {position}, "
                f"but the times put {ahead.row.driver} ahead",
                published[0].row.name,
            )
        return published[0], True
    free = [r for r in leaders if r.row.position is None]
    if not free:
        names = ", ".join(r.row.name for r in remaining)
        raise ClassificationConflict(f"no car can take position {position} (left: {names})", remaining[0].row.name)
    return free[0], len(free) == 1


def _ahead_of_unlisted(runner: _Runner, runners: list[_Runner]) -> bool:
    """Results that list only the first cars: could a car not listed be classified ahead of this one?"""
    last = max((r for r in runners if r.laps == runner.laps), key=lambda r: r.flag)
    unlisted = _Runner(last.flag + 1, last.row, runner.laps, last.behind_min, math.inf, 0, 0)
    return runner.ahead_of(unlisted) is True


# --- building rows ------------------------------------------------------------------------------------------


def _classified(placed: _Placed, position: int | None, winner: _Runner | None, season: Season) -> ClassifiedRow:
    runner = placed.runner
    gap: Gap | None
    penalty: tuple[float, float]
    if runner is None:  # a classified retirement
        gap = Gap(laps=winner.laps - placed.laps) if winner and placed.laps < winner.laps else Gap()
        penalty = (0, 0)
    elif winner is None:  # the classified winner is a retirement: no time gap is measured to it
        gap, penalty = Gap(), (runner.penalty_min, runner.penalty_max)
    else:
        gap = None if runner is winner else _gap(runner, winner)
        penalty = (runner.penalty_min, runner.penalty_max)
    return ClassifiedRow(
        driver=placed.row.name,
        team=_team(season, placed.row.name),
        position=position,
        flag_position=_flag_position_of(placed),
        status="classified",
        laps=placed.laps,
        gap=gap,
        penalty_ms=penalty,
        best_lap_ms=placed.row.best_lap,
    )


def _flag_position_of(placed: _Placed) -> int | None:
    return placed.runner.flag_rank + 1 if placed.runner else None


def _gap(runner: _Runner, winner: _Runner) -> Gap:
    if runner.laps != winner.laps:
        return Gap(laps=winner.laps - runner.laps)
    exact = runner.behind_min == runner.behind_max and winner.behind_min == winner.behind_max
    exact = exact and runner.penalty_min == runner.penalty_max and winner.penalty_min == winner.penalty_max
    if not exact:
        return Gap()
    return Gap(ms=int(runner.behind_min + runner.penalty_min - winner.behind_min - winner.penalty_min))


def _status(race: Race, row: ResultRow) -> str:
    if any(p.driver == row.driver and p.kind == "disqualification" for p in race.penalties):
        return "disqualified"
    return row.status


_NON_FINISHER_ORDER = {"retired": 0, "not_started": 1, "disqualified": 2}


def _order_non_finishers(race: Race, classified: list[_Placed]) -> list[ResultRow]:
    taken = {id(p.row) for p in classified}
    rows = [r for r in race.results if _status(race, r) != "finished" and id(r) not in taken]
    return sorted(rows, key=lambda r: (_NON_FINISHER_ORDER[_status(race, r)], -(r.laps or 0)))


def _unclassified(race: Race, row: ResultRow, season: Season, status: str | None = None) -> ClassifiedRow:
    return ClassifiedRow(
        driver=row.name,
        team=_team(season, row.name),
        position=None,
        flag_position=_flag_position(race, row),
        status=status or _status(race, row),
        # a car that took the flag (disqualified after it, or not classified) covered the race's laps
        laps=row.laps if row.laps is not None else (race.laps if status or row.status == "finished" else 0),
        gap=None,
        best_lap_ms=row.best_lap,
    )


def _flag_position(race: Race, row: ResultRow) -> int | None:
    """Place at the flag among the cars that took it; None for the others."""
    flagged = [r for r in race.results if r.status == "finished"]
    return next((i + 1 for i, r in enumerate(flagged) if r is row), None)


def _team(season: Season, driver: str) -> str:
    entry: Entry | None = season.entry(driver)
    return entry.team if entry else ""
