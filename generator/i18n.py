"""Localization: catalogs, and every locale format (dates, numbers, ordinals, lap times, gaps,
lists, typography, gaps and points), each from the language's style (languages.py) and its CLDR
locale: functions of (value, language). Catalogs are read from the locales folder once and cached."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from functools import cache
from html import escape, unescape

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.lists import format_list as babel_format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from . import languages
from .classify import ClassifiedRow
from .errors import DataError, Location, Problem
from .languages import LanguageStyle
from .paths import LOCALES_DIR

DOMAIN = "messages"


def style(lang: str) -> LanguageStyle:
    return languages.style(lang)


# --- catalogs -----------------------------------------------------------------------------------------


@cache
def translations(lang: str) -> Translations:
    """The language's catalog, read from its .po file without a compile step."""
    po_path = LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.is_file():
        raise DataError([Problem(Location(po_path), f"no catalog for '{lang}': create it with `pressgen i18n init {lang}` "
                                                    "and translate it (README, \"How to add a language\")")])
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


# --- numbers, dates, lists ------------------------------------------------------------------------------


def format_number(value: float, lang: str) -> str:
    if float(value).is_integer():
        value = int(value)
    return format_decimal(value, locale=style(lang).locale)


def format_release_date(day: dt.date, lang: str) -> str:
    """fr 21/10/2024 (as the reference release); en 21 October 2024; it 21 ottobre 2024."""
    return babel_format_date(day, style(lang).release_date, locale=style(lang).locale)


def format_long_date(day: dt.date, lang: str) -> str:
    """The locale's long date, whatever the release date line uses: fr 21 octobre 2024, en 21 October 2024."""
    return babel_format_date(day, "long", locale=style(lang).locale)


def format_embargo(moment: dt.datetime, lang: str) -> str:
    """The full date and hour:minute in the embargo's own offset, combined as CLDR combines them,
    the zone named alike in every language (CLDR's localized GMT format differs: fr "UTC+02:00",
    en "GMT+02:00"), as UTC and the ISO 8601 offset: fr "lundi 21 octobre 2024, 08:00 UTC+02:00",
    en "Monday, 21 October 2024, 08:00 UTC+02:00"."""
    locale = style(lang).cldr
    time = f"{locale.datetime_skeletons['Hm'].pattern} 'UTC'xxx"
    pattern = locale.datetime_formats["long"].format(time, locale.date_formats["full"].pattern)
    return babel_format_datetime(moment, pattern, tzinfo=moment.tzinfo, locale=locale)


def format_session_day(moment: dt.datetime, lang: str) -> str:
    """A session's day in the event's own clock, the locale's full date: fr "samedi 21 juin 2025",
    en "Saturday, 21 June 2025"."""
    return babel_format_date(moment.date(), "full", locale=style(lang).cldr)


def format_session_time(moment: dt.datetime, lang: str) -> str:
    """A session's start in the event's own clock with its offset, as the embargo names it:
    fr "10:30 UTC+02:00", en "10:30 UTC+02:00"."""
    locale = style(lang).cldr
    pattern = f"{locale.datetime_skeletons['Hm'].pattern} 'UTC'xxx"
    return babel_format_datetime(moment, pattern, tzinfo=moment.tzinfo, locale=locale)


def format_list(items: Sequence[str], lang: str) -> str:
    return babel_format_list(items, locale=style(lang).locale)


def plural_count(value: float | None) -> int:
    """The number a plural form is chosen by: half points count as the next whole number."""
    if value is None:
        return 0
    return int(value) if float(value).is_integer() else math.ceil(value)


def format_ordinal(n: int, lang: str) -> str:
    """1er, 2e, 11e; 1st, 2nd, 3rd, 11th, 21st; 1º; 1.: suffix from the CLDR ordinal category (Babel has no ordinals)."""
    return style(lang).ordinal(n)


# --- lap times and gaps (integer milliseconds; never through floats) ---------------------------------


def format_laptime(ms: int, lang: str) -> str:
    """fr 2'06''894, en 2:06.894, it 2'06"894, pl 2:06,894; under a minute: fr 58''104, en 58.104."""
    return style(lang).time.laptime(ms)


def format_gap_ms(ms: int, lang: str) -> str:
    """fr +0''284, en +0.284s, it +0"284, pl +0,284 s; from a minute: fr +1'02''345, en +1:02.345."""
    return style(lang).time.gap(ms)


def format_gap(row: ClassifiedRow, lang: str) -> str:
    """The winner's laps, a lapped car's laps down, or the time gap; a dash where none is published."""
    catalog = translations(lang)
    if row.gap is None:
        return catalog.ngettext("%(num)s lap", "%(num)s laps", row.laps) % {"num": row.laps}
    gap = row.gap
    if gap.laps:
        return catalog.ngettext("+%(num)s lap", "+%(num)s laps", gap.laps) % {"num": gap.laps}
    return format_gap_ms(gap.ms, lang) if gap.ms is not None else "–"


def format_points(points: int | float | None, lang: str) -> str:
    """223 points, 1 point; half points count as the next whole number for the plural; a total a
    place the data does not establish might change reads as such."""
    if points is None:
        return translations(lang).gettext("points not established")
    count = plural_count(points)
    text = translations(lang).ngettext("%(points)s point", "%(points)s points", count)
    return text % {"points": format_number(points, lang)}


# --- typography ----------------------------------------------------------------------------------------


def typography(text: str, lang: str) -> str:
    """A language's house typography on plain text (French spacing, quotation marks, apostrophes)."""
    return style(lang).typography.apply(text)


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_RAW_ELEMENTS = re.compile(r"<(style|script|code|pre)\b", re.I)
_START_TAG = re.compile(r"<([a-zA-Z][\w-]*)([^>]*)>")
_END_TAG = re.compile(r"</([a-zA-Z][\w-]*)\s*>")
_LANG = re.compile(r"""\slang=["']?([\w-]+)""")
_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"])


def typeset_html(html: str, lang: str) -> str:
    """Apply typography to the text of an HTML document, never to tags or raw elements: each
    text in the language its element says (a draft's stand-in source text keeps its own rules)."""
    out: list[str] = []
    raw_until: str | None = None
    open_elements: list[tuple[str, str]] = []  # (tag, language), innermost last
    for piece in _TAG_OR_TEXT.split(html):
        if piece.startswith("<"):
            if raw_until is None and (m := _RAW_ELEMENTS.match(piece)):
                raw_until = f"</{m.group(1).lower()}"
            elif raw_until and piece.lower().startswith(raw_until):
                raw_until = None
            _follow(piece, open_elements, lang)
            out.append(piece)
        elif raw_until:
            out.append(piece)
        else:  # entities decoded first, so `&amp;` never reads as a semicolon
            current = open_elements[-1][1] if open_elements else lang
            out.append(escape(typography(unescape(piece), current), quote=False))
    return "".join(out)


def _follow(tag: str, open_elements: list[tuple[str, str]], lang: str) -> None:
    """Keep the stack of open elements and their languages (a lang pressgen has no style for,
    or none, inherits)."""
    if end := _END_TAG.match(tag):
        name = end.group(1).lower()
        if any(open_name == name for open_name, _ in open_elements):
            while open_elements and open_elements.pop()[0] != name:
                pass
    elif (start := _START_TAG.match(tag)) and start.group(1).lower() not in _VOID and not tag.endswith("/>"):
        inherited = open_elements[-1][1] if open_elements else lang
        own = _LANG.search(start.group(2))
        open_elements.append((start.group(1).lower(), own.group(1) if own and languages.is_known(own.group(1)) else inherited))
