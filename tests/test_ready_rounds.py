"""A round that is not ready never blocks the others: `build` builds every ready round and lists each
other one with its problems; `validate` lists every problem of every file in one run.

On copies of the bundled seasons; the expected messages, lines and columns are counted by hand in
the files as edited here.
"""

import json
import shutil
from pathlib import Path

import pytest

from generator.build import BuildRequest, build
from generator.commands.new_round import new_round
from generator.commands.validate import validate
from generator.errors import DataError

from .conftest import SEASONS, edit
from .test_cli import pressgen


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """The demo season with a fourth round in its calendar, scaffolded by new-round and left empty."""
    target = tmp_path / "seasons" / "2025-demo-cup"
    shutil.copytree(SEASONS / "2025-demo-cup", target)
    edit(target / "season.yaml", "  - {id: 03-charlie, venue: Charlie}\n",
         "  - {id: 03-charlie, venue: Charlie}\n  - {id: 04-delta, venue: Delta}\n")
    new_round(target, "04-delta")
    return target


def built_rounds(out: Path) -> list[str]:
    return sorted(p.name for p in (out / "2025-demo-cup").iterdir() if p.is_dir())


def test_a_scaffolded_round_leaves_the_others_built_with_its_problems_as_warnings(demo, tmp_path):
    out = tmp_path / "out"
    report = build(BuildRequest(demo, out, formats=("html",)))
    assert built_rounds(out) == ["01-alpha", "02-bravo", "03-charlie"]
    where = f"{demo}/rounds/04-delta"
    assert list(report.warnings) == [
        f"{where}: warning: round 04-delta not built: 7 problems (`pressgen validate` lists them; --strict makes them errors)",
        f"{where}/fr.yaml:2:10: headline: warning: required field missing",
        f"{where}/fr.yaml:7:11: reports.race-1.title: warning: required field missing",
        f"{where}/round.yaml:10:9: circuit: warning: left empty: fill it with the circuit's name",
        f"{where}/round.yaml:12:9: dates.start: warning: left empty: fill it with the first day of the meeting, YYYY-MM-DD",
        f"{where}/round.yaml:13:7: dates.end: warning: left empty: fill it with the last day of the meeting, YYYY-MM-DD",
        f"{where}/round.yaml:14:14: release_date: warning: left empty: fill it with the date the release is sent, YYYY-MM-DD",
        f"{where}/round.yaml:17:10: races[0].laps: warning: left empty: fill it with the winner's laps (`pressgen import-results` fills it)",
    ]
    assert (out / "2025-demo-cup/index.html").is_file()


def test_the_command_line_exits_0_and_prints_the_warnings(demo, tmp_path):
    done = pressgen("build", demo, "--format", "html", "--out", tmp_path / "out", "--quiet")
    assert done.returncode == 0, done.stderr
    assert f"{demo}/rounds/04-delta: warning: round 04-delta not built" in done.stderr
    assert done.stdout.startswith("wrote ")
    strict = pressgen("build", demo, "--format", "html", "--out", tmp_path / "strict", "--quiet", "--strict")
    assert strict.returncode == 1
    assert f"{demo}/rounds/04-delta/round.yaml:10:9: circuit: error: left empty: fill it with the circuit's name" in strict.stderr.splitlines()
    assert not (tmp_path / "strict").exists()


def test_building_the_unready_round_alone_exits_1_with_its_problems(demo, tmp_path):
    done = pressgen("build", demo, "--round", "04-delta", "--format", "html", "--out", tmp_path / "out", "--quiet")
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == f"{demo}/rounds/04-delta/fr.yaml:2:10: headline: error: required field missing"
    assert len(done.stderr.splitlines()) == 7
    assert not (tmp_path / "out").exists()


def test_building_a_ready_round_alone_succeeds(demo, tmp_path):
    report = build(BuildRequest(demo, tmp_path / "out", round_id="02-bravo", formats=("html",)))
    assert built_rounds(tmp_path / "out") == ["02-bravo"]
    assert report.warnings == ()


def test_a_round_whose_earlier_results_are_invalid_is_not_built(demo, tmp_path):
    edit(demo / "rounds/02-bravo/round.yaml", "release_date: 2025-05-19\n", "release_date:\n")
    report = build(BuildRequest(demo, tmp_path / "out", formats=("html",)))
    assert built_rounds(tmp_path / "out") == ["01-alpha"]
    assert f"{demo}/rounds/02-bravo/round.yaml:6:14: release_date: warning: left empty: fill it with the date the release is sent, YYYY-MM-DD" in report.warnings
    assert f"{demo}/rounds/03-charlie/round.yaml: warning: not ready: its standings count the results of 02-bravo, " \
           "which are not valid (see 02-bravo's problems)" in report.warnings
    with pytest.raises(DataError) as caught:
        build(BuildRequest(demo, tmp_path / "x", round_id="03-charlie", formats=("html",)))
    assert str(caught.value) == (f"{demo}/rounds/03-charlie/round.yaml: error: not ready: its standings count the "
                                 "results of 02-bravo, which are not valid (see 02-bravo's problems)")


def test_a_broken_prose_file_does_not_hold_back_the_rounds_after_it(demo, tmp_path):
    edit(demo / "rounds/02-bravo/fr.yaml", "headline:", "headlin:")
    build(BuildRequest(demo, tmp_path / "out", formats=("html",)))
    assert built_rounds(tmp_path / "out") == ["01-alpha", "03-charlie"]  # 03's standings need 02's results, not its prose


def test_a_scaffolded_round_before_the_snapshot_does_not_block_monza(season_copy, tmp_path):
    new_round(season_copy, "05-le-castellet")
    report = build(BuildRequest(season_copy, tmp_path / "out", round_id="06-monza", formats=("html",)))
    assert (tmp_path / "out/2024-alpine-elf-cup/06-monza/06-monza-fr.html").is_file()
    assert not any("05-le-castellet" in warning for warning in report.warnings)  # Monza's own partial tables only


def test_validate_reports_data_and_prose_problems_in_one_run(season_copy):
    edit(season_copy / "rounds/06-monza/round.yaml", "laps: 12", "laps: douze")
    edit(season_copy / "rounds/06-monza/fr.yaml", "headline:", "headlin:")
    with pytest.raises(DataError) as caught:
        validate(season_copy)
    assert [str(p).replace(f"{season_copy}/", "") for p in caught.value.problems] == [
        "rounds/06-monza/fr.yaml:2:10: headlin: error: unknown field (check its spelling against the README's data format)",
        "rounds/06-monza/round.yaml:10:11: races[0].laps: error: "
        "Input should be a valid integer, unable to parse string as an integer (found 'douze')",
    ]


def test_a_file_that_does_not_parse_leaves_the_others_checked(season_copy):
    path = season_copy / "rounds/06-monza/round.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("circuit:", "circuit: [", 1), encoding="utf-8")
    edit(season_copy / "rounds/06-monza/fr.yaml", "headline:", "headlin:")
    edit(season_copy / "season.yaml", "year: 2024", "year: 1800")
    with pytest.raises(DataError) as caught:
        validate(season_copy)
    assert [str(p).replace(f"{season_copy}/", "") for p in caught.value.problems] == [
        "rounds/06-monza/fr.yaml:2:10: headlin: error: unknown field (check its spelling against the README's data format)",
        "rounds/06-monza/round.yaml:4:8: error: invalid YAML: while parsing a flow sequence, expected ',' or ']', but got ':'",
        "season.yaml:5:7: year: error: Input should be greater than or equal to 1900 (found 1800)",
    ]


def test_standings_and_facts_read_the_ready_rounds(demo):
    done = pressgen("standings", demo, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["after"] == {"round": "03-charlie", "race": 1}
    done = pressgen("standings", demo, "--after", "04-delta")
    assert (done.returncode, done.stderr) == (2, (
        "2025-demo-cup: 04-delta has no valid results yet, or follows a round whose results are not valid: "
        "`pressgen validate` lists the problems (rounds with results: 01-alpha, 02-bravo, 03-charlie)\n"
    ))
    assert pressgen("facts", demo, "--round", "03-charlie").returncode == 0
    done = pressgen("facts", demo, "--round", "04-delta")
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == f"{demo}/rounds/04-delta/fr.yaml:2:10: headline: error: required field missing"


def test_publish_needs_only_its_round_ready(demo, tmp_path):
    import datetime as dt

    from generator.commands.publish import PublishRequest, publish

    report = publish(PublishRequest(demo, "02-bravo", dt.date(2025, 5, 19), tmp_path / "archive", accept_partial=True))
    assert report.folder == tmp_path / "archive/2025-demo-cup/02-bravo/v1"
    with pytest.raises(DataError) as caught:
        publish(PublishRequest(demo, "04-delta", dt.date(2025, 5, 19), tmp_path / "archive", accept_partial=True))
    assert str(caught.value).splitlines()[0] == f"{demo}/rounds/04-delta/fr.yaml:2:10: headline: error: required field missing"
    assert not (tmp_path / "archive/2025-demo-cup/04-delta").exists()
