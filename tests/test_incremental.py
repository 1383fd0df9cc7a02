"""Incremental and parallel builds: what a rebuild writes again, and what it must leave alone.

"Written again" is read from the file system: every write replaces the file by a rename, so a
rewritten file has a new inode; a file left alone keeps its inode and modification time.
"""

import io
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench.corpus import round_id, season_id, write_corpus
from generator.build import BuildRequest, build
from generator.errors import DataError
from generator.incremental import STATE_FILE
from generator.progress import Bar, Lines, Silent, for_terminal

from .conftest import MONZA_SEASON, ROOT, edit

TEXT_FORMATS = ("html", "text")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Two synthetic seasons of five rounds, eight cars."""
    return write_corpus(tmp_path / "seasons", seasons=2, rounds=5, cars=8)[0].parent


def snapshot(out: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}


def rewritten(before: dict, after: dict) -> set[str]:
    assert before.keys() == after.keys()
    return {name for name in after if after[name] != before[name]}


def swap_first_two_finishers(round_file: Path) -> None:
    data = yaml.safe_load(round_file.read_text(encoding="utf-8"))
    results = data["races"][0]["results"]
    results[0]["driver"], results[1]["driver"] = results[1]["driver"], results[0]["driver"]
    round_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def round_files(season: str, number: int) -> set[str]:
    r = round_id(number)
    return {f"{season}/{r}/{r}-{lang}{suffix}" for lang in ("fr", "en") for suffix in (".html", ".txt")} | {
        f"{season}/{r}/manifest.json"
    }


def test_editing_round_3_rebuilds_rounds_3_to_5_of_that_season_and_nothing_else(corpus, tmp_path):
    out = tmp_path / "out"
    build(BuildRequest(corpus, out, formats=TEXT_FORMATS))
    before = snapshot(out)
    old_round_5 = (out / season_id(1) / round_id(5) / f"{round_id(5)}-en.html").read_text(encoding="utf-8")
    swap_first_two_finishers(corpus / season_id(1) / "rounds" / round_id(3) / "round.yaml")

    report = build(BuildRequest(corpus, out, formats=TEXT_FORMATS))

    # The season index is rendered again, but a result does not change it (rounds, dates, links):
    # indexes are fingerprinted by their content, so its bytes are not rewritten.
    expected = round_files(season_id(1), 3) | round_files(season_id(1), 4) | round_files(season_id(1), 5)
    expected |= {STATE_FILE}
    assert rewritten(before, snapshot(out)) == expected
    assert sorted(p.relative_to(out.resolve()).as_posix() for p in report.files) == sorted(expected - {STATE_FILE})
    # the standings after round 5 moved: the rebuilt page is not the old one
    assert (out / season_id(1) / round_id(5) / f"{round_id(5)}-en.html").read_text(encoding="utf-8") != old_round_5


def test_editing_a_translation_rebuilds_that_release_alone(corpus, tmp_path):
    out = tmp_path / "out"
    build(BuildRequest(corpus, out, formats=TEXT_FORMATS))
    before = snapshot(out)
    edit(corpus / season_id(2) / "rounds" / round_id(2) / "en.yaml", "Next round soon.", "Next round very soon.")
    build(BuildRequest(corpus, out, formats=TEXT_FORMATS))
    r = round_id(2)
    assert rewritten(before, snapshot(out)) == {
        f"{season_id(2)}/{r}/{r}-en.html", f"{season_id(2)}/{r}/{r}-en.txt", f"{season_id(2)}/{r}/manifest.json", STATE_FILE,
    }


def test_a_build_with_nothing_changed_writes_nothing(corpus, tmp_path):
    out = tmp_path / "out"
    build(BuildRequest(corpus, out, formats=TEXT_FORMATS))
    before = snapshot(out)
    report = build(BuildRequest(corpus, out, formats=TEXT_FORMATS))
    assert report.files == ()
    assert len(report.unchanged) == 2 * 5 * (4 + 1) + 2 + 1  # releases' files and manifests, 2 season indexes, 1 index
    assert rewritten(before, snapshot(out)) == set()


def test_a_deleted_or_altered_output_is_written_again_and_only_it(corpus, tmp_path):
    out = tmp_path / "out"
    build(BuildRequest(corpus, out, formats=TEXT_FORMATS))
    deleted = out / season_id(2) / round_id(4) / f"{round_id(4)}-fr.html"
    altered = out / season_id(1) / round_id(1) / f"{round_id(1)}-en.txt"
    deleted_bytes, altered_bytes = deleted.read_bytes(), altered.read_bytes()
    deleted.unlink()
    altered.write_bytes(altered_bytes.replace(b"Synthetic", b"Edited by hand"))
    before = snapshot(out)
    before[deleted.relative_to(out).as_posix()] = (0, 0)

    build(BuildRequest(corpus, out, formats=TEXT_FORMATS))

    names = {p.relative_to(out).as_posix() for p in (deleted, altered)}
    assert rewritten(before, snapshot(out)) == names  # the state is what it was: no need to write it
    assert (deleted.read_bytes(), altered.read_bytes()) == (deleted_bytes, altered_bytes)


def test_other_options_rebuild_what_they_change(corpus, tmp_path):
    out = tmp_path / "out"
    build(BuildRequest(corpus, out, formats=("html",)))
    before = snapshot(out)
    build(BuildRequest(corpus, out, formats=("html",), draft=True))
    assert {name for name in rewritten(before, snapshot(out)) if name.endswith("-fr.html")} == {
        f"{season_id(s)}/{round_id(r)}/{round_id(r)}-fr.html" for s in (1, 2) for r in range(1, 6)
    }


def test_a_failed_build_leaves_outputs_and_state_untouched(corpus, tmp_path):
    out = tmp_path / "out"
    build(BuildRequest(corpus, out, formats=TEXT_FORMATS))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    swap_first_two_finishers(corpus / season_id(1) / "rounds" / round_id(3) / "round.yaml")  # would rebuild
    edit(corpus / season_id(2) / "rounds" / round_id(2) / "en.yaml", "\nhighlights:", "\nhighlight:")  # but fails
    with pytest.raises(DataError):  # --strict: a round that is not ready fails the whole build
        build(BuildRequest(corpus, out, formats=TEXT_FORMATS, strict=True))
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_parallel_pdfs_are_the_bytes_of_a_serial_build(tmp_path):
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    build(BuildRequest(MONZA_SEASON, serial, jobs=1))
    build(BuildRequest(MONZA_SEASON, parallel, jobs=2))
    files = sorted(p.relative_to(serial) for p in serial.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(parallel) for p in parallel.rglob("*") if p.is_file())
    assert any(name.suffix == ".pdf" for name in files)
    for name in files:
        assert (serial / name).read_bytes() == (parallel / name).read_bytes(), name


NO_OP_PROBE = """
import sys
from generator.cli import main
code = main(sys.argv[1:])
print(code, sorted(m for m in ("weasyprint", "jinja2", "generator.render", "generator.schema") if m in sys.modules))
"""


def test_cli_progress_then_a_no_op_that_loads_neither_weasyprint_nor_the_templates(tmp_path):
    out = tmp_path / "out"
    args = ["build", str(MONZA_SEASON), "--out", str(out), "--jobs", "2"]
    first = subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    progress = [line for line in first.stderr.splitlines() if line.startswith("[")]
    warnings = [line for line in first.stderr.splitlines() if not line.startswith("[")]
    assert progress == [  # not a terminal: one line per PDF, in the order they finish
        f"[{n}/2] 2024-alpine-elf-cup/06-monza-{lang}.pdf" for n, lang in zip((1, 2), _finish_order(first.stderr), strict=True)
    ]
    assert [w.split(": warning: ")[1].split(" is partial")[0].split(" are partial")[0] for w in warnings] == [  # Monza's partial tables
        "06-monza race 1", "06-monza race 2", "06-monza: the standings after the round"]
    assert first.stdout == f"wrote 7 files under {out}\n"

    again = subprocess.run([sys.executable, "-c", NO_OP_PROBE, *args, "--quiet"], cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert again.stderr.splitlines() == warnings  # the recorded warnings, said again
    assert again.stdout == f"wrote 0 files under {out} (7 up to date)\n0 []\n"


def _finish_order(stderr: str) -> list[str]:
    return ["fr" if "-fr.pdf" in line else "en" for line in stderr.splitlines() if line.startswith("[")]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("stream, quiet, kind", [(io.StringIO, False, Lines), (io.StringIO, True, Silent), (Terminal, False, Bar)])
def test_the_progress_display_suits_where_it_goes(stream, quiet, kind):
    target = stream()
    progress = for_terminal(quiet, target)
    assert type(progress) is kind
    progress.start(2, "PDF")
    progress.advance("2031-synthetic-cup/01-test-circuit-01-fr.pdf")
    progress.advance("2031-synthetic-cup/01-test-circuit-01-en.pdf")
    progress.finish()
    expected = {
        Lines: "[1/2] 2031-synthetic-cup/01-test-circuit-01-fr.pdf\n[2/2] 2031-synthetic-cup/01-test-circuit-01-en.pdf\n",
        Silent: "",
    }
    if kind is Bar:
        assert "2/2" in target.getvalue() and "01-test-circuit-01-en.pdf" in target.getvalue()
    else:
        assert target.getvalue() == expected[kind]
