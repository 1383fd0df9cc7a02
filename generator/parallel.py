"""PDFs in parallel: worker processes, each keeping one Printer (one font configuration, one
cache) for every document it prints. Results come back in the order asked, so a parallel build
writes the very bytes of a serial one."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, as_completed, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import locking
from .attachments import EmbeddedFile
from .progress import Progress

if TYPE_CHECKING:
    from .pdf import Printer


@dataclass(frozen=True)
class PdfJob:
    html: str
    attachments: tuple[EmbeddedFile, ...]
    info: Mapping[str, str]
    label: str  # what the progress display shows
    photos: tuple[tuple[str, bytes], ...] = ()  # a listed photo's URL in the HTML -> its print copy
    stylesheets: tuple[str, ...] = ()  # in cascade order: the house stylesheet, then the release's own rules


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    refused: tuple[str, ...]  # URLs the document asked for and did not get


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


IN_FLIGHT = 4  # jobs a worker, waiting or printing


class PrintQueue:
    """PDF jobs printed while the caller prepares the next ones: in worker processes, or here
    when one process is asked for. `results()` returns them in the order submitted.

    The workers start as the queue opens, before the caller knows what it will print: each loads
    WeasyPrint and warms up (fonts, the house stylesheet) on the second core while the caller
    loads, computes and renders on the first."""

    def __init__(self, workers: int | None, progress: Progress):
        self._workers = workers or default_jobs()
        self._progress = progress
        self._pool: ProcessPoolExecutor | None = None
        self._jobs: list[PdfJob] = []  # printed here, when there is no worker
        self._labels: dict[Future, str] = {}  # what the progress display shows for each job a worker prints
        self._waiting: set[Future] = set()  # submitted to a worker, not yet reported done
        self._futures: list[Future] = []
        self._expected = 0

    def __enter__(self) -> PrintQueue:
        if self._workers > 1:
            # fork: workers inherit the loaded modules and the templates; the parent runs no thread yet
            context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
            self._pool = ProcessPoolExecutor(self._workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),))
            self._pool.submit(int)  # the first task forks every worker now, each running the initializer
        return self

    def __exit__(self, *exc_info) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
        if self._expected:
            self._progress.finish()

    def expect(self, total: int) -> None:
        """How many jobs will be submitted (the progress display counts them)."""
        self._expected = total
        if total:
            self._progress.start(total, "PDF")

    def submit(self, job: PdfJob) -> None:
        """Queue a job; with workers, first wait while IN_FLIGHT jobs a worker are waiting or
        printing: the pages waiting stay few (memory stays bounded however many releases), and
        the caller renders the next while the workers print."""
        if self._pool is None:
            self._jobs.append(job)
            return
        if len(self._waiting) >= IN_FLIGHT * self._workers:
            done, _ = wait(self._waiting, return_when=FIRST_COMPLETED)
            self._report(done)
        self._labels[future := self._pool.submit(_print, job)] = job.label  # the job itself is the worker's
        self._futures.append(future)
        self._waiting.add(future)

    def results(self) -> list[Printed]:
        if self._pool is None:
            return [self._print_here(job) for job in self._jobs]
        for future in as_completed(list(self._waiting)):
            self._report({future})
        return [future.result() for future in self._futures]

    def _report(self, done: set[Future]) -> None:
        for future in done:
            self._waiting.discard(future)
            self._progress.advance(self._labels[future])

    def _print_here(self, job: PdfJob) -> Printed:
        printed = _print(job)
        self._progress.advance(job.label)
        return printed


PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends
_printer: Printer | None = None  # this process's Printer, made on first use


def _start_worker(parent: int) -> None:
    """A worker's start: it ends with the run that forked it, holds none of its locks, and makes its Printer."""
    _end_with(parent)
    locking.close_inherited()
    _start_printer()


def _end_with(parent: int) -> None:
    """Linux: the kernel kills this worker when its parent ends, however it ends (a killed build
    leaves no worker waiting for work forever). Elsewhere the worker ends when its queue closes."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)


def _start_printer() -> Printer:
    """This process's Printer, made and warmed up on first use: the house stylesheet compiled and
    one short page laid out in it (fonts found and loaded), what every release would do first."""
    global _printer
    if _printer is None:
        from .paths import house_stylesheet
        from .pdf import Printer  # WeasyPrint loads only where a PDF is printed

        _printer = Printer()
        _printer.layout('<html lang="en"><body><p>pressgen</p></body></html>', stylesheets=(house_stylesheet(),))
    return _printer


def _print(job: PdfJob) -> Printed:
    printer = _start_printer()
    before = len(printer.refused)
    pdf = printer.pdf(job.html, job.attachments, job.info, dict(job.photos), job.stylesheets)
    return Printed(pdf, tuple(printer.refused[before:]))
