"""`pressgen standings`: drivers', a category's or the teams' standings after a round, as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from ..compute import SeasonResults, TableNotInData
from ..errors import UsageError, did_you_mean
from ..load import computed_seasons, why_no_results
from ..model import Season
from ..schema import LoadedSeason
from ..standings import DRIVERS, Standings, Table


def standings_report(
    path: Path,
    after: str | None = None,
    race: int | None = None,
    as_json: bool = False,
    category: str | None = None,
    teams: bool = False,
) -> str:
    reports = []
    for loaded, results in computed_seasons(path):
        table = _table(loaded.season, category, teams)
        reports.append((loaded.season.id, table, _standings(loaded, results, table, after, race)))
    if as_json:
        objects = [standings_json(season_id, table, s) for season_id, table, s in reports]
        return json.dumps(objects[0] if len(objects) == 1 else objects, ensure_ascii=False, indent=2)
    return "\n\n".join(standings_table(season_id, table, s) for season_id, table, s in reports)


def _table(season: Season, category: str | None, teams: bool) -> Table:
    if category and teams:
        raise UsageError("choose --category or --teams, not both")
    if teams:
        if season.teams is None:
            raise UsageError(f"{season.id}: the season has no team rules (`teams:` in season.yaml)")
        return Table.for_teams(season.teams.cars_per_race)
    if category:
        found = season.category(category)
        if found is None:
            ids = [c.id for c in season.categories]
            raise UsageError(f"{season.id}: no category '{category}'{did_you_mean(category, ids)} (categories: {', '.join(ids) or 'none'})")
        return Table.for_category(found)
    return DRIVERS


def _standings(loaded: LoadedSeason, results: SeasonResults, table: Table, after, race) -> Standings:
    """After the round (its last race, or race N of it); `--race N` alone: race N of the latest round."""
    if after is None and race is not None:
        if not results.races:
            raise UsageError(f"{loaded.season.id}: no race has results yet")
        after = results.races[-1].round_id
    try:
        return results.standings(after, race, table)
    except TableNotInData as exc:
        raise UsageError(str(exc)) from None
    except KeyError:
        raise UsageError(why_no_results(loaded, results, after, race)) from None


def standings_json(season_id: str, table: Table, standings: Standings) -> dict:
    after = standings.after
    name = "team" if table.kind == "teams" else "driver"
    return {
        "season": season_id,
        "table": table.category.id if table.category else table.kind,
        "after": {"round": after.round_id, "race": after.race} if after else None,
        "complete": standings.complete,
        "rows": [
            {
                "position": r.position if r.position <= standings.proven_through else None,
                name: r.competitor,
                **({} if table.kind == "teams" else {"team": r.team}),
                "points": r.points,
                "wins": r.wins,
                "podiums": r.podiums,
                "poles": r.poles,
                "countback": list(r.countback) if r.countback is not None else None,
                "change": r.change,
            }
            for r in standings.rows
        ],
        "excluded": list(standings.excluded),
    }


def standings_table(season_id: str, table: Table, standings: Standings) -> str:
    after = standings.after
    which = table.category.id if table.category else table.kind
    when = f"after {after.round_id} race {after.race}" if after else "before the first race in the data"
    lines = [f"{season_id}, {which}, {when}"]
    proven = standings.proven_through
    for r in standings.rows:
        points = "?" if r.points is None else r.points
        position = r.position if r.position <= proven else "?"  # a place the unknowns could change
        change = "" if not r.change else f"{r.change:+d}"
        team = "" if table.kind == "teams" else r.team
        lines.append(f"{position:>3}  {r.competitor:<28} {team:<34} {points:>6} {change:>4}")
    if not standings.complete:
        lines.append("     (those whose totals the data does not establish are left out)")
    for name in standings.excluded:
        lines.append(f"     excluded: {name}")
    return "\n".join(lines)

