"""Gaps after the stewards' decisions, worked by hand from seasons/2025-demo-cup/rounds/02-bravo/round.yaml
(illustrative data). Every gap is to the classified winner and never decreases down a table."""

import pytest

from generator.classify import Gap
from generator.compute import compute_season
from generator.schema import load_seasons

from .conftest import SEASONS


@pytest.fixture(scope="module")
def bravo():
    loaded = load_seasons(SEASONS / "2025-demo-cup")[0]
    return compute_season(loaded.season, [r.round for r in loaded.rounds]).classifications["02-bravo"]


def gaps(classification):
    return [(r.position, r.driver, r.gap) for r in classification.rows if r.status == "classified"]


def test_race_2_gaps_are_measured_from_the_winner_after_the_disqualification(bravo):
    # At the flag (gaps to the first car, Chloé Carrel, car 3): Eva 2.000, Ben 2.500, Dan 4.000,
    # Ana 5.000; Gus retired with 10 of 12 laps (classified: 75% of 12 = 9). Chloé is disqualified,
    # so Eva wins and every gap is re-measured from her: Ben 2.500 - 2.000 = 0.500,
    # Dan 4.000 - 2.000 = 2.000, Ana 5.000 - 2.000 = 3.000; Gus two laps down.
    assert gaps(bravo[1]) == [
        (1, "Eva Esteve", None),
        (2, "Ben Brooks", Gap(ms=500)),
        (3, "Dan Duval", Gap(ms=2000)),
        (4, "Ana Alves", Gap(ms=3000)),
        (5, "Gus Garnier", Gap(laps=2)),
    ]


def test_race_1_gaps_never_decrease_and_a_car_moved_back_prints_none(bravo):
    # At the flag: Ben 0, Ana 1.000, Gus 1.500, Chloé 3.000, Eva 8.000, Dan 9.000, Finn a lap down.
    # Ana +5 s -> 6.000: on times Ben, Gus 1.500, Chloé 3.000, Ana 6.000, Eva, Dan. Gus then loses two
    # places (behind Chloé and Ana): his road gap 1.500 would sit below Ana's 6.000, so none is printed.
    assert gaps(bravo[0]) == [
        (1, "Ben Brooks", None),
        (2, "Chloé Carrel", Gap(ms=3000)),
        (3, "Ana Alves", Gap(ms=6000)),
        (4, "Gus Garnier", Gap()),
        (5, "Eva Esteve", Gap(ms=8000)),
        (6, "Dan Duval", Gap(ms=9000)),
        (7, "Finn Faure", Gap(laps=1)),
    ]
