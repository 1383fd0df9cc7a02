"""What the data leaves unknown never becomes a printed fact: hand-worked cases (made-up drivers).

Unknowns: an entry with no row in a race whose results are incomplete, a place not established,
and, unless `entries_closed: true`, a newcomer joining at 0 points. A table of one has no contest.
"""

import datetime as dt

from generator.compute import compute_season
from generator.facts import round_facts, title_facts
from generator.model import Round, Season


def season(entries, rounds=3, closed=True, scale=(10, 8, 6), categories=()):
    return Season.model_validate({
        "id": "truth", "series": "Truth Cup", "year": 2025, "brand": {"primary": "#000000", "accent": "#FFFFFF"},
        "points": {"scale": list(scale)}, "entries": entries, "entries_closed": closed,
        "categories": [{"id": c, "name": {"fr": c, "en": c}} for c in categories],
        "calendar": [{"id": f"r{i}", "venue": "X"} for i in range(1, rounds + 1)],
    })


def race_round(number, rows, complete=True):
    return Round.model_validate({
        "id": f"r{number}", "circuit": "X", "dates": {"start": dt.date(2025, 5, number), "end": dt.date(2025, 5, number)},
        "release_date": dt.date(2025, 5, number + 1),
        "races": [{"number": 1, "laps": 10, "results": rows, "results_complete": complete}],
    })


def titles(results, table):
    return [(f.subject, f.round_id) for f in title_facts(results) if f.values["table"] == table]


A, B, G1, G2 = "Ann Archer", "Bob Baker", "Gil Grant", "Gus Gray"
ENTRIES = [{"driver": A, "team": "T1"}, {"driver": B, "team": "T2"},
           {"driver": G1, "team": "T2", "categories": ["gentlemen"]}, {"driver": G2, "team": "T1", "categories": ["gentlemen"]}]


def test_a_category_rival_with_no_row_in_an_incomplete_race_keeps_the_title_open():
    # Round 1 of 3, results incomplete: Ann 1st, Bob 2nd, Gil retired (0 points); Gus has no row.
    # Gentlemen: Gil 0, Gus unknown (he may have been 3rd: 6 points) -> nobody leads, no title.
    # (Before, Gus was not counted at all and Gil "won" the title with 0 points.)
    s = season(ENTRIES, categories=["gentlemen"])
    rounds = [race_round(1, [{"driver": A}, {"driver": B, "gap": "1.000"}, {"driver": G1, "status": "retired", "laps": 2}], complete=False)]
    assert titles(compute_season(s, rounds), "gentlemen") == []


def test_a_category_member_with_no_row_yet_is_a_rival_at_zero():
    # Complete results, Gus absent (0 points). Gentlemen after round 1: Gil 6, Gus 0; two rounds left
    # at 10 points each: Gus can reach 20 >= 6 -> open.
    s = season(ENTRIES, categories=["gentlemen"])
    rounds = [race_round(1, [{"driver": A}, {"driver": B, "gap": "1.000"}, {"driver": G1, "gap": "2.000"}])]
    assert titles(compute_season(s, rounds), "gentlemen") == []


def test_a_single_member_category_is_decided_only_after_its_last_race():
    # Only Gil is a Gentleman. Closed or open entry list: no contest, so no title after round 1 of 3,
    # nor after round 2; after round 3 (the last) Gil holds it.
    entries = [{"driver": A, "team": "T1"}, {"driver": G1, "team": "T2", "categories": ["gentlemen"]}]
    rows = [{"driver": A}, {"driver": G1, "gap": "1.000"}]
    for closed in (True, False):
        s = season(entries, closed=closed, categories=["gentlemen"])
        assert titles(compute_season(s, [race_round(1, rows)]), "gentlemen") == []
        assert titles(compute_season(s, [race_round(1, rows), race_round(2, rows)]), "gentlemen") == []
        three = [race_round(n, rows) for n in (1, 2, 3)]
        assert titles(compute_season(s, three), "gentlemen") == [(G1, "r3")]


def test_an_open_entry_list_keeps_a_newcomer_in_reach():
    # Ann wins rounds 1 and 2 (20), Bob 2nd twice (16): with one round left Bob can reach 26 -> open.
    # Ann wins round 3 too: 30 vs 24, season over: hers, open list or not. After round 2 with Bob
    # 2nd, closed entries: Bob's 16 + 10 = 26 >= 20 -> open; nobody else: a newcomer (0 + 10) cannot
    # reach 20 either, so the entry list changes nothing here; with 4 rounds it does (0 + 20 >= 20).
    rows = [{"driver": A}, {"driver": B, "gap": "1.000"}]
    entries = ENTRIES[:2]
    s4_closed, s4_open = season(entries, rounds=4), season(entries, rounds=4, closed=False)
    two = [race_round(1, rows), race_round(2, rows)]
    three = two + [race_round(3, rows)]
    # After round 3 of 4: Ann 30, Bob 24 + 10 = 34 -> open for both.
    assert titles(compute_season(s4_closed, three), "drivers") == []
    # A 4-round season where Bob is absent from round 3: Ann 30, Bob 16 + 10 = 26 < 30 -> closed list:
    # decided after r3; open list: a newcomer has 0 + 10 < 30 -> decided too.
    absent = two + [race_round(3, [{"driver": A}])]
    assert titles(compute_season(s4_closed, absent), "drivers") == [(A, "r3")]
    assert titles(compute_season(s4_open, absent), "drivers") == [(A, "r3")]
    # After round 2 of 4, Bob absent from both rounds: Ann 20, Bob 0 + 20 >= 20 -> open; so is a newcomer.
    lone = [race_round(1, [{"driver": A}]), race_round(2, [{"driver": A}])]
    assert titles(compute_season(s4_closed, lone), "drivers") == []


def test_lead_margin_omitted_when_the_second_total_is_unknown():
    # Scale 10-8-6. Round 1 complete: Ann 10, Bob 8, Gil 6 (Gus absent: 0). Round 2 incomplete, only
    # Ann listed (1st): Bob, Gil and Gus may hold 2nd (8) at best. Ann 20; Bob in [8, 16], Gil in
    # [6, 14], Gus in [0, 8]: Ann leads whatever happened (16 < 20), by a margin the data does not give.
    s = season(ENTRIES)
    rounds = [race_round(1, [{"driver": A}, {"driver": B, "gap": "1.000"}, {"driver": G1, "gap": "2.000"}]),
              race_round(2, [{"driver": A}], complete=False)]
    results = compute_season(s, rounds)
    leads = [(f.subject, f.values) for f in round_facts(results, "r2") if f.kind == "points_lead"]
    assert leads == [(A, {"lead": None, "over": None, "points": 20})]
    # The standings show Ann alone: Bob's place and total are not established.
    after = results.standings("r2")
    assert [(r.position, r.competitor, r.points) for r in after.shown(5)] == [(1, A, 20)]


def test_no_lead_sentence_when_the_leader_is_not_proven():
    # Round 2 incomplete with only Bob listed (1st): Bob 18, Ann in [10, 18] -> Ann may tie: no lead,
    # no leader change, and no standings row is proven.
    s = season(ENTRIES)
    rounds = [race_round(1, [{"driver": A}, {"driver": B, "gap": "1.000"}, {"driver": G1, "gap": "2.000"}]),
              race_round(2, [{"driver": B}], complete=False)]
    results = compute_season(s, rounds)
    facts = round_facts(results, "r2")
    assert [f for f in facts if f.kind in ("points_lead", "leader_change")] == []
    assert results.standings("r2").shown(5) == ()
