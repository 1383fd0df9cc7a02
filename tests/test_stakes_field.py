"""What is at stake, checked against a brute force over every result of the round's races for the
whole field at once: teams scored on their best cars, a category of three scored on its own order,
four drivers with bonuses and dropped rounds. The brute force has its own scorer, written here
from the rules (README, "Points and standings"), and its own idea of a decided title (facts.py's:
nobody can still tie or pass the leader; after the last race, first in the ranking).

Checked for every title, every race of the round the engine states something about, and every
sequence of results: the holders whose conditions all hold are exactly the champion then; each
condition is needed (some result fails it, or leaves it to countback, while none of the holder's
other conditions fails); and
`earliest_race` is the first race after which some result decides the title.

Worked by hand (test_three_drivers_worked_by_hand): three drivers, scale 3-2-1, no bonus; round 1
finishes Ann, Bob, Cat (3, 2, 1 points); round 2 has one race, round 3 one more (3 points at
most). After round 2's race Ann is champion iff Bob + zB + 3 < 3 + y and Cat + zC + 3 < 3 + y
(y, zB, zC: their points in the race): Ann must win (y = 3), Bob score nothing (zB = 0), Cat at
most 1. Pair by pair, "Cat 3rd" (1 point) passes; in the field, 3rd place needs someone 2nd, and
only Bob is left, who would then score: so Ann must win with both others not classified. The
engine states both pair conditions, each needed (Bob 2nd fails only Bob's, Cat 2nd only Cat's).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from generator.compute import compute_season
from generator.model import Round, Season
from generator.stakes import round_stakes

from .test_stakes import holds

NO_FINISH = 10_000
BOUNDED = settings(max_examples=6, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate])


# --- the small seasons ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A small season: `first` is round 1's result (finishing order, pole, fastest lap); round 2 is
    the one at stake; `later` races follow it in a round 3 (0: round 2 ends the season)."""

    drivers: tuple[str, ...]
    teams: dict
    members: tuple[str, ...]  # the category scored on its own order
    scale: tuple[int, ...]
    category_scale: tuple[int, ...]
    pole: int
    fastest: int
    fastest_top: int
    best_rounds: int | None
    round_races: int
    later: int
    first: tuple[tuple[str, ...], str | None, str | None]
    closed: bool = True
    cars_per_race: int = 2

    def season(self) -> Season:
        calendar = [{"id": "r1", "venue": "X", "races": 1}, {"id": "r2", "venue": "Y", "races": self.round_races}]
        if self.later:
            calendar.append({"id": "r3", "venue": "Z", "races": self.later})
        points = {"scale": list(self.scale), "pole": {"points": self.pole},
                  "fastest_lap": {"points": self.fastest, "top": self.fastest_top}}
        if self.best_rounds:
            points["best_rounds"] = self.best_rounds
        data = {
            "id": "field", "series": "Field Cup", "year": 2025, "brand": {"primary": "#000000", "accent": "#FFFFFF"},
            "calendar": calendar, "points": points, "entries_closed": self.closed,
            "categories": [{"id": "trio", "name": {"en": "Trio"}, "scoring": "own", "scale": list(self.category_scale)}],
            "entries": [{"driver": d, "team": self.teams[d], "categories": ["trio"] if d in self.members else []}
                        for d in self.drivers],
        }
        if len(set(self.teams.values())) < len(self.drivers):
            data["teams"] = {"cars_per_race": self.cars_per_race}
        return Season.model_validate(data)

    def first_round(self) -> Round:
        order, pole, fastest = self.first
        race = {"number": 1, "laps": 5, "results_complete": True,
                "results": [{"driver": d, "gap": f"{i}.000"} for i, d in enumerate(order)]}
        if pole:
            race["qualifying"] = [{"driver": pole, "time": "1:00.000"}]
        if fastest:
            race["fastest_lap"] = {"driver": fastest}
        return Round.model_validate({"id": "r1", "circuit": "X", "dates": {"start": "2025-01-01", "end": "2025-01-01"},
                                     "release_date": "2025-01-02", "races": [race]})


# --- the brute force's own scorer -------------------------------------------------------------------


def race_results(case: Case, table: str) -> list[dict]:
    """Every distinct result of one race for the table: competitor -> (points, places counted),
    from any finishers in any order, the pole and the fastest lap to anyone or nobody."""
    found = {}
    for size in range(len(case.drivers) + 1):
        for order in itertools.permutations(case.drivers, size):
            poles = (*case.drivers, None) if case.pole else (None,)
            for pole, fastest in itertools.product(poles, (*case.drivers, None) if case.fastest else (None,)):
                result = score(case, table, order, pole, fastest)
                found[repr(sorted(result.items()))] = result
    return list(found.values())


def score(case: Case, table: str, order, pole, fastest) -> dict:
    place = {d: i + 1 for i, d in enumerate(order)}
    points = {}
    for d in case.drivers:
        p = place.get(d)
        gain = case.scale[p - 1] if p and p <= len(case.scale) else 0
        gain += case.pole if p and d == pole else 0
        gain += case.fastest if p and d == fastest and p <= case.fastest_top else 0
        points[d] = gain
    if table == "drivers":
        return {d: (points[d], (place[d],) if d in place else ()) for d in case.drivers}
    if table == "trio":
        ranked = [d for d in order if d in case.members]
        return {d: (case.category_scale[ranked.index(d)] if d in ranked and ranked.index(d) < len(case.category_scale) else 0,
                    (ranked.index(d) + 1,) if d in ranked else ()) for d in case.members}
    result = {}
    for team in dict.fromkeys(case.teams.values()):
        cars = sorted((d for d in case.drivers if case.teams[d] == team and d in place), key=lambda d: (-points[d], place[d]))
        counted = cars[: case.cars_per_race]
        result[team] = (sum(points[d] for d in counted), tuple(place[d] for d in counted))
    return result


def race_max(case: Case, table: str) -> int:
    if table == "trio":
        return case.category_scale[0]
    cars = case.cars_per_race if table == "teams" else 1
    return sum(sorted(case.scale, reverse=True)[:cars]) + case.pole + case.fastest


@dataclass
class Record:
    rounds: dict
    counts: list
    finishes: list  # best place per race, NO_FINISH without one

    def add(self, round_id: str, points: int, places: tuple) -> Record:
        counts = list(self.counts)
        for p in places:
            counts += [0] * (p - len(counts))
            counts[p - 1] += 1
        rounds = dict(self.rounds)
        rounds[round_id] = rounds.get(round_id, 0) + points
        return Record(rounds, counts, self.finishes + [min(places, default=NO_FINISH)])


def total(case: Case, rounds: dict) -> int:
    values = sorted(rounds.values(), reverse=True)
    return sum(values[: case.best_rounds] if case.best_rounds else values)


def champion(case: Case, table: str, records: dict, left: list[tuple[str, int]]) -> str | None:
    """Who holds the title with `left` races (round id, count) still to run, or None."""
    def key(name):
        counts = tuple(-c for c in records[name].counts) + (0,) * 20
        return (-total(case, records[name].rounds), counts[:20], tuple(reversed(records[name].finishes)), name)
    ranked = sorted(records, key=key)
    leader = ranked[0]
    floor = total(case, records[leader].rounds)
    if floor <= 0:
        return None  # no title is won with nothing
    if not left:
        return leader
    most = race_max(case, table)

    def ceiling(rounds):
        rounds = dict(rounds)
        for round_id, _ in left:
            rounds[round_id] = rounds.get(round_id, 0) + most
        return total(case, rounds)

    if any(ceiling(records[r].rounds) >= floor for r in ranked[1:]):
        return None
    if not case.closed and ceiling({}) >= floor:
        return None  # a newcomer, from nothing
    return leader


# --- the check --------------------------------------------------------------------------------------


def check(case: Case, tables: tuple[str, ...]) -> None:
    season, first = case.season(), case.first_round()
    stakes = round_stakes(compute_season(season, [first]), "r2")
    titles = {t.table: t for t in stakes.titles}
    for table in [t for t in tables if t in titles]:
        title = titles[table]
        start = {name: Record({}, [], []).add("r1", *result)
                 for name, result in score(case, table, *case.first).items()}
        per_race = race_results(case, table)
        earliest = None
        for race in range(1, case.round_races + 1):
            left = [("r2", n) for n in range(race + 1, case.round_races + 1)] + [("r3", n) for n in range(1, case.later + 1)]
            horizon = next((h for h in title.horizons if h.race == race), None)
            verdicts = {}  # (holder, condition index) -> (it fails or countback decides, no other fails) seen
            for sequence in itertools.product(per_race, repeat=race):
                records = dict(start)
                for result in sequence:
                    records = {n: r.add("r2", *result[n]) for n, r in records.items()}
                truth = champion(case, table, records, left)
                if truth is not None and earliest is None:
                    earliest = race
                if horizon is None:
                    continue
                scored = {n: sum(result[n][0] for result in sequence) for n in records}
                claims = {}
                for holder in horizon.holders:
                    mine = [c for c in horizon.conditions if c.holder == holder]
                    values = [holds(c, scored[holder], scored[c.rival] if c.rival else 0) for c in mine]
                    claims[holder] = values
                    for i, value in enumerate(values):
                        others = values[:i] + values[i + 1:]
                        verdicts.setdefault((holder, i), set()).add((value is not True, all(o is not False for o in others)))
                if any(None in v for v in claims.values()):
                    continue  # a tie that countback decides, as the statement says
                assert {h for h, v in claims.items() if all(v)} == ({truth} if truth else set()), (
                    table, race, sequence, truth, [c.sentence() for c in horizon.conditions])
                assert truth is None or truth in horizon.holders
            if horizon is not None and race == 1 and table != "teams":
                check_combinations(horizon, per_race)
            for (holder, i), seen in verdicts.items():  # each condition can fail alone
                assert (True, True) in seen, (table, race, holder, [c.sentence() for c in horizon.conditions if c.holder == holder][i])
        assert title.earliest_race == earliest, (table, earliest, [c.sentence() for h in title.horizons for c in h.conditions])


def check_combinations(horizon, per_race) -> None:
    """Each finishing combination a condition lists is one a race can give: the holder's place and
    the rival's together (a car classified behind has cars ahead of it)."""
    def place(result, name):
        return result[name][1][0] if result[name][1] else None

    for condition in horizon.conditions:
        for combo in condition.combinations or ():
            for held in combo.holder_places:
                assert any(place(r, condition.holder) == held and place(r, condition.rival) == combo.rival.place
                           for r in per_race), (condition.sentence(), held, combo.rival.place)


# --- (a) teams: best two cars, countback --------------------------------------------------------------

TEAM_DRIVERS = ("A1", "A2", "B1", "B2", "C1")
TEAMS = {"A1": "Alpha", "A2": "Alpha", "B1": "Beta", "B2": "Beta", "C1": "Gamma"}


@st.composite
def team_cases(draw):
    return Case(TEAM_DRIVERS, TEAMS, (), tuple(sorted(draw(st.lists(st.integers(1, 4), min_size=2, max_size=3)), reverse=True)),
                (1,), draw(st.integers(0, 1)), 0, 1, None, 1, draw(st.integers(0, 1)),
                (tuple(draw(st.permutations(TEAM_DRIVERS))), draw(st.sampled_from((*TEAM_DRIVERS, None))), None))


@BOUNDED
@given(team_cases())
def test_teams_agree_with_brute_force(case):
    check(case, ("teams",))


# --- (b) a category of three on its own order ---------------------------------------------------------

TRIO = ("M1", "M2", "M3", "N1")


@st.composite
def trio_cases(draw):
    return Case(TRIO, {d: f"T{d}" for d in TRIO}, ("M1", "M2", "M3"), (2, 1), tuple(draw(st.sampled_from([(3, 2, 1), (3, 1), (2, 2, 1)]))),
                0, 0, 1, None, draw(st.integers(1, 2)), draw(st.integers(0, 1)),
                (tuple(draw(st.permutations(TRIO))), None, None))


@BOUNDED
@given(trio_cases())
def test_category_of_three_agrees_with_brute_force(case):
    check(case, ("trio", "drivers"))


# --- (c) four drivers, bonuses, dropped rounds, entries open ------------------------------------------

FOUR = ("Ann", "Bob", "Cat", "Dan")


@st.composite
def four_cases(draw):
    later, races = draw(st.integers(0, 1)), draw(st.integers(1, 2))
    return Case(FOUR, {d: f"T{d}" for d in FOUR}, (), tuple(sorted(draw(st.lists(st.integers(1, 4), min_size=2, max_size=3)), reverse=True)),
                (1,), draw(st.integers(0, 1)), draw(st.integers(0, 1)) if races == 1 else 0, draw(st.integers(1, 2)),
                draw(st.sampled_from([None, 1] if later else [None])), races, later,
                (tuple(draw(st.permutations(FOUR))), draw(st.sampled_from((*FOUR, None))), draw(st.sampled_from((*FOUR, None)))),
                closed=draw(st.booleans()))


@BOUNDED
@given(four_cases())
def test_four_drivers_agree_with_brute_force(case):
    check(case, ("drivers",))


def test_three_drivers_worked_by_hand():
    # The case of the module's docstring.
    case = Case(("Ann", "Bob", "Cat"), {"Ann": "T1", "Bob": "T2", "Cat": "T3"}, (), (3, 2, 1), (1,), 0, 0, 1, None, 1, 1,
                (("Ann", "Bob", "Cat"), None, None))
    stakes = round_stakes(compute_season(case.season(), [case.first_round()]), "r2")
    (drivers,) = [t for t in stakes.titles if t.table == "drivers"]
    assert drivers.earliest_race == 1
    (first,) = drivers.horizons
    assert first.holders == ("Ann",)
    # Bob: 2 + zB + 3 < 3 + y, y - zB >= 3; Cat: 1 + zC + 3 < 3 + y, y - zC >= 2.
    assert [(c.rival, c.kind, c.margin) for c in first.conditions] == [("Bob", "outscore", 3), ("Cat", "outscore", 2)]
    check(case, ("drivers",))


def test_a_question_too_large_to_prove_is_refused_with_a_message(monkeypatch):
    # The bound is lowered so the demo's drivers (six in contention, six places) exceed it.
    import generator.stakes as stakes
    from generator.schema import load_seasons
    from generator.stakes import StakesError

    from .conftest import SEASONS

    monkeypatch.setattr(stakes, "FIELD_LIMIT", 50)
    loaded = load_seasons(SEASONS / "2025-demo-cup")[0]
    results = compute_season(loaded.season, [r.round for r in loaded.rounds])
    with pytest.raises(StakesError, match="too large to prove"):
        round_stakes(results, "02-bravo")
