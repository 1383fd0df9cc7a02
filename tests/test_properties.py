"""Invariants of the rules engine over random seasons (hypothesis, bounded for CI)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.classify import classify
from generator.model import Race, Season
from generator.standings import RaceInput, progression, race_points

BOUNDED = settings(max_examples=60, deadline=None, derandomize=True)
NAMES = [f"Driver {c}" for c in "ABCDEFGH"]


@st.composite
def seasons(draw, best_rounds=None):
    drivers = NAMES[: draw(st.integers(3, 8))]
    scale = sorted(draw(st.lists(st.integers(0, 25), min_size=1, max_size=8)), reverse=True)
    season = Season.model_validate({
        "id": "prop", "series": "Property Cup", "year": 2025, "brand": {"primary": "#000000", "accent": "#FFFFFF"},
        "calendar": [{"id": f"r{i}", "venue": "X"} for i in range(1, 5)],
        "classification": {"min_laps_share": draw(st.sampled_from([None, 0.5, 0.9]))},
        "points": {"scale": scale, "pole": {"points": draw(st.integers(0, 2))},
                   "fastest_lap": {"points": draw(st.integers(0, 2)), "top": draw(st.integers(1, 10))},
                   "best_rounds": best_rounds},
        "entries": [{"driver": d, "team": f"Team {i % 3}"} for i, d in enumerate(drivers)],
    })
    races = []
    for round_number in range(1, draw(st.integers(1, 4)) + 1):
        for race_number in range(1, draw(st.integers(1, 2)) + 1):
            races.append(RaceInput(f"r{round_number}", *_race(draw, race_number, drivers, season)))
    return season, races


def _race(draw, number, drivers, season):
    order = draw(st.permutations(drivers))
    gaps = sorted(draw(st.lists(st.integers(1, 90_000), min_size=len(order), max_size=len(order), unique=True)))
    rows = []
    for i, driver in enumerate(order):
        status = draw(st.sampled_from(["finished"] * 4 + ["retired", "not_started"]))
        row = {"driver": driver, "best_lap": f"1:{draw(st.integers(10, 59))}.{draw(st.integers(100, 999))}"}
        if status == "finished":
            row["gap"] = f"{gaps[i] // 1000}.{gaps[i] % 1000:03d}" if i else None
            row["laps"] = 10 - draw(st.integers(0, 1))
        else:
            row.update(status=status, laps=draw(st.integers(0, 9)))
        rows.append({k: v for k, v in row.items() if v is not None})
    rows[0].pop("laps", None)
    rows[0].update(status="finished")
    rows[0].pop("gap", None)
    penalties = [{"driver": d, "seconds": draw(st.integers(1, 30))} for d in draw(st.sets(st.sampled_from(drivers), max_size=2))]
    penalties += [{"driver": d, "kind": "disqualification"} for d in draw(st.sets(st.sampled_from(drivers), max_size=1))]
    race = Race.model_validate({
        "number": number, "laps": 10, "results_complete": True, "results": rows, "penalties": penalties,
        "qualifying": [{"driver": draw(st.sampled_from(drivers)), "time": "1:20.000"}],
    })
    return race, classify(race, season)


@BOUNDED
@given(seasons())
def test_points_awarded_equal_the_sum_over_the_standings(case):
    season, races = case
    awarded = sum(p for item in races for p in race_points(item.classification, item.race, season).values())
    final = progression(season, races)[-1]
    assert sum(row.points for row in final.rows) == awarded


@BOUNDED
@given(seasons(), st.randoms(use_true_random=False))
def test_countback_order_is_total_and_stable(case, rnd):
    season, races = case
    rows = progression(season, races)[-1].rows
    assert [r.position for r in rows] == list(range(1, len(rows) + 1))  # total: no shared or skipped place
    entries = list(season.entries)
    rnd.shuffle(entries)  # the entry list's order never decides a tie
    reordered = season.model_copy(update={"entries": tuple(entries)})
    again = progression(reordered, [RaceInput(i.round_id, i.race, classify(i.race, reordered)) for i in races])[-1].rows
    assert [(r.competitor, r.points) for r in again] == [(r.competitor, r.points) for r in rows]


@BOUNDED
@given(seasons())
def test_a_disqualified_entry_never_scores(case):
    season, races = case
    for item in races:
        points = race_points(item.classification, item.race, season)
        for row in item.classification.rows:
            if row.status == "disqualified":
                assert points[row.driver] == 0


@BOUNDED
@given(seasons(), st.integers(1, 3))
def test_dropping_results_never_raises_a_total(case, best):
    season, races = case
    with_drops = season.model_copy(update={"points": season.points.model_copy(update={"best_rounds": best})})
    full = {r.competitor: r.points for r in progression(season, races)[-1].rows}
    dropped = {r.competitor: r.points for r in progression(with_drops, races)[-1].rows}
    assert dropped.keys() == full.keys()
    assert all(dropped[d] <= full[d] for d in full)


@BOUNDED
@given(seasons())
def test_classified_positions_run_from_one_without_gaps(case):
    _, races = case
    for item in races:
        positions = [r.position for r in item.classification.rows if r.status == "classified"]
        assert positions == list(range(1, len(positions) + 1))
