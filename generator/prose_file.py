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
from .translation import set_unit

INDENT = "  "
SOURCE_COMMENT = "# Fingerprints of the source text each unit was translated from (kept by `pressgen translate`)"


def dump_prose(data: dict, header: list[str]) -> str:
    lines = list(header)
    for key, value in data.items():
        if key == "source":
            lines.append(SOURCE_COMMENT)
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
    source = loaded.prose[source_lang]
    source_doc = loaded.prose_documents[source_lang]
    target_doc = loaded.prose_documents.get(lang)
    path = target_doc.path if target_doc else source_doc.path.with_name(prose_file_name(loaded.kind, lang))
    data = copy.deepcopy(target_doc.data) if target_doc else {}
    data.pop("source", None)
    for unit, text in texts.items():
        set_unit(data, unit, text, source)
    data = _in_order(data, source_doc.data)
    kept = loaded.prose[lang].source if lang in loaded.prose else {}
    fingerprints = {**kept, **recorded}
    data["source"] = {unit: fingerprints[unit] for unit in source.units() if unit in fingerprints}
    header = header_comment(path)
    if not header or header == untranslated_header(loaded.round.id, lang, source_lang):  # no longer true
        header = translated_header(loaded.round.id, lang, source_lang)
    write_prose(path, data, header)
    return path


def _in_order(data: dict, model: dict) -> dict:
    """`data`'s mappings in `model`'s key order; keys `model` lacks follow in their own order."""
    keys = [k for k in model if k in data] + [k for k in data if k not in model]
    return {k: _in_order(data[k], model.get(k) or {}) if isinstance(data[k], dict) else data[k] for k in keys}
