"""Every fact, standings row and gap pressgen prints holds in every completion of what the data
leaves unknown: checked against a brute force on small random seasons (made-up drivers).

The brute force below is written from the rules, not from the product's code. A season has 2 or 3
drivers in 2 teams, maybe a category, a points scale of 1 or 2 places, 1 to 3 rounds of one race,
of which the first 1 to 3 have data. A race's data lists some cars at the flag with their gaps;
what it leaves unknown:

- results marked incomplete: each entry with no row either did not finish, or finished behind the
  listed cars in some order (times after the last listed car's);
- a time penalty whose length was not published (any length from 1 ms);
- the rounds without data, and for a title every race after the one it is said to be decided in;
- with an open entry list, two newcomers (a new team) who may score in those races.

A completion fixes all of them; the product's output must be true in each one.
"""

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.compute import compute_season
from generator.facts import round_facts, title_facts
from generator.model import Round, Season

BOUNDED = settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
NAMES = ["Ada Ames", "Bea Brun", "Cy Cole"]
NEWCOMERS = ["New One", "New Two"]
NEW_TEAM = "New Team"
SHOWN = 3  # rows shown per table
NO_PLACE = 99


# --- random seasons ------------------------------------------------------------------------------


@st.composite
def cases(draw):
    drivers = NAMES[: draw(st.integers(2, 3))]
    teams = {d: draw(st.sampled_from(["Team One", "Team Two"])) for d in drivers}
    members = draw(st.lists(st.sampled_from(drivers), unique=True, max_size=len(drivers)))
    scale = sorted(draw(st.lists(st.integers(1, 4), min_size=1, max_size=2)), reverse=True)
    rounds = draw(st.integers(1, 3))
    races = [draw(race_data(drivers)) for _ in range(draw(st.integers(1, rounds)))]
    return {"drivers": drivers, "teams": teams, "members": members, "scale": scale, "rounds": rounds,
            "closed": draw(st.booleans()), "races": races}


@st.composite
def race_data(draw, drivers):
    listed = list(draw(st.permutations(drivers)))[: draw(st.integers(1, len(drivers)))]
    retired = draw(st.integers(0, len(listed) - 1))
    finishers, retirees = listed[: len(listed) - retired], listed[len(listed) - retired:]
    steps = draw(st.lists(st.sampled_from([500, 1000, 1500]), min_size=len(finishers), max_size=len(finishers)))
    gaps = list(itertools.accumulate([0] + steps[1:]))
    penalty = draw(st.sampled_from([None, "unknown", 1000, 2000, "dsq"]))
    return {"finishers": list(zip(finishers, gaps, strict=True)), "retired": retirees, "complete": draw(st.booleans()),
            "penalised": draw(st.sampled_from(finishers)) if penalty else None, "penalty": penalty}


def season_of(case) -> Season:
    return Season.model_validate({
        "id": "truth", "series": "Truth Cup", "year": 2025, "brand": {"primary": "#000000", "accent": "#FFFFFF"},
        "points": {"scale": case["scale"]}, "entries_closed": case["closed"], "teams": {"cars_per_race": 2},
        "entries": [{"driver": d, "team": case["teams"][d], "categories": ["cat"] if d in case["members"] else []}
                    for d in case["drivers"]],
        "categories": [{"id": "cat", "name": {"fr": "Cat", "en": "Cat"}}] if case["members"] else [],
        "calendar": [{"id": f"r{i}", "venue": "X"} for i in range(1, case["rounds"] + 1)],
        "release": {"race_rows": SHOWN, "standings_rows": SHOWN},
    })


def rounds_of(case) -> list[Round]:
    return [Round.model_validate({
        "id": f"r{n}", "circuit": "X", "dates": {"start": dt.date(2025, 5, n), "end": dt.date(2025, 5, n)},
        "release_date": dt.date(2025, 5, n + 1),
        "races": [{"number": 1, "laps": 10, "results_complete": race["complete"], "results": _rows(race),
                   "penalties": _penalties(race)}],
    }) for n, race in enumerate(case["races"], start=1)]


def _rows(race):
    rows = [{"driver": d} if gap == 0 else {"driver": d, "gap": f"{gap / 1000:.3f}"} for d, gap in race["finishers"]]
    return rows + [{"driver": d, "status": "retired", "laps": 2} for d in race["retired"]]


def _penalties(race):
    penalty, driver = race["penalty"], race["penalised"]
    if penalty is None:
        return []
    if penalty == "dsq":
        return [{"driver": driver, "kind": "disqualification"}]
    return [{"driver": driver}] if penalty == "unknown" else [{"driver": driver, "seconds": penalty // 1000}]


# --- the brute force: every completion of one race ---------------------------------------------------


def race_completions(race, entries):
    """Each completion as (classified drivers in order, their times behind the first car at the flag)."""
    listed = {d for d, _ in race["finishers"]} | set(race["retired"])
    absent = [] if race["complete"] else [d for d in entries if d not in listed]
    last = race["finishers"][-1][1]
    for count in range(len(absent) + 1):
        for late in itertools.permutations(absent, count):
            cars = race["finishers"] + [(d, last + 1000 * (i + 1)) for i, d in enumerate(late)]
            for added in _penalty_lengths(race, cars):
                timed = [(time + (added if d == race["penalised"] else 0), flag, d) for flag, (d, time) in enumerate(cars)
                         if not (race["penalty"] == "dsq" and d == race["penalised"])]
                ordered = sorted(timed)  # a tie keeps the order at the flag
                yield [d for _, _, d in ordered], {d: t for t, _, d in ordered}


def _penalty_lengths(race, cars):
    penalty = race["penalty"]
    if penalty in (None, "dsq"):
        return [0]
    if penalty != "unknown":
        return [penalty]
    own = dict(cars)[race["penalised"]]
    # Every order the unknown length can give: just below, at and beyond each car behind.
    return sorted({1, 10**7} | {max(1, t - own + k) for _, t in cars for k in (-1, 0, 1) if t - own + k >= 1})


def future_outcomes(competitors, scale):
    """The scoring places of a race with no data: who takes each of them (or nobody)."""
    for count in range(len(scale) + 1):
        yield from itertools.permutations(competitors, count)


# --- the brute force: standings from complete race orders ---------------------------------------------


def points_of(orders, scale, who):
    totals = dict.fromkeys(who, 0)
    for order in orders:
        for place, driver in enumerate(order[: len(scale)]):
            if driver in totals:
                totals[driver] += scale[place]
    return totals


def team_points(orders, scale, team_of, teams):
    totals = dict.fromkeys(teams, 0)
    for order in orders:
        per_team = {}
        for place, driver in enumerate(order):
            per_team.setdefault(team_of[driver], []).append(scale[place] if place < len(scale) else 0)
        for team, points in per_team.items():
            if team in totals:
                totals[team] += sum(sorted(points, reverse=True)[:2])
    return totals


def ranking(orders, scale, drivers):
    """Drivers by points, then countback, then the better finish in the latest race where two
    differ, then name (the README's rule)."""
    totals = points_of(orders, scale, drivers)
    return sorted(drivers, key=lambda d: _rank_key(totals[d], [_places(o, [d]) for o in orders], d)), totals


def team_ranking(orders, scale, team_of, teams):
    """Teams by the same rule, a team counting the places of its best two cars in each race."""
    totals = team_points(orders, scale, team_of, teams)
    members = {t: [d for d in team_of if team_of[d] == t] for t in teams}
    return sorted(teams, key=lambda t: _rank_key(totals[t], [_places(o, members[t])[:2] for o in orders], t)), totals


def _places(order, cars):
    """The places the cars hold in one race, best first (a car not classified holds none)."""
    return sorted(order.index(d) + 1 for d in cars if d in order)


def _rank_key(total, places_per_race, name):
    counted = [p for places in places_per_race for p in places]
    countback = tuple(-counted.count(k) for k in range(1, max(counted, default=0) + 2)) + (0,) * NO_PLACE
    latest_first = tuple(places[0] if places else NO_PLACE for places in reversed(places_per_race))
    return (-total, countback[:NO_PLACE], latest_first, name)


def wins_podiums(orders, driver):
    places = [order.index(driver) + 1 for order in orders if driver in order]
    return sum(p == 1 for p in places), sum(p <= 3 for p in places)


# --- the property --------------------------------------------------------------------------------------


@BOUNDED
@given(cases())
def test_every_printed_fact_holds_in_every_completion(case):
    season = season_of(case)
    results = compute_season(season, rounds_of(case))
    drivers, scale = case["drivers"], case["scale"]
    per_race = [list(race_completions(race, drivers)) for race in case["races"]]

    def completions(through):
        """Every combination of race completions up to race index `through`."""
        for combo in itertools.product(*per_race[: through + 1]):
            yield [order for order, _ in combo], [times for _, times in combo]

    for index, item in enumerate(results.races):
        facts = [f for f in round_facts(results, item.round_id) if f.kind != "title"]
        classification = item.classification
        shown = results.standings(item.round_id).shown(SHOWN)
        for orders, times in completions(index):
            order, last_times = orders[-1], times[-1]
            _check_race_rows(classification.top(SHOWN), order, last_times)
            after, totals = ranking(orders, scale, drivers)
            before, _ = ranking(orders[:-1], scale, drivers)
            for row in shown:
                assert (after.index(row.competitor) + 1, totals[row.competitor]) == (row.position, row.points), row
            for fact in facts:
                _check_fact(fact, case, orders, after, before, totals)
    _check_titles(results, case, per_race)


def _check_race_rows(rows, order, times):
    printed = [row.gap.ms for row in rows if row.gap is not None and row.gap.ms is not None]
    assert printed == sorted(printed), "gaps never decrease down a table"
    for row in rows:
        assert order[row.position - 1] == row.driver, row
        if row.gap is not None and row.gap.ms is not None:
            assert times[row.driver] - times[order[0]] == row.gap.ms, row


def _check_fact(fact, case, orders, after, before, totals):
    subject, values, order = fact.subject, fact.values, orders[-1]
    wins, podiums = wins_podiums(orders, subject)
    if fact.kind == "win":
        assert order[0] == subject and values["count"] in (None, wins), fact
    elif fact.kind == "podium":
        assert order.index(subject) + 1 == values["position"] <= 3 and values["count"] in (None, podiums), fact
    elif fact.kind == "first_win":
        assert wins == 1, fact
    elif fact.kind == "first_podium":
        assert podiums == 1, fact
    elif fact.kind == "leader_change":
        assert after[0] == subject and before[0] == values["previous"], fact
    elif fact.kind == "points_lead":
        assert after[0] == subject and totals[subject] == values["points"], fact
        if values["lead"] is None:
            assert all(totals[d] < totals[subject] for d in after[1:]), fact
        else:
            assert after[1] == values["over"] and totals[subject] - totals[values["over"]] == values["lead"], fact
    elif fact.kind == "category_winner":
        best = next(d for d in order if d in case["members"])
        assert best == subject and order.index(best) + 1 == values["position"], fact
    else:
        raise AssertionError(f"a fact kind the brute force does not know: {fact}")


def _check_titles(results, case, per_race):
    """A title decided after race i: whatever completes races 0..i and whatever happens in every
    race after it (in the data or not), the holder ends strictly ahead of every rival; decided
    after the season's last race, the holder is first in the final ranking (a rival level on
    points is behind on countback)."""
    scale, drivers, closed = case["scale"], case["drivers"], case["closed"]
    total_races = case["rounds"]
    team_of = dict(case["teams"]) | dict.fromkeys(NEWCOMERS, NEW_TEAM)
    for fact in title_facts(results):
        assert fact.values["source"] == "computed"
        table, holder = fact.values["table"], fact.subject
        decided = int(fact.round_id[1:]) - 1
        joining = [] if closed or decided == total_races - 1 else NEWCOMERS  # newcomers race only later
        everyone = drivers + joining
        teams = sorted(set(team_of[d] for d in everyone))
        members = case["members"] + joining
        competitors = {"drivers": drivers, "cat": case["members"], "teams": sorted(set(case["teams"].values()))}[table]
        if len(competitors) == 1:  # a table of one: stated only after its last race
            assert decided == total_races - 1, fact
        futures = list(future_outcomes(everyone, scale))
        for combo in itertools.product(*per_race[: decided + 1]):
            past = [order for order, _ in combo]
            for later in itertools.product(futures, repeat=total_races - decided - 1):
                orders = past + [list(o) for o in later]
                if table == "teams":
                    order, final = team_ranking(orders, scale, team_of, teams)
                else:
                    order, final = ranking(orders, scale, everyone if table == "drivers" else members)
                if decided == total_races - 1:  # the season's end: the final ranking, countback included
                    assert order[0] == holder and final[holder] > 0, (fact, orders, final)
                else:
                    assert all(final[holder] > p for c, p in final.items() if c != holder), (fact, orders, final)


# --- the brute force can fail --------------------------------------------------------------------------


def test_the_brute_force_sees_an_absent_rival():
    # Incomplete race: only Ada listed; Bea may have finished behind her (2nd) or not at all.
    race = {"finishers": [("Ada Ames", 0)], "retired": [], "complete": False, "penalised": None, "penalty": None}
    orders = [order for order, _ in race_completions(race, ["Ada Ames", "Bea Brun"])]
    assert orders == [["Ada Ames"], ["Ada Ames", "Bea Brun"]]


def test_the_brute_force_moves_a_car_with_a_penalty_of_unknown_length():
    # Ada 0, Bea +1.000 at the flag; Ada's penalty of unknown length: she wins, ties (and keeps
    # the win, first at the flag) or falls behind Bea.
    race = {"finishers": [("Ada Ames", 0), ("Bea Brun", 1000)], "retired": [], "complete": True,
            "penalised": "Ada Ames", "penalty": "unknown"}
    orders = {tuple(order) for order, _ in race_completions(race, ["Ada Ames", "Bea Brun"])}
    assert orders == {("Ada Ames", "Bea Brun"), ("Bea Brun", "Ada Ames")}
