"""Timing exports -> typed rows: a timing provider's semicolon-separated classification, or a plain
CSV for series without one, read from the file: every problem of a file is collected with its line and
column, nothing is matched against the entry list here (see commands/import_results.py).
"""

from __future__ import annotations

import codecs
import csv
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .characters import first_problem
from .errors import DataError, Location, Problem, UsageError, did_you_mean
from .limits import MAX_RACE_TIME_MS, MAX_TIMING_BYTES, MAX_TIMING_LINE, MAX_TIMING_ROWS, too_large
from .model import parse_time_ms


@dataclass(frozen=True)
class Layout:
    """Where a format keeps each field: column names, the delimiter, and how it writes statuses."""

    name: str
    delimiter: str
    position: str
    car: str
    status: str
    laps: str
    gap: str
    best_lap: str
    total: str | None  # the provider's TOTAL_TIME; the plain CSV gives the winner's time in its gap column
    team: str | None
    driver: tuple[str, ...]  # joined with a space
    statuses: dict[str, str]  # as written (see status_key) -> pressgen's row status

    @property
    def required(self) -> tuple[str, ...]:
        return (self.position, self.car, self.status, self.laps, self.gap, self.best_lap)


# The status spellings both formats accept, in any case, with `_` or `-` read as a space (README's
# table). A car the provider did not classify still took the flag: pressgen's own rule decides.
# An exclusion from the race's results is, for the race, a disqualification.
STATUSES = {
    "classified": "finished", "finished": "finished", "running": "finished",
    "not classified": "finished", "nc": "finished",
    "retired": "retired", "dnf": "retired",
    "not started": "not_started", "did not start": "not_started", "dns": "not_started",
    "disqualified": "disqualified", "dsq": "disqualified",
    "excluded": "disqualified", "exc": "disqualified",
}
NOT_CLASSIFIED = ("not classified", "nc")

PROVIDER = Layout(
    "provider", ";", "POSITION", "NUMBER", "STATUS", "LAPS", "GAP_FIRST", "FL_TIME", "TOTAL_TIME", "TEAM",
    ("DRIVER_FIRSTNAME", "DRIVER_SECONDNAME"), STATUSES,
)
PLAIN_CSV = Layout(
    "csv", ",", "position", "car", "status", "laps", "time_or_gap", "best_lap", None, "team", ("driver",),
    {"": "finished", **STATUSES},  # an empty status: the car finished
)
LAYOUTS = {layout.name: layout for layout in (PROVIDER, PLAIN_CSV)}

_LAPS_DOWN = re.compile(r"^\+?\s*(\d+)\s*laps?$", re.IGNORECASE)
_NO_GAP = {"", "-", "--"}


@dataclass(frozen=True)
class TimingRow:
    """One car of the export, in pressgen's terms; times stay text as written (without a leading +)."""

    line: int
    position: int | None
    car: int
    status: str | None  # finished | retired | not_started | disqualified; None: unknown (an error)
    not_classified: bool  # the provider's own verdict, reported, not applied
    laps: int | None
    laps_down: int | None  # from a gap such as "1 Lap"
    gap: str | None
    total: str | None
    best_lap: str | None
    team: str | None
    driver: str | None


@dataclass(frozen=True)
class TimingSheet:
    path: Path
    layout: Layout
    rows: tuple[TimingRow, ...]  # classified order: by POSITION, rows without one after, as listed
    problems: tuple[Problem, ...]  # errors and warnings, for the caller to report with its own

    def location(self, row: TimingRow, column: str) -> Location:
        return Location(self.path, row.line, field=column)


def read_sheet(path: Path, layout_name: str | None = None) -> TimingSheet:
    """Read a timing export. A file that cannot be read as a table raises DataError; problems in its
    rows come back in `problems`, so they are reported with those of the entry list."""
    too_large(path, MAX_TIMING_BYTES, "a timing export")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(Location(path), f"cannot read the file: {exc.strerror}")]) from None
    text, problems = decode(raw, path)
    lines = text.splitlines()
    _check_lines(lines, path)
    layout = _layout(lines[0] if lines else "", path, layout_name)
    header = _cells(lines[0], layout)
    columns = {name.strip(): i for i, name in enumerate(header)}
    missing = [name for name in layout.required if name not in columns]
    if missing:
        raise DataError(problems + [Problem(Location(path, 1), f"no column {', '.join(missing)} in the header ({layout.name} format)")])
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if line.strip(layout.delimiter + " "):
            cells = _cells(line, layout)
            record = {name: (cells[i].strip() if i < len(cells) else "") for name, i in columns.items()}
            row = _row(record, number, layout, path, problems)
            if row is not None:
                rows.append(row)
    ordered = _winner_time(_in_order(rows, layout, path, problems), layout)
    _check_no_position_jump(ordered, layout, path, problems)
    return TimingSheet(path, layout, tuple(ordered), tuple(problems))


def _cells(line: str, layout: Layout) -> list[str]:
    return next(csv.reader([line], delimiter=layout.delimiter), [])


def _check_lines(lines: list[str], path: Path) -> None:
    """Bounds and characters, before any row is parsed: a hostile file is refused in milliseconds."""
    if len(lines) > MAX_TIMING_ROWS:
        raise DataError([Problem(Location(path, MAX_TIMING_ROWS + 1),
                                 f"more than {MAX_TIMING_ROWS:,} lines; a timing export has one row per car")])
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_TIMING_LINE:
            raise DataError([Problem(Location(path, number),
                                     f"a line of {len(line):,} characters; a row may have at most {MAX_TIMING_LINE:,}")])
        if (found := first_problem(line)) is not None:
            raise DataError([Problem(Location(path, number, found[0] + 1), found[1])])


def _check_no_position_jump(rows: list[TimingRow], layout: Layout, path: Path, problems: list[Problem]) -> None:
    """The n-th placed row holds position n at most: a jump (70 right after 6) is a typing or export
    error (a position given twice is reported by _in_order, and shifts the next one legitimately)."""
    placed = [row for row in rows if row.position is not None]
    for count, row in enumerate(placed, start=1):
        if row.position is not None and row.position > count:
            after = f"right after position {placed[count - 2].position}" if count > 1 else "as the first position"
            problems.append(Problem(Location(path, row.line, field=layout.position),
                                    f"position {row.position} {after}; positions run 1, 2, 3... without gaps"))
            return


def decode(raw: bytes, path: Path) -> tuple[str, list[Problem]]:
    """UTF-8 with or without BOM; otherwise Windows-1252, said in a warning. UTF-16 is refused."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in raw[:4096]:
        raise DataError([Problem(Location(path, 1), "the file is UTF-16 text (its bytes hold NULs); "
                                                    "export it again as UTF-8 or save it as UTF-8")])
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        raise DataError([Problem(Location(path, bad_line), "neither UTF-8 nor Windows-1252 text; save it as UTF-8")]) from None
    return text, [Problem(Location(path, line), "not UTF-8 text: read as Windows-1252 (cp1252)", "warning")]


def _layout(header: str, path: Path, layout_name: str | None) -> Layout:
    if layout_name is not None:
        if layout_name not in LAYOUTS:
            raise UsageError(f"--format: unknown format '{layout_name}'{did_you_mean(layout_name, LAYOUTS)}; choose from {', '.join(LAYOUTS)}")
        return LAYOUTS[layout_name]
    for layout in LAYOUTS.values():
        names = {name.strip() for name in _cells(header, layout)}  # names may be quoted
        if {layout.position, layout.car} <= names:
            return layout
    raise DataError([Problem(
        Location(path, 1),
        f"the header is neither a timing provider's ({';'.join(PROVIDER.required)};...) "
        f"nor the plain CSV's ({','.join(PLAIN_CSV.required)}); give --format",
    )])


def _row(record: dict[str, str], line: int, layout: Layout, path: Path, problems: list[Problem]) -> TimingRow | None:
    def error(column: str, message: str) -> None:
        problems.append(Problem(Location(path, line, field=column), message))

    car = _whole(record[layout.car], layout.car, error, minimum=1)
    position = _whole(record[layout.position], layout.position, error, minimum=1)
    laps = _whole(record[layout.laps], layout.laps, error, minimum=0)
    written_status = status_key(record[layout.status])
    status = layout.statuses.get(written_status)
    if status is None:
        error(layout.status, f"unknown status '{record[layout.status]}'; expected one of {_statuses(layout)} (in any case)")
    gap, laps_down = _gap(record[layout.gap], layout.gap, error)
    total = _time(record.get(layout.total or "", ""), layout.total or "", error)
    best_lap = _time(record[layout.best_lap], layout.best_lap, error)
    driver = " ".join(record.get(column, "") for column in layout.driver).strip() or None
    if car is None:
        return None
    team = record.get(layout.team or "") or None
    return TimingRow(line, position, car, status, written_status in NOT_CLASSIFIED, laps, laps_down, gap, total, best_lap, team, driver)


def status_key(text: str) -> str:
    """'Did_not-START' -> 'did not start': case, underscores, hyphens and spacing aside."""
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


def _statuses(layout: Layout) -> str:
    return ", ".join(name if name else "(empty)" for name in layout.statuses)


def _whole(text: str, column: str, error, minimum: int) -> int | None:
    if text == "":
        if column in (PROVIDER.car, PLAIN_CSV.car):
            error(column, "the car number is missing")
        return None
    if not text.isdigit() or int(text) < minimum:
        error(column, f"expected a whole number{' from 1' if minimum else ''}, found '{text}'")
        return None
    return int(text)


def _time(text: str, column: str, error) -> str | None:
    if text in _NO_GAP:
        return None
    try:
        millis = parse_time_ms(text)
    except ValueError:
        error(column, f"expected a time such as 2:08.346 or 1:02:03.456, found '{text}'")
        return None
    if not _within_a_race(millis, text, column, error):
        return None
    return text.removeprefix("+")


def _within_a_race(millis: int, text: str, column: str, error) -> bool:
    if millis <= MAX_RACE_TIME_MS:
        return True
    error(column, f"'{text}' is more than {MAX_RACE_TIME_MS // 3_600_000} hours: not a time of any race")
    return False


def _gap(text: str, column: str, error) -> tuple[str | None, int | None]:
    """'+0.284' -> ('0.284', None); '1 Lap', '+2 LAPS' -> (None, 1 or 2)."""
    down = _LAPS_DOWN.match(text)
    if down:
        return None, int(down[1])
    if text in _NO_GAP:
        return None, None
    try:
        millis = parse_time_ms(text)
    except ValueError:
        error(column, f"expected a gap such as +0.284, 1:02.345 or 1 Lap, found '{text}'")
        return None, None
    if not _within_a_race(millis, text, column, error):
        return None, None
    return text.removeprefix("+"), None


def _winner_time(rows: list[TimingRow], layout: Layout) -> list[TimingRow]:
    """The plain CSV's time_or_gap column holds the winner's race time, then each car's gap."""
    first = next((r for r in rows if r.status == "finished"), None)
    if layout.total is not None or first is None or first.gap is None:
        return rows
    return [replace(r, total=r.gap, gap=None) if r is first else r for r in rows]


def _in_order(rows: list[TimingRow], layout: Layout, path: Path, problems: list[Problem]) -> list[TimingRow]:
    """Rows by position; a number or a position given twice is an error on its second row."""
    seen_cars: dict[int, int] = {}
    seen_positions: dict[int, int] = {}
    for row in rows:
        if row.car in seen_cars:
            problems.append(Problem(Location(path, row.line, field=layout.car), f"car {row.car} is already on line {seen_cars[row.car]}"))
        seen_cars.setdefault(row.car, row.line)
        if row.position is not None:
            if row.position in seen_positions:
                problems.append(Problem(Location(path, row.line, field=layout.position),
                                        f"position {row.position} is already on line {seen_positions[row.position]}"))
            seen_positions.setdefault(row.position, row.line)
    placed = sorted((r for r in rows if r.position is not None), key=lambda r: r.position or 0)
    return placed + [r for r in rows if r.position is None]
