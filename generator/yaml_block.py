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
        changes.append((key.start_mark.line, _last_line(value) + 1, block))
    else:
        end = _last_line(race) + 1
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
    last = _last_line(value)
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
        end = _last_line(race) + 1
        return end, end, [f"{' ' * indent}{name}: {value}{newline}"]
    key, _ = keys[name]
    line = lines[key.start_mark.line]
    comment = line[line.find("#"):].rstrip("\r\n") if "#" in line else ""
    new = f"{line[: key.start_mark.column]}{name}: {value}" + (f"  {comment}" if comment else "")
    return key.start_mark.line, key.start_mark.line + 1, [new + newline]


def _last_line(node: yaml.Node) -> int:
    """The 0-based line of a node's last character (a block collection's end mark lies further on)."""
    if not isinstance(node, yaml.CollectionNode) or node.flow_style or not node.value:
        end = node.end_mark
        return end.line if end.column > 0 or end.line == node.start_mark.line else end.line - 1
    last = node.value[-1]
    return _last_line(last[1] if isinstance(node, yaml.MappingNode) else last)
