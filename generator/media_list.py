"""The media list `pressgen send` reads: who gets the release, in which language.

A YAML file (`recipients:`, one mapping per journalist) or a CSV file (a header row naming the
columns), with the same fields: name, email, language and optionally outlet. Every problem of
the file is reported at once, at its line and field, before anything is sent.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, Location, Problem
from .limits import too_large
from .loader import load_yaml
from .model import EMAIL_ADDRESS  # the forms the press contacts accept: plain ASCII, a dot in the domain

MAX_MEDIA_LIST_BYTES = 2_000_000  # 10,000 recipients take about 1 MB
REQUIRED = ("name", "email", "language")
FIELDS = (*REQUIRED, "outlet")
SUFFIXES = (".yaml", ".yml", ".csv")

# A language tag as journalists' lists write it: fr, en, pt-BR, fr_CA (the region is only a hint).
_LANGUAGE = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str
    language: str  # the tag as written, lower-cased: "fr", "pt-br"
    outlet: str | None = None
    line: int | None = None  # where the list names them

    @property
    def key(self) -> str:
        """The address as a mailbox is identified: the same address in other capitals is the same journalist."""
        return self.email.casefold()

    @property
    def base_language(self) -> str:
        return re.split(r"[-_]", self.language, maxsplit=1)[0]


def read_media_list(path: Path) -> list[Recipient]:
    """The recipients of a YAML or CSV media list; a DataError naming every problem at its line and field."""
    if path.suffix.lower() not in SUFFIXES:
        raise DataError([Problem(Location(path), "a media list is a .yaml, .yml or .csv file")])
    too_large(path, MAX_MEDIA_LIST_BYTES, "a media list")
    rows, problems = _csv_rows(path) if path.suffix.lower() == ".csv" else _yaml_rows(path)
    recipients: list[Recipient] = []
    seen: dict[str, int | None] = {}
    for fields, locate in rows:
        recipient = _recipient(fields, locate, problems)
        if recipient is None:
            continue
        if recipient.key in seen:
            where = f" at line {seen[recipient.key]}" if seen[recipient.key] else ""
            problems.append(Problem(locate("email"), f"{recipient.email} is listed already{where}: each journalist once"))
            continue
        seen[recipient.key] = recipient.line
        recipients.append(recipient)
    if not rows and not problems:
        problems.append(Problem(Location(path), "the media list names nobody"))
    if problems:
        raise DataError(problems)
    return recipients


def _recipient(fields: dict[str, object], locate, problems: list[Problem]) -> Recipient | None:
    before = len(problems)
    for key in fields:
        if key not in FIELDS:
            problems.append(Problem(locate(key), f"unknown field '{key}' (the fields are {', '.join(FIELDS)})"))
    values: dict[str, str] = {}
    for key in FIELDS:
        value = fields.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if key in REQUIRED:
                problems.append(Problem(locate(key), f"{key}: required, left empty"))
            continue
        if not isinstance(value, str):
            problems.append(Problem(locate(key), f"{key}: expected text, found {value!r}"))
            continue
        values[key] = value.strip()
    if "email" in values and not EMAIL_ADDRESS.match(values["email"]):
        problems.append(Problem(locate("email"), f"expected an email address such as \"name@example.org\", found \"{values['email']}\""))
    if "language" in values and not _LANGUAGE.match(values["language"]):
        problems.append(Problem(locate("language"), f"expected a language code such as fr, en or pt-BR, found \"{values['language']}\""))
    if len(problems) > before:
        return None
    return Recipient(values["name"], values["email"], values["language"].lower().replace("_", "-"), values.get("outlet"), locate("name").line)


def _yaml_rows(path: Path):
    document = load_yaml(path)
    data = document.data
    if not isinstance(data, dict) or set(data) != {"recipients"} or not isinstance(data["recipients"], list):
        return [], [Problem(document.locate(()), "expected `recipients:` and under it one entry per journalist (name, email, language, outlet)")]
    rows, problems = [], []
    for i, entry in enumerate(data["recipients"]):
        if not isinstance(entry, dict):
            problems.append(Problem(document.locate(("recipients", i)), "expected a mapping: name, email, language, outlet"))
            continue
        rows.append((entry, lambda key, i=i: document.locate(("recipients", i, key))))
    return rows, problems


def _csv_rows(path: Path):
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [], [Problem(Location(path, line), "the file is not UTF-8 text; save it as UTF-8 (CSV UTF-8)")]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        return [], [Problem(Location(path, 1), "the file is empty: the first line names the columns (name,email,language,outlet)")]
    except csv.Error as exc:
        return [], [Problem(Location(path, 1), f"not a readable CSV line: {exc}")]
    problems = [Problem(Location(path, 1, field=column or "(empty)"), f"unknown column '{column}' (the columns are {', '.join(FIELDS)})")
                for column in header if column not in FIELDS]
    problems += [Problem(Location(path, 1, field=column), "missing column: the first line names the columns (name,email,language,outlet)")
                 for column in REQUIRED if column not in header]
    if problems:
        return [], problems
    rows = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(Location(path, reader.line_num), f"not a readable CSV line: {exc}"))
            break
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(Problem(Location(path, line), f"{len(cells)} cells; the header names {len(header)} columns"))
            continue
        rows.append((dict(zip(header, cells, strict=True)), lambda key, line=line: Location(path, line, field=key)))
    return rows, problems
