"""Write: files appear whole or not at all (temporary file in the same folder, then rename)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import OutputError, UsageError


def umasked(mode: int) -> int:
    current = os.umask(0)
    os.umask(current)
    return mode & ~current


_PUBLIC_MODE = umasked(0o644)


def write_atomic(path: Path, content: bytes, mode: int = _PUBLIC_MODE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)  # mkstemp makes 0600; releases are meant to be read and served
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_back(path: Path, text: str, check: Callable[[str, Path], object]) -> Path:
    """Replace a file people edit by hand (translate import, import-results): through a symlink,
    its target is replaced (the link stays); its line ends (CRLF) and permissions are kept; and
    nothing is written unless the new text passes `check`, which raises on what would not load."""
    target = path.resolve() if path.is_symlink() else path
    try:
        old = target.read_bytes() if target.is_file() else b""
        mode = target.stat().st_mode & 0o7777 if target.is_file() else _PUBLIC_MODE
    except OSError as exc:
        raise OutputError(f"cannot read {exc.filename or target}: {exc.strerror}") from None
    if b"\r\n" in old:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    check(text, path)
    try:
        write_atomic(target, text.encode("utf-8"), mode)
    except OSError as exc:
        raise OutputError(f"cannot write {exc.filename or target}: {exc.strerror}") from None
    return target


def inside(root: Path, *parts: str) -> Path:
    """root/parts..., refusing anything that would land outside root."""
    target = root.joinpath(*parts).resolve()
    if not target.is_relative_to(root.resolve()):
        raise OutputError(f"refusing to write outside {root}: {'/'.join(parts)}")
    return target


def refuse_overlap(folder: Path, option: str, seasons_path: Path) -> None:
    """--out and --archive get folders of their own: writing into the seasons would make fake
    rounds or seasons of them, and the seasons' files would end up in the releases' folders."""
    from .schema import season_folders

    target = folder.resolve()
    for season in (s.resolve() for s in season_folders(seasons_path)):
        written = target / season.name  # where the season's files would go
        if target.is_relative_to(season) or season.is_relative_to(written):
            raise UsageError(f"{option} {folder} overlaps the seasons ({season}); choose a folder outside them")


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file atomically, after clearing what an interrupted build may have left."""
    try:
        for path in files:
            _remove_leftovers(path)
        for path, content in files.items():
            write_atomic(path, content)
    except OSError as exc:
        raise OutputError(f"cannot write {exc.filename or ''}: {exc.strerror}") from None


def _remove_leftovers(path: Path) -> None:
    if path.parent.is_dir():
        for leftover in path.parent.glob(f".{path.name}.*.tmp"):
            leftover.unlink(missing_ok=True)


def create_folder(folder: Path, files: dict[str, str], subfolders: tuple[str, ...] = ()) -> None:
    """The folder with its files (and empty subfolders), appearing whole: written under a temporary
    name beside it, then renamed."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
        try:
            for name, text in files.items():
                (scratch / name).write_text(text, encoding="utf-8")
            for name in subfolders:
                (scratch / name).mkdir()
            os.chmod(scratch, umasked(0o755))  # mkdtemp makes 0700
            scratch.rename(folder)
        except BaseException:
            shutil.rmtree(scratch, ignore_errors=True)
            raise
    except OSError as exc:
        raise OutputError(f"cannot create {folder}: {exc.strerror}") from None
