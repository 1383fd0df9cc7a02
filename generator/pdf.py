"""Print: HTML -> PDF/A-3a with WeasyPrint, fetching nothing but the template assets.

WeasyPrint is imported on first use only (it costs about a second). What every document shares is
made once per process: the font configuration, the image cache and each stylesheet, compiled
(the house stylesheet, handed over as a stylesheet with every release, is compiled once). Every
object's bytes are made once per document (pydyf would make them twice, compressing each stream
three times). Attachments
are handed over as bytes by pressgen, never fetched from URLs in the HTML. While a document prints,
Python's cycle collector runs less often (see `_collecting_less`).
"""

from __future__ import annotations

import gc
import io
import mimetypes
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pydyf

from .attachments import EmbeddedFile
from .paths import ASSETS_DIR

PDF_VARIANT = "pdf/a-3a"  # tagged, Unicode text, attachments allowed (PDF/A-2 would empty them)
MAX_PADDING = 8
KEPT_STYLESHEETS = 8  # compiled stylesheets kept per process: the house one, and a few releases' own rules
PRINTING_GC_THRESHOLDS = (50_000, 20, 10)  # Python's default: (700, 10, 10)

# Python 3.11 does not know YAML; WeasyPrint reads the attachment's MIME type from here.
mimetypes.add_type("application/yaml", ".yaml")


@contextmanager
def _collecting_less() -> Iterator[None]:
    """Laying a release out makes millions of short-lived objects (boxes, styles, line boxes), and
    with Python's default thresholds the cycle collector ran about 1,400 times a dozen releases,
    a tenth of the CPU time of a `--jobs 1` build (measured with gc.callbacks on the synthetic
    corpus); every 50,000 allocations it takes a thirtieth. What is collected is the same: garbage
    waits a little longer (peak memory moved by a few MB). The caller's thresholds come back after."""
    before = gc.get_threshold()
    gc.set_threshold(*PRINTING_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


class Printer:
    """Turns release HTML into PDF bytes; reuse one instance for a whole build."""

    def __init__(self, assets: Path = ASSETS_DIR):
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        self._weasyprint = weasyprint
        _tag_languages()
        self._assets = assets.resolve()
        self._font_config = FontConfiguration()
        self._cache: dict[str, Any] = {}
        self.refused: list[str] = []  # URLs the documents asked for and did not get
        self._base_url = self._assets.as_uri() + "/"
        self._compiled: OrderedDict[str, Any] = OrderedDict()  # stylesheet text -> compiled, most recent last
        self._options = {"cache": self._cache, "pdf_variant": PDF_VARIANT}

    def pdf(self, html: str, attachments: tuple[EmbeddedFile, ...] = (), info: Mapping[str, str] = {},
            photos: Mapping[str, bytes] = {}, stylesheets: Sequence[str] = ()) -> bytes:
        """`photos`: the round's listed photos, by the URL the HTML names them with
        (photos.pdf_url), and the copy to print for each. `stylesheets`: the document's styles in
        cascade order (a release's: the house stylesheet, then its own rules), applied as one
        origin after the user agent's; a page may carry its own <style> instead."""
        with _collecting_less():
            return self.write(self.layout(html, photos, stylesheets), attachments, info)

    def layout(self, html: str, photos: Mapping[str, bytes] = {}, stylesheets: Sequence[str] = ()) -> Any:
        """The document laid out in pages (a WeasyPrint document)."""
        fetcher = _asset_fetcher(self._weasyprint, self._assets, self.refused, photos)
        document = self._weasyprint.HTML(string=html, base_url=self._base_url, url_fetcher=fetcher).render(
            font_config=self._font_config, stylesheets=[self._stylesheet(text) for text in stylesheets], **self._options)
        _drop_local_links(document)
        return document

    def write(self, document: Any, attachments: tuple[EmbeddedFile, ...] = (), info: Mapping[str, str] = {}) -> bytes:
        """The laid-out document as PDF/A bytes, with its attachments and document information."""
        for padding in range(MAX_PADDING + 1):
            pdf: bytes = document.write_pdf(
                attachments=[self._attachment(f) for f in attachments],  # fresh: writing reads them
                finisher=lambda document, pdf, padding=padding: _finish(pdf, info, document.metadata.lang, padding),
                **self._options,
            )
            if not _stream_ends_with_cr(pdf):
                break
        return pdf

    def _stylesheet(self, text: str) -> Any:
        """The stylesheet compiled, once per process while it is among the last few used. It may
        fetch the template assets only (not a document's photos), so one compiled copy serves all."""
        if text in self._compiled:
            self._compiled.move_to_end(text)
            return self._compiled[text]
        fetcher = _asset_fetcher(self._weasyprint, self._assets, self.refused)
        compiled = self._weasyprint.CSS(string=text, base_url=self._base_url, url_fetcher=fetcher, font_config=self._font_config)
        self._compiled[text] = compiled
        if len(self._compiled) > KEPT_STYLESHEETS:
            self._compiled.popitem(last=False)
        return compiled

    def _attachment(self, embedded: EmbeddedFile) -> Any:
        return self._weasyprint.Attachment(
            file_obj=io.BytesIO(embedded.content),
            name=embedded.name,
            description=embedded.description,
            created=embedded.date,
            modified=embedded.date,
            relationship="Source",
        )


def _finish(pdf: Any, info: Mapping[str, str], lang: str | None = None, padding: int = 0) -> None:
    """Extra document information; each attachment listed once in /AF (WeasyPrint 70 lists it
    twice); the document's language as `dc:language` in the XMP (WeasyPrint writes /Lang only);
    the PDF/UA-1 identification in the XMP beside PDF/A's (the tagging, alternative texts and
    table headers meet it); the XMP metadata stream left uncompressed: PDF/A-1 requires that,
    and some checkers apply the rule to PDF/A-3 as well (veraPDF does not). `padding`: see
    _stream_ends_with_cr. Last, every object's bytes are made, once."""
    for key, value in info.items():
        pdf.info[key] = pydyf.String(value)
    if padding:
        pdf.info["Padding"] = pydyf.String("." * padding)
    if "AF" in pdf.catalog:
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))
    metadata = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
    metadata.compress = False
    xmp = _with_pdf_ua(b"".join(_bytes(part) for part in metadata.stream))
    metadata.stream = [_with_language(xmp, lang) if lang else xmp]
    _serialize_objects(pdf.objects)


class _Made:
    """An object whose bytes are made: it stands in the document's place of the object it was made
    from (same object number), and gives those bytes each time pydyf asks for them."""

    def __init__(self, obj: Any, data: bytes):
        super().__init__()
        self.number, self.generation, self.offset, self.free = obj.number, obj.generation, obj.offset, obj.free
        self._data = data

    @property
    def data(self) -> bytes:
        return self._data


class _Serialized(_Made, pydyf.Stream):
    """A stream, made: still a stream for pydyf (written on its own, never in the object stream)."""


class _SerializedObject(_Made, pydyf.Object):
    """Any other object (a dictionary, an array, a string), made: pydyf still puts it in the object stream."""


def _serialize_objects(objects: list[Any]) -> None:
    """Every object's bytes made once, as the document is finished: pydyf would make them twice
    (to write the object, then to hash every object for the file identifier), compressing each
    stream each time; a page's content stream and its dictionaries are hundreds of thousands of
    small conversions. A stream whose compressed data would end with CR is stored uncompressed
    (_stream_ends_with_cr). The free object 0 has no bytes."""
    for number, obj in enumerate(objects):
        if obj.free == "f" or isinstance(obj, _Made):
            continue
        data = obj.data
        if isinstance(obj, pydyf.Stream):
            if obj.compress and data.endswith(b"\r\nendstream"):
                obj.compress = False
                data = obj.data
            objects[number] = _Serialized(obj, data)
        else:
            objects[number] = _SerializedObject(obj, data)


def _drop_local_links(document: Any) -> None:
    """A link that resolves to a file: URL (a placeholder `#` resolves to the template assets'
    folder) would publish the path of the machine that printed the PDF and lead nowhere for a
    reader: the text stays, the link is dropped."""
    for page in document.pages:
        page.links = [link for link in page.links if not (link[0] == "external" and str(link[1]).startswith("file:"))]


def _bytes(part: bytes | object) -> bytes:
    return part if isinstance(part, bytes) else str(part).encode("utf-8")


def _with_language(xmp: bytes, lang: str) -> bytes:
    """The XMP packet with a dc:language bag (a BCP 47 tag) added to its RDF."""
    description = (
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language></rdf:Description>"
    ).encode()
    return xmp.replace(b"</rdf:RDF>", description + b"</rdf:RDF>", 1)


# pdfuaid:part (ISO 14289-1, 5), and its schema declared as PDF/A requires of a schema it does not predefine.
PDF_UA_IDENTIFICATION = (
    b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><pdfuaid:part>1</pdfuaid:part></rdf:Description>'
    b'<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
    b' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
    b'<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">'
    b"<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    b"<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
    b"<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    b'<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">'
    b"<pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    b"<pdfaProperty:category>internal</pdfaProperty:category>"
    b"<pdfaProperty:description>Part of ISO 14289 the document conforms to</pdfaProperty:description>"
    b"</rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"
)


def _with_pdf_ua(xmp: bytes) -> bytes:
    """The XMP packet claiming PDF/UA-1 as well."""
    return xmp.replace(b"</rdf:RDF>", PDF_UA_IDENTIFICATION + b"</rdf:RDF>", 1)


def _tag_languages() -> None:
    """Give a structure element the /Lang of its HTML element's `lang` attribute, so a draft's
    source-language stand-in text is read in its own language (WeasyPrint 70 tags only the
    document's /Lang); and a header cell its /Scope (Column or Row) from its `scope` attribute, as
    PDF/UA asks of tables without /Headers (WeasyPrint 70 writes none). Wraps WeasyPrint's tag-tree builder once per process; it calls itself
    through the module, so every element of the tree passes here."""
    from weasyprint.pdf import tags

    build = tags._build_box_tree
    if getattr(build, "pressgen_lang", False):
        return

    def build_with_lang(box: Any, parent: Any, pdf: Any, *args: Any) -> Iterator[Any]:
        lang = box.element.get("lang") if getattr(box, "element", None) is not None else None
        own = lang and getattr(box, "element_tag", None) not in ("html", "body")
        for element in build(box, parent, pdf, *args):
            if own and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            scope = box.element.get("scope") if getattr(box, "element_tag", None) == "th" else None
            if scope in ("col", "row") and "A" in element:
                element["A"]["Scope"] = "/Column" if scope == "col" else "/Row"
            yield element

    build_with_lang.pressgen_lang = True  # type: ignore[attr-defined]  # marks the wrapper as installed
    tags._build_box_tree = build_with_lang


def _asset_fetcher(weasyprint: Any, assets: Path, refused: list[str], photos: Mapping[str, bytes] = {}) -> Any:
    """A URL fetcher confined to the assets folder (and data: URLs) and the round's listed photos,
    each answered with its print copy: no network, no other file (not even one beside a photo,
    not even a listed photo's own file by a file: URL)."""

    class AssetFetcher(weasyprint.urls.URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:") or _inside(url, assets):
                return super().fetch(url, headers)
            if url in photos:  # not a file: URL, so WeasyPrint takes these bytes, not the file's
                return weasyprint.urls.URLFetcherResponse(url, photos[url], {"Content-Type": "image/jpeg"})
            refused.append(url)
            raise ValueError(f"pressgen fetches only its template assets and the round's photos; refused {url}")

    return AssetFetcher(allowed_protocols=("file", "data"), allow_redirects=False)


def _stream_ends_with_cr(pdf: bytes) -> bool:
    """A stream whose (compressed) data happens to end with a carriage return, one in 256: before
    the end-of-line marker that precedes `endstream` it reads as part of a CR LF marker, and PDF/A
    checkers then find its /Length one byte too long. The finisher stores such a page, font or
    attachment stream uncompressed; the streams pydyf makes while writing (object streams, the
    cross-reference stream) are changed by writing the document again with a short /Padding
    entry in its information, which shifts every offset after it: the same input always needs
    the same padding."""
    return b"\r\nendstream" in pdf


def _inside(url: str, folder: Path) -> bool:
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parts.path)).resolve()
    return path.is_relative_to(folder) and path.is_file()
