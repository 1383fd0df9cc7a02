"""Build benchmark: a synthetic corpus (5 seasons x 10 rounds x 2 races, 30 cars, FR and EN = 100
releases), then, in one run, side by side:

  (a) baseline: each release's HTML converted one after another in one process by plain
      weasyprint.HTML(filename=...).write_pdf()
  (b) pressgen build of the whole corpus from scratch (HTML and PDF)
  (c) the same build again, nothing changed
  (d) the same build after one race result of round 3 of one season changed
  (e) the preview path: one release's HTML rendered again in a warm process, after its prose
      file was saved

Each measured step runs in its own process; wall times include starting Python. Peak memory is
the largest resident set of any process of a step (workers included).

    .venv/bin/python bench/build_bench.py [--json FILE] [--jobs N] [--repeat N]
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


def measure(*command: str, **kwargs) -> dict:
    done = subprocess.run([PYTHON, "-c", MEASURE, *command], cwd=ROOT, capture_output=True, text=True, **kwargs)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stderr}")
    return result


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


def run(work: Path, jobs: int | None, repeat: int = 1) -> dict:
    seasons, out, baseline_out = work / "seasons", work / "out", work / "baseline"
    write_corpus(seasons)
    baseline_out.mkdir()
    load_before = os.getloadavg()[0]  # other work on the machine skews every figure
    options = ["--quiet"] + (["--jobs", str(jobs)] if jobs else [])
    build = ["-m", "generator", "build", str(seasons), "--out", str(out), *options]

    runs_a, runs_b = [], []
    for n in range(repeat):  # alternated, the fastest kept: load from other work drifts over minutes
        scratch = out if n == 0 else work / f"out-{n}"
        runs_b.append(measure(PYTHON, "-m", "generator", "build", str(seasons), "--out", str(scratch), *options))
        runs_a.append(measure(PYTHON, "-c", BASELINE, str(out), str(baseline_out)))
    a, b = min(runs_a, key=lambda r: r["wall"]), min(runs_b, key=lambda r: r["wall"])
    c = measure(PYTHON, *build)
    before = snapshot(out)
    edit_one_result(seasons / season_id(2) / "rounds" / round_id(3) / "round.yaml")
    d = measure(PYTHON, *build)
    rewritten = {name for name, stamp in snapshot(out).items() if before.get(name) != stamp}
    expected = expected_after_edit(season_id(2), 3, 10)
    e = subprocess.run(
        [PYTHON, "-c", PREVIEW, str(seasons / season_id(5)), str(seasons / season_id(5) / "rounds" / round_id(10) / "en.yaml")],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    preview = json.loads(e.stdout.strip().splitlines()[-1])
    return {
        "releases": len(list(baseline_out.glob("*.pdf"))),
        "load_average_1min_before_after": [load_before, os.getloadavg()[0]],
        "jobs": jobs or len(os.sched_getaffinity(0)),
        "a_runs_s": [r["wall"] for r in runs_a], "b_runs_s": [r["wall"] for r in runs_b],
        "a_baseline_s": a["wall"], "b_build_s": b["wall"], "c_noop_s": c["wall"], "d_edit_s": d["wall"],
        "e_preview_render_s": preview["render"], "e_preview_save_to_page_s": preview["refresh"],
        "b_over_a": b["wall"] / a["wall"], "c_over_b": c["wall"] / b["wall"], "d_over_b": d["wall"] / b["wall"],
        "d_rewritten": len(rewritten), "d_expected": len(expected), "d_exact": rewritten == expected,
        "d_unexpected": sorted(rewritten - expected), "d_missing": sorted(expected - rewritten),
        "peak_rss_mb": {"a": a["peak_rss_mb"], "b": b["peak_rss_mb"], "c": c["peak_rss_mb"], "d": d["peak_rss_mb"]},
    }


TARGETS = [("b/a", "b_over_a", 0.55), ("c/b", "c_over_b", 0.02), ("e render (s)", "e_preview_render_s", 0.050)]


def report(r: dict) -> str:
    pressgen_peak = max(r["peak_rss_mb"][k] for k in "bcd")
    lines = [
        f"corpus: {r['releases']} releases, pressgen --jobs {r['jobs']}, "
        f"load average before/after: {r['load_average_1min_before_after'][0]:.2f}/{r['load_average_1min_before_after'][1]:.2f}",
        f"(a) baseline, plain WeasyPrint, one process   {r['a_baseline_s']:8.2f} s   (runs: {_seconds(r['a_runs_s'])})",
        f"(b) pressgen build from scratch               {r['b_build_s']:8.2f} s   (runs: {_seconds(r['b_runs_s'])})",
        f"(c) same build, nothing changed               {r['c_noop_s']:8.2f} s",
        f"(d) after editing one result of round 3       {r['d_edit_s']:8.2f} s   rewrote {r['d_rewritten']} files, "
        f"expected {r['d_expected']}: {'exact' if r['d_exact'] else 'NOT exact'}",
        f"(e) preview: one release's HTML rendered again {r['e_preview_render_s'] * 1000:7.1f} ms"
        f"   (save -> reloaded season -> new page: {r['e_preview_save_to_page_s'] * 1000:.1f} ms)",
        f"ratios: b/a {r['b_over_a']:.3f}   c/b {r['c_over_b']:.4f}   d/b {r['d_over_b']:.3f}",
        f"peak RSS of the largest process: pressgen {pressgen_peak:.0f} MB (baseline {r['peak_rss_mb']['a']:.0f} MB)",
    ]
    verdicts = [f"{name} {r[key]:.3f} <= {limit}: {'met' if r[key] <= limit else 'NOT met'}" for name, key, limit in TARGETS]
    verdicts.append(f"memory {pressgen_peak:.0f} MB <= 500: {'met' if pressgen_peak <= 500 else 'NOT met'}")
    verdicts.append(f"(d) rebuilds exactly what depends on the edit: {'met' if r['d_exact'] else 'NOT met'}")
    return "\n".join(lines + ["targets: " + "; ".join(verdicts)])


def _seconds(runs: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json", help="where to write the figures")
    parser.add_argument("--corpus", type=Path, help="write the synthetic corpus to this folder and stop")
    parser.add_argument("--jobs", type=int, help="pressgen build --jobs (default: one per core)")
    parser.add_argument("--repeat", type=int, default=1, help="measure (a) and (b) N times, alternated; keep the fastest")
    args = parser.parse_args()
    if args.corpus:
        write_corpus(args.corpus)
        print(f"wrote the corpus to {args.corpus}; build it with: pressgen build {args.corpus} --out OUT")
        return
    with tempfile.TemporaryDirectory(prefix="pressgen-bench-") as work:
        results = run(Path(work), args.jobs, max(1, args.repeat))
    print(report(results))
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
