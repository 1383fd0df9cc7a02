"""Plain data -> model: validate every file of a season, collect every problem, then raise once.

Type and shape checks come from the pydantic models in model.py; the cross-checks between files
(a result for a driver missing from the entry list, a round outside the calendar, ...) live here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import DataError, Location, ProblemLog, UsageError, close_match, did_you_mean
from .loader import Document, FieldPath, load_yaml
from . import languages
from .model import Prose, Race, Round, Season

SEASON_FILE = "season.yaml"
ROUND_FILE = "round.yaml"
ROUNDS_DIR = "rounds"

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class LoadedRound:
    round: Round
    document: Document
    prose: dict[str, Prose]  # by language, in the season's language order
    prose_documents: dict[str, Document]


@dataclass(frozen=True)
class LoadedSeason:
    """A validated season with its rounds in calendar order, and the problems worth a warning."""

    season: Season
    rounds: tuple[LoadedRound, ...]
    folder: Path
    document: Document
    warnings: tuple = ()

    def round(self, round_id: str) -> LoadedRound | None:
        return next((r for r in self.rounds if r.round.id == round_id), None)


def season_folders(path: Path) -> list[Path]:
    """PATH is a season folder, or a folder of seasons."""
    if (path / SEASON_FILE).is_file():
        return [path]
    folders = sorted(p for p in path.iterdir() if (p / SEASON_FILE).is_file()) if path.is_dir() else []
    if not folders:
        raise not_a_season(path)
    return folders


def one_season_folder(path: Path, option: str = "") -> Path:
    """PATH is one season's folder (commands that write into a season)."""
    if not (path / SEASON_FILE).is_file():
        raise not_a_season(path, option)
    return path


def not_a_season(path: Path, option: str = "") -> UsageError:
    """A path given for a season that holds none: a usage error naming the folder meant."""
    label = f"{option}: " if option else ""
    if not path.exists():
        return UsageError(f"{label}{path}: no such file or folder{_missing_hint(path)}")
    season = _season_around(path)
    if season is not None and path.parent.name == ROUNDS_DIR and path.parent.parent == season:
        return UsageError(f"{label}{path} is the folder of round {path.name}; give its season's folder: {season}")
    if season is not None:
        return UsageError(f"{label}{path} is inside the season {season}: give that folder")
    return UsageError(f"{label}{path}: no {SEASON_FILE} here, and no season folder holding one")


FLAG_VALUES = {"true", "false", "yes", "no", "on", "off"}


def _missing_hint(path: Path) -> str:
    if path.name.lower() in FLAG_VALUES:
        return f" ('{path.name}' was read as a folder: flags such as --strict take no value)"
    siblings = [p.name for p in path.parent.iterdir() if p.is_dir()] if path.parent.is_dir() else []
    close = close_match(path.name, siblings)
    return f" (did you mean '{path.parent / close}'?)" if close else ""


def _season_around(path: Path) -> Path | None:
    """The season folder holding `path` (a round folder, a season's file), as the user wrote it when possible."""
    parents = path.parents if path.is_absolute() or len(path.parts) > 1 else path.resolve().parents
    return next((p for p in parents if (p / SEASON_FILE).is_file()), None)


def load_seasons(path: Path, strict: bool = False) -> list[LoadedSeason]:
    """Load and validate every season under PATH; raise one DataError listing all problems."""
    log = ProblemLog()
    seasons = []
    for folder in season_folders(path):
        loaded = _load_season(folder, log)
        if loaded is not None:
            seasons.append(loaded)
    log.raise_if_errors(strict)
    return [
        LoadedSeason(s.season, s.rounds, s.folder, s.document, tuple(log.warnings)) for s in seasons
    ]


def load_season_file(folder: Path) -> tuple[Season, Document]:
    """Only the season's own file (entry list, calendar), for commands that work on one round."""
    log = ProblemLog()
    document = _load(folder / SEASON_FILE, log)
    season = _validate(Season, document, log, id=folder.name) if document is not None else None
    log.raise_if_errors()
    return season, document


def reload_prose(loaded: LoadedSeason, round_id: str) -> LoadedSeason:
    """The season with one round's prose files read and checked again, its data as it was
    (the preview's shortcut when only prose was saved); raise one DataError on any error."""
    log = ProblemLog()
    old = loaded.round(round_id)
    folder = old.document.path.parent
    documents = _load_prose_documents(loaded.season, folder, log)
    prose = {lang: p for lang, doc in documents.items() if (p := _validate(Prose, doc, log, lang=lang))}
    fresh = LoadedRound(old.round, old.document, prose, documents)
    check_prose(loaded.season, fresh, log)
    log.raise_if_errors()
    warnings = tuple(w for w in loaded.warnings if w.location.file is None or w.location.file.parent != folder)
    rounds = tuple(fresh if r is old else r for r in loaded.rounds)
    return LoadedSeason(loaded.season, rounds, loaded.folder, loaded.document, warnings + tuple(log.warnings))


def _load_season(folder: Path, log: ProblemLog) -> LoadedSeason | None:
    document = _load(folder / SEASON_FILE, log)
    if document is None:
        return None
    season = _validate(Season, document, log, id=folder.name)
    rounds = []
    for round_folder in _round_folders(folder):
        round_doc = _load(round_folder / ROUND_FILE, log)
        if round_doc is None:
            continue
        race_round = _validate(Round, round_doc, log, id=round_folder.name)
        if race_round is not None and season is not None:
            race_round = resolve_cars(season, race_round, round_doc, log)
            prose_docs = _load_prose_documents(season, round_folder, log)
            prose = {lang: p for lang, doc in prose_docs.items() if (p := _validate(Prose, doc, log, lang=lang))}
            rounds.append(LoadedRound(race_round, round_doc, prose, prose_docs))
    if season is None:
        return None
    check_season(season, document, log)
    _check_logo(season, folder, document, log)
    order = {r.id: i for i, r in enumerate(season.calendar)}
    for loaded in rounds:
        check_round(season, loaded, log)
        check_prose(season, loaded, log)
    rounds.sort(key=lambda r: order.get(r.round.id, len(order)))
    return LoadedSeason(season, tuple(rounds), folder, document)


def _round_folders(folder: Path) -> list[Path]:
    rounds_dir = folder / ROUNDS_DIR
    if not rounds_dir.is_dir():
        return []
    return sorted(p for p in rounds_dir.iterdir() if p.is_dir())


def _load_prose_documents(season: Season, round_folder: Path, log: ProblemLog) -> dict[str, Document]:
    """The source language's prose (required), then every translation present, season languages first."""
    documents = {}
    for lang in prose_languages(season):
        path = round_folder / f"{lang}.yaml"
        if not path.is_file():
            if lang == season.languages[0]:
                log.error(Location(path), f"the {lang} prose file is missing ({lang} is the season's source language)")
            elif lang in season.languages:
                log.warn(Location(path), f"the {lang} prose file is missing: a build needs it, or --draft")
        elif (document := _load(path, log)) is not None:
            documents[lang] = document
    return documents


def prose_languages(season: Season) -> tuple[str, ...]:
    return season.languages + tuple(lang for lang in languages.codes() if lang not in season.languages)


def _load(path: Path, log: ProblemLog) -> Document | None:
    if not path.is_file():
        log.error(Location(path), "file missing")
        return None
    try:
        document = load_yaml(path, collect=True)
    except DataError as exc:
        log.problems.extend(exc.problems)
        return None
    log.problems.extend(document.problems)
    return document


def _validate(model: type[M], document: Document, log: ProblemLog, **extra: Any) -> M | None:
    data = document.data
    if not isinstance(data, dict):
        log.error(document.locate(()), f"expected a mapping of fields at the top of the file, found {_kind(data)}")
        return None
    try:
        return model.model_validate({**data, **extra})
    except ValidationError as exc:
        for error in exc.errors():
            field_path = _clean_loc(error["loc"])
            if field_path[:1] == ("id",):  # the id is the folder's name, not a field of the file
                log.error(Location(document.path.parent), f"folder name: {_message(error)}")
                continue
            log.error(document.locate(field_path), _message(error))
        return None


def _clean_loc(loc: tuple) -> FieldPath:
    return tuple(part for part in loc if part not in ("[key]",) and not str(part).startswith("function-"))


def _message(error: dict) -> str:
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    kind = error["type"]
    if kind == "missing":
        return "required field missing"
    if kind == "extra_forbidden":
        return "unknown field (check its spelling against the README's data format)"
    found = error.get("input")
    if kind != "value_error" and isinstance(found, (str, int, float, bool)) or found is None:
        message += f" (found {found!r})" if kind != "value_error" else ""
    return message


def _kind(value: Any) -> str:
    return {list: "a list", str: "text", type(None): "nothing"}.get(type(value), type(value).__name__)


# --- cross-checks ---------------------------------------------------------------------------------


LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
LOGO_MAX_BYTES = 1_000_000


def logo_path(season: Season, folder: Path) -> Path | None:
    return (folder / season.brand.logo).resolve() if season.brand.logo else None


def _check_logo(season: Season, folder: Path, document: Document, log: ProblemLog) -> None:
    """The logo is a PNG, JPEG or SVG file inside the season folder."""
    path = logo_path(season, folder)
    if path is None:
        return
    where = document.locate(("brand", "logo"))
    if not path.is_relative_to(folder.resolve()):
        log.error(where, "the logo must be a file inside the season folder")
    elif path.suffix.lower() not in LOGO_TYPES:
        log.error(where, f"the logo must be a {', '.join(LOGO_TYPES)} file")
    elif not path.is_file():
        log.error(where, f"no file {season.brand.logo} in the season folder")
    elif path.stat().st_size > LOGO_MAX_BYTES:
        log.error(where, f"the logo is larger than {LOGO_MAX_BYTES // 1000} kB")


def resolve_cars(season: Season, race_round: Round, document: Document, log: ProblemLog) -> Round:
    """Rows that name a car number get its driver from the entry list; both given must agree."""
    by_car = {e.car: e for e in season.entries if e.car is not None}
    races = []
    for i, race in enumerate(race_round.races):
        update = {}
        for section in ("qualifying", "results", "penalties"):
            rows = []
            for j, row in enumerate(getattr(race, section)):
                if row.car is not None:
                    row = _resolve_car(row, by_car, document, ("races", i, section, j), log)
                rows.append(row)
            update[section] = tuple(rows)
        if race.fastest_lap is not None and race.fastest_lap.car is not None:
            update["fastest_lap"] = _resolve_car(race.fastest_lap, by_car, document, ("races", i, "fastest_lap"), log)
        races.append(race.model_copy(update=update))
    return race_round.model_copy(update={"races": tuple(races)})


def _resolve_car(row, by_car, document: Document, where: FieldPath, log: ProblemLog):
    entry = by_car.get(row.car)
    if entry is None:
        log.error(document.locate(where + ("car",)), f"car {row.car} is not in the entry list")
        return row
    if row.driver is not None and row.driver != entry.driver:
        log.error(document.locate(where + ("driver",)), f"car {row.car} is {entry.driver}'s, not {row.driver}'s")
        return row
    return row.model_copy(update={"driver": entry.driver})


def check_season(season: Season, document: Document, log: ProblemLog) -> None:
    category_ids = {c.id for c in season.categories}
    drivers: dict[str, int] = {}
    cars: dict[int, int] = {}
    for i, entry in enumerate(season.entries):
        if entry.car is not None:
            if entry.car in cars:
                log.error(document.locate(("entries", i, "car")), f"car {entry.car} is already entries[{cars[entry.car]}]'s")
            cars.setdefault(entry.car, i)
        where = document.locate(("entries", i, "driver"))
        if entry.driver in drivers:
            log.error(where, f"'{entry.driver}' is already in the entry list (entries[{drivers[entry.driver]}])")
        drivers.setdefault(entry.driver, i)
        for j, category in enumerate(entry.categories):
            if category not in category_ids:
                log.error(
                    document.locate(("entries", i, "categories", j)),
                    f"unknown category '{category}'{did_you_mean(category, category_ids)}",
                )
    for lang in season.languages:
        if season.boilerplate and lang not in season.boilerplate:
            log.error(document.locate(("boilerplate",)), f"no boilerplate for language '{lang}'")
    if season.snapshot:
        _check_snapshot(season, document, log)
        if season.points.best_rounds:
            log.error(
                document.locate(("points", "best_rounds")),
                "dropped results need every round's results, and the season starts from a snapshot of totals",
            )
    _check_declared_titles(season, document, log)
    for i, category in enumerate(season.categories):
        if category.scoring == "overall" and category.scale is not None:
            log.error(document.locate(("categories", i, "scale")), "a scale applies only to `scoring: own`")
        for lang in season.languages:
            if lang not in category.name:
                log.error(document.locate(("categories", i, "name")), f"no name in '{lang}' for category '{category.id}'")


def _check_declared_titles(season: Season, document: Document, log: ProblemLog) -> None:
    tables = ["drivers", "teams"] + [c.id for c in season.categories]
    teams = {e.team for e in season.entries}
    calendar = [r.id for r in season.calendar]
    for i, title in enumerate(season.declared_titles):
        if title.table not in tables:
            log.error(document.locate(("declared_titles", i, "table")), f"no table '{title.table}'{did_you_mean(title.table, tables)} (tables: {', '.join(tables)})")
        holders = teams if title.table == "teams" else {e.driver for e in season.entries}
        if title.holder not in holders:
            log.error(document.locate(("declared_titles", i, "holder")), f"'{title.holder}' is not in the entry list{did_you_mean(title.holder, holders)}")
        if title.decided_after and title.decided_after.round not in calendar:
            log.error(document.locate(("declared_titles", i, "decided_after", "round")), f"'{title.decided_after.round}' is not a round of the calendar")


def _check_snapshot(season: Season, document: Document, log: ProblemLog) -> None:
    calendar = [r.id for r in season.calendar]
    if season.snapshot.before not in calendar:
        log.error(
            document.locate(("snapshot", "before")),
            f"'{season.snapshot.before}' is not a round of the calendar{did_you_mean(season.snapshot.before, calendar)}",
        )
    for i, row in enumerate(season.snapshot.drivers):
        _check_driver(season, row.driver, document, ("snapshot", "drivers", i, "driver"), log)


def check_round(season: Season, loaded: LoadedRound, log: ProblemLog) -> None:
    race_round, document = loaded.round, loaded.document
    calendar = [r.id for r in season.calendar]
    if race_round.id not in calendar:
        log.error(
            Location(document.path, field="id"),
            f"round folder '{race_round.id}' is not in the season calendar{did_you_mean(race_round.id, calendar)}",
        )
    if race_round.dates.start.year != season.year:
        log.error(document.locate(("dates", "start")), f"the round is dated {race_round.dates.start}, outside the {season.year} season")
    if race_round.release_date < race_round.dates.start:
        log.error(document.locate(("release_date",)), "the release is dated before the round starts")
    numbers = [race.number for race in race_round.races]
    for i, race in enumerate(race_round.races):
        if numbers.count(race.number) > 1:
            log.error(document.locate(("races", i, "number")), f"race number {race.number} is given twice")
        if race.date and not race_round.dates.start <= race.date <= race_round.dates.end:
            log.error(document.locate(("races", i, "date")), f"race date {race.date} is outside the round's dates")
        _check_race(season, race, document, ("races", i), log)


def _check_race(season: Season, race: Race, document: Document, at: FieldPath, log: ProblemLog) -> None:
    seen: dict[str, int] = {}
    for j, row in enumerate(race.results):
        where = at + ("results", j)
        _check_driver(season, row.driver, document, where + ("driver",), log)
        if row.driver and row.driver in seen:
            log.error(document.locate(where + ("driver",)), f"'{row.driver}' already has a result in this race (results[{seen[row.driver]}])")
        seen.setdefault(row.driver, j)
        if row.laps is not None and row.laps > race.laps:
            log.error(document.locate(where + ("laps",)), f"{row.laps} laps is more than the race's {race.laps}")
    _check_positions(race, document, at, log)
    _check_gaps(race, document, at, log)
    for j, row in enumerate(race.qualifying):
        _check_driver(season, row.driver, document, at + ("qualifying", j, "driver"), log)
    if race.fastest_lap is not None:
        _check_driver(season, race.fastest_lap.driver, document, at + ("fastest_lap", "driver"), log)
    _check_qualifying_times(race, document, at, log)
    for j, penalty in enumerate(race.penalties):
        where = at + ("penalties", j, "driver")
        _check_driver(season, penalty.driver, document, where, log)
        if penalty.driver and season.entry(penalty.driver) and penalty.driver not in seen:
            log.error(document.locate(where), f"'{penalty.driver}' has a penalty but no result in this race")


def _check_positions(race: Race, document: Document, at: FieldPath, log: ProblemLog) -> None:
    taken: dict[int, int] = {}
    for j, row in enumerate(race.results):
        if row.position is None:
            continue
        if row.position in taken:
            log.error(
                document.locate(at + ("results", j, "position")),
                f"position {row.position} is already given to results[{taken[row.position]}]",
            )
        taken.setdefault(row.position, j)


def _check_gaps(race: Race, document: Document, at: FieldPath, log: ProblemLog) -> None:
    """Cars on the same lap cross the line in time order: known gaps must not decrease."""
    gaps = [
        (j, row.gap) for j, row in enumerate(race.results)
        if row.status == "finished" and row.gap is not None and (row.laps or race.laps) == race.laps
    ]
    _check_ordered(gaps, document, at + ("results",), "gap", "gap is smaller than that of results[{}], which crossed the line ahead", log)


def _check_qualifying_times(race: Race, document: Document, at: FieldPath, log: ProblemLog) -> None:
    """Qualifying rows are in order: a known time is never quicker than one above it."""
    times = [(j, row.time) for j, row in enumerate(race.qualifying) if row.time is not None]
    _check_ordered(times, document, at + ("qualifying",), "time", "time is quicker than that of qualifying[{}], listed ahead", log)


def _check_ordered(values: list[tuple[int, int]], document: Document, at: FieldPath, field: str, message: str, log: ProblemLog) -> None:
    """(row index, value) pairs listed in order must not decrease; `message` names the row above."""
    for (above, previous), (j, value) in zip(values, values[1:]):
        if value < previous:
            log.error(document.locate(at + (j, field)), message.format(above))


def _check_driver(season: Season, driver: str | None, document: Document, where: FieldPath, log: ProblemLog) -> None:
    if driver is not None and season.entry(driver) is None:
        names = [e.driver for e in season.entries]
        log.error(document.locate(where), f"'{driver}' is not in the entry list{did_you_mean(driver, names)}")



def check_prose(season: Season, loaded: LoadedRound, log: ProblemLog) -> None:
    """The source text is complete; translations hold only its units (missing ones are the build's
    business, see translation.py); reports match races; quoted people are known."""
    races = {f"race-{race.number}" for race in loaded.round.races}
    people = {e.driver for e in season.entries} | set(season.known_people)
    source_lang = season.languages[0]
    for lang, prose in loaded.prose.items():
        document = loaded.prose_documents[lang]
        for report_id in prose.reports:
            if report_id not in races:
                log.error(document.locate(("reports", report_id)), f"'{report_id}' matches no race of the round")
        for quote_id, quote in prose.quotes.items():
            if quote.person not in people:
                log.warn(
                    document.locate(("quotes", quote_id, "person")),
                    f"'{quote.person}' is neither in the entry list nor in the season's known people"
                    f"{did_you_mean(quote.person, people)}",
                )
        if lang == source_lang:
            _check_complete_source(prose, document, log)
        elif source_lang in loaded.prose:
            _check_same_units(loaded.prose[source_lang], prose, document, log)


def _check_complete_source(source: Prose, document: Document, log: ProblemLog) -> None:
    required = [("headline",)] if source.headline is None else []
    required += [("reports", rid, "title") for rid, report in source.reports.items() if report.title is None]
    required += [("quotes", qid, "text") for qid, quote in source.quotes.items() if quote.text is None]
    for field_path in required:
        log.error(document.locate(field_path), "required field missing")
    if source.source:
        log.error(document.locate(("source",)), f"the {source.lang} text is the source language: it records no fingerprints")


def _check_same_units(source: Prose, translation: Prose, document: Document, log: ProblemLog) -> None:
    source_units, units = source.units(), translation.units()
    for unit in sorted(source_units.keys() - units.keys()):
        log.warn(
            document.locate(tuple(unit.split("."))[:-1]),
            f"unit '{unit}' of the {source.lang} text has no {translation.lang} translation yet: a build needs it, or --draft",
        )
    for unit in units.keys() - source_units.keys():
        log.error(document.locate(tuple(unit.split("."))), f"unit '{unit}' is not in the {source.lang} text")
    for qid, quote in translation.quotes.items():
        if qid in source.quotes and source.quotes[qid].person != quote.person:
            log.error(document.locate(("quotes", qid, "person")), f"the {source.lang} text attributes this quote to {source.quotes[qid].person}")
