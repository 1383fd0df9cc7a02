"""Pure: computed tables -> the facts a press officer writes about.

Per race: season win, podium and pole counts ("third win of the season"), first wins and podiums,
a change of championship leader, the points lead, each category's best finisher. Per table
(drivers, each category, teams): after which race the title was decided mathematically, that is
when no rival can tie or pass the leader with every point still available (after the season's last
race, a tie on points settled by a known countback). The published record's
declared titles stand in for tables the data cannot compute.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .classify import Classification
from .compute import SeasonResults, TableNotInData
from .model import Category, DeclaredTitle, Season
from .standings import DRIVERS, RaceInput, Standings, StandingsRow, Table, race_points


@dataclass(frozen=True)
class Fact:
    kind: str  # win | podium | pole | first_win | first_podium | leader_change | points_lead | category_winner | title
    subject: str  # a driver or a team
    round_id: str | None
    race: int | None
    values: dict[str, object] = field(default_factory=dict, hash=False)

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "subject": self.subject, "round": self.round_id, "race": self.race, "values": self.values}


# --- facts of one race -------------------------------------------------------------------------------


def race_facts(results: SeasonResults, index: int) -> list[Fact]:
    """What race `index` (in results.races) establishes."""
    item = results.races[index]
    before, after = results.history[index], results.history[index + 1]
    facts = _result_counts(item, after) + _leadership(item, before, after)
    facts += [f for category in results.season.categories if (f := _category_winner(results.season, item, category))]
    return facts


def _result_counts(item: RaceInput, after: Standings) -> list[Fact]:
    """Wins, podiums and poles with the season count each brings the driver to (None if unknown)."""
    facts = []
    classification: Classification = item.classification
    for row in classification.top(3):
        standing = after.row(row.driver)
        wins, podiums = (standing.wins, standing.podiums) if standing else (None, None)
        if row.position == 1:
            facts.append(_fact("win", row.driver, item, count=wins))
            if wins == 1:
                facts.append(_fact("first_win", row.driver, item))
        facts.append(_fact("podium", row.driver, item, count=podiums, position=row.position))
        if podiums == 1:
            facts.append(_fact("first_podium", row.driver, item))
    if classification.pole:
        standing = after.row(classification.pole.driver)
        facts.append(_fact("pole", classification.pole.driver, item, count=standing.poles if standing else None))
    return facts


def _leadership(item: RaceInput, before: Standings, after: Standings) -> list[Fact]:
    """A change of leader and the points lead, each only where every completion of the unknowns
    agrees: the leader is proven first, and the margin is stated only if the second is proven too."""
    facts: list[Fact] = []
    leader = _proven_leader(after)
    if leader is None or leader.points is None or len(after.rows) < 2:
        return facts
    points = leader.points
    previous = _proven_leader(before)
    if previous is not None and previous.competitor != leader.competitor:
        facts.append(_fact("leader_change", leader.competitor, item, previous=previous.competitor))
    second = after.rows[1]
    if after.proven_through >= 2 and second.points is not None and second.points < points:
        facts.append(_fact("points_lead", leader.competitor, item, lead=points - second.points,
                           over=second.competitor, points=points))
    elif all(_ceiling(row) < points for row in after.rows[1:]):
        # The second place or its total is not established: the lead is, its margin is not.
        facts.append(_fact("points_lead", leader.competitor, item, lead=None, over=None, points=points))
    return facts


def _proven_leader(standings: Standings) -> StandingsRow | None:
    """The first row if no completion of the unknowns puts anyone level with it or ahead."""
    if standings.proven_through < 1 or not standings.rows[0].points:
        return None
    return standings.rows[0]


def _ceiling(row: StandingsRow) -> float:
    return row.ceiling if row.ceiling is not None else float("inf")


def _category_winner(season: Season, item: RaceInput, category: Category) -> Fact | None:
    members = {e.driver for e in season.members(category) if not e.guest}
    best = next((r for r in item.classification.rows if r.driver in members and r.status == "classified"), None)
    if best is None or best.position is None:
        return None
    return _fact("category_winner", best.driver, item, category=category.id, position=best.position)


def _fact(kind: str, subject: str, item: RaceInput | None, **values: object) -> Fact:
    return Fact(kind, subject, item.round_id if item else None, item.race.number if item else None, values)


# --- titles -------------------------------------------------------------------------------------------


def tables(season: Season) -> list[tuple[str, Table]]:
    named = [("drivers", DRIVERS)] + [(c.id, Table.for_category(c)) for c in season.categories]
    if season.teams:
        named.append(("teams", Table.for_teams(season.teams.cars_per_race)))
    return named


def title_facts(results: SeasonResults) -> list[Fact]:
    """For each table, the race after which its title was decided, computed or declared."""
    facts, computed = [], set()
    for name, table in tables(results.season):
        try:
            history = results.table_history(table)
        except TableNotInData:
            continue
        computed.add(name)
        decided = decided_after(results, history, table)
        if decided is not None:
            index, holder = decided
            item = results.races[index] if index >= 0 else None
            facts.append(_fact("title", holder, item, table=name, source="computed"))
    last_round = results.season.calendar[-1].id
    return facts + [_declared(t, last_round) for t in results.season.declared_titles if t.table not in computed]


def _declared(title: DeclaredTitle, last_round: str) -> Fact:
    """A declared title; without the race it was decided in, it stands at the season's last round."""
    ref = title.decided_after
    return Fact("title", title.holder, ref.round if ref else last_round, ref.race if ref else None,
                {"table": title.table, "source": "declared"})


def decided_after(results: SeasonResults, history: tuple[Standings, ...], table: Table) -> tuple[int, str] | None:
    """The first race (index into results.races; -1 for the snapshot) after which the leader can no
    longer be tied or passed, with the leader; None while it is open."""
    for index in range(-1, len(results.races)):
        holder = title_holder(results, history[index + 1], table, index)
        if holder is not None:
            return index, holder
    return None


def title_holder(results: SeasonResults, standings: Standings, table: Table, index: int) -> str | None:
    """The leader if no rival can still reach the leader's total with the points left after race `index`;
    after the season's last race, a rival level on points is behind the leader when countback decides."""
    leader = standings.rows[0] if standings.rows else None
    if leader is None or not leader.points:
        return None  # unknown, or no point scored: no title is won with nothing
    floor = leader.points  # the least the leader ends with: future rounds only add to the best N
    season = results.season
    remaining = remaining_races(results, index)
    if remaining and len(table.competitors(season)) < 2:
        return None  # a table of one has no contest: its title is stated after its last race
    if remaining and not season.entries_closed and _newcomer_ceiling(season, table, remaining) >= floor:
        return None  # a driver or team still able to join, from zero, could reach the leader
    for rival in standings.rows[1:]:
        if rival.points is None:
            return None
        ceiling = _final_ceiling(rival, remaining, season, table)
        if ceiling > floor or (ceiling == floor and not _countback_decides(leader, rival, remaining)):
            return None
    if not standings.complete and _unlisted_ceiling(results, index, remaining, table) >= floor:
        return None
    return leader.competitor


def _countback_decides(leader: StandingsRow, rival: StandingsRow, remaining: list[tuple[str, int]]) -> bool:
    """Level on points after the season's last race: the standings rank the two by countback, then by
    the latest race where their finishes differ, so the leader, ranked first, holds the title; only
    when both countbacks are known (a place that would count, not established, could reverse it)."""
    return not remaining and leader.countback is not None and rival.countback is not None


def remaining_races(results: SeasonResults, index: int) -> list[tuple[str, int]]:
    """(round id, race number) of every race after race `index`: those in the data, then the
    calendar's rounds with no data yet, each with its number of races."""
    season = results.season
    in_data = [(item.round_id, item.race.number) for item in results.races[index + 1:]]
    with_data = {item.round_id for item in results.races}
    last = max((i for i, r in enumerate(season.calendar) if r.id in with_data), default=-1)
    future = [(r.id, n) for r in season.calendar[last + 1:] for n in range(1, r.races + 1)]
    return in_data + future


def max_race_points(season: Season, table: Table, race_number: int) -> float:
    """The most one competitor of the table can score in one race (full points, every bonus)."""
    points = season.points
    bonuses = (points.pole.points if points.pole else 0) + (points.fastest_lap.points if points.fastest_lap else 0)
    if table.category is not None and table.category.scoring == "own":
        scale = table.category.scale or points.scale_for(race_number)
        return scale[0] if scale else 0
    scale = points.scale_for(race_number)
    cars = table.cars_per_race if table.kind == "teams" else 1
    return sum(sorted(scale, reverse=True)[:cars]) + bonuses


def _final_ceiling(row: StandingsRow, remaining: list[tuple[str, int]], season: Season, table: Table) -> float:
    """The most the competitor can end with: every remaining point, dropped rounds replaced."""
    if row.points is None:
        return float("inf")  # an unknown total may be anything
    best = season.points.best_rounds
    rounds = dict(row.round_points)
    for round_id, number in remaining:
        rounds[round_id] = (rounds.get(round_id) or 0) + max_race_points(season, table, number)
    return row.points + _best(rounds, best) - _best(dict(row.round_points), best)


def _newcomer_ceiling(season: Season, table: Table, remaining: list[tuple[str, int]]) -> float:
    """The most a competitor joining now can end with: every remaining point, best rounds kept."""
    rounds: dict[str, float] = {}
    for round_id, number in remaining:
        rounds[round_id] = rounds.get(round_id, 0) + max_race_points(season, table, number)
    return _best(rounds, season.points.best_rounds)


def _best(rounds: Mapping[str, float | None], best: int | None) -> float:
    totals = sorted((t or 0 for t in rounds.values()), reverse=True)
    return sum(totals[:best] if best else totals)


def _unlisted_ceiling(results: SeasonResults, index: int, remaining: list[tuple[str, int]], table: Table) -> float:
    """Competitors a partial snapshot leaves out: at most `others_at_most` then, plus the most any of
    them can have scored in each race since, plus every point left."""
    snapshot = results.season.snapshot
    if snapshot is None or snapshot.others_at_most is None:
        return float("inf")
    listed = {row.driver for row in snapshot.drivers}
    scored = sum(_unlisted_race_max(item, results.season, listed) for item in results.races[: index + 1])
    left = sum(max_race_points(results.season, table, number) for _, number in remaining)
    return snapshot.others_at_most + scored + left


def _unlisted_race_max(item: RaceInput, season: Season, listed: set[str]) -> float:
    points = race_points(item.classification, item.race, season)
    scale = season.points.scale_for(item.race.number)
    first_unproven = item.classification.established_through + 1
    not_listed_bound = 0 if item.race.results_complete or first_unproven > len(scale) else scale[first_unproven - 1]
    bounds = [not_listed_bound] + [
        (p if p is not None else not_listed_bound) for driver, p in points.items() if driver not in listed
    ]
    return max(bounds)


# --- a round -------------------------------------------------------------------------------------------


def round_facts(results: SeasonResults, round_id: str) -> list[Fact]:
    """Every fact of a round's races, then the titles decided in it (or declared for it)."""
    titles = results.remember(("titles",), lambda: title_facts(results))
    facts = [f for i, item in enumerate(results.races) if item.round_id == round_id for f in race_facts(results, i)]
    return facts + [f for f in titles if f.round_id == round_id]
