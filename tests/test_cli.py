"""The command line, as a user runs it: output, exit codes, no traceback."""

import json
import shutil
import subprocess
import sys

from .conftest import MONZA_SEASON, ROOT, edit


def pressgen(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, capture_output=True, text=True)


def test_standings_json_prints_the_published_leaders():
    done = pressgen("standings", MONZA_SEASON, "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["rows"]
    assert [(r["position"], r["driver"], r["team"], r["points"], r["wins"]) for r in rows[:5]] == [
        (1, "Charles Roussanne", "VPS Racing", 223, 7),
        (2, "Léo Jousset", "Race Cars Consulting", 194, 4),
        (3, "Lukas Papin", "Schumacher CLRT", 114, None),
        (4, "Thibaut Bossy", "Herrero Racing", 79, None),
        (5, "Florian Coruble", "Chazel Technologie Course Junior", 72, None),
    ]


def test_standings_after_race_1():
    done = pressgen("standings", MONZA_SEASON, "--after", "06-monza", "--race", "1", "--json")
    assert done.returncode == 0, done.stderr
    assert [r["points"] for r in json.loads(done.stdout)["rows"]] == [205, 169, 99, 72, 71]


def test_validate_passes_on_the_bundled_seasons():
    done = pressgen("validate")
    assert (done.returncode, done.stdout.splitlines()) == (
        0, ["seasons/2024-alpine-elf-cup: ok (1 round)", "seasons/2025-coppa-demo: ok (1 round)",
            "seasons/2025-demo-cup: ok (3 rounds)", "seasons/2025-puchar-demo: ok (1 round)"],
    )


def test_validate_fails_with_located_messages_and_no_traceback(season_copy):
    edit(season_copy / "rounds/06-monza/round.yaml", "laps: 12", "laps: douze")
    done = pressgen("validate", season_copy.parent)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        f"{season_copy}/rounds/06-monza/round.yaml:10:11: races[0].laps: error: "
        "Input should be a valid integer, unable to parse string as an integer (found 'douze')"
    )


def test_unknown_round_is_a_usage_error():
    done = pressgen("standings", MONZA_SEASON, "--after", "07-imola")
    assert (done.returncode, done.stderr) == (
        2, "2024-alpine-elf-cup: no round '07-imola' in the calendar (rounds with results: 06-monza)\n",
    )


def test_race_alone_means_that_race_of_the_latest_round():
    alone = pressgen("standings", MONZA_SEASON, "--race", "1", "--json")
    assert alone.returncode == 0, alone.stderr
    assert json.loads(alone.stdout)["after"] == {"round": "06-monza", "race": 1}
    assert [r["points"] for r in json.loads(alone.stdout)["rows"]] == [205, 169, 99, 72, 71]  # as --after 06-monza --race 1
    done = pressgen("standings", MONZA_SEASON, "--race", "3")
    assert (done.returncode, done.stderr) == (2, "2024-alpine-elf-cup: 06-monza has no race 3 (its races: 1, 2)\n")


def test_a_round_before_the_snapshot_gets_a_message_that_does_not_contradict_validate():
    done = pressgen("standings", MONZA_SEASON, "--after", "05-le-castellet")
    assert (done.returncode, done.stderr) == (2, (
        "2024-alpine-elf-cup: 05-le-castellet comes before the standings snapshot the data starts from "
        "(season.yaml, snapshot: before 06-monza); results are computed from 06-monza on "
        "(rounds with results: 06-monza); name one of those\n"
    ))


def test_a_round_of_the_calendar_without_data_says_how_to_add_it(tmp_path):
    demo = tmp_path / "2025-demo-cup"
    shutil.copytree(ROOT / "seasons/2025-demo-cup", demo)
    shutil.rmtree(demo / "rounds/03-charlie")
    done = pressgen("standings", demo, "--after", "03-charlie")
    assert (done.returncode, done.stderr) == (2, (
        "2025-demo-cup: 03-charlie has no results in the data yet; create it with `pressgen new-round` "
        "and fill it (`pressgen import-results`) (rounds with results: 01-alpha, 02-bravo)\n"
    ))


def test_missing_season_folder(tmp_path):
    done = pressgen("validate", tmp_path)
    assert (done.returncode, done.stderr.strip()) == (2, f"{tmp_path}: no season.yaml here, and no season folder holding one")


def test_category_and_team_standings_json():
    done = pressgen("standings", "seasons/2025-demo-cup", "--teams", "--json")
    assert done.returncode == 0, done.stderr
    table = json.loads(done.stdout)
    assert (table["table"], [(r["team"], r["points"]) for r in table["rows"]]) == (
        "teams", [("Azur Racing", 51), ("Cyan Team", 39), ("Bleu Motorsport", 32)],
    )
    done = pressgen("standings", "seasons/2025-demo-cup", "--category", "gentlemen", "--json")
    assert [(r["driver"], r["points"]) for r in json.loads(done.stdout)["rows"]] == [("Dan Duval", 14), ("Gus Garnier", 13)]


def test_category_standings_need_the_whole_season():
    done = pressgen("standings", MONZA_SEASON, "--category", "juniors")
    assert (done.returncode, done.stderr.strip()) == (
        2, "2024-alpine-elf-cup starts from a drivers' standings snapshot before 06-monza: its category standings are not in the data",
    )
