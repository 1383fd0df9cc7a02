"""Render: a typed context -> one release as a self-contained HTML document, one Jinja
environment per language, every fixed string through the language's gettext catalog."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from . import i18n
from .changes import Correction
from .charts import NARROW, Chart, round_spans, title_fight
from .classify import Classification, ClassifiedRow, Gap, Timed
from .errors import TemplateError
from .model import Boilerplate, Penalty, PressContact, Prose, Round, Season, SocialLink
from .standings import Standings, StandingsRow

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
ASSETS_DIR = TEMPLATES_DIR / "assets"
RELEASE_TEMPLATE = "release.html"


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
        stylesheet=stylesheet(),
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
            race=race.number, driver=penalty.driver, kind=penalty.kind,
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


def render_release(context: ReleaseContext, edition: str = "web") -> str:
    """The release as HTML, with the language's typography applied to all of its text. The PDF's
    differs from the web page's only where it finds the photos: the round's files, not copies
    beside the page."""
    return i18n.typeset_html(render_template(RELEASE_TEMPLATE, context.lang, **release_variables(context, edition)), context.lang)


def release_variables(context: ReleaseContext, edition: str = "web") -> dict:
    """What every release template (web page, email, text) receives."""
    return {"release": context, "prose": context.prose, "season": context.season, "edition": edition}


def render_template(name: str, language: str, **variables) -> str:
    """One template of the language's environment; a failure names the template file and line."""
    try:
        return environment(language).get_template(name).render(**variables)
    except jinja2.TemplateError as exc:
        where = f"{getattr(exc, 'filename', None) or name}:{getattr(exc, 'lineno', '?')}"
        raise TemplateError(f"{where}: template error: {exc}") from None


@lru_cache(maxsize=None)
def stylesheet() -> str:
    return (ASSETS_DIR / "release.css").read_text(encoding="utf-8")


# --- the environment: one per language ------------------------------------------------------------


@lru_cache(maxsize=None)
def environment(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), disabled_extensions=("txt", "css")),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)
    env.filters.update(
        md=_markdown_inline,
        md_block=_markdown_block,
        laptime=lambda ms: i18n.format_laptime(ms, lang),
        gap=lambda row: format_gap(row, lang),
        number=lambda value: i18n.format_number(value, lang),
        release_date=lambda day: i18n.format_release_date(day, lang),
        embargo=lambda moment: i18n.format_embargo(moment, lang),
        ordinal=lambda n: i18n.format_ordinal(n, lang),
        quoted_inside=i18n.style(lang).quoted_inside,
        link_list=lambda links: _link_list(links, lang),
        points=lambda value: format_points(value, lang),
        plural_count=i18n.plural_count,
        untranslated=_mark_untranslated,
        change_lines=lambda correction: _change_lines(correction, lang),
        dateline=lambda release: dateline(release, lang),
        round_spans=round_spans,
        penalty_mark=lambda penalty: penalty_mark(penalty, lang),
        status_label=lambda row: status_label(row, lang),
        annex_gap=lambda row: "" if row.position == 1 or row.gap is None else format_gap(row, lang),
        with_dateline=_with_dateline,
    )
    env.globals.update(quote_open=i18n.style(lang).quote_open, quote_close=i18n.style(lang).quote_close)
    return env


def format_gap(row: ClassifiedRow, lang: str) -> str:
    """The winner's laps, a lapped car's laps down, or the time gap; a dash where none is published."""
    translations = i18n.translations(lang)
    if row.gap is None:
        return translations.ngettext("%(num)s lap", "%(num)s laps", row.laps) % {"num": row.laps}
    gap: Gap = row.gap
    if gap.laps:
        return translations.ngettext("+%(num)s lap", "+%(num)s laps", gap.laps) % {"num": gap.laps}
    return i18n.format_gap_ms(gap.ms, lang) if gap.ms is not None else "–"


def format_points(points: int | float | None, lang: str) -> str:
    """223 points, 1 point; half points count as the next whole number for the plural; a total a
    place the data does not establish might change reads as such."""
    if points is None:
        return i18n.translations(lang).gettext("points not established")
    count = i18n.plural_count(points)
    text = i18n.translations(lang).ngettext("%(points)s point", "%(points)s points", count)
    return text % {"points": i18n.format_number(points, lang)}


def penalty_mark(penalty: Penalty, lang: str) -> str:
    """A stewards' decision in a few words, for the full classification: "+5 s", "2 places"."""
    t = i18n.translations(lang)
    if penalty.kind == "time":
        if penalty.seconds is None:
            return t.gettext("time penalty")
        return t.gettext("+%(seconds)s s") % {"seconds": i18n.format_number(penalty.seconds / 1000, lang)}
    if penalty.kind == "positions":
        return t.ngettext("%(num)s place back", "%(num)s places back", penalty.places) % {"num": penalty.places}
    if penalty.kind == "grid":
        return t.ngettext("%(num)s grid place", "%(num)s grid places", penalty.places) % {"num": penalty.places}
    if penalty.kind == "points":
        count = i18n.plural_count(penalty.points)
        text = t.ngettext("%(points)s championship point deducted", "%(points)s championship points deducted", count)
        return text % {"points": i18n.format_number(penalty.points, lang)}
    if penalty.kind == "exclusion":
        return t.gettext("excluded from the championship")
    return t.gettext("disqualified")


def status_label(row: ClassifiedRow, lang: str) -> str:
    """What the position column shows for a car without a classified place."""
    t = i18n.translations(lang)
    labels = {
        "not_classified": t.gettext("NC"),
        "retired": t.gettext("DNF"),
        "not_started": t.gettext("DNS"),
        "disqualified": t.gettext("DSQ"),
    }
    if row.position is not None:
        return f"{row.position}."
    return labels.get(row.status, "–")  # classified, its place not established by the data


def dateline(release: ReleaseContext, lang: str) -> str:
    """"Monza, le 21 octobre 2024 –" / "Monza, 21 October 2024 –", or nothing when the season
    does not dateline its releases."""
    if release.dateline_place is None:
        return ""
    text = i18n.translations(lang).gettext("%(place)s, %(date)s –")
    return text % {"place": release.dateline_place, "date": i18n.format_long_date(release.release_date, lang)}


def _with_dateline(html: Markup, line: str) -> Markup:
    """The dateline runs into the lead's first paragraph, as in print."""
    if not line:
        return html
    run_in = Markup('<span class="dateline">{}</span> ').format(line)
    if html.startswith("<p>"):
        return Markup("<p>") + run_in + html[len("<p>"):]
    return Markup('<p class="dateline">{}</p>').format(line) + html


def _change_lines(correction: Correction, lang: str) -> list[str]:
    from .change_text import change_lines  # it formats gaps with format_gap, from this module

    return change_lines(correction.changes, lang)


def _link_list(links: tuple[SocialLink, ...], lang: str) -> Markup:
    """Facebook, X, Instagram et Youtube: each a link, joined the way the language joins lists."""
    items = [Markup('<a href="{}">{}</a>').format(link.url, link.name) for link in links]
    return Markup(i18n.format_list(items, lang))


@jinja2.pass_context
def _mark_untranslated(context, html: str, unit: str, block: bool = False) -> Markup:
    """A unit shown in the source language (drafts only): tagged with that language, flagged visibly."""
    release: ReleaseContext = context["release"]
    if unit not in release.draft.untranslated:
        return Markup.escape(html)
    flag = i18n.translations(release.lang).gettext("Not translated")
    return Markup(
        '<{0} class="untranslated" lang="{1}" data-unit="{2}"><mark class="untranslated-flag" lang="{3}">{4}</mark> {5}</{0}>'
    ).format("div" if block else "span", release.draft.source_lang, unit, release.lang, flag, Markup.escape(html))


# Prose is CommonMark with raw HTML and images disabled: a pasted <script>, <iframe> or remote
# image stays visible text, and links may only go to web or mail addresses or an anchor.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "typographer": False}).disable("image")
_SAFE_LINK = re.compile(r"^(https?://|mailto:|#)", re.I)
_MARKDOWN.validateLink = lambda url: bool(_SAFE_LINK.match(url.strip()))


def _markdown_inline(text: str) -> Markup:
    return Markup(_MARKDOWN.renderInline(text))


def _markdown_block(text: str) -> Markup:
    return Markup(_MARKDOWN.render(text))
