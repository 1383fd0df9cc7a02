"""`pressgen import-results`: timing exports into round.yaml, on a copy of the demo season.

The fixtures in tests/fixtures/timing/ are written by hand: bravo-race-1.csv is the demo's 02-bravo
race 1 as a provider would export it at the flag (UTF-8 with a BOM, CRLF, a `1 Lap` gap);
bravo-race-2-cp1252.csv its race 2 after the stewards (Windows-1252, DNF, DNS, DSQ listed last, gaps
to the new first car); bravo-race-1-plain.csv race 1 in the plain CSV; mismatches.csv one mistake per
line. Expected rows, positions and messages are worked by hand.
"""

import shutil
from pathlib import Path

import pytest

from generator.classify import Gap
from generator.commands.import_results import ImportRequest, import_results
from generator.errors import DataError, UsageError
from generator.load import load_and_compute

from .conftest import SEASONS, edit

TIMING = Path(__file__).parent / "fixtures" / "timing"
RACE_1_ROWS = '''    results:
      - {car: 2}
      - {car: 1, gap: "1.000"}
      - {car: 7, gap: "1.500"}
      - {car: 3, gap: "3.000", best_lap: "1:30.100"}
      - {car: 5, gap: "8.000"}
      - {car: 4, gap: "9.000"}
      - {car: 6, laps: 11}
'''
IMPORTED_RACE_1 = '''    results:
      - {car: 2, time: "18:05.123", best_lap: "1:30.412"}
      - {car: 1, gap: "1.000", best_lap: "1:30.388"}
      - {car: 7, gap: "1.500", best_lap: "1:30.950"}
      - {car: 3, gap: "3.000", best_lap: "1:30.100"}
      - {car: 5, gap: "8.000", best_lap: "1:30.700"}
      - {car: 4, gap: "9.000", best_lap: "1:31.240"}
      - {car: 6, laps: 11, best_lap: "1:32.010"}
'''


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A copy of the demo season whose 02-bravo race 1 has no results yet."""
    target = tmp_path / "2025-demo-cup"
    shutil.copytree(SEASONS / "2025-demo-cup", target)
    edit(target / "rounds/02-bravo/round.yaml", RACE_1_ROWS, "    results: []\n")
    return target


def run(demo: Path, name: str, session: str = "race-1", **options) -> list[str]:
    return import_results(ImportRequest(TIMING / name, demo, "02-bravo", session, **options))


def classification(demo: Path, race: int):
    [(_, results)] = load_and_compute(demo)
    return results.classifications["02-bravo"][race - 1]


def round_text(demo: Path) -> str:
    return (demo / "rounds/02-bravo/round.yaml").read_text(encoding="utf-8")


def test_importing_race_1_reproduces_its_classification(demo):
    lines = run(demo, "bravo-race-1.csv")
    assert lines == [f"{demo}/rounds/02-bravo/round.yaml: wrote 7 result rows of race 1; results_complete: true (every car that took part is listed; --partial if not)"]
    # Ana +5 s: 1.000 + 5 = 6.000, behind Chloé's 3.000; Gus moved back 2 places from 2nd on times
    # (his road gap, 1.500, would sit below Ana's 6.000: no gap is printed).
    race = classification(demo, 1)
    assert [(r.position, r.driver, r.gap) for r in race.rows] == [
        (1, "Ben Brooks", None),
        (2, "Chloé Carrel", Gap(ms=3000)),
        (3, "Ana Alves", Gap(ms=6000)),
        (4, "Gus Garnier", Gap()),  # moved back after the race: his 1.500 would sit below Ana's 6.000
        (5, "Eva Esteve", Gap(ms=8000)),
        (6, "Dan Duval", Gap(ms=9000)),
        (7, "Finn Faure", Gap(laps=1)),
    ]
    assert (race.fastest_lap.driver, race.fastest_lap.ms) == ("Chloé Carrel", 90100)


def test_rows_are_written_in_place_in_the_house_layout(demo):
    before = round_text(demo)
    run(demo, "bravo-race-1.csv")
    assert round_text(demo) == before.replace("    results: []\n", IMPORTED_RACE_1)


def test_the_plain_csv_writes_the_same_rows(demo):
    before = round_text(demo)
    run(demo, "bravo-race-1-plain.csv")
    assert round_text(demo) == before.replace("    results: []\n", IMPORTED_RACE_1)


def test_race_2_in_windows_1252_with_dnf_dns_dsq(demo):
    run(demo, "bravo-race-1.csv")
    lines = run(demo, "bravo-race-2-cp1252.csv", session="race-2")
    assert lines[0] == f"{TIMING}/bravo-race-2-cp1252.csv:8: warning: not UTF-8 text: read as Windows-1252 (cp1252)"
    assert '''      - {car: 7, status: retired, laps: 10, best_lap: "1:31.000"}
      - {car: 6, status: not_started}
      - {car: 3, status: disqualified, laps: 12, best_lap: "1:29.900"}
''' in round_text(demo)
    race = classification(demo, 2)
    # As published: Gus retired with 10 of 12 laps (>= 9 for 75%) is classified 5th.
    assert [(r.position, r.driver, r.status) for r in race.rows] == [
        (1, "Eva Esteve", "classified"), (2, "Ben Brooks", "classified"), (3, "Dan Duval", "classified"),
        (4, "Ana Alves", "classified"), (5, "Gus Garnier", "classified"),
        (None, "Finn Faure", "not_started"), (None, "Chloé Carrel", "disqualified"),
    ]


def test_qualifying_order_and_times(demo):
    lines = run(demo, "bravo-qualifying-1.csv", session="qualifying-1")
    assert lines == [
        f"{TIMING}/bravo-qualifying-1.csv:6: STATUS: warning: car 5 is not classified by the provider: "
        "imported as finished (it took the flag); pressgen's classification rule decides",
        f"{demo}/rounds/02-bravo/round.yaml: wrote 5 qualifying rows of race 1",
    ]
    assert '''    qualifying:
      - {car: 1, time: "1:29.000"}
      - {car: 2, time: "1:29.150"}
      - {car: 3, time: "1:29.400"}
      - {car: 6, time: "1:29.910"}
      - {car: 5}
    results_complete: true
''' in round_text(demo)


def test_every_mismatch_is_reported_and_nothing_written(demo):
    before = round_text(demo)
    with pytest.raises(DataError) as caught:
        run(demo, "mismatches.csv")
    where = f"{TIMING}/mismatches.csv"
    assert [str(p) for p in caught.value.problems] == [
        f"{where}:3: NUMBER: error: car 9 is not in the entry list",
        f"{where}:4: TEAM: error: car 7 is entered by Cyan Team, not 'Bleu Motorsport'",
        f"{where}:5: DRIVER_FIRSTNAME: error: car 3 is Chloé Carrel's in the entry list, not 'Chloe CAREL' (did you mean 'Chloé Carrel'?)",
        f"{where}:6: FL_TIME: error: expected a time such as 2:08.346 or 1:02:03.456, found '1'30.700'",
        f"{where}:6: POSITION: error: position 4 is already on line 5",
        f"{where}:7: DRIVER_FIRSTNAME: error: car 5 is Eva Esteve's in the entry list, not 'Dan DUVAL' (did you mean 'Dan Duval'?)",
        f"{where}:7: GAP_FIRST: error: expected a gap such as +0.284, 1:02.345 or 1 Lap, found '+9,000'",
        f"{where}:7: NUMBER: error: car 5 is already on line 6",
        f"{where}:7: STATUS: error: unknown status 'Finish'; expected one of classified, finished, running, not classified, nc, "
        "retired, dnf, not started, did not start, dns, disqualified, dsq, excluded, exc (in any case)",
        f"{where}:7: TEAM: error: car 5 is entered by Cyan Team, not 'Bleu Motorsport'",
    ]
    assert round_text(demo) == before


def write_export(tmp_path: Path, *rows: str, header: str = "position,car,status,laps,time_or_gap,best_lap") -> Path:
    path = tmp_path / "export.csv"
    path.write_text("\n".join((header,) + rows) + "\n", encoding="utf-8")
    return path


def test_empty_laps_are_filled_from_the_first_car(demo):
    edit(demo / "rounds/02-bravo/round.yaml", "  - number: 1\n    laps: 12\n", "  - number: 1\n    laps:   # to fill\n")
    run(demo, "bravo-race-1.csv")
    assert "  - number: 1\n    laps: 12  # to fill\n" in round_text(demo)


def test_laps_that_differ_from_the_round_file_are_refused(demo, tmp_path):
    export = write_export(tmp_path, "1,2,finished,11,18:05.123,", "2,1,finished,11,+1.000,")
    with pytest.raises(DataError) as caught:
        import_results(ImportRequest(export, demo, "02-bravo", "race-1"))
    assert [str(p) for p in caught.value.problems] == [
        f"{export}:2: laps: error: the first car covered 11 laps; {demo}/rounds/02-bravo/round.yaml gives race 1 12",
    ]


def test_lap_gap_and_laps_must_agree(demo, tmp_path):
    export = write_export(tmp_path, "1,2,finished,12,18:05.123,", "2,1,finished,11,2 laps,", "3,3,finished,10,+4.000,")
    with pytest.raises(DataError) as caught:
        import_results(ImportRequest(export, demo, "02-bravo", "race-1"))
    assert [str(p) for p in caught.value.problems] == [
        f"{export}:3: laps: error: 11 laps, but time_or_gap puts car 1 2 lap(s) behind the first car's 12",
        f"{export}:4: time_or_gap: error: a time gap for car 3, which is 2 lap(s) down",
    ]


def test_a_time_gap_after_a_first_car_without_laps_is_refused_by_name(demo, tmp_path):
    """The first car's LAPS left empty: a car on fewer laps with a time gap cannot be placed (it
    once raised a TypeError subtracting from the missing count)."""
    export = write_export(tmp_path, "1,2,finished,,18:05.123,", "2,1,finished,11,+1.000,")
    with pytest.raises(DataError) as caught:
        import_results(ImportRequest(export, demo, "02-bravo", "race-1"))
    assert [str(p) for p in caught.value.problems] == [
        f"{export}:3: time_or_gap: error: a time gap for car 1, which is on 11 laps, the first car's not given",
    ]


def test_a_result_that_would_not_validate_is_not_written(demo, tmp_path):
    export = write_export(tmp_path, "1,1,finished,8,,1:29.400", "2,2,finished,8,,1:29.000")
    before = round_text(demo)
    with pytest.raises(DataError) as caught:
        import_results(ImportRequest(export, demo, "02-bravo", "qualifying-1"))
    assert [str(p) for p in caught.value.problems] == [
        f"{demo}/rounds/02-bravo/round.yaml:12:24: races[0].qualifying[1].time: error: "
        "not written: after the import, time is quicker than that of qualifying[0], listed ahead",
    ]
    assert round_text(demo) == before


def test_a_race_on_one_line_is_refused(demo):
    edit(demo / "rounds/02-bravo/round.yaml", "  - number: 2\n    laps: 12\n", "  - {number: 2, laps: 12, results: []}\n  - number: 3\n    laps: 12\n")
    with pytest.raises(DataError) as caught:
        run(demo, "bravo-race-2-cp1252.csv", session="race-2")
    assert str(caught.value) == (
        f"{demo}/rounds/02-bravo/round.yaml: races: error: race 2 is written on one line ({{...}}); "
        "write its fields one per line to import into it"
    )


def test_a_missing_race_is_refused(demo):
    with pytest.raises(DataError) as caught:
        run(demo, "bravo-race-1.csv", session="race-3")
    assert str(caught.value) == (
        f"{demo}/rounds/02-bravo/round.yaml: races: error: no race 3 in this file; add `- number: 3` with its `laps:` under races"
    )


@pytest.mark.parametrize("content, message", [
    (b"car;driver\n1;Ana\n", "export.csv:1: error: the header is neither a timing provider's "
     "(POSITION;NUMBER;STATUS;LAPS;GAP_FIRST;FL_TIME;...) nor the plain CSV's "
     "(position,car,status,laps,time_or_gap,best_lap); give --format"),
    (b"POSITION;NUMBER;STATUS;LAPS\n1;2;Classified;12\n", "export.csv:1: error: no column GAP_FIRST, FL_TIME in the header (provider format)"),
    (b"position,car,status,laps,time_or_gap,best_lap\n1,2,finished,12,18:05.123,\x81\n",
     "export.csv:2: error: neither UTF-8 nor Windows-1252 text; save it as UTF-8"),
])
def test_unreadable_exports(demo, tmp_path, content, message):
    export = tmp_path / "export.csv"
    export.write_bytes(content)
    with pytest.raises(DataError) as caught:
        import_results(ImportRequest(export, demo, "02-bravo", "race-1"))
    assert str(caught.value) == f"{tmp_path}/{message}"


@pytest.mark.parametrize("round_id, session, message", [
    ("02-bravo", "race1", "--session: expected race-N (its results) or qualifying-N (the qualifying of race N), found 'race1'"),
    ("02-brav", "race-1", "round '02-brav' is not in the calendar of 2025-demo-cup (did you mean '02-bravo'?)"),
])
def test_usage_errors(demo, round_id, session, message):
    with pytest.raises(UsageError) as caught:
        import_results(ImportRequest(TIMING / "bravo-race-1.csv", demo, round_id, session))
    assert str(caught.value) == message


def test_a_round_without_its_file_points_at_new_round(demo):
    shutil.rmtree(demo / "rounds/03-charlie")
    with pytest.raises(UsageError) as caught:
        import_results(ImportRequest(TIMING / "bravo-race-1.csv", demo, "03-charlie", "race-1"))
    assert str(caught.value) == (
        f"no {demo}/rounds/03-charlie/round.yaml; create the round with `pressgen new-round {demo} 03-charlie`"
    )


def test_the_command_line_exits_1_with_the_messages_and_no_traceback(demo):
    from .test_cli import pressgen

    done = pressgen("import-results", TIMING / "mismatches.csv", "--season", demo, "--round", "02-bravo", "--session", "race-1")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0] == f"{TIMING}/mismatches.csv:3: NUMBER: error: car 9 is not in the entry list"
    done = pressgen("import-results", TIMING / "bravo-race-1.csv", "--season", demo, "--round", "02-bravo", "--session", "race-1")
    assert (done.returncode, done.stdout) == (0, f"{demo}/rounds/02-bravo/round.yaml: wrote 7 result rows of race 1; results_complete: true (every car that took part is listed; --partial if not)\n")


# --- statuses, completeness, the Monday order ----------------------------------------------------------

PLAIN_HEADER = "position,car,status,laps,time_or_gap,best_lap"


@pytest.mark.parametrize("written, row", [
    ("Classified", '{car: 1, gap: "1.000"}'), ("FINISHED", '{car: 1, gap: "1.000"}'), ("running", '{car: 1, gap: "1.000"}'),
    ("Not classified", '{car: 1, gap: "1.000"}'), ("nc", '{car: 1, gap: "1.000"}'),
    ("Retired", "{car: 1, status: retired, laps: 12}"), ("DNF", "{car: 1, status: retired, laps: 12}"),
    ("Not started", "{car: 1, status: not_started}"), ("Did not start", "{car: 1, status: not_started}"),
    ("did_not_start", "{car: 1, status: not_started}"), ("DNS", "{car: 1, status: not_started}"),
    ("Disqualified", "{car: 1, status: disqualified, laps: 12}"), ("dsq", "{car: 1, status: disqualified, laps: 12}"),
    ("Excluded", "{car: 1, status: disqualified, laps: 12}"), ("EXC", "{car: 1, status: disqualified, laps: 12}"),
])
@pytest.mark.parametrize("layout", ["provider", "csv"])
def test_status_spellings_of_both_formats(demo, tmp_path, written, row, layout):
    gap = "+1.000" if row.startswith('{car: 1, gap') else ""
    if layout == "csv":
        export = write_export(tmp_path, "1,2,Classified,12,18:05.123,", f"2,1,{written},12,{gap},")
    else:
        export = write_export(tmp_path, "1;2;Classified;12;18:05.123;;", f"2;1;{written};12;;{gap};",
                              header="POSITION;NUMBER;STATUS;LAPS;TOTAL_TIME;GAP_FIRST;FL_TIME")
    import_results(ImportRequest(export, demo, "02-bravo", "race-1"))
    assert f"      - {{car: 2, time: \"18:05.123\"}}\n      - {row}\n" in round_text(demo)


def test_an_unknown_status_of_the_plain_csv_lists_the_accepted_ones(demo, tmp_path):
    export = write_export(tmp_path, "1,2,,12,18:05.123,", "2,1,Out,12,,")
    with pytest.raises(DataError) as caught:
        import_results(ImportRequest(export, demo, "02-bravo", "race-1"))
    assert str(caught.value) == (
        f"{export}:3: status: error: unknown status 'Out'; expected one of (empty), classified, finished, running, "
        "not classified, nc, retired, dnf, not started, did not start, dns, disqualified, dsq, excluded, exc (in any case)"
    )


def test_a_race_import_marks_the_results_complete_unless_partial(demo):
    edit(demo / "rounds/02-bravo/round.yaml", "    results_complete: true\n    results: []\n", "    results: []\n")
    run(demo, "bravo-race-1.csv")
    # Race 1 had no results_complete: it is added at the end of the race; race 2's is as it was.
    assert "overtaking under yellow flags}}\n    results_complete: true\n  - number: 2\n" in round_text(demo)
    lines = run(demo, "bravo-race-1.csv", partial=True)
    assert lines == [f"{demo}/rounds/02-bravo/round.yaml: wrote 7 result rows of race 1; "
                     "results_complete: false (--partial: cars may be missing)"]
    assert "overtaking under yellow flags}}\n    results_complete: false\n  - number: 2\n" in round_text(demo)
    assert round_text(demo).count("results_complete: true") == 1
    assert classification(demo, 1).complete is False


def test_a_qualifying_import_leaves_results_complete_alone(demo):
    before = round_text(demo).count("results_complete")
    run(demo, "bravo-qualifying-1.csv", session="qualifying-1")
    assert round_text(demo).count("results_complete") == before


def test_importing_a_session_twice_changes_nothing(demo):
    run(demo, "bravo-race-1.csv")
    once = round_text(demo)
    run(demo, "bravo-race-1.csv")
    assert round_text(demo) == once
    run(demo, "bravo-race-1-plain.csv")
    assert round_text(demo) == once



def test_a_best_lap_typed_with_a_colon_for_the_point_is_refused(demo, tmp_path):
    # "1:32:611" read literally would be 1 h 32 min 611 s: seconds after a colon must be below 60.
    export = write_export(tmp_path, "1,2,finished,12,18:05.123,1:32:611", "2,1,finished,12,+1.000,1:32.700")
    with pytest.raises(DataError) as caught:
        import_results(ImportRequest(export, demo, "02-bravo", "race-1"))
    assert [str(p) for p in caught.value.problems] == [
        f"{export}:2: best_lap: error: expected a time such as 2:08.346 or 1:02:03.456, found '1:32:611'",
    ]
