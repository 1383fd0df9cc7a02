"""The pre-event release: what a round's release published before the weekend shows besides its
prose. The weekend's schedule, the standings before the round (drivers, each category, teams) and
what is at stake in it, as sentences in the release's language from the catalogs, each one a
statement the stakes engine (stakes.py) proves; nothing the data does not prove is said.

Pure but for the catalogs: the view model's pre-event part (view.py holds the rest)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import i18n
from .compute import SeasonResults, TableNotInData
from .facts import tables
from .model import Category, Season, Session
from .stakes import Condition, Horizon, Places, RoundStakes, StakesError, TitleStakes, round_stakes
from .standings import Standings, StandingsRow

# Conditions the release can state as a sentence; a "points" condition (dropped rounds: a rule per
# number of points the holder scores) is too long to read, and the release says less instead.
STATED = ("not_outscored", "outscore", "reach")


@dataclass(frozen=True)
class SessionView:
    name: str  # in the release's language
    start: dt.datetime  # with the event's own offset


@dataclass(frozen=True)
class TableView:
    """One standings table before the round, as the pre-event release shows it."""

    heading: str
    column: str  # what a row names: a driver (drivers, a category) or a team
    rows: tuple[StandingsRow, ...]
    cut: bool  # more competitors than shown


@dataclass(frozen=True)
class StakesView:
    """What is at stake for one title: a heading and its proven sentences."""

    heading: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class PreEventView:
    schedule: tuple[SessionView, ...]
    standings: tuple[TableView, ...]
    stakes: tuple[StakesView, ...]


def pre_event_view(lang: str, season: Season, schedule: tuple[Session, ...], results: SeasonResults, round_id: str,
                   source_lang: str) -> PreEventView:
    return PreEventView(
        tuple(SessionView(s.name.get(lang) or s.name.get(source_lang) or next(iter(s.name.values())), s.start) for s in schedule),
        standings_before(results, round_id, lang),
        stakes_views(stakes_of(results, round_id), season, lang, opening=not standings_before(results, round_id, lang)),
    )


# --- the standings before the round ---------------------------------------------------------------


def standings_before(results: SeasonResults, round_id: str, lang: str) -> tuple[TableView, ...]:
    """Drivers, each category, teams, after the last race before the round (the snapshot's rows
    when the data starts at the round); a table the data does not hold, or an empty one, is left out."""
    season = results.season
    shown = season.release.standings_rows
    views = []
    t = i18n.translations(lang)
    for name, standings in tables_before(results, round_id):
        rows = standings.shown(shown)
        column = t.gettext("Team") if name == "teams" else t.gettext("Driver")
        views.append(TableView(table_heading(name, season, lang, "standings"), column, rows,
                               len(standings.rows) > len(rows) or not standings.complete))
    return tuple(views)


def tables_before(results: SeasonResults, round_id: str) -> list[tuple[str, Standings]]:
    """Each table the pre-event release prints, in full, with its name (drivers, a category id, teams)."""
    season = results.season
    order = [r.id for r in season.calendar]
    races_before = sum(1 for item in results.races if order.index(item.round_id) < order.index(round_id))
    found = []
    for name, table in tables(season):
        try:
            history = results.table_history(table)
        except TableNotInData:
            continue
        standings = history[races_before]
        if standings.rows and (standings.after is not None or season.snapshot is not None):
            found.append((name, standings))  # else no race run yet
    return found


def table_heading(name: str, season: Season, lang: str, what: str) -> str:
    t = i18n.translations(lang)
    category = season.category(name)
    if what == "standings":
        if name == "drivers":
            return t.gettext("Drivers' standings")
        if name == "teams":
            return t.gettext("Teams' standings")
        return t.gettext("%(category)s standings") % {"category": _category_name(category, season, lang)}
    if name == "drivers":
        return t.gettext("Drivers' title")
    if name == "teams":
        return t.gettext("Teams' title")
    return t.gettext("%(category)s title") % {"category": _category_name(category, season, lang)}


def _category_name(category: Category | None, season: Season, lang: str) -> str:
    if category is None:
        raise ValueError("a category table without its category")
    name: str = category.name.get(lang) or category.name.get(season.languages[0]) or next(iter(category.name.values()))
    return name


# --- the stakes -------------------------------------------------------------------------------------

# (id of the results, round) -> (those results, the stakes). Each entry holds its results alive, so
# their id cannot be given to newer results (a preview or studio session reloads the season after
# every edit) while the entry stands: a lookup never returns the stakes of other results.
_STAKES: dict[tuple[int, str], tuple[SeasonResults, RoundStakes | None]] = {}


def stakes_of(results: SeasonResults, round_id: str) -> RoundStakes | None:
    """The round's stakes, computed once per season's results whatever the languages and however
    often the build asks (lint, then each language's release); None when the standings before the
    round are not in the data."""
    key = (id(results), round_id)
    if key not in _STAKES:
        try:
            stakes = round_stakes(results, round_id)
        except StakesError:
            stakes = None
        _STAKES[key] = (results, stakes)
        if len(_STAKES) > 64:  # a long preview session: keep the memory bounded
            _STAKES.pop(next(iter(_STAKES)))
    return _STAKES[key][1]


def stakes_views(stakes: RoundStakes | None, season: Season, lang: str, opening: bool = False) -> tuple[StakesView, ...]:
    """`opening`: no race is run before the round (nobody leads yet)."""
    if stakes is None:
        return ()
    t = i18n.translations(lang)
    order = [name for name, _ in tables(season)]
    views: list[tuple[int, StakesView]] = []
    for name, holder in stakes.decided:
        views.append((order.index(name), StakesView(table_heading(name, season, lang, "title"),
                                                    (t.gettext("%(holder)s has already won the title.") % {"holder": holder},))))
    for title in stakes.titles:
        sentences = title_sentences(title, lang, opening, places=_places_are_overall(title.table, season))
        if sentences:
            views.append((order.index(title.table), StakesView(table_heading(title.table, season, lang, "title"), sentences)))
    return tuple(view for _, view in sorted(views, key=lambda pair: pair[0]))


def _places_are_overall(table: str, season: Season) -> bool:
    """The table's finishing combinations name places in the race (a car's own place): not so for
    teams (several cars) or a category ranked on its own order (places among its members)."""
    category = season.category(table)
    return table != "teams" and (category is None or category.scoring != "own")


def title_sentences(title: TitleStakes, lang: str, opening: bool = False, places: bool = False) -> tuple[str, ...]:
    """The proven sentences of one open title: the leader, who can still catch them, when the
    title can be decided and on what conditions. Nothing when the data proves nothing; before the
    season's first race, only whether the title can be decided. `places`: the finishing
    combinations that realize a lone condition may be stated (see combination_sentence)."""
    t = i18n.translations(lang)
    if title.leader is None or title.leader_points is None or (title.note and not title.contenders):
        return ()
    if opening:
        return (t.gettext("The title cannot be decided this weekend."),) if title.earliest_race is None else ()
    sentences = [t.gettext("%(leader)s leads with %(points)s.") % {"leader": title.leader,
                                                                     "points": i18n.format_points(title.leader_points, lang)}]
    rivals = title.contenders[1:]
    if rivals:
        names = i18n.format_list([t.gettext("%(name)s (%(points)s at most)") % {
            "name": c.competitor, "points": i18n.format_points(c.most_points, lang)} for c in rivals], lang)
        sentences.append(t.ngettext("%(names)s can still catch %(leader)s.", "%(names)s can still catch %(leader)s.",
                                    len(rivals)) % {"names": names, "leader": title.leader})
    if title.earliest_race is None:
        sentences.append(t.gettext("The title cannot be decided this weekend."))
        return tuple(sentences)
    sentences.append(t.gettext("The title can be decided as early as race %(race)s.") % {"race": title.earliest_race})
    for horizon in title.horizons:
        sentences += horizon_sentences(horizon, lang, places)
    return tuple(sentences)


def horizon_sentences(horizon: Horizon, lang: str, places: bool = False) -> list[str]:
    t = i18n.translations(lang)
    if horizon.certain:
        return [t.gettext("After race %(race)s, %(holder)s wins the title whatever the results.")
                % {"race": horizon.race, "holder": horizon.certain}]
    sentences = []
    for holder in horizon.holders:
        conditions = [c for c in horizon.conditions if c.holder == holder]
        if len(conditions) == 1 and conditions[0].kind in STATED:
            sentences += condition_sentences(conditions[0], lang)
            if places and (combinations := combination_sentence(conditions[0], lang)):
                sentences.append(combinations)
        elif conditions and all(c.kind in STATED for c in conditions):  # each is needed: their conjunction is exact
            items = "; ".join(_condition_item(c, lang) for c in conditions)
            sentences.append(t.gettext("After race %(race)s, %(holder)s wins the title if all of these hold in the round: %(conditions)s.")
                             % {"race": horizon.race, "holder": holder, "conditions": items})
            sentences += [note for c in conditions if (note := _countback_note(c, lang))]
        else:  # the exact rule is not stated: only that the title can be won then
            sentences.append(t.gettext("%(holder)s can win the title after race %(race)s.") % {"holder": holder, "race": horizon.race})
    return sentences


def condition_sentences(condition: Condition, lang: str) -> list[str]:
    """One proven condition, and the countback note that makes it exact when a tie is possible."""
    t = i18n.translations(lang)
    margin = condition.margin or 0
    values = {"race": condition.race, "holder": condition.holder, "rival": condition.rival,
              "margin": i18n.format_number(margin, lang)}
    count = i18n.plural_count(margin)
    if condition.kind == "not_outscored":
        text = t.ngettext(
            "After race %(race)s, %(holder)s wins the title unless %(rival)s has scored at least %(margin)s point more than %(holder)s in the round.",
            "After race %(race)s, %(holder)s wins the title unless %(rival)s has scored at least %(margin)s points more than %(holder)s in the round.",
            count) % values
    elif condition.kind == "outscore":
        text = t.ngettext(
            "After race %(race)s, %(holder)s wins the title only by scoring at least %(margin)s point more than %(rival)s in the round.",
            "After race %(race)s, %(holder)s wins the title only by scoring at least %(margin)s points more than %(rival)s in the round.",
            count) % values
    else:
        text = t.ngettext(
            "After race %(race)s, %(holder)s wins the title only by scoring at least %(margin)s point in the round.",
            "After race %(race)s, %(holder)s wins the title only by scoring at least %(margin)s points in the round.",
            count) % values
    note = _countback_note(condition, lang)
    return [text, note] if note else [text]


def _condition_item(condition: Condition, lang: str) -> str:
    """A condition as one of several that must all hold (each alone is necessary, not sufficient)."""
    t = i18n.translations(lang)
    margin = condition.margin or 0
    values = {"holder": condition.holder, "rival": condition.rival, "margin": i18n.format_number(margin, lang)}
    count = i18n.plural_count(margin)
    if condition.kind == "not_outscored":
        return t.ngettext("%(rival)s has not scored at least %(margin)s point more than %(holder)s",
                          "%(rival)s has not scored at least %(margin)s points more than %(holder)s", count) % values
    if condition.kind == "outscore":
        return t.ngettext("%(holder)s has scored at least %(margin)s point more than %(rival)s",
                          "%(holder)s has scored at least %(margin)s points more than %(rival)s", count) % values
    return t.ngettext("%(holder)s has scored at least %(margin)s point",
                      "%(holder)s has scored at least %(margin)s points", count) % values


def _countback_note(condition: Condition, lang: str) -> str | None:
    """Where the margin falls exactly short, the two end level on points and countback decides."""
    if condition.countback is None or condition.rival is None:
        return None
    tie = abs(condition.countback)
    return i18n.translations(lang).ngettext(
        "A difference of exactly %(points)s point leaves %(holder)s and %(rival)s level on points: countback decides.",
        "A difference of exactly %(points)s points leaves %(holder)s and %(rival)s level on points: countback decides.",
        i18n.plural_count(tie)) % {"points": i18n.format_number(tie, lang), "holder": condition.holder, "rival": condition.rival}


# --- the finishing combinations of a lone condition ---------------------------------------------------

MAX_COMBINATIONS = 4  # more would not read: the release then states the margin only


def combination_sentence(condition: Condition, lang: str) -> str | None:
    """The results of the race that make a lone margin condition happen ("Jousset wins and
    Roussanne finishes outside the top 6"), when they are few and need no bonus; else None."""
    combinations = condition.combinations
    if not combinations or len(combinations) > MAX_COMBINATIONS or condition.kind not in ("not_outscored", "outscore"):
        return None
    if any(c.rival.bonuses or c.holder_bonuses or c.rival.places for c in combinations):
        return None
    parts = [_rival_and_holder(c.rival.place, condition, c.holder_places, lang) for c in combinations]
    if None in parts:
        return None
    t = i18n.translations(lang)
    cases = parts[0]
    for part in parts[1:]:
        cases = t.gettext("%(cases)s; or %(case)s") % {"cases": cases, "case": part}
    names = {"holder": condition.holder, "rival": condition.rival, "cases": cases}
    if condition.kind == "not_outscored":
        return t.gettext("%(rival)s outscores %(holder)s by that much only if %(cases)s.") % names
    return t.gettext("%(holder)s outscores %(rival)s by that much only if %(cases)s.") % names


def _rival_and_holder(rival_place: int | None, condition: Condition, holder_places: tuple[Places, ...], lang: str) -> str | None:
    """The rival's result first when the rival makes it happen (not_outscored), else the holder's."""
    rival = _one_place(condition.rival or "", rival_place, lang)
    holder = _places(condition.holder, holder_places, condition.last_place, lang)
    if holder is None:
        return None
    first, second = (rival, holder) if condition.kind == "not_outscored" else (holder, rival)
    return i18n.translations(lang).gettext("%(first)s and %(second)s") % {"first": first, "second": second}


def _one_place(name: str, place: int | None, lang: str) -> str:
    t = i18n.translations(lang)
    if place is None:
        return t.gettext("%(name)s is not classified") % {"name": name}
    if place == 1:
        return t.gettext("%(name)s wins") % {"name": name}
    return t.gettext("%(name)s finishes %(place)s") % {"name": name, "place": i18n.format_ordinal(place, lang)}


def _places(name: str, places: tuple[Places, ...], last: int | None, lang: str) -> str | None:
    """One place, or every place from one to the last, not classified included ("outside the top
    6"); None for any other set (the release does not list them)."""
    if len(places) == 1 and not isinstance(places[0], tuple):
        return _one_place(name, places[0], lang)
    numbered = [p for p in places if isinstance(p, int)]
    if None not in places or len(numbered) + 1 != len(places) or not numbered or last is None:
        return None
    first = numbered[0]
    if numbered != list(range(first, last + 1)):
        return None
    t = i18n.translations(lang)
    if first == 2:
        return t.gettext("%(name)s does not win") % {"name": name}
    top = first - 1
    return t.ngettext("%(name)s finishes outside the top %(count)s", "%(name)s finishes outside the top %(count)s",
                      top) % {"name": name, "count": i18n.format_number(top, lang)}
