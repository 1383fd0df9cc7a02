"""Email and wire editions, and the choice of editions: expectations from the reference release
(21/10/2024) or worked by hand."""

import re

import pytest

from generator.build import BuildRequest, build

from .conftest import MONZA_SEASON
from .test_release import assert_in_order, html_text


def edition(folder, lang, suffix) -> str:
    return (folder / f"06-monza-{lang}{suffix}").read_text(encoding="utf-8")


# --- wire (plain text) ----------------------------------------------------------------------------

# Worked by hand from the reference's race-1 lines: position, then "driver (team)" padded to the
# widest (34 characters), three spaces, then the gap right-aligned to the widest gap ("12 tours").
RACE_1_FR = """\
1. Léo Jousset (Race Cars Consulting)   12 tours
2. Charles Roussanne (VPS Racing)        +0''284
3. Louis Méric (Race Cars Consulting)    +1''236
4. Thibaut Bossy (Herrero Racing)        +2''542
5. Lukas Papin (Schumacher CLRT)         +3''355
Pole position\u00a0: Léo Jousset (Race Cars Consulting) – 2'06''894
Meilleur tour\u00a0: Charles Roussanne (VPS Racing) – 2'08''346
"""

STANDINGS_EN = """\
Championship standings*
1. Charles Roussanne   223 points
2. Léo Jousset         194 points
3. Lukas Papin         114 points
4. Thibaut Bossy        79 points
5. Florian Coruble      72 points
…
"""

RACE_2_EN_ROW_4 = "4. Romain Monti (Chazel Technologie Course Junior)   +17.881s\n"


def test_text_race_1_is_aligned(monza_folder):
    assert "\nCourse 1\n" + RACE_1_FR in edition(monza_folder, "fr", ".txt")


def test_text_standings_are_aligned(monza_folder):
    text = edition(monza_folder, "en", ".txt")
    assert STANDINGS_EN in text
    assert RACE_2_EN_ROW_4 in text


def test_text_follows_the_release_order(monza_folder):
    text = edition(monza_folder, "fr", ".txt")
    headings = [
        "CHARLES ROUSSANNE REMPORTE LE TITRE EN ALPINE ELF CUP SERIES*\n21/10/2024\n",
        "- Leader du classement général", "Après s\u2019être affrontés à Nogaro",
        "COURSE 1\u00a0: JOUSSET S\u2019IMPOSE, ROUSSANNE SACRÉ",
        "COURSE 2\u00a0: LA DERNIÈRE POUR JOUSSET", "ILS ONT DIT", "CLASSEMENTS", "\nCourse 1\n", "\nCourse 2\n",
        "Classement général*", "* sous réserve des vérifications techniques finales", "À PROPOS D\u2019ALPINE",
        "Suivez l\u2019Alpine Elf Cup Series sur Facebook, X, Instagram et Youtube.", "Alpine Mobility",
    ]
    assert_in_order(text, headings)
    assert text.startswith(headings[0])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_text_is_plain(monza_folder, lang):
    text = edition(monza_folder, lang, ".txt")
    assert not re.search(r"<[a-z/]|&[a-z]+;|\*\*|\]\(", text)
    assert "«\u00a0C\u2019est ma deuxième saison" in text if lang == "fr" else "\u201cThis is my second season" in text


# --- email ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_email_is_self_contained(monza_folder, lang):
    html = edition(monza_folder, lang, ".email.html")
    assert not re.search(r"<link|<img|<script|\ssrc=|url\(|@import", html, re.I)
    # The only URLs are the text's links: the footnote anchor and the season's social links ("#").
    assert set(re.findall(r'href="([^"]*)"', html)) == {"#footnote", "#"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_email_is_a_table_layout_at_most_600px(monza_folder, lang):
    html = edition(monza_folder, lang, ".email.html")
    assert '<table class="container" role="presentation" border="0" width="600"' in html
    body = html[html.index("<body"):]
    widths = [int(w) for w in re.findall(r'width(?:="|:\s*)(\d+)(?:px)?', body)]
    assert widths and max(widths) <= 600
    # styles are inlined; only the narrow-screen rule stays in a <style> element
    assert re.findall(r"<style>(.*?)</style>", html, re.S)[0].strip().startswith("@media")
    assert 'style="' in html


@pytest.mark.parametrize("line", [
    "1. Léo Jousset (Race Cars Consulting) 12 tours",
    "2. Charles Roussanne (VPS Racing) +0''284",
    "Pole position : Léo Jousset (Race Cars Consulting) – 2'06''894",
    "5. Florian Coruble 72 points",  # the reference's line, its dash dropped in the points column
    "sous réserve des vérifications techniques finales",
    "Suivez l'Alpine Elf Cup Series sur Facebook, X, Instagram et Youtube.",
])
def test_french_email_has_the_reference_line(monza_folder, line):
    assert line in html_text(edition(monza_folder, "fr", ".email.html"))


# --- choosing editions ----------------------------------------------------------------------------


def test_format_selects_the_editions_and_their_file_names(tmp_path):
    report = build(BuildRequest(MONZA_SEASON, tmp_path, formats=("email", "text"), langs=("fr",)))
    names = sorted(p.name for p in report.files if p.parent.name == "06-monza")
    assert names == ["06-monza-fr.email.html", "06-monza-fr.txt", "manifest.json"]


# --- the edition record -----------------------------------------------------------------------------


# The headlines of 01-alpha's en.yaml and fr.yaml; "Championship standings" in the French catalog
# is "Classement général"; French typography puts a no-break space before a colon.
MARKDOWN_EN = "# Demonstration release: made-up data\n\nChampionship standings: markdown\n"
MARKDOWN_FR = "# Communiqué de démonstration\u00a0: données fictives\n\nClassement général\u00a0: markdown\n"


@pytest.fixture
def markdown_edition(tmp_path, monkeypatch):
    """A Markdown edition added as a newcomer would: its record in EDITIONS and its template beside
    the house templates (a copy of them here), nothing else."""
    import shutil

    from generator import editions, render
    from generator.editions import Edition

    templates = tmp_path / "templates"
    shutil.copytree(render.TEMPLATES_DIR, templates)
    (templates / "release.md").write_text('# {{ prose.headline }}\n\n{{ _("Championship standings") }}: {{ edition }}\n', encoding="utf-8")
    monkeypatch.setattr(render, "TEMPLATES_DIR", templates)
    monkeypatch.setattr(editions, "EDITIONS", (*editions.EDITIONS, Edition("markdown", ".md", "Markdown", "release.md")))
    render.environment.cache_clear()  # a language's Jinja environment reads the templates folder when made
    yield
    render.environment.cache_clear()


def test_an_edition_added_by_its_record_and_its_template_is_built_listed_in_the_manifest_and_linked_from_the_index(tmp_path, markdown_edition):
    """A new edition is one record and one template: no renderer of its own, and nothing else in the
    build names editions. The template gets every release template's variables and the catalogs;
    the language's typography applies to what it renders."""
    import json

    from generator.request import BuildRequest as Request

    from .conftest import SEASONS

    out = tmp_path / "out"
    build(Request(SEASONS / "2025-demo-cup", out, "01-alpha", formats=("html", "markdown")))

    folder = out / "2025-demo-cup" / "01-alpha"
    assert (folder / "01-alpha-en.md").read_text(encoding="utf-8") == MARKDOWN_EN
    assert (folder / "01-alpha-fr.md").read_text(encoding="utf-8") == MARKDOWN_FR
    listed = {(f["name"], f["edition"]) for f in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]}
    assert {("01-alpha-fr.md", "markdown"), ("01-alpha-en.md", "markdown"), ("01-alpha-fr.html", "html")} <= listed
    index = (out / "2025-demo-cup" / "index.html").read_text(encoding="utf-8")
    assert 'href="01-alpha/01-alpha-en.md" hreflang="en">Markdown</a>' in index
    assert 'href="01-alpha/01-alpha-fr.html" hreflang="fr">Page web</a>' in index  # the other labels still translated


def test_the_photo_copies_an_added_edition_shows_follow_its_record(tmp_path, markdown_edition, monkeypatch):
    """The record says which copies of the round's photos the edition shows: built with it alone
    (no web page asked for), only those are written and listed, once."""
    import json

    from generator import editions, photos
    from generator.editions import Edition, PhotoCopies
    from generator.request import BuildRequest as Request

    from .conftest import SEASONS

    with_lead = Edition("markdown", ".md", "Markdown", "release.md", photos=PhotoCopies((photos.WEB,), lead_only=True))
    monkeypatch.setattr(editions, "EDITIONS", (*(e for e in editions.EDITIONS if e.name != "markdown"), with_lead))
    out = tmp_path / "out"
    build(Request(SEASONS / "2025-demo-cup", out, "02-bravo", formats=("markdown",)))

    folder = out / "2025-demo-cup" / "02-bravo"
    files = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
    # 02-bravo lists podium.jpg (the lead photo) and start.png; the web copy's name is the stem + .jpg.
    assert sorted(f["name"] for f in files if f["edition"] == "photo") == ["photos/podium.jpg"]
    assert sorted(p.name for p in (folder / "photos").iterdir()) == ["podium.jpg"]


@pytest.mark.slow  # publish prints the PDFs in worker processes
def test_an_edition_added_by_its_record_and_its_template_is_published(tmp_path, markdown_edition):
    import datetime as dt
    import json

    from generator.commands.publish import PublishRequest, publish

    from .conftest import SEASONS

    report = publish(PublishRequest(SEASONS / "2025-demo-cup", "01-alpha", dt.date(2025, 5, 1), tmp_path / "archive", accept_partial=True))

    assert report.folder is not None
    assert (report.folder / "01-alpha-fr.md").read_text(encoding="utf-8") == MARKDOWN_FR
    listed = {(f["name"], f["edition"]) for f in json.loads((report.folder / "manifest.json").read_text(encoding="utf-8"))["files"]}
    assert {("01-alpha-fr.md", "markdown"), ("01-alpha-en.md", "markdown"), ("01-alpha-fr.pdf", "pdf")} <= listed


def test_an_unknown_edition_is_refused_with_the_record_s_names(tmp_path):
    from generator.errors import UsageError

    from .conftest import SEASONS

    with pytest.raises(UsageError, match=r"unknown format mail \(did you mean 'email'\?\); choose from html, pdf, email, text, docx, posts"):
        build(BuildRequest(SEASONS / "2025-demo-cup", tmp_path / "out", "01-alpha", formats=("mail",)))
