"""Render: a typed context -> one release as a self-contained HTML document, one Jinja
environment per language, every fixed string through the language's gettext catalog."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from . import i18n
from .change_text import change_lines
from .changes import Correction
from .charts import Chart, title_fight
from .classify import Classification, ClassifiedRow, Timed
from .errors import TemplateError
from .i18n import format_gap, format_points
from .paths import ASSETS_DIR, TEMPLATES_DIR
from .model import Boilerplate, Prose, Round, Season, SocialLink
from .standings import Standings, StandingsRow

RELEASE_TEMPLATE = "release.html"


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
        stylesheet=stylesheet(),
        logo=logo,
        titles=_title_lines(facts, season, lang),
        lead=_lead_line(facts),
        chart=title_fight(history, season.release.chart_drivers) if season.release.chart else None,
        decisions=stewards_decisions(race_round, lang),
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


def render_release(context: ReleaseContext) -> str:
    """The release as HTML, with the language's typography applied to all of its text."""
    return i18n.typeset_html(render_template(RELEASE_TEMPLATE, context.lang, **release_variables(context)), context.lang)


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
    )
    env.globals.update(quote_open=i18n.style(lang).quote_open, quote_close=i18n.style(lang).quote_close)
    return env


def _change_lines(correction: Correction, lang: str) -> list[str]:
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
