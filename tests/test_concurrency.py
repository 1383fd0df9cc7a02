"""Concurrent and interrupted runs, with the interleaving forced through the fault-injection points
of generator/faults.py (a run pauses at a named point until the test lets it go, or dies there),
never by sleeping and hoping: two publishes, two builds, a publish killed between the rename of its
version folder and the index, and incremental builds of a season whose round folder is a link."""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.commands.build import run_build
from generator.request import BuildRequest

from .conftest import ROOT, SEASONS

pytestmark = pytest.mark.slow  # child processes, each under its bounds

DEADLINE = 120  # seconds any awaited event may take on a loaded machine (a hang fails, not blocks)
SEASON = "2025-demo-cup"
ROUND = "02-bravo"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(SEASONS / SEASON, tmp_path / "seasons" / SEASON)
    return tmp_path


def start(args: list[str], work: Path, fault: str | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PRESSGEN_FAULT", None)
    if fault:
        env["PRESSGEN_FAULT"] = fault
    return subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=work, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for(condition, what: str) -> None:
    """Poll for an event another process brings about (bounded: a run that never gets there fails)."""
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"never happened: {what}")
        time.sleep(0.02)


def wait_for_line(process: subprocess.Popen, text: str) -> str:
    """Read the process's stderr until a line holding `text`, within the deadline."""
    deadline = time.monotonic() + DEADLINE
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([process.stderr], [], [], left)
        line = process.stderr.readline() if ready else ""
        if text in line:
            return line
        if ready and not line:
            break  # the run ended
    process.kill()
    pytest.fail(f"the run never said {text!r}")


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=DEADLINE)
    return process.returncode, out, err


def publish_args(work: Path, date: str = "2025-05-19") -> list[str]:
    return ["publish", f"seasons/{SEASON}", "--round", ROUND, "--date", date, "--archive", str(work / "archive")]


def assert_complete(version: Path) -> None:
    """Every file the manifest lists is there with its SHA-256, and nothing else is."""
    import hashlib

    manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["name"]: f["sha256"] for f in manifest["files"]}
    present = {p.relative_to(version).as_posix() for p in version.rglob("*") if p.is_file()} - {"manifest.json"}
    assert present == set(listed)
    for name, sha256 in listed.items():
        assert hashlib.sha256((version / name).read_bytes()).hexdigest() == sha256, name


def test_a_second_publish_waits_for_the_first_and_finds_nothing_new(work):
    first = start(publish_args(work), work, fault=f"publish-locked:pause:{work / 'go'}")
    wait_for((work / "go.reached").exists, "the first publish holds the archive")
    second = start(publish_args(work), work)
    assert "waiting: another pressgen run is writing the archive of 2025-demo-cup" in wait_for_line(second, "waiting")
    (work / "go").touch()
    code, out, err = finish(first)
    assert code == 0, err
    assert out.startswith(f"published {SEASON}/{ROUND} version 1 of 2025-05-19")
    code, out, err = finish(second)
    assert code == 0, err
    assert out.splitlines() == [f"{SEASON}/{ROUND}: nothing changed since version 1 of 2025-05-19; no new version"]
    round_folder = work / "archive" / SEASON / ROUND
    assert sorted(p.name for p in round_folder.iterdir()) == ["v1"]  # no temporary folder left, no v2
    assert_complete(round_folder / "v1")
    assert sorted(p.name for p in (work / "archive" / SEASON).iterdir()) == [ROUND, "index.html"]  # nothing else left


def test_a_publish_killed_before_its_index_is_repaired_by_the_next(work):
    code, _, err = finish(start(publish_args(work), work))
    assert code == 0, err
    round_file = work / "seasons" / SEASON / "rounds" / ROUND / "round.yaml"
    round_file.write_text(round_file.read_text(encoding="utf-8").replace('{car: 1, gap: "1.000"}', '{car: 1, gap: "1.100"}'),
                          encoding="utf-8")
    killed = start(publish_args(work, "2025-05-20"), work, fault="publish-renamed:die")
    code, _, err = finish(killed)
    assert code == 137, err
    index = work / "archive" / SEASON / "index.html"
    assert_complete(work / "archive" / SEASON / ROUND / "v2")  # the version is whole...
    assert f"{ROUND}/v2/" not in index.read_text(encoding="utf-8")  # ...but the index does not list it

    code, out, err = finish(start(publish_args(work, "2025-05-20"), work))
    assert code == 0, err
    assert out.splitlines() == [
        f"{SEASON}/{ROUND}: nothing changed since version 2 of 2025-05-20; no new version",
        f"repaired {index}: it did not list every published version",
    ]
    assert f"{ROUND}/v2/" in index.read_text(encoding="utf-8")


def test_a_second_build_into_the_same_folder_waits_then_finds_it_up_to_date(work):
    args = ["build", f"seasons/{SEASON}", "--round", ROUND, "--format", "html", "--out", str(work / "out"), "--quiet"]
    first = start(args, work, fault=f"build-locked:pause:{work / 'go'}")
    wait_for((work / "go.reached").exists, "the first build holds the output folder")
    second = start(args, work)
    assert "waiting: another pressgen run is writing this output folder" in wait_for_line(second, "waiting")
    (work / "go").touch()
    code, out, err = finish(first)
    assert code == 0, err
    # two web pages, the manifest, the 2 photos' web and full-resolution copies, two indexes
    assert out.splitlines()[-1] == f"wrote 9 files under {work / 'out'}"
    code, out, err = finish(second)
    assert code == 0, err
    assert out.splitlines()[-1] == f"wrote 0 files under {work / 'out'} (9 up to date)"
    assert not list((work / "out").rglob("*.tmp"))


def test_an_edit_in_a_round_folder_that_is_a_link_is_built_again(work):
    """The round folder lives elsewhere (a shared drive, say) and is linked into the season."""
    linked = work / "seasons" / SEASON / "rounds" / ROUND
    elsewhere = work / "elsewhere" / ROUND
    elsewhere.parent.mkdir()
    shutil.move(linked, elsewhere)
    linked.symlink_to(elsewhere, target_is_directory=True)
    request = BuildRequest(work / "seasons" / SEASON, work / "out", ROUND, formats=("text",))
    first = run_build(request, quiet=True)
    assert first.files
    page = next(p for p in first.files if p.name == f"{ROUND}-en.txt")
    before = page.read_text(encoding="utf-8")

    round_file = elsewhere / "round.yaml"
    round_file.write_text(round_file.read_text(encoding="utf-8").replace('{car: 1, gap: "1.000"}', '{car: 1, gap: "1.100"}'),
                          encoding="utf-8")
    second = run_build(request, quiet=True)
    assert page in second.files  # not "5 up to date"
    assert page.read_text(encoding="utf-8") != before
