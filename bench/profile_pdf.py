"""Profile one PDF worker: the synthetic corpus's releases rendered here, then printed one after
another by one Printer under cProfile, as a worker of `pressgen build` prints them. Prints the top
of the profile (cumulative and own time, both CPU time) and the milliseconds per release.

    .venv/bin/python bench/profile_pdf.py [--releases N] [--top N] [--save FILE]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402


def pdf_jobs(seasons: Path, count: int) -> list:
    """The first `count` releases of the corpus as PDF jobs, rendered the way a build renders them."""
    from generator import build
    from generator.request import BuildRequest

    request = BuildRequest(seasons, seasons.parent / "out", formats=("pdf",))
    computed, unready = build.ready_rounds(request)
    plans, _, _ = build.plan_releases(computed, request, unready)
    return [build.render(plan).pdf_job() for plan in plans[:count]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=20, help="how many releases to print (default 20)")
    parser.add_argument("--top", type=int, default=25, help="how many functions to list (default 25)")
    parser.add_argument("--save", type=Path, help="also write the raw profile here (for snakeviz, pstats)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pressgen-profile-") as work:
        seasons = Path(work) / "seasons"
        write_corpus(seasons, seasons=max(1, (args.releases + 19) // 20))
        jobs = pdf_jobs(seasons, args.releases)
    from generator.parallel import _print, _start_printer

    _start_printer()  # WeasyPrint loaded, the Printer made: what a worker does once
    _print(jobs[0])  # the first document warms the caches every later one shares
    profile = cProfile.Profile(time.process_time)  # CPU time: other work on a shared machine does not count
    start = time.process_time()
    profile.enable()
    for job in jobs[1:]:
        _print(job)
    profile.disable()
    cpu = time.process_time() - start
    if args.save:
        profile.dump_stats(args.save)
    for order in ("cumulative", "tottime"):
        text = io.StringIO()
        pstats.Stats(profile, stream=text).strip_dirs().sort_stats(order).print_stats(args.top)
        print(text.getvalue())
    print(f"{len(jobs) - 1} releases after the first: {cpu / (len(jobs) - 1) * 1000:.0f} ms of CPU time each under the profiler")


if __name__ == "__main__":
    main()
