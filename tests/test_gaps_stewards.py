"""Gaps after the stewards' decisions, worked by hand from seasons/2025-demo-cup/rounds/02-bravo/round.yaml
(illustrative data). Every gap is to the classified winner and never decreases down a table."""

import re

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


# --- the marks and the stewards' section, in the wire edition (worked by hand from round.yaml) ----------


@pytest.fixture(scope="module")
def bravo_text(bravo_folder):
    folder = bravo_folder
    return {lang: (folder / f"02-bravo-{lang}.txt").read_text(encoding="utf-8") for lang in ("fr", "en")} | {
        "html-en": (folder / "02-bravo-en.html").read_text(encoding="utf-8"),
        "email-en": (folder / "02-bravo-en.email.html").read_text(encoding="utf-8")}


# Race 2, English: "driver (team)" padded to the widest (29 characters with the mark), three spaces,
# the gap right-aligned to the widest ("12 laps"). Dan Duval carries the mark: his 2-point deduction
# was decided in race 2. Chloé Carrel, disqualified, is not in the table but is in the list.
RACE_2_EN = """\
1. Eva Esteve (Cyan Team)          12 laps
2. Ben Brooks (Azur Racing)        +0.500s
3. Dan Duval (Bleu Motorsport) †   +2.000s
4. Ana Alves (Azur Racing)         +3.000s
5. Gus Garnier (Cyan Team)         +2 laps
"""

DECISIONS_EN = """\
Stewards’ decisions
† Race 1 – Ana Alves: 5-second time penalty. Reason: speeding in the pit
  lane.
† Race 1 – Gus Garnier: moved back 2 places after the race. Reason:
  overtaking under yellow flags.
† Race 2 – Chloé Carrel: disqualified. Reason: car under the minimum
  weight.
† Race 2 – Dan Duval: 2 points deducted from the championship. Reason:
  dangerous driving.
"""  # wrapped at 72 columns, continuation lines under the text


def test_wire_edition_marks_penalised_cars_and_lists_the_decisions(bravo_text):
    assert RACE_2_EN in bravo_text["en"]
    assert DECISIONS_EN in bravo_text["en"]
    # Race 1: Ana (time penalty) and Gus (moved back, no gap printed: a dash) carry the mark.
    assert "3. Ana Alves (Azur Racing) †" in bravo_text["en"]
    assert re.search(r"4\. Gus Garnier \(Cyan Team\) † +–\n", bravo_text["en"])


def test_french_decisions_give_the_french_reasons(bravo_text):
    assert "Décisions des commissaires" in bravo_text["fr"]
    assert "† Course 2 – Chloé Carrel\u00a0: disqualification. Motif\u00a0: poids minimum non" in bravo_text["fr"]
    unwrapped = bravo_text["fr"].replace("\n  ", " ")  # continuation lines of the wire edition
    assert "† Course 1 – Ana Alves\u00a0: pénalité de 5 secondes. Motif\u00a0: excès de vitesse dans la voie des stands." in unwrapped


def test_web_page_mark_links_to_the_decisions(bravo_text):
    html = bravo_text["html-en"]
    body, annex = html.split('<section class="annex"')  # the demo season prints the full classification too
    assert body.count('<a class="decision-ref" href="#stewards"') == 3  # Ana, Gus (race 1), Dan (race 2)
    assert annex.count('<a class="decision-ref" href="#stewards"') == 4  # and Chloé, disqualified in race 2
    assert '<section class="stewards" id="stewards">' in html


def test_email_lists_the_decisions(bravo_text):
    email = bravo_text["email-en"]
    assert "Stewards&#39; decisions" in email or "Stewards' decisions" in email
    assert "Race 2 – Chloé Carrel: disqualified. Reason: car under the minimum weight." in email


def test_a_disqualified_car_loses_the_fastest_lap(tmp_path):
    # 02-bravo race 2 with Chloé Carrel (car 3, disqualified) given the quickest lap, 1:29.500, ahead of
    # Eva Esteve's 1:29.800: her laps no longer count, so the fastest lap is Eva's.
    import shutil

    season = tmp_path / "2025-demo-cup"
    shutil.copytree(SEASONS / "2025-demo-cup", season)
    data = season / "rounds/02-bravo/round.yaml"
    text = data.read_text(encoding="utf-8")
    assert text.count("      - {car: 3}\n") == 1
    data.write_text(text.replace("      - {car: 3}\n", '      - {car: 3, best_lap: "1:29.500"}\n'), encoding="utf-8")
    loaded = load_seasons(season)[0]
    race_2 = compute_season(loaded.season, [r.round for r in loaded.rounds]).classifications["02-bravo"][1]
    assert (race_2.fastest_lap.driver, race_2.fastest_lap.ms) == ("Eva Esteve", 89_800)


def test_the_rows_of_an_incomplete_race_prove_no_fastest_lap(tmp_path):
    # 02-bravo race 2 marked incomplete: a car without a row may have lapped faster than Eva Esteve's
    # 1:29.800, so no fastest lap is stated; published as such (`fastest_lap:`), it is stated again.
    import shutil

    season = tmp_path / "2025-demo-cup"
    shutil.copytree(SEASONS / "2025-demo-cup", season)
    data = season / "rounds/02-bravo/round.yaml"
    text = data.read_text(encoding="utf-8")
    second = text.index("  - number: 2")
    race_2 = text[second:].replace("    results_complete: true\n", "    results_complete: false\n", 1)
    data.write_text(text[:second] + race_2, encoding="utf-8")

    def fastest():
        loaded = load_seasons(season)[0]
        return compute_season(loaded.season, [r.round for r in loaded.rounds]).classifications["02-bravo"][1].fastest_lap

    assert fastest() is None
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("    results_complete: false\n",
                                 '    results_complete: false\n    fastest_lap: {car: 5, time: "1:29.800"}\n'), encoding="utf-8")
    assert (fastest().driver, fastest().ms) == ("Eva Esteve", 89_800)
