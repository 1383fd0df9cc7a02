"""One writer at a time: a build holds its output folder, a publish its season's archive folder.

The lock is an advisory `flock` on the folder itself, so it leaves no file behind, and the kernel
frees it when a run ends, however it ends (a killed run never blocks the next). A second run
finds the folder taken, says so on stderr and waits for the first to finish. A run that created
the folder and wrote nothing in it removes it again (a failed first build leaves no empty output
folder); a run that was waiting on a folder removed meanwhile sees it gone and starts over.
"""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .errors import OutputError

_HELD: set[int] = set()  # the descriptors of the locks this process holds


def close_inherited() -> None:
    """In a process forked while a lock was held (a PDF worker): close its copies of the lock's
    descriptor. The lock lasts while any copy is open, so a worker left running by a killed run
    would otherwise keep the folder taken and the next run waiting."""
    for descriptor in _HELD:
        with suppress(OSError):
            os.close(descriptor)
    _HELD.clear()


@contextmanager
def held(folder: Path, what: str) -> Iterator[None]:
    """Hold `folder` (created if missing) for the duration of the block; `what` names it for people."""
    try:
        created, descriptor = _acquire(folder, what)
    except OSError as exc:
        raise OutputError(f"cannot lock {exc.filename or folder}: {exc.strerror}") from None
    _HELD.add(descriptor)
    try:
        yield
    finally:
        _HELD.discard(descriptor)
        for path in created:
            try:
                path.rmdir()  # created for nothing: a failed run leaves no empty folder
            except OSError:
                break  # holds what this run wrote
        os.close(descriptor)  # releases the lock


def _acquire(folder: Path, what: str) -> tuple[list[Path], int]:
    announced = False
    while True:
        created = _missing_folders(folder)
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not announced:
                print(f"waiting: another pressgen run is writing {what} ({folder})", file=sys.stderr, flush=True)
                announced = True
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            if os.fstat(descriptor).st_ino == os.stat(folder).st_ino:
                return created, descriptor
        except FileNotFoundError:
            pass
        os.close(descriptor)  # the holder removed the folder on its way out: start over


def _missing_folders(folder: Path) -> list[Path]:
    """The folders mkdir(parents=True) would create, deepest first."""
    missing = []
    for path in [folder, *folder.parents]:
        if path.exists():
            break
        missing.append(path)
    return missing
