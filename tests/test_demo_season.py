"""The demo season (seasons/2025-demo-cup/, illustrative data): every rule the Monza data cannot
exercise, with the expected results worked by hand below.

Scale 10-8-6-5-4-3-2-1 (race 2 of a round: 8-6-4-3-2-1); pole +1 if classified; fastest lap +1 in
the top five; guests pass their points on; best 2 rounds of 3; classified at 75% of the winner's
laps, rounded down. Hand work, race by race (points before the championship deduction):

  01-alpha race 1: Ana 10+1 (fastest lap) = 11; Finn guest (2nd on the road) skipped; Ben 8+1 (pole) = 9;
                   Eva 6; Chloé 5; Dan lapped, 6th on the road, scores for 5th = 4; Gus retired on lap 3 of 10
                   (< 7): not classified.
  01-alpha race 2: Eva 8+1 (pole) = 9; Chloé 6; Gus 4; Ana 3; Ben 2; Dan 1; Finn's fastest lap is a guest's:
                   no bonus.
  02-bravo race 1: Ana +5 s falls from 2nd to 4th (6.000 behind Chloé's 3.000); Gus, 2nd on times, loses 2
                   places to 4th: Ben 10, Chloé 8+1 (fastest lap) = 9, Ana 6+1 (pole) = 7, Gus 5, Eva 4, Dan 3;
                   Finn lapped, guest.
  02-bravo race 2: Chloé disqualified (her pole earns nothing); Eva 8+1 (fastest lap) = 9; Ben 6; Dan 4; Ana 3;
                   Gus retired with 10 of 12 laps (>= 9): classified 5th, 2; Finn did not start. Dan: -2.
  03-charlie race 1 (half points, bonuses whole): Gus 5; Dan 4+1 (pole) = 5; Eva 3; Ana 2.5+1 (fastest lap)
                   = 3.5; Chloé 2; Ben 1.5.

  Rounds (alpha, bravo, charlie), best two:  Ana 14, 10, 3.5 -> 24     Ben 11, 16, 1.5 -> 27
                                             Chloé 11, 9, 2 -> 20      Dan 5, 7, 5 -> 12 - 2 = 10
                                             Eva 15, 13, 3 -> 28       Gus 4, 7, 5 -> 12
"""

import pytest

from generator.classify import Gap
from generator.compute import compute_season
from generator.schema import load_seasons
from generator.standings import Table

from .conftest import SEASONS

DEMO = SEASONS / "2025-demo-cup"


@pytest.fixture(scope="module")
def demo():
    loaded = load_seasons(DEMO)[0]
    return compute_season(loaded.season, [r.round for r in loaded.rounds])


def rows(standings):
    return [(r.position, r.competitor, r.points) for r in standings.rows]


def test_drivers_final_standings(demo):
    assert rows(demo.standings()) == [
        (1, "Eva Esteve", 28), (2, "Ben Brooks", 27), (3, "Ana Alves", 24),
        (4, "Chloé Carrel", 20), (5, "Gus Garnier", 12), (6, "Dan Duval", 10),
    ]


def test_guest_is_never_in_the_standings(demo):
    assert demo.standings().row("Finn Faure") is None


def test_standings_after_round_one(demo):
    assert rows(demo.standings("01-alpha")) == [
        (1, "Eva Esteve", 15), (2, "Ana Alves", 14), (3, "Chloé Carrel", 11), (4, "Ben Brooks", 11),
        (5, "Dan Duval", 5), (6, "Gus Garnier", 4),
    ]
    # Chloé and Ben tie on 11 with no win each; countback: Chloé has a second place (race 2), Ben
    # none (3rd and 5th: the guest's 2nd place in race 1 still counts as a place).


def test_wins_and_countback(demo):
    final = demo.standings()
    assert [(r.competitor, r.wins) for r in final.rows] == [
        ("Eva Esteve", 2), ("Ben Brooks", 1), ("Ana Alves", 1), ("Chloé Carrel", 0), ("Gus Garnier", 1), ("Dan Duval", 0),
    ]


def test_classification_details(demo):
    alpha_1, alpha_2 = demo.classifications["01-alpha"]
    bravo_1, bravo_2 = demo.classifications["02-bravo"]
    assert [(r.position, r.driver, r.status) for r in alpha_1.rows][-2:] == [
        (6, "Dan Duval", "classified"), (None, "Gus Garnier", "retired"),
    ]
    assert alpha_1.row("Dan Duval").gap == Gap(laps=1)
    assert [r.driver for r in bravo_1.top(4)] == ["Ben Brooks", "Chloé Carrel", "Ana Alves", "Gus Garnier"]
    assert (bravo_1.row("Gus Garnier").flag_position, bravo_1.row("Gus Garnier").position) == (3, 4)
    assert (bravo_1.row("Ana Alves").gap) == Gap(ms=6000)
    assert [(r.position, r.driver, r.status) for r in bravo_2.rows] == [
        (1, "Eva Esteve", "classified"), (2, "Ben Brooks", "classified"), (3, "Dan Duval", "classified"),
        (4, "Ana Alves", "classified"), (5, "Gus Garnier", "classified"),
        (None, "Finn Faure", "not_started"), (None, "Chloé Carrel", "disqualified"),
    ]


def test_juniors_by_age_on_overall_points(demo):
    # Ana is 19 and Chloé 21 on 1 January 2025 (born 31 December 2003); Eva is 22.
    juniors = demo.standings(table=Table.for_category(demo.season.category("juniors")))
    assert rows(juniors) == [(1, "Ana Alves", 24), (2, "Chloé Carrel", 20)]


def test_gentlemen_on_their_own_order_and_scale(demo):
    # 5-3-1 among Dan and Gus, race by race: alpha 1 Dan 5 (Gus not classified); alpha 2 Gus 5, Dan 3;
    # bravo 1 Gus 5, Dan 3; bravo 2 Dan 5, Gus 3; charlie (half) Gus 2.5, Dan 1.5.
    # Rounds: Dan 8, 8, 1.5 -> 16 - 2 = 14; Gus 5, 8, 2.5 -> 13.
    gentlemen = demo.standings(table=Table.for_category(demo.season.category("gentlemen")))
    assert rows(gentlemen) == [(1, "Dan Duval", 14), (2, "Gus Garnier", 13)]
    assert [(r.competitor, r.wins) for r in gentlemen.rows] == [("Dan Duval", 2), ("Gus Garnier", 3)]


def test_teams_best_two_cars_per_race(demo):
    # Azur (Ana, Ben): alpha 20 + 5, bravo 17 + 9, charlie 5     -> 26 + 25 = 51
    # Bleu (Chloé, Dan): alpha 9 + 7, bravo 12 + 4, charlie 7    -> 16 + 16 = 32
    # Cyan (Eva, Gus; Finn is a guest): alpha 6 + 13, bravo 9 + 11, charlie 8 -> 20 + 19 = 39
    teams = demo.standings(table=Table.for_teams(demo.season.teams.cars_per_race))
    assert rows(teams) == [(1, "Azur Racing", 51), (2, "Cyan Team", 39), (3, "Bleu Motorsport", 32)]
