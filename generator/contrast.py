"""Readable colours from a season's brand: WCAG 2 contrast ratios, and the brand colours adjusted
where they would make text or links too faint (WCAG AA: 4.5:1 for text of any size).

Pure: a brand in, a palette out. The brand's own colours stay where they are decoration
(backgrounds, rules, the chart's line); text takes the nearest colour of the same hue that
reads, darkened on light paper (or lightened on dark)."""

from __future__ import annotations

from dataclasses import dataclass

AA_TEXT = 4.5  # WCAG 2.x success criterion 1.4.3, normal text
# Text stands on the paper and on the house's tinted panels (the highlights, a draft's untranslated
# text); text that reads on the darkest of them reads on all, darkening only adds contrast.
LIGHT_BACKGROUNDS = ("#FFFFFF", "#F2F5FA", "#FFF4D6")  # release.css: --paper, .highlights, .untranslated
INK = "#1D2330"  # body text (release.css --ink)
WHITE = "#FFFFFF"
BLACK = "#000000"


def _channels(colour: str) -> tuple[int, int, int]:
    """"#1C8FE3" -> (28, 143, 227); the model has already checked the form #RRGGBB."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _hex(channels: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(255.0, max(0.0, c))):02X}" for c in channels)


def _linear(channel: int) -> float:
    """An sRGB channel (0-255) made linear, as WCAG 2 defines it."""
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    r, g, b = (_linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05), the lighter colour's luminance over the darker's: 1 to 21."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _mix(colour: str, toward: str, amount: float) -> str:
    (r, g, b), (tr, tg, tb) = _channels(colour), _channels(toward)
    return _hex((r + (tr - r) * amount, g + (tg - g) * amount, b + (tb - b) * amount))


def readable_on(colour: str, background: str, minimum: float = AA_TEXT) -> str:
    """`colour` itself when it reads on `background`; else the least mix of it with black (on a
    light background) or white (on a dark one) that does, so the hue stays the brand's. Mixing
    all the way reaches black or white, which read on any background at least 4.58:1
    (max(L+0.05)/0.05, 1.05/(L+0.05)) >= sqrt(21)), so it always ends."""
    if contrast_ratio(colour, background) >= minimum:
        return _hex(_channels(colour))
    toward = BLACK if contrast_ratio(BLACK, background) >= contrast_ratio(WHITE, background) else WHITE
    low, high = 0.0, 1.0  # the least amount found to read lies in (low, high]
    for _ in range(24):
        middle = (low + high) / 2
        if contrast_ratio(_mix(colour, toward, middle), background) >= minimum:
            high = middle
        else:
            low = middle
    mixed = _mix(colour, toward, high)
    step = 0.0
    while contrast_ratio(mixed, background) < minimum:  # rounding to whole channels may lose a hair
        step += 1 / 255
        mixed = _mix(colour, toward, min(1.0, high + step))
    return mixed


def text_on(background: str, minimum: float = AA_TEXT) -> str:
    """White text on a dark background, the house ink on a light one, black where neither reads."""
    for candidate in (WHITE, INK, BLACK):
        if contrast_ratio(candidate, background) >= minimum:
            return candidate
    return WHITE if contrast_ratio(WHITE, background) > contrast_ratio(BLACK, background) else BLACK


@dataclass(frozen=True)
class Palette:
    """The colours every edition draws with, from one brand."""

    brand: str  # the brand's primary colour as given: masthead background, chart line
    accent: str  # the accent as given: rules and borders (decoration, no text)
    brand_text: str  # headlines, headings, positions, links: the primary, readable on paper
    accent_text: str  # the email's links and the footnote mark: the accent, readable on paper
    on_brand: str  # the masthead's text and links, on the primary


def palette(primary: str, accent: str) -> Palette:
    paper = min(LIGHT_BACKGROUNDS, key=relative_luminance)
    return Palette(
        brand=_hex(_channels(primary)),
        accent=_hex(_channels(accent)),
        brand_text=readable_on(primary, paper),
        accent_text=readable_on(accent, paper),
        on_brand=text_on(primary),
    )
