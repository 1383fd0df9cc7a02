"""Rewrite one race's rows in a round.yaml in place: its `results:` or `qualifying:` block (and its
`laps:` when left empty), every other line of the file kept as it was, comments included.

Rows are written in flow style, one per line, like the bundled files: `- {car: 12, gap: "0.284"}`.
Comments inside the replaced block go with the rows they annotated.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import DataError, Location, Problem


@dataclass(frozen=True)
class RaceEdit:
    race: int
    section: str  # results | qualifying
    rows: tuple[str, ...]  # flow mappings, e.g. '{car: 12, gap: "0.284"}'
    laps: int | None = None  # written where the race's `laps:` is empty or absent
    complete: bool | None = None  # written as the race's `results_complete:`; None leaves it as it is


def edit_race(text: str, path: Path, edit: RaceEdit) -> str:
    """The file's text with the race's section replaced; DataError if its layout allows no safe edit."""
    race = _race_node(text, path, edit.race)
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    keys = {key.value: (key, value) for key, value in race.value}
    indent = race.value[0][0].start_mark.column
    changes: list[tuple[int, int, list[str]]] = []  # (first line, last line + 1, new lines), 0-based
    block = _block(edit.section, edit.rows, " " * indent, newline)
    if edit.section in keys:
        key, value = keys[edit.section]
        _refuse_unless_own_lines(lines, key, value, path, edit)
        changes.append((key.start_mark.line, last_line(value) + 1, block))
    else:
        end = last_line(race) + 1
        changes.append((end, end, block))
    if edit.laps is not None:
        changes.append(_scalar_change(lines, keys, "laps", str(edit.laps), indent, race, newline))
    if edit.complete is not None:
        changes.append(_scalar_change(lines, keys, "results_complete", str(edit.complete).lower(), indent, race, newline))
    for start, stop, new in sorted(changes, reverse=True):
        lines[start:stop] = new
    return "".join(lines)


def _race_node(text: str, path: Path, number: int) -> yaml.MappingNode:
    def refuse(message: str) -> DataError:
        return DataError([Problem(Location(path, field="races"), message)])

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        raise refuse("the file is not valid YAML; run `pressgen validate` and fix it first") from None
    races = next((v for k, v in root.value if k.value == "races"), None) if isinstance(root, yaml.MappingNode) else None
    if not isinstance(races, yaml.SequenceNode) or races.flow_style:
        raise refuse("no block list of races (`races:` then one `- number: N` per race) to write into")
    for race in races.value:
        if isinstance(race, yaml.MappingNode) and any(k.value == "number" and v.value == str(number) for k, v in race.value):
            if race.flow_style:
                raise refuse(f"race {number} is written on one line ({{...}}); write its fields one per line to import into it")
            return race
    raise refuse(f"no race {number} in this file; add `- number: {number}` with its `laps:` under races")


def _refuse_unless_own_lines(lines: list[str], key: yaml.Node, value: yaml.Node, path: Path, edit: RaceEdit) -> None:
    """The key starts its line and nothing but a comment follows the value."""
    before = lines[key.start_mark.line][: key.start_mark.column].strip()
    last = last_line(value)
    after = lines[last][_end_column(value, lines):].strip() if last == value.end_mark.line else ""
    if before or (after and not after.startswith("#")):
        location = Location(path, key.start_mark.line + 1, key.start_mark.column + 1, f"races.{edit.section}")
        raise DataError([Problem(location, f"cannot rewrite this {edit.section} block in place: give it lines of its own")])


def _end_column(value: yaml.Node, lines: list[str]) -> int:
    return value.end_mark.column if value.end_mark.column > 0 else len(lines[value.end_mark.line])


def _block(section: str, rows: tuple[str, ...], indent: str, newline: str) -> list[str]:
    if not rows:
        return [f"{indent}{section}: []{newline}"]
    return [f"{indent}{section}:{newline}"] + [f"{indent}  - {row}{newline}" for row in rows]


def _scalar_change(lines: list[str], keys: dict, name: str, value: str, indent: int, race: yaml.MappingNode,
                   newline: str) -> tuple[int, int, list[str]]:
    """`name: value` in place of the race's line for `name` (its comment kept), or added at its end."""
    if name not in keys:
        end = last_line(race) + 1
        return end, end, [f"{' ' * indent}{name}: {value}{newline}"]
    key, _ = keys[name]
    line = lines[key.start_mark.line]
    comment = line[line.find("#"):].rstrip("\r\n") if "#" in line else ""
    new = f"{line[: key.start_mark.column]}{name}: {value}" + (f"  {comment}" if comment else "")
    return key.start_mark.line, key.start_mark.line + 1, [new + newline]


def last_line(node: yaml.Node) -> int:
    """The 0-based line of a node's last character (a block collection's end mark lies further on)."""
    if not isinstance(node, yaml.CollectionNode) or node.flow_style or not node.value:
        end = node.end_mark
        return end.line if end.column > 0 or end.line == node.start_mark.line else end.line - 1
    last = node.value[-1]
    return last_line(last[1] if isinstance(node, yaml.MappingNode) else last)


# --- a table edited row by row (the studio) ---------------------------------------------------------

# A row of the edited table: the index of a row of the file kept as it is (its lines and the comment
# lines just above it), or a new flow mapping written on a line of its own.
Row = int | str


def edit_rows(text: str, path: Path, race_number: int, section: str, rows: list[Row]) -> str:
    """The file's text with one race's `section` (results, qualifying, penalties) made of `rows`:
    a kept row keeps its lines byte for byte, so changing one row changes one line."""
    race = _race_node(text, path, race_number)
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    keys = {key.value: (key, value) for key, value in race.value}
    indent = race.value[0][0].start_mark.column
    if section not in keys:
        end = last_line(race) + 1
        lines[end:end] = _block(section, tuple(r for r in rows if isinstance(r, str)), " " * indent, newline)
        return "".join(lines)
    key, value = keys[section]
    _refuse_unless_own_lines(lines, key, value, path, RaceEdit(race_number, section, ()))
    item_indent = _item_indent(lines, value, indent)
    kept = _item_lines(lines, key, value, text, f"{item_indent}- {{}}{newline}")
    block_list = isinstance(value, yaml.SequenceNode) and bool(value.value) and not value.flow_style
    new = [lines[key.start_mark.line] if block_list and rows else _key_line(lines, key, section, indent, newline, bool(rows))]
    for row in rows:
        new += kept[row] if isinstance(row, int) else [f"{item_indent}- {row}{newline}"]
    lines[key.start_mark.line: last_line(value) + 1] = new
    return "".join(lines)


def edit_race_scalars(text: str, path: Path, race_number: int, values: dict[str, str]) -> str:
    """The race's `name: value` lines replaced in place (comments kept), or added at its end."""
    race = _race_node(text, path, race_number)
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    keys = {key.value: (key, value) for key, value in race.value}
    indent = race.value[0][0].start_mark.column
    changes = [_scalar_change(lines, keys, name, value, indent, race, newline) for name, value in values.items()]
    for start, stop, new in sorted(changes, key=lambda change: change[0], reverse=True):
        lines[start:stop] = new
    return "".join(lines)


def _item_lines(lines: list[str], key: yaml.Node, value: yaml.Node, text: str, flow_line: str) -> list[list[str]]:
    """Each row's own lines, with the comment lines just above it; a flow list's rows (`[{...}, {...}]`)
    each on a line of its own (`flow_line` with `{}` for the row's text)."""
    if not isinstance(value, yaml.SequenceNode) or not value.value:
        return []
    if value.flow_style:
        return [[flow_line.format(text[item.start_mark.index:item.end_mark.index])] for item in value.value]
    items, previous_end = [], key.start_mark.line
    for item in value.value:
        start = item.start_mark.line
        while start - 1 > previous_end and lines[start - 1].strip().startswith("#"):
            start -= 1
        items.append(lines[start:last_line(item) + 1])
        previous_end = last_line(item)
    return items


def _item_indent(lines: list[str], value: yaml.Node, indent: int) -> str:
    """The indentation of the list's dashes, or two more than the race's keys for a new list."""
    if isinstance(value, yaml.SequenceNode) and value.value and not value.flow_style:
        line = lines[value.value[0].start_mark.line]
        return line[: len(line) - len(line.lstrip())]
    return " " * (indent + 2)


def _key_line(lines: list[str], key: yaml.Node, section: str, indent: int, newline: str, has_rows: bool) -> str:
    """`section:` (its comment kept), or `section: []` when no row is left."""
    line = lines[key.start_mark.line]
    comment = line[line.find("#"):].rstrip("\r\n") if "#" in line else ""
    head = f"{' ' * indent}{section}:" + ("" if has_rows else " []")
    return head + (f"  {comment}" if comment else "") + newline
