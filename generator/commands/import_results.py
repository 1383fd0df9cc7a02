"""`pressgen import-results`: a timing export -> one session's rows in the round's round.yaml.

Cars are matched by number against the entry list; a number, team or driver name that does not
match is reported, never guessed. The file is written only if the whole export is sound and the
season still validates with the new rows (checked on a temporary copy first).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, Location, Problem, UsageError, close_match, did_you_mean
from ..load import load_and_compute
from ..loader import load_yaml, parse_yaml
from ..model import Entry, Season
from ..output import write_back
from ..schema import ROUND_FILE, ROUNDS_DIR, load_season_file, one_season_folder
from ..timing import TimingRow, TimingSheet, read_sheet
from ..yaml_block import RaceEdit, edit_race


@dataclass(frozen=True)
class ImportRequest:
    file: Path
    season: Path  # the season's folder
    round_id: str
    session: str  # race-N or qualifying-N
    format: str | None = None  # provider | csv; detected from the header when None
    partial: bool = False  # the export leaves cars out: the race's results_complete is written false


@dataclass(frozen=True)
class Session:
    section: str  # results | qualifying
    race: int


def parse_session(name: str) -> Session:
    match = re.fullmatch(r"(race|qualifying)-([1-9][0-9]*)", name)
    if not match:
        raise UsageError(f"--session: expected race-N (its results) or qualifying-N (the qualifying of race N), found '{name}'")
    return Session("results" if match[1] == "race" else "qualifying", int(match[2]))


@dataclass(frozen=True)
class PreparedImport:
    """An import checked and ready to write: what round.yaml will become, and what to say."""

    round_file: Path
    old_text: str  # the file as it was read, line ends as written
    text: str  # the file it will become
    warnings: tuple[str, ...]
    rows: int
    section: str  # results | qualifying
    race: int
    complete: bool | None  # written as results_complete; None: left as it is

    def summary(self, verb: str = "wrote") -> str:
        """`round.yaml: wrote 7 result rows of race 1; results_complete: true (...)`"""
        noun = "result" if self.section == "results" else "qualifying"
        return f"{self.round_file}: {verb} {self.rows} {noun} row{'s' if self.rows != 1 else ''} of race {self.race}" + _completeness(self.complete)


def import_results(request: ImportRequest) -> list[str]:
    """Write the session's rows into round.yaml; return the report lines (warnings first)."""
    prepared = prepare_import(request)
    write_back(prepared.round_file, prepared.text, parse_yaml)
    return [*prepared.warnings, prepared.summary()]


def prepare_import(request: ImportRequest) -> PreparedImport:
    """Everything the import does but writing: read and check the export, edit the text, and
    validate the season with it (DataError on any problem); the file is left as it is."""
    session = parse_session(request.session)
    season, round_file = _target(request)
    sheet = read_sheet(request.file, request.format)
    problems = list(sheet.problems)
    rows = [_flow(fields) for fields in _session_rows(sheet, season, session, problems)]
    laps = _laps_to_fill(sheet, round_file, session, problems)
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)
    complete = (not request.partial) if session.section == "results" else None
    old_text = _read_keeping_line_ends(round_file)
    text = edit_race(old_text, round_file, RaceEdit(session.race, session.section, tuple(rows), laps, complete))
    _refuse_new_problems(request.season, round_file, text)
    return PreparedImport(round_file, old_text, text, tuple(str(p) for p in problems), len(rows), session.section, session.race, complete)


def _completeness(complete: bool | None) -> str:
    """What the import says about the cars not in the export (README, "Timing import")."""
    if complete is None:
        return ""
    if complete:
        return "; results_complete: true (every car that took part is listed; --partial if not)"
    return "; results_complete: false (--partial: cars may be missing)"


def _target(request: ImportRequest) -> tuple[Season, Path]:
    season, _ = load_season_file(one_season_folder(request.season, "--season"))
    calendar = [r.id for r in season.calendar]
    if request.round_id not in calendar:
        raise UsageError(f"round '{request.round_id}' is not in the calendar of {season.id}{did_you_mean(request.round_id, calendar)}")
    round_file = request.season / ROUNDS_DIR / request.round_id / ROUND_FILE
    if not round_file.is_file():
        raise UsageError(f"no {round_file}; create the round with `pressgen new-round {request.season} {request.round_id}`")
    return season, round_file


# --- rows --------------------------------------------------------------------------------------------


def _session_rows(sheet: TimingSheet, season: Season, session: Session, problems: list[Problem]) -> list[dict]:
    by_car = {e.car: e for e in season.entries if e.car is not None}
    names = {e.driver.casefold(): e.driver for e in season.entries}
    for row in sheet.rows:
        _match_entry(sheet, row, by_car.get(row.car), names, problems)
    if session.section == "qualifying":
        return [{"car": r.car, "time": r.best_lap} for r in sheet.rows]
    winner = next((r for r in sheet.rows if r.status == "finished"), None)
    return [_result(sheet, row, winner, problems) for row in sheet.rows]


def _match_entry(sheet: TimingSheet, row: TimingRow, entry: Entry | None, names: dict[str, str], problems: list[Problem]) -> None:
    layout = sheet.layout
    if entry is None:
        problems.append(Problem(sheet.location(row, layout.car), f"car {row.car} is not in the entry list"))
        return
    if row.team and layout.team is not None and _folded(row.team) != _folded(entry.team):  # a team read from its column
        problems.append(Problem(sheet.location(row, layout.team), f"car {row.car} is entered by {entry.team}, not '{row.team}'"))
    if row.driver and _folded(row.driver) != _folded(entry.driver):
        close = close_match(_folded(row.driver), names)
        hint = f" (did you mean '{names[close]}'?)" if close else ""
        problems.append(Problem(sheet.location(row, layout.driver[0]), f"car {row.car} is {entry.driver}'s in the entry list, not '{row.driver}'{hint}"))
    if row.not_classified:
        problems.append(Problem(
            sheet.location(row, layout.status),
            f"car {row.car} is not classified by the provider: imported as finished (it took the flag); "
            "pressgen's classification rule decides", "warning",
        ))


def _folded(name: str) -> str:
    """Providers often write surnames in capitals: compare names regardless of case and spacing."""
    return " ".join(name.split()).casefold()


def _result(sheet: TimingSheet, row: TimingRow, winner: TimingRow | None, problems: list[Problem]) -> dict:
    fields: dict = {"car": row.car}
    if row.status != "finished":
        fields.update(status=row.status, laps=row.laps if row.status != "not_started" else None, best_lap=row.best_lap)
        return fields
    first = winner or row  # this row finished: there is a first finisher, this one at the latest
    laps = _finisher_laps(sheet, row, first, problems)
    if laps is None or laps == first.laps:  # on the lead lap
        fields.update(laps=None, gap=row.gap, time=row.total if row.gap is None else None)
    else:
        fields["laps"] = laps
        if row.gap is not None:
            down = f"{first.laps - laps} lap(s) down" if first.laps is not None else f"on {laps} laps, the first car's not given"
            problems.append(Problem(sheet.location(row, sheet.layout.gap), f"a time gap for car {row.car}, which is {down}"))
    fields["best_lap"] = row.best_lap
    return fields


def _finisher_laps(sheet: TimingSheet, row: TimingRow, winner: TimingRow, problems: list[Problem]) -> int | None:
    """Laps from LAPS, or from a gap such as `1 Lap` and the winner's laps; the two must agree."""
    layout = sheet.layout
    if row.laps_down is None:
        if row.laps is not None and winner.laps is not None and row.laps > winner.laps:
            problems.append(Problem(sheet.location(row, layout.laps), f"{row.laps} laps, more than the first car's {winner.laps}"))
        return row.laps
    if winner.laps is None:
        problems.append(Problem(sheet.location(row, layout.gap), f"a gap in laps needs the first car's {layout.laps}"))
        return row.laps
    laps = winner.laps - row.laps_down
    if row.laps is not None and row.laps != laps:
        problems.append(Problem(
            sheet.location(row, layout.laps),
            f"{row.laps} laps, but {layout.gap} puts car {row.car} {row.laps_down} lap(s) behind the first car's {winner.laps}",
        ))
    return laps


def _flow(fields: dict) -> str:
    """`{car: 12, gap: "0.284"}`: numbers plain, text quoted (times are never left to YAML 1.1)."""
    parts = [f'{k}: "{v}"' if k in ("gap", "time", "best_lap") else f"{k}: {v}" for k, v in fields.items() if v is not None]
    return "{" + ", ".join(parts) + "}"


def _laps_to_fill(sheet: TimingSheet, round_file: Path, session: Session, problems: list[Problem]) -> int | None:
    """The race's laps are the first car's: written where round.yaml leaves them empty, checked otherwise."""
    winner = next((r for r in sheet.rows if r.status == "finished"), None)
    if session.section != "results" or winner is None or winner.laps is None:
        return None
    data = load_yaml(round_file, collect=True).data
    races = data.get("races") if isinstance(data, dict) else None
    races = races if isinstance(races, list) else []  # a malformed file is edit_race's to refuse
    race = next((r for r in races if isinstance(r, dict) and r.get("number") == session.race), None)
    stated = race.get("laps") if race else None
    if stated is None:
        return winner.laps
    if stated != winner.laps:
        problems.append(Problem(
            sheet.location(winner, sheet.layout.laps),
            f"the first car covered {winner.laps} laps; {round_file} gives race {session.race} {stated}",
        ))
    return None


def _read_keeping_line_ends(path: Path) -> str:
    """The text as written: CRLF stays CRLF (read_text would turn it into LF)."""
    return path.read_bytes().decode("utf-8")


# --- validate before writing -------------------------------------------------------------------------


def _refuse_new_problems(season_folder: Path, round_file: Path, text: str) -> None:
    """Validate the season with the new round.yaml on a temporary copy; refuse what the import breaks."""
    before = {_key(p, season_folder) for p in _errors(season_folder)}
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / season_folder.resolve().name
        shutil.copytree(season_folder, copy)
        (copy / round_file.relative_to(season_folder)).write_text(text, encoding="utf-8")
        after = [p for p in _errors(copy) if _key(p, copy) not in before]
        broken = [_relocated(p, copy, season_folder) for p in after]
    if broken:
        raise DataError(broken)


def _errors(folder: Path) -> list[Problem]:
    try:
        load_and_compute(folder)
    except DataError as exc:
        return [p for p in exc.problems if p.severity == "error"]
    return []


def _key(problem: Problem, folder: Path) -> tuple:
    file = problem.location.file
    relative = file.relative_to(folder) if file and file.is_relative_to(folder) else file
    return relative, problem.location.field, problem.message


def _relocated(problem: Problem, copy: Path, folder: Path) -> Problem:
    loc = problem.location
    file = folder / loc.file.relative_to(copy) if loc.file and loc.file.is_relative_to(copy) else loc.file
    return Problem(Location(file, loc.line, loc.column, loc.field), f"not written: after the import, {problem.message}")
