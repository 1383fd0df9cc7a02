"""A race's tables (results, qualifying, penalties) and its own fields (laps, results_complete) as
a form, and the form back as edits of round.yaml.

Each row of the form remembers which row of the file it came from. A row whose fields are as the
file has them keeps its lines byte for byte (yaml_block.edit_rows); a changed row is written again
as one flow mapping, its other keys kept in their order. So changing one gap changes one line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..loader import parse_yaml
from ..yaml_block import Row, edit_race_scalars, edit_rows

TIME_FIELDS = ("gap", "time", "best_lap")  # always quoted: YAML 1.1 reads 2:06.894 as a number
NUMBER_FIELDS = ("car", "position", "laps", "seconds", "places", "points")
STATUSES = ("finished", "retired", "not_started", "disqualified")
PENALTY_KINDS = ("time", "positions", "grid", "disqualification", "points", "exclusion")


@dataclass(frozen=True)
class Table:
    section: str  # the key in round.yaml
    prefix: str  # form field names: <prefix>-<row>-<field>
    fields: tuple[str, ...]

    def columns(self, languages: tuple[str, ...]) -> tuple[str, ...]:
        return self.fields + tuple(f"reason.{lang}" for lang in languages) if self.section == "penalties" else self.fields


RESULTS = Table("results", "r", ("car", "driver", "position", "status", "laps", "gap", "time", "best_lap"))
QUALIFYING = Table("qualifying", "q", ("car", "driver", "time"))
PENALTIES = Table("penalties", "p", ("car", "driver", "kind", "seconds", "places", "points"))
TABLES = (RESULTS, QUALIFYING, PENALTIES)
RACE_FIELDS = ("laps", "results_complete")


@dataclass(frozen=True)
class RaceForm:
    """What the editor shows of one race: each table's rows as text fields, and the race's fields."""

    number: int
    fields: dict[str, str]
    tables: dict[str, list[dict[str, str]]]  # section -> rows, each field -> text


def race_data(round_data: Any, number: int) -> dict | None:
    races = round_data.get("races") if isinstance(round_data, dict) else None
    for race in races if isinstance(races, list) else []:
        if isinstance(race, dict) and race.get("number") == number:
            return race
    return None


def race_numbers(round_data: Any) -> list[int]:
    races = round_data.get("races") if isinstance(round_data, dict) else None
    return [r["number"] for r in races if isinstance(r, dict) and isinstance(r.get("number"), int)] if isinstance(races, list) else []


def race_form(race: dict, number: int, languages: tuple[str, ...]) -> RaceForm:
    fields = {name: _text(race.get(name)) for name in RACE_FIELDS}
    tables = {t.section: [as_text(row, t.columns(languages)) for row in _rows(race, t.section)] for t in TABLES}
    return RaceForm(number, fields, tables)


def _rows(race: dict, section: str) -> list[dict]:
    rows = race.get(section)
    return [row if isinstance(row, dict) else {} for row in rows] if isinstance(rows, list) else []


def as_text(row: dict, columns: tuple[str, ...]) -> dict[str, str]:
    """A row's fields as the form shows them (a reason per language as reason.<lang>)."""
    text = {}
    for column in columns:
        name, _, lang = column.partition(".")
        value = row.get(name)
        if lang:
            value = value.get(lang) if isinstance(value, dict) else None
        text[column] = _text(value)
    return text


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


# --- the form back to the file ------------------------------------------------------------------------


@dataclass(frozen=True)
class PostedRow:
    original: int | None  # the file's row it came from
    values: dict[str, str]  # column -> text, as typed (stripped)


def posted_rows(fields: dict[str, str], table: Table, languages: tuple[str, ...]) -> list[PostedRow]:
    """The table's rows in the form's order; rows marked removed and rows left blank are dropped."""
    pattern = re.compile(rf"{table.prefix}-(\d+)-")
    indices = sorted({int(m[1]) for name in fields if (m := pattern.match(name))})
    rows = []
    for i in indices:
        get = lambda column, i=i: fields.get(f"{table.prefix}-{i}-{column}", "").strip()
        if get("remove"):
            continue
        values = {column: get(column) for column in table.columns(languages)}
        original = get("orig")
        if not original and not any(values.values()):
            continue
        rows.append(PostedRow(int(original) if original.isdigit() else None, values))
    return rows


def edited_text(text: str, path: Path, number: int, fields: dict[str, str], languages: tuple[str, ...]) -> str:
    """round.yaml with the race as the form has it; unchanged rows and fields keep their lines."""
    race = race_data(parse_yaml(text, path, collect=True).data, number) or {}
    for table in TABLES:
        old = _rows(race, table.section)
        columns = table.columns(languages)
        rows: list[Row] = [_row(row, old, columns) for row in posted_rows(fields, table, languages)]
        kept_as_is = rows == list(range(len(old)))
        if not kept_as_is and (old or rows):
            text = edit_rows(text, path, number, table.section, rows)
    scalars = {name: _scalar(name, fields[name].strip()) for name in RACE_FIELDS
               if name in fields and fields[name].strip() != _text(race.get(name))}
    if scalars:
        text = edit_race_scalars(text, path, number, scalars)
    return text


def _row(row: PostedRow, old: list[dict], columns: tuple[str, ...]) -> Row:
    original = old[row.original] if row.original is not None and row.original < len(old) else None
    if original is not None and as_text(original, columns) == row.values:
        return row.original  # type: ignore[return-value]  # not None: the row of the file, unchanged
    return flow_mapping(_merged(original or {}, row.values))


def _merged(original: dict, values: dict[str, str]) -> dict:
    """The row as typed, in the original's key order, keeping the keys the form does not show."""
    typed: dict[str, Any] = {}
    for column, text in values.items():
        name, _, lang = column.partition(".")
        if lang:
            if text:
                typed.setdefault(name, {})[lang] = text
        elif text:
            typed[name] = _typed(name, text)
    if isinstance(original.get("reason"), dict) and "reason" in typed:  # languages the season does not have
        typed["reason"] = {**{k: v for k, v in original["reason"].items() if k not in typed["reason"]}, **typed["reason"]}
    shown = {column.partition(".")[0] for column in values}
    merged = {key: typed[key] if key in shown else value for key, value in original.items() if key not in shown or key in typed}
    return merged | {key: value for key, value in typed.items() if key not in merged}


def _typed(name: str, text: str) -> Any:
    if name in NUMBER_FIELDS and re.fullmatch(r"-?[0-9]+", text) and not re.fullmatch(r"-?0[0-9]+", text):
        return int(text)
    return text  # anything else as text: validation names what is wrong with it, at its line


def _scalar(name: str, text: str) -> str:
    if name == "results_complete":
        return "true" if text == "true" else "false"
    typed = _typed("laps", text)
    return str(typed) if isinstance(typed, int) else _quoted(text)


# --- YAML flow style, as the bundled files write it -----------------------------------------------------


def flow_mapping(mapping: dict) -> str:
    """`{car: 12, gap: "0.284"}`: numbers plain, times quoted, other text plain where YAML reads it back as the same text."""
    return "{" + ", ".join(f"{key}: {_flow(value, key)}" for key, value in mapping.items()) + "}"


def _flow(value: Any, key: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return flow_mapping(value)
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item, key) for item in value) + "]"
    if value is None:
        return "null"
    text = str(value)
    return _quoted(text) if key in TIME_FIELDS or not _plain_safe(text) else text


_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#,\[\]{}\"]*")


def _plain_safe(text: str) -> bool:
    if not _PLAIN.fullmatch(text) or text != text.strip():
        return False
    try:
        return yaml.safe_load(text) == text
    except yaml.YAMLError:
        return False


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)
