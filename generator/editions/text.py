"""Wire edition (templates/release.txt): the release as UTF-8 plain text, in the release's order, tables aligned for a
monospace font (names left, gaps and points right) by display width (a CJK character takes two
columns, a combining accent none), paragraphs wrapped at 72 columns, no line over the 998 bytes
an email line may hold."""

from __future__ import annotations

import wcwidth
from markdown_it import MarkdownIt

from .. import i18n
from ..i18n import format_gap, format_points
from ..model import SocialLink
from ..standings import StandingsRow
from ..view import RaceTable, ReleaseContext

COLUMN_GAP = "   "
WIDTH = 72  # columns of a wire line
MAX_LINE_BYTES = 998  # RFC 5322: a line of a message, without its CRLF
TABLE_ROW = "\ue000"  # marks a table row until the text is wrapped: rows are kept whole

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "typographer": False})


def variables(context: ReleaseContext) -> dict[str, object]:
    """What the wire template receives besides every release template's variables: plain text
    from Markdown, and table rows to align."""
    lang = context.lang
    return {
        "plain": plain, "columns": columns, "networks": lambda links: network_list(links, lang),
        "race_rows": lambda race: race_rows(race, lang, context.decided), "standings_rows": lambda rows: standings_rows(rows, lang),
    }


def display_width(text: str) -> int:
    """Columns a monospace terminal gives the text (wcwidth: East Asian wide 2, combining 0)."""
    return wcwidth.width(text, control_codes="ignore")


def columns(rows: list[tuple[str, str, str]]) -> list[str]:
    """("1.", "Léo Jousset (Race Cars Consulting)", "12 tours") rows -> lines with the position and
    the value right-aligned, the name left-aligned, columns three spaces apart at the least."""
    if not rows:
        return []
    widths = [max(display_width(row[i]) for row in rows) for i in range(3)]
    return [
        TABLE_ROW + f"{_pad(position, widths[0], right=True)} {_pad(name, widths[1])}{COLUMN_GAP}"
        f"{_pad(value, widths[2], right=True)}".rstrip()
        for position, name, value in rows
    ]


def _pad(text: str, width: int, right: bool = False) -> str:
    padding = " " * (width - display_width(text))
    return padding + text if right else text + padding


def wrap(text: str) -> str:
    """Every line but a table row wrapped at WIDTH columns (a list item's lines indented under its
    text; a word longer than a line, such as a long URL, broken), then no line over MAX_LINE_BYTES."""
    lines = []
    for line in text.split("\n"):
        if line.startswith(TABLE_ROW):
            lines.append(line.removeprefix(TABLE_ROW))
        elif display_width(line) <= WIDTH:
            lines.append(line)
        else:
            indent = " " * len(line[: len(line) - len(line.lstrip("-*…† "))])  # † : a stewards' decision
            lines += wcwidth.wrap(line, WIDTH, subsequent_indent=indent, break_on_hyphens=False, control_codes="ignore")
    return "\n".join(piece for line in lines for piece in _within_bytes(line))


def _within_bytes(line: str) -> list[str]:
    """A line cut between characters so each piece holds at most MAX_LINE_BYTES in UTF-8 (only
    text of zero-width characters can be that long after wrapping)."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        length = len(char.encode("utf-8"))
        if size + length > MAX_LINE_BYTES:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += length
    return pieces + ["".join(current)]


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
