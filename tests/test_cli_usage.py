"""The command line a newcomer meets: help that shows flags as flags with an example per command,
`--version`, one "did you mean" rule, and the README's exit codes for every command."""

import re

import pytest

from generator import __version__
from generator.cli import app, main
from generator.errors import ExitCode

from .conftest import MONZA_SEASON, ROOT

DEMO_SEASON = MONZA_SEASON.parent / "2025-demo-cup"
COMMANDS = [
    ["validate"], ["standings"], ["lint"], ["facts"], ["stakes"], ["build"], ["preview"], ["studio"], ["publish"], ["import-results"],
    ["new-season"], ["new-round"], ["i18n", "extract"], ["i18n", "update"], ["i18n", "check"], ["i18n", "init"],
    ["translate", "status"], ["translate", "accept"], ["translate", "export"], ["translate", "import"], ["send"],
]


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_command_of_the_app_is_covered_here():
    import typer.main

    group = typer.main.get_command(app)
    names = {(name,) if not hasattr(cmd, "commands") else (name, sub)
             for name, cmd in group.commands.items() for sub in getattr(cmd, "commands", {None: None})}
    assert names == {tuple(c) for c in COMMANDS}


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_shows_flags_as_flags_and_one_example(capsys, command):
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0
    assert "<bool>" not in out  # a flag takes no value
    assert re.search(r"--help +Show this message", out)
    examples = re.findall(r"^ *Example: (pressgen .*)$", out, re.M)
    assert len(examples) == 1 and examples[0].split()[1:1 + len(command)] == command, out


def test_strict_is_a_flag_and_a_value_after_it_is_explained(capsys):
    assert re.search(r"^  --strict +Treat warnings as errors\.$", run(capsys, "validate", "--help")[1], re.M)
    code, _, err = run(capsys, "validate", "--strict", "true")
    assert (code, err.strip()) == (2, "true: no such file or folder ('true' was read as a folder: flags such as --strict take no value)")


def test_version(capsys):
    assert run(capsys, "--version") == (0, f"pressgen {__version__}\n", "")


# --- did you mean: the same close-match rule for every name a user types -----------------------------


@pytest.mark.parametrize("args, message", [
    (["facts", "seasons", "--round", "06-monz"],
     "no round '06-monz' with results under seasons (did you mean '06-monza'?) (rounds: 06-monza, 01-lago, 01-alpha, 02-bravo, 03-charlie, 01-jezioro)"),
    (["lint", MONZA_SEASON, "--round", "06-Monza"], f"no round '06-Monza' under {MONZA_SEASON} (did you mean '06-monza'?) (rounds: 06-monza)"),
    (["build", MONZA_SEASON, "--round", "6-monza", "--out", "{tmp}"], "no round '6-monza' with results (did you mean '06-monza'?) (rounds: 06-monza)"),
    (["publish", MONZA_SEASON, "--round", "06-monz", "--archive", "{tmp}"],
     f"no round '06-monz' under {MONZA_SEASON} (did you mean '06-monza'?) (rounds: 06-monza)"),
    (["standings", MONZA_SEASON, "--after", "06-monz"],
     "2024-alpine-elf-cup: no round '06-monz' in the calendar (did you mean '06-monza'?) (rounds with results: 06-monza)"),
    (["validate", "seasons/2025-demo-cp"], "seasons/2025-demo-cp: no such file or folder (did you mean 'seasons/2025-demo-cup'?)"),
    (["build", "seasons/2024-alpine-elf-cup/rounds/06-monza", "--out", "{tmp}"],
     "seasons/2024-alpine-elf-cup/rounds/06-monza is the folder of round 06-monza; give its season's folder: seasons/2024-alpine-elf-cup"),
    (["import-results", "{csv}", "--season", "seasons/2025-demo-cup/rounds/03-charlie", "--round", "03-charlie", "--session", "race-1"],
     "--season: seasons/2025-demo-cup/rounds/03-charlie is the folder of round 03-charlie; give its season's folder: seasons/2025-demo-cup"),
    (["new-round", "seasons/2025-demo-cup/rounds", "04-delta"],
     "seasons/2025-demo-cup/rounds is inside the season seasons/2025-demo-cup: give that folder"),
    (["build", MONZA_SEASON, "--lang", "eng", "--out", "{tmp}"],
     "2024-alpine-elf-cup: no language eng (did you mean 'en'?) (the season has fr, en; pressgen knows fr, en, it, pl)"),
    (["build", MONZA_SEASON, "--format", "pdff", "--out", "{tmp}"], "unknown format pdff (did you mean 'pdf'?); choose from html, pdf, email, text, docx, posts, card, card-text"),
    (["translate", "export", MONZA_SEASON, "--round", "06-monza", "--to", "EN"], "cannot translate into EN (did you mean 'en'?): choose from en, it, pl"),
    (["translate", "export", MONZA_SEASON, "--round", "06-monza", "--to", "en", "--format", "xlf"],
     "unknown format xlf (did you mean 'xliff'?); choose from xliff, po"),
    (["translate", "accept", MONZA_SEASON, "--round", "06-monza", "--to", "en", "reports.race-1.paragraph.start"],
     "no unit 'reports.race-1.paragraph.start' in 06-monza (did you mean 'reports.race-1.paragraphs.start'?) "
     "(`pressgen translate status` lists the units)"),
    (["standings", DEMO_SEASON, "--category", "gentleman"],
     "2025-demo-cup: no category 'gentleman' (did you mean 'gentlemen'?) (categories: juniors, gentlemen)"),
    (["new-round", DEMO_SEASON, "03-charly"], "round '03-charly' is not in the calendar of 2025-demo-cup (did you mean '03-charlie'?)"),
], ids=lambda value: value[0] if isinstance(value, list) else None)
def test_a_near_miss_is_named_and_is_a_usage_error(capsys, monkeypatch, tmp_path, args, message):
    monkeypatch.chdir(ROOT)
    csv = tmp_path / "results.csv"
    csv.write_text("position,car,status,laps,time_or_gap,best_lap\n", encoding="utf-8")
    code, _, err = run(capsys, *(str(a).replace("{tmp}", str(tmp_path)).replace("{csv}", str(csv)) for a in args))
    assert (code, err.strip()) == (ExitCode.USAGE, message)


# --- exit codes: every command, the README's table -----------------------------------------------------


@pytest.mark.parametrize("args", [
    # a missing or wrong path
    ["validate", "no-such-folder"], ["standings", "no-such-folder"], ["lint", "no-such-folder"],
    ["facts", "no-such-folder", "--round", "06-monza"], ["build", "no-such-folder", "--out", "{tmp}"],
    ["preview", "no-such-folder", "--port", "0"], ["publish", "no-such-folder", "--round", "06-monza", "--archive", "{tmp}"],
    ["import-results", "no-such.csv", "--season", DEMO_SEASON, "--round", "03-charlie", "--session", "race-1"],
    ["import-results", "{csv}", "--season", "{tmp}", "--round", "03-charlie", "--session", "race-1"],
    ["new-round", "no-such-folder", "04-delta"], ["new-round", "{tmp}", "04-delta"],
    ["translate", "status", "no-such-folder"], ["translate", "status", "{tmp}"],
    ["translate", "accept", "no-such-folder", "--round", "06-monza", "--to", "en", "--all"],
    ["translate", "export", "no-such-folder", "--round", "06-monza", "--to", "en"],
    ["translate", "import", "no-such.xlf", MONZA_SEASON],
    ["validate", MONZA_SEASON / "season.yaml"],
    # an unknown id
    ["facts", MONZA_SEASON, "--round", "07-imola"], ["lint", MONZA_SEASON, "--round", "07-imola"],
    ["stakes", MONZA_SEASON, "--round", "07-imola"], ["stakes", "no-such-folder", "--round", "06-monza"],
    ["standings", MONZA_SEASON, "--after", "07-imola"], ["build", MONZA_SEASON, "--round", "07-imola", "--out", "{tmp}"],
    ["publish", MONZA_SEASON, "--round", "07-imola", "--archive", "{tmp}"],
    ["import-results", "{csv}", "--season", DEMO_SEASON, "--round", "07-imola", "--session", "race-1"],
    ["new-round", DEMO_SEASON, "07-imola"],
    ["translate", "accept", MONZA_SEASON, "--round", "07-imola", "--to", "en", "--all"],
    ["translate", "accept", MONZA_SEASON, "--round", "06-monza", "--to", "en", "no.such.unit"],
    ["translate", "export", MONZA_SEASON, "--round", "07-imola", "--to", "en"],
    ["standings", DEMO_SEASON, "--category", "veterans"], ["build", MONZA_SEASON, "--lang", "de", "--out", "{tmp}"],
    ["i18n", "nosuch"], ["translate", "nosuch"], ["nosuch"],
    # a bad option value or a missing option
    ["standings", MONZA_SEASON, "--race", "one"], ["facts", MONZA_SEASON], ["build", MONZA_SEASON, "--jobs", "0", "--out", "{tmp}"],
    ["build", MONZA_SEASON, "--format", "odt", "--out", "{tmp}"], ["preview", MONZA_SEASON, "--port", "70000"],
    ["publish", MONZA_SEASON, "--round", "06-monza", "--date", "21/10/2024", "--archive", "{tmp}"],
    ["import-results", "{csv}", "--season", DEMO_SEASON, "--round", "03-charlie", "--session", "race-x"],
    ["import-results", "{csv}", "--season", DEMO_SEASON, "--round", "03-charlie", "--session", "race-1", "--format", "xls"],
    ["translate", "export", MONZA_SEASON, "--round", "06-monza", "--to", "en", "--format", "docx"],
    ["translate", "accept", MONZA_SEASON, "--round", "06-monza", "--to", "en"],
    ["validate", "--no-such-option"],
    # send: a wrong path, an unknown round, a round not published, no --to
    ["send", "no-such-folder", "--round", "02-bravo", "--to", "{csv}"], ["send", DEMO_SEASON, "--round", "07-imola", "--to", "{csv}"],
    ["send", DEMO_SEASON, "--round", "02-bravo", "--to", "{csv}", "--archive", "{tmp}"], ["send", DEMO_SEASON, "--round", "02-bravo"],
], ids=lambda args: " ".join(str(a) for a in args[:2]))
def test_usage_errors_exit_2_with_a_message_and_no_traceback(capsys, monkeypatch, tmp_path, args):
    monkeypatch.chdir(ROOT)
    csv = tmp_path / "results.csv"
    csv.write_text("position,car,status,laps,time_or_gap,best_lap\n", encoding="utf-8")
    code, _, err = run(capsys, *(str(a).replace("{tmp}", str(tmp_path)).replace("{csv}", str(csv)) for a in args))
    assert code == ExitCode.USAGE, err
    assert err.strip() and "Traceback" not in err and "None" not in err


def test_invalid_data_exits_1_and_success_0(capsys, monkeypatch, season_copy):
    monkeypatch.chdir(ROOT)
    assert run(capsys, "validate", MONZA_SEASON)[0] == ExitCode.OK
    (season_copy / "rounds/06-monza/round.yaml").write_text("circuit: [\n", encoding="utf-8")
    assert run(capsys, "validate", season_copy)[0] == ExitCode.DATA


def test_an_unwritable_output_exits_4(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    code, _, err = run(capsys, "build", MONZA_SEASON, "--format", "text", "--out", blocker, "--quiet")
    assert code == ExitCode.OUTPUT, err


def test_a_template_that_fails_exits_3(capsys, monkeypatch, tmp_path):
    import jinja2

    import generator.render as render

    def broken_environment(language):
        return jinja2.Environment(loader=jinja2.DictLoader({render.RELEASE_TEMPLATE: "{{ release.no_such_field.name }}"}),
                                  undefined=jinja2.StrictUndefined)

    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(render, "environment", broken_environment)
    code, _, err = run(capsys, "build", MONZA_SEASON, "--format", "html", "--out", tmp_path, "--quiet")
    assert code == ExitCode.TEMPLATE and "template error" in err, err


def test_a_bug_exits_70_with_a_pointer_to_debug_and_no_traceback(capsys, monkeypatch):
    import generator.commands.validate as validate_command

    def broken(path, strict=False):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(validate_command, "validate", broken)
    code, _, err = run(capsys, "validate", MONZA_SEASON)
    assert code == ExitCode.INTERNAL
    assert err.strip() == "internal error: ZeroDivisionError: division by zero (run again with --debug for details)"


def test_one_close_match_rule_everywhere():
    """Every "did you mean" goes through errors.close_match: no other module matches names itself."""
    sources = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py")}
    matching = ("get_close_matches", "SequenceMatcher", "import difflib\n")  # the studio's diffs use unified_diff alone
    # translation.py compares a stale unit's source with the text it was translated from, word by word: no name matched
    assert sorted(name for name, text in sources.items() if any(m in text for m in matching)) == ["generator/errors.py", "generator/translation.py"]
    assert [name for name, text in sources.items() if "did you mean" in text and "close_match" not in text and "did_you_mean" not in text] == []
