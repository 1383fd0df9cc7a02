"""Load, validate and compute: the first stage of every command and front end.

A season is checked as a whole, but it is built round by round: `season_states` says which rounds
are ready (their files hold no error, and the earlier rounds whose results their standings count
are valid) and why each other one is not. `load_and_compute` wants every season whole;
`computed_seasons` computes each over the rounds whose results hold; `find_round` and
`ready_round` find one round by its id.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .classify import ClassificationConflict
from .compute import SeasonResults, compute_season
from .errors import DataError, Location, Problem, UsageError, did_you_mean, unknown_round
from .schema import PRE_EVENT, REPORT, ROUND_FILE, ROUNDS_DIR, LoadedRound, LoadedSeason, SeasonSurvey, prose_kind, survey_seasons

# Every season loaded, with its computed tables: what the stages after loading work from.
Computed = list[tuple[LoadedSeason, SeasonResults]]


@dataclass(frozen=True)
class SeasonState:
    """One season as far as it can be built."""

    folder: Path
    loaded: LoadedSeason | None  # its rounds: those the computation counts on (valid data, in order)
    results: SeasonResults | None  # None when the season itself is not valid
    problems: tuple[Problem, ...]  # every error and warning of its files and of its computation
    unready: dict[str, tuple[Problem, ...]]  # round id -> why its race report cannot be built (errors, in file order)
    # round id -> why its pre-event release cannot be built: errors of its data or its pre-event prose
    pre_event_unready: dict[str, tuple[Problem, ...]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def season_errors(self) -> list[Problem]:
        """Errors of the season's own files (or of its calendar as a whole): nothing of it builds."""
        return [p for p in self.errors if _round_of(self.folder, p) is None]

    @property
    def computed(self) -> tuple[LoadedSeason, SeasonResults] | None:
        """The season and its tables; None when the season itself is not valid."""
        if self.loaded is None or self.results is None:
            return None
        return self.loaded, self.results

    def valid(self) -> tuple[LoadedSeason, SeasonResults]:
        """The season and its tables, or a DataError with why the season itself is not valid."""
        if self.computed is None:
            raise DataError(self.season_errors or self.errors)
        return self.computed

    def ready(self, round_id: str) -> bool:
        return self.results is not None and round_id in self.results.classifications and round_id not in self.unready


def season_states(path: Path) -> list[SeasonState]:
    """Every season under PATH with what can be built of it; raises only when PATH holds no season."""
    return [_state(survey) for survey in survey_seasons(path)]


def _state(survey: SeasonSurvey) -> SeasonState:
    problems = list(survey.problems)
    loaded = survey.loaded
    own_errors: dict[str, list[Problem]] = {}
    pre_event_errors: dict[str, list[Problem]] = {}
    for p in problems:
        if p.severity == "error" and (folder_id := survey.round_of(p)) is not None:
            kind = prose_kind(p.location.file) if p.location.file else None
            if kind != PRE_EVENT:  # the pre-event's prose never holds back the race report
                own_errors.setdefault(folder_id, []).append(p)
            if kind != REPORT:  # nor the race report's the pre-event
                pre_event_errors.setdefault(folder_id, []).append(p)
    if loaded is None or any(p.severity == "error" and survey.round_of(p) is None for p in problems):
        return SeasonState(survey.folder, loaded, None, tuple(problems), {r: tuple(e) for r, e in own_errors.items()},
                           {r: tuple(e) for r, e in pre_event_errors.items()})
    bad_data = {r for r, errors in own_errors.items() if any(_in_data(survey, p) for p in errors)}
    while True:
        counted, blocked_by = _rounds_counted_on(loaded, bad_data)
        try:
            results = compute_season(loaded.season, [r.round for r in counted])
            break
        except ClassificationConflict as conflict:  # that round's data contradicts itself: it is not ready
            if (conflicted := conflict.round_id) is None:  # compute_season names the round of each conflict
                raise
            problem = Problem(_conflict_location(loaded, conflicted, conflict), str(conflict))
            problems.append(problem)
            own_errors.setdefault(conflicted, []).append(problem)
            pre_event_errors.setdefault(conflicted, []).append(problem)
            bad_data.add(conflicted)
    unready = {r: tuple(sorted(e, key=_in_file_order)) for r, e in own_errors.items()}
    pre_event_unready = {r: tuple(sorted(e, key=_in_file_order)) for r, e in pre_event_errors.items()}
    counted_ids = {r.round.id for r in counted}
    for race_round in loaded.rounds:
        round_id = race_round.round.id
        if round_id not in unready and round_id not in counted_ids and blocked_by is not None and _counts(loaded, round_id):
            unready[round_id] = (Problem(
                Location(race_round.document.path),
                f"not ready: its standings count the results of {blocked_by}, which are not valid (see {blocked_by}'s problems)",
            ),)
            pre_event_unready.setdefault(round_id, unready[round_id])
    return SeasonState(survey.folder, replace(loaded, rounds=tuple(counted)), results, tuple(problems), unready,
                       pre_event_unready)


def _rounds_counted_on(loaded: LoadedSeason, bad_data: set[str]) -> tuple[list[LoadedRound], str | None]:
    """The rounds whose data the computation can use: calendar order, stopping at the first round
    the standings count whose data is not valid (it is returned as the blocker)."""
    counted: list[LoadedRound] = []
    first = _first_counted(loaded)
    calendar = [c.id for c in loaded.season.calendar]
    by_id = {r.round.id: r for r in loaded.rounds}
    for index, round_id in enumerate(calendar):
        if round_id in bad_data:
            if index >= first:
                return counted, round_id
            continue
        if round_id in by_id:
            counted.append(by_id[round_id])
    return counted, None


def _first_counted(loaded: LoadedSeason) -> int:
    """The calendar index of the first round the standings count (a snapshot's round, or the first)."""
    snapshot = loaded.season.snapshot
    calendar = [c.id for c in loaded.season.calendar]
    return calendar.index(snapshot.before) if snapshot and snapshot.before in calendar else 0


def _counts(loaded: LoadedSeason, round_id: str) -> bool:
    calendar = [c.id for c in loaded.season.calendar]
    return round_id in calendar and calendar.index(round_id) >= _first_counted(loaded)


def _in_data(survey: SeasonSurvey, problem: Problem) -> bool:
    """A problem of round.yaml itself (or of the round's folder name): what later rounds depend on."""
    file = problem.location.file
    return file is not None and (file.name == ROUND_FILE or file.parent.name == "rounds")


def _round_of(folder: Path, problem: Problem) -> str | None:
    return SeasonSurvey(folder, None, ()).round_of(problem)


def _in_file_order(problem: Problem) -> tuple[str, int, int, str]:
    loc = problem.location
    return (str(loc.file or ""), loc.line or 0, loc.column or 0, loc.field)


def load_and_compute(path: Path, strict: bool = False) -> Computed:
    """Everything a command needs: validated seasons and their computed tables, or one DataError
    listing every problem of every season."""
    states = season_states(path)
    failing = [p for s in states for p in s.problems if strict or p.severity == "error"]
    if failing:
        raise DataError(failing)
    return _computed(states)


def computed_seasons(path: Path) -> Computed:
    """Each season computed over the rounds whose results hold, for commands that read tables
    (standings, facts): a round still to fill holds back no other. DataError if a season itself
    is not valid."""
    states = season_states(path)
    invalid = [p for s in states if s.results is None for p in (s.season_errors or s.errors)]
    if invalid:
        raise DataError(invalid)
    return _computed(states)


def _computed(states: list[SeasonState]) -> Computed:
    """Every season computed: only once no season is left out for its own errors (a season that
    is not valid has an error of its own, so it never reaches here)."""
    return [computed for s in states if (computed := s.computed) is not None]


def unready_problems(path: Path, round_id: str) -> list[Problem]:
    """Why a round of a season under PATH is not ready (empty when it is, or when there is no such round)."""
    return [p for s in season_states(path) for p in s.unready.get(round_id, ())]


def round_state(path: Path, round_id: str) -> SeasonState:
    """The one season under PATH with a folder for the round, if the season itself is valid."""
    every = season_states(path)
    states = [s for s in every if (s.folder / ROUNDS_DIR / round_id).is_dir()]
    if not states:
        raise unknown_round(round_id, f"under {path}", [r.name for s in every for r in sorted((s.folder / ROUNDS_DIR).glob("*/"))])
    if len(states) > 1:
        raise UsageError(f"{len(states)} seasons under {path} have a round '{round_id}'; give the folder of its season")
    [state] = states
    state.valid()
    return state


def ready_round(path: Path, round_id: str) -> tuple[SeasonState, LoadedRound]:
    """The one season under PATH with a folder for the round, and the round, if it is ready to be
    built; otherwise a DataError with what keeps it back (or a UsageError saying what is there)."""
    state = round_state(path, round_id)
    loaded, results = state.valid()
    if round_id in state.unready:
        raise DataError(list(state.unready[round_id]))
    race_round = loaded.round(round_id)
    if race_round is None or not state.ready(round_id):
        raise UsageError(why_no_results(loaded, results, round_id))
    return state, race_round


def why_no_results(loaded: LoadedSeason, results: SeasonResults, round_id: str, race: int | None = None) -> str:
    """Why the season has no computed results for a round (or a race of it), and what to do: what
    the data establishes, never a list that contradicts the question."""
    season = loaded.season
    calendar = [c.id for c in season.calendar]
    with_results = ", ".join(results.classifications) or "none"
    if round_id not in calendar:
        return f"{season.id}: no round '{round_id}' in the calendar{did_you_mean(round_id, calendar)} (rounds with results: {with_results})"
    snapshot = season.snapshot
    if snapshot and calendar.index(round_id) < calendar.index(snapshot.before):
        return (f"{season.id}: {round_id} comes before the standings snapshot the data starts from "
                f"(season.yaml, snapshot: before {snapshot.before}); results are computed from {snapshot.before} on "
                f"(rounds with results: {with_results}); name one of those")
    if round_id not in results.classifications and (loaded.folder / ROUNDS_DIR / round_id).is_dir():
        return (f"{season.id}: {round_id} has no valid results yet, or follows a round whose results are not valid: "
                f"`pressgen validate` lists the problems (rounds with results: {with_results})")
    if round_id not in results.classifications:
        return (f"{season.id}: {round_id} has no results in the data yet; create it with `pressgen new-round` "
                f"and fill it (`pressgen import-results`) (rounds with results: {with_results})")
    race_round = loaded.round(round_id)
    races = [r.number for r in race_round.round.races] if race_round is not None else []
    return f"{season.id}: {round_id} has no race {race} (its races: {', '.join(map(str, races))})"


def _conflict_location(loaded: LoadedSeason, round_id: str, conflict: ClassificationConflict) -> Location:
    """Point at the published position of the car whose place contradicts the times."""
    race_round = loaded.round(round_id)
    if race_round is None:  # the conflict's round was computed, so it was loaded
        return Location(loaded.document.path)
    for i, race in enumerate(race_round.round.races):
        if race.number == conflict.race:
            for j, row in enumerate(race.results):
                if row.driver == conflict.driver:
                    field = "position" if row.position is not None else "driver"
                    return race_round.document.locate(("races", i, "results", j, field))
    return Location(race_round.document.path)


def find_round(path: Path, round_id: str, season_id: str | None = None, kind: str = REPORT) -> tuple[LoadedSeason, LoadedRound]:
    """The round, if its season's files and its own hold no error (other rounds may be unfinished;
    the prose of the round's other kind of release may be too)."""
    surveys = [s for s in survey_seasons(path) if season_id in (None, s.folder.name)]
    errors = [p for s in surveys if (s.folder / "rounds" / round_id).is_dir()
              for p in s.problems if p.severity == "error" and s.round_of(p) in (None, round_id)
              and (p.location.file is None or prose_kind(p.location.file) in (None, kind))]
    if errors:
        raise DataError(errors)
    candidates = [(s.loaded, r) for s in surveys if s.loaded is not None for r in s.loaded.rounds]
    found = [(loaded, r) for loaded, r in candidates if r.round.id == round_id]
    if not found:
        name = f"{season_id}/{round_id}" if season_id else round_id
        raise unknown_round(name, f"under {path}", [f"{season_id}/{r.round.id}" if season_id else r.round.id for _, r in candidates])
    if len(found) > 1:
        raise UsageError(f"{len(found)} seasons under {path} have a round '{round_id}'; give the folder of its season")
    return found[0]
