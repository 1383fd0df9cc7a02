"""Result cards: one image per race for social networks, 1080x1350 px (the 4:5 portrait a feed
shows whole), in the release's language, with its alternative text beside it.

A card shows what the release's race table shows, no more: the series' brand, the race and where
it ran, and the top places the data establishes (after the stewards' decisions) with their gaps
to the classified winner, formatted as the release formats them (`12 tours`, `+0''284`,
`+1 tour`), at most CARD_ROWS of them. templates/card.html lays it out in HTML and CSS in the
house font; WeasyPrint prints it on one page of exactly WIDTH x HEIGHT CSS pixels; PDFium
(pypdfium2, pinned: the same renderer and so the same pixels on every machine) rasterises that
page at 96 dpi, and Pillow writes the pixels as a PNG with fixed settings and no chunk but the
image's own (no time, no text, no physical size), so the same inputs give the same bytes.
"""

from __future__ import annotations

import io
from functools import cache
from typing import TYPE_CHECKING

from .. import i18n
from ..classify import ClassifiedRow
from ..i18n import format_gap
from ..view import RaceTable, ReleaseContext

if TYPE_CHECKING:
    from ..pdf import Printer

WIDTH, HEIGHT = 1080, 1350  # pixels of the PNG, and CSS pixels of the page it is printed on
CARD_ROWS = 10  # places shown at most: a 30-car field shows its top ten
PDF_POINTS_PER_PX = 0.75  # CSS: 96 px to the inch, PDF: 72 points to the inch
PNG_COMPRESSION = 6  # zlib level, fixed so the bytes are too (9 took three times as long for 3 % less)


def card_race(context: ReleaseContext, number: int) -> RaceTable:
    race = next((race for race in context.races if race.number == number), None)
    if race is None or not race.rows or race.rows[0].position != 1:
        raise ValueError(f"race {number} of {context.round.id} has no established winner: no card")
    return race


def card_rows(race: RaceTable) -> tuple[ClassifiedRow, ...]:
    """The places the card shows: the release's top places, CARD_ROWS at most."""
    return race.rows[:CARD_ROWS]


def card_variables(context: ReleaseContext, number: int) -> dict[str, object]:
    """What templates/card.html receives besides every release template's variables."""
    race = card_race(context, number)
    return {"race": race, "rows": card_rows(race), "width": WIDTH, "height": HEIGHT}


def card_png(html: str) -> bytes:
    """The card's source document printed, then rasterised."""
    return rasterise(card_pdf(html))


def card_pdf(html: str) -> bytes:
    """The card printed on its one page (a plain PDF: it is an intermediate, never written)."""
    document = _printer().layout(html)
    if len(document.pages) != 1:
        raise ValueError(f"a result card must fit one page; it took {len(document.pages)}")
    pdf: bytes = document.write_pdf()
    return pdf


@cache
def _printer() -> Printer:
    """One per process: its font configuration and caches serve every card."""
    from ..pdf import Printer

    return Printer()


def rasterise(pdf: bytes) -> bytes:
    """The PDF's first page as a WIDTH x HEIGHT RGB PNG: PDFium at 96 dpi (a CSS pixel to a pixel),
    anti-aliased, no form fields or annotations drawn; written by Pillow without metadata."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        bitmap = page.render(scale=1 / PDF_POINTS_PER_PX, may_draw_forms=False, draw_annots=False, prefer_bgrx=False)
        image = bitmap.to_pil().convert("RGB")
    finally:
        document.close()
    if image.size != (WIDTH, HEIGHT):
        raise ValueError(f"a result card must be {WIDTH}x{HEIGHT} pixels; PDFium drew {image.size[0]}x{image.size[1]}")
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=PNG_COMPRESSION, optimize=False)
    return out.getvalue()


def alt_text(context: ReleaseContext, number: int) -> str:
    """What the card shows, in one sentence of the release's language, for the image's
    alternative text: "Race 1 results card, Bravo, Demo Cup 2025: 1. Ben Brooks (Azur Racing), 12 laps; ..."."""
    lang = context.lang
    t = i18n.translations(lang)
    race = card_race(context, number)
    places = "; ".join(
        t.gettext("%(position)s. %(driver)s (%(team)s), %(gap)s") % {"position": row.position, "driver": row.driver, "team": row.team,
                                                                     "gap": format_gap(row, lang)}
        for row in card_rows(race)
    )
    sentence = t.gettext("Race %(number)s results card, %(venue)s, %(series)s %(year)s: %(places)s.") % {
        "number": number, "venue": context.season.venue(context.round.id), "series": context.season.series,
        "year": context.season.year, "places": places}
    return i18n.typography(sentence, lang)
