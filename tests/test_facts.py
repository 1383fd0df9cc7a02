"""Facts and titles: the reference release's claims, the demo season worked by hand, and the fast
title test proved against a brute force over every remaining outcome on small seasons."""

import itertools
import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.compute import compute_season
from generator.facts import decided_after, round_facts, title_facts
from generator.model import Season
from generator.schema import load_seasons
from generator.standings import DRIVERS

from .conftest import MONZA_SEASON, SEASONS
from .test_cli import pressgen


def computed(folder):
    loaded = load_seasons(folder)[0]
    return compute_season(loaded.season, [r.round for r in loaded.rounds])


@pytest.fixture(scope="module")
def monza():
    return computed(MONZA_SEASON)


def kinds(facts, kind):
    return [(f.subject, f.race, f.values) for f in facts if f.kind == kind]


def test_roussanne_title_decided_after_race_1(monza):
    # "Deuxième, Charles Roussanne s'assurait néanmoins le titre avant même l'ultime course du calendrier."
    # By hand: after race 1 Roussanne 205, Jousset 169: 169 + 25 < 205; before it 144 + 50 >= 187.
    titles = [f for f in title_facts(monza) if f.values["table"] == "drivers"]
    assert [(f.subject, f.round_id, f.race, f.values["source"]) for f in titles] == [
        ("Charles Roussanne", "06-monza", 1, "computed"),
    ]


def test_reference_counts(monza):
    facts = round_facts(monza, "06-monza")
    # "s'imposait pour la troisième fois de l'année" (race 1); "sept victoires et douze podiums"
    assert ("Léo Jousset", 1, {"count": 3}) in kinds(facts, "win")
    assert ("Charles Roussanne", 2, {"count": 12, "position": 2}) in kinds(facts, "podium")


def test_declared_titles_stand_in_for_tables_the_data_cannot_compute(monza):
    declared = [(f.values["table"], f.subject, f.race) for f in title_facts(monza) if f.values["source"] == "declared"]
    assert declared == [
        ("juniors", "Charles Roussanne", None), ("challengers", "Thibaut Bossy", 2),
        ("gentlemen", "Frédéric de Brabant", 1), ("teams", "VPS Racing", 2),
    ]


def test_facts_command_json():
    done = pressgen("facts", MONZA_SEASON, "--round", "06-monza", "--json")
    assert done.returncode == 0, done.stderr
    facts = json.loads(done.stdout)["facts"]
    assert {"kind": "title", "subject": "Charles Roussanne", "round": "06-monza", "race": 1,
            "values": {"table": "drivers", "source": "computed"}} in facts
    assert {"kind": "points_lead", "subject": "Charles Roussanne", "round": "06-monza", "race": 2,
            "values": {"lead": 29, "over": "Léo Jousset", "points": 223}} in facts


# --- the demo season, by hand (see tests/test_demo_season.py for the points) -------------------------


@pytest.fixture(scope="module")
def demo():
    return computed(SEASONS / "2025-demo-cup")


def test_demo_titles(demo):
    # Juniors after bravo 2: Ana 24 (14, 10); Chloé (11, 9) with charlie at most 10+1+1 = 12: best two 23.
    # Gentlemen after bravo 2: Dan 16 - 2 = 14; Gus (5, 8) + at most 5: best two 13.
    # Teams after bravo 2: Azur 51; Cyan (19, 20) + at most 10+8+1+1 = 20: 40; Bleu (16, 16) + 20: 36.
    # Drivers: open until the last race (Eva 28, Ben 27 after it).
    titles = {f.values["table"]: (f.subject, f.round_id, f.race) for f in title_facts(demo)}
    assert titles == {
        "drivers": ("Eva Esteve", "03-charlie", 1),
        "juniors": ("Ana Alves", "02-bravo", 2),
        "gentlemen": ("Dan Duval", "02-bravo", 2),
        "teams": ("Azur Racing", "02-bravo", 2),
    }


def test_demo_leader_changes_and_first_wins(demo):
    facts = [f for r in ("01-alpha", "02-bravo", "03-charlie") for f in round_facts(demo, r)]
    assert [(f.subject, f.round_id, f.race) for f in facts if f.kind == "leader_change"] == [
        ("Eva Esteve", "01-alpha", 2), ("Ana Alves", "02-bravo", 1), ("Eva Esteve", "02-bravo", 2),
    ]
    assert [f.subject for f in facts if f.kind == "first_win"] == ["Ana Alves", "Eva Esteve", "Ben Brooks", "Gus Garnier"]


# --- the fast title test against a brute force ---------------------------------------------------------

NAMES = ["Ann", "Bob", "Cat"]
BOUNDED = settings(max_examples=25, deadline=None, derandomize=True)


@st.composite
def small_seasons(draw):
    scale = sorted(draw(st.lists(st.integers(0, 5), min_size=1, max_size=3)), reverse=True)
    data_rounds = draw(st.integers(1, 2))
    future = draw(st.lists(st.integers(1, 2), max_size=1))  # future rounds and their race counts
    races_per_round = [draw(st.integers(1, 2)) for _ in range(data_rounds)]
    season = brute_season(scale, races_per_round + future, draw(st.integers(0, 1)), draw(st.integers(0, 1)),
                          draw(st.integers(1, 3)), draw(st.sampled_from([None, 1, 2])))
    rounds = []
    for count in races_per_round:
        races = []
        for number in range(1, count + 1):
            order = draw(st.permutations(NAMES))
            retired = draw(st.sets(st.sampled_from(order[1:]), max_size=1))
            races.append(brute_race(number, order, retired, draw(st.sampled_from(NAMES)), draw(st.sampled_from(NAMES))))
        rounds.append(races)
    return season, rounds


def brute_season(scale, races_per_round, pole, fastest, top, best):
    return Season.model_validate({
        "id": "brute", "series": "Brute Cup", "year": 2025, "brand": {"primary": "#000000", "accent": "#FFFFFF"},
        "calendar": [{"id": f"r{i + 1}", "venue": "X", "races": n} for i, n in enumerate(races_per_round)],
        "points": {"scale": scale, "pole": {"points": pole}, "fastest_lap": {"points": fastest, "top": top},
                   "best_rounds": best},
        "entries": [{"driver": d, "team": "T"} for d in NAMES],
    })


def brute_race(number, order, retired, pole, fastest):
    return {
        "number": number, "laps": 5, "results_complete": True,
        "qualifying": [{"driver": pole, "time": "1:00.000"}], "fastest_lap": {"driver": fastest},
        "results": [{"driver": d, "gap": f"{j}.000"} if d not in retired else {"driver": d, "status": "retired", "laps": 1}
                    for j, d in enumerate(order)],
    }


# Level at the season's end, always among the examples: round 1 Ann 1st, Cat 2nd, Bob retired;
# round 2 Bob 1st, Cat 2nd, Ann retired; 5 points for a win, no bonus. Ann 5, Bob 5, Cat 0; one win
# and no second place each; the latest race where they differ (round 2) puts Bob ahead.
LEVEL_AT_THE_END = (brute_season([5], [1, 1], 0, 0, 1, None),
                    [[brute_race(1, ["Ann", "Cat", "Bob"], {"Bob"}, "Ann", "Ann")],
                     [brute_race(1, ["Bob", "Cat", "Ann"], {"Ann"}, "Bob", "Bob")]])


def race_outcomes(season, number):
    """Every distinct gain vector one race can give: any finishing subset and order, any pole, any fastest lap."""
    scale, points = season.points.scale_for(number), season.points
    outcomes = set()
    for size in range(len(NAMES) + 1):
        for finishers in itertools.permutations(NAMES, size):
            for pole, fastest in itertools.product(NAMES, NAMES):
                gains = {d: 0 for d in NAMES}
                for place, driver in enumerate(finishers, start=1):
                    gains[driver] += scale[place - 1] if place <= len(scale) else 0
                if pole in finishers and points.pole:
                    gains[pole] += points.pole.points
                top = points.fastest_lap.top if points.fastest_lap else None
                if fastest in finishers and points.fastest_lap and finishers.index(fastest) + 1 <= top:
                    gains[fastest] += points.fastest_lap.points
                outcomes.add(tuple(gains[d] for d in NAMES))
    return outcomes


def open_by_brute_force(season, standings, remaining):
    """Whether some outcome of the remaining races lets a rival tie or pass the leader."""
    leader = standings.rows[0].competitor
    states = {tuple((d, rounds) for d, rounds in _round_points(standings).items())}
    for round_id, number in remaining:
        next_states = set()
        for state in states:
            for gains in race_outcomes(season, number):
                next_states.add(tuple(
                    (d, tuple(sorted({**dict(rounds), round_id: dict(rounds).get(round_id, 0) + g}.items())))
                    for (d, rounds), g in zip(state, gains, strict=True)
                ))
        states = next_states
    for state in states:
        finals = {d: _total(season, rounds) for d, rounds in state}
        if any(finals[d] >= finals[leader] for d in NAMES if d != leader):
            return True
    return False


def _round_points(standings):
    rows = {r.competitor: r for r in standings.rows}
    return {d: tuple(sorted(dict(rows[d].round_points).items())) for d in NAMES}


def _total(season, rounds):
    best = season.points.best_rounds
    return sum(sorted((v for _, v in rounds), reverse=True)[:best] if best else [v for _, v in rounds])


def champion_at_the_end(season, standings, rounds):
    """After the season's last race: first by points, then most wins, most second places, ...,
    then the better finish in the latest race where two differ, then name (the README's rule);
    no title with no point scored."""
    totals = {d: _total(season, r) for d, r in _round_points(standings).items()}
    places = {d: [] for d in NAMES}  # per race, in order; None: not classified
    for races in rounds:
        for race in races:
            classified = [r["driver"] for r in race["results"] if "status" not in r]
            for d in NAMES:
                places[d].append(classified.index(d) + 1 if d in classified else None)

    def key(driver):
        got = [p for p in places[driver] if p is not None]
        countback = tuple(-got.count(k) for k in range(1, len(NAMES) + 1))
        latest_first = tuple(len(NAMES) + 1 if p is None else p for p in reversed(places[driver]))
        return (-totals[driver], countback, latest_first, driver)

    champion = min(NAMES, key=key)
    return champion if totals[champion] > 0 else None


@BOUNDED
@given(small_seasons())
@example(LEVEL_AT_THE_END)
def test_fast_title_test_agrees_with_brute_force(case):
    season, rounds = case
    from generator.model import Round

    round_models = [
        Round.model_validate({"id": f"r{i + 1}", "circuit": "X", "dates": {"start": "2025-01-01", "end": "2025-01-02"},
                              "release_date": "2025-01-03", "races": rs})
        for i, rs in enumerate(rounds)
    ]
    results = compute_season(season, round_models)
    # Remaining after each race, listed independently: the data's later races, then the future rounds.
    data = [(f"r{i + 1}", r["number"]) for i, rs in enumerate(rounds) for r in rs]
    future = [(c.id, n) for c in season.calendar[len(rounds):] for n in range(1, c.races + 1)]
    expected = None
    # Before the first race every entry stands at 0 points: nothing is decided, and the brute force
    # over the whole season would be needlessly long.
    for index in range(0, len(data)):
        standings = results.history[index + 1]
        remaining = data[index + 1:] + future
        if not (standings.rows and len(standings.rows) == len(NAMES)):
            continue
        if remaining and not open_by_brute_force(season, standings, remaining):
            expected = (index, standings.rows[0].competitor)
            break
        if not remaining:  # the season's end: level on points is no longer open, countback decides
            champion = champion_at_the_end(season, standings, rounds)
            expected = (index, champion) if champion else None
    assert decided_after(results, results.history, DRIVERS) == expected

