"""Locale formats, worked by hand from the house style (brief and reference release)."""

import datetime as dt

import pytest

from generator import i18n
from generator.classify import ClassifiedRow, Gap
from generator.i18n import format_gap


@pytest.mark.parametrize(
    "ms, fr, en",
    [
        (126894, "2'06''894", "2:06.894"),
        (118104, "1'58''104", "1:58.104"),
        (60000, "1'00''000", "1:00.000"),
        (59999, "59''999", "59.999"),
        (5, "0''005", "0.005"),
        (3723456, "62'03''456", "62:03.456"),
    ],
)
def test_laptime(ms, fr, en):
    assert (i18n.format_laptime(ms, "fr"), i18n.format_laptime(ms, "en")) == (fr, en)


@pytest.mark.parametrize(
    "ms, fr, en",
    [(284, "+0''284", "+0.284s"), (24141, "+24''141", "+24.141s"), (62345, "+1'02''345", "+1:02.345")],
)
def test_gap(ms, fr, en):
    assert (i18n.format_gap_ms(ms, "fr"), i18n.format_gap_ms(ms, "en")) == (fr, en)


def row(gap, laps=12):
    return ClassifiedRow("X", "T", 2, 2, "classified", laps, gap)


@pytest.mark.parametrize(
    "gap, laps, fr, en",
    [
        (None, 12, "12 tours", "12 laps"),
        (None, 1, "1 tour", "1 lap"),
        (Gap(laps=1), 11, "+1 tour", "+1 lap"),
        (Gap(laps=2), 10, "+2 tours", "+2 laps"),
        (Gap(ms=284), 12, "+0''284", "+0.284s"),
        (Gap(), 12, "–", "–"),  # on the lead lap, gap not published
    ],
)
def test_gap_cell(gap, laps, fr, en):
    assert (format_gap(row(gap, laps), "fr"), format_gap(row(gap, laps), "en")) == (fr, en)


@pytest.mark.parametrize(
    "n, fr, en",
    [(1, "1er", "1st"), (2, "2e", "2nd"), (3, "3e", "3rd"), (4, "4e", "4th"), (11, "11e", "11th"),
     (12, "12e", "12th"), (13, "13e", "13th"), (21, "21e", "21st"), (22, "22e", "22nd"), (103, "103e", "103rd"),
     (111, "111e", "111th")],
)
def test_ordinal(n, fr, en):
    assert (i18n.format_ordinal(n, "fr"), i18n.format_ordinal(n, "en")) == (fr, en)


def test_release_date():
    day = dt.date(2024, 10, 21)
    assert (i18n.format_release_date(day, "fr"), i18n.format_release_date(day, "en")) == ("21/10/2024", "21 October 2024")


def test_list():
    networks = ["Facebook", "X", "Instagram", "Youtube"]
    assert i18n.format_list(networks, "fr") == "Facebook, X, Instagram et Youtube"
    assert i18n.format_list(networks, "en") == "Facebook, X, Instagram and Youtube"


@pytest.mark.parametrize(
    "value, fr, en", [(223, "223", "223"), (12.5, "12,5", "12.5"), (1250, "1\u202f250", "1,250")],
)
def test_number(value, fr, en):
    assert (i18n.format_number(value, "fr"), i18n.format_number(value, "en")) == (fr, en)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rendez-vous sur Youtube !", "Rendez-vous sur Youtube\u202f!"),
        ("Incroyable!", "Incroyable\u202f!"),
        ("Pourquoi ? Parce que ; voilà", "Pourquoi\u202f? Parce que\u202f; voilà"),
        ("Twitter : @Alpinecars", "Twitter\u00a0: @Alpinecars"),
        ("La suite: a priori", "La suite\u00a0: a priori"),
        ("le « Temple de la Vitesse »", "le «\u00a0Temple de la Vitesse\u00a0»"),
        ("«Dream Garage»", "«\u00a0Dream Garage\u00a0»"),
        ("l'A290 d'Alpine", "l\u2019A290 d\u2019Alpine"),
        ("2'06''894 et +0''284", "2'06''894 et +0''284"),
        ("media.alpinecars.com/?lang=fra", "media.alpinecars.com/?lang=fra"),
        ("12:30", "12:30"),
    ],
)
def test_french_typography(text, expected):
    assert i18n.typography(text, "fr") == expected


def test_typography_spares_tags_entities_and_styles():
    html = '<p title="a : b">Tom &amp; Jerry ! <a href="x?y=1">lien</a> !</p><style>a:hover{color:red;}</style>'
    assert i18n.typeset_html(html, "fr") == (
        '<p title="a : b">Tom &amp; Jerry\u202f! <a href="x?y=1">lien</a>\u202f!</p><style>a:hover{color:red;}</style>'
    )
    assert i18n.typeset_html(html, "en") == html


def test_catalogs_translate_the_fixed_strings():
    fr, en = i18n.translations("fr"), i18n.translations("en")
    assert fr.gettext("They said") == "Ils ont dit"
    assert en.gettext("They said") == "They said"
    assert fr.ngettext("%(num)s lap", "%(num)s laps", 1) % {"num": 1} == "1 tour"


@pytest.mark.parametrize(
    "points, fr, en",
    [(223, "223 points", "223 points"), (1, "1 point", "1 point"), (0, "0 point", "0 points"),
     (12.5, "12,5 points", "12.5 points"), (None, "points non établis", "points not established")],
)
def test_points(points, fr, en):
    from generator.i18n import format_points

    assert (format_points(points, "fr"), format_points(points, "en")) == (fr, en)
