"""Standings: the published final standings, and small seasons worked by hand."""

import pytest

from generator.classify import classify
from generator.compute import compute_season
from generator.model import Race, Season
from generator.schema import load_seasons
from generator.standings import RaceInput, progression, race_points

from .conftest import MONZA_SEASON


@pytest.fixture(scope="module")
def results():
    loaded = load_seasons(MONZA_SEASON)[0]
    return compute_season(loaded.season, [r.round for r in loaded.rounds])


def test_final_standings_as_published(results):
    # "Classement général*" in the reference release.
    assert [(r.position, r.driver, r.points) for r in results.standings().top(5)] == [
        (1, "Charles Roussanne", 223), (2, "Léo Jousset", 194), (3, "Lukas Papin", 114),
        (4, "Thibaut Bossy", 79), (5, "Florian Coruble", 72),
    ]


def test_seven_wins_and_twelve_podiums(results):
    # "Avec sept victoires et douze podiums à son actif"
    roussanne = results.standings().row("Charles Roussanne")
    assert (roussanne.wins, roussanne.podiums) == (7, 12)


def test_jousset_wins_for_the_third_time_in_race_1(results):
    # "s'imposait pour la troisième fois de l'année"
    assert results.standings("06-monza", race=1).row("Léo Jousset").wins == 3
    assert results.standings().row("Léo Jousset").wins == 4


def test_standings_after_race_1_worked_by_hand(results):
    # Snapshot + race 1 under the assumed scale: 187+18, 144+25, 89+10, 64+8, 59+12.
    after = results.standings("06-monza", race=1)
    assert [(r.driver, r.points) for r in after.rows] == [
        ("Charles Roussanne", 205), ("Léo Jousset", 169), ("Lukas Papin", 99),
        ("Florian Coruble", 72), ("Thibaut Bossy", 71),
    ]


def test_change_since_the_previous_round(results):
    # Before Monza Coruble (64) led Bossy (59); after it Bossy (79) leads Coruble (72).
    final = results.standings()
    assert (final.row("Thibaut Bossy").change, final.row("Florian Coruble").change) == (1, -1)


def test_a_position_the_data_does_not_establish_scores_nothing_certain(results):
    race_1, race_2 = results.races
    season = results.season
    assert race_points(race_1.classification, race_1.race, season)["Sami Dhahri"] is None  # 9th or lower: 2, 1 or 0
    assert race_points(race_2.classification, race_2.race, season)["Florian Coruble"] == 0  # 11th or lower: none


# --- a small season worked by hand -------------------------------------------------------------------

def demo_season(**points):
    return Season.model_validate({
        "id": "demo", "series": "Demo Cup", "year": 2024, "brand": {"primary": "#000000", "accent": "#FFFFFF"},
        "points": {"scale": [10, 6, 4], **points}, "calendar": [{"id": "r1", "venue": "Here"}],
        "entries": [{"driver": d, "team": "T"} for d in "ABC"],
    })


def race(number, order):
    return Race.model_validate({
        "number": number, "laps": 5, "results_complete": True,
        "results": [{"driver": d, "gap": f"{i}.000"} for i, d in enumerate(order)],
    })


def inputs(season, *orders):
    return [RaceInput("r1", r, classify(r, season)) for r in (race(n, o) for n, o in enumerate(orders, start=1))]


def test_countback_breaks_a_tie_on_points():
    # Race 1: A 10, B 6, C 4. Race 2: C 10, B 6, A 4. A 14, C 14, B 12.
    # A and C have one win each and one third each: countback ties; the latest race decides (C won it).
    season = demo_season()
    final = progression(season, inputs(season, "ABC", "CBA"))[-1]
    assert [(r.driver, r.points, r.countback) for r in final.rows] == [
        ("C", 14, (1, 0, 1)), ("A", 14, (1, 0, 1)), ("B", 12, (0, 2)),
    ]


def test_more_wins_beat_more_seconds():
    # Scale 10-5-0. Race 1: A, B, C. Race 2: C, B, A. All three score 10: A and C with a win each,
    # B with two seconds. Wins come first; between A and C the latest race decides (C won it).
    season = demo_season(scale=[10, 5, 0])
    final = progression(season, inputs(season, "ABC", "CBA"))[-1]
    assert [(r.driver, r.points) for r in final.rows] == [("C", 10), ("A", 10), ("B", 10)]


def test_a_race_scale_overrides_the_default():
    # Race 2 pays 8-8-2: A 10+2, B 6+8, C 4+8.
    season = demo_season(races={2: [8, 8, 2]})
    final = progression(season, inputs(season, "ABC", "CBA"))[-1]
    assert [(r.driver, r.points) for r in final.rows] == [("B", 14), ("C", 12), ("A", 12)]
