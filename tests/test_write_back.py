"""Files written back into the seasons (translate import, import-results): checked as the file they
will become before they replace the old one, in the file's own line ends, through a symbolic link to
its target; and what no release may carry (long unbroken words) wraps in the PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.commands.import_results import ImportRequest, import_results
from generator.commands.translate import export, import_file
from generator.errors import DataError
from generator.loader import parse_yaml
from generator.output import write_back

from .conftest import ROOT, SEASONS

SEASON = "2025-demo-cup"
ROUND = "02-bravo"
TIMING = ROOT / "tests" / "fixtures" / "timing" / "bravo-race-1.csv"


@pytest.fixture
def season(tmp_path: Path) -> Path:
    target = tmp_path / "seasons" / SEASON
    shutil.copytree(SEASONS / SEASON, target)
    return target


def to_crlf(path: Path) -> bytes:
    content = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(content)
    return content


def move_behind_a_link(path: Path, elsewhere: Path) -> Path:
    elsewhere.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(path, elsewhere)
    path.symlink_to(elsewhere)
    return elsewhere


def test_import_results_keeps_crlf_line_ends(season):
    round_file = season / "rounds" / ROUND / "round.yaml"
    before = to_crlf(round_file)
    import_results(ImportRequest(TIMING, season, ROUND, "race-1"))
    after = round_file.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n") > 30  # every line still ends in CRLF
    header = before.split(b"races:")[0]
    assert after.startswith(header)  # the lines before the races, byte for byte


def test_import_results_writes_through_a_link_to_its_target(season, tmp_path):
    round_file = season / "rounds" / ROUND / "round.yaml"
    target = move_behind_a_link(round_file, tmp_path / "shared" / "round.yaml")
    before = target.read_text(encoding="utf-8")
    import_results(ImportRequest(TIMING, season, ROUND, "race-1"))
    assert round_file.is_symlink() and round_file.resolve() == target.resolve()
    assert target.read_text(encoding="utf-8") != before


def test_translate_import_keeps_crlf_and_the_link(season, tmp_path):
    prose = season / "rounds" / ROUND / "en.yaml"
    to_crlf(prose)
    target = move_behind_a_link(prose, tmp_path / "shared" / "en.yaml")
    exchange = tmp_path / "en.po"
    export(season, ROUND, "en", "po", exchange)
    text = exchange.read_text(encoding="utf-8")
    exchange.write_text(text.replace('msgstr "Demonstration release: made-up data"', 'msgstr "Demo release: made-up data"'),
                        encoding="utf-8")
    import_file(exchange, season.parent)
    assert prose.is_symlink() and prose.resolve() == target.resolve()
    written = target.read_bytes()
    assert b'headline: "Demo release: made-up data"\r\n' in written
    assert written.count(b"\n") == written.count(b"\r\n")


def test_a_file_that_would_not_load_is_not_written(tmp_path):
    path = tmp_path / "en.yaml"
    path.write_bytes(b'headline: "as it was"\n')
    with pytest.raises(DataError) as caught:
        write_back(path, 'headline: "broken\n', parse_yaml)
    assert "invalid YAML" in str(caught.value)
    assert path.read_bytes() == b'headline: "as it was"\n'
    assert [p.name for p in tmp_path.iterdir()] == ["en.yaml"]  # no temporary file left either


def test_a_quoted_header_is_read_like_a_plain_one(season, tmp_path):
    lines = TIMING.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    quoted = tmp_path / "quoted.csv"
    quoted.write_text(";".join(f'"{name}"' for name in lines[0].strip().split(";")) + "\n" + "".join(lines[1:]), encoding="utf-8")
    plain = season.parent.parent / "plain"
    shutil.copytree(season, plain / SEASON)
    import_results(ImportRequest(quoted, season, ROUND, "race-1"))
    import_results(ImportRequest(TIMING, plain / SEASON, ROUND, "race-1"))
    assert (season / "rounds" / ROUND / "round.yaml").read_bytes() == (plain / SEASON / "rounds" / ROUND / "round.yaml").read_bytes()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_a_300_character_word_wraps_in_the_pdf_instead_of_running_off_the_page(season, tmp_path):
    from generator.build import build
    from generator.request import BuildRequest

    word = "https://example.org/" + "".join(f"{i:03d}" for i in range(94))[:280]
    prose = season / "rounds" / ROUND / "en.yaml"
    text = prose.read_text(encoding="utf-8")
    prose.write_text(text.replace("None of the drivers, teams or circuits exists.", f"See {word} for more."), encoding="utf-8")
    report = build(BuildRequest(season, tmp_path / "out", ROUND, ("en",), ("pdf",)))
    pdf = next(p for p in report.files if p.suffix == ".pdf")
    extracted = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert len(word) == 300
    assert word in "".join(extracted.split())  # every character is on the page, over several lines
