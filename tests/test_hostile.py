"""The corpus of hostile inputs (tests/hostile/<case>/case.yaml): each case breaks a copy of the demo
season (or feeds a command a crafted file), runs one `pressgen` command in a child process, and
asserts its exit code, its exact messages, and bounds on its time and peak memory (the child's
high-water mark of resident memory). A file the command must not touch is compared byte for byte after.

Big inputs (a 50 MB file, a million rows, 100,000 levels of nesting) are generated here into the
test's folder rather than committed. The child runs under an address-space limit, so a case that
regresses into a memory blow-up fails instead of taking the machine down.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

pytestmark = pytest.mark.slow  # child processes, each under its bounds

CORPUS = Path(__file__).parent / "hostile"
CASES = sorted(p.parent for p in CORPUS.glob("*/case.yaml"))
# The seasons the cases break: a frozen copy, so that the bundled demo can grow without moving the
# lines and sizes each case expects.
SEASONS = CORPUS / "_seasons"
ADDRESS_SPACE = 3 * 1024**3  # far above any case's bound, far below what the old blow-ups reached


def _generate(kind: str, count: int) -> bytes:
    """Inputs too big to commit."""
    if kind == "nested-lists":
        return ("deep: " + "[" * count + "]" * count + "\n").encode()
    if kind == "nested-lists-json":
        return b"[" * count + b"]" * count
    if kind == "bad-status-rows":
        header = b"POSITION;NUMBER;STATUS;LAPS;TOTAL_TIME;GAP_FIRST;FL_TIME;TEAM\n"
        return header + b"".join(b"%d;%d;Lost;12;;;;\n" % (i, i) for i in range(1, count + 1))
    if kind == "padding-comment":  # a valid YAML comment of `count` bytes
        return b"# " + b"x" * (count - 3) + b"\n"
    if kind == "timing-rows":
        header = b"POSITION;NUMBER;STATUS;LAPS;TOTAL_TIME;GAP_FIRST;FL_TIME;TEAM;DRIVER_FIRSTNAME;DRIVER_SECONDNAME\n"
        return header + b"".join(b"%d;%d;Classified;12;;+1.000;1:30.000;T;A;B\n" % (i, i) for i in range(1, count + 1))
    if kind == "long-field":
        return b"POSITION;NUMBER;STATUS;LAPS;TOTAL_TIME;GAP_FIRST;FL_TIME;TEAM\n1;2;Classified;12;18:05.123;;1:30.000;" + b"T" * count + b"\n"
    raise AssertionError(kind)


def _apply(edit: dict, case: Path, work: Path) -> None:
    if "symlink" in edit:  # replace a folder or file by a link to a moved copy of it
        link, target = work / edit["symlink"], work / edit["to"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(link, target)
        link.symlink_to(target, target_is_directory=target.is_dir())
        return
    path = work / edit["file"]
    if "generate" in edit:
        content = _generate(edit["generate"], edit["count"])
        path.write_bytes(path.read_bytes() + content if edit.get("append") else content)
    elif "append_file" in edit:
        path.write_bytes(path.read_bytes() + (case / edit["append_file"]).read_bytes())
    elif "copy_file" in edit:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((case / edit["copy_file"]).read_bytes())
    elif "encoding" in edit:
        path.write_bytes(path.read_text(encoding="utf-8").encode(edit["encoding"]))
    else:
        text = path.read_bytes().decode("utf-8")
        assert text.count(edit["replace"]) == 1, f"{edit['replace']!r} should occur once in {path}"
        path.write_bytes(text.replace(edit["replace"], edit["with"]).encode("utf-8"))


def _args(args: list, work: Path) -> list[str]:
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    return [str(a).replace("{work}", str(work)).replace("{tomorrow}", tomorrow) for a in args]


# The child's own peak is its VmHWM at exit: ru_maxrss (wait4, RUSAGE_CHILDREN) also counts the
# pages of the test process it was forked from, up to exec (Linux keeps the pre-exec high-water mark).
MEASURED_CHILD = f"""
import atexit, os, resource, runpy, sys

resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE}, {ADDRESS_SPACE}))
def record_peak():
    with open("/proc/self/status") as status:
        kilobytes = next(line for line in status if line.startswith("VmHWM:")).split()[1]
    with open(os.environ["PRESSGEN_TEST_PEAK"], "w") as out:
        out.write(kilobytes)
atexit.register(record_peak)
sys.argv = ["pressgen", *sys.argv[1:]]
runpy.run_module("generator", run_name="__main__", alter_sys=True)
"""


def run_measured(args: list[str], cwd: Path, timeout: float) -> tuple[int, str, str, float, float]:
    """Exit code, stdout, stderr, seconds and peak megabytes of `pressgen args` in a child process."""
    peak_file = cwd / ".peak"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PRESSGEN_TEST_PEAK": str(peak_file)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        child = subprocess.Popen([sys.executable, "-c", MEASURED_CHILD, *args], cwd=cwd, stdout=out, stderr=err, env=env)
        try:
            code = child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            pytest.fail(f"pressgen {' '.join(args)} ran past {timeout} s (a hang)")
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        peak = int(peak_file.read_text()) / 1024 if peak_file.exists() else float("inf")  # no figure: it died
        return code, out.read().decode("utf-8"), err.read().decode("utf-8"), seconds, peak


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_gets_a_clear_error_within_bounds(case: Path, tmp_path: Path):
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    work = tmp_path / "work"
    shutil.copytree(SEASONS / spec.get("season", "2025-demo-cup"), work / "seasons" / spec.get("season", "2025-demo-cup"))
    for step in spec.get("setup", []):
        done = subprocess.run([sys.executable, "-m", "generator", *_args(step, work)], cwd=work, capture_output=True)
        assert done.returncode == 0, done.stderr.decode()
    for edit in spec.get("edits", []):
        _apply(edit, case, work)
    kept = {name: (work / name).read_bytes() for name in spec.get("unchanged", [])}

    code, out, err, seconds, megabytes = run_measured(_args(spec["run"], work), work, timeout=120)

    assert "Traceback" not in err and "internal error" not in err, err
    assert code == spec["exit"], err
    if "stderr" in spec:
        assert err.splitlines() == _args(spec["stderr"], work)
    if "stderr_lines" in spec:
        assert len(err.splitlines()) == spec["stderr_lines"] and err.splitlines()[-1] == spec["stderr_last"]
    if "stdout" in spec:
        assert out.splitlines() == _args(spec["stdout"], work)
    assert seconds < spec["seconds"], f"took {seconds:.1f} s"
    print(f"{case.name}: {seconds:.2f} s, {megabytes:.0f} MB")  # shown with -s
    assert megabytes < spec["megabytes"], f"peaked at {megabytes:.0f} MB"
    for name, content in kept.items():  # no data lost or half-written
        assert (work / name).read_bytes() == content, name


def test_every_finding_has_a_case():
    findings = {yaml.safe_load((c / "case.yaml").read_text(encoding="utf-8"))["finding"] for c in CASES}
    assert findings >= {1, 2, 3, 4, 9, 10, 11, 15, 16}


@pytest.mark.parametrize("out, refused", [
    ("seasons/2025-demo-cup/rounds", True),  # a fake round
    ("seasons/2025-demo-cup", True),
    ("seasons", True),  # seasons/2025-demo-cup/... would be written into the season itself
    ("output", False),
    (".", False),  # ./2025-demo-cup/ is not the season folder
    ("seasons/releases", False),  # beside the seasons: no season.yaml there, never loaded
])
def test_out_and_archive_may_not_overlap_a_season(tmp_path, out, refused):
    from generator.errors import UsageError
    from generator.output import refuse_overlap

    shutil.copytree(SEASONS / "2025-demo-cup", tmp_path / "seasons" / "2025-demo-cup")
    for seasons_path in (tmp_path / "seasons", tmp_path / "seasons" / "2025-demo-cup"):
        if refused:
            with pytest.raises(UsageError, match="overlaps the seasons"):
                refuse_overlap(tmp_path / out, "--out", seasons_path)
        else:
            refuse_overlap(tmp_path / out, "--out", seasons_path)
