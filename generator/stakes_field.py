"""Pure: what the races of a round can give several competitors together.

stakes.py states a title's conditions pair by pair (the holder against one rival): each is exact
on its own, but whether they can hold together, and which of them the others already imply, is a
question about the field: every car takes a place of its own, and a car classified behind needs
cars ahead of it, which in a small field are rivals, who then score. This module answers it
exactly: it enumerates the results one race can give the competitors together (each one's own
results, scored by the standings' code, come from stakes.py), keeps those a real race can give,
and sums them race by race, keeping only the vectors the question asked can still need.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import le

# A competitor's own result in one race: the places of its cars (None: not classified), the
# bonuses it holds, and the points they give it.
Own = tuple[tuple[int | None, ...], frozenset[str], float]
Vector = tuple[float, ...]  # points per competitor, the holder first

LOW, EXACT, HIGH = -1, 0, 1  # what a coordinate of a question needs: fewer points, these points, more


class FieldTooLarge(ValueError):
    """The enumeration would exceed its bound: the question is refused, not guessed."""


def race_vectors(own: Sequence[Sequence[Own]], fillers: int, directions: Sequence[int], bounds: Sequence[float | None],
                 limit: int) -> frozenset[Vector]:
    """The points vectors one race can give the competitors together: their cars in distinct
    places, each bonus held once at most, and every place above a classified car taken, by one of
    their cars or by one of the `fillers` (the cars whose points do not matter here). A competitor
    the question wants LOW holds no bonus: the same result without it is as good for the question;
    and takes no more points than its bound (points are never taken back within a round)."""
    choices = [[r for r in _distinct(results) if (d != LOW or not r[1]) and (bound is None or r[2] <= bound)]
               for results, d, bound in zip(own, directions, bounds, strict=True)]
    cars = [len(results[0][0]) if results else 0 for results in choices]
    # Competitor by competitor: what the places taken and bonuses held so far allow, each with the
    # partial vectors that lead there (those another one beats for the question left out).
    states: dict[tuple[frozenset[int], frozenset[str]], list[Vector]] = {(frozenset(), frozenset()): [()]}
    visited = 0
    for index, results in enumerate(choices):
        still = sum(cars[index + 1:])  # cars to place after this competitor, which can fill places too
        grown: dict[tuple[frozenset[int], frozenset[str]], set[Vector]] = {}
        for (taken, held), vectors in states.items():
            visited += len(results) * len(vectors)
            if visited > limit:
                raise FieldTooLarge(f"more than {limit} results of one race for {len(choices)} competitors")
            for places, bonuses, gained in results:
                placed = [p for p in places if p is not None]
                if held & bonuses or taken.intersection(placed):
                    continue
                now = taken.union(placed)
                if max(now, default=0) - len(now) > fillers + still:
                    continue  # places left empty above a car that no car left can fill
                grown.setdefault((now, held | bonuses), set()).update(v + (gained,) for v in vectors)
        states = {key: pareto(found, directions[: index + 1]) for key, found in grown.items()}
    return frozenset(v for (taken, _), vectors in states.items() if max(taken, default=0) - len(taken) <= fillers
                     for v in vectors)


def _distinct(results: Sequence[Own]) -> list[Own]:
    """One competitor's results, the same places and points with more bonuses held left out (a
    bonus held for nothing only keeps it from the others)."""
    by_outcome: dict[tuple, list[frozenset[str]]] = {}
    for places, bonuses, points in results:
        by_outcome.setdefault((places, points), []).append(bonuses)
    kept = []
    for (places, points), held in by_outcome.items():
        kept += [(places, b, points) for b in set(held) if not any(o < b for o in held)]
    return kept


def reachable(per_race: Sequence[Iterable[Vector]], directions: Sequence[int], bounds: Sequence[float | None],
              limit: int) -> list[Vector]:
    """The sums over the races of one vector per race, keeping for each holder total only those
    no other one beats on every coordinate in the direction the question needs (LOW, HIGH; EXACT
    coordinates, the holder's first, must match), and dropping those past a LOW coordinate's bound
    (points are never taken back within a round, so such a sum stays past it)."""
    states: list[Vector] = [tuple(0.0 for _ in directions)]
    for vectors in per_race:
        frontier = pareto(vectors, directions)
        if len(states) * len(frontier) > limit:
            raise FieldTooLarge(f"{len(states) * len(frontier)} combined results, over the bound of {limit}")
        sums = {tuple(a + b for a, b in zip(s, v, strict=True)) for s in states for v in frontier}
        states = pareto((s for s in sums if _within(s, bounds)), directions)
    return states


def _within(vector: Vector, bounds: Sequence[float | None]) -> bool:
    return all(b is None or v <= b for v, b in zip(vector, bounds, strict=True))


def pareto(vectors: Iterable[Vector], directions: Sequence[int]) -> list[Vector]:
    """The vectors no other one beats or equals on every LOW and HIGH coordinate with the same
    EXACT coordinates."""
    exact = [i for i, d in enumerate(directions) if d == EXACT]
    signs = [(i, d) for i, d in enumerate(directions) if d != EXACT]
    groups: dict[tuple, list[tuple[Vector, Vector]]] = {}
    for v in vectors:  # as costs: fewer is better on every coordinate
        groups.setdefault(tuple(v[i] for i in exact), []).append((tuple(-d * v[i] for i, d in signs), v))
    kept: list[Vector] = []
    for members in groups.values():
        members.sort()  # a vector can only be beaten by one sorted before it
        best: list[Vector] = []
        for cost, v in members:
            if not any(all(map(le, b, cost)) for b in best):
                best.append(cost)
                kept.append(v)
    return kept
