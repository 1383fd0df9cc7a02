"""`pressgen new-round`: a round's data and prose files from the calendar and the entry list, with
every field to fill left empty: no date, circuit or result is invented. The folder appears whole
(written under a temporary name, then renamed) and an existing one is never touched."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError, did_you_mean
from ..model import CalendarRound, Season
from ..output import create_folder
from ..prose_file import untranslated_header
from ..scaffold import noted
from ..schema import PRE_EVENT, ROUND_FILE, ROUNDS_DIR, load_season_file, one_season_folder, prose_file_name


def new_round(season_folder: Path, round_id: str) -> list[str]:
    """Create rounds/<round_id>/ with round.yaml and, per season language, the race report's prose
    file and the pre-event release's."""
    season, _ = load_season_file(one_season_folder(season_folder))
    calendar = {r.id: r for r in season.calendar}
    if round_id not in calendar:
        raise UsageError(f"round '{round_id}' is not in the calendar of {season.id}{did_you_mean(round_id, calendar)}")
    folder = season_folder / ROUNDS_DIR / round_id
    if folder.exists():
        raise UsageError(f"{folder} already exists; new-round never overwrites a round")
    files = {ROUND_FILE: round_yaml(season, calendar[round_id])}
    files.update({f"{lang}.yaml": prose_yaml(season, calendar[round_id], lang) for lang in season.languages})
    files.update({prose_file_name(PRE_EVENT, lang): pre_event_yaml(season, calendar[round_id], lang) for lang in season.languages})
    create_folder(folder, files)
    return [f"created {folder / name}" for name in files] + [
        f"next: fill the empty fields, then run `pressgen validate {season_folder}` to list what is left",
    ]


def round_yaml(season: Season, entry: CalendarRound) -> str:
    lines = [
        f"# {entry.id} ({entry.venue}), {season.series} {season.year}: fill every empty field, then run `pressgen validate`.",
        "# The entry list, to name result rows by car number ({car: 12}) or by driver:",
        *[f"#   {_car(e.car)}{e.driver} ({e.team})" for e in season.entries],
        noted("circuit:", f"required: the circuit's name (the calendar says only \"{entry.venue}\")"),
        "dates:",
        noted("  start:", "required: YYYY-MM-DD"),
        noted("  end:", "required: YYYY-MM-DD"),
        noted("release_date:", "required: YYYY-MM-DD"),
        "races:",
    ]
    for number in range(1, entry.races + 1):
        lines += [
            f"  - number: {number}",
            noted("    laps:", "required: the winner's laps (`pressgen import-results` fills it)"),
            noted("    qualifying: []", "in order, the pole first: - {car: 12, time: \"2:06.894\"}"),
            noted("    results: []", "required: every car in order at the flag: - {car: 12, gap: \"0.284\"}"),
            noted("    results_complete: false", "true once every car that took part is listed (import-results sets it)"),
        ]
    lines += [
        "# The pre-event release (`pressgen build --kind pre-event`): its date, and the weekend's sessions",
        "# in order, each starting at the circuit's local time with its UTC offset:",
        noted("# pre_event: {release_date: YYYY-MM-DD}", "and, if any, embargo: \"YYYY-MM-DDTHH:MM:SS+02:00\""),
        "# schedule:",
        "#   - {name: {" + ", ".join(f"{lang}: ..." for lang in season.languages) + "}, start: \"YYYY-MM-DDTHH:MM:SS+02:00\"}",
    ]
    return "\n".join(lines) + "\n"


def _car(number: int | None) -> str:
    return f"car {number:<4}" if number is not None else " " * 8


def pre_event_yaml(season: Season, entry: CalendarRound, lang: str) -> str:
    """The pre-event release's prose, every field a comment: a round has no pre-event release until
    its source file holds text (schema.py); each translation empty until translated."""
    source = season.languages[0]
    if lang != source:
        return "\n".join(untranslated_header(entry.id, lang, source)) + "\n"
    return "\n".join([
        f"# {entry.id}: the {lang} prose of the pre-event release, the source of its translations.",
        "# Not written yet: while every line is a comment, the round has no pre-event release. Uncomment",
        "# and fill, give round.yaml its pre_event date, then `pressgen build --kind pre-event --round " + entry.id + "`.",
        noted("# headline: \"...\"", "required"),
        "# lead: \"...\"",
        "# paragraphs: {preview: \"...\"}",
        "# quotes:",
        "#   someone: {person: Their Name, role: \"...\", text: \"...\"}",
    ]) + "\n"


def prose_yaml(season: Season, entry: CalendarRound, lang: str) -> str:
    source = season.languages[0]
    if lang != source:
        return "\n".join(untranslated_header(entry.id, lang, source)) + "\n"
    lines = [
        f"# {entry.id}: the {lang} prose, the source of every translation. Fill each empty text.",
        noted("headline:", "required"),
        "lead:",
        "# highlights: {title-sealed: \"...\"}",
        "reports:",
    ]
    for number in range(1, entry.races + 1):
        lines += [f"  race-{number}:", noted("    title:", "required"), noted("    paragraphs: {}", "e.g. start: \"...\"")]
    lines += [
        "# closing: {calendar: \"...\"}",
        "# quotes:",
        "#   someone: {person: Their Name, role: \"...\", text: \"...\"}",
    ]
    return "\n".join(lines) + "\n"
