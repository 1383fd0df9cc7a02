"""A title level on points at the season's end goes to the countback winner, worked by hand on a
made-up two-driver season (made-up people): the standings, the race report's title sentence in
French and English and `pressgen stakes` before the final round all name the same champion."""

from __future__ import annotations

import json
from pathlib import Path

from generator.build import BuildRequest, build
from generator.facts import title_facts
from generator.load import load_and_compute
from generator.translation import fingerprint

from .test_cli import pressgen

# Two rounds of one race each, points 10-6, no bonuses, entries closed.
#   Round 1: Ann Archer wins, Bob Baker retires (not classified): Ann 10, Bob 0.
#   Round 2: Bob Baker wins, Ann Archer retires: Ann 10, Bob 10.
# Level on 10 points. Countback (README: most wins, then most second places, ...): one win each,
# no other classified place: still level. Then the better finish in the latest race where the two
# differ: round 2, Bob 1st, Ann not classified. Bob is first in the final standings, Ann second.
SEASON_YAML = """\
# Made-up season for the tests: made-up people.
series: Countback Cup
year: 2025
languages: [fr, en]
brand: {primary: "#112233", accent: "#445566"}
points:
  scale: [10, 6]
entries_closed: true
entries:
  - {driver: Ann Archer, team: Team Ann, car: 1}
  - {driver: Bob Baker, team: Team Bob, car: 2}
calendar:
  - {id: 01-one, venue: One, races: 1}
  - {id: 02-two, venue: Two, races: 1}
"""

ROUND_YAML = """\
circuit: {venue} Ring
dates: {{start: {day}, end: {day}}}
release_date: {day}
races:
  - number: 1
    laps: 10
    results_complete: true
    results:
      - {{driver: {winner}}}
      - {{driver: {retired}, status: retired, laps: 3}}
"""

PROSE = {"fr": {"headline": "Manche {n}", "reports.race-1.title": "Course", "reports.race-1.paragraphs.a": "Texte."},
         "en": {"headline": "Round {n}", "reports.race-1.title": "Race", "reports.race-1.paragraphs.a": "Text."}}


def countback_season(tmp_path: Path) -> Path:
    folder = tmp_path / "2025-countback"
    (folder / "rounds").mkdir(parents=True)
    (folder / "season.yaml").write_text(SEASON_YAML, encoding="utf-8")
    rounds = [("01-one", "One", "Ann Archer", "Bob Baker"), ("02-two", "Two", "Bob Baker", "Ann Archer")]
    for n, (round_id, venue, winner, retired) in enumerate(rounds, 1):
        path = folder / "rounds" / round_id
        path.mkdir()
        (path / "round.yaml").write_text(
            ROUND_YAML.format(venue=venue, day=f"2025-0{n + 3}-06", winner=winner, retired=retired), encoding="utf-8")
        source = {**PROSE["fr"], "headline": PROSE["fr"]["headline"].format(n=n)}
        record = "source:\n" + "".join(f"  {unit}: \"{fingerprint(text)}\"\n" for unit, text in source.items())
        for lang, units in PROSE.items():
            text = (f"headline: \"{units['headline'].format(n=n)}\"\n"
                    f"reports:\n  race-1: {{title: \"{units['reports.race-1.title']}\", "
                    f"paragraphs: {{a: \"{units['reports.race-1.paragraphs.a']}\"}}}}\n")
            (path / f"{lang}.yaml").write_text(text + (record if lang != "fr" else ""), encoding="utf-8")
    return folder


def test_the_standings_put_the_countback_winner_first(tmp_path):
    [(_, results)] = load_and_compute(countback_season(tmp_path))
    final = results.standings("02-two")
    assert [(r.position, r.competitor, r.points, r.countback) for r in final.rows] == [
        (1, "Bob Baker", 10, (1,)), (2, "Ann Archer", 10, (1,))]


def test_the_final_race_report_names_the_countback_winner_champion(tmp_path):
    folder = countback_season(tmp_path)
    [(_, results)] = load_and_compute(folder)
    # After round 1 Bob can still reach 0 + 10 = 10, Ann's total: open. After round 2, the last
    # race, the tie on points is settled as above: Bob's title, stated after round 2's race.
    assert [(f.subject, f.round_id, f.values["table"]) for f in title_facts(results)] == [
        ("Bob Baker", "02-two", "drivers")]
    out = tmp_path / "out"
    build(BuildRequest(folder, out, "02-two", formats=("text",)))
    fr = (out / "2025-countback" / "02-two" / "02-two-fr.txt").read_text(encoding="utf-8")
    en = (out / "2025-countback" / "02-two" / "02-two-en.txt").read_text(encoding="utf-8")
    assert "Bob Baker remporte le titre pilotes" in fr and "Ann Archer remporte" not in fr
    assert "Bob Baker wins the drivers’ title" in en and "Ann Archer wins" not in en


def test_a_countback_that_the_data_leaves_unknown_keeps_the_title_open(tmp_path):
    # The same season, round 2's results incomplete and listing Bob alone: Ann may have finished
    # 2nd (6 points: Bob 10, Ann 16) or not at all (level, Bob ahead): not proven either way.
    folder = countback_season(tmp_path)
    path = folder / "rounds" / "02-two" / "round.yaml"
    text = path.read_text(encoding="utf-8").replace("results_complete: true", "results_complete: false")
    path.write_text(text.replace("      - {driver: Ann Archer, status: retired, laps: 3}\n", ""), encoding="utf-8")
    [(_, results)] = load_and_compute(folder)
    assert [f.subject for f in title_facts(results)] == []


def test_stakes_before_the_final_round_agree(tmp_path):
    # Before round 2: Ann 10 (a win), Bob 0. One race of 10 points at most is left, the season's
    # last: the champion is first in the final standings. Ann scores a, Bob b, in {10, 6, 0}, and
    # with two cars only one can win, and a car 2nd has the other ahead of it: (a, b) in {(10, 6),
    # (10, 0), (6, 10), (0, 10), (0, 0)}. Bob passes Ann's 10 + a only with b - a > 10: never. Level only at
    # b - a = 10: Bob wins and Ann is not classified, the race above, where countback then the
    # latest race give it to Bob. So Bob is champion exactly when he outscores Ann by 10 or more.
    folder = countback_season(tmp_path)
    result = pressgen("stakes", str(folder), "--round", "02-two", "--json")
    assert result.returncode == 0, result.stderr
    (drivers,) = [t for t in json.loads(result.stdout)["titles"] if t["table"] == "drivers"]
    assert drivers["leader"] == "Ann Archer" and drivers["earliest_race"] == 1
    by_holder = {c["holder"]: c for c in drivers["conditions"]}
    assert (by_holder["Bob Baker"]["kind"], by_holder["Bob Baker"]["margin"]) == ("outscore", 10)
    # Ann's side: champion unless Bob outscores her by the one losing margin. The achievable
    # differences b - a are 10, 4, 0, -4, -10: a threshold of 5 to 10 states the same fact.
    assert by_holder["Ann Archer"]["kind"] == "not_outscored" and 5 <= by_holder["Ann Archer"]["margin"] <= 10
