"""`pressgen new-round`, on a copy of the demo season without its 03-charlie round (given two races)."""

import shutil
from pathlib import Path

import pytest

from generator.commands.import_results import ImportRequest, import_results
from generator.commands.new_round import new_round
from generator.commands.validate import validate
from generator.errors import DataError, UsageError
from generator.loader import load_yaml

from .conftest import SEASONS, edit

TIMING = Path(__file__).parent / "fixtures" / "timing"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    target = tmp_path / "2025-demo-cup"
    shutil.copytree(SEASONS / "2025-demo-cup", target)
    shutil.rmtree(target / "rounds/03-charlie")
    edit(target / "season.yaml", "{id: 03-charlie, venue: Charlie}", "{id: 03-charlie, venue: Charlie, races: 2}")
    return target


def test_creates_the_round_and_says_what_next(demo):
    folder = demo / "rounds/03-charlie"
    assert new_round(demo, "03-charlie") == [
        f"created {folder}/round.yaml",
        f"created {folder}/fr.yaml",
        f"created {folder}/en.yaml",
        f"created {folder}/pre-event.fr.yaml",
        f"created {folder}/pre-event.en.yaml",
        f"next: fill the empty fields, then run `pressgen validate {demo}` to list what is left",
    ]
    assert sorted(p.name for p in folder.iterdir()) == ["en.yaml", "fr.yaml", "pre-event.en.yaml", "pre-event.fr.yaml", "round.yaml"]
    # The pre-event prose is all comments: no pre-event release, and nothing for validate to report.
    assert all(line.startswith("#") for line in (folder / "pre-event.fr.yaml").read_text(encoding="utf-8").splitlines())


def test_round_file_has_the_entry_list_and_a_stub_per_race(demo):
    new_round(demo, "03-charlie")
    text = (demo / "rounds/03-charlie/round.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[2:10] == [
        "#   car 1   Ana Alves (Azur Racing)",
        "#   car 2   Ben Brooks (Azur Racing)",
        "#   car 3   Chloé Carrel (Bleu Motorsport)",
        "#   car 4   Dan Duval (Bleu Motorsport)",
        "#   car 5   Eva Esteve (Cyan Team)",
        "#   car 6   Finn Faure (Cyan Team)",
        "#   car 7   Gus Garnier (Cyan Team)",
        'circuit:                # required: the circuit\'s name (the calendar says only "Charlie")',
    ]
    # Nothing invented: no circuit, date or result; one race per race of the calendar.
    assert load_yaml(demo / "rounds/03-charlie/round.yaml").data == {
        "circuit": None, "dates": {"start": None, "end": None}, "release_date": None,
        "races": [{"number": 1, "laps": None, "qualifying": [], "results": [], "results_complete": False},
                  {"number": 2, "laps": None, "qualifying": [], "results": [], "results_complete": False}],
    }


def test_prose_files_are_valid_yaml_with_units_to_fill(demo):
    new_round(demo, "03-charlie")
    folder = demo / "rounds/03-charlie"
    assert load_yaml(folder / "fr.yaml").data == {
        "headline": None, "lead": None,
        "reports": {"race-1": {"title": None, "paragraphs": {}}, "race-2": {"title": None, "paragraphs": {}}},
    }
    assert load_yaml(folder / "en.yaml").data == {}  # nothing translated


def test_validate_lists_what_to_fill(demo):
    new_round(demo, "03-charlie")
    with pytest.raises(DataError) as caught:
        validate(demo)
    where = f"{demo}/rounds/03-charlie/round.yaml"
    assert [str(p) for p in caught.value.problems] == [
        f"{demo}/rounds/03-charlie/fr.yaml:2:10: headline: error: required field missing",
        f"{demo}/rounds/03-charlie/fr.yaml:7:11: reports.race-1.title: error: required field missing",
        f"{demo}/rounds/03-charlie/fr.yaml:10:11: reports.race-2.title: error: required field missing",
        f"{where}:10:9: circuit: error: left empty: fill it with the circuit's name",
        f"{where}:12:9: dates.start: error: left empty: fill it with the first day of the meeting, YYYY-MM-DD",
        f"{where}:13:7: dates.end: error: left empty: fill it with the last day of the meeting, YYYY-MM-DD",
        f"{where}:14:14: release_date: error: left empty: fill it with the date the release is sent, YYYY-MM-DD",
        f"{where}:17:10: races[0].laps: error: left empty: fill it with the winner's laps (`pressgen import-results` fills it)",
        f"{where}:22:10: races[1].laps: error: left empty: fill it with the winner's laps (`pressgen import-results` fills it)",
    ]


def test_import_results_fills_a_new_round(demo):
    new_round(demo, "03-charlie")
    import_results(ImportRequest(TIMING / "bravo-race-1.csv", demo, "03-charlie", "race-1"))
    lines = (demo / "rounds/03-charlie/round.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[15:27] == [
        "  - number: 1",
        "    laps: 12  # required: the winner's laps (`pressgen import-results` fills it)",
        '    qualifying: []      # in order, the pole first: - {car: 12, time: "2:06.894"}',
        "    results:",
        '      - {car: 2, time: "18:05.123", best_lap: "1:30.412"}',
        '      - {car: 1, gap: "1.000", best_lap: "1:30.388"}',
        '      - {car: 7, gap: "1.500", best_lap: "1:30.950"}',
        '      - {car: 3, gap: "3.000", best_lap: "1:30.100"}',
        '      - {car: 5, gap: "8.000", best_lap: "1:30.700"}',
        '      - {car: 4, gap: "9.000", best_lap: "1:31.240"}',
        '      - {car: 6, laps: 11, best_lap: "1:32.010"}',
        "    results_complete: true  # true once every car that took part is listed (import-results sets it)",
    ]
    assert lines[27] == "  - number: 2"


def test_an_existing_round_is_never_overwritten(demo):
    before = (demo / "rounds/02-bravo/round.yaml").read_bytes()
    with pytest.raises(UsageError) as caught:
        new_round(demo, "02-bravo")
    assert str(caught.value) == f"{demo}/rounds/02-bravo already exists; new-round never overwrites a round"
    assert (demo / "rounds/02-bravo/round.yaml").read_bytes() == before


def test_an_unknown_round_id_gets_a_suggestion(demo):
    with pytest.raises(UsageError) as caught:
        new_round(demo, "03-charly")
    assert str(caught.value) == "round '03-charly' is not in the calendar of 2025-demo-cup (did you mean '03-charlie'?)"
    assert not (demo / "rounds/03-charly").exists()


def test_the_command_line(demo):
    from .test_cli import pressgen

    done = pressgen("new-round", demo, "03-charlie")
    assert (done.returncode, done.stdout.splitlines()[-1]) == (
        0, f"next: fill the empty fields, then run `pressgen validate {demo}` to list what is left",
    )
    done = pressgen("new-round", demo, "03-charlie")
    assert (done.returncode, done.stderr) == (2, f"{demo}/rounds/03-charlie already exists; new-round never overwrites a round\n")
