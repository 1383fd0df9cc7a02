"""`pressgen publish PATH --round ID`: freeze the round's releases (every language and edition)
as the next version in the archive, with the inputs they were built from and a manifest.

Version 1 is the first publication. Later, a new version is made only when what the inputs say
has changed; it carries a correction notice listing what changed in the tables since the
previous version (or saying that only the text was corrected)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from .. import editions, faults
from ..build import BuildRequest, Output, render_outputs, round_photo_files
from ..changes import Correction, round_tables, table_changes, text_languages
from ..compute import SeasonResults
from ..errors import DataError, Location, Problem, UsageError
from ..feeds import hosted_season_feeds
from ..index import INDEX_FILE, archive_index, brand_of, version_entries
from ..load import load_and_compute, ready_round
from ..locking import held
from ..manifest import MANIFEST_FILE, ManifestEntry, manifest
from ..model import Prose, Round, Season
from ..output import inside, refuse_overlap, write_all
from ..partial import accept_partial_hint, partial_tables
from ..photos import PHOTO_SUFFIXES
from ..pre_event_release import pre_event_correction, ready_pre_event
from ..published import INPUTS_DIR, PublishedVersion, moment_text, round_versions, season_versions, write_version
from ..request import default_archive
from ..schema import PRE_EVENT, REPORT, LoadedRound, LoadedSeason, logo_path, prose_kind


@dataclass(frozen=True)
class PublishRequest:
    path: Path
    round_id: str
    date: dt.date  # the day of publication (the command line's default: today)
    archive: Path | None = None  # None: archive/ beside the folder of seasons
    accept_partial: bool = False  # publish a release whose tables the data does not make whole
    kind: str = REPORT  # which of the round's releases: report | pre-event
    at: dt.datetime | None = None  # the moment of publication; None: the clock's, when publishing on the day it is dated


@dataclass(frozen=True)
class PublishReport:
    lines: tuple[str, ...]
    folder: Path | None  # the new version's folder; None when nothing changed


def parse_date(text: str | None) -> dt.date:
    """--date YYYY-MM-DD; without it, today (publishing is an act in time, unlike a build)."""
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date: expected a date such as 2024-10-21, found '{text}'") from None


def publication_moment(request: PublishRequest, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the version is published, recorded in its manifest (feeds date their entries by it):
    the request's moment, else the clock's when the version is dated today (local time); a version
    dated another day has no known time."""
    if request.at is not None:
        return request.at
    now = (now or dt.datetime.now()).astimezone()
    return now.replace(microsecond=0) if now.date() == request.date else None


def publish(request: PublishRequest) -> PublishReport:
    loaded, results, partial, archive = _publishable(request)
    with held(inside(archive, loaded.season.id), f"the archive of {loaded.season.id}"):
        faults.point("publish-locked")
        return _publish_locked(request, loaded, results, archive, partial)


def _publishable(request: PublishRequest) -> tuple[LoadedSeason, SeasonResults, list[str], Path]:
    """The round's season if the round may be published: ready, its partial tables accepted, a
    sound archive folder and date; with the partial tables' warnings and the archive folder."""
    ready = ready_pre_event if request.kind == PRE_EVENT else ready_round
    state, race_round = ready(request.path, request.round_id)
    loaded, results = state.valid()
    partial: list[str] = []  # a pre-event release shows no results of the round
    if request.kind == REPORT:
        partial = _partial_refused(loaded, race_round, results, request.accept_partial)
    archive = request.archive or default_archive(request.path)
    refuse_overlap(archive, "--archive", request.path)
    _check_not_future(request.date)
    return loaded, results, partial, archive


@dataclass(frozen=True)
class PublishPreview:
    """What `publish` would do now, computed the same way and written nowhere: the version it
    would freeze and the change list its correction notice would carry."""

    version: int | None  # None: nothing changed since the last version
    message: str  # what publish would say
    changes: dict[str, tuple[str, ...]]  # per language: since the first version (the notice)
    since_previous: dict[str, tuple[str, ...]]  # per language: since the previous one (the archive's record)
    partial: tuple[str, ...]  # the partial tables, accepted
    inputs: str  # fingerprint of the inputs it was computed from: a publish from another state is refused
    text_changed: frozenset[str] = frozenset()  # the languages whose text the notice says was corrected

    def text_corrected(self, lang: str) -> bool:
        return lang in self.text_changed


def preview_publish(request: PublishRequest) -> PublishPreview:
    """The next version and its change list, refused for the same reasons as `publish`."""
    loaded, results, partial, archive = _publishable(request)
    step = _next_step(request, loaded, results, archive)
    fingerprint = inputs_fingerprint(step.inputs)
    if step.previous is None:
        return PublishPreview(1, f"{step.name}: version 1, the first publication", {}, {}, tuple(partial), fingerprint)
    if step.correction is None:
        return PublishPreview(None, step.nothing_changed(), {}, {}, tuple(partial), fingerprint)
    from ..change_text import change_lines

    languages, correction = loaded.season.languages, step.correction
    return PublishPreview(
        correction.version, f"{step.name}: version {correction.version}, a correction of version {step.previous.version}",
        {lang: tuple(change_lines(correction.changes, lang)) for lang in languages},
        {lang: tuple(change_lines(correction.since_previous, lang)) for lang in languages},
        tuple(partial), fingerprint, frozenset(lang for lang in languages if correction.text_corrected(lang)))


@dataclass(frozen=True)
class _NextStep:
    """What the round's next publication is, decided alike by publish and its preview."""

    name: str  # season/round, with the kind unless the race report
    inputs: dict[str, bytes]
    previous: PublishedVersion | None  # the latest version; None: nothing published yet
    correction: Correction | None  # None after a previous version: nothing changed since it

    def nothing_changed(self) -> str:
        assert self.previous is not None
        return f"{self.name}: nothing changed since version {self.previous.version} of {self.previous.date.isoformat()}; no new version"


def _next_step(request: PublishRequest, loaded: LoadedSeason, results: SeasonResults, archive: Path) -> _NextStep:
    season_id, round_id, kind = loaded.season.id, request.round_id, request.kind
    name = f"{season_id}/{round_id}" + (f" ({kind})" if kind != REPORT else "")
    inputs = input_files(loaded, round_id, kind)
    versions = round_versions(archive, season_id, round_id, kind)
    if not versions:
        return _NextStep(name, inputs, None, None)
    _check_date(request.date, versions[-1])
    return _NextStep(name, inputs, versions[-1], correction_since(versions, inputs, loaded, results, round_id, request.date, kind))


def inputs_fingerprint(inputs: dict[str, bytes]) -> str:
    import hashlib

    digest = hashlib.sha256()
    for name in sorted(inputs):
        digest.update(name.encode() + b"\0" + hashlib.sha256(inputs[name]).digest())
    return digest.hexdigest()


def _publish_locked(request: PublishRequest, loaded: LoadedSeason, results: SeasonResults, archive: Path, partial: list[str]) -> PublishReport:
    """The next version, if any, and the season's index; the archive is this run's alone meanwhile."""
    season_id, round_id, kind = loaded.season.id, request.round_id, request.kind
    step = _next_step(request, loaded, results, archive)
    inputs, name, correction = step.inputs, step.name, step.correction
    if step.previous is not None and correction is None:
        repaired = _write_index(archive, loaded)  # a run killed before its index leaves it stale
        return PublishReport((step.nothing_changed(),
                              *([f"repaired {repaired}: it did not list every published version"] if repaired else [])), None)
    version = correction.version if correction else 1
    rendered = render_outputs(BuildRequest(loaded.folder, archive, round_id, formats=editions.names(), correction=correction,
                                           kind=kind))
    record: dict[str, object] = {**_changes_record(correction, loaded.season.languages), **({"kind": kind} if kind != REPORT else {})}
    if (moment := publication_moment(request)) is not None:
        record["published_at"] = moment_text(moment)
    files = version_files(rendered.outputs, inputs, season_id, round_id, version, request.date, record)
    folder = write_version(archive, season_id, round_id, version, files, kind)
    faults.point("publish-renamed")
    index = _write_index(archive, loaded) or inside(archive, season_id, INDEX_FILE)
    return PublishReport((*partial, f"published {name} version {version} of {request.date.isoformat()}: {folder}",
                          f"wrote {index}"), folder)


def _partial_refused(loaded: LoadedSeason, race_round: LoadedRound, results: SeasonResults, accepted: bool) -> list[str]:
    """The partial tables, as warnings when accepted; otherwise a DataError naming each and the option."""
    partial = partial_tables(loaded, race_round, results)
    if partial and not accepted:
        hint = Problem(Location(race_round.document.path.parent), accept_partial_hint(len(partial)))
        raise DataError([replace(p, severity="error") for p in partial] + [hint])
    return [str(p) for p in partial]


def input_files(loaded: LoadedSeason, round_id: str, kind: str = REPORT) -> dict[str, bytes]:
    """What the round's releases are built from, by path in the season folder: season.yaml, the
    logo, every round up to this one in calendar order (the standings count them) with its photo
    files (the round's releases show them; an earlier round's data is valid only with them, and
    is loaded again from the archive to compute a correction). A pre-event release: the earlier
    rounds whole, the round's data and its pre-event prose (nothing of the race report it precedes)."""
    paths = [loaded.document.path]
    if (logo := logo_path(loaded.season, loaded.folder)) is not None:
        paths.append(logo)
    for race_round in loaded.rounds:
        if kind == PRE_EVENT and race_round.round.id == round_id:
            paths += [race_round.document.path, *(d.path for d in race_round.pre_event_documents.values())]
            break
        paths += [race_round.document.path, *(d.path for d in race_round.prose_documents.values())]
        paths += round_photo_files(race_round)
        if race_round.round.id == round_id:
            break
    return {_name_in(loaded.folder, path): path.read_bytes() for path in paths}


def _name_in(folder: Path, path: Path) -> str:
    """A file's name in the season folder, as the folder lists it: a round folder may be a link to
    elsewhere (its real path is then outside the season folder's)."""
    if path.absolute().is_relative_to(folder.absolute()):
        return path.absolute().relative_to(folder.absolute()).as_posix()
    return path.resolve().relative_to(folder.resolve()).as_posix()


def correction_since(versions: list[PublishedVersion], inputs: dict[str, bytes], loaded: LoadedSeason, results: SeasonResults,
                     round_id: str, date: dt.date, kind: str = REPORT) -> Correction | None:
    """The next version's correction: what changed since the first version (its notice) and since
    the previous one (the archive's record); None when the inputs say what they said in the
    previous version (comments and layout aside) and its photo files are the same."""
    first, previous = versions[0], versions[-1]
    archived = _archived_inputs(previous)
    if archived == inputs:
        return None
    if kind == PRE_EVENT:
        return pre_event_correction(versions, loaded, results, round_id, date)
    tables = round_tables(results, round_id)
    [(old_loaded, old_results)] = load_and_compute(previous.inputs)
    latest = table_changes(round_tables(old_results, round_id), tables)
    if not latest and _same_content(old_loaded, loaded, round_id) and _same_photos(archived, inputs):
        return None
    text_latest = text_languages(_prose(old_loaded, round_id), _prose(loaded, round_id))
    if first is previous:
        return Correction(previous.version + 1, date, previous.date, latest, text_changed=text_latest)
    [(first_loaded, first_results)] = load_and_compute(first.inputs)
    since_first = table_changes(round_tables(first_results, round_id), tables)
    if latest and not since_first:  # back to version 1's tables: what this version undoes, against the previous
        return Correction(previous.version + 1, date, previous.date, latest, text_changed=text_latest)
    text_since_first = text_languages(_prose(first_loaded, round_id), _prose(loaded, round_id))
    return Correction(previous.version + 1, date, previous.date, since_first, first.date, latest, text_since_first, text_latest)


def _prose(loaded: LoadedSeason, round_id: str) -> dict[str, Prose]:
    """The round's race report prose, by language."""
    race_round = loaded.round(round_id)
    return dict(race_round.prose) if race_round else {}


def _changes_record(correction: Correction | None, languages: tuple[str, ...]) -> dict[str, object]:
    """What the version changed since the previous one, worded per language, for the archive's index, and the languages whose text changed."""
    if correction is None:
        return {}
    from ..change_text import change_lines

    text = correction.text_changed_since_previous
    return {"changes": {lang: change_lines(correction.since_previous, lang) for lang in languages},
            **({"text_changed": sorted(text)} if text is not None else {})}


def _archived_inputs(version: PublishedVersion) -> dict[str, bytes]:
    return {p.relative_to(version.inputs).as_posix(): p.read_bytes() for p in sorted(version.inputs.rglob("*")) if p.is_file()}


def _same_photos(old: dict[str, bytes], new: dict[str, bytes]) -> bool:
    """The photo files, byte for byte: a new picture under the same name is a new version."""
    def photo_files(inputs: dict[str, bytes]) -> dict[str, bytes]:
        return {name: content for name, content in inputs.items() if Path(name).suffix.lower() in PHOTO_SUFFIXES}

    return photo_files(old) == photo_files(new)


def _same_content(old: LoadedSeason, new: LoadedSeason, round_id: str) -> bool:
    def content(loaded: LoadedSeason) -> tuple[Season, list[tuple[Round, dict[str, Prose]]]]:
        ids = [r.round.id for r in loaded.rounds]
        rounds = loaded.rounds[: ids.index(round_id) + 1] if round_id in ids else loaded.rounds
        return loaded.season.model_copy(update={"smtp": None}), [(r.round, r.prose) for r in rounds]  # how it is mailed is not what it says

    return content(old) == content(new)


def version_files(outputs: list[Output], inputs: dict[str, bytes], season_id: str, round_id: str,
                  version: int, date: dt.date, record: dict[str, object] | None = None) -> dict[str, bytes]:
    """The releases, the inputs under inputs/<season-id>/, and the manifest describing them all."""
    files = {o.name: o.content for o in outputs}
    entries = [ManifestEntry.of(o.name, o.lang, o.edition, o.content, race=o.race) for o in outputs]
    for name, content in inputs.items():
        archived = f"{INPUTS_DIR}/{season_id}/{name}"
        files[archived] = content
        entries.append(ManifestEntry.of(archived, _prose_lang(name), "input", content))
    publication = {"version": version, "published": date.isoformat(), **(record or {})}
    files[MANIFEST_FILE] = manifest(season_id, round_id, entries, publication)
    return files


def _prose_lang(name: str) -> str | None:
    """The language of a prose file among the inputs: rounds/<id>/fr.yaml, rounds/<id>/pre-event.fr.yaml."""
    path = Path(name)
    if not name.startswith("rounds/") or prose_kind(path) is None:
        return None
    return path.stem.rsplit(".", 1)[-1]


def _check_date(date: dt.date, previous: PublishedVersion) -> None:
    if date < previous.date:
        raise UsageError(f"--date {date.isoformat()} is before version {previous.version} "
                         f"({previous.date.isoformat()}); a correction comes after what it corrects")


def _check_not_future(date: dt.date) -> None:
    """A date past tomorrow (time zones aside) is a typing error, and would block every later publish."""
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    if date > tomorrow:
        raise UsageError(f"--date {date.isoformat()} is after tomorrow ({tomorrow.isoformat()}); "
                         "a release is dated the day it is published")


def _write_index(archive: Path, loaded: LoadedSeason) -> Path | None:
    """The season's index, from the archive as it is; None when the one on disk already says that."""
    season = loaded.season
    venues = {c.id: c.venue for c in season.calendar}
    versions = season_versions(archive, season.id)
    entries = version_entries(versions, venues, "")
    path = inside(archive, season.id, INDEX_FILE)
    title = f"{season.series} {season.year}"
    feeds = hosted_season_feeds(season.site.base_url, season.id, versions, season.languages) if season.site else {}
    content = archive_index(title, season.languages, entries, brand_of(loaded), feeds).encode("utf-8")
    if path.is_file() and path.read_bytes() == content:
        return None
    write_all({path: content})
    return path
