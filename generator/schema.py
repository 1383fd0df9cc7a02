"""Season folders -> validated model: find the seasons under a path, read every file of each
(loader.py), validate it into model.py's types, run the cross-checks between files (checks.py),
collect every problem, then raise once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import languages
from .checks import check_prose, check_prose_units, check_round, check_season, resolve_cars
from .errors import DataError, Location, Problem, ProblemLog, UsageError, close_match
from .loader import Document, FieldPath, load_yaml
from .model import PreEventProse, Prose, Round, Season

SEASON_FILE = "season.yaml"
ROUND_FILE = "round.yaml"
ROUNDS_DIR = "rounds"

M = TypeVar("M", bound=BaseModel)


REPORT = "report"
PRE_EVENT = "pre-event"
KINDS = (REPORT, PRE_EVENT)  # the releases of a round: the race report (the default), the pre-event


def prose_file_name(kind: str, lang: str) -> str:
    """`fr.yaml` (the race report's prose), `pre-event.fr.yaml` (the pre-event release's)."""
    return f"{lang}.yaml" if kind == REPORT else f"{kind}.{lang}.yaml"


def prose_kind(path: Path) -> str | None:
    """The kind of release a file of a round folder holds prose for, or None (round.yaml, photos)."""
    name = path.name
    if name.startswith(PRE_EVENT + ".") and name.endswith(".yaml"):
        return PRE_EVENT
    if name.endswith(".yaml") and name != ROUND_FILE and languages.is_known(name.removesuffix(".yaml")):
        return REPORT
    return None


@dataclass(frozen=True)
class LoadedRound:
    round: Round
    document: Document
    prose: dict[str, Prose]  # by language, in the season's language order
    prose_documents: dict[str, Document]
    kind: str = REPORT  # the release `prose` is written for
    pre_event: dict[str, Prose] = field(default_factory=dict)  # pre-event.<lang>.yaml, when written
    pre_event_documents: dict[str, Document] = field(default_factory=dict)

    def for_kind(self, kind: str) -> LoadedRound:
        """The round with the prose of that kind of release in `prose`: what the translation
        workflow, the fact-check and the build read, whichever the release."""
        if kind == self.kind:
            return self
        if kind == PRE_EVENT:
            return replace(self, prose=self.pre_event, prose_documents=self.pre_event_documents, kind=kind)
        raise ValueError(f"a {self.kind} round view turns back into no other kind")


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


@dataclass(frozen=True)
class SeasonSurvey:
    """Everything found in one season folder: the season and the rounds whose data validated (None
    when season.yaml does not), and every problem of every file that parses, prose included."""

    folder: Path
    loaded: LoadedSeason | None
    problems: tuple[Problem, ...]  # errors and warnings, in no particular order

    def round_of(self, problem: Problem) -> str | None:
        """The id of the round folder a problem is located in, or None (the season's own files)."""
        file = problem.location.file
        rounds = self.folder / ROUNDS_DIR
        if file is None or not file.is_relative_to(rounds) or file == rounds:
            return None
        return file.relative_to(rounds).parts[0]


def survey_seasons(path: Path) -> list[SeasonSurvey]:
    """Load and check every file of every season under PATH, whatever fails: nothing raised for
    the data's problems, so one run lists them all."""
    surveys = []
    for folder in season_folders(path):
        log = ProblemLog()
        loaded = _load_season(folder, log)
        if loaded is not None:
            loaded = LoadedSeason(loaded.season, loaded.rounds, loaded.folder, loaded.document, tuple(log.warnings))
        surveys.append(SeasonSurvey(folder, loaded, tuple(log.problems)))
    return surveys


def load_seasons(path: Path, strict: bool = False) -> list[LoadedSeason]:
    """Load and validate every season under PATH; raise one DataError listing all problems."""
    surveys = survey_seasons(path)
    log = ProblemLog([p for survey in surveys for p in survey.problems])
    log.raise_if_errors(strict)
    return [survey.loaded for survey in surveys if survey.loaded is not None]  # none is None once no error was raised


def load_season_file(folder: Path) -> tuple[Season, Document]:
    """Only the season's own file (entry list, calendar), for commands that work on one round."""
    log = ProblemLog()
    document = _load(folder / SEASON_FILE, log)
    season = _validate(Season, document, log, id=folder.name) if document is not None else None
    log.raise_if_errors()
    if season is None or document is None:  # a file that fails to load or validate logs an error
        raise DataError(log.errors)
    return season, document


def reload_prose(loaded: LoadedSeason, round_id: str) -> LoadedSeason:
    """The season with one round's prose files read and checked again, its data as it was
    (the preview's shortcut when only prose was saved); raise one DataError on any error."""
    log = ProblemLog()
    old = loaded.round(round_id)
    if old is None:
        raise UsageError(f"{loaded.season.id} has no round '{round_id}'")
    folder = old.document.path.parent
    documents = _load_prose_documents(loaded.season, folder, log)
    prose = {lang: p for lang, doc in documents.items() if (p := _validate(Prose, doc, log, lang=lang))}
    fresh = replace(old, prose=prose, prose_documents=documents)  # its pre-event prose as it was
    check_prose(loaded.season, fresh.round, fresh.prose, fresh.prose_documents, log)
    log.raise_if_errors()
    warnings = tuple(w for w in loaded.warnings if w.location.file is None or w.location.file.parent != folder)
    rounds = tuple(fresh if r is old else r for r in loaded.rounds)
    return LoadedSeason(loaded.season, rounds, loaded.folder, loaded.document, warnings + tuple(log.warnings))


def _load_season(folder: Path, log: ProblemLog) -> LoadedSeason | None:
    """The season and the rounds whose data validates; every file is read and checked as far as it
    parses, whatever the others hold (a round's prose is checked even when its data is not valid)."""
    document = _load(folder / SEASON_FILE, log)
    season = _validate(Season, document, log, id=folder.name) if document is not None else None
    rounds = [r for round_folder in _round_folders(folder) if (r := _load_round(season, round_folder, log)) is not None]
    if season is None or document is None:  # a season that validated was read from its document
        return None
    check_season(season, document, log)
    _check_logo(season, folder, document, log)
    order = {r.id: i for i, r in enumerate(season.calendar)}
    for loaded in rounds:
        check_round(season, loaded.round, loaded.document, log)
        check_prose(season, loaded.round, loaded.prose, loaded.prose_documents, log)
        if loaded.pre_event_documents:
            check_prose_units(season, loaded.pre_event, loaded.pre_event_documents, set(), log)
            _check_pre_event_date(loaded, log)
    rounds.sort(key=lambda r: order.get(r.round.id, len(order)))
    return LoadedSeason(season, tuple(rounds), folder, document)


def _load_round(season: Season | None, round_folder: Path, log: ProblemLog) -> LoadedRound | None:
    """A round whose data validates (its cross-checks come later); None otherwise, its prose
    checked on its own all the same."""
    round_doc = _load(round_folder / ROUND_FILE, log)
    race_round = _validate(Round, round_doc, log, id=round_folder.name) if round_doc is not None else None
    prose_docs = _load_prose_documents(season, round_folder, log)
    prose = {lang: p for lang, doc in prose_docs.items() if (p := _validate(Prose, doc, log, lang=lang))}
    if race_round is None or round_doc is None or season is None:
        if season is not None:
            check_prose_units(season, prose, prose_docs, None, log)
        return None
    race_round = resolve_cars(season, race_round, round_doc, log)
    pre_docs = _load_pre_event_documents(season, round_folder, log)
    pre_event: dict[str, Prose] = {lang: p for lang, doc in pre_docs.items() if (p := _validate(PreEventProse, doc, log, lang=lang))}
    return LoadedRound(race_round, round_doc, prose, prose_docs, pre_event=pre_event, pre_event_documents=pre_docs)


def _round_folders(folder: Path) -> list[Path]:
    rounds_dir = folder / ROUNDS_DIR
    if not rounds_dir.is_dir():
        return []
    return sorted(p for p in rounds_dir.iterdir() if p.is_dir())


def _load_prose_documents(season: Season | None, round_folder: Path, log: ProblemLog) -> dict[str, Document]:
    """The source language's prose (required), then every translation present, season languages first
    (without a valid season, every prose file present, none required)."""
    documents = {}
    for lang in prose_languages(season) if season is not None else languages.codes():
        path = round_folder / f"{lang}.yaml"
        if not path.is_file():
            if season is None:
                continue
            if lang == season.languages[0]:
                log.error(Location(path), f"the {lang} prose file is missing ({lang} is the season's source language)")
            elif lang in season.languages:
                log.warn(Location(path), f"the {lang} prose file is missing: a build needs it, or --draft")
        elif (document := _load(path, log)) is not None:
            documents[lang] = document
    return documents


def _load_pre_event_documents(season: Season, round_folder: Path, log: ProblemLog) -> dict[str, Document]:
    """The pre-event release's prose files written: none is required until the release is built
    (`build --kind pre-event` names a missing one), and a file of comments only (as `new-round`
    scaffolds it) is not written yet."""
    documents = {}
    for lang in prose_languages(season):
        path = round_folder / prose_file_name(PRE_EVENT, lang)
        if written(path) and (document := _load(path, log)) is not None:
            documents[lang] = document
    return documents


def written(path: Path) -> bool:
    """The file exists and holds more than comments and blank lines."""
    if not path.is_file():
        return False
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return True  # let the loader report what is wrong with it
    return any(line.strip() and not line.lstrip().startswith("#") for line in lines)


def _check_pre_event_date(loaded: LoadedRound, log: ProblemLog) -> None:
    """A pre-event release is dated by round.yaml; the error stands on its prose, so the race
    report of the round is not held back by it."""
    if loaded.round.pre_event is None:
        path = next(iter(loaded.pre_event_documents.values())).path
        log.error(Location(path), "round.yaml gives no date for the pre-event release: add "
                                  "`pre_event: {release_date: YYYY-MM-DD}` (and, if any, its `embargo:`)")


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
            log.error(document.locate(field_path), _message(error, field_path))
        return None


def _clean_loc(loc: tuple) -> FieldPath:
    return tuple(part for part in loc if part not in ("[key]",) and not str(part).startswith("function-"))


def _message(error: Mapping[str, Any], field_path: FieldPath = ()) -> str:
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    kind = error["type"]
    if kind == "missing":
        return "required field missing"
    if error.get("input", ...) is None and (needed := _empty_needs(kind, field_path, error.get("ctx", {}))):
        return f"left empty: fill it with {needed}"
    if kind == "extra_forbidden":
        return "unknown field (check its spelling against the README's data format)"
    found = error.get("input")
    if kind != "value_error" and isinstance(found, (str, int, float, bool)) or found is None:
        message += f" (found {found!r})" if kind != "value_error" else ""
    return message


# What an empty required field needs, by pydantic's error type: the message a scaffolded file
# (new-season, new-round) gives for each field still to fill.
_EMPTY_NEEDS = {
    "string_type": "a text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "date_type": "a date, YYYY-MM-DD",
    "datetime_type": "a date and time with its offset, such as 2025-05-19T08:00:00+02:00",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "literal_error": "one of {expected}",
}


# The fields a scaffold leaves empty, with what each needs in words a press officer uses.
_FIELD_NEEDS = {
    "brand.primary": 'the main colour, such as "#0A2A5E" (quoted)',
    "brand.accent": 'the accent colour, such as "#1C8FE3" (quoted)',
    "points.scale": "the points by classified position, such as [25, 18, 15, 12, 10, 8, 6, 4, 2, 1]",
    "entries": "one row per car: - {driver: First Last, team: Team Name, car: 12}",
    "calendar": "one row per round, in order: - {id: 01-venue, venue: Venue, races: 2}",
    "circuit": "the circuit's name",
    "dates.start": "the first day of the meeting, YYYY-MM-DD",
    "dates.end": "the last day of the meeting, YYYY-MM-DD",
    "release_date": "the date the release is sent, YYYY-MM-DD",
    "races[].laps": "the winner's laps (`pressgen import-results` fills it)",
    "races[].results": "every car in order at the flag (`pressgen import-results` writes them)",
}


def _empty_needs(kind: str, field_path: FieldPath, ctx: dict) -> str | None:
    """What an empty required field needs: said for the field when known, else for its type."""
    if (needed := _FIELD_NEEDS.get(_generic(field_path))) is not None:
        return needed
    return _EMPTY_NEEDS[kind].format(**ctx) if kind in _EMPTY_NEEDS else None


def _generic(field_path: FieldPath) -> str:
    """('races', 0, 'laps') -> 'races[].laps'."""
    return ".".join(str(p) for p in field_path if not isinstance(p, int)).replace("races.", "races[].")


def _kind(value: Any) -> str:
    return {list: "a list", str: "text", type(None): "nothing"}.get(type(value), type(value).__name__)


# --- cross-checks ---------------------------------------------------------------------------------


LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
LOGO_MAX_BYTES = 1_000_000


def logo_path(season: Season, folder: Path) -> Path | None:
    return (folder / season.brand.logo).resolve() if season.brand.logo else None


def logo_data_uri(season: Season, folder: Path) -> str | None:
    """The logo as a data: URI, so a page carrying it stands alone."""
    import base64

    path = logo_path(season, folder)
    if path is None:
        return None
    return f"data:{LOGO_TYPES[path.suffix.lower()]};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


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
