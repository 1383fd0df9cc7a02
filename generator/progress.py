"""Progress of a long build on standard error: a bar on a terminal, one line per step otherwise,
nothing with --quiet. The build calls `start`, `advance` and `finish`, and knows nothing else."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from rich.progress import TaskID


class Progress(Protocol):
    def start(self, total: int, what: str) -> None: ...
    def advance(self, label: str) -> None: ...
    def finish(self) -> None: ...


class Silent:
    def start(self, total: int, what: str) -> None:
        pass

    def advance(self, label: str) -> None:
        pass

    def finish(self) -> None:
        pass


SILENT = Silent()  # stateless: one for every caller that shows no progress


class Lines:
    """`[3/100] 2031-synthetic-cup/02-test-circuit-02-fr.pdf`: for logs and pipes."""

    def __init__(self, stream: TextIO):
        self._stream = stream
        self._done = self._total = 0

    def start(self, total: int, what: str) -> None:
        self._done, self._total = 0, total

    def advance(self, label: str) -> None:
        self._done += 1
        print(f"[{self._done}/{self._total}] {label}", file=self._stream, flush=True)

    def finish(self) -> None:
        pass


class Bar:
    """A rich progress bar with counts, elapsed time and the current release. Refreshed on each
    step only: no background thread, so worker processes fork from a single-threaded parent."""

    def __init__(self, stream: TextIO):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TextColumn("{task.fields[label]}"))
        self._bar = RichProgress(*columns, console=Console(file=stream), auto_refresh=False, transient=True)
        self._task: TaskID | None = None

    def start(self, total: int, what: str) -> None:
        self._bar.start()
        self._task = self._bar.add_task(what, total=total, label="")
        self._bar.refresh()

    def advance(self, label: str) -> None:
        if self._task is None:
            raise RuntimeError("advance before start")
        self._bar.update(self._task, advance=1, label=label)
        self._bar.refresh()

    def finish(self) -> None:
        self._bar.stop()


def for_terminal(quiet: bool, stream: TextIO | None = None) -> Progress:
    stream = stream or sys.stderr
    if quiet:
        return Silent()
    return Bar(stream) if stream.isatty() else Lines(stream)
