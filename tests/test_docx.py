"""The Word edition (editions/docx.py): the release's content at the web page's heading levels,
real tables with header rows, the language on the document and its runs, the release's metadata,
and the same bytes from the same inputs. Lines are checked against the reference release
(/work/shared/seeds/000_8498162dfbba848d.txt, the French Monza release) and the web page."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from generator.build import BuildRequest, build

from .conftest import MONZA_SEASON, SEASONS, edit
from .test_translation import FR_START, FR_START_EDITED

NBSP = "\u00a0"
W_LANG = qn("w:lang")


@pytest.fixture(scope="module")
def monza(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docx")
    build(BuildRequest(MONZA_SEASON, out, formats=("html", "docx")))
    return out / "2024-alpine-elf-cup" / "06-monza"


def blocks(path: Path) -> list[tuple[str, object]]:
    """("Heading 2", text) per paragraph, ("table", rows of cell texts) per table, in order."""
    document = docx.Document(str(path))
    found: list[tuple[str, object]] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = docx.text.paragraph.Paragraph(element, document)
            found.append((paragraph.style.name, paragraph.text))
        elif element.tag == qn("w:tbl"):
            table = docx.table.Table(element, document)
            found.append(("table", [[cell.text for cell in row.cells] for row in table.rows]))
    return found


def test_reference_lines_in_the_french_word_edition(monza):
    found = blocks(monza / "06-monza-fr.docx")
    assert found[2] == ("Heading 1", "Charles Roussanne remporte le titre en Alpine ELF Cup Series*")  # the reference's headline
    assert ("Normal", "21/10/2024") in found
    assert ("Heading 2", f"Course 1{NBSP}: Jousset s’impose, Roussanne sacré") in found
    assert ("Heading 2", "Ils ont dit") in found
    tables = [rows for kind, rows in found if kind == "table"]
    assert tables[0] == [  # the reference: "1. Léo Jousset (Race Cars Consulting) 12 tours", " 2. Charles Roussanne (VPS Racing) +0''284", ...
        ["Pos.", "Pilote", "Écart"],
        ["1.", "Léo Jousset (Race Cars Consulting)", "12 tours"],
        ["2.", "Charles Roussanne (VPS Racing)", "+0''284"],
        ["3.", "Louis Méric (Race Cars Consulting)", "+1''236"],
        ["4.", "Thibaut Bossy (Herrero Racing)", "+2''542"],
        ["5.", "Lukas Papin (Schumacher CLRT)", "+3''355"],
    ]
    assert tables[2][:3] == [["Pos.", "Pilote", "Points"], ["1.", "Charles Roussanne", "223 points"], ["2.", "Léo Jousset", "194 points"]]
    assert ("List Bullet", f"Pole position{NBSP}: Léo Jousset (Race Cars Consulting) – 2'06''894") in found
    assert ("Heading 3", "Classement général*") in found
    assert ("Normal", "* sous réserve des vérifications techniques finales") in found
    assert found[-1] == ("Normal", "Alpine Mobility")  # the sign-off closes it, as in the reference


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[int, str]] = []
        self.level: int | None = None
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("svg", "nav"):
            self.skip += 1
        if re.fullmatch(r"h[1-6]", tag) and not self.skip:
            self.level, self.text = int(tag[1]), ""

    def handle_endtag(self, tag):
        if tag in ("svg", "nav"):
            self.skip -= 1
        if self.level and tag == f"h{self.level}":
            self.found.append((self.level, " ".join(self.text.split())))
            self.level = None

    def handle_data(self, data):
        if self.level:
            self.text += data


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_headings_are_the_web_pages_at_the_same_levels(monza, lang):
    parser = _Headings()
    parser.feed((monza / f"06-monza-{lang}.html").read_text(encoding="utf-8"))
    web = [(level, text) for level, text in parser.found]
    word = [(int(style[-1]), " ".join(text.split())) for style, text in blocks(monza / f"06-monza-{lang}.docx") if style.startswith("Heading")]
    assert word == web
    assert len(web) >= 9


def test_every_table_has_a_repeated_header_row_of_its_column_names(monza):
    document = docx.Document(str(monza / "06-monza-en.docx"))
    assert len(document.tables) == 3
    for table in document.tables:
        first = table.rows[0]
        assert first._tr.trPr is not None and first._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(run.bold for cell in first.cells for run in cell.paragraphs[0].runs)
        assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])
    assert [c.text for c in document.tables[0].rows[0].cells] == ["Pos.", "Driver", "Gap"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_language_is_set_on_the_document_and_every_run(monza, lang):
    document = docx.Document(str(monza / f"06-monza-{lang}.docx"))
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == lang
    runs = [r for r in document.element.body.iter(qn("w:r")) if r.find(qn("w:t")) is not None and r.find(qn("w:t")).text]
    assert len(runs) > 100
    assert {r.find(f"{qn('w:rPr')}/{W_LANG}").get(qn("w:val")) for r in runs} == {lang}
    assert document.core_properties.language == lang


def test_a_drafts_stand_in_text_keeps_its_own_language(tmp_path):
    season = tmp_path / "2024-alpine-elf-cup"
    shutil.copytree(MONZA_SEASON, season)
    edit(season / "rounds/06-monza/fr.yaml", FR_START, FR_START_EDITED)
    build(BuildRequest(season, tmp_path / "out", formats=("docx",), langs=("en",), draft=True))
    document = docx.Document(str(tmp_path / "out/2024-alpine-elf-cup/06-monza/06-monza-en.docx"))
    langs = {}
    for run in document.element.body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if text:
            langs[text] = run.find(f"{qn('w:rPr')}/{W_LANG}").get(qn("w:val"))
    french = [text for text, lang in langs.items() if lang == "fr"]
    assert any(text.startswith("La piste restait humide pour la course.") for text in french)
    assert langs["Not translated"] == "en"
    assert document.sections[0].header.paragraphs[0].text == "DRAFT"


def test_metadata_from_the_release(monza):
    properties = docx.Document(str(monza / "06-monza-fr.docx")).core_properties
    assert properties.title == "Charles Roussanne remporte le titre en Alpine ELF Cup Series"
    assert properties.author == "Alpine Mobility"
    assert properties.subject == "Alpine Elf Cup Series – Autodromo Nazionale Monza"
    assert properties.keywords == "Alpine Elf Cup Series, 2024, Autodromo Nazionale Monza, 06-monza"
    assert properties.created == properties.modified == dt.datetime(2024, 10, 21, tzinfo=dt.UTC)
    assert properties.category == "Communiqué de presse"


def test_the_same_inputs_give_the_same_bytes_dated_by_the_release(monza, tmp_path):
    season = tmp_path / "elsewhere" / "2024-alpine-elf-cup"
    shutil.copytree(MONZA_SEASON, season)
    build(BuildRequest(season, tmp_path / "out", formats=("docx",)))
    for lang in ("fr", "en"):
        again = (tmp_path / f"out/2024-alpine-elf-cup/06-monza/06-monza-{lang}.docx").read_bytes()
        assert again == (monza / f"06-monza-{lang}.docx").read_bytes()
        with zipfile.ZipFile(io.BytesIO(again)) as package:
            assert {entry.date_time for entry in package.infolist()} == {(2024, 10, 21, 0, 0, 0)}
            assert "docProps/thumbnail.jpeg" not in package.namelist()  # the template's blank page


def test_the_lead_photo_is_a_picture_with_its_alternative_text(tmp_path):
    build(BuildRequest(SEASONS / "2025-demo-cup", tmp_path, formats=("docx",), round_id="02-bravo", langs=("en",)))
    path = tmp_path / "2025-demo-cup/02-bravo/02-bravo-en.docx"
    document = docx.Document(str(path))
    assert len(document.inline_shapes) == 1
    assert document.inline_shapes[0]._inline.docPr.get("descr") == "Drawing of three drivers on a three-step podium"
    with zipfile.ZipFile(path) as package:
        assert [n for n in package.namelist() if n.startswith("word/media/")] == ["word/media/image1.jpg"]


def test_the_word_edition_is_in_the_manifest_and_the_index(monza):
    import json

    manifest = json.loads((monza / "manifest.json").read_text(encoding="utf-8"))
    assert {(f["name"], f["edition"], f["lang"]) for f in manifest["files"] if f["name"].endswith(".docx")} == {
        ("06-monza-fr.docx", "docx", "fr"), ("06-monza-en.docx", "docx", "en")}
    index = (monza.parent / "index.html").read_text(encoding="utf-8")
    assert '<a href="06-monza/06-monza-fr.docx" hreflang="fr">Word</a>' in index
