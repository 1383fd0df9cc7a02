"""The view model of a release: everything its templates show, typed and computed from the data
(tables, facts turned into title and lead lines, stewards' decisions, draft marks, links to the
other languages). render.py turns it into text through the templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


from .changes import Correction
from .charts import Chart, title_fight
from .classify import Classification, ClassifiedRow, Timed
from .paths import house_stylesheet
from .model import Boilerplate, Prose, Round, Season, SocialLink
from .standings import Standings, StandingsRow


@dataclass(frozen=True)
class RaceTable:
    number: int
    laps: int
    rows: tuple[ClassifiedRow, ...]  # the top N the season publishes
    pole: Timed | None
    fastest_lap: Timed | None


@dataclass(frozen=True)
class TitleLine:
    """A title the round settles, for one sentence of the release."""

    table: str  # drivers | teams | category
    holder: str
    race: int | None  # the race after which it was decided, when known
    category: str | None = None  # the category's name in the release's language


@dataclass(frozen=True)
class LeadLine:
    """The championship lead while the title is open."""

    leader: str
    lead: float | None  # None: the lead is proven, its margin is not
    rival: str | None


@dataclass(frozen=True)
class Decision:
    """A stewards' decision of the round, as the release lists it (the reason in its language)."""

    race: int
    driver: str
    kind: str  # time | positions | grid | disqualification | points | exclusion
    seconds: float | None = None  # a time penalty's length in seconds; None when not published
    places: int | None = None
    points: float | None = None
    reason: str | None = None


@dataclass(frozen=True)
class LanguageLink:
    lang: str
    name: str  # the language's own name ("English", "Français")
    href: str


@dataclass(frozen=True)
class DraftMarks:
    """A draft release: watermarked, and the units shown in the source language marked as such."""

    draft: bool = False
    untranslated: frozenset[str] = frozenset()
    source_lang: str = ""


@dataclass(frozen=True)
class ReleaseContext:
    """Everything release.html receives. Values are computed, not formatted: the template formats
    them with the language's filters (laptime, gap, number, date, ordinal, list)."""

    lang: str
    season: Season
    round: Round
    prose: Prose
    races: tuple[RaceTable, ...]
    standings: tuple[StandingsRow, ...]
    standings_cut: bool  # more drivers than shown: end with an ellipsis
    boilerplate: Boilerplate | None
    social: tuple[SocialLink, ...]
    translations: tuple[LanguageLink, ...]
    stylesheet: str  # inlined CSS, so the HTML stands alone
    logo: str | None = None  # a data: URI, so the HTML stands alone
    titles: tuple[TitleLine, ...] = ()  # from the facts engine
    lead: LeadLine | None = None
    chart: Chart | None = None  # the title fight, when the season asks for it
    draft: DraftMarks = DraftMarks()
    correction: Correction | None = None  # a published version replacing an earlier one
    decisions: tuple[Decision, ...] = ()  # the stewards' decisions of the round, in race order

    def decided(self, race: int, driver: str) -> bool:
        """The car carries the mark that refers to the stewards' decisions."""
        return any(d.race == race and d.driver == driver for d in self.decisions)

    @property
    def release_date(self) -> dt.date:
        return self.round.release_date

    @property
    def provisional(self) -> bool:
        """Provisional results carry the footnote "subject to final technical checks"."""
        return self.round.results_status == "provisional"


def release_context(
    lang: str,
    season: Season,
    race_round: Round,
    prose: Prose,
    classifications: tuple[Classification, ...],
    standings: Standings,
    translations: tuple[LanguageLink, ...] = (),
    logo: str | None = None,
    facts: tuple = (),
    history: tuple[Standings, ...] = (),
) -> ReleaseContext:
    rows = season.release.race_rows
    races = tuple(
        RaceTable(c.race, c.laps, c.top(rows), c.pole, c.fastest_lap) for c in classifications
    )
    shown = standings.shown(season.release.standings_rows)
    return ReleaseContext(
        lang=lang,
        season=season,
        round=race_round,
        prose=prose,
        races=races,
        standings=shown,
        standings_cut=len(standings.rows) > len(shown) or not standings.complete,
        boilerplate=season.boilerplate.get(lang),
        social=season.social,
        translations=translations,
        stylesheet=house_stylesheet(),
        logo=logo,
        titles=_title_lines(facts, season, lang),
        lead=_lead_line(facts),
        chart=title_fight(history, season.release.chart_drivers) if season.release.chart else None,
        decisions=stewards_decisions(race_round, lang),
    )


def stewards_decisions(race_round: Round, lang: str) -> tuple[Decision, ...]:
    return tuple(
        Decision(
            race=race.number, driver=penalty.name, kind=penalty.kind,
            seconds=None if penalty.seconds is None else penalty.seconds / 1000,
            places=penalty.places, points=penalty.points, reason=penalty.reason.get(lang),
        )
        for race in race_round.races
        for penalty in race.penalties
    )


def _category_name(category, season: Season, lang: str) -> str:
    """The category's name in the language, or (a draft in a language the season does not list)
    in the source language."""
    return category.name.get(lang) or category.name.get(season.languages[0]) or next(iter(category.name.values()))


def _title_lines(facts, season: Season, lang: str) -> tuple[TitleLine, ...]:
    lines = []
    for fact in (f for f in facts if f.kind == "title"):
        table = fact.values["table"]
        category = season.category(table)
        kind = "category" if category else table
        lines.append(TitleLine(kind, fact.subject, fact.race, _category_name(category, season, lang) if category else None))
    order = {"drivers": 0, "category": 1, "teams": 2}
    return tuple(sorted(lines, key=lambda line: order[line.table]))


def _lead_line(facts) -> LeadLine | None:
    """The lead after the round's last race, unless the drivers' title is decided."""
    if any(f.kind == "title" and f.values["table"] == "drivers" for f in facts):
        return None
    leads = [f for f in facts if f.kind == "points_lead"]
    if not leads:
        return None
    last = leads[-1]
    return LeadLine(last.subject, last.values["lead"], last.values["over"])
