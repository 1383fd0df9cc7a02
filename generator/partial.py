"""What a round's release cannot show whole: a race whose rows may lack cars, positions the data does
not establish, championship totals it does not know. `build` prints these as warnings, one per
table, naming the drivers; `publish` refuses them unless told the partial release is intended
(the bundled season, rebuilt from a published release, is partial by nature)."""

from __future__ import annotations

from .compute import SeasonResults
from .errors import Problem
from .schema import LoadedRound, LoadedSeason


def partial_tables(loaded: LoadedSeason, race_round: LoadedRound, results: SeasonResults) -> list[Problem]:
    """One warning per race table and per standings table of the round that is not whole."""
    round_id = race_round.round.id
    document = race_round.document
    problems = []
    for i, (race, classification) in enumerate(zip(race_round.round.races, results.classifications[round_id], strict=True)):  # one per race
        unplaced = [r.driver for r in classification.rows if r.status == "classified" and r.position is None]
        parts = []
        if not classification.complete:
            parts.append("results_complete is false: a car without a row may have finished anywhere")
        if unplaced:
            parts.append(f"positions not established: {', '.join(unplaced)}")
        if parts:
            where = document.locate(("races", i, "results_complete") if not classification.complete else ("races", i, "results"))
            problems.append(Problem(where, f"{round_id} race {race.number} is partial: {'; '.join(parts)}", "warning"))
    standings = results.standings(round_id)
    unknown = [r.competitor for r in standings.rows if r.points is None]
    listed = {r.competitor for r in standings.rows} | set(standings.excluded)
    left_out = [e.driver for e in loaded.season.entries if e.driver not in listed and not e.guest]
    if unknown or (not standings.complete and left_out):
        names = ", ".join(unknown + ([] if standings.complete else left_out))
        problems.append(Problem(
            document.locate(()), f"{round_id}: the standings after the round are partial: totals not established: {names}", "warning",
        ))
    return problems


def accept_partial_hint(count: int) -> str:
    return (f"{count} partial table{'s' if count != 1 else ''}: publish with --accept-partial if the release is meant "
            "to show only what the data establishes (mark each race `results_complete: true` once every car is listed)")
