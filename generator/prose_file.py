"""Write a prose file back (translate import, translate accept): the house layout of the bundled
files, one `key: "text"` per line in the file's own key order, its leading comment kept, written
atomically. Comments inside the file are not kept: prose files hold them only at the top."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from .loader import parse_yaml
from .output import write_back
from .schema import LoadedRound, prose_file_name
from .translation import fingerprint, set_unit

INDENT = "  "
SOURCE_COMMENT = "# Fingerprints of the source text each unit was translated from (kept by `pressgen translate`)"
TRANSLATED_FROM_COMMENT = "# The source text each unit was translated from, to show what changes in it (kept by `pressgen translate`)"


def dump_prose(data: dict, header: list[str]) -> str:
    lines = list(header)
    for key, value in data.items():
        if key == "source":
            lines.append(SOURCE_COMMENT)
        elif key == "translated_from":
            lines.append(TRANSLATED_FROM_COMMENT)
        lines.extend(_entry(key, value, 0))
    return "\n".join(lines) + "\n"


def _entry(key: str, value: object, depth: int) -> list[str]:
    prefix = INDENT * depth + f"{key}:"
    if value == {}:  # `paragraphs: {}` of a race with no report yet: a bare `key:` would read as null
        return [f"{prefix} {{}}"]
    if isinstance(value, dict):
        return [prefix] + [line for k, v in value.items() for line in _entry(k, v, depth + 1)]
    # A JSON string is a valid YAML double-quoted scalar: always text, never a YAML 1.1 trap.
    return [f"{prefix} {json.dumps(str(value), ensure_ascii=False)}"]


def header_comment(path: Path) -> list[str]:
    """The comment lines a file starts with."""
    if not path.is_file():
        return []
    header = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    return header


def untranslated_header(round_id: str, lang: str, source_lang: str) -> list[str]:
    """The leading comment of a translation file `new-round` creates, before any unit is translated."""
    return [
        f"# {round_id}: {lang} translation of the {source_lang} prose. Nothing is translated yet:",
        "# `pressgen translate export` and `translate import`, or write the units by hand.",
    ]


def translated_header(round_id: str, lang: str, source_lang: str) -> list[str]:
    return [f"# {round_id}: {lang} translation of the {source_lang} prose"]


def write_prose(path: Path, data: dict, header: list[str]) -> None:
    write_back(path, dump_prose(data, header), parse_yaml)


def save_translation(loaded: LoadedRound, source_lang: str, lang: str, texts: dict[str, str], recorded: dict[str, str]) -> Path:
    """Write `texts` into the round's `lang` prose file, recording for each unit the fingerprint of
    the source text it translates; mappings follow the source file's order, fingerprints come last."""
    path, text = translation_file(loaded, source_lang, lang, texts, recorded)
    write_back(path, text, parse_yaml)
    return path


def translation_file(loaded: LoadedRound, source_lang: str, lang: str, texts: dict[str, str], recorded: dict[str, str]) -> tuple[Path, str]:
    """The round's `lang` prose file with `texts` in it and, for each unit of `recorded`, the
    fingerprint of the current source text, with that text for each unit whose translation or
    fingerprint changes (`translated_from`: what a later change of the source is shown against):
    its path and its text, nothing written."""
    source = loaded.prose[source_lang]
    source_doc = loaded.prose_documents[source_lang]
    target_doc = loaded.prose_documents.get(lang)
    path = target_doc.path if target_doc else source_doc.path.with_name(prose_file_name(loaded.kind, lang))
    data = copy.deepcopy(target_doc.data) if target_doc else {}
    data.pop("source", None)
    data.pop("translated_from", None)
    for unit, text in texts.items():
        set_unit(data, unit, text, source)
    data = _in_order(data, source_doc.data)
    before = loaded.prose.get(lang)
    before_texts, before_fingerprints = (before.units(), before.source) if before else ({}, {})
    fingerprints = {**before_fingerprints, **recorded}
    # the source text of the units this write changes (their text or fingerprint): the others keep their lines
    changed = [unit for unit in recorded if unit in texts and texts[unit] != before_texts.get(unit) or recorded[unit] != before_fingerprints.get(unit)]
    source_texts = {**(before.translated_from if before else {}), **{unit: source.units()[unit] for unit in changed}}
    data["source"] = {unit: fingerprints[unit] for unit in source.units() if unit in fingerprints}
    # a text kept only while it is the one its unit's fingerprint was taken from
    data["translated_from"] = {unit: source_texts[unit] for unit in data["source"]
                               if unit in source_texts and fingerprint(source_texts[unit]) == fingerprints[unit]}
    if not data["translated_from"]:
        del data["translated_from"]
    header = header_comment(path)
    if not header or header == untranslated_header(loaded.round.id, lang, source_lang):  # no longer true
        header = translated_header(loaded.round.id, lang, source_lang)
    return path, dump_prose(data, header)


def _in_order(data: dict, model: dict) -> dict:
    """`data`'s mappings in `model`'s key order; keys `model` lacks follow in their own order."""
    keys = [k for k in model if k in data] + [k for k in data if k not in model]
    return {k: _in_order(data[k], model.get(k) or {}) if isinstance(data[k], dict) else data[k] for k in keys}
