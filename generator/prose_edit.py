"""Edit a prose file in place, a unit at a time: the studio's prose editor writes through these.

Each function takes the file's text and returns it with one change: a unit's value set (one line,
`key: "text"`, the house layout of prose_file.py), an entry removed, or a mapping's entries put in
a new order. Every other line stays byte for byte, comments included: an entry's comment lines
(just above it) go with it when it moves or goes. A layout that allows no such edit (a mapping
written on one line, a key sharing its line) is refused with the file, line and field, to be
edited as text instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import DataError, Location, Problem
from .loader import format_field_path
from .yaml_block import last_line

FieldPath = tuple[str, ...]
INDENT = "  "
# Where a new key goes among its siblings (the order of model.Prose and of the bundled files);
# a key not listed, or in a mapping not listed, goes last.
KEY_ORDER: dict[str, tuple[str, ...]] = {
    "": ("headline", "highlights", "lead", "reports", "paragraphs", "closing", "quotes", "source"),
    "quotes.*": ("person", "role", "text"),
    "reports.*": ("title", "paragraphs"),
}
# Mappings the model requires even when empty: emptied, they are written `{}` instead of removed.
KEPT_EMPTY = ("reports.*.paragraphs",)


@dataclass(frozen=True)
class _Entry:
    """One key of a block mapping and its value, by 0-based lines: `first` includes the comment
    lines just above the key, `key_line` is the key's own line, `last` the value's last line."""

    key: yaml.ScalarNode
    value: yaml.Node
    first: int
    key_line: int
    last: int


class _File:
    def __init__(self, text: str, path: Path):
        self.path = path
        self.lines = text.splitlines(keepends=True)
        self.newline = "\r\n" if self.lines and self.lines[0].endswith("\r\n") else "\n"
        self.unterminated = bool(self.lines) and not self.lines[-1].endswith("\n")  # kept so: a line may be added after it
        if self.unterminated:
            self.lines[-1] += self.newline
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            raise self.refuse((), "the file is not valid YAML; open it as text and fix it first") from None
        if root is not None and not isinstance(root, yaml.MappingNode):
            raise self.refuse((), "a prose file is a mapping of keys (headline:, lead:, ...)")
        self.root: yaml.MappingNode = root or yaml.MappingNode("tag:yaml.org,2002:map", [])

    def text(self) -> str:
        text = "".join(self.lines)
        return text.removesuffix(self.newline) if self.unterminated else text

    def refuse(self, field_path: FieldPath, message: str, line: int | None = None) -> DataError:
        return DataError([Problem(Location(self.path, None if line is None else line + 1, None, format_field_path(field_path)), message)])

    def mapping(self, field_path: FieldPath) -> yaml.MappingNode | None:
        """The block mapping at `field_path`, None where the path ends (refused if written on one line)."""
        node: yaml.MappingNode = self.root
        for depth, key in enumerate(field_path):
            entry = self.entry(node, field_path[:depth], key)
            if entry is None:
                return None
            value = entry.value
            if (isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null")) or (
                    isinstance(value, yaml.MappingNode) and value.flow_style and not value.value):
                return None  # `closing:` alone, `paragraphs: {}`: no entries yet
            if not isinstance(value, yaml.MappingNode):
                raise self.refuse(field_path[: depth + 1], "expected a mapping of keys here", value.start_mark.line)
            node = value
        if node.flow_style and node.value:
            raise self.refuse(field_path, "written on one line ({...}); write its keys one per line to edit it here",
                              node.start_mark.line)
        return node

    def entries(self, mapping: yaml.MappingNode, field_path: FieldPath) -> list[_Entry]:
        found: list[_Entry] = []
        previous = -1  # the line of the entry before (the comment lines above a key stop at it)
        for key, value in mapping.value:
            key_line = key.start_mark.line
            if self.lines[key_line][: key.start_mark.column].strip():
                raise self.refuse((*field_path, str(key.value)), "the key shares its line with another; give it a line of its own", key_line)
            last = last_line(value)
            after = self.lines[last][value.end_mark.column:] if value.end_mark.line == last else ""
            if after.strip() and not after.strip().startswith("#"):
                raise self.refuse((*field_path, str(key.value)), "the value shares its line with another key; give it a line of its own", last)
            first = key_line
            while first - 1 > previous and self.lines[first - 1].lstrip().startswith("#") and (found or mapping is not self.root):
                first -= 1  # the comment lines just above a key are its own (not the file's leading comment)
            found.append(_Entry(key, value, first, key_line, last))
            previous = last
        return found

    def entry(self, mapping: yaml.MappingNode, field_path: FieldPath, key: str) -> _Entry | None:
        if mapping.flow_style and mapping.value:
            raise self.refuse(field_path, "written on one line ({...}); write its keys one per line to edit it here",
                              mapping.start_mark.line)
        return next((e for e in self.entries(mapping, field_path) if str(e.key.value) == key), None)


def set_text(text: str, path: Path, field_path: FieldPath, value: str) -> str:
    """The file with `field_path` set to `value`, one line `key: "value"` (JSON's escapes are YAML's:
    always text, any character quoted safely). A missing key is created with its parents, in the
    house order among its siblings; a trailing comment on a one-line value is kept."""
    file = _File(text, path)
    depth = len(field_path) - 1
    while depth and file.mapping(field_path[:depth]) is None:
        depth -= 1
    mapping = file.mapping(field_path[:depth])
    assert mapping is not None  # the root at least
    entry = file.entry(mapping, field_path[:depth], field_path[depth])
    if entry is not None and depth == len(field_path) - 1:
        indent = " " * entry.key.start_mark.column
        key_text = file.lines[entry.key_line][entry.key.start_mark.column: entry.key.end_mark.column]
        comment = _comment(file.lines[entry.key_line], entry.value) if entry.last == entry.key_line else ""
        file.lines[entry.key_line: entry.last + 1] = [f"{indent}{key_text}: {_quoted(value)}{comment}{file.newline}"]
        return file.text()
    indent = " " * mapping.value[0][0].start_mark.column if mapping.value else ""
    new = _new_lines(field_path[depth:], value, indent, file.newline)
    if entry is not None:  # `closing:` with nothing under it, or `paragraphs: {}`: its lines become the block
        file.lines[entry.key_line: entry.last + 1] = new
    else:
        at = _insert_line(file, mapping, field_path[:depth], field_path[depth])
        file.lines[at:at] = new
    return file.text()


def remove(text: str, path: Path, field_path: FieldPath) -> str:
    """The file without the entry at `field_path` (and the comment lines just above it); a mapping
    left empty goes too, or is written `{}` where the model requires it. Absent: unchanged."""
    file = _File(text, path)
    *parents, leaf = field_path
    mapping = file.mapping(tuple(parents))
    entry = file.entry(mapping, tuple(parents), leaf) if mapping is not None else None
    if mapping is None or entry is None:
        return text
    if len(mapping.value) == 1 and parents:
        if _matches(tuple(parents), KEPT_EMPTY):
            holder = file.entry(file.mapping(tuple(parents[:-1])), tuple(parents[:-1]), parents[-1])  # type: ignore[arg-type]  # it holds the entry
            assert holder is not None
            key_line = file.lines[holder.key_line]
            file.lines[holder.key_line: holder.last + 1] = [key_line[: holder.key.end_mark.column] + ": {}" + file.newline]
            return file.text()
        return remove(text, path, tuple(parents))
    del file.lines[entry.first: entry.last + 1]
    return file.text()


def reorder(text: str, path: Path, field_path: FieldPath, order: list[str]) -> str:
    """The file with the mapping at `field_path` in `order` (keys it lacks are skipped, keys not
    in `order` follow in their own order); each entry moves with its comment lines, the blank
    lines between entries stay where they are."""
    file = _File(text, path)
    mapping = file.mapping(field_path)
    if mapping is None:
        return text
    entries = file.entries(mapping, field_path)
    by_key = {str(e.key.value): e for e in entries}
    wanted = [by_key[k] for k in order if k in by_key] + [e for e in entries if str(e.key.value) not in order]
    if wanted == entries:
        return text
    gaps = [file.lines[previous.last + 1: entry.first] for previous, entry in zip(entries, entries[1:], strict=False)]
    region = list(file.lines[wanted[0].first: wanted[0].last + 1])
    for gap, entry in zip(gaps, wanted[1:], strict=True):
        region += gap + file.lines[entry.first: entry.last + 1]
    file.lines[entries[0].first: entries[-1].last + 1] = region
    return file.text()


def keys(text: str, path: Path, field_path: FieldPath) -> list[str]:
    """The keys of the mapping at `field_path`, in the file's order ([] where there is none)."""
    file = _File(text, path)
    mapping = file.mapping(field_path)
    return [str(key.value) for key, _ in mapping.value] if mapping is not None else []


# --- helpers ------------------------------------------------------------------------------------------


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _comment(line: str, value: yaml.Node) -> str:
    rest = line[value.end_mark.column:].rstrip("\r\n")
    return "  " + rest.strip() if rest.strip().startswith("#") else ""


def _matches(field_path: FieldPath, patterns: tuple[str, ...]) -> bool:
    return any(len(p.split(".")) == len(field_path) and all(a in ("*", b) for a, b in zip(p.split("."), field_path, strict=True))
               for p in patterns)


def _order(field_path: FieldPath) -> tuple[str, ...]:
    return next((order for pattern, order in KEY_ORDER.items()
                 if (pattern == "" and not field_path) or (pattern and _matches(field_path, (pattern,)))), ())


def _new_lines(field_path: FieldPath, value: str, indent: str, newline: str) -> list[str]:
    """`a:` / `  b: "value"`: the keys still missing, each one level deeper."""
    lines = [f"{indent}{INDENT * depth}{key}:{newline}" for depth, key in enumerate(field_path[:-1])]
    return lines + [f"{indent}{INDENT * (len(field_path) - 1)}{field_path[-1]}: {_quoted(value)}{newline}"]


def _insert_line(file: _File, mapping: yaml.MappingNode, field_path: FieldPath, key: str) -> int:
    """Where a new `key` goes: before the first sibling the house order puts after it (and that
    sibling's comment lines), else after the mapping's last entry."""
    entries = file.entries(mapping, field_path)
    order = _order(field_path)
    if key in order:
        later = set(order[order.index(key) + 1:])
        for entry in entries:
            if str(entry.key.value) in later:
                return entry.first
    if entries:
        return entries[-1].last + 1
    return len(file.lines)


