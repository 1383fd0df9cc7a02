"""Render: the view model (view.py) -> one release as a self-contained HTML document, through
one Jinja environment per language (filters for every locale format, every fixed string through
the language's gettext catalog)."""

from __future__ import annotations

import re
from functools import cache

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from . import contrast, i18n
from .change_text import change_lines
from .changes import Correction
from .charts import round_spans
from .classify import ClassifiedRow
from .errors import TemplateError
from .i18n import format_gap, format_points
from .model import Penalty, SocialLink
from .paths import TEMPLATES_DIR
from .view import ReleaseContext

RELEASE_TEMPLATE = "release.html"


def render_release(context: ReleaseContext, edition: str = "web") -> str:
    """The release as HTML, with the language's typography applied to all of its text. The PDF's
    differs from the web page's only where it finds the photos: the round's files, not copies
    beside the page."""
    return i18n.typeset_html(render_template(RELEASE_TEMPLATE, context.lang, **release_variables(context, edition)), context.lang)


def release_rules(context: ReleaseContext, edition: str = "pdf") -> str:
    """The release's own style rules (brand colours, running heads, the draft and correction
    marks), which follow the house stylesheet: the web page inlines both, the printer receives them
    as stylesheets. The template's block alone, escaped as the web page escapes it."""
    template = environment(context.lang).get_template(RELEASE_TEMPLATE)
    return "".join(template.blocks["release_rules"](template.new_context(release_variables(context, edition))))


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


# --- the environment: one per language ------------------------------------------------------------


@cache
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
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
    env.filters.update(
        md=_markdown_inline,
        md_block=_markdown_block,
        laptime=lambda ms: i18n.format_laptime(ms, lang),
        gap=lambda row: format_gap(row, lang),
        number=lambda value: i18n.format_number(value, lang),
        release_date=lambda day: i18n.format_release_date(day, lang),
        embargo=lambda moment: i18n.format_embargo(moment, lang),
        session_day=lambda moment: i18n.format_session_day(moment, lang),
        session_time=lambda moment: i18n.format_session_time(moment, lang),
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
    env.globals.update(palette=contrast.palette, quote_open=i18n.style(lang).quote_open, quote_close=i18n.style(lang).quote_close)
    return env


def penalty_mark(penalty: Penalty, lang: str) -> str:
    """A stewards' decision in a few words, for the full classification: "+5 s", "2 places"."""
    t = i18n.translations(lang)
    if penalty.kind == "time":
        if penalty.seconds is None:
            return t.gettext("time penalty")
        return t.gettext("+%(seconds)s s") % {"seconds": i18n.format_number(penalty.seconds / 1000, lang)}
    places, points = penalty.places or 0, penalty.points or 0  # model.py requires them for their kinds
    if penalty.kind == "positions":
        return t.ngettext("%(num)s place back", "%(num)s places back", places) % {"num": places}
    if penalty.kind == "grid":
        return t.ngettext("%(num)s grid place", "%(num)s grid places", places) % {"num": places}
    if penalty.kind == "points":
        count = i18n.plural_count(points)
        text = t.ngettext("%(points)s championship point deducted", "%(points)s championship points deducted", count)
        return text % {"points": i18n.format_number(points, lang)}
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
_MARKDOWN.validateLink = lambda url: bool(_SAFE_LINK.match(url.strip()))  # type: ignore[method-assign]  # markdown-it's hook


def _markdown_inline(text: str) -> Markup:
    return Markup(_MARKDOWN.renderInline(text))


def _markdown_block(text: str) -> Markup:
    return Markup(_MARKDOWN.render(text))


def unit_html(unit: str, text: str, lang: str) -> Markup:
    """One prose unit as a release shows it: Markdown where the release template reads it (the
    headline, race titles and speakers' roles are plain text), the language's typography applied."""
    plain = unit == "headline" or unit.endswith((".title", ".role"))
    if unit.startswith("quotes.") and unit.endswith(".text"):  # in the language's marks, as the release quotes it
        style = i18n.style(lang)
        text = style.quote_open + style.quoted_inside(text) + style.quote_close
    html = Markup.escape(text) if plain else _markdown_inline(text) if unit.startswith("highlights.") else _markdown_block(text)
    return Markup(i18n.typeset_html(str(html), lang))
