"""Pure: what changed in a round's tables between two publications: each driver's place and gap
in each race, pole and fastest lap, and the standings after the round. Typed changes, compared
on the computed tables (never on the YAML text); change_text.py words them per language.

Only what a reader sees change is listed: a row whose own values changed (status, laps, gap,
penalty; points in the standings), and a place that moved otherwise than by the shift those rows
cause (a driver penalised from 5th moves everyone behind up one place: that is his change, not
theirs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .classify import Classification, ClassifiedRow, Gap, Timed
from .compute import SeasonResults
from .standings import Standings, StandingsRow


@dataclass(frozen=True)
class Place:
    """Where a driver stands in a race: a position, or none (with the reason in `status`)."""

    position: int | None  # None with status "classified": the data does not establish it
    status: str  # classified | not_classified | retired | not_started | disqualified | absent

    @classmethod
    def of(cls, row: ClassifiedRow | None) -> Place:
        return cls(None, "absent") if row is None else cls(row.position, row.status)


@dataclass(frozen=True)
class PlaceChange:
    race: int
    driver: str
    old: Place
    new: Place


@dataclass(frozen=True)
class GapChange:
    """The gap to the winner, known in both versions, of a driver at an established position in both."""

    race: int
    driver: str
    old: ClassifiedRow
    new: ClassifiedRow


TimedKind = Literal["pole", "fastest_lap"]


@dataclass(frozen=True)
class TimedChange:
    """Pole position or fastest lap: a different holder, or a different time."""

    race: int
    kind: TimedKind
    old: Timed | None
    new: Timed | None


@dataclass(frozen=True)
class StandingChange:
    """A row of a standings table: position or points changed, or it appeared or left."""

    driver: str  # the competitor: a driver, or a team
    old: StandingsRow | None
    new: StandingsRow | None
    table: TableLabel | None = None  # None: the drivers' standings after the round (the race report's)


@dataclass(frozen=True)
class TableLabel:
    """Which table a change is in, as the release names it in each language."""

    names: Mapping[str, str]  # language -> heading

    def name(self, lang: str) -> str:
        return self.names.get(lang) or next(iter(self.names.values()))


@dataclass(frozen=True)
class SessionChange:
    """A session of the schedule added, removed or moved (the pre-event release)."""

    names: Mapping[str, str]  # language -> session name
    old: dt.datetime | None
    new: dt.datetime | None


@dataclass(frozen=True)
class StakesChange:
    """What the pre-event release says is at stake for a title changed."""

    table: TableLabel


Change = PlaceChange | GapChange | TimedChange | StandingChange | SessionChange | StakesChange


@dataclass(frozen=True)
class RoundTables:
    """The tables a release of one round prints, in full (not cut to the rows shown)."""

    classifications: tuple[Classification, ...]
    standings: Standings


@dataclass(frozen=True)
class Correction:
    """A published version that replaces earlier ones. `changes`: since the first version (what a
    reader of any earlier version needs); `latest`: since the previous one (the archive's record).
    `text_changed` / `latest_text_changed`: the languages whose text changed, alike. With no
    table changed, the notice says the text was corrected only in those languages; elsewhere,
    that other details of the data were (a gap the release does not print, the circuit's name).
    None: not known (a version recorded before pressgen kept it), read as changed."""

    version: int
    date: dt.date
    previous_date: dt.date
    changes: tuple[Change, ...] = ()
    first_date: dt.date | None = None  # of version 1; None: the previous version is the first
    latest: tuple[Change, ...] | None = None  # None: the same as `changes` (version 2)
    text_changed: frozenset[str] | None = None
    latest_text_changed: frozenset[str] | None = None  # None: the same as `text_changed`

    @property
    def since_previous(self) -> tuple[Change, ...]:
        return self.changes if self.latest is None else self.latest

    @property
    def text_changed_since_previous(self) -> frozenset[str] | None:
        return self.text_changed if self.latest_text_changed is None else self.latest_text_changed

    def text_corrected(self, lang: str) -> bool:
        """Whether the notice may say that this language's text was corrected."""
        return self.text_changed is None or lang in self.text_changed

    def embargo(self, embargo: dt.datetime | None) -> dt.datetime | None:
        """The embargo this version carries: the round's, unless it lifted before the day this
        version is published (a correction sent after it never repeats an embargo long past)."""
        return None if embargo is None or embargo.date() < self.date else embargo


def text_languages(old: Mapping[str, Any], new: Mapping[str, Any]) -> frozenset[str]:
    """The languages whose text differs between two versions' prose (language -> a prose model
    with `units()`): a unit's text changed, added or removed, or the language itself added or
    removed. Fingerprints and recorded source texts are not text a reader sees."""
    return frozenset(lang for lang in old.keys() | new.keys()
                     if lang not in old or lang not in new or old[lang].units() != new[lang].units())


def round_tables(results: SeasonResults, round_id: str) -> RoundTables:
    return RoundTables(results.classifications[round_id], results.standings(round_id))


def table_changes(old: RoundTables, new: RoundTables) -> tuple[Change, ...]:
    """Race by race (classification, then pole, then fastest lap), then the standings."""
    changes: list[Change] = []
    old_races = {c.race: c for c in old.classifications}
    new_races = {c.race: c for c in new.classifications}
    for race in sorted(old_races.keys() | new_races.keys()):
        before, after = old_races.get(race), new_races.get(race)
        changes += classification_changes(race, before, after)
        changes += _timed_change(race, "pole", before.pole if before else None, after.pole if after else None)
        changes += _timed_change(race, "fastest_lap", before.fastest_lap if before else None,
                                 after.fastest_lap if after else None)
    return tuple(changes + standings_changes(old.standings, new.standings))


def classification_changes(race: int, old: Classification | None, new: Classification | None) -> list[Change]:
    old_rows = {r.driver: r for r in (old.rows if old else ())}
    new_rows = {r.driver: r for r in (new.rows if new else ())}
    own = {d for d in old_rows.keys() | new_rows.keys() if _row_values(old_rows.get(d)) != _row_values(new_rows.get(d))}
    shifted = _shifted_only(_placed(old_rows), _placed(new_rows), own)
    changes: list[Change] = []
    for driver in _drivers_in_order(new_rows, old_rows):
        before, after = old_rows.get(driver), new_rows.get(driver)
        if Place.of(before) != Place.of(after) and driver not in shifted:
            changes.append(PlaceChange(race, driver, Place.of(before), Place.of(after)))
        if before is None or after is None or before.position is None or after.position is None:
            continue  # a gap changes only between two placed rows
        if _known(before.gap) and _known(after.gap) and before.gap != after.gap:
            changes.append(GapChange(race, driver, before, after))
    return changes


def _row_values(row: ClassifiedRow | None) -> tuple[object, ...] | None:
    """What a race row says of its driver besides the place it ends up at."""
    return None if row is None else (row.status, row.laps, row.gap, row.penalty_ms, row.position is None)


def _placed(rows: dict[str, ClassifiedRow]) -> list[str]:
    return [driver for driver, row in sorted(rows.items(), key=lambda item: item[1].position or 0) if row.position is not None]


def _shifted_only(old_order: list[str], new_order: list[str], own: set[str]) -> set[str]:
    """The drivers whose place changed only because rows with changes of their own moved: among
    the other rows, each keeps its rank."""
    old_rest = [d for d in old_order if d not in own and d in new_order]
    new_rest = [d for d in new_order if d not in own and d in old_order]
    return {driver for driver, other in zip(old_rest, new_rest, strict=True) if driver == other}  # the same drivers, each order


def _known(gap: Gap | None) -> bool:
    """A gap the table prints as a value (not the winner's, not an unpublished one)."""
    return gap is not None and (gap.laps > 0 or gap.ms is not None)


def _timed_change(race: int, kind: TimedKind, old: Timed | None, new: Timed | None) -> list[Change]:
    def key(timed: Timed | None) -> tuple[str, int | None] | None:
        return None if timed is None else (timed.driver, timed.ms)

    return [TimedChange(race, kind, old, new)] if key(old) != key(new) else []


def standings_changes(old: Standings, new: Standings, table: TableLabel | None = None) -> list[Change]:
    old_rows = {r.competitor: r for r in old.rows}
    new_rows = {r.competitor: r for r in new.rows}
    own = {d for d in old_rows.keys() | new_rows.keys() if _points(old_rows.get(d)) != _points(new_rows.get(d))}
    shifted = _shifted_only(list(old_rows), list(new_rows), own)
    return [
        StandingChange(driver, old_rows.get(driver), new_rows.get(driver), table)
        for driver in _drivers_in_order(new_rows, old_rows)
        if _standing_key(old_rows.get(driver)) != _standing_key(new_rows.get(driver)) and driver not in shifted
    ]


def _points(row: StandingsRow | None) -> tuple[object, ...]:
    return ("absent",) if row is None else (row.points,)


def _standing_key(row: StandingsRow | None) -> tuple[int, float | None] | None:
    return None if row is None else (row.position, row.points)


def _drivers_in_order(new_rows: Mapping[str, object], old_rows: Mapping[str, object]) -> list[str]:
    """In the new table's order, then the drivers only the old one had."""
    return list(new_rows) + [driver for driver in old_rows if driver not in new_rows]
