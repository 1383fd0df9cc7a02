"""The pre-event release, planned and put in its view model: which rounds have one to build, the
round as it presents it (its own date and embargo) and its ReleaseContext (view.py) with the
pre-event part (pre_event.py); plan.py plans it and write.py renders and writes it like any release."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from . import languages
from .changes import Change, Correction, SessionChange, StakesChange, TableLabel, standings_changes, text_languages
from .compute import SeasonResults
from .errors import DataError, UsageError, unknown_round
from .facts import tables
from .load import Computed, SeasonState, round_state, season_states
from .model import Prose, Round, Season, Session
from .pre_event import pre_event_view, stakes_of, table_heading, tables_before
from .published import PublishedVersion
from .schema import PRE_EVENT, LoadedRound, LoadedSeason, prose_file_name, written
from .standings import Standings
from .view import DraftMarks, LanguageLink, ReleaseContext
from .view import release_context as report_context


def requested_rounds(loaded: LoadedSeason, results: SeasonResults, round_id: str | None) -> list[LoadedRound]:
    """The rounds asked for whose pre-event prose is written in the source language and whose
    standings before them are in the data (not before a snapshot's round)."""
    return [r for r in loaded.rounds if round_id in (None, r.round.id) and has_pre_event(loaded, r) and _standings_known(results, r.round.id)]


def has_pre_event(loaded: LoadedSeason, race_round: LoadedRound) -> bool:
    """The source language's pre-event prose holds text (whether or not it validates)."""
    folder = race_round.document.path.parent
    return written(folder / prose_file_name(PRE_EVENT, loaded.season.languages[0]))


def _standings_known(results: SeasonResults, round_id: str) -> bool:
    season = results.season
    order = [c.id for c in season.calendar]
    return round_id in order and (season.snapshot is None or order.index(round_id) >= order.index(season.snapshot.before))


def as_published(race_round: Round, correction: Correction | None) -> Round:
    """The round as its pre-event release presents it: dated and embargoed as the pre-event
    (schema.py refuses pre-event prose without `pre_event:`), a correction's embargo lifted once past."""
    if race_round.pre_event is None:
        raise ValueError(f"{race_round.id}: no pre_event in round.yaml")
    embargo = race_round.pre_event.embargo
    if correction is not None:
        embargo = correction.embargo(embargo)
    return race_round.model_copy(update={"release_date": race_round.pre_event.release_date, "embargo": embargo})


def release_context(lang: str, loaded: LoadedSeason, race_round: Round, prose: Prose, results: SeasonResults,
                    links: tuple[LanguageLink, ...], logo: str | None, marks: DraftMarks) -> ReleaseContext:
    """The race report's view model without races, decisions, photos or chart, with the pre-event part."""
    season = loaded.season
    no_standings = Standings(None, (), True)  # the pre-event part shows the standings before the round, every table
    context = report_context(lang, season, race_round, prose, (), no_standings, links, logo)
    view = pre_event_view(lang, season, race_round.schedule, results, race_round.id, season.languages[0])
    return replace(context, standings=(), standings_cut=False, chart=None, chart_narrow=None, decisions=(),
                   draft=marks, kind=PRE_EVENT, pre_event=view)


def nothing_to_build(computed: Computed, round_id: str | None) -> UsageError:
    """Why no pre-event release can be built, and what to write."""
    if round_id is None:
        return UsageError("no round has a pre-event release to build: write rounds/<round-id>/pre-event.<lang>.yaml "
                          "(`pressgen new-round` creates it with a new round)")
    for loaded, _ in computed:
        race_round = loaded.round(round_id)
        if race_round is None:
            continue
        source = race_round.document.path.parent / prose_file_name(PRE_EVENT, loaded.season.languages[0])
        if not source.is_file():
            return UsageError(f"{source}: missing: the pre-event release of {round_id} needs its {loaded.season.languages[0]} prose")
        if not written(source):
            return UsageError(f"{source}: not written yet (only comments): write its headline and text, "
                              f"then build the pre-event release of {round_id}")
        return UsageError(f"{loaded.season.id}: {round_id} comes before the standings snapshot the data starts from "
                          f"(season.yaml, snapshot: before {loaded.season.snapshot.before if loaded.season.snapshot else '?'}): "
                          "the standings before it are not in the data")
    rounds = sorted({r.round.id for loaded, _ in computed for r in loaded.rounds})
    return unknown_round(round_id, "with valid data", rounds)


# --- publishing (pressgen publish --kind pre-event) -------------------------------------------------


def ready_pre_event(path: Path, round_id: str) -> tuple[SeasonState, LoadedRound]:
    """The one season under PATH with the round, and the round, if its pre-event release can be
    built: its data and pre-event prose hold no error, its source prose is written, the earlier
    rounds it counts are valid. Otherwise a DataError or UsageError saying what keeps it back."""
    state = round_state(path, round_id)
    loaded, results = state.valid()
    if round_id in state.pre_event_unready:
        raise DataError(list(state.pre_event_unready[round_id]))
    race_round = loaded.round(round_id)
    if race_round is None or not requested_rounds(loaded, results, round_id):
        raise nothing_to_build([(loaded, results)], round_id)
    return state, race_round


def pre_event_correction(versions: list[PublishedVersion], loaded: LoadedSeason, results: SeasonResults, round_id: str,
                         date: dt.date) -> Correction | None:
    """A new version of a pre-event release when what its inputs say changed (comments and layout
    aside): its notice lists what changed in the tables it prints (each standings table before the
    round, the schedule, what is at stake) since version 1, or says that only the text changed."""
    first, previous = versions[0], versions[-1]
    old_loaded, old_results = _archived(previous)
    if _content(old_loaded, round_id) == _content(loaded, round_id):
        return None
    latest = pre_event_changes(old_loaded, old_results, loaded, results, round_id)
    text_latest = text_languages(_pre_event_prose(old_loaded, round_id), _pre_event_prose(loaded, round_id))
    if first is previous:
        return Correction(previous.version + 1, date, previous.date, latest, text_changed=text_latest)
    first_loaded, first_results = _archived(first)
    since_first = pre_event_changes(first_loaded, first_results, loaded, results, round_id)
    text_since_first = text_languages(_pre_event_prose(first_loaded, round_id), _pre_event_prose(loaded, round_id))
    return Correction(previous.version + 1, date, previous.date, since_first, first.date, latest, text_since_first, text_latest)


def _pre_event_prose(loaded: LoadedSeason, round_id: str) -> dict:
    own = loaded.round(round_id)
    return dict(own.pre_event) if own else {}


def pre_event_changes(old_loaded: LoadedSeason, old: SeasonResults, new_loaded: LoadedSeason, new: SeasonResults,
                      round_id: str) -> tuple[Change, ...]:
    """Table by table as the release prints them: the schedule, what is at stake per title, then
    each standings table before the round."""
    season = new.season
    changes: list[Change] = _schedule_changes(_schedule(old_loaded, round_id), _schedule(new_loaded, round_id))
    old_stakes, new_stakes = _stakes_by_title(old, round_id), _stakes_by_title(new, round_id)
    for name, _ in tables(season):
        if old_stakes.get(name) != new_stakes.get(name):
            changes.append(StakesChange(_label(name, season, "title")))
    old_tables = dict(tables_before(old, round_id))
    for name, standings in tables_before(new, round_id):
        before = old_tables.get(name, Standings(None, (), True))
        changes += standings_changes(before, standings, None if name == "drivers" else _label(name, season, "standings"))
    return tuple(changes)


def _label(name: str, season: Season, what: str) -> TableLabel:
    return TableLabel({lang: table_heading(name, season, lang, what) for lang in languages.codes()})


def _schedule(loaded: LoadedSeason, round_id: str) -> tuple[Session, ...]:
    own = loaded.round(round_id)
    return own.round.schedule if own else ()


def _schedule_changes(old: tuple[Session, ...], new: tuple[Session, ...]) -> list[Change]:
    """Sessions matched by their names: added, removed, or moved."""
    def key(session: Session) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(session.name.items()))
    before = {key(s): s for s in old}
    after = {key(s): s for s in new}
    changes: list[Change] = [SessionChange(s.name, before[k].start if k in before else None, s.start)
                             for k, s in after.items() if k not in before or before[k].start != s.start]
    return changes + [SessionChange(s.name, s.start, None) for k, s in before.items() if k not in after]


def _stakes_by_title(results: SeasonResults, round_id: str) -> dict[str, object]:
    stakes = stakes_of(results, round_id)
    if stakes is None:
        return {}
    found: dict[str, object] = {title.table: title.as_json() for title in stakes.titles}
    return found | {table: holder for table, holder in stakes.decided}


def _archived(version: PublishedVersion) -> tuple[LoadedSeason, SeasonResults]:
    """A published version's inputs, loaded and computed (the round's race report, not yet
    written then, may hold errors: they are not the pre-event release's)."""
    [state] = season_states(version.inputs)
    return state.valid()


def _content(loaded: LoadedSeason, round_id: str):
    """What a pre-event release says, as data: the season, the rounds before it and its own data and prose."""
    ids = [r.round.id for r in loaded.rounds]
    rounds = loaded.rounds[: ids.index(round_id) + 1] if round_id in ids else loaded.rounds
    own = loaded.round(round_id)
    return loaded.season, [r.round for r in rounds], own.pre_event if own else None
