"""One writer at a time: a build holds its output folder, a publish its season's archive folder.

A second run finds the folder taken, says so on stderr and waits for the first to finish (an
advisory `flock`: the kernel releases it when a run ends, however it ends, so a killed run never
leaves a stale lock behind, only a lock file that the next run takes). A run removes its lock
file when done, and the folder if it created it and wrote nothing (a failed first build leaves no
empty output folder); a run that was waiting on the removed file sees it gone and locks anew.
"""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError

LOCK_FILE = ".pressgen.lock"


@contextmanager
def held(folder: Path, what: str) -> Iterator[None]:
    """Hold `folder` (created if missing) for the duration of the block; `what` names it for people."""
    created = _missing_folders(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = _acquire(folder / LOCK_FILE, what)
    except OSError as exc:
        raise OutputError(f"cannot lock {exc.filename or folder}: {exc.strerror}") from None
    try:
        yield
    finally:
        (folder / LOCK_FILE).unlink(missing_ok=True)  # while held: a waiter then locks a new file
        for path in created:
            try:
                path.rmdir()  # created for nothing: a failed run leaves no empty folder
            except OSError:
                break  # holds what this run or another wrote
        os.close(descriptor)  # releases the lock


def _acquire(path: Path, what: str) -> int:
    announced = False
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not announced:
                print(f"waiting: another pressgen run is writing {what} ({path.parent})", file=sys.stderr, flush=True)
                announced = True
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            if os.fstat(descriptor).st_ino == os.stat(path).st_ino:
                return descriptor
        except FileNotFoundError:
            pass
        os.close(descriptor)  # the holder removed this file on its way out: lock the current one


def _missing_folders(folder: Path) -> list[Path]:
    """The folders mkdir(parents=True) would create, deepest first."""
    missing = []
    for path in [folder, *folder.parents]:
        if path.exists():
            break
        missing.append(path)
    return missing
