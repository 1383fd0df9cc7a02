"""The build, run in the background with its progress: one at a time, started from a page that
then follows it. It is `pressgen build`'s own run (the output folder's lock, the incremental
check, `build.build`), with a progress that the page reads instead of a terminal bar."""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, field

from ..commands.build import run_build, summary
from ..errors import PressgenError
from ..request import BuildRequest


@dataclass
class BuildJob:
    request: BuildRequest
    total: int = 0
    done: int = 0
    what: str = ""
    label: str = ""
    finished: bool = False
    lines: list[str] = field(default_factory=list)  # what `pressgen build` prints, once finished
    failed: bool = False

    # the Progress protocol (progress.py): the build calls these
    def start(self, total: int, what: str) -> None:
        self.total, self.done, self.what = total, 0, what

    def advance(self, label: str) -> None:
        self.done += 1
        self.label = label

    def finish(self) -> None:
        pass

    def run(self) -> None:
        try:
            report = run_build(self.request, progress=self)
            self.lines = summary(report, self.request.out)
        except PressgenError as exc:
            self.lines, self.failed = str(exc).splitlines(), True
        except Exception as exc:  # a bug: said on the page and in the terminal, the studio goes on
            self.lines, self.failed = [f"internal error: {type(exc).__name__}: {exc}"], True
            print(f"studio: build: {self.lines[0]}", file=sys.stderr, flush=True)
        finally:
            self.finished = True

    def state(self) -> dict:
        return {"total": self.total, "done": self.done, "what": self.what, "label": self.label,
                "finished": self.finished, "failed": self.failed, "lines": self.lines if self.finished else []}


class Builds:
    """The studio's build: the current (or last) one; a second is refused while one runs."""

    def __init__(self) -> None:
        self.current: BuildJob | None = None
        self._lock = threading.Lock()

    def start(self, request: BuildRequest) -> BuildJob | None:
        """The new job, or None when one is still running."""
        with self._lock:
            if self.current is not None and not self.current.finished:
                return None
            self.current = BuildJob(request)
        threading.Thread(target=self.current.run, daemon=True).start()
        return self.current
