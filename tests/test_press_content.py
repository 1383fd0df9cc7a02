"""What a press office expects in a release beyond the results, exercised on the demo season
(illustrative data): press contacts, the dateline, the public base URL, and what the Monza
season, which has none of them, keeps."""

import io
import re

import pytest

from generator.build import BuildRequest, build

from .conftest import SEASONS
from .goldens import pdf_text
from .test_release import flatten, html_text

DEMO = SEASONS / "2025-demo-cup"
ROUND = "02-bravo"


@pytest.fixture
def demo_folder(bravo_folder):
    """The demo season's round 02-bravo in every edition and both languages (built once a session)."""
    return bravo_folder


def read(folder, lang, suffix) -> str:
    return (folder / f"{ROUND}-{lang}{suffix}").read_text(encoding="utf-8")


def pdf(folder, lang) -> str:
    return flatten(pdf_text((folder / f"{ROUND}-{lang}.pdf").read_bytes()))


# --- press contacts ------------------------------------------------------------------------------

CONTACT_LINKS = ['href="tel:+33199000001"', 'href="mailto:presse@demo-cup.example"', 'href="mailto:media@demo-cup.example"']


@pytest.mark.parametrize("suffix", [".html", ".email.html"])
def test_contacts_are_linked_in_the_web_page_and_email(demo_folder, suffix):
    page = read(demo_folder, "fr", suffix)
    for link in CONTACT_LINKS:
        assert link in page
    assert "Contacts presse" in html_text(page)
    assert "Jeanne Exemple, Attachée de presse +33 1 99 00 00 01 presse@demo-cup.example" in html_text(page)


@pytest.mark.parametrize("suffix", [".html", ".email.html"])
def test_contacts_are_the_last_block(demo_folder, suffix):
    text = html_text(read(demo_folder, "en", suffix))
    assert text.endswith("Press contacts Jeanne Exemple, Press officer +33 1 99 00 00 01 presse@demo-cup.example "
                         "Tom Sample, Media manager media@demo-cup.example")


def test_contacts_end_the_text_edition(demo_folder):
    text = read(demo_folder, "en", ".txt")
    assert text.endswith(
        "\n\n\nPRESS CONTACTS\n\nJeanne Exemple, Press officer\n+33 1 99 00 00 01\npresse@demo-cup.example\n"
        "\nTom Sample, Media manager\nmedia@demo-cup.example\n"
    )


def test_contacts_end_the_pdf(demo_folder):
    text = pdf(demo_folder, "fr")
    contacts = "Jeanne Exemple, Attachée de presse +33 1 99 00 00 01 presse@demo-cup.example Tom Sample, Responsable des médias media@demo-cup.example"
    assert contacts in text
    after = text.split(contacts, 1)[1]  # only the last page's running header and page number follow
    assert re.fullmatch(r" Demo Cup \(illustrative data\) Communiqué de presse · 19/05/2025 page (\d+)/\1", after), after


def test_the_running_heads_print_the_series_name_as_written(tmp_path):
    """The running heads come from the release's own CSS rules: an ampersand or a quotation
    mark in the series' name is printed as such (with the language's quotation marks, as in the
    masthead), not as an HTML entity, and ends no CSS string."""
    import shutil

    season = tmp_path / "2025-demo-cup"
    shutil.copytree(DEMO, season)
    season_file = season / "season.yaml"
    text = season_file.read_text(encoding="utf-8")
    season_file.write_text(text.replace("series: Demo Cup (illustrative data)", """series: 'Demo Cup & "Friends"'"""), encoding="utf-8")
    build(BuildRequest(season, tmp_path / "out", round_id=ROUND, formats=("pdf",)))
    text = pdf(tmp_path / "out" / "2025-demo-cup" / ROUND, "en")
    assert text.startswith("Demo Cup & \u201cFriends\u201d PRESS RELEASE")  # the masthead, as the page's text
    assert re.search(r" Demo Cup & \u201cFriends\u201d Press release · 19 May 2025 page (\d+)/\1$", text), text[-200:]
    assert "&amp;" not in text and "&#34;" not in text


def test_a_round_names_its_own_contacts(tmp_path):
    import shutil

    season = tmp_path / "2025-demo-cup"
    shutil.copytree(DEMO, season)
    round_file = season / "rounds" / ROUND / "round.yaml"
    round_file.write_text(round_file.read_text(encoding="utf-8")
                          + "press_contacts:\n  - {name: Round Person, phone: \"+44 20 7946 0000\"}\n", encoding="utf-8")
    build(BuildRequest(season, tmp_path / "out", round_id=ROUND, formats=("text",)))
    text = (tmp_path / "out" / "2025-demo-cup" / ROUND / f"{ROUND}-en.txt").read_text(encoding="utf-8")
    assert text.endswith("\n\n\nPRESS CONTACT\n\nRound Person\n+44 20 7946 0000\n")
    assert "Jeanne Exemple" not in text


# --- dateline ------------------------------------------------------------------------------------

# Worked by hand: the calendar's venue of 02-bravo ("Bravo") and the release date 2025-05-19 in
# each locale's long form; French says "le" before the date.
DATELINES = {"fr": "Bravo, le 19 mai 2025 – Ce communiqué illustre", "en": "Bravo, 19 May 2025 – This release illustrates"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_dateline_runs_into_the_lead(demo_folder, lang):
    assert DATELINES[lang] in html_text(read(demo_folder, lang, ".html"))
    assert DATELINES[lang] in html_text(read(demo_folder, lang, ".email.html"))
    assert DATELINES[lang] in pdf(demo_folder, lang)
    assert DATELINES[lang].replace("'", "\u2019") in read(demo_folder, lang, ".txt").replace("\u00a0", " ")


def test_a_round_can_dateline_another_place(tmp_path):
    import shutil

    season = tmp_path / "2025-demo-cup"
    shutil.copytree(DEMO, season)
    round_file = season / "rounds" / ROUND / "round.yaml"
    round_file.write_text(round_file.read_text(encoding="utf-8") + "dateline_place: Bravo-les-Bains\n", encoding="utf-8")
    build(BuildRequest(season, tmp_path / "out", round_id=ROUND, langs=("en",), formats=("text",)))
    text = (tmp_path / "out" / "2025-demo-cup" / ROUND / f"{ROUND}-en.txt").read_text(encoding="utf-8")
    assert "\n\nBravo-les-Bains, 19 May 2025 – This release" in text


def test_monza_keeps_the_reference_date_line_and_no_dateline(built):
    html, _ = built["fr"]
    assert 'class="dateline"' not in html
    assert '<p class="release-date"><time datetime="2024-10-21">21/10/2024</time></p>' in html
    assert "Monza, le" not in html_text(html)


# --- public base URL -----------------------------------------------------------------------------


def test_the_email_links_the_hosted_web_page_and_pdf(demo_folder):
    email = read(demo_folder, "fr", ".email.html")
    base = "https://press.demo-cup.example/releases/2025-demo-cup/02-bravo/"
    assert f'href="{base}02-bravo-fr.html"' in email
    assert f'href="{base}02-bravo-fr.pdf"' in email


def test_without_a_base_url_the_email_links_nothing_hosted(monza_folder):
    email = (monza_folder / "06-monza-fr.email.html").read_text(encoding="utf-8")
    assert "Lire en ligne" not in email
    assert 'class="online"' not in email


# --- layout: the closing lines keep with the block before --------------------------------------------

CLOSING = ('<section class="about"><h2>About</h2><p>First about paragraph.</p><p>Last about paragraph.</p></section>'
           '<p class="social">Follow the Demo Cup on Facebook.</p><p class="signoff">Demo Cup press office</p>'
           '<section class="press-contacts"><h2>Press contact</h2><ul><li><strong>Jeanne</strong><br>+33 1 99 00 00 01</li></ul></section>')


def test_no_page_holds_only_the_closing_lines():
    """The release's end (boilerplate, social line, sign-off, contacts) after a block of every
    height that puts a page break among them: the last page always starts with the boilerplate's
    last paragraph at the latest. Without the house rule, heights 198-234 mm leave the social
    line, the sign-off or the contacts alone on the last page."""
    from pypdf import PdfReader

    from generator.paths import house_stylesheet
    from generator.pdf import Printer

    printer = Printer()
    for height in range(192, 250, 6):
        html = (f'<html lang="en"><head><title>t</title><style>\n{house_stylesheet()}</style></head><body><main>'
                f'<article class="release"><div style="height:{height}mm"></div>{CLOSING}</article></main></body></html>')
        pages = PdfReader(io.BytesIO(printer.pdf(html))).pages
        assert len(pages) == 1 or "Last about paragraph." in pages[-1].extract_text(), height


# --- layout: the points column -----------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".html", ".email.html"])
def test_the_points_column_has_no_dash(demo_folder, suffix):
    page = read(demo_folder, "en", suffix)
    assert re.search(r'<td class="points"[^>]*>28 points</td>', page)
    assert "– 28 points" not in page


def _last_column_texts(lang: str) -> dict[str, list[str]]:
    """The longest texts the printed tables' last column may hold in a language, per column."""
    from generator import i18n

    catalog = i18n.translations(lang)
    laps = [catalog.ngettext("+%(num)s lap", "+%(num)s laps", n) % {"num": n} for n in (2, 5, 12, 22)]
    laps += [catalog.ngettext("%(num)s lap", "%(num)s laps", n) % {"num": n} for n in (2, 5, 188)]
    return {"gap": [*laps, i18n.format_gap_ms(3_599_999, lang)],
            "points": [i18n.format_points(None, lang), i18n.format_points(1888.5, lang)]}


@pytest.mark.parametrize("lang", ["fr", "en", "it", "pl"])
def test_the_printed_tables_last_column_holds_its_longest_texts(lang):
    """Print lays the results and standings out in fixed columns (release.css): the gap and
    points columns must hold the longest text each may print, bold as a winner's or a leader's."""
    from generator.paths import house_stylesheet
    from generator.pdf import Printer

    tables = "".join(
        f'<table class="classification"><thead><tr><th class="pos" scope="col">Pos.</th><th class="driver" scope="col">Driver</th>'
        f'<th class="{column}" scope="col">{column}</th></tr></thead><tbody>'
        + "".join(f'<tr><td class="pos">{n}.</td><td class="driver">Driver</td><td class="{column}">{text}</td></tr>'
                  for text in texts for n in (1, 2))  # each text first in its table (bold) and not
        + "</tbody></table>"
        for column, texts in _last_column_texts(lang).items()
    )
    document = Printer().layout(f'<html lang="{lang}"><body><section class="results">{tables}</section></body></html>',
                                stylesheets=(house_stylesheet(),))

    def boxes(box):
        yield box
        for child in getattr(box, "children", ()):
            yield from boxes(child)

    cells = [b for page in document.pages for b in boxes(page._page_box) if type(b).__name__ == "TableCellBox"
             and b.element.tag == "td" and b.element.get("class") in ("gap", "points")]
    assert len(cells) == 2 * sum(len(texts) for texts in _last_column_texts(lang).values())
    for cell in cells:
        right = cell.content_box_x() + cell.width
        for text in (b for b in boxes(cell) if type(b).__name__ == "TextBox"):
            assert text.position_x + text.width <= right + 0.01, (text.text, text.position_x + text.width - right)


def test_the_text_edition_keeps_its_aligned_points(demo_folder):
    assert "\n1. Eva Esteve     28 points\n" in read(demo_folder, "en", ".txt")


# --- layout: the chart on a phone ----------------------------------------------------------------------


def test_the_chart_has_a_narrow_drawing_with_every_race_and_round_labelled(demo_folder):
    page = read(demo_folder, "en", ".html")
    narrow = page[page.index('<svg class="chart-narrow"'):]
    narrow = narrow[: narrow.index("</svg>")]
    assert 'viewBox="0 0 340 260"' in narrow
    labels = re.findall(r">([^<>]+)</text>", narrow)
    # Before, the two races of 01-alpha and of 02-bravo; each round named once, under its races.
    assert [label for label in labels if label in ("Before", "R1", "R2", "Alpha", "Bravo")] == \
        ["Before", "R1", "R2", "R1", "R2", "Alpha", "Bravo"]
    assert "Esteve (28)" in labels and "Eva Esteve (28)" not in labels  # the family name, for room
    assert re.search(r'font-size="11"', narrow)
    assert "@media screen and (max-width: 32em)" in page


# --- branding on the indexes ---------------------------------------------------------------------------


def test_the_season_index_carries_the_season_brand(tmp_path):
    import base64

    build(BuildRequest(SEASONS, tmp_path, formats=("html",)))
    demo = (tmp_path / "2025-demo-cup" / "index.html").read_text(encoding="utf-8")
    assert ":root { --brand: #2E3440; --accent: #D08770; --brand-text: #2E3440; " in demo  # the accent made readable for text: test_contrast.py
    logo = base64.b64encode((DEMO / "logo.png").read_bytes()).decode("ascii")
    assert f'<header class="masthead">\n<img class="logo" src="data:image/png;base64,{logo}" alt="Demo Cup (illustrative data)">' in demo  # the logo names the series
    assert '<p class="series">Demo Cup (illustrative data)</p>' in demo
    monza = (tmp_path / "2024-alpine-elf-cup" / "index.html").read_text(encoding="utf-8")
    assert ":root { --brand: #0A2A5E; --accent: #1C8FE3; --brand-text: #0A2A5E; " in monza and '<img class="logo"' not in monza
    assert 'class="masthead"' not in (tmp_path / "index.html").read_text(encoding="utf-8")  # every season's: no one brand


def test_the_archive_index_carries_the_season_brand(tmp_path):
    import datetime as dt
    import shutil

    from generator.commands.publish import PublishRequest, publish

    season = tmp_path / "2025-demo-cup"
    shutil.copytree(DEMO, season)
    publish(PublishRequest(season, "01-alpha", dt.date(2025, 4, 14), tmp_path / "archive"))
    index = (tmp_path / "archive" / "2025-demo-cup" / "index.html").read_text(encoding="utf-8")
    assert ":root { --brand: #2E3440; --accent: #D08770; --brand-text: #2E3440; " in index  # the accent made readable for text: test_contrast.py
    assert '<img class="logo" src="data:image/png;base64,' in index


# --- the full classification annex --------------------------------------------------------------------

# Worked by hand from rounds/02-bravo/round.yaml (see tests/test_demo_season.py): race 1, Ana Alves
# +5 s and Gus Garnier two places back; race 2, Chloé Carrel disqualified (she took the flag first,
# so she covered the 12 laps), Gus Garnier retired after 10 laps and classified, Finn Faure did
# not start, Dan Duval loses 2 championship points; each car a decision concerns carries the
# body's † mark (it refers to the stewards' decisions section). Gaps are to the classified winner: race 2's
# are measured from Eva Esteve (2.000 behind Chloé at the flag): Ben 2.500 - 2.000 = 0.500, Dan
# 2.000, Ana 3.000; Gus, moved back behind cars his road time beat, prints no gap (–).
ANNEX_RACE_1 = [
    "1. Ben Brooks (Azur Racing) 12", "2. Chloé Carrel (Bleu Motorsport) 12 +3.000s 1:30.100",
    "3. Ana Alves (Azur Racing) † 12 +6.000s +5 s", "4. Gus Garnier (Cyan Team) † 12 – 2 places back",
    "5. Eva Esteve (Cyan Team) 12 +8.000s", "6. Dan Duval (Bleu Motorsport) 12 +9.000s",
    "7. Finn Faure (Cyan Team) 11 +1 lap",
]
ANNEX_RACE_2 = [
    "1. Eva Esteve (Cyan Team) 12 1:29.800", "2. Ben Brooks (Azur Racing) 12 +0.500s",
    "3. Dan Duval (Bleu Motorsport) † 12 +2.000s 2 championship points deducted",
    "4. Ana Alves (Azur Racing) 12 +3.000s", "5. Gus Garnier (Cyan Team) 10 +2 laps",
    "DNS Finn Faure (Cyan Team) 0", "DSQ Chloé Carrel (Bleu Motorsport) † 12 disqualified",
]


def annex_text(page: str) -> str:
    return html_text(page[page.index('<section class="annex"'):])


def test_the_web_page_has_every_car_of_every_race(demo_folder):
    annex = annex_text(read(demo_folder, "en", ".html"))
    race_1, race_2 = annex.split("Race 1 (12 laps)")[1].split("Race 2 (12 laps)")
    positions = [race_1.find(line) for line in ANNEX_RACE_1]
    assert -1 not in positions and positions == sorted(positions), list(zip(ANNEX_RACE_1, positions, strict=True))
    positions = [race_2.find(line) for line in ANNEX_RACE_2]
    assert -1 not in positions and positions == sorted(positions), list(zip(ANNEX_RACE_2, positions, strict=True))


def test_the_body_keeps_its_top_five(demo_folder):
    page = read(demo_folder, "en", ".html")
    body = html_text(page[page.index('<section class="results">'):page.index('<section class="annex"')])
    assert "5. Eva Esteve" in body and "6. Dan Duval" not in body and "Finn Faure" not in body


def test_the_pdf_annex_is_a_page_of_its_own(demo_folder):
    from pypdf import PdfReader

    pages = [p.extract_text() for p in PdfReader(str(demo_folder / f"{ROUND}-fr.pdf")).pages]
    [start] = [i for i, text in enumerate(pages) if "CLASSEMENT COMPLET" in text]
    first_line = [line for line in pages[start].splitlines() if line.strip()][0]  # pypdf puts the running header last
    assert first_line == "CLASSEMENT COMPLET"
    annex = flatten(" ".join(pages[start:]))
    assert "Course 1 (12 tours)" in annex and "NP Finn Faure (Cyan Team) 0" in annex
    assert "DSQ Chloé Carrel (Bleu Motorsport) † 12 disqualifié" in annex


def test_the_email_and_monza_have_no_annex(demo_folder, monza_folder):
    assert 'class="annex"' not in read(demo_folder, "en", ".email.html")
    assert 'class="annex"' not in (monza_folder / "06-monza-fr.html").read_text(encoding="utf-8")
