"""Wire edition: the release as UTF-8 plain text, in the release's order, tables aligned for a
monospace font (names left, gaps and points right)."""

from __future__ import annotations

from markdown_it import MarkdownIt

from .. import i18n
from ..model import SocialLink
from ..render import RaceTable, ReleaseContext, format_gap, format_points, release_variables, render_template
from ..standings import StandingsRow

TEXT_TEMPLATE = "release.txt"
COLUMN_GAP = "   "

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "typographer": False})


def render_text(context: ReleaseContext) -> str:
    lang = context.lang
    text = render_template(
        TEXT_TEMPLATE, lang, **release_variables(context),
        plain=plain, columns=columns, networks=lambda links: network_list(links, lang),
        race_rows=lambda race: race_rows(race, lang, context.decided), standings_rows=lambda rows: standings_rows(rows, lang),
    )
    return i18n.french_typography(text) if lang == "fr" else text


def columns(rows: list[tuple[str, str, str]]) -> list[str]:
    """("1.", "Léo Jousset (Race Cars Consulting)", "12 tours") rows -> lines with the position and
    the value right-aligned, the name left-aligned, columns three spaces apart at the least."""
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return [
        f"{position:>{widths[0]}} {name:<{widths[1]}}{COLUMN_GAP}{value:>{widths[2]}}".rstrip()
        for position, name, value in rows
    ]


def race_rows(race: RaceTable, lang: str, decided=lambda race, driver: False) -> list[tuple[str, str, str]]:
    """A car the stewards decided on carries the mark that refers to their decisions."""
    return [
        (f"{row.position}.", f"{row.driver} ({row.team})" + (" †" if decided(race.number, row.driver) else ""), format_gap(row, lang))
        for row in race.rows
    ]


def standings_rows(rows: tuple[StandingsRow, ...], lang: str) -> list[tuple[str, str, str]]:
    return [(f"{row.position}.", row.driver, format_points(row.points, lang)) for row in rows]


def plain(markdown: str) -> str:
    """CommonMark -> plain text: emphasis dropped, a link keeps its text and an absolute URL."""
    paragraphs = [_inline_text(token.children or []) for token in _MARKDOWN.parse(markdown) if token.type == "inline"]
    return "\n\n".join(paragraphs)


def _inline_text(tokens) -> str:
    out, href = [], None
    for token in tokens:
        if token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append("\n" if token.type == "hardbreak" else " ")
        elif token.type == "link_open":
            href = token.attrGet("href")
        elif token.type == "link_close":
            out.append(_url_suffix(href))
    return "".join(out)


def network_list(links: tuple[SocialLink, ...], lang: str) -> str:
    return i18n.format_list([f"{link.name}{_url_suffix(link.url)}" for link in links], lang)


def _url_suffix(url: str | None) -> str:
    return f" <{url}>" if url and url.startswith(("http://", "https://", "mailto:")) else ""
