"""Incremental builds: a fingerprint of every output's inputs, recorded in a state file under the
output folder, so a build renders only the outputs whose inputs changed (or that went missing).

A release depends on its round's data and the prose it shows, the data of every earlier round of
its season (standings), the season's own files (season.yaml, logo), the templates, catalogs and
assets, the generator's source and version, and the build options. The state file is written with the outputs, after them.

This module stays light (no YAML, no Jinja, no WeasyPrint): the build command asks it first
whether a whole build is up to date, and loads nothing else when it is.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .paths import LOCALES_DIR, PACKAGE_DIR, TEMPLATES_DIR
from .request import BuildReport, BuildRequest

STATE_FILE = ".pressgen-state.json"
STATE_FORMAT = 1
# What every output depends on besides the seasons: the generator itself and what it renders with.
SHARED_INPUTS = (PACKAGE_DIR, TEMPLATES_DIR, LOCALES_DIR, PACKAGE_DIR.parent / "pyproject.toml")
SOURCE_SUFFIXES = {".py", ".html", ".css", ".txt", ".po", ".pot", ".toml", ".woff", ".woff2", ".ttf", ".otf",
                   ".png", ".jpg", ".jpeg", ".svg"}


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(root: Path, suffixes: set[str] | None = None, skip: Path | None = None) -> str:
    """Every file under root (or root itself), by relative name and content."""
    if root.is_file():
        return digest(root.name, file_digest(root))
    if not root.is_dir():
        return digest("absent", root.name)
    files = sorted(
        p for p in _walk(root)
        if (suffixes is None or p.suffix in suffixes) and "__pycache__" not in p.parts
        and not (skip is not None and p.is_relative_to(skip))
    )
    return digest(*(part for p in files for part in (p.relative_to(root).as_posix(), file_digest(p))))


def _walk(root: Path) -> list[Path]:
    """Every file under root, through symbolic links to folders too (a season or round folder may
    be one: its edits must be seen), each real folder once (a link to a parent loops no more)."""
    files, seen = [], set()
    for folder, folders, names in os.walk(root, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            folders[:] = []
            continue
        seen.add(real)
        files += [Path(folder, name) for name in names if os.path.isfile(os.path.join(folder, name))]
    return files


def shared_digest() -> str:
    """The generator's version and source, templates, catalogs and assets."""
    return digest(__version__, *(tree_digest(path, SOURCE_SUFFIXES) for path in SHARED_INPUTS))


def options_key(request: BuildRequest) -> str:
    """The build options that change what is written (not where, not how fast)."""
    options = [request.round_id, request.langs, request.formats, request.draft, request.strict]
    if request.kind != "report":  # a race report's key stays what it always was
        options.append(request.kind)
    return digest(json.dumps(options))[:16]


def sources_digest(request: BuildRequest, shared: str) -> str:
    """The whole input of a build: every file under PATH, its folder's name (a season's id) and the shared inputs."""
    source = request.path.resolve()
    out = request.out.resolve()
    return digest(
        shared, source.name, tree_digest(source, skip=out if out.is_relative_to(source) else None),
        _archive_digest(request),  # the season indexes list published versions
    )


def _archive_digest(request: BuildRequest) -> str:
    from .request import default_archive

    archive = (request.archive or default_archive(request.path)).resolve()
    return tree_digest(archive, suffixes={".json"}) if archive.is_dir() else "no archive"


class Fingerprints:
    """The input fingerprints of one build's outputs; each folder is read and hashed once."""

    def __init__(self, shared: str, formats: tuple[str, ...], draft: bool):
        self._base = digest(shared, json.dumps({"draft": draft}))
        self._formats = json.dumps(list(formats))  # indexes link every edition built
        self._digests: dict[Path, str] = {}  # by folder or file

    def _folder(self, folder: Path, skip: Path | None = None) -> str:
        if folder not in self._digests:
            self._digests[folder] = tree_digest(folder, skip=skip)
        return self._digests[folder]

    def _files(self, files: list[Path]) -> list[str]:
        """Each file's folder, name and content (a missing one counts, as missing)."""
        for path in files:
            if path not in self._digests:
                self._digests[path] = file_digest(path) if path.is_file() else "missing"
        return [part for path in files for part in (path.parent.name, path.name, self._digests[path])]

    def season_files(self, season_folder: Path) -> str:
        """season.yaml, the logo and whatever else the season folder holds besides its rounds."""
        return self._folder(season_folder, skip=season_folder / "rounds")

    def release(self, season_folder: Path, earlier: list[Path], own: list[Path], lang: str, edition: str) -> str:
        """A release: its season's files, the data of every earlier round (standings), its own
        round's data and the prose it shows (its language's and the source language's)."""
        return digest(self._base, "release", lang, edition, self.season_files(season_folder),
                      *self._files(earlier), "own", *self._files(own))

    def photo(self, path: Path, size: str) -> str:
        """One copy of a photo: the file and the copy's size and quality."""
        return digest(self._base, "photo", size, *self._files([path]))

    def season_index(self, season_folder: Path, rounds: list[Path]) -> str:
        """A season's index: the season's files and every round's data (dates, which rounds are in)."""
        return digest(self._base, "season index", self._formats, self.season_files(season_folder), *self._files(rounds))

    def seasons_index(self, seasons: list[tuple[Path, list[str]]]) -> str:
        parts = (part for folder, round_ids in seasons for part in (folder.name, self.season_files(folder), *round_ids))
        return digest(self._base, "seasons index", self._formats, *parts)


# --- the state file -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    """What the state file knows of one written output."""

    inputs: str  # fingerprint of its inputs
    size: int
    sha256: str


@dataclass
class BuildState:
    out: Path
    outputs: dict[str, Recorded] = field(default_factory=dict)  # by path relative to out
    builds: dict[str, dict] = field(default_factory=dict)  # by options key: inputs, files, listed, warnings
    seasons: dict[str, dict] = field(default_factory=dict)  # by id, the seasons indexed: series, year, languages
    written: bytes = b""  # the state file as found

    @classmethod
    def load(cls, out: Path) -> BuildState:
        """The recorded state; an unreadable or foreign one counts as none (everything is rebuilt)."""
        try:
            written = (out / STATE_FILE).read_bytes()
            data = json.loads(written)
            if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
                return cls(out)
            outputs = {name: Recorded(**entry) for name, entry in data["outputs"].items()}
            builds = {key: _recorded_build(entry) for key, entry in data["builds"].items()}
            return cls(out, outputs, builds, dict(data.get("seasons", {})), written)
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return cls(out)  # JSON nested past the parser's stack, or a list where a mapping belongs

    def changes(self) -> dict[Path, bytes]:
        """The state file to write, unless it says what it already said."""
        content = self.serialize()
        return {} if content == self.written else {self.out / STATE_FILE: content}

    def name(self, path: Path) -> str:
        return path.resolve().relative_to(self.out.resolve()).as_posix()

    def up_to_date(self, path: Path, inputs: str) -> bool:
        """The output exists, is as written, and was made from these inputs."""
        recorded = self.outputs.get(self.name(path))
        return recorded is not None and recorded.inputs == inputs and _intact(path, recorded.size, recorded.sha256)

    def record(self, path: Path, inputs: str, content: bytes) -> None:
        self.outputs[self.name(path)] = Recorded(inputs, len(content), hashlib.sha256(content).hexdigest())

    def record_build(self, request: BuildRequest, sources: str, files: list[Path], warnings: tuple[str, ...],
                     listed: Sequence[Path] = ()) -> None:
        """`files`: what this build made; `listed`: other builds' files its manifests and indexes list."""
        self.builds[options_key(request)] = {
            "inputs": sources,
            "files": self._hashes(files),
            "listed": self._hashes(list(listed)),
            "warnings": [_portable(w, request.path) for w in warnings],
        }

    def _hashes(self, files: list[Path]) -> dict[str, str]:
        return {name: self.outputs[name].sha256 for name in sorted(self.name(p) for p in files)}

    def serialize(self) -> bytes:
        document = {
            "format": STATE_FORMAT,
            "pressgen": __version__,
            "outputs": {name: vars(r) for name, r in sorted(self.outputs.items())},
            "builds": dict(sorted(self.builds.items())),
            "seasons": dict(sorted(self.seasons.items())),
        }
        return (json.dumps(document, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _recorded_build(entry: dict) -> dict:
    """One build's record, its fields of the types they are read as (else TypeError: no state)."""
    if not (isinstance(entry["inputs"], str) and isinstance(entry["files"], dict) and isinstance(entry["warnings"], list)):
        raise TypeError("a build record of the wrong shape")
    return entry


def _intact(path: Path, size: int, sha256: str) -> bool:
    try:
        return path.stat().st_size == size and file_digest(path) == sha256
    except OSError:
        return False


def unchanged_build(request: BuildRequest) -> BuildReport | None:
    """The report of a build with these options and these very inputs whose files are all still
    as written, or None when anything must be looked at again."""
    state = BuildState.load(request.out)
    recorded = state.builds.get(options_key(request))
    if recorded is None or recorded["inputs"] != sources_digest(request, shared_digest()):
        return None
    for name, sha256 in {**recorded["files"], **recorded.get("listed", {})}.items():
        entry = state.outputs.get(name)
        if entry is None or entry.sha256 != sha256 or not _intact(request.out / name, entry.size, sha256):
            return None
    files = tuple(request.out / name for name in recorded["files"])
    warnings = tuple(w.replace(PATH_MARK, str(request.path), 1) for w in recorded["warnings"])
    return BuildReport(files=(), warnings=warnings, unchanged=files)


PATH_MARK = "<PATH>"


def _portable(warning: str, path: Path) -> str:
    """A warning as recorded: the data folder as typed becomes a mark, so the state holds no
    absolute path and is the same whichever way the folder was named."""
    prefix = str(path)
    return PATH_MARK + warning[len(prefix):] if warning.startswith(prefix) else warning
