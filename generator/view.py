"""The view model of a release: everything its templates show, typed and computed from the data
(tables, facts turned into title and lead lines, stewards' decisions, draft marks, links to the
other languages). render.py turns it into text through the templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .changes import Correction
from .charts import NARROW, Chart, title_fight
from .classify import Classification, ClassifiedRow, Timed
from .model import Boilerplate, Penalty, PressContact, Prose, Round, Season, SocialLink
from .paths import house_stylesheet
from .pre_event import PreEventView
from .standings import Standings, StandingsRow


@dataclass(frozen=True)
class RaceTable:
    number: int
    laps: int
    rows: tuple[ClassifiedRow, ...]  # the top N the season publishes
    pole: Timed | None
    fastest_lap: Timed | None
    annex: tuple[AnnexRow, ...] = ()  # every car the data knows, when the season prints the annex
    complete: bool = False  # the data lists every car of the race


@dataclass(frozen=True)
class AnnexRow:
    """A car in the full classification, with the stewards' decisions that concern it."""

    row: ClassifiedRow
    penalties: tuple[Penalty, ...]


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
class PhotoView:
    """A round's photo in one language, with where each edition finds its copy."""

    file: Path  # the listed file in the round folder
    digest: str  # SHA-256 of its content
    lead: bool
    alt: str
    caption: str | None
    credit: str | None
    width: int  # full resolution, as shown
    height: int

    def name(self, size) -> str:
        """A copy's path inside the round's output folder (photos.WEB, EMAIL, FULL)."""
        from .photos import output_name

        return output_name(self.file.name, size)

    @property
    def web_src(self) -> str:
        from .photos import WEB

        return self.name(WEB)

    @property
    def email_name(self) -> str:
        from .photos import EMAIL

        return self.name(EMAIL)

    @property
    def full_name(self) -> str:
        from .photos import FULL

        return self.name(FULL)

    @property
    def pdf_src(self) -> str:
        """What the PDF asks its URL fetcher for: named by content, never by a folder on this
        machine, so the PDF's bytes do not depend on where the season lies."""
        from .photos import pdf_url

        return pdf_url(self.file.name, self.digest)


def photo_views(race_round: Round, folder: Path, lang: str, source_lang: str) -> tuple[PhotoView, ...]:
    """The round's photos in the language, its texts falling back to the source language's alt."""
    from .photos import dimensions, file_digest

    views = []
    for photo in race_round.photos:
        path = (folder / photo.file).resolve()
        width, height = dimensions(path)
        alt = photo.alt.get(lang) or photo.alt.get(source_lang, "")
        views.append(PhotoView(path, file_digest(path), photo.lead, alt, photo.caption.get(lang), photo.credit.get(lang), width, height))
    return tuple(views)


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
    chart_narrow: Chart | None = None  # the same, drawn for a phone's width
    draft: DraftMarks = DraftMarks()
    correction: Correction | None = None  # a published version replacing an earlier one
    photos: tuple[PhotoView, ...] = ()

    @property
    def lead_photo(self) -> PhotoView | None:
        return next((p for p in self.photos if p.lead), None)
    decisions: tuple[Decision, ...] = ()  # the stewards' decisions of the round, in race order
    kind: str = "report"  # report | pre-event (schema.KINDS)
    pre_event: PreEventView | None = None  # schedule, standings before the round, stakes

    @property
    def stem(self) -> str:
        """The release's file name without its edition's ending: `06-monza-fr`, `06-monza-pre-event-fr`."""
        return release_stem(self.round.id, self.kind, self.lang)

    def decided(self, race: int, driver: str) -> bool:
        """The car carries the mark that refers to the stewards' decisions."""
        return any(d.race == race and d.driver == driver for d in self.decisions)

    @property
    def release_date(self) -> dt.date:
        return self.round.release_date

    @property
    def contacts(self) -> tuple[PressContact, ...]:
        """The round's press contacts when it names its own, else the season's."""
        if self.round.press_contacts is not None:
            return self.round.press_contacts
        return self.season.press_contacts

    @property
    def dateline_place(self) -> str | None:
        """Where the release is datelined, when the season asks for a dateline."""
        if not self.season.release.dateline:
            return None
        return self.round.dateline_place or self.season.venue(self.round.id)

    def public_url(self, name: str) -> str | None:
        """The absolute address of a file of this round's output folder, where the season says its
        output is hosted (`site.base_url`); None without one."""
        if self.season.site is None:
            return None
        return f"{self.season.site.base_url}{self.season.id}/{self.round.id}/{name}"

    @property
    def provisional(self) -> bool:
        """Provisional results carry the footnote "subject to final technical checks" (a pre-event
        release shows no results of the round)."""
        return self.kind == "report" and self.round.results_status == "provisional"


def release_stem(round_id: str, kind: str, lang: str) -> str:
    return f"{round_id}-{lang}" if kind == "report" else f"{round_id}-{kind}-{lang}"


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
        RaceTable(c.race, c.laps, c.top(rows), c.pole, c.fastest_lap,
                  _annex(c, race_round) if season.release.annex else (), c.complete)
        for c in classifications
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
        chart_narrow=title_fight(history, season.release.chart_drivers, NARROW) if season.release.chart else None,
        decisions=stewards_decisions(race_round, lang),
    )


def _annex(classification: Classification, race_round: Round) -> tuple[AnnexRow, ...]:
    """Every row of the classification, each with its stewards' decisions in the order given."""
    race = next(r for r in race_round.races if r.number == classification.race)
    return tuple(
        AnnexRow(row, tuple(p for p in race.penalties if p.driver == row.driver)) for row in classification.rows
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
