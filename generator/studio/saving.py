"""Every write of the studio, by the commands' rules: the file is validated as the file it will
become (on a copy of its season) before it replaces the old one, through `output.write_back`
(line ends, permissions and symbolic links kept); and a file changed on disk since the page that
edits it was opened is never overwritten silently: the writer sees both versions and chooses.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from difflib import unified_diff
from pathlib import Path

from ..commands.validate import validate
from ..errors import DataError, Problem
from ..loader import parse_yaml
from ..output import write_back

OPENED_KEPT = 256  # texts of opened files remembered, to show "yours" beside a file changed since


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def read_text(path: Path) -> str:
    """The file as written (CRLF stays CRLF)."""
    return path.read_bytes().decode("utf-8")


class Opened:
    """The texts of files as editor pages showed them, by digest: the base an edit was made on."""

    def __init__(self) -> None:
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, text: str) -> str:
        key = digest(text.encode("utf-8"))
        with self._lock:
            self._texts[key] = text
            self._texts.move_to_end(key)
            while len(self._texts) > OPENED_KEPT:
                self._texts.popitem(last=False)
        return key

    def text(self, key: str) -> str | None:
        with self._lock:
            return self._texts.get(key)


@dataclass(frozen=True)
class Conflict(Exception):
    """The file changed on disk since it was opened: both versions, for the writer to choose."""

    path: Path
    on_disk: str
    yours: str

    def diff(self) -> list[str]:
        return diff_lines(self.on_disk, self.yours, "on disk", "yours", 2)


@dataclass(frozen=True)
class Refusal(Exception):
    """The new text would add errors: nothing written; `lines` are what `pressgen validate` would print."""

    path: Path
    lines: tuple[str, ...]
    added: tuple[str, ...]  # the errors the change adds


@dataclass(frozen=True)
class Saved:
    path: Path
    changed_lines: tuple[str, ...]  # the unified diff of what was written
    lines: tuple[str, ...]  # what `pressgen validate` prints for the season now


def diff_lines(old: str, new: str, old_name: str, new_name: str, context: int) -> list[str]:
    """A unified diff of two texts, line by line (line ends aside)."""
    return list(unified_diff(old.splitlines(), new.splitlines(), old_name, new_name, lineterm="", n=context))


def check_unchanged(path: Path, base: str, yours: str) -> None:
    """Raise Conflict when the file on disk is not the one the edit was made on."""
    on_disk = read_text(path) if path.is_file() else ""
    if digest(on_disk.encode("utf-8")) != base:
        raise Conflict(path, on_disk, yours)


SAVING = threading.Lock()  # one write at a time: the check that the file is unchanged holds until it is written


def save(season_folder: Path, path: Path, text: str, base: str) -> Saved:
    """Write `text` to `path` (a file of the season) if the file is still the one opened (`base`)
    and the season, with it, has no error it did not have before."""
    with SAVING:
        return _save(season_folder, path, text, base)


def _save(season_folder: Path, path: Path, text: str, base: str) -> Saved:
    check_unchanged(path, base, text)
    before = read_text(path) if path.is_file() else ""
    if text == before:
        return Saved(path, (), tuple(validation_lines(season_folder)))
    lines, added = validation_with(season_folder, path, text)
    if added:
        raise Refusal(path, tuple(lines), tuple(added))
    write_back(path, text, parse_yaml)
    return Saved(path, tuple(diff_lines(before, text, str(path), str(path), 0)), tuple(lines))


def save_files(season_folder: Path, changes: list[tuple[Path, str, str]]) -> tuple[Saved, ...]:
    """Several files of the season written as one change, each (path, text, base) as `save` takes
    it (the prose editor: a paragraph removed from the source text goes from its translations too):
    every file checked unchanged, the season validated with all of them, then each written."""
    with SAVING:
        for path, text, base in changes:
            check_unchanged(path, base, text)
        changed = [(path, text) for path, text, _ in changes if text != (read_text(path) if path.is_file() else "")]
        if not changed:
            return (Saved(changes[0][0], (), tuple(validation_lines(season_folder))),) if changes else ()
        lines, added = validation_with_files(season_folder, dict(changed))
        if added:
            raise Refusal(changed[0][0], tuple(lines), tuple(added))
        saved = []
        for path, text in changed:
            before = read_text(path) if path.is_file() else ""
            write_back(path, text, parse_yaml)
            saved.append(Saved(path, tuple(diff_lines(before, text, str(path), str(path), 0)), tuple(lines)))
        return tuple(saved)


def validation_lines(season_folder: Path) -> list[str]:
    """What `pressgen validate SEASON-FOLDER` prints, standard output or standard error."""
    return _validate(season_folder)[0]


def validation_with(season_folder: Path, path: Path, text: str) -> tuple[list[str], list[str]]:
    """What `pressgen validate` would print for the season with `text` as `path`, and the errors
    in it the season does not have now (by file, field and message: a line moved by the edit is
    the same error). Checked on a copy: the season's files are not touched."""
    return validation_with_files(season_folder, {path: text})


def validation_with_files(season_folder: Path, texts: dict[Path, str]) -> tuple[list[str], list[str]]:
    """validation_with for several files at once."""
    _, before = _validate(season_folder)
    with tempfile.TemporaryDirectory(prefix="pressgen-studio-") as scratch:
        copy = Path(scratch) / season_folder.name
        shutil.copytree(season_folder, copy, symlinks=False)
        for path, text in texts.items():
            target = copy / path.relative_to(season_folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
        lines, after = _validate(copy)
    lines = [line.replace(str(copy), str(season_folder)) for line in lines]
    added = [str(problem).replace(str(copy), str(season_folder)) for key, problem in after.items() if key not in before]
    return lines, added


def _validate(folder: Path) -> tuple[list[str], dict[tuple, Problem]]:
    """validate's lines, and its errors by (file in the folder, field, message)."""
    try:
        return validate(folder), {}
    except DataError as exc:
        return str(exc).splitlines(), {_key(p, folder): p for p in exc.problems if p.severity == "error"}


def _key(problem: Problem, folder: Path) -> tuple:
    file = problem.location.file
    relative = file.relative_to(folder).as_posix() if file is not None and file.is_relative_to(folder) else str(file)
    return relative, problem.location.field, problem.message.replace(str(folder), "")
