"""Build benchmark: a synthetic corpus (by default 5 seasons x 10 rounds x 2 races, 30 cars, FR and
EN = 100 releases; --seasons K and --rounds R scale it), then, in one run, side by side:

  (a) baseline: each release's HTML converted one after another in one process by plain
      weasyprint.HTML(filename=...).write_pdf()
  (b) pressgen build of the whole corpus from scratch (HTML and PDF), with one worker per core
  (b1) the same with --jobs 1: one process, no worker
  (c) the same build again, nothing changed
  (d) the same build after one race result of round 3 of one season changed
  (e) the preview path: one release's HTML rendered again in a warm process, after its prose
      file was saved
  (f) per release, in one warm process: rendering the HTML, laying the PDF out, writing it
  (g) per release, in one warm process, interleaved: plain WeasyPrint's CPU time (from the web
      page, as in (a)) and pressgen's (the PDF job a worker gets), and their ratio

Each measured step runs in its own process; wall times include starting Python. Peak memory is
the largest resident set of the main process and of any of its workers. --build-only measures (b)
and (c) alone (a corpus of 1,000 releases takes the baseline an hour on a loaded machine).

    .venv/bin/python bench/build_bench.py [--json FILE] [--jobs N] [--repeat N] [--seasons K] [--rounds R]
    .venv/bin/python bench/build_bench.py --seasons 50 --build-only --per-release-from bench/results.json
    .venv/bin/python bench/build_bench.py --side-by-side N [--repeat P]   # (g) alone, on N releases
    .venv/bin/python bench/build_bench.py --corpus DIR      # write the corpus and stop
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import round_id, season_id, write_corpus  # noqa: E402

PYTHON = sys.executable

# Runs a command, then prints its wall time and the peak RSS of it and its descendants.
MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
wall = time.perf_counter() - start
print(json.dumps({"code": code, "wall": wall, "peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""

# Runs pressgen in this process, then writes the peak resident memory of this process and of its
# largest worker (children are counted once waited for: the worker pool is joined before exit).
PRESSGEN = """
import json, resource, sys
rss_file = sys.argv.pop(1)
from generator.cli import run
try:
    run()
finally:
    peak = lambda who: resource.getrusage(who).ru_maxrss / 1024
    with open(rss_file, "w") as f:
        json.dump({"main_mb": peak(resource.RUSAGE_SELF), "workers_mb": peak(resource.RUSAGE_CHILDREN)}, f)
"""

BASELINE = """
import sys
from pathlib import Path
import weasyprint
out = Path(sys.argv[2])
for page in sorted(Path(sys.argv[1]).glob("*/*/*-??.html")):
    weasyprint.HTML(filename=str(page)).write_pdf(out / f"{page.parent.parent.name}-{page.stem}.pdf")
"""

# Warm a preview of one season, save one prose file, time the re-render of what changed.
PREVIEW = """
import json, sys, time
from pathlib import Path
from generator.preview import Site
site = Site(Path(sys.argv[1]))
prose = Path(sys.argv[2])
times = []
for n in range(5):
    text = prose.read_text(encoding="utf-8")
    prose.write_text(text.replace("Next round soon.", f"Next round soon ({n}).") if n == 0 else text.replace(f"({n - 1})", f"({n})"), encoding="utf-8")
    start = time.perf_counter()
    changed = site.refresh({prose})
    times.append(time.perf_counter() - start)
    assert len(changed) == 1, changed
from generator import build
plans, *_ = build.plan_releases([site._seasons[k] for k in site._seasons], build.BuildRequest(Path(sys.argv[1]), Path('.'), formats=('html',)))
plan = [p for p in plans if p.lang == 'en'][-1]
renders = []
for _ in range(5):
    start = time.perf_counter(); build.render(plan); renders.append(time.perf_counter() - start)
print(json.dumps({"refresh": sorted(times)[len(times) // 2], "render": sorted(renders)[len(renders) // 2]}))
"""

# A sample of releases rendered, laid out and written by one warm Printer: the median of each step.
STAGES = """
import json, sys, time
from pathlib import Path
from generator import build
from generator.parallel import _start_printer
request = build.BuildRequest(Path(sys.argv[1]), Path("."), formats=("pdf",))
computed, unready = build.ready_rounds(request)
plans, *_ = build.plan_releases(computed, request, unready)
printer = _start_printer()
steps = {"render": [], "layout": [], "write": []}
for n, plan in enumerate(plans[:int(sys.argv[2]) + 1]):
    start = time.perf_counter(); release = build.render(plan); rendered = time.perf_counter()
    job = release.pdf_job()
    document = printer.layout(job.html, dict(job.photos), job.stylesheets); laid_out = time.perf_counter()
    printer.write(document, job.attachments, job.info); written = time.perf_counter()
    if n:  # the first warms the caches every later one shares
        for step, seconds in zip(steps, (rendered - start, laid_out - rendered, written - laid_out), strict=True):
            steps[step].append(seconds)
print(json.dumps({step: sorted(times)[len(times) // 2] for step, times in steps.items()}))
"""

# The same releases printed in one warm process by plain WeasyPrint (from the web page, as (a)
# does) and by pressgen's Printer, interleaved (the order alternating each pass), so that load
# from other work falls on both alike; per release the least CPU and wall time of each over the
# passes. CPU time (time.process_time) is this process's own: other work on the machine does not
# count in it, as it does in wall time.
INTERLEAVED = """
import json, sys, time
from pathlib import Path
import weasyprint
from generator import build
from generator.parallel import _print, _start_printer
seasons, out, count, passes = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
request = build.BuildRequest(seasons, out, formats=("pdf",))
computed, unready = build.ready_rounds(request)
plans, *_ = build.plan_releases(computed, request, unready)
plans = plans[:count + 1]
jobs = [build.render(plan).pdf_job() for plan in plans]
pages = [out / plan.loaded.season.id / plan.round_id / f"{plan.round_id}-{plan.lang}.html" for plan in plans]
ways = {"plain": lambda n: weasyprint.HTML(filename=str(pages[n])).write_pdf(), "pressgen": lambda n: _print(jobs[n])}
_start_printer()
for way in ways.values():
    way(0)  # the first warms the caches every later one shares
times = {way: [[] for _ in plans[1:]] for way in ways}
for k in range(passes):
    for n in range(1, len(plans)):
        for way in (sorted(ways) if (k + n) % 2 else sorted(ways, reverse=True)):
            cpu, wall = time.process_time(), time.perf_counter()
            ways[way](n)
            times[way][n - 1].append((time.process_time() - cpu, time.perf_counter() - wall))
least = {way: [(min(c for c, _ in runs), min(w for _, w in runs)) for runs in per_release] for way, per_release in times.items()}
print(json.dumps(least))
"""


def measure(*command: str, **kwargs) -> dict:
    done = subprocess.run([PYTHON, "-c", MEASURE, *command], cwd=ROOT, capture_output=True, text=True, **kwargs)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stderr}")
    return result


def measure_build(work: Path, *arguments: str) -> dict:
    """`pressgen build ARGUMENTS`: wall time, and the peak memory of the main process and of its largest worker."""
    rss_file = work / "rss.json"
    result = measure(PYTHON, "-c", PRESSGEN, str(rss_file), "build", *arguments)
    return result | json.loads(rss_file.read_text(encoding="utf-8"))


def python_json(script: str, *arguments: str) -> dict:
    done = subprocess.run([PYTHON, "-c", script, *arguments], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def snapshot(out: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}


def expected_after_edit(season: str, first: int, last: int) -> set[str]:
    """A result edit changes the rounds from the edited one on; the season index is rendered again
    but its bytes (rounds, dates, links) do not change, so it is not rewritten."""
    files = {".pressgen-state.json"}
    for number in range(first, last + 1):
        r = round_id(number)
        files |= {f"{season}/{r}/{r}-{lang}.{ext}" for lang in ("fr", "en") for ext in ("html", "pdf")}
        files.add(f"{season}/{r}/manifest.json")
    return files


def edit_one_result(round_file: Path) -> None:
    """Swap the first two finishers of race 1: points, and so every later standings table, change."""
    import yaml

    data = yaml.safe_load(round_file.read_text(encoding="utf-8"))
    results = data["races"][0]["results"]
    results[0]["driver"], results[1]["driver"] = results[1]["driver"], results[0]["driver"]
    round_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")


def run(work: Path, jobs: int | None, repeat: int = 1, seasons_count: int = 5, rounds: int = 10, build_only: bool = False) -> dict:
    seasons, out, baseline_out = work / "seasons", work / "out", work / "baseline"
    write_corpus(seasons, seasons_count, rounds)
    baseline_out.mkdir()
    load_before = os.getloadavg()[0]  # other work on the machine skews every figure
    options = ["--quiet"] + (["--jobs", str(jobs)] if jobs else [])
    releases = seasons_count * rounds * 2
    figures: dict = {"releases": releases, "seasons": seasons_count, "rounds": rounds, "jobs": jobs or len(os.sched_getaffinity(0))}

    runs_a, runs_b = [], []
    for n in range(repeat):  # alternated, the fastest kept: load from other work drifts over minutes
        scratch = out if n == 0 else work / f"out-{n}"
        runs_b.append(measure_build(work, str(seasons), "--out", str(scratch), *options))
        if not build_only:
            runs_a.append(measure(PYTHON, "-c", BASELINE, str(out), str(baseline_out)))
    b = min(runs_b, key=lambda r: r["wall"])
    c = measure_build(work, str(seasons), "--out", str(out), *options)
    figures |= {"b_runs_s": [r["wall"] for r in runs_b], "b_build_s": b["wall"], "b_ms_per_release": b["wall"] / releases * 1000,
                "c_noop_s": c["wall"], "c_over_b": c["wall"] / b["wall"],
                "peak_rss_mb": {"b_main": b["main_mb"], "b_workers": b["workers_mb"], "c_main": c["main_mb"]}}
    if not build_only:
        a = min(runs_a, key=lambda r: r["wall"])
        b1 = measure_build(work, str(seasons), "--out", str(work / "out-jobs-1"), "--quiet", "--jobs", "1")
        before = snapshot(out)
        edited_season = season_id(min(2, seasons_count))
        edit_one_result(seasons / edited_season / "rounds" / round_id(3) / "round.yaml")
        d = measure_build(work, str(seasons), "--out", str(out), *options)
        rewritten = {name for name, stamp in snapshot(out).items() if before.get(name) != stamp}
        expected = expected_after_edit(edited_season, 3, rounds)
        last = seasons / season_id(seasons_count)
        preview = python_json(PREVIEW, str(last), str(last / "rounds" / round_id(rounds) / "en.yaml"))
        stages = python_json(STAGES, str(seasons / season_id(1)), "10")
        side_by_side = interleaved(python_json(INTERLEAVED, str(seasons / season_id(1)), str(out), str(COMPARED), str(PASSES)))
        figures |= {
            "a_runs_s": [r["wall"] for r in runs_a], "a_baseline_s": a["wall"], "b1_jobs_1_s": b1["wall"], "d_edit_s": d["wall"],
            "e_preview_render_s": preview["render"], "e_preview_save_to_page_s": preview["refresh"],
            "f_render_ms": stages["render"] * 1000, "f_layout_ms": stages["layout"] * 1000, "f_write_ms": stages["write"] * 1000,
            "g_interleaved": side_by_side,
            "b_over_a": b["wall"] / a["wall"], "b1_over_a": b1["wall"] / a["wall"], "d_over_b": d["wall"] / b["wall"],
            "d_rewritten": len(rewritten), "d_expected": len(expected), "d_exact": rewritten == expected,
            "d_unexpected": sorted(rewritten - expected), "d_missing": sorted(expected - rewritten),
        }
        figures["peak_rss_mb"] |= {"a": a["peak_rss_mb"], "b1_main": b1["main_mb"], "d_main": d["main_mb"], "d_workers": d["workers_mb"]}
    figures["load_average_1min_before_after"] = [load_before, os.getloadavg()[0]]
    return figures


def side_by_side(work: Path, releases: int, passes: int) -> dict:
    """(g) alone: one season's web pages built (plain WeasyPrint prints those), then both ways compared."""
    seasons, out = work / "seasons", work / "out"
    season = write_corpus(seasons, 1, max(3, (releases + 2) // 2))[0]
    subprocess.run([PYTHON, "-m", "generator", "build", str(season), "--out", str(out), "--format", "html", "--quiet"], cwd=ROOT, check=True)
    return interleaved(python_json(INTERLEAVED, str(season), str(out), str(releases), str(passes)))


COMPARED, PASSES = 10, 3  # (g): releases printed both ways, and passes over them


def interleaved(least: dict) -> dict:
    """(g)'s figures: per release, pressgen's CPU time over plain WeasyPrint's; their median and
    range, and the totals' ratios in CPU and wall time."""
    plain, ours = least["plain"], least["pressgen"]
    cpu = [mine[0] / theirs[0] for theirs, mine in zip(plain, ours, strict=True)]
    total = {way: [sum(t[i] for t in least[way]) for i in (0, 1)] for way in least}
    return {"cpu_ratios": cpu, "cpu_ratio_median": sorted(cpu)[len(cpu) // 2],
            "cpu_ratio_total": total["pressgen"][0] / total["plain"][0], "wall_ratio_total": total["pressgen"][1] / total["plain"][1],
            "plain_cpu_ms": total["plain"][0] / len(plain) * 1000, "pressgen_cpu_ms": total["pressgen"][0] / len(ours) * 1000}


TARGETS = [("b/a", "b_over_a", 0.45), ("b1/a", "b1_over_a", 1.0), ("c/b", "c_over_b", 0.01), ("e render (s)", "e_preview_render_s", 0.050)]


def report(r: dict, earlier: dict | None = None) -> str:
    rss = r["peak_rss_mb"]
    main_peak = max(v for k, v in rss.items() if k.endswith("main"))
    worker_peak = max((v for k, v in rss.items() if k.endswith("workers")), default=0.0)
    lines = [
        f"corpus: {r['releases']} releases ({r['seasons']} seasons x {r['rounds']} rounds x 2 languages), pressgen --jobs {r['jobs']}, "
        f"load average before/after: {r['load_average_1min_before_after'][0]:.2f}/{r['load_average_1min_before_after'][1]:.2f}",
    ]
    if "a_baseline_s" in r:
        lines.append(f"(a) baseline, plain WeasyPrint, one process   {r['a_baseline_s']:8.2f} s   (runs: {_seconds(r['a_runs_s'])})")
    lines.append(f"(b) pressgen build from scratch               {r['b_build_s']:8.2f} s   (runs: {_seconds(r['b_runs_s'])}; "
                 f"{r['b_ms_per_release']:.0f} ms a release)")
    if "b1_jobs_1_s" in r:
        lines.append(f"(b1) the same, --jobs 1                       {r['b1_jobs_1_s']:8.2f} s")
    lines.append(f"(c) same build, nothing changed               {r['c_noop_s']:8.2f} s")
    if "d_edit_s" in r:
        lines += [
            f"(d) after editing one result of round 3       {r['d_edit_s']:8.2f} s   rewrote {r['d_rewritten']} files, "
            f"expected {r['d_expected']}: {'exact' if r['d_exact'] else 'NOT exact'}",
            f"(e) preview: one release's HTML rendered again {r['e_preview_render_s'] * 1000:7.1f} ms"
            f"   (save -> reloaded season -> new page: {r['e_preview_save_to_page_s'] * 1000:.1f} ms)",
            f"(f) one release in a warm process: HTML {r['f_render_ms']:.0f} ms, PDF layout {r['f_layout_ms']:.0f} ms, "
            f"PDF writing {r['f_write_ms']:.0f} ms",
            _interleaved_line(r["g_interleaved"]),
            f"ratios: b/a {r['b_over_a']:.3f}   b1/a {r['b1_over_a']:.3f}   c/b {r['c_over_b']:.4f}   d/b {r['d_over_b']:.3f}",
        ]
    else:
        lines.append(f"ratios: c/b {r['c_over_b']:.4f}")
    lines.append(f"peak RSS: pressgen main process {main_peak:.0f} MB, largest worker {worker_peak:.0f} MB"
                 + (f" (baseline {rss['a']:.0f} MB)" if "a" in rss else ""))
    verdicts = [f"{name} {r[key]:.3f} <= {limit}: {'met' if r[key] <= limit else 'NOT met'}" for name, key, limit in TARGETS if key in r]
    peak = max(main_peak, worker_peak)
    verdicts.append(f"memory {peak:.0f} MB <= 500: {'met' if peak <= 500 else 'NOT met'}")
    if "d_exact" in r:
        verdicts.append(f"(d) rebuilds exactly what depends on the edit: {'met' if r['d_exact'] else 'NOT met'}")
    if earlier is not None:
        growth = r["b_ms_per_release"] / earlier["b_ms_per_release"]
        verdicts.append(f"time a release at {r['releases']} / at {earlier['releases']} releases {growth:.2f} <= 1.2: "
                        f"{'met' if growth <= 1.2 else 'NOT met'}")
    return "\n".join(lines + ["targets: " + "; ".join(verdicts)])


def _interleaved_line(g: dict) -> str:
    return (f"(g) one process, interleaved, CPU time a release: plain WeasyPrint {g['plain_cpu_ms']:.0f} ms, pressgen {g['pressgen_cpu_ms']:.0f} ms;"
            f" pressgen/plain {g['cpu_ratio_total']:.3f} (per release median {g['cpu_ratio_median']:.3f},"
            f" {min(g['cpu_ratios']):.3f}-{max(g['cpu_ratios']):.3f}; wall {g['wall_ratio_total']:.3f})")


def _seconds(runs: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json", help="where to write the figures")
    parser.add_argument("--corpus", type=Path, help="write the synthetic corpus to this folder and stop")
    parser.add_argument("--jobs", type=int, help="pressgen build --jobs (default: one per core)")
    parser.add_argument("--repeat", type=int, default=1, help="measure (a) and (b) N times, alternated; keep the fastest")
    parser.add_argument("--seasons", type=int, default=5, help="seasons in the corpus (default 5)")
    parser.add_argument("--rounds", type=int, default=10, help="rounds a season, 3 to 60 (default 10)")
    parser.add_argument("--build-only", action="store_true", help="measure (b) and (c) only")
    parser.add_argument("--side-by-side", type=int, metavar="N", help="measure (g) alone, on N releases (N passes over them: 3 unless --repeat)")
    parser.add_argument("--per-release-from", type=Path, help="an earlier run's figures: compare the time a release")
    args = parser.parse_args()
    if not 3 <= args.rounds <= 60 or args.seasons < 1:  # round 3 is edited; a season has at most 60 rounds
        parser.error("--rounds takes 3 to 60 and --seasons at least 1")
    if args.corpus:
        write_corpus(args.corpus, args.seasons, args.rounds)
        print(f"wrote the corpus to {args.corpus}; build it with: pressgen build {args.corpus} --out OUT")
        return
    if args.side_by_side:
        with tempfile.TemporaryDirectory(prefix="pressgen-bench-") as work:
            figures = side_by_side(Path(work), args.side_by_side, args.repeat if args.repeat > 1 else PASSES)
        print(_interleaved_line(figures))
        return
    earlier = json.loads(args.per_release_from.read_text(encoding="utf-8")) if args.per_release_from else None
    with tempfile.TemporaryDirectory(prefix="pressgen-bench-") as work:
        results = run(Path(work), args.jobs, max(1, args.repeat), args.seasons, args.rounds, args.build_only)
    print(report(results, earlier))
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
