"""Pure: the standings before a round -> what is at stake in it, for every title still open.

For each table (drivers, each category, teams) whose title is open before the round: the leader,
the contenders (everyone who can still tie or pass the leader, with the most points each can
reach), who is out of contention, the first race of the round after which the title can be decided
and the exact conditions for that, and the same for the round's last race.

"Decided" means what the race report means (facts.title_holder): no rival can still tie or pass the
holder with every point left; after the season's last race, the holder is simply first in the final
standings, ties broken by countback as in the standings.

Why the conditions are exact: the holder is decided when every rival, one by one, is beaten (by
points left, or in the final ranking). Each of those checks depends on two competitors' results
only, so the conditions are one statement per (holder, rival) pair, found by enumerating every
outcome of the pair's races: each place (or no classification) and each bonus, scored by the
standings' own code (points scales, bonuses, guests, categories' own order, teams' best cars,
dropped rounds). Their conjunction is the exact condition. A statement that holds in every outcome
is left out; what remains is what the title depends on.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from .classify import Classification, ClassifiedRow, Timed
from .compute import SeasonResults, TableNotInData
from .facts import _best, _final_ceiling, _unlisted_ceiling, tables
from .model import Race, Season
from .stakes_field import EXACT, HIGH, LOW, FieldTooLarge, race_vectors, reachable
from .standings import RaceInput, Standings, StandingsRow, Table, progression

MAX_OUTCOMES = 60_000  # per pair and race: beyond this the enumeration is refused, not guessed
FIELD_LIMIT = 400_000  # results of one race, or sums kept over the round, for a holder and its rivals together


# (holder's points, rival's points) -> True (holder beats the rival), False, or None (countback decides).
PairTable = dict[tuple[float, float], bool | None]
# A car's place (None: no points), or a team's cars' places.
Places = int | None | tuple[int | None, ...]
# One outcome of a pair's race: holder's points, rival's points, the holder's cars' places, the
# rival's, the bonuses the holder takes, those the rival takes.
_Flat = tuple[float, float, tuple[int | None, ...], tuple[int | None, ...], tuple[str, ...], tuple[str, ...]]


class StakesError(ValueError):
    """The round is not in the calendar, or a table cannot be enumerated within bounds."""


# --- what the command returns -------------------------------------------------------------------


@dataclass(frozen=True)
class Contender:
    competitor: str
    points: float
    most_points: float  # the most the competitor can end the season with


@dataclass(frozen=True)
class Outcome:
    """One competitor's result in one race, as the combinations name it."""

    place: int | None  # place in the table's own order (overall, or among the category); None: no points
    bonuses: tuple[str, ...] = ()  # pole | fastest_lap
    places: tuple[int | None, ...] = ()  # a team: each car's place


@dataclass(frozen=True)
class Combination:
    rival: Outcome
    holder_places: tuple[int | None, ...]  # the holder's places (None: not classified) for that rival outcome
    holder_bonuses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Condition:
    """One proven statement: `holder` is champion after `race` only if it holds.

    kind "not_outscored": holder champion unless `rival` outscores holder by `margin` points or more
         over the races up to `race` of the round;
    kind "outscore": holder must outscore `rival` by `margin` points or more;
    kind "points": holder's points `holder_points` (ranges) allow rival at most `rival_at_most` (dropped
         rounds make the rule depend on the totals, not only on the difference);
    kind "reach": holder must score `margin` points or more (competitors whose totals are not listed).
    `countback`: with a margin exactly `countback` points short, the tie is decided by countback.
    `combinations`: in a single race, the finishing combinations in which the statement fails
    ("not_outscored") or holds ("outscore").
    """

    holder: str
    rival: str | None
    race: int
    kind: str
    margin: float | None = None
    countback: float | None = None
    bands: tuple[tuple, ...] = ()  # (holder from, holder to, kind, value, tie): see _bands
    combinations: tuple[Combination, ...] | None = None
    last_place: int | None = None  # with combinations: the lowest place a car can take in the race

    def sentence(self) -> str:
        """Plain English, for the command's table (the release takes its sentences from the catalogs)."""
        after = f"after race {self.race}"
        if self.kind == "not_outscored":
            text = f"{self.holder} is champion {after} unless {self.rival} outscores them by {_n(self.margin)} points or more"
        elif self.kind == "outscore":
            text = f"{self.holder} is champion {after} only by outscoring {self.rival} by {_n(self.margin)} points or more"
        elif self.kind == "reach":
            text = f"{self.holder} is champion {after} only by scoring {_n(self.margin)} points or more (totals not listed)"
        else:
            if self.rival is None:
                raise ValueError("a points condition is stated against a rival")
            bands = list(self.bands)
            while len(bands) > 1 and bands[0][2] == "impossible":  # too few points: said once, as the least needed
                bands.pop(0)
            text = f"{self.holder} is champion {after}"
            if bands[0] != self.bands[0]:
                text += f" only with at least {_n(bands[0][0])} points in the round"
            parts = [f"with {_span(lo, hi)} points, {_band_rule(self.holder, self.rival, kind, value, tie)}"
                     for lo, hi, kind, value, tie in bands]
            text += ": " + "; ".join(parts)
        if self.countback is not None:
            text += f"; a difference of exactly {_n(abs(self.countback))} points is a tie on points, decided by countback"
        return text


@dataclass(frozen=True)
class Horizon:
    race: int  # after this race of the round
    holders: tuple[str, ...]  # who can be champion then
    conditions: tuple[Condition, ...]
    certain: str | None = None  # champion then whatever happens


@dataclass(frozen=True)
class TitleStakes:
    table: str
    leader: str | None
    leader_points: float | None
    contenders: tuple[Contender, ...]
    out_of_contention: tuple[str, ...]
    earliest_race: int | None
    horizons: tuple[Horizon, ...]
    note: str | None = None  # why nothing can be said, when the data does not prove it

    def as_json(self) -> dict:
        return {
            "table": self.table,
            "leader": self.leader,
            "leader_points": self.leader_points,
            "contenders": [c.__dict__ for c in self.contenders],
            "out_of_contention": list(self.out_of_contention),
            "earliest_race": self.earliest_race,
            "conditions": [_condition_json(c) for h in self.horizons for c in h.conditions],
            "horizons": [
                {"race": h.race, "holders": list(h.holders), "certain": h.certain,
                 "conditions": [_condition_json(c) for c in h.conditions]}
                for h in self.horizons
            ],
            "note": self.note,
        }


@dataclass(frozen=True)
class RoundStakes:
    season: str
    round_id: str
    races: int
    titles: tuple[TitleStakes, ...]
    decided: tuple[tuple[str, str], ...] = ()  # (table, holder) already decided before the round
    not_in_data: tuple[str, ...] = ()

    def as_json(self) -> dict:
        return {
            "season": self.season, "round": self.round_id, "races": self.races,
            "titles": [t.as_json() for t in self.titles],
            "decided": [{"table": t, "holder": h} for t, h in self.decided],
            "not_in_data": list(self.not_in_data),
        }


def _condition_json(c: Condition) -> dict[str, object]:
    data: dict[str, object] = {"holder": c.holder, "rival": c.rival, "race": c.race, "kind": c.kind, "margin": c.margin,
            "countback": c.countback, "statement": c.sentence()}
    if c.bands:
        data["bands"] = [{"holder_from": lo, "holder_to": hi, "rule": kind, "value": value, "countback_at": tie}
                         for lo, hi, kind, value, tie in c.bands]
    if c.combinations is not None:
        data["combinations"] = [
            {"rival": {"place": k.rival.place, "places": list(k.rival.places), "bonuses": list(k.rival.bonuses)},
             "holder_places": list(k.holder_places), "holder_bonuses": list(k.holder_bonuses)}
            for k in c.combinations
        ]
    return data


def _span(lo: float, hi: float) -> str:
    return f"{_n(lo)}" if lo == hi else f"{_n(lo)} to {_n(hi)}"


def _band_rule(holder: str, rival: str, kind: str, value: float | None, tie: float | None) -> str:
    if kind == "impossible":
        return "not champion"
    if kind == "any":
        return f"whatever {rival} scores"
    if kind == "countback":
        return f"only by ending level on points with {rival}, and then on countback"
    if value is None:  # only "impossible", "any" and "countback" carry no value
        raise ValueError(f"a {kind} band without its value")
    if kind == "at_most":
        text = f"if {rival} scores nothing" if value == 0 else f"if {rival} scores {_n(value)} or fewer"
    elif value >= 0:
        text = f"unless {rival} outscores {holder} by {_n(value + 1)} or more"
    else:
        text = f"if {holder} outscores {rival} by {_n(-value)} or more"
    if tie is not None:
        exactly = "the same points as" if tie == 0 else f"exactly {_n(abs(tie))} {'more' if tie > 0 else 'fewer'} than"
        text += f" ({rival} scoring {exactly} {holder} leaves them level on points: countback decides)"
    return text


def _n(value: float | None) -> str:
    if value is None:  # a stated condition always has its number (`margin` but for "points")
        raise ValueError("no number to state")
    return str(int(value)) if float(value).is_integer() else str(value)


# --- the round's stakes ---------------------------------------------------------------------------


def round_stakes(results: SeasonResults, round_id: str) -> RoundStakes:
    season = results.season
    order = [r.id for r in season.calendar]
    if round_id not in order:
        raise StakesError(f"{season.id}: no round '{round_id}' in the calendar (rounds: {', '.join(order)})")
    before = _races_before(results, round_id)
    if before is None:  # the data starts at a later round's snapshot
        start = season.snapshot.before if season.snapshot is not None else order[0]
        raise StakesError(f"{season.id}: the data starts at {start}: the standings before {round_id} are not known")
    titles, decided, missing = [], [], []
    for name, table in tables(season):
        try:
            history = results.table_history(table)
        except TableNotInData:
            missing.append(name)
            continue
        standings = history[len(before)]
        stakes = _title_stakes(results, name, table, before, standings, round_id)
        if isinstance(stakes, str):
            decided.append((name, stakes))
        else:
            titles.append(stakes)
    races = season.calendar[order.index(round_id)].races
    return RoundStakes(season.id, round_id, races, tuple(titles), tuple(decided), tuple(missing))


def _races_before(results: SeasonResults, round_id: str) -> list[RaceInput] | None:
    """The races in the data before the round, or None when the data starts after it."""
    order = [r.id for r in results.season.calendar]
    snapshot = results.season.snapshot
    if snapshot is not None and order.index(round_id) < order.index(snapshot.before):
        return None
    return [item for item in results.races if order.index(item.round_id) < order.index(round_id)]


@dataclass
class _Context:
    season: Season
    table: Table
    round_id: str
    races: int  # in the round
    last_round: bool
    before: list[RaceInput]
    standings: Standings
    unlisted: float  # the most a competitor not in the standings can end with (-inf: none)
    future: list[tuple[str, int]]  # races of later rounds
    ceilings: dict  # the most each competitor can end the season with, from the round's start
    cache: dict = field(default_factory=dict)

    def remaining_after(self, race: int) -> list[tuple[str, int]]:
        return [(self.round_id, n) for n in range(race + 1, self.races + 1)] + self.future

    def season_end(self, race: int) -> bool:
        return self.last_round and race == self.races


def _title_stakes(results: SeasonResults, name: str, table: Table, before: list[RaceInput], standings: Standings,
                  round_id: str) -> TitleStakes | str:
    season = results.season
    order = [r.id for r in season.calendar]
    position = order.index(round_id)
    races = season.calendar[position].races
    future = [(r.id, n) for r in season.calendar[position + 1:] for n in range(1, r.races + 1)]
    from_round = [(round_id, n) for n in range(1, races + 1)] + future
    unlisted = float("-inf") if standings.complete else _unlisted_ceiling(results, len(before) - 1, from_round, table)
    rows = standings.rows
    if not rows:
        return TitleStakes(name, None, None, (), (), None, (), note="no standings before the round")
    leader = rows[0]
    if leader.points is None or any(r.points is None for r in rows):
        unknown = [r.competitor for r in rows if r.points is None]
        return TitleStakes(name, leader.competitor, leader.points, (), (), None, (),
                           note=f"totals not established for {', '.join(unknown)}: nothing can be proven")
    ceilings = {r.competitor: _final_ceiling(r, from_round, season, table) for r in rows}
    context = _Context(season, table, round_id, races, position == len(order) - 1, before, standings, unlisted,
                       future, ceilings)
    contenders = [r for r in rows[1:] if ceilings[r.competitor] >= leader.points]
    if not contenders and unlisted < leader.points:
        return leader.competitor  # decided before the round: nothing at stake
    out = tuple(r.competitor for r in rows[1:] if r not in contenders)
    listed = tuple(Contender(r.competitor, _points(r), ceilings[r.competitor]) for r in [leader, *contenders])
    note = None
    if unlisted >= leader.points:
        note = f"competitors not in the standings may still reach {_n(unlisted)} points"
    horizons: list[Horizon] = []
    for race in range(1, races + 1):
        horizon = _horizon(context, race, [leader, *contenders])
        if (horizon.holders and not horizons) or (horizons and race == races):
            horizons.append(horizon)
    if not horizons and races >= 1:
        horizons.append(_horizon(context, races, [leader, *contenders]))
    earliest = next((h.race for h in horizons if h.holders), None)
    return TitleStakes(name, leader.competitor, leader.points, listed, out, earliest, tuple(horizons), note)


def _horizon(context: _Context, race: int, candidates: list[StandingsRow]) -> Horizon:
    """Who can be champion after `race` of the round, and on what conditions."""
    holders, conditions, certain = [], [], None
    for holder in candidates:
        found = _holder_conditions(context, holder, race)
        if found is None:
            continue
        holders.append(holder.competitor)
        conditions.extend(found)
        if not found:
            certain = holder.competitor
    return Horizon(race, tuple(holders), tuple(conditions), certain)


def _holder_conditions(context: _Context, holder: StandingsRow, race: int) -> list[Condition] | None:
    """The statements the holder's title after `race` depends on; None if it cannot happen then.

    Each pair statement is exact on its own; the field (stakes_field.py) says which results the
    round can give the holder and the rivals together. The holder can be champion iff some result
    satisfies every statement; a statement is needed (not implied by the others) iff some result
    fails it while satisfying the others."""
    # a rival whose best possible season ends below the holder's present total cannot stop them
    rivals = [r for r in context.standings.rows if r is not holder and context.ceilings[r.competitor] >= holder.points]
    pairs: dict[str, PairTable] = {}
    for rival in rivals:
        table = _pair_table(context, holder, rival, race)
        if set(table.values()) != {True}:
            pairs[rival.competitor] = table
    reach = _reach(context, holder, race) if context.unlisted > float("-inf") else None

    def reach_ok(y: float) -> bool:
        return reach is None or _total_after(context, holder, y) > context.unlisted

    if not _some_result(context, holder, race, pairs, reach_ok):
        return None
    kept = dict(pairs)
    # Implied statements go, one at a time (two may imply each other): the furthest rival's first.
    for name in reversed(list(pairs)):
        others = {n: t for n, t in kept.items() if n != name}
        if not _some_result(context, holder, race, others, reach_ok, failing=(name, kept[name])):
            del kept[name]
    rows = {r.competitor: r for r in rivals}
    needed = [_statement(context, holder, rows[name], race, table) for name, table in kept.items()]
    if reach is not None and _some_result(context, holder, race, pairs, lambda y: not reach_ok(y)):
        needed.append(reach)
    return needed


def _some_result(context: _Context, holder: StandingsRow, race: int, holding: dict[str, PairTable],
                 holder_ok: Callable[[float], bool], failing: tuple[str, PairTable] | None = None) -> bool:
    """Whether races 1..race of the round can give the holder and the rivals together a result in
    which every statement in `holding` holds (or countback may decide it), the one `failing` does
    not hold (or countback may decide it), and the holder's points in the round pass `holder_ok`."""
    tests = [(name, table, lambda v: v is not False, LOW) for name, table in holding.items()]
    if failing is not None:
        tests.append((failing[0], failing[1], lambda v: v is not True, HIGH))
    if _simple_witness(context, holder, race, holding, holder_ok, failing):
        return True
    names = [name for name, *_ in tests]
    directions = (EXACT,) + tuple(_direction(table, wanted, want) for _, table, wanted, want in tests)
    bounds = (None,) + tuple(max((z for (_, z), v in table.items() if wanted(v)), default=-1.0) if d == LOW else None
                             for (_, table, wanted, _), d in zip(tests, directions[1:], strict=True))
    per_race = [_field_vectors(context, holder.competitor, names, directions, bounds, n) for n in range(1, race + 1)]
    try:
        found = reachable(per_race, directions, bounds, FIELD_LIMIT)
    except FieldTooLarge as exc:
        raise StakesError(f"{context.season.id}: {holder.competitor} and {len(names)} rivals after race {race}: {exc}: "
                          "too large to prove") from None
    return any(holder_ok(v[0]) and all(wanted(table[(v[0], z)]) for (_, table, wanted, _), z in zip(tests, v[1:], strict=True))
               for v in found)


def _simple_witness(context: _Context, holder: StandingsRow, race: int, holding: dict[str, PairTable],
                    holder_ok: Callable[[float], bool], failing: tuple[str, PairTable] | None) -> bool:
    """The quick proof, found in most cases: a result in which every rival of `holding` is not
    classified (the best a rival can do for the holder), but the one `failing`, and the cars
    outside the question fill the places above the holder's (and the failing rival's) cars."""
    field = [holder.competitor, *holding] + ([failing[0]] if failing else [])
    fillers = _fillers(context, [car for c in field for car in _cars(context.season, context.table, c)])
    if failing is None:
        totals = {(y, 0.0) for y in _alone_sums(context, holder.competitor, race, fillers)}
    else:
        totals = _pair_alone_sums(context, holder.competitor, failing[0], race, fillers)
    return any(holder_ok(y) and (failing is None or failing[1][(y, z)] is not True)
               and all(table[(y, 0)] is not False for table in holding.values() if (y, 0) in table)
               and all((y, 0) in table for table in holding.values())
               for y, z in totals)


def _alone_sums(context: _Context, holder: str, race: int, fillers: int) -> set[float]:
    """The holder's possible totals over races 1..race when its cars are the only ones of the
    question classified (with `fillers` other cars)."""
    sums = {0.0}
    for number in range(1, race + 1):
        gains = {points for places, _, points, _ in _solo_outcomes(context, holder, number) if _fits(places, fillers)}
        sums = {a + b for a in sums for b in gains}
    return sums


def _pair_alone_sums(context: _Context, holder: str, rival: str, race: int, fillers: int) -> set[tuple[float, float]]:
    sums = {(0.0, 0.0)}
    for number in range(1, race + 1):
        gains = {key for key, entry in _race_outcomes(context, holder, rival, number).items() if entry["empty"] <= fillers}
        sums = {(a + c, b + d) for a, b in sums for c, d in gains}
    return sums


def _fits(places: tuple[int | None, ...], fillers: int) -> bool:
    """Cars in these places, and `fillers` other cars to take every place above them."""
    taken = {p for p in places if p is not None}
    return max(taken, default=0) - len(taken) <= fillers


def _direction(table: PairTable, wanted: Callable[[bool | None], bool], want: int) -> int:
    """`want` (LOW: the test holds for fewer of the rival's points, HIGH: for more) when the table
    bears it out for every holder total; else EXACT (the field then keeps every total apart)."""
    by_holder: dict[float, list[tuple[float, bool]]] = {}
    for (y, z), verdict in table.items():
        by_holder.setdefault(y, []).append((z, wanted(verdict)))
    for found in by_holder.values():
        oks = [ok for _, ok in sorted(found)]
        if want == LOW:
            oks.reverse()
        if any(a and not b for a, b in itertools.pairwise(oks)):  # an ok total past a failing one
            return EXACT
    return want


def _field_vectors(context: _Context, holder: str, rivals: list[str], directions: tuple[int, ...],
                   bounds: tuple[float | None, ...], number: int) -> frozenset[tuple[float, ...]]:
    key = ("field", holder, tuple(rivals), directions, bounds, number)
    if key not in context.cache:
        competitors = [holder, *rivals]
        own = [[(places, frozenset(k for k, car in bonuses.items() if car is not None), points)
                for places, bonuses, points, _ in _solo_outcomes(context, c, number)] for c in competitors]
        cars = [car for c in competitors for car in _cars(context.season, context.table, c)]
        try:
            context.cache[key] = race_vectors(own, _fillers(context, cars), directions, bounds, FIELD_LIMIT)
        except FieldTooLarge as exc:
            raise StakesError(f"{context.season.id}: {holder} and {len(rivals)} rivals in race {number}: {exc}: "
                              "too large to prove") from None
    return context.cache[key]


def _fillers(context: _Context, cars: list[str]) -> int:
    """How many other cars can take a place that scores in the table: the other scorers, and
    guests where a guest keeps the points of the place it takes."""
    season, table = context.season, context.table
    count = len(_scorers(season, table)) - len(cars)
    if not _own_order(table) and not season.points.guests_pass_points:
        count += sum(1 for e in season.entries if e.guest)
    return count


# --- one pair of competitors -------------------------------------------------------------------------


def _pair_table(context: _Context, holder: StandingsRow, rival: StandingsRow, race: int) -> PairTable:
    """(holder's points, rival's points) over races 1..race of the round -> True (holder beats the
    rival), False, or None (a tie on points that countback decides either way)."""
    key = ("pair", holder.competitor, rival.competitor, race)
    if key in context.cache:
        return context.cache[key]
    sequences = _pair_sequences(context, holder.competitor, rival.competitor, race)
    table: PairTable = {}
    for (h, r), outcomes in sequences.items():
        h_total = _total_after(context, holder, h)
        verdict: bool | None  # None: countback cannot tell
        if context.season_end(race):
            r_total = _total_after(context, rival, r)
            if h_total != r_total:
                verdict = h_total > r_total
            else:
                verdict = _countback(context, holder.competitor, rival.competitor, outcomes)
        else:
            verdict = _ceiling_after(context, rival, r, race) < h_total
        table[(h, r)] = verdict
    context.cache[key] = table
    return table


def _rounds_with(context: _Context, row: StandingsRow, added: float) -> tuple:
    rounds = dict(row.round_points)
    rounds[context.round_id] = (rounds.get(context.round_id) or 0) + added
    return tuple(rounds.items())


def _total_after(context: _Context, row: StandingsRow, added: float) -> float:
    """The competitor's total with `added` points in this round (dropped rounds as the standings do)."""
    key = ("total", row.competitor, added)
    if key not in context.cache:
        best = context.season.points.best_rounds
        context.cache[key] = _points(row) + _best(dict(_rounds_with(context, row, added)), best) - _best(dict(row.round_points), best)
    total: float = context.cache[key]
    return total


def _ceiling_after(context: _Context, row: StandingsRow, added: float, race: int) -> float:
    """The most the competitor can end the season with, having scored `added` in races 1..race of the round."""
    key = ("ceiling", row.competitor, added, race)
    if key not in context.cache:
        after = replace(row, points=_total_after(context, row, added), round_points=_rounds_with(context, row, added))
        context.cache[key] = _final_ceiling(after, context.remaining_after(race), context.season, context.table)
    ceiling: float = context.cache[key]
    return ceiling


def _points(row: StandingsRow) -> float:
    """A total the stakes are computed from: _title_stakes says nothing of a table with a total not established."""
    if row.points is None:
        raise ValueError(f"{row.competitor}'s total is not established")
    return row.points


def _countback(context: _Context, holder: str, rival: str, outcomes: list) -> bool | None:
    """Equal points at the season's end: the standings' own ranking decides, outcome by outcome;
    None when it depends on the outcome, or when a countback before the round is not known."""
    rows = {r.competitor: r for r in context.standings.rows}
    if rows[holder].countback is None or rows[rival].countback is None:
        return None
    cars = _cars(context.season, context.table, holder) + _cars(context.season, context.table, rival)
    verdicts = set()
    for sequence in outcomes:
        hypothetical = [
            RaceInput(context.round_id, _race(n + 1), _full_classification(context, n + 1, outcome, cars))
            for n, outcome in enumerate(sequence)
        ]
        final = progression(context.season, context.before + hypothetical, context.table)[-1]
        order = [r.competitor for r in final.rows]
        verdicts.add(order.index(holder) < order.index(rival))
        if len(verdicts) > 1:
            return None
    return verdicts.pop()


def _pair_sequences(context: _Context, holder: str, rival: str, race: int) -> dict:
    """(holder's points, rival's points) over races 1..race -> the classifications realizing them
    (every distinct finishing sequence at the season's end, where countback may need it)."""
    per_race = [_race_outcomes(context, holder, rival, n) for n in range(1, race + 1)]
    keep_all = context.season_end(race)
    sums: dict = {(0, 0): [()]}
    for outcomes in per_race:
        grouped: dict = {}
        for (h, r), sequences in sums.items():
            for (dh, dr), found in outcomes.items():
                target = grouped.setdefault((h + dh, r + dr), [])
                if keep_all:
                    target.extend(s + (c,) for s in sequences for c in found["by_finish"].values())
                elif not target:
                    target.append(sequences[0] + (found["described"][0],))
        sums = grouped
    return sums


def _race_outcomes(context: _Context, holder: str, rival: str, number: int) -> dict:
    """Every result of the pair in race `number` a real race can give: (holder's points, rival's
    points) -> the outcomes realizing it, as (places of the pair's cars, bonus holders), one
    outcome per distinct pair of finishes (what countback reads), and the fewest places left empty
    above the pair's cars by any of them. Each one's own results combine where no place or bonus
    is taken twice and the other cars can fill every place above them."""
    key = ("race", holder, rival, number)
    if key in context.cache:
        return context.cache[key]
    if ("race", rival, holder, number) in context.cache:  # the same results, seen from the rival
        context.cache[key] = _swapped(context.cache[("race", rival, holder, number)], len(_cars(context.season, context.table, rival)))
        return context.cache[key]
    solos_h, solos_r = _solo_outcomes(context, holder, number), _solo_outcomes(context, rival, number)
    if len(solos_h) * len(solos_r) > MAX_OUTCOMES * 20:
        raise StakesError(f"{context.season.id}: {holder} against {rival}: too many outcomes per race to enumerate")
    fillers = _fillers(context, _cars(context.season, context.table, holder) + _cars(context.season, context.table, rival))
    outcomes: dict = {}
    taken_r = [_taken(solo) for solo in solos_r]
    for solo_h in solos_h:
        h_places, h_bonus, h_points, h_fin = solo_h
        h_taken, h_held, h_lowest = _taken(solo_h)
        for (r_places, r_bonus, r_points, r_fin), (r_taken, r_held, r_lowest) in zip(solos_r, taken_r, strict=True):
            if h_taken & r_taken or h_held & r_held:
                continue
            empty = max(h_lowest, r_lowest) - len(h_taken) - len(r_taken)
            if empty > fillers:
                continue  # a place above the pair's cars that nobody else can take
            bonuses = {k: h_bonus[k] or r_bonus[k] for k in h_bonus}
            outcome = (h_places + r_places, bonuses)
            entry = outcomes.setdefault((h_points, r_points), {"by_finish": {}, "described": [], "empty": empty})
            entry["by_finish"].setdefault((h_fin, r_fin), outcome)
            entry["described"].append(outcome)
            entry["empty"] = min(entry["empty"], empty)
    context.cache[key] = outcomes
    return outcomes


def _swapped(outcomes: dict, first_cars: int) -> dict:
    """A pair's results with the two competitors' roles exchanged (`first_cars`: the first one's cars)."""
    def turn(outcome: tuple) -> tuple:
        places, bonuses = outcome
        return places[first_cars:] + places[:first_cars], bonuses
    return {(r, h): {"by_finish": {(rf, hf): turn(o) for (hf, rf), o in entry["by_finish"].items()},
                     "described": [turn(o) for o in entry["described"]], "empty": entry["empty"]}
            for (h, r), entry in outcomes.items()}


def _taken(solo: tuple) -> tuple[frozenset[int], frozenset[str], int]:
    """A competitor's own result: the places it takes, the bonuses it holds, its lowest place."""
    places, bonuses = solo[0], solo[1]
    taken = frozenset(p for p in places if p is not None)
    return taken, frozenset(k for k, car in bonuses.items() if car is not None), max(taken, default=0)


def _solo_outcomes(context: _Context, competitor: str, number: int) -> list:
    """(places of the competitor's cars, bonus holders, points, finishes), scored by the table on
    a race where the other scorers fill the places left above them (a competitor's points depend
    on its own places only: in a category ranked on its own order, on its place among the members)
    and guests finish behind."""
    key = ("solo", competitor, number)
    if key in context.cache:
        return context.cache[key]
    season, table = context.season, context.table
    cars = _cars(season, table, competitor)
    others = [d for d in _scorers(season, table) if d not in cars]
    race, found = _race(number), []
    for assigned, bonuses in _assignments(season, table, cars):
        classification = _classification(number, dict(zip(cars, assigned, strict=True)), others, [], bonuses)
        score = next((s for s in table.scores(classification, race, season) if s.competitor == competitor), None)
        found.append((assigned, bonuses, score.points if score else 0, score.finishes if score else ()))
    context.cache[key] = found
    return found


def _assignments(season: Season, table: Table, cars: list[str]) -> Iterator[tuple[tuple[int | None, ...], dict[str, str | None]]]:
    """Every (places of the cars, bonus holders): each car in a distinct place that scores in the
    table or not classified; each bonus to one of the cars or to someone else (None)."""
    places = list(range(1, len(_scorers(season, table)) + 1)) + [None]
    kinds = [] if _own_order(table) else [k for k in ("pole", "fastest_lap") if getattr(season.points, k)]  # a category on its own order scores no bonus
    for assigned in itertools.product(places, repeat=len(cars)):
        taken = [p for p in assigned if p is not None]
        if len(taken) != len(set(taken)):
            continue
        for holders in itertools.product(*[list(cars) + [None] for _ in kinds]):
            yield assigned, dict(zip(kinds, holders, strict=True))


def _full_classification(context: _Context, number: int, outcome: tuple, cars: list[str]) -> Classification:
    """A whole race realizing a pair's outcome: the pair's cars in their places, the other scorers
    filling the places left in entry order, then everyone else."""
    assigned, bonuses = outcome
    scorers = _scorers(context.season, context.table)
    others = [d for d in scorers if d not in cars]
    rest = [e.driver for e in context.season.entries if e.driver not in scorers]
    return _classification(number, dict(zip(cars, assigned, strict=True)), others, rest, bonuses)


def _cars(season: Season, table: Table, competitor: str) -> list[str]:
    if table.kind == "teams":
        return [e.driver for e in season.entries if e.team == competitor and not e.guest]
    return [competitor]


def _own_order(table: Table) -> bool:
    return table.category is not None and table.category.scoring == "own"


def _scorers(season: Season, table: Table) -> list[str]:
    """Who takes the places that score in this table: a category's members when it is ranked on its
    own order, else every driver who is not a guest (guests go last: they score nothing)."""
    if table.category is not None and _own_order(table):
        return [e.driver for e in season.members(table.category) if not e.guest]
    return [e.driver for e in season.entries if not e.guest]


def _race(number: int) -> Race:
    return Race.model_construct(number=number, laps=1, results=(), penalties=(), half_points=False)


def _classification(number: int, placed: dict, others: list[str], rest: list[str], bonuses: dict) -> Classification:
    """A race in which the given cars take their places, `others` fill the places left in order (a
    place nobody fills is left empty: the classification then only holds the cars that matter),
    `rest` (guests, non-members) follow, and the cars placed nowhere are not classified."""
    taken = {place: car for car, place in placed.items() if place is not None}
    queue = iter(others)
    slots = []
    for place in range(1, max(taken, default=0) + 1):
        slots.append(taken.get(place) or next(queue, None))
    finishers = slots + list(queue) + rest
    rows = [
        ClassifiedRow(driver, "", position, position, "classified", 1, None)
        for position, driver in enumerate(finishers, start=1) if driver is not None
    ] + [ClassifiedRow(car, "", None, None, "retired", 0, None) for car, place in placed.items() if place is None]
    holders = {kind: Timed(driver, "", None) if driver else None for kind, driver in bonuses.items()}
    return Classification(number, 1, tuple(rows), True, holders.get("pole"), holders.get("fastest_lap"))


# --- statements ----------------------------------------------------------------------------------


def _statement(context: _Context, holder: StandingsRow, rival: StandingsRow, race: int, table: dict) -> Condition:
    by_margin: dict = {}
    for (h, r), verdict in table.items():
        by_margin.setdefault(h - r, set()).add(verdict)
    margins = sorted(by_margin)
    consistent = all(len(v) == 1 for v in by_margin.values())
    tie = [m for m in margins if by_margin[m] == {None}]
    wins = [m for m in margins if by_margin[m] == {True}]
    threshold = min(wins) if wins else max(margins) + 1  # no win on points: only a tie can do
    monotone = consistent and all(
        (by_margin[m] == {True}) == (m >= threshold) for m in margins if m not in tie
    ) and all(m < threshold for m in tie) and len(tie) <= 1
    combos = _combinations(context, holder.competitor, rival.competitor, race) if race == 1 else None
    if monotone:
        countback = tie[0] if tie else None
        if threshold <= 0 or (countback is not None and countback < 0):
            margin = (2 if countback is not None else 1) - threshold
            kind = "not_outscored"
        else:
            margin, kind = threshold, "outscore"
        fails = (lambda m: m < threshold and m not in tie)
        chosen = None
        if combos is not None:
            chosen = tuple(_pick(combos, lambda hp, rp: fails(hp - rp) if kind == "not_outscored" else not fails(hp - rp)))
        return Condition(holder.competitor, rival.competitor, race, kind, margin, countback, combinations=chosen,
                         last_place=len(_scorers(context.season, context.table)))
    return Condition(holder.competitor, rival.competitor, race, "points", bands=_bands(table))


def _bands(table: dict) -> tuple:
    """Holder's points -> what the rival may score: (from, to, kind, value, tie). kind "margin": the
    rival scores at most the holder's points + value; "at_most": at most value; "any": whatever the
    rival can score alongside; "impossible"; "countback": only level on points. tie: with the rival
    on the holder's points + tie, the totals are level and countback decides (None: no such case).
    Consecutive holder totals with the same rule are merged."""
    bands: list = []
    for h in sorted({h for h, _ in table}):
        verdicts = sorted(((r, v) for (hh, r), v in table.items() if hh == h), key=lambda rv: rv[0])
        allowed = [r for r, v in verdicts if v is True]
        ties = [r - h for r, v in verdicts if v is None]
        tie = ties[0] if ties else None
        if len(allowed) == len(verdicts):
            rule = ("any", None, None)
        elif not allowed:
            rule = ("countback" if ties else "impossible", None, tie)
        else:
            rule = ("margin", max(allowed) - h, tie)
        last = bands[-1] if bands else None
        if last and last[2:] == rule:
            bands[-1] = (last[0], h) + rule
        elif last and rule[0] == "margin" and tie is None and last[4] is None and (
                (last[2] == "at_most" and last[3] == h + rule[1])
                or (last[2] == "margin" and last[0] == last[1] and last[1] + last[3] == h + rule[1])):
            bands[-1] = (last[0], h, "at_most", h + rule[1], None)
        else:
            bands.append((h, h) + rule)
    return tuple(bands)


def _reach(context: _Context, holder: StandingsRow, race: int) -> Condition | None:
    """Competitors whose totals are not listed: the holder must end above the most they can reach
    (None: the holder does whatever happens)."""
    sums = _achievable_sums(context, holder, race)
    needed = next((p for p in sums if _total_after(context, holder, p) > context.unlisted), None)
    if needed == sums[0]:
        return None
    return Condition(holder.competitor, None, race, "reach", needed if needed is not None else float("inf"))


def _achievable_sums(context: _Context, holder: StandingsRow, race: int) -> list[float]:
    rival = next((r for r in context.standings.rows if r is not holder), None)
    if rival is None:
        return [0]
    return sorted({h for h, _ in _pair_sequences(context, holder.competitor, rival.competitor, race)})


def _combinations(context: _Context, holder: str, rival: str, race: int) -> list[_Flat]:
    outcomes = _race_outcomes(context, holder, rival, race)
    flat = []
    cars_h, cars_r = _cars(context.season, context.table, holder), _cars(context.season, context.table, rival)
    for (hp, rp), entry in outcomes.items():
        for assigned, bonuses in entry["described"]:
            flat.append((hp, rp, assigned[:len(cars_h)], assigned[len(cars_h):],
                         tuple(k for k, d in bonuses.items() if d in cars_h),
                         tuple(k for k, d in bonuses.items() if d in cars_r)))
    return flat


def _pick(flat: list[_Flat], selected: Callable[[float, float], bool]) -> list[Combination]:
    """The outcomes where `selected(holder points, rival points)`: grouped by the rival's outcome and
    the holder's bonuses, with the holder's places listed."""
    groups: dict = {}
    for hp, rp, h_places, r_places, h_bonus, r_bonus in flat:
        if selected(hp, rp):
            groups.setdefault((r_places, r_bonus, h_bonus), set()).add(h_places[0] if len(h_places) == 1 else h_places)
    combos = []
    for (r_places, r_bonus, h_bonus), h_set in sorted(groups.items(), key=lambda g: _sort_key(g[0])):
        rival = Outcome(r_places[0] if len(r_places) == 1 else None, r_bonus, r_places if len(r_places) > 1 else ())
        combos.append(Combination(rival, tuple(sorted(h_set, key=_place_key)), h_bonus))
    return combos


def _place_key(place: Places) -> tuple:
    if isinstance(place, tuple):
        return tuple(_place_key(p) for p in place)
    return (place is None, place or 0)


def _sort_key(group: tuple[Places, tuple[str, ...], tuple[str, ...]]) -> tuple:
    r_places, r_bonus, h_bonus = group
    return (_place_key(r_places), r_bonus, h_bonus)
