"""The dashboard: every season and round with its state at a glance (results complete or not, prose
per language, translations missing or stale, problems, fact-check findings, last build, published
versions), each with the page where it is fixed."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PressgenError, Problem
from ..lint import lint_round
from ..load import SeasonState, season_states
from ..loader import load_yaml
from ..manifest import MANIFEST_FILE
from ..published import round_versions
from ..schema import PRE_EVENT, REPORT, ROUND_FILE, ROUNDS_DIR, LoadedRound, prose_file_name
from ..translation import round_status
from .tables import race_data, race_numbers


@dataclass(frozen=True)
class ProblemView:
    text: str  # as `pressgen validate` prints it
    file: str | None  # the file in the season folder, to open in the editor
    line: int | None
    severity: str


@dataclass(frozen=True)
class RaceView:
    number: int
    results: int  # rows
    qualifying: int
    penalties: int
    complete: bool


@dataclass(frozen=True)
class ProseView:
    lang: str
    file: str  # in the season folder
    exists: bool
    source: bool
    translated: int = 0
    missing: int = 0
    stale: int = 0
    pre_event: bool = False  # the round has a pre-event release's prose in this language, to edit


@dataclass(frozen=True)
class FileLink:
    name: str
    url: str


@dataclass(frozen=True)
class VersionView:
    version: int
    date: str
    files: tuple[FileLink, ...]
    changes: dict[str, tuple[str, ...]]


@dataclass
class RoundView:
    id: str
    venue: str
    exists: bool
    ready: bool = False
    races: list[RaceView] = field(default_factory=list)
    prose: list[ProseView] = field(default_factory=list)
    problems: list[ProblemView] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)  # the fact-check's, as `pressgen lint` prints them
    built: str | None = None  # when its manifest was last written (UTC)
    built_files: list[FileLink] = field(default_factory=list)
    versions: list[VersionView] = field(default_factory=list)


@dataclass
class SeasonView:
    id: str
    title: str
    languages: tuple[str, ...]
    problems: list[ProblemView]
    rounds: list[RoundView]
    warnings: int = 0


def dashboard(path: Path, out: Path, archive: Path) -> list[SeasonView]:
    return [_season(state, out, archive) for state in season_states(path)]


def _season(state: SeasonState, out: Path, archive: Path) -> SeasonView:
    folder = state.folder
    loaded = state.loaded
    if loaded is None:
        return SeasonView(folder.name, folder.name, (), [_problem(p, folder) for p in state.errors], [])
    season = loaded.season
    own = [_problem(p, folder) for p in state.season_errors]
    rounds = []
    for entry in season.calendar:
        view = RoundView(entry.id, entry.venue, (folder / ROUNDS_DIR / entry.id).is_dir())
        if view.exists:
            _fill_round(view, state, out, archive)
        rounds.append(view)
    warnings = sum(1 for p in state.problems if p.severity == "warning")
    return SeasonView(season.id, f"{season.series} {season.year}", season.languages, own, rounds, warnings)


def _fill_round(view: RoundView, state: SeasonState, out: Path, archive: Path) -> None:
    folder = state.folder
    round_folder = folder / ROUNDS_DIR / view.id
    view.races = _races(round_folder / ROUND_FILE)
    view.problems = [_problem(p, folder) for p in state.unready.get(view.id, ())]
    view.ready = state.ready(view.id)
    loaded = state.loaded
    race_round = loaded.round(view.id) if loaded is not None else None
    languages = loaded.season.languages if loaded is not None else ()
    view.prose = [_prose(race_round, round_folder, folder, lang, languages[0]) for lang in languages]
    if view.ready and race_round is not None and loaded is not None and state.results is not None:
        view.findings = [str(p) for p in lint_round(loaded.season, race_round, state.results)]
    _fill_builds(view, folder.name, out, archive)


def _races(round_file: Path) -> list[RaceView]:
    try:
        data = load_yaml(round_file, collect=True).data
    except PressgenError:
        return []  # its problems say why
    views = []
    for number in race_numbers(data):
        race = race_data(data, number) or {}
        count = lambda key, race=race: len(race[key]) if isinstance(race.get(key), list) else 0
        views.append(RaceView(number, count("results"), count("qualifying"), count("penalties"), race.get("results_complete") is True))
    return views


def _prose(race_round: LoadedRound | None, round_folder: Path, folder: Path, lang: str, source: str) -> ProseView:
    file = round_folder / prose_file_name(REPORT, lang)
    relative = file.relative_to(folder).as_posix()
    pre_event = (round_folder / prose_file_name(PRE_EVENT, lang)).is_file()
    if race_round is None or lang == source or source not in race_round.prose:
        return ProseView(lang, relative, file.is_file(), lang == source, pre_event=pre_event)
    status = round_status(race_round, source, lang)
    return ProseView(lang, relative, file.is_file(), False, len(status.ids("translated")), len(status.ids("missing")),
                     len(status.ids("stale")), pre_event)


def _problem(problem: Problem, folder: Path) -> ProblemView:
    file = problem.location.file
    relative = None
    if file is not None and file.suffix == ".yaml" and file.absolute().is_relative_to(folder.absolute()):
        relative = file.absolute().relative_to(folder.absolute()).as_posix()
    return ProblemView(str(problem), relative, problem.location.line, problem.severity)


def _fill_builds(view: RoundView, season_id: str, out: Path, archive: Path) -> None:
    manifest = out / season_id / view.id / MANIFEST_FILE
    if manifest.is_file():
        when = dt.datetime.fromtimestamp(manifest.stat().st_mtime, dt.UTC)
        view.built = when.strftime("%Y-%m-%d %H:%M UTC")
        try:
            names = [entry["name"] for entry in json.loads(manifest.read_text(encoding="utf-8"))["files"]]
        except (ValueError, KeyError, TypeError):
            names = []
        view.built_files = [FileLink(name, f"/out/{season_id}/{view.id}/{name}") for name in names if "/" not in name]
    try:
        versions = round_versions(archive, season_id, view.id)
    except PressgenError:
        versions = []
    for version in versions:
        base = f"/archive/{season_id}/{view.id}/v{version.version}/"
        files = tuple(FileLink(f.name, base + f.name) for f in version.files)
        view.versions.append(VersionView(version.version, version.date.isoformat(), files, version.changes or {}))
