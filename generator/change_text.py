"""The change list of a corrected release, in one language: one whole catalog sentence per change,
with named placeholders (ordinals, lap times, gaps and points formatted for the language)."""

from __future__ import annotations

from . import i18n
from .changes import Change, GapChange, Place, PlaceChange, SessionChange, StakesChange, StandingChange, TimedChange


def change_lines(changes: tuple[Change, ...], lang: str) -> list[str]:
    return [_describe(change, lang) for change in changes]


def _describe(change: Change, lang: str) -> str:
    if isinstance(change, PlaceChange):
        return _place(change, lang)
    if isinstance(change, GapChange):
        text = i18n.translations(lang).gettext("Race %(race)s: the gap of %(driver)s to the winner changed from %(old)s to %(new)s.")
        return text % {"race": change.race, "driver": change.driver, "old": i18n.format_gap(change.old, lang), "new": i18n.format_gap(change.new, lang)}
    if isinstance(change, TimedChange):
        return _timed(change, lang)
    if isinstance(change, SessionChange):
        return _session(change, lang)
    if isinstance(change, StakesChange):
        return i18n.translations(lang).gettext("%(title)s: what is at stake has changed.") % {"title": change.table.name(lang)}
    return _standing(change, lang)


def _place(change: PlaceChange, lang: str) -> str:
    t = i18n.translations(lang)
    old, new = change.old, change.new
    values = {"race": change.race, "driver": change.driver}
    if old.position is not None:
        values["old"] = i18n.format_ordinal(old.position, lang)
    if new.position is not None:
        values["new"] = i18n.format_ordinal(new.position, lang)
    if old.position is not None and new.position is not None:
        text = t.gettext("Race %(race)s: %(driver)s moved from %(old)s to %(new)s.")
    elif new.position is not None:
        text = t.gettext("Race %(race)s: %(driver)s is now classified %(new)s.")
    elif _unestablished(new) and old.position is not None:
        text = t.gettext("Race %(race)s: %(driver)s is no longer %(old)s; the published results do not establish the new position.")
    else:
        text = _new_status(new, t)
    return text % values


def _unestablished(place: Place) -> bool:
    return place.position is None and place.status == "classified"


def _new_status(place: Place, t) -> str:
    """A driver now without a position, said from the new state (the old one was in the table)."""
    if _unestablished(place):
        return t.gettext("Race %(race)s: %(driver)s is now classified, at a position the published results do not establish.")
    return {
        "not_classified": t.gettext("Race %(race)s: %(driver)s is now not classified."),
        "retired": t.gettext("Race %(race)s: %(driver)s is now listed as retired."),
        "not_started": t.gettext("Race %(race)s: %(driver)s is now listed as a non-starter."),
        "disqualified": t.gettext("Race %(race)s: %(driver)s is now disqualified."),
    }.get(place.status) or t.gettext("Race %(race)s: %(driver)s is no longer in the results.")


def _timed(change: TimedChange, lang: str) -> str:
    """Pole or fastest lap: another holder (or none), or the same holder with another time."""
    old, new = change.old, change.new
    values: dict[str, object] = {"race": change.race}
    if new is not None:
        values["driver"] = new.driver
    if old is not None:
        values["old_driver"] = old.driver
        if old.ms is not None:
            values["old"] = i18n.format_laptime(old.ms, lang)
    if new is not None and new.ms is not None:
        values["new"] = i18n.format_laptime(new.ms, lang)
    return _timed_messages(i18n.translations(lang))[change.kind, _timed_case(old, new)] % values


def _timed_case(old, new) -> str:
    if new is None:
        return "withdrawn"
    if old is None:
        return "given"
    if old.driver != new.driver:
        return "holder"
    if old.ms is None:
        return "time given"
    return "time withdrawn" if new.ms is None else "time"


def _timed_messages(t) -> dict[tuple[str, str], str]:
    return {
        ("pole", "withdrawn"): t.gettext("Race %(race)s: no pole position is given any more (previously %(old_driver)s)."),
        ("fastest_lap", "withdrawn"): t.gettext("Race %(race)s: no fastest lap is given any more (previously %(old_driver)s)."),
        ("pole", "given"): t.gettext("Race %(race)s: pole position now goes to %(driver)s."),
        ("fastest_lap", "given"): t.gettext("Race %(race)s: the fastest lap now goes to %(driver)s."),
        ("pole", "holder"): t.gettext("Race %(race)s: pole position now goes to %(driver)s (previously %(old_driver)s)."),
        ("fastest_lap", "holder"): t.gettext("Race %(race)s: the fastest lap now goes to %(driver)s (previously %(old_driver)s)."),
        ("pole", "time given"): t.gettext("Race %(race)s: the pole time is now given: %(new)s."),
        ("fastest_lap", "time given"): t.gettext("Race %(race)s: the fastest lap time is now given: %(new)s."),
        ("pole", "time withdrawn"): t.gettext("Race %(race)s: the pole time is no longer given (previously %(old)s)."),
        ("fastest_lap", "time withdrawn"): t.gettext("Race %(race)s: the fastest lap time is no longer given (previously %(old)s)."),
        ("pole", "time"): t.gettext("Race %(race)s: the pole time changed from %(old)s to %(new)s."),
        ("fastest_lap", "time"): t.gettext("Race %(race)s: the fastest lap time changed from %(old)s to %(new)s."),
    }


def _standing(change: StandingChange, lang: str) -> str:
    t = i18n.translations(lang)
    old, new = change.old, change.new
    table = change.table.name(lang) if change.table else t.gettext("Standings")
    if new is None:
        return t.gettext("%(table)s: %(driver)s is no longer listed.") % {"table": table, "driver": change.driver}
    values = {"table": table, "driver": change.driver, "new": i18n.format_ordinal(new.position, lang)}
    count = i18n.plural_count(new.points)
    if new.points is not None:
        values["points"] = i18n.format_number(new.points, lang)
    if old is None:
        if new.points is None:
            return t.gettext("%(table)s: %(driver)s is now listed %(new)s.") % values
        return t.ngettext("%(table)s: %(driver)s is now listed %(new)s, with %(points)s point.",
                          "%(table)s: %(driver)s is now listed %(new)s, with %(points)s points.", count) % values
    values["old"] = i18n.format_ordinal(old.position, lang)
    points_changed = old.points is not None and new.points is not None and old.points != new.points
    if points_changed and old.points is not None:
        values["old_points"] = i18n.format_number(old.points, lang)
    if points_changed and old.position != new.position:
        return t.ngettext("%(table)s: %(driver)s moved from %(old)s to %(new)s, with %(points)s point (previously %(old_points)s).",
                          "%(table)s: %(driver)s moved from %(old)s to %(new)s, with %(points)s points (previously %(old_points)s).", count) % values
    if points_changed:
        return t.ngettext("%(table)s: %(driver)s now has %(points)s point (previously %(old_points)s).",
                          "%(table)s: %(driver)s now has %(points)s points (previously %(old_points)s).", count) % values
    if old.points is not None and new.points is None:
        values["old_points"] = i18n.format_number(old.points, lang)
        return t.gettext("%(table)s: the total of %(driver)s is no longer established (previously %(old_points)s).") % values
    if old.points is None and new.points is not None:
        return t.ngettext("%(table)s: the total of %(driver)s is now established: %(points)s point.",
                          "%(table)s: the total of %(driver)s is now established: %(points)s points.", count) % values
    return t.gettext("%(table)s: %(driver)s moved from %(old)s to %(new)s.") % values


def _session(change: SessionChange, lang: str) -> str:
    t = i18n.translations(lang)
    values = {"session": change.names.get(lang) or next(iter(change.names.values()))}
    if change.new is None:
        return t.gettext("Schedule: %(session)s is no longer listed.") % values
    values |= {"day": i18n.format_session_day(change.new, lang), "time": i18n.format_session_time(change.new, lang)}
    if change.old is None:
        return t.gettext("Schedule: %(session)s is added, on %(day)s at %(time)s.") % values
    values |= {"old_day": i18n.format_session_day(change.old, lang), "old_time": i18n.format_session_time(change.old, lang)}
    return t.gettext("Schedule: %(session)s now starts on %(day)s at %(time)s (previously %(old_day)s at %(old_time)s).") % values
