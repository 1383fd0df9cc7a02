"""Archive-grade PDFs: PDF/A-3a conformance, the round's sources embedded, metadata from the data."""

import io

import page
import pytest
from pypdf import PdfReader

from .conftest import MONZA_SEASON

pytestmark = pytest.mark.pdf

ROUND_FOLDER = MONZA_SEASON / "rounds" / "06-monza"


def reader(built, lang) -> PdfReader:
    return PdfReader(io.BytesIO(built[lang][1]))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_conforms_to_pdf_a_3a(built, lang):
    report = page.validate_pdf_bytes(built[lang][1], profile="3a")
    assert [(f.rule_id, f.message) for f in report.failures] == []
    assert report.is_compliant and report.rules.total > 0


def test_checker_rejects_a_plain_pdf():
    """The check can fail: an ordinary WeasyPrint PDF (no PDF/A identification) is refused."""
    import weasyprint

    plain = weasyprint.HTML(string="<p>x</p>").write_pdf()
    assert not page.validate_pdf_bytes(plain, profile="3a").is_compliant


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_embeds_the_round_data_and_the_language_prose(built, lang):
    attachments = reader(built, lang).attachments
    assert sorted(attachments) == sorted(["round.yaml", f"{lang}.yaml"])
    assert attachments["round.yaml"] == [(ROUND_FOLDER / "round.yaml").read_bytes()]
    assert attachments[f"{lang}.yaml"] == [(ROUND_FOLDER / f"{lang}.yaml").read_bytes()]


def test_attachments_are_sources_with_yaml_type_and_the_release_date(built):
    root = reader(built, "fr").trailer["/Root"]
    specs = [spec.get_object() for spec in root["/AF"]]
    assert [s["/F"] for s in specs] == ["fr.yaml", "round.yaml"]
    for spec in specs:
        assert spec["/AFRelationship"] == "/Source"
        stream = spec["/EF"]["/F"].get_object()
        assert stream["/Subtype"] == "/application/yaml"
        assert stream["/Params"]["/CreationDate"] == "D:20241021000000Z"
        assert stream["/Params"]["/ModDate"] == "D:20241021000000Z"


@pytest.mark.parametrize("lang, title", [
    ("fr", "Charles Roussanne remporte le titre en Alpine ELF Cup Series"),
    ("en", "Charles Roussanne wins the Alpine Elf Cup Series title"),
])
def test_pdf_metadata_names_the_release(built, lang, title):
    pdf = reader(built, lang)
    info = pdf.metadata
    assert info["/Title"] == title
    assert info["/Series"] == "Alpine Elf Cup Series"
    assert info["/Round"] == "06-monza"
    assert info["/ReleaseDate"] == "2024-10-21"
    assert info["/Keywords"] == "Alpine Elf Cup Series, 2024, Autodromo Nazionale Monza, 06-monza"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20241021"
    assert pdf.trailer["/Root"]["/Lang"] == lang
    assert pdf.xmp_metadata.dc_title == {"x-default": title}


def test_xmp_identifies_pdf_a_3a_uncompressed(built):
    stream = reader(built, "fr").trailer["/Root"]["/Metadata"].get_object()
    assert "/Filter" not in stream
    xmp = stream.get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="A"' in xmp


def test_a_stream_ending_in_a_carriage_return_is_written_again_with_padding(monkeypatch):
    """About one PDF in a hundred has a compressed stream whose last byte is CR, which PDF/A
    checkers read as part of the CR LF before `endstream` (a /Length one byte too long). The
    printer then writes the document again with a /Padding entry; forced here on the first write."""
    from generator import pdf as printing

    real = printing._stream_ends_with_cr
    calls = []

    def first_write_ends_with_cr(data: bytes) -> bool:
        calls.append(data)
        return len(calls) == 1 or real(data)

    monkeypatch.setattr(printing, "_stream_ends_with_cr", first_write_ends_with_cr)
    html = '<html lang="en"><head><title>Padding</title></head><body><p>One page.</p></body></html>'
    data = printing.Printer().pdf(html)
    assert len(calls) == 2
    assert PdfReader(io.BytesIO(data)).metadata["/Padding"] == "."
    assert b"/Padding" not in calls[0]
    assert page.validate_pdf_bytes(data, profile="3a").failures == []
    assert printing._stream_ends_with_cr(b"stream\nxx\r\nendstream") and not printing._stream_ends_with_cr(b"stream\nxx\nendstream")


def test_a_page_stream_whose_compressed_data_ends_in_cr_is_stored_uncompressed():
    """zlib's output ends with the Adler-32 checksum, whose last byte is 1 + the sum of the
    bytes, modulo 65521, modulo 256: content is padded with spaces until that byte is CR (13)."""
    import zlib

    import pydyf

    from generator.pdf import _serialize_objects

    content = b"0 0 m 10 10 l S"
    while zlib.adler32(content) & 0xFF != 0x0D:
        content += b" "
    odd, plain = pydyf.Stream([content], compress=True), pydyf.Stream([b"0 0 m 10 10 l S"], compress=True)
    assert odd.data.endswith(b"\r\nendstream") and not plain.data.endswith(b"\r\nendstream")
    objects = [odd, plain]
    _serialize_objects(objects)
    assert objects[0].data == b"<</Length %d>>\nstream\n" % len(content) + content + b"\nendstream"
    assert objects[1].data == plain.data and b"/FlateDecode" in objects[1].data


def _written(pdf) -> bytes:
    """The file pydyf writes, as WeasyPrint asks for it (an identifier, an object stream)."""
    out = io.BytesIO()
    pdf.write(out, b"1.7", identifier=True, compress=True)
    return out.getvalue()


def test_each_stream_is_compressed_once_and_the_file_is_the_same_as_pydyf_writes_it(monkeypatch):
    """pydyf makes a stream's bytes each time it is asked: to write it, then to hash every object
    for the file identifier. Made once in the finisher, the file keeps every byte."""
    import zlib

    import pydyf

    from generator.pdf import _serialize_objects

    def document() -> pydyf.PDF:
        pdf = pydyf.PDF()
        for n in range(3):
            pdf.add_object(pydyf.Stream([b"0 0 m %d 10 l S" % n] * 50, compress=True))
        pdf.add_object(pydyf.Stream([b"<x:xmpmeta/>"]))
        pdf.add_object(pydyf.Dictionary({"Type": "/Catalog"}))
        pdf.catalog = pdf.objects[-1]
        return pdf

    calls = []

    class Counting:
        def __getattr__(self, name):
            return getattr(zlib, name)

        def compressobj(self, *args, **kwargs):
            calls.append(1)
            return zlib.compressobj(*args, **kwargs)

    monkeypatch.setattr(pydyf, "zlib", Counting())
    expected = _written(document())
    assert len(calls) == 3 * 2 + 2 + 1  # each page stream twice, the object stream twice (both hashed), the xref stream once
    calls.clear()
    pdf = document()
    _serialize_objects(pdf.objects)
    assert _written(pdf) == expected
    assert len(calls) == 3 + 2 + 1  # each page stream once


def test_each_dictionary_is_made_once_and_the_file_is_the_same_as_pydyf_writes_it(monkeypatch):
    """A dictionary's bytes, like a stream's, are made once in the finisher; pydyf makes them to
    put it in the object stream and again to hash it for the file identifier."""
    import pydyf

    from generator.pdf import _serialize_objects

    def document() -> pydyf.PDF:
        pdf = pydyf.PDF()
        pdf.add_object(pydyf.Stream([b"0 0 m 10 10 l S"], compress=True))
        for n in range(4):
            pdf.add_object(pydyf.Dictionary({"Type": "/Annot", "Rect": pydyf.Array([0, 0, n, 10.5]), "T": pydyf.String(f"({n})")}))
        pdf.add_object(pydyf.Dictionary({"Type": "/Catalog"}))
        pdf.catalog = pdf.objects[-1]
        return pdf

    made = []
    data = pydyf.Dictionary.data

    def counting(self):
        made.append(self.get("Type"))
        return data.fget(self)

    monkeypatch.setattr(pydyf.Dictionary, "data", property(counting))
    expected = _written(document())
    annotations = made.count("/Annot")
    assert annotations == 4 * 2  # in the object stream, then hashed
    made.clear()
    pdf = document()
    _serialize_objects(pdf.objects)
    assert _written(pdf) == expected
    assert made.count("/Annot") == 4


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_link_leads_to_the_machine_that_printed_the_pdf(built, lang):
    # The Monza prose and about text link Facebook, X, Instagram and Youtube to "#" (the reference
    # gives no addresses): resolved against the template assets' folder, each became a link to
    # file:///<checkout>/templates/assets/ (4 on page 2, 4 on page 5). The only links left are the
    # footnote references, inside the document.
    links = [
        annotation.get_object()
        for pdf_page in reader(built, lang).pages
        for annotation in pdf_page.get("/Annots") or []
        if annotation.get_object().get("/Subtype") == "/Link"
    ]
    assert [link.get("/A", {}).get("/URI") for link in links if "/A" in link] == []
    assert [str(link["/Dest"]) for link in links] == ["footnote", "footnote"]
    assert b"file:" not in built[lang][1]


def test_printing_collects_less_often_and_gives_the_callers_thresholds_back():
    """The cycle collector runs every 50,000 allocations while a document prints, Python's own
    thresholds before and after; a failure while printing gives them back too."""
    import gc

    from generator import pdf as printing

    html = '<html lang="en"><head><title>Collector</title></head><body><p>One page.</p></body></html>'
    printer, seen = printing.Printer(), []
    gc.set_threshold(700, 10, 10)
    original_layout = printer.layout

    def layout(*args, **kwargs):
        seen.append(gc.get_threshold())
        return original_layout(*args, **kwargs)

    printer.layout = layout
    printer.pdf(html)
    assert seen == [(50_000, 20, 10)] and gc.get_threshold() == (700, 10, 10)

    def failing(*args, **kwargs):
        raise RuntimeError("a layout that fails")

    printer.layout = failing
    with pytest.raises(RuntimeError):
        printer.pdf(html)
    assert gc.get_threshold() == (700, 10, 10)
