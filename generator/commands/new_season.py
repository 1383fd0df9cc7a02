"""`pressgen new-season`: a season folder with a `season.yaml` that names every field, the required
ones left empty to fill and the optional ones as comments: nothing about the championship is
invented. `pressgen validate` then says, field by field, what each empty one needs."""

from __future__ import annotations

import re
from pathlib import Path

from .. import languages as known_languages
from ..errors import UsageError
from ..output import create_folder
from ..scaffold import noted
from ..schema import SEASON_FILE


def new_season(folder: Path, series: str, year: int, languages: list[str]) -> list[str]:
    """Create FOLDER/season.yaml (and an empty rounds/); refuse an existing folder."""
    _check(folder, series, year, languages)
    create_folder(folder, {SEASON_FILE: season_yaml(series, year, languages)}, subfolders=("rounds",))
    return [
        f"created {folder / SEASON_FILE}",
        f"next: fill the empty fields (`pressgen validate {folder}` says what each one needs), "
        f"then `pressgen new-round {folder} ROUND-ID` for each round of the calendar",
    ]


def _check(folder: Path, series: str, year: int, languages: list[str]) -> None:
    if folder.exists():
        raise UsageError(f"{folder} already exists; new-season never overwrites a season")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", folder.name):
        raise UsageError(f"the season's folder name is its id: lower-case letters, digits and hyphens, such as "
                         f"{year}-{_slug(series) or 'my-cup'}; found '{folder.name}'")
    if not series.strip():
        raise UsageError("--series: give the championship's name")
    if not 1900 <= year <= 2200:
        raise UsageError(f"--year: expected a year such as 2026, found {year}")
    codes = known_languages.codes()
    unknown = [lang for lang in languages if lang not in codes]
    if unknown or not languages or len(set(languages)) != len(languages):
        raise UsageError(f"--languages: expected distinct codes among {', '.join(codes)}, the source language first, "
                         f"found '{','.join(languages)}'")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def season_yaml(series: str, year: int, languages: list[str]) -> str:
    langs = ", ".join(languages)
    quoted = _quoted(series)
    lines = [
        f"# {series} {year}: the championship, its entry list, calendar and scoring (README, \"Data format\").",
        "# Fill every empty field, then run `pressgen validate`: it says what each one still needs.",
        "# Lines starting with # are optional fields: remove the # to use one.",
        _noted(f"series: {quoted}", "required; generated text always takes the name from here"),
        _noted("series_in_sentence:", "how a sentence names the series, per language (French needs its article)"),
        *[f"  {lang}: {quoted}" for lang in languages],
        f"year: {year}",
        _noted(f"languages: [{langs}]", "the first is the source language; the others are translations"),
        "brand:",
        _noted("  primary:", "required: the main colour, such as \"#0A2A5E\" (quoted)"),
        _noted("  accent:", "required: the accent colour, such as \"#1C8FE3\""),
        _noted("  # logo: logo.svg", "a PNG, JPEG or SVG file inside this folder"),
        _noted("release: {race_rows: 5, standings_rows: 5}", "rows shown per table"),
        "# release: {race_rows: 5, standings_rows: 5, chart: true}   # chart: the title fight as a drawing",
        _noted("# categories:", "classes within the field, by listing (entries' categories) or by age"),
        "#   - {id: juniors, name: {" + ", ".join(f"{lang}: Juniors" for lang in languages) + "}, max_age: 21, age_on: " + f"{year}-01-01}}",
        "#   - {id: gentlemen, name: {" + ", ".join(f"{lang}: Gentlemen" for lang in languages) + "}, scoring: own, scale: [5, 3, 1]}",
        _noted("# classification: {min_laps_share: 0.9}", "classified: 90% of the winner's laps; without it, the cars that took the flag"),
        "points:",
        _noted("  scale:", "required: points by classified position, such as [25, 18, 15, 12, 10, 8, 6, 4, 2, 1]"),
        _noted("  # races: {2: [20, 15, 12]}", "another scale for race 2 of each round"),
        _noted("  # pole: {points: 1}", "a bonus, only if the driver is classified"),
        _noted("  # fastest_lap: {points: 1, top: 10}", "... and only within the top 10"),
        _noted("  # guests_pass_points: true", "a guest's place goes to the next finisher"),
        _noted("  # best_rounds: 5", "dropped results: only the best 5 round totals count"),
        _noted("# teams: {cars_per_race: 2}", "a team scores its best 2 cars in each race"),
        _noted("entries:", "required: one row per car; a driver's team is written here and nowhere else"),
        "# - {driver: First Last, team: Team Name, car: 12, nationality: FRA, categories: [juniors]}",
        "# - {driver: Guest Driver, team: Team Name, car: 99, guest: true}",
        _noted("# entries_closed: true", "the entry list is final: no driver or team may still join and score"),
        _noted("known_people: []", "people the prose may quote or name outside the entry list"),
        _noted("calendar:", "required, in order: one row per round; its id names the folder under rounds/"),
        "# - {id: 01-venue, venue: Venue, races: 2}",
        "# snapshot:                     # standings before a round, when earlier results are not in the data",
        "#   before: 03-venue",
        "#   complete: false",
        "#   source: \"Where these numbers come from\"",
        "#   drivers: [{driver: First Last, points: 120, wins: 3, podiums: 5}]",
        _noted("social: []", "links in the release's footer: - {name: Facebook, url: \"https://...\"}"),
        _noted("signoff:", "who signs the release, such as the press office's name"),
        _noted("# smtp: {host: smtp.example.com}", "pressgen send: port, security, user; the password only in PRESSGEN_SMTP_PASSWORD"),
        _noted("# boilerplate:", "the closing block, per language"),
        *[f"#   {lang}: {{heading: \"...\", paragraphs: [\"...\"], contacts: [\"www.example.com\"]}}" for lang in languages],
    ]
    return "\n".join(lines) + "\n"


def _noted(field: str, comment: str) -> str:
    return noted(field, comment, width=32)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
