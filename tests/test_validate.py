"""Validation: broken copies of the bundled season fail with every problem located."""

import pytest

from generator.commands.validate import validate
from generator.errors import DataError

from .conftest import MONZA_SEASON, edit


def messages(season_dir) -> list[str]:
    with pytest.raises(DataError) as caught:
        validate(season_dir)
    return [str(p).replace(str(season_dir) + "/", "") for p in caught.value.problems]


def test_bundled_season_is_valid():
    assert validate(MONZA_SEASON) == [f"{MONZA_SEASON}: ok (1 round)"]


ROUND = "rounds/06-monza/round.yaml"


@pytest.mark.parametrize(
    "file, old, new, expected",
    [
        (ROUND, '{driver: Louis Méric, gap: "1.236"}', '{driver: Louis Meric, gap: "1.236"}',
         f"{ROUND}:18:18: races[0].results[2].driver: error: 'Louis Meric' is not in the entry list "
         "(did you mean 'Louis Méric'?)"),
        (ROUND, 'time: "2:06.894"', "time: 2:06.894",
         f"{ROUND}:12:37: races[0].qualifying[0].time: error: '2:06.894' is ambiguous "
         '(YAML 1.1 reads it as a base-60 number); write it in quotes: "2:06.894"'),
        (ROUND, 'gap: "1.236"', 'gap: "1,236"',
         f"{ROUND}:18:36: races[0].results[2].gap: error: expected a time such as \"2:06.894\" or \"+0.284\", "
         'found "1,236"'),
        (ROUND, "    laps: 12\n", "",
         f"{ROUND}:8:5: races[0].laps: error: required field missing"),
        (ROUND, '{driver: Thibaut Bossy, gap: "2.542"}', '{driver: Thibaut Bossy, gap: "0.542"}',
         f"{ROUND}:19:38: races[0].results[3].gap: error: gap is smaller than that of results[2], "
         "which crossed the line ahead"),
        (ROUND, "{driver: Gosia Rdest, position: 7}\n      - {driver: Frédéric",
         "{driver: Gosia Rdest, position: 6}\n      - {driver: Frédéric",
         f"{ROUND}:24:41: races[0].results[7].position: error: position 6 is already given to results[6]"),
        (ROUND, "  - driver: Sami Dhahri\n", "  - driver: Sami Dahri\n",
         f"{ROUND}:27:17: races[0].penalties[0].driver: error: 'Sami Dahri' is not in the entry list "
         "(did you mean 'Sami Dhahri'?)"),
        (ROUND, "dates: {start: 2024-10-18", "dates: {start: 2023-10-18",
         f"{ROUND}:5:16: dates.start: error: the round is dated 2023-10-18, outside the 2024 season"),
        ("season.yaml", "categories: [gentlemen]}\n  - {driver: Pierre-Laurent",
         "categories: [gentleman]}\n  - {driver: Pierre-Laurent",
         "season.yaml:38:81: entries[9].categories[0]: error: unknown category 'gentleman' (did you mean 'gentlemen'?)"),
        ("season.yaml", "  primary: \"#0A2A5E\"", "  primary: blue",
         "season.yaml:8:12: brand.primary: error: expected a colour such as \"#0055A4\", found \"blue\""),
        ("season.yaml", "  before: 06-monza", "  before: 06-monzza",
         "season.yaml:64:11: snapshot.before: error: '06-monzza' is not a round of the calendar (did you mean '06-monza'?)"),
    ],
    ids=["unknown-driver", "base-60-time", "bad-time", "missing-field", "unordered-gaps", "position-twice",
         "penalty-unknown-driver", "date-outside-season", "unknown-category", "bad-colour", "snapshot-round"],
)
def test_broken_copy_reports_located_message(season_copy, file, old, new, expected):
    edit(season_copy / file, old, new)
    assert messages(season_copy) == [expected]


def test_every_error_of_every_file_comes_at_once(season_copy):
    edit(season_copy / ROUND, 'gap: "1.236"', 'gap: "1,236"')
    edit(season_copy / ROUND, "country: Italie", "country: Italie\ncountry: Italy")
    edit(season_copy / "season.yaml", "year: 2024", "year: twenty")
    found = messages(season_copy)
    assert [m.split(": error")[0] for m in found] == [
        f"{ROUND}:5:1: country",
        f"{ROUND}:19:36: races[0].results[2].gap",
        "season.yaml:5:7: year",
    ]


def test_round_folder_outside_the_calendar(season_copy):
    (season_copy / "rounds" / "06-monza").rename(season_copy / "rounds" / "06-imola")
    assert messages(season_copy) == [
        "rounds/06-imola/round.yaml: id: error: round folder '06-imola' is not in the season "
        "calendar (did you mean '06-monza'?)",
    ]
