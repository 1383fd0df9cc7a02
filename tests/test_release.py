"""The built Monza release against the reference release (21/10/2024), line by line, and the goldens."""

import re
import subprocess
import sys
from html import unescape

import pytest

from .conftest import ROOT
from .goldens import GOLDEN_DIR, golden_email, golden_text, normalize_html, pdf_text


def flatten(text: str) -> str:
    """Whitespace (including no-break spaces) folded, typographic apostrophes made straight."""
    text = text.replace("\u2019", "'")
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def html_text(html: str) -> str:
    body = re.sub(r"<style>.*?</style>|<title>.*?</title>", " ", html, flags=re.S)
    body = re.sub(r"</?(a|em|strong|span|time)\b[^>]*>", "", body)  # inline: no word break
    return flatten(unescape(re.sub(r"<[^>]+>", " ", body)))


def texts(built, lang):
    html, pdf = built[lang]
    return {"html": html_text(html), "pdf": flatten(pdf_text(pdf))}


# Lines copied from the reference release, a leading bullet dash removed. The race-2 fastest lap is
# the reference's line with Jousset's team corrected (the reference wrongly prints VPS Racing).
REFERENCE_LINES_FR = [
    "1. Léo Jousset (Race Cars Consulting) 12 tours",
    "2. Charles Roussanne (VPS Racing) +0''284",
    "3. Louis Méric (Race Cars Consulting) +1''236",
    "4. Thibaut Bossy (Herrero Racing) +2''542",
    "5. Lukas Papin (Schumacher CLRT) +3''355",
    "Pole position : Léo Jousset (Race Cars Consulting) – 2'06''894",
    "Meilleur tour : Charles Roussanne (VPS Racing) – 2'08''346",
    "1. Léo Jousset (Race Cars Consulting) 14 tours",
    "2. Charles Roussanne (VPS Racing) +8''934",
    "3. Lukas Papin (Schumacher CLRT) +9''284",
    "4. Romain Monti (Chazel Technologie Course Junior) +17''881",
    "5. Louis Méric (Race Cars Consulting) +24''141",
    "Pole position : Léo Jousset (Race Cars Consulting) – 2'06''654",
    "Meilleur tour : Léo Jousset (Race Cars Consulting) – 1'58''104",
    # The reference's standings lines ("1. Charles Roussanne – 223 points") without their dash:
    # in the web and PDF tables the points have a column of their own, where a dash reads as a
    # minus sign; the wire edition keeps aligned columns (tests/test_editions.py).
    "1. Charles Roussanne 223 points",
    "2. Léo Jousset 194 points",
    "3. Lukas Papin 114 points",
    "4. Thibaut Bossy 79 points",
    "5. Florian Coruble 72 points",
    "21/10/2024",
    "Charles Roussanne (lauréat de l'Alpine ELF Cup Series et de la catégorie Juniors)",
    "Thibaut Bossy (lauréat de la catégorie Challengers)",
    "Frédéric de Brabant (lauréat de la catégorie Gentlemen)",
    "sous réserve des vérifications techniques finales",
    "Suivez l'Alpine Elf Cup Series sur Facebook, X, Instagram et Youtube.",
    "Alpine Mobility",
]

# The titles as the engine states them (issue: the title decided after race 1, "avant même l'ultime
# course"; the category and team champions as the reference names them).
TITLE_LINES = {
    "fr": [
        "Charles Roussanne remporte le titre pilotes, mathématiquement acquis à l'issue de la course 1.",
        "Charles Roussanne remporte le titre Juniors.",
        "Thibaut Bossy remporte le titre Challengers, acquis à l'issue de la course 2.",
        "Frédéric de Brabant remporte le titre Gentlemen, acquis à l'issue de la course 1.",
        "VPS Racing remporte le titre des équipes, acquis à l'issue de la course 2.",
    ],
    "en": [
        "Charles Roussanne wins the drivers' title, mathematically decided after race 1.",
        "Charles Roussanne wins the Juniors title.",
        "Thibaut Bossy wins the Challengers title, decided after race 2.",
        "Frédéric de Brabant wins the Gentlemen title, decided after race 1.",
        "VPS Racing wins the teams' title, decided after race 2.",
    ],
}

# Worked by hand: the same facts in the English house style.
EXPECTED_LINES_EN = [
    "1. Léo Jousset (Race Cars Consulting) 12 laps",
    "2. Charles Roussanne (VPS Racing) +0.284s",
    "5. Lukas Papin (Schumacher CLRT) +3.355s",
    "Pole position: Léo Jousset (Race Cars Consulting) – 2:06.894",
    "Fastest lap: Charles Roussanne (VPS Racing) – 2:08.346",
    "1. Léo Jousset (Race Cars Consulting) 14 laps",
    "4. Romain Monti (Chazel Technologie Course Junior) +17.881s",
    "Pole position: Léo Jousset (Race Cars Consulting) – 2:06.654",
    "Fastest lap: Léo Jousset (Race Cars Consulting) – 1:58.104",
    "1. Charles Roussanne 223 points",
    "5. Florian Coruble 72 points",
    "21 October 2024",
    "subject to final technical checks",
    "Follow the Alpine Elf Cup Series on Facebook, X, Instagram and Youtube.",
]


@pytest.mark.parametrize("kind", ["html", "pdf"])
@pytest.mark.parametrize("line", REFERENCE_LINES_FR)
def test_french_release_has_the_reference_line(built, kind, line):
    assert line in texts(built, "fr")[kind]


@pytest.mark.parametrize("kind", ["html", "pdf"])
@pytest.mark.parametrize("line", EXPECTED_LINES_EN)
def test_english_release_has_the_line(built, kind, line):
    assert line in texts(built, "en")[kind]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_line_credits_jousset_to_vps_racing(built, lang):
    for text in texts(built, lang).values():
        assert "Léo Jousset (VPS Racing)" not in text


def test_sections_come_in_the_reference_order(built):
    pdf = texts(built, "fr")["pdf"]
    headings = [
        "CHARLES ROUSSANNE REMPORTE LE TITRE EN ALPINE ELF CUP SERIES*", "21/10/2024",
        "Leader du classement général depuis le début de saison", "Après s'être affrontés à Nogaro",
        "COURSE 1 : JOUSSET S'IMPOSE, ROUSSANNE SACRÉ",
        "COURSE 2 : LA DERNIÈRE POUR JOUSSET, BOSSY ET VPS RACING CONSACRÉS",
        "Charles Roussanne succède à Pierre Sancinéna", "Dès mardi, l'Alpine ELF Cup Series dévoilera",
        "ILS ONT DIT", "CLASSEMENTS", "Course 1", "Course 2", "Classement général*",
        "* sous réserve des vérifications techniques finales", "À PROPOS D'ALPINE", "www.alpinecars.com",
        "Suivez l'Alpine Elf Cup Series sur", "Alpine Mobility",
    ]
    assert_in_order(pdf, headings)


def assert_in_order(text: str, pieces: list[str]) -> None:
    positions = [text.find(piece) for piece in pieces]
    assert -1 not in positions, [piece for piece, at in zip(pieces, positions, strict=True) if at == -1]
    assert positions == sorted(positions)


def test_standings_are_cut_with_an_ellipsis(built):
    assert "5. Florian Coruble 72 points …" in texts(built, "fr")["html"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_points_column_reads_without_a_dash(built, lang):
    for text in texts(built, lang).values():
        assert "– 223 points" not in text and "Roussanne 223 points" in text


def test_french_typography_in_prose_and_generated_text(built):
    html = built["fr"][0]
    assert "Pole position\u00a0: Léo Jousset" in html  # generated
    assert "<a href=\"#\">Youtube</a>\u202f!" in html  # prose
    assert "«\u00a0C\u2019est ma deuxième saison" in html  # quotes inside guillemets
    assert "sur le «\u00a0Temple de la Vitesse\u00a0»" in html
    assert "2'06''894" in html  # minute marks are not apostrophes


def test_english_quotes_use_curly_quotes(built):
    assert "\u201cThis is my second season" in built["en"][0]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_html_matches_golden(built, lang):
    assert normalize_html(built[lang][0]) == (GOLDEN_DIR / f"{lang}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_text_matches_golden(built, lang):
    assert pdf_text(built[lang][1]) == (GOLDEN_DIR / f"{lang}.pdf.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_email_matches_golden(monza_folder, lang):
    assert golden_email(monza_folder, lang) == (GOLDEN_DIR / f"{lang}.email.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_text_edition_matches_golden(monza_folder, lang):
    assert golden_text(monza_folder, lang) == (GOLDEN_DIR / f"{lang}.txt").read_text(encoding="utf-8")


# Quotes copied from the reference release, as its speakers said them (opening words to a full stop).
REFERENCE_QUOTES_FR = [
    "« C'est ma deuxième saison en sport automobile et mon deuxième titre avec l'équipe VPS Racing.",
    "« Je suis très heureux de remporter le titre Challengers.",
    "« Ce titre me fait extrêmement plaisir même si je ne réalise pas trop encore.",
    "La suite ? A priori toujours avec cette superbe voiture qu'est l'Alpine A110 Cup ! »",
]


def as_in(edition: str, line: str) -> str:
    """The wire edition sets the standings as columns: the reference's "– 223 points" is a column there."""
    return re.sub(r"^(\d+\. .+) – (\d+ points?)$", r"\1 \2", line) if edition == "text" else line


def edition_text(folder, lang: str, edition: str) -> str:
    """The email's text as a reader sees it, or the wire text with its column padding folded."""
    if edition == "email":
        return html_text((folder / f"06-monza-{lang}.email.html").read_text(encoding="utf-8"))
    return flatten((folder / f"06-monza-{lang}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("edition", ["email", "text"])
@pytest.mark.parametrize("line", REFERENCE_LINES_FR + REFERENCE_QUOTES_FR)
def test_french_email_and_text_have_the_reference_line(monza_folder, edition, line):
    assert as_in(edition, line) in edition_text(monza_folder, "fr", edition)


@pytest.mark.parametrize("edition", ["email", "text"])
@pytest.mark.parametrize("line", EXPECTED_LINES_EN)
def test_english_email_and_text_have_the_line(monza_folder, edition, line):
    assert as_in(edition, line) in edition_text(monza_folder, "en", edition)


@pytest.mark.slow
def test_rebuild_in_another_process_is_byte_identical(monza_folder, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", "seasons/2024-alpine-elf-cup", "--format", "html,pdf,email,text",
         "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    first, second = monza_folder.parent.parent, tmp_path
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert len(files) >= 8
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_pdf_metadata(built):
    from io import BytesIO

    from pypdf import PdfReader

    info = PdfReader(BytesIO(built["fr"][1])).metadata
    assert info["/Title"] == "Charles Roussanne remporte le titre en Alpine ELF Cup Series"
    assert info["/Author"] == "Alpine Mobility"
    assert info["/CreationDate"].startswith("D:20241021")


@pytest.mark.parametrize("kind", ["html", "pdf"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_titles_from_the_facts_engine(built, lang, kind):
    text = texts(built, lang)[kind]
    for line in TITLE_LINES[lang]:
        assert line in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_last_page_is_not_only_the_closing_lines(built, lang):
    """The closing lines (social line, sign-off) start no page of their own: the last page opens inside
    the "about" text (its last three lines at least) and carries its links with it."""
    from io import BytesIO

    from pypdf import PdfReader

    last = PdfReader(BytesIO(built[lang][1])).pages[-1].extract_text()
    assert "A290." in last and "www.alpinecars.com" in last  # the about text's last sentence, then its links
    assert "Alpine Mobility" in last
