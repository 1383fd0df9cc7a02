"""Strict YAML -> plain data, with the source position of every value.

PyYAML implements YAML 1.1, where an unquoted `2:06.894` is the base-60 number 126.894, `NO` is
false, and a duplicated key silently keeps its last value. We compose the node tree ourselves and
resolve scalars with a small, explicit schema that refuses those traps instead of guessing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, cast

import yaml

from .characters import first_problem, forbidden_character, line_and_column
from .errors import DataError, Location, Problem
from .limits import MAX_YAML_BYTES, MAX_YAML_DEPTH, too_large

FieldPath = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_YAML11_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_OCTAL_OR_PADDED = re.compile(r"^[-+]?0[0-9_]+$")


@dataclass(frozen=True)
class Document:
    """One loaded file: its plain data and where each field path sits in the source."""

    path: Path
    data: Any
    marks: dict[FieldPath, tuple[int, int]]
    problems: tuple[Problem, ...] = ()  # refused values and duplicate keys, when collected

    def locate(self, field_path: FieldPath) -> Location:
        """The closest known source position of a field path (a missing key points at its parent)."""
        probe = tuple(field_path)
        while probe not in self.marks and probe:
            probe = probe[:-1]
        line, column = self.marks.get(probe, (None, None))
        return Location(self.path, line, column, format_field_path(field_path))


def format_field_path(field_path: FieldPath) -> str:
    text = ""
    for part in field_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_yaml(path: Path, collect: bool = False) -> Document:
    """Read one YAML file strictly; raise DataError listing every problem found in it.

    With `collect`, problems that leave the structure readable (a refused value, a duplicate key)
    come back in `Document.problems` instead, so validation can go on and report the rest too.
    """
    too_large(path, MAX_YAML_BYTES, "a data or prose file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(Location(path), f"cannot read the file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError([Problem(Location(path, line), "the file is not UTF-8 text; save it as UTF-8")]) from None
    return parse_yaml(text, path, collect)


def parse_yaml(text: str, path: Path, collect: bool = False) -> Document:
    _refuse_forbidden_characters(text, path)
    try:
        node = _compose(nfc(text), path)
    except yaml.MarkedYAMLError as exc:
        raise DataError([_syntax_problem(exc, path)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for documents
        raise DataError([Problem(Location(path), f"invalid YAML: {exc}")]) from None
    builder = _Builder(path)
    data = builder.build(node, ()) if node is not None else {}
    if builder.problems and not collect:
        raise DataError(builder.problems)
    return Document(path, data, builder.marks, tuple(builder.problems))


def nfc(text: str) -> str:
    """Every text input in Unicode NFC, so a decomposed accent (e + U+0301) and the composed one
    are the same name, the same width in the wire edition and the same translation fingerprint."""
    return unicodedata.normalize("NFC", text)


# libyaml composes the same nodes several times faster; the pure-Python parser words the syntax
# errors our messages are written for, so a document libyaml refuses is parsed again by it.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)

if TYPE_CHECKING:  # libyaml's mark, as the parser's events carry it with the fast loader
    from yaml._yaml import Mark as _LibyamlMark

    _EventMark: TypeAlias = yaml.Mark | _LibyamlMark


def _compose(text: str, path: Path) -> yaml.Node | None:
    if _FAST_LOADER is not None:
        try:
            return _Composer(path).compose(yaml.parse(text, Loader=_FAST_LOADER))
        except yaml.YAMLError:
            pass
    return _Composer(path).compose(yaml.parse(text, Loader=yaml.SafeLoader))


def _refuse_forbidden_characters(text: str, path: Path) -> None:
    """Control characters written as such, at their line and column (escapes are checked per value)."""
    found = forbidden_character(text)
    if found is not None:
        index, message = found
        raise DataError([Problem(Location(path, *line_and_column(text, index)), message)])


class _Composer:
    """The node tree from the parser's events, without recursion (a 100,000-deep list must get an
    error, not exhaust the stack), refusing anchors and aliases (an alias bomb expands a few
    hundred bytes into gigabytes; the data format never needs them) and nesting past the limit."""

    def __init__(self, path: Path):
        self.path = path

    def refuse(self, mark: _EventMark | None, message: str) -> DataError:
        where = Location(self.path, mark.line + 1, mark.column + 1) if mark is not None else Location(self.path)
        return DataError([Problem(where, message)])

    def compose(self, events: Iterable[yaml.Event]) -> yaml.Node | None:
        root: yaml.Node | None = None
        open_nodes: list[yaml.CollectionNode] = []
        keys: list[yaml.Node | None] = []  # per open mapping: its key waiting for a value
        documents = 0
        for event in events:
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise self.refuse(event.start_mark, "YAML anchors and aliases (&name, *name) are not supported; "
                                                    "write the value out in full where it is needed")
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise yaml.composer.ComposerError("expected a single document in the stream", None,
                                                      "but found another document", _node_mark(event.start_mark))
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                open_nodes.pop().end_mark = event.end_mark
                keys.pop()
            elif isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                node = _node(event)
                if not open_nodes:
                    root = node
                elif isinstance(open_nodes[-1], yaml.SequenceNode):
                    open_nodes[-1].value.append(node)
                elif keys[-1] is None:
                    keys[-1] = node
                else:
                    open_nodes[-1].value.append((keys[-1], node))
                    keys[-1] = None
                if isinstance(node, yaml.CollectionNode):
                    if len(open_nodes) >= MAX_YAML_DEPTH:
                        raise self.refuse(event.start_mark, f"the data nests deeper than {MAX_YAML_DEPTH} levels "
                                                            "(the data format needs 6 at most)")
                    open_nodes.append(node)
                    keys.append(None)
        return root


def _node(event: yaml.ScalarEvent | yaml.CollectionStartEvent) -> yaml.Node:
    start = _node_mark(event.start_mark)
    if isinstance(event, yaml.ScalarEvent):
        tag = event.tag if event.tag is not None and event.tag != "!" else "tag:yaml.org,2002:str"
        return yaml.ScalarNode(tag, event.value, start, _node_mark(event.end_mark), style=event.style)
    if isinstance(event, yaml.SequenceStartEvent):
        return yaml.SequenceNode(event.tag or "tag:yaml.org,2002:seq", [], start, None, flow_style=event.flow_style)
    return yaml.MappingNode(event.tag or "tag:yaml.org,2002:map", [], start, None, flow_style=event.flow_style)


def _node_mark(mark: _EventMark | None) -> yaml.Mark | None:
    """An event's mark kept as its node's. libyaml's marks have the name, line and column of
    PyYAML's own (all a node's mark is read for); PyYAML's stubs type a node's marks as PyYAML's."""
    return cast("yaml.Mark | None", mark)


def _syntax_problem(exc: yaml.MarkedYAMLError, path: Path) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    detail = exc.problem or "invalid YAML"
    if "\t" in detail or "\\t" in detail:
        detail = "a tab character is not allowed for indentation in YAML; indent with spaces"
    elif exc.context:
        detail = f"{exc.context}, {detail}"
    for symptom, hint in _SYNTAX_HINTS.items():
        if symptom in detail:
            detail += f"; {hint}"
    return Problem(Location(path, line, column), f"invalid YAML: {detail}")


_SYNTAX_HINTS = {
    "mapping values are not allowed here": "check the indentation of this line and the line above",
    "expected <block end>, but found": "check the indentation of this line and the line above",
    "could not find expected ':'": "a key needs a colon and a space after it",
    "found unexpected end of stream": "a quote or bracket is not closed",
}


class _Builder:
    def __init__(self, path: Path):
        self.path = path
        self.marks: dict[FieldPath, tuple[int, int]] = {}
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node, field_path: FieldPath, message: str) -> None:
        mark = node.start_mark
        location = Location(self.path, mark.line + 1, mark.column + 1, format_field_path(field_path))
        self.problems.append(Problem(location, message))

    def build(self, node: yaml.Node, field_path: FieldPath) -> Any:
        self.marks[field_path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in _IMPLICIT_TAGS:
            self.problem(node, field_path, f"YAML tags such as '{node.tag}' are not supported")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, field_path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, field_path + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode):
            return self.build_scalar(node, field_path)
        raise TypeError(f"no such YAML node: {type(node).__name__}")  # the composer makes only these three

    def build_mapping(self, node: yaml.MappingNode, field_path: FieldPath) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, field_path, "a mapping key must be a plain name")
                continue
            if key_node.tag == "tag:yaml.org,2002:merge" or key_node.value == "<<":
                self.problem(key_node, field_path, "merge keys (<<) are not supported; write the fields out")
                continue
            key = key_node.value
            child_path = field_path + (key,)
            if key in result:
                first_line = self.marks[child_path][0]  # the first value's line
                self.problem(key_node, child_path, f"duplicate key '{key}' (first given on line {first_line})")
                continue
            result[key] = self.build(value_node, child_path)  # marks the value: where a fix goes
        return result

    def build_scalar(self, node: yaml.ScalarNode, field_path: FieldPath) -> Any:
        value = node.value
        if (found := first_problem(value)) is not None:  # an escape such as "\0" or "\u202E"
            self.problem(node, field_path, found[1])
        if node.style:  # quoted or block scalar: always text
            return value
        if _NULL.match(value):
            return None
        if value in _BOOL:
            return _BOOL[value]
        if _YAML11_BOOL.match(value):
            self.problem(
                node, field_path,
                f"'{value}' is ambiguous (YAML 1.1 reads it as a boolean); "
                f"write true/false, or \"{value}\" in quotes for text",
            )
            return value
        if _SEXAGESIMAL.match(value):
            self.problem(
                node, field_path,
                f"'{value}' is ambiguous (YAML 1.1 reads it as a base-60 number); write it in quotes: \"{value}\"",
            )
            return value
        if _OCTAL_OR_PADDED.match(value):
            self.problem(node, field_path, f"'{value}' has a leading zero; write it in quotes if it is text")
            return value
        if _INT.match(value):
            return int(value)
        if _FLOAT.match(value):
            return float(value)
        return value


_IMPLICIT_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:value",
}
