"""Exchange files for translators: a round's prose as XLIFF 1.2 or PO, and back.

Each unit carries its id, the source text, a note saying where it sits (section, speaker) and the
existing translation, in the states CAT tools read: XLIFF `state="translated"` with
`approved="yes"` for a current translation, `needs-review-translation` for a stale one,
`needs-translation` (empty) for a missing one; in PO, stale is fuzzy and missing is empty. On
import, a target whose state still says it needs work (a needs-* or new state, approved="no",
a fuzzy PO entry) is read as such, so it is never recorded as current. The file names its round as
`<season-id>/<round-id>`, so an import needs nothing else.
"""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from .errors import DataError, Location, Problem
from .limits import MAX_TRANSLATION_BYTES, too_large
from .model import Prose

FORMATS = ("xliff", "po")
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass(frozen=True)
class ExchangeUnit:
    id: str
    source: str
    target: str | None = None
    stale: bool = False
    note: str = ""
    needs_work: str = ""  # read back: why the file says the target is not final ("fuzzy", a state)


@dataclass(frozen=True)
class Exchange:
    round_ref: str  # "<season-id>/<round-id>"
    source_lang: str
    target_lang: str
    units: tuple[ExchangeUnit, ...]


@dataclass(frozen=True)
class UnitPlace:
    """Where a unit sits in the release: its part, and what names it there (race, key, speaker)."""

    part: str  # headline, lead, highlight, paragraph (a pre-event body), report-title, report-paragraph, closing, quote, quote-role
    race: str = ""
    key: str = ""
    person: str = ""


def unit_place(unit: str, source: Prose) -> UnitPlace:
    match unit.split("."):
        case ["reports", race, "title"]:
            return UnitPlace("report-title", race=race.removeprefix("race-"))
        case ["reports", race, "paragraphs", key]:
            return UnitPlace("report-paragraph", race=race.removeprefix("race-"), key=key)
        case ["quotes", quote, field]:
            return UnitPlace("quote-role" if field == "role" else "quote", person=source.quotes[quote].person)
        case ["highlights" | "closing" | "paragraphs" as part, key]:
            return UnitPlace(part.removesuffix("s"), key=key)
    return UnitPlace(unit)  # headline, lead


def unit_note(unit: str, source: Prose) -> str:
    """Where a unit sits, for the translator: `reports.race-1.paragraphs.start` -> race 1 report, paragraph 'start'."""
    place = unit_place(unit, source)
    match place.part:
        case "report-title":
            return f"race {place.race} report, title"
        case "report-paragraph":
            return f"race {place.race} report, paragraph '{place.key}'"
        case "quote" | "quote-role":
            what = "the speaker's role" if place.part == "quote-role" else "the quote"
            return f"{what}; speaker: {place.person}"
        case "highlight":
            return f"highlight '{place.key}'"
        case "closing":
            return f"closing paragraph '{place.key}'"
        case "paragraph":
            return f"paragraph '{place.key}'"
    return place.part


# --- writing ----------------------------------------------------------------------------------------


def to_xliff(exchange: Exchange) -> bytes:
    ET.register_namespace("", XLIFF_NS)
    root = ET.Element(_x("xliff"), version="1.2")
    file = ET.SubElement(root, _x("file"), {
        "original": exchange.round_ref, "source-language": exchange.source_lang,
        "target-language": exchange.target_lang, "datatype": "plaintext",
    })
    body = ET.SubElement(file, _x("body"))
    for unit in exchange.units:
        element = ET.SubElement(body, _x("trans-unit"), {"id": unit.id, "resname": unit.id, XML_SPACE: "preserve"})
        ET.SubElement(element, _x("source")).text = unit.source
        if unit.target is None:
            ET.SubElement(element, _x("target"), state="needs-translation")
        elif unit.stale:
            ET.SubElement(element, _x("target"), state="needs-review-translation").text = unit.target
        else:
            element.set("approved", "yes")
            ET.SubElement(element, _x("target"), state="translated").text = unit.target
        ET.SubElement(element, _x("note")).text = unit.note
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def to_po(exchange: Exchange, created: dt.datetime) -> bytes:
    catalog = Catalog(
        locale=exchange.target_lang, project=exchange.round_ref, version=exchange.source_lang,
        header_comment=f"# {exchange.round_ref}: the {exchange.source_lang} prose to translate into {exchange.target_lang}.\n"
        "# msgctxt is the unit id; keep it. Stale translations are marked fuzzy.",
        creation_date=created, revision_date=created, fuzzy=False,
    )
    for unit in exchange.units:
        catalog[unit.id] = Message(
            unit.source, unit.target or "", context=unit.id, auto_comments=[unit.note],
            flags=("fuzzy",) if unit.stale else (),
        )
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0)
    return buffer.getvalue()


def _x(tag: str) -> str:
    return f"{{{XLIFF_NS}}}{tag}"


# --- reading ----------------------------------------------------------------------------------------


def read_exchange(path: Path) -> Exchange:
    """An exchange file back, by its extension (.xlf/.xliff or .po); DataError when it is unreadable."""
    too_large(path, MAX_TRANSLATION_BYTES, "a translation file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _problem(path, f"cannot read the file: {exc.strerror}") from None
    if path.suffix in (".xlf", ".xliff"):
        return from_xliff(data, path)
    if path.suffix == ".po":
        return from_po(data, path)
    raise _problem(path, "expected an .xlf, .xliff or .po file written by `pressgen translate export`")


def from_xliff(data: bytes, path: Path) -> Exchange:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise DataError([Problem(Location(path, line, column + 1), f"invalid XLIFF: {exc.msg if hasattr(exc, 'msg') else exc}")]) from None
    file = next((e for e in root.iter() if _local(e.tag) == "file"), None)
    original = file.get("original") if file is not None else None
    if _local(root.tag) != "xliff" or file is None or not original:
        raise _problem(path, "not an XLIFF file from `pressgen translate export` (no <file original=...>)")
    units = tuple(_xliff_unit(element) for element in file.iter() if _local(element.tag) == "trans-unit")
    return Exchange(original, file.get("source-language", ""), file.get("target-language", ""), units)


# XLIFF 1.2 target states that say the translation is not done (new, or needs-* of any kind).
_UNFINISHED_STATES = ("new", "needs-")


def _xliff_unit(element: ET.Element) -> ExchangeUnit:
    children = {_local(child.tag): child for child in element}
    target = children.get("target")
    text = "".join(target.itertext()) if target is not None else ""
    source = children.get("source")
    state = target.get("state", "") if target is not None else ""
    needs_work = ""
    if state.startswith(_UNFINISHED_STATES):
        needs_work = f'state="{state}"'
    elif element.get("approved") == "no":
        needs_work = 'approved="no"'
    return ExchangeUnit(
        element.get("id", ""), "".join(source.itertext()) if source is not None else "", text or None,
        needs_work=needs_work,
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def from_po(data: bytes, path: Path) -> Exchange:
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except Exception as exc:  # babel's PoFileError: a malformed file
        raise DataError([Problem(Location(path, getattr(exc, "lineno", None)), f"invalid PO file: {exc}")]) from None
    if not catalog.project or "/" not in catalog.project:
        raise _problem(path, "not a PO file from `pressgen translate export` (no round in Project-Id-Version)")
    units = tuple(
        ExchangeUnit(m.context or "", m.id, m.string or None, needs_work="fuzzy" if m.fuzzy else "")
        for m in catalog if m.id and isinstance(m.id, str) and not isinstance(m.string, (tuple, list))  # a plural entry is none of ours
    )
    return Exchange(catalog.project, catalog.version or "", str(catalog.locale or ""), units)


def _problem(path: Path, message: str) -> DataError:
    return DataError([Problem(Location(path), message)])
