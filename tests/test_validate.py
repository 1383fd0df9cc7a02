"""Validation across files; one case per check lives in the corpus tests/bad_inputs/."""

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


def test_every_error_of_every_file_comes_at_once(season_copy):
    edit(season_copy / ROUND, 'gap: "1.236"', 'gap: "1,236"')
    edit(season_copy / ROUND, "country: Italie", "country: Italie\ncountry: Italy")
    edit(season_copy / "season.yaml", "year: 2024", "year: twenty")
    found = messages(season_copy)
    assert [m.split(": error")[0] for m in found] == [
        f"{ROUND}:5:1: country",
        f"{ROUND}:20:36: races[0].results[2].gap",
        "season.yaml:5:7: year",
    ]


def test_round_folder_outside_the_calendar(season_copy):
    (season_copy / "rounds" / "06-monza").rename(season_copy / "rounds" / "06-imola")
    assert messages(season_copy) == [
        "rounds/06-imola/round.yaml: id: error: round folder '06-imola' is not in the season "
        "calendar (did you mean '06-monza'?)",
    ]
