"""Word edition: the web page's text as an editable .docx (python-docx), for partners and local
media who paste a release into their own systems.

Made from the rendered web page, so it says what the web page says, in the same order and at
the same heading levels (h1-h3 become Heading 1-3); tables become Word tables whose header row
repeats, lists Word lists, quotes the Quote style, the lead photo a picture with its alternative
text. Left out: what only a screen or a page can show (the language links, the logo, the drawn
chart, whose figures the standings table gives). The language is set on the document's default
style and on every run (a draft's stand-in text keeps its own); the properties come from the
release; the zip's entries are dated by the release date, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import TYPE_CHECKING

from .. import i18n

if TYPE_CHECKING:
    from ..view import ReleaseContext

BLOCK_CONTAINERS = {"header", "main", "article", "section", "div", "figure", "blockquote", "footer"}
SKIPPED = {"nav", "style", "script", "svg", "img", "template"}  # screen-only, or drawn
SKIPPED_CLASSES = {"chart", "draft-watermark", "languages"}
HEADING = re.compile(r"h([1-6])")
SPACES = re.compile(r"[ \t\n\r\f]+")  # HTML's collapsible white space; never U+00A0 or U+202F
PHOTO_WIDTH_CM = 16


def render_docx(html: str, context: ReleaseContext) -> bytes:
    """The release's web page `html`, rendered from `context`, as a Word document."""
    import lxml.html
    from docx import Document

    document = Document()
    _a4(document.sections[0])
    _drop_thumbnail(document)
    _set_language(document, context.lang)
    _set_properties(document, context)
    if context.draft.draft:
        document.sections[0].header.paragraphs[0].add_run(i18n.translations(context.lang).gettext("DRAFT")).bold = True
    body = lxml.html.fromstring(html).find("body")
    _Writer(document, context).blocks(body, context.lang)
    buffer = io.BytesIO()
    document.save(buffer)
    return _dated_zip(buffer.getvalue(), context.release_date)


class _Writer:
    """Walks the web page's body and writes its blocks into the document."""

    def __init__(self, document, context: ReleaseContext):
        self.document = document
        self.context = context

    def blocks(self, element, lang: str) -> None:
        lang = element.get("lang") or lang
        if _text(element.text):  # text directly in a container: a paragraph of its own
            self.paragraph(element, lang, children=False)
        for child in element:
            if not isinstance(child.tag, str):  # comments
                continue
            self.block(child, lang)
            if _text(child.tail):
                paragraph = self.document.add_paragraph()
                _run(paragraph, child.tail, lang)

    def block(self, element, lang: str) -> None:
        tag, classes = element.tag, set((element.get("class") or "").split())
        own_lang = element.get("lang") or lang
        if tag in SKIPPED or classes & SKIPPED_CLASSES or element.get("aria-hidden") == "true":
            return
        if heading := HEADING.fullmatch(tag):
            self.heading(element, int(heading.group(1)), own_lang)
        elif tag == "p":
            self.paragraph(element, own_lang)
        elif tag in ("ul", "ol"):
            for item in element.iterfind("li"):
                self.paragraph(item, item.get("lang") or own_lang, style="List Bullet" if tag == "ul" else "List Number")
        elif tag == "table":
            self.table(element, own_lang)
        elif tag == "figure" and "lead-photo" in classes:
            self.photo(element, own_lang)
        elif tag == "figcaption":
            self.paragraph(element, own_lang, style="Caption" if element.getparent().get("class") != "quote" else None, bold=True)
        elif tag == "blockquote":
            for child in element:
                self.paragraph(child, child.get("lang") or own_lang, style="Quote")
        elif tag in BLOCK_CONTAINERS or tag in ("li", "dl"):
            self.blocks(element, lang)
        else:  # an inline element standing alone
            self.paragraph(element, own_lang)

    def heading(self, element, level: int, lang: str) -> None:
        paragraph = self.document.add_heading(level=level)
        _inline(paragraph, element, lang)

    def paragraph(self, element, lang: str, style: str | None = None, bold: bool = False, children: bool = True) -> None:
        if children and any(isinstance(c.tag, str) and c.tag in ("p", "div", "ul", "ol") for c in element):
            for child in element:  # an item holding paragraphs: one paragraph per block, in the item's style
                if isinstance(child.tag, str):
                    self.paragraph(child, child.get("lang") or lang, style, bold)
            return
        paragraph = self.document.add_paragraph(style=style)
        if children:
            _inline(paragraph, element, lang, bold=bold)
        else:
            _run(paragraph, element.text, lang, bold=bold)
        _trim(paragraph)

    def table(self, element, lang: str) -> None:
        caption = element.find("caption")
        if caption is not None:
            self.blocks(caption, lang)  # its heading, at its level
        rows = [row for part in element if part.tag in ("thead", "tbody", "tfoot") for row in part.iterfind("tr")]
        rows += list(element.iterfind("tr"))
        cells = [[c for c in row if c.tag in ("th", "td")] for row in rows]
        width = max((sum(int(c.get("colspan") or 1) for c in row) for row in cells), default=0)
        if not width:
            return
        table = self.document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for row_number, row in enumerate(cells):
            column = 0
            for cell in row:
                span = int(cell.get("colspan") or 1)
                target = table.cell(row_number, column)
                if span > 1:
                    target = target.merge(table.cell(row_number, column + span - 1))
                paragraph = target.paragraphs[0]
                _inline(paragraph, cell, cell.get("lang") or lang, bold=cell.tag == "th")
                _trim(paragraph)
                column += span
            if all(cell.tag == "th" and cell.get("scope") == "col" for cell in row):
                _repeat_as_header(table.rows[row_number])

    def photo(self, element, lang: str) -> None:
        from docx.shared import Cm

        from ..photos import EMAIL, copy

        photo = self.context.lead_photo
        if photo is None:
            return
        picture = self.document.add_paragraph().add_run().add_picture(io.BytesIO(copy(photo.file, EMAIL)), width=Cm(PHOTO_WIDTH_CM))
        picture._inline.docPr.set("descr", photo.alt)  # its alternative text, as the web page's alt
        caption = element.find("figcaption")
        if caption is not None:
            self.paragraph(caption, lang, style="Caption")


def _inline(paragraph, element, lang: str, bold: bool = False, italic: bool = False) -> None:
    """The element's text and its inline children as runs, each in its language and emphasis."""
    _run(paragraph, element.text, lang, bold, italic)
    for child in element:
        if isinstance(child.tag, str) and child.tag not in SKIPPED and child.get("aria-hidden") != "true":
            child_lang = child.get("lang") or lang
            if child.tag == "br":
                paragraph.add_run().add_break()
            elif HEADING.fullmatch(child.tag) or child.tag == "p":
                _inline(paragraph, child, child_lang, bold, italic)
            else:
                _inline_child(paragraph, child, child_lang, bold or child.tag in ("strong", "b", "mark"),
                              italic or child.tag in ("em", "i", "cite"))
        _run(paragraph, child.tail, lang, bold, italic)


def _inline_child(paragraph, child, lang: str, bold: bool, italic: bool) -> None:
    href = child.get("href") or ""
    if child.tag == "a" and re.match(r"(https?|mailto|tel):", href):
        _hyperlink(paragraph, href, child.text_content(), lang, bold, italic)
    else:
        _inline(paragraph, child, lang, bold, italic)


def _run(paragraph, text: str | None, lang: str, bold: bool = False, italic: bool = False):
    if not text:
        return None
    run = paragraph.add_run(SPACES.sub(" ", text))
    run.bold, run.italic = bold or None, italic or None
    _run_language(run._r, lang)
    return run


def _hyperlink(paragraph, url: str, text: str, lang: str, bold: bool, italic: bool) -> None:
    """A w:hyperlink to an external address (python-docx has no call for one)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    link_blue = RGBColor(0x05, 0x63, 0xC1)  # Word's own link colour, readable on white (contrast.py: 5.9:1)
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = _run(paragraph, text, lang, bold, italic)
    if run is None:
        return
    run.underline = True
    run.font.color.rgb = link_blue
    run._r.addprevious(link)
    link.append(run._r)


def _trim(paragraph) -> None:
    """HTML drops the white space at a block's ends; so does the paragraph."""
    runs = [r for r in paragraph.runs if r.text]
    if runs:
        runs[0].text = runs[0].text.lstrip(" ")
        runs[-1].text = runs[-1].text.rstrip(" ")


def _text(text: str | None) -> bool:
    return bool(text and SPACES.sub("", text))


def _run_language(r, lang: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = r.get_or_add_rPr()
    element = properties.find(qn("w:lang"))
    if element is None:
        element = OxmlElement("w:lang")
        properties.append(element)
    element.set(qn("w:val"), lang)


def _repeat_as_header(row) -> None:
    """Mark a table row as its header: Word repeats it on each page, readers announce it as such."""
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _set_language(document, lang: str) -> None:
    """The document's language: on the default run properties, which every style inherits."""
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    language = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    language.set(qn("w:val"), lang)
    language.set(qn("w:eastAsia"), lang)


def _set_properties(document, context: ReleaseContext) -> None:
    """Title, author, subject, keywords, language and dates from the release, never the clock."""
    season, round_ = context.season, context.round
    moment = dt.datetime.combine(context.release_date, dt.time(0, 0), tzinfo=dt.UTC)
    properties = document.core_properties
    properties.title = context.prose.headline
    properties.author = properties.last_modified_by = season.signoff or season.series
    properties.subject = f"{season.series} – {round_.circuit}"
    properties.keywords = f"{season.series}, {season.year}, {round_.circuit}, {round_.id}"
    properties.language = context.lang
    properties.category = i18n.translations(context.lang).gettext("Press release")
    properties.identifier = f"{round_.id}-{context.lang}"
    properties.created = properties.modified = moment
    properties.revision = context.correction.version if context.correction else 1
    properties.comments = "pressgen"


def _a4(section) -> None:
    """The PDF's page (A4, its margins) rather than the template's US Letter."""
    from docx.shared import Mm

    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(22), Mm(20), Mm(18), Mm(18)


def _drop_thumbnail(document) -> None:
    """python-docx's template carries the picture of a blank page as the package thumbnail."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    package = document.part.package
    for key, relation in list(package.rels.items()):
        if relation.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            package.rels.pop(key)


def _dated_zip(data: bytes, day: dt.date) -> bytes:
    """The package again, every entry dated by the release (python-docx stamps the clock's time)."""
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
