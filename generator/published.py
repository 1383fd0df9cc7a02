"""The archive of published releases, committed with the project (unlike output/):

    ARCHIVE/<season-id>/index.html                  every published version, newest first
    ARCHIVE/<season-id>/<round-id>/v<N>/            one version, exactly as sent, never changed
        <round-id>-<lang>.html, .pdf, .email.html, .txt
        inputs/<season-id>/...                       the season folder it was built from (loadable)
        manifest.json                                files and inputs with SHA-256, version, date
    ARCHIVE/<season-id>/<round-id>/pre-event/v<N>/  the round's pre-event release, numbered on its own
        <round-id>-pre-event-<lang>.html, ...

A version folder is written under a temporary name and renamed into place, so it appears whole.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, Location, OutputError, Problem
from .manifest import MANIFEST_FILE
from .output import inside, umasked, write_atomic

INPUTS_DIR = "inputs"
_VERSION_DIR = re.compile(r"^v([1-9][0-9]*)$")


@dataclass(frozen=True)
class PublishedFile:
    name: str
    lang: str | None
    edition: str
    race: int | None = None  # the race of an edition made per race (a result card)


@dataclass(frozen=True)
class PublishedVersion:
    season_id: str
    round_id: str
    version: int
    date: dt.date
    folder: Path
    files: tuple[PublishedFile, ...]  # the releases (not the inputs)
    changes: dict[str, tuple[str, ...]] | None = None  # by language, since the previous version; None for v1
    kind: str = "report"  # which of the round's releases: report | pre-event
    published_at: dt.datetime | None = None  # the moment of publication in UTC, when publish recorded it
    text_changed: tuple[str, ...] | None = None  # the languages whose text changed since the previous version; None: not recorded

    def text_corrected(self, lang: str) -> bool:
        return text_corrected(self.text_changed, lang)

    @property
    def inputs(self) -> Path:
        """The season folder the version was built from."""
        return self.folder / INPUTS_DIR / self.season_id


def text_corrected(text_changed: tuple[str, ...] | None, lang: str) -> bool:
    """Whether a correction's notice says that the text of `lang` was corrected, from the languages
    its manifest records (a version recorded before pressgen kept them says so, as it did then)."""
    return text_changed is None or lang in text_changed


def version_folder(archive: Path, season_id: str, round_id: str, kind: str = "report") -> Path:
    """Where a round's versions of one kind of release lie: a pre-event release's in its own folder."""
    return inside(archive, season_id, round_id) if kind == "report" else inside(archive, season_id, round_id, kind)


def round_versions(archive: Path, season_id: str, round_id: str, kind: str = "report") -> list[PublishedVersion]:
    """The round's published versions of one kind of release, oldest first."""
    folder = version_folder(archive, season_id, round_id, kind)
    if not folder.is_dir():
        return []
    found = [(int(m[1]), p) for p in folder.iterdir() if p.is_dir() and (m := _VERSION_DIR.match(p.name))]
    return [read_version(path) for _, path in sorted(found)]


def season_versions(archive: Path, season_id: str) -> list[PublishedVersion]:
    """Every published version of the season, newest first (by date, then version)."""
    folder = inside(archive, season_id)
    if not folder.is_dir():
        return []
    versions = [v for round_folder in sorted(folder.iterdir()) if round_folder.is_dir()
                for kind in ("report", "pre-event")
                for v in round_versions(archive, season_id, round_folder.name, kind)]
    return sorted(versions, key=lambda v: (v.date, v.version, v.round_id), reverse=True)


def _languages(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(lang, str) for lang in value):
        raise TypeError("text_changed is not a list of language codes")
    return tuple(value)


def read_version(folder: Path) -> PublishedVersion:
    path = folder / MANIFEST_FILE
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        files = tuple(
            PublishedFile(f["name"], f["lang"], f["edition"], f.get("race")) for f in document["files"] if f["edition"] != "input"
        )
        changes = document.get("changes")
        return PublishedVersion(
            document["season"], document["round"], int(document["version"]),
            dt.date.fromisoformat(document["published"]), folder, files,
            None if changes is None else {lang: tuple(lines) for lang, lines in changes.items()},
            document.get("kind", "report"),
            _moment(document.get("published_at")),
            _languages(document.get("text_changed")),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError([Problem(Location(path), f"not a readable manifest of a published version ({exc})")]) from None


def moment_text(moment: dt.datetime) -> str:
    """A moment of publication as the manifest records it: UTC, to the second ("2025-05-19T09:30:00Z")."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _moment(text: object) -> dt.datetime | None:
    """`published_at` as recorded (absent in versions published before it was recorded)."""
    if text is None:
        return None
    moment = dt.datetime.fromisoformat(str(text))
    if moment.tzinfo is None:
        raise ValueError(f"published_at {text!r} names no time zone")
    return moment.astimezone(dt.UTC)


def write_version(archive: Path, season_id: str, round_id: str, version: int, files: dict[str, bytes],
                  kind: str = "report") -> Path:
    """Write `files` (relative names, '/'-separated) as ARCHIVE/<season>/<round>/v<version> (a
    pre-event release's under <round>/pre-event/), whole or not at all."""
    round_folder = version_folder(archive, season_id, round_id, kind)
    target = round_folder / f"v{version}"
    try:
        round_folder.mkdir(parents=True, exist_ok=True)
        for leftover in round_folder.glob(".v*.tmp"):  # from an interrupted publish
            shutil.rmtree(leftover, ignore_errors=True)
        if target.exists():
            raise OutputError(f"{target} already exists: a published version is never rewritten")
        temporary = Path(tempfile.mkdtemp(prefix=f".v{version}.", suffix=".tmp", dir=round_folder))
        try:
            for name, content in files.items():
                write_atomic(inside(temporary, *name.split("/")), content)
            _make_readable(temporary)
            os.rename(temporary, target)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
    except OSError as exc:
        raise OutputError(f"cannot write {exc.filename or target}: {exc.strerror}") from None
    return target


def _make_readable(folder: Path) -> None:
    """mkdtemp makes 0700 folders; a published version is meant to be read and served."""
    mode = umasked(0o755)
    for path in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
        path.chmod(mode)
