"""Localization in one place: catalogs, and every locale format (dates, numbers, ordinals, lap
times, gaps, lists, French typography). Pure functions of (value, language)."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape, unescape
from pathlib import Path

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.lists import format_list as babel_format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"


@dataclass(frozen=True)
class LanguageStyle:
    """House style per language: which CLDR locale formats it, and the press conventions."""

    locale: str
    release_date: str  # a Babel date format or pattern
    quote_open: str
    quote_close: str


STYLES = {
    "fr": LanguageStyle("fr_FR", "short", "«\u00a0", "\u00a0»"),
    "en": LanguageStyle("en_GB", "long", "\u201c", "\u201d"),
    "it": LanguageStyle("it_IT", "long", "«", "»"),
}


def style(lang: str) -> LanguageStyle:
    return STYLES[lang]


# --- catalogs -----------------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def translations(lang: str) -> Translations:
    """The language's catalog, read from its .po file without a compile step."""
    po_path = LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.is_file():
        raise FileNotFoundError(po_path)
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
    """The full date and hour:minute in the embargo's own offset, combined as CLDR combines them:
    fr "lundi 21 octobre 2024, 08:00 UTC+02:00", en "Monday, 21 October 2024, 08:00 GMT+02:00"."""
    locale = Locale.parse(style(lang).locale)
    time = f"{locale.datetime_skeletons['Hm'].pattern} ZZZZ"
    pattern = locale.datetime_formats["long"].format(time, locale.date_formats["full"].pattern)
    return babel_format_datetime(moment, pattern, tzinfo=moment.tzinfo, locale=locale)


def format_list(items: list[str], lang: str) -> str:
    return babel_format_list(items, locale=style(lang).locale)


def plural_count(value: float | None) -> int:
    """The number a plural form is chosen by: half points count as the next whole number."""
    if value is None:
        return 0
    return int(value) if float(value).is_integer() else math.ceil(value)


_ORDINAL_SUFFIXES = {
    "fr": {"one": "er", "other": "e"},
    "en": {"one": "st", "two": "nd", "few": "rd", "other": "th"},
    "it": {"other": "º"},  # 1º, 2º: the masculine ordinal indicator, whatever the CLDR category
}


def format_ordinal(n: int, lang: str) -> str:
    """1er, 2e, 11e; 1st, 2nd, 3rd, 11th, 21st: suffix from the CLDR ordinal category (Babel has no ordinals)."""
    category = Locale.parse(style(lang).locale).ordinal_form(n)
    suffixes = _ORDINAL_SUFFIXES[lang]
    return f"{n}{suffixes.get(category, suffixes['other'])}"


# --- lap times and gaps (integer milliseconds; never through floats) ---------------------------------


def format_laptime(ms: int, lang: str) -> str:
    """fr 2'06''894, en 2:06.894; under a minute: fr 58''104, en 58.104."""
    minutes, rest = divmod(ms, 60_000)
    seconds, millis = divmod(rest, 1000)
    if lang == "fr":
        return f"{minutes}'{seconds:02d}''{millis:03d}" if minutes else f"{seconds}''{millis:03d}"
    return f"{minutes}:{seconds:02d}.{millis:03d}" if minutes else f"{seconds}.{millis:03d}"


def format_gap_ms(ms: int, lang: str) -> str:
    """fr +0''284, en +0.284s; from a minute: fr +1'02''345, en +1:02.345."""
    text = format_laptime(ms, lang)
    return f"+{text}" if lang == "fr" or ms >= 60_000 else f"+{text}s"


# --- French typography --------------------------------------------------------------------------------

NBSP, NNBSP = "\u00a0", "\u202f"

_FRENCH_RULES = [
    (re.compile(r"[ \u00a0\u202f]*([;!?])(?=\s|$|<|[»)\]])"), NNBSP + r"\1"),  # narrow nbsp before ; ! ?
    (re.compile(r"[ \u00a0\u202f]+:"), NBSP + ":"),  # nbsp before a colon already spaced
    (re.compile(r"(?<=[^\W\d_])\s*:(?=\s)"), NBSP + ":"),  # word: -> word :
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NBSP),  # inside guillemets
    (re.compile(r"[ \u00a0\u202f]*»"), NBSP + "»"),
    (re.compile(r"(?<=[^\W\d_])'(?=\w)"), "\u2019"),  # apostrophe, never a minute mark (2'06''894)
]


def french_typography(text: str) -> str:
    """Apply the house rule (after the Imprimerie nationale) to plain text."""
    for pattern, replacement in _FRENCH_RULES:
        text = pattern.sub(replacement, text)
    return text


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_RAW_ELEMENTS = re.compile(r"<(style|script|code|pre)\b", re.I)


def typeset_html(html: str, lang: str) -> str:
    """Apply a language's typography to the text of an HTML document, never to tags or raw elements."""
    if lang != "fr":
        return html
    out, raw_until = [], None
    for piece in _TAG_OR_TEXT.split(html):
        if piece.startswith("<"):
            if raw_until is None and (m := _RAW_ELEMENTS.match(piece)):
                raw_until = f"</{m.group(1).lower()}"
            elif raw_until and piece.lower().startswith(raw_until):
                raw_until = None
            out.append(piece)
        elif raw_until:
            out.append(piece)
        else:  # entities decoded first, so `&amp;` never reads as a semicolon
            out.append(escape(french_typography(unescape(piece)), quote=False))
    return "".join(out)
