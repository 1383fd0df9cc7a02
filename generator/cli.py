"""Command line: parse arguments, call one function per command, map errors to exit codes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .errors import ExitCode, PressgenError

app = typer.Typer(
    name="pressgen",
    help="Multilingual motorsport press releases computed from structured round data.\n\n"
    "\b\nStart with: pressgen validate, then pressgen build, then pressgen publish PATH --round ID.\n"
    "Each command's --help gives an example.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rich's panels show every flag as taking a `<bool>` value
)


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"pressgen {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Global options; `--debug` (anywhere on the line) shows the traceback of an error."""

SeasonsPath = Annotated[Path, typer.Argument(metavar="PATH", help="A season folder, or a folder of seasons.")]
Strict = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")]
Kind = Annotated[str, typer.Option("--kind", help="Which release of the round: report (the race report) or pre-event (before the weekend).")]


@app.command()
def validate(path: SeasonsPath = Path("seasons"), strict: Strict = False) -> None:
    """Check every season and round file; list every problem with file:line:column.

    \b
    Example: pressgen validate seasons/2024-alpine-elf-cup --strict
    """
    from .commands.validate import validate as run

    for line in run(path, strict=strict):
        typer.echo(line)


@app.command()
def standings(
    path: SeasonsPath = Path("seasons"),
    after: Annotated[str | None, typer.Option(help="Round id (default: the latest round with data).")] = None,
    race: Annotated[int | None, typer.Option(help="Race number within --after.")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON rows.")] = False,
    category: Annotated[str | None, typer.Option(help="A category's standings (its id).")] = None,
    teams: Annotated[bool, typer.Option("--teams", help="The teams' standings.")] = False,
) -> None:
    """Print the standings after a round: drivers', a category's or the teams'.

    \b
    Example: pressgen standings seasons/2025-demo-cup --after 02-bravo --race 1 --teams
    """
    from .commands.standings import standings_report

    typer.echo(standings_report(path, after, race, json_output, category, teams))


@app.command()
def lint(
    path: SeasonsPath = Path("seasons"),
    round_id: Annotated[str | None, typer.Option("--round", help="Check this round only.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Findings are errors (exit 1).")] = False,
) -> None:
    """Fact-check the prose against the data: teams, names, claims, numbers between languages.

    \b
    Example: pressgen lint seasons/2024-alpine-elf-cup --round 06-monza
    """
    from .commands.lint import lint as run

    for line in run(path, round_id, strict):
        typer.echo(line)


@app.command()
def facts(
    round_id: Annotated[str, typer.Option("--round", help="The round's id.")],  # required: no default
    path: SeasonsPath = Path("seasons"),
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the facts derived for a round: counts, leaders, category winners, titles decided.

    \b
    Example: pressgen facts seasons/2024-alpine-elf-cup --round 06-monza --json
    """
    from .commands.facts import facts_report

    typer.echo(facts_report(path, round_id, json_output))


@app.command()
def stakes(
    round_id: Annotated[str, typer.Option("--round", help="The round's id (the standings before it are used).")],  # required: no default
    path: SeasonsPath = Path("seasons"),
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """What is at stake in a round: contenders, when each title can be decided, and on what conditions.

    \b
    Example: pressgen stakes seasons/2024-alpine-elf-cup --round 06-monza
    """
    from .commands.stakes import stakes_report

    typer.echo(stakes_report(path, round_id, json_output))


@app.command()
def build(
    path: SeasonsPath = Path("seasons"),
    round_id: Annotated[str | None, typer.Option("--round", help="Build this round only.")] = None,
    lang: Annotated[str | None, typer.Option(help="Languages, comma-separated (default: the season's).")] = None,
    format: Annotated[str, typer.Option(help="Editions, comma-separated: html,pdf,email,text,docx,posts,card (a result card per race).")] = "html,pdf",
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("output"),
    strict: Strict = False,
    draft: Annotated[bool, typer.Option("--draft", help="Build despite missing or stale translations: source text marked, DRAFT watermark.")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="PDF worker processes (default: one per core).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")] = False,
    kind: Kind = "report",
) -> None:
    """Build the releases, one file per language and edition, under OUT/<season>/<round>/.

    Outputs whose inputs did not change since they were written are left as they are; the
    manifests and indexes list every release file in OUT, whichever build wrote it.

    \b
    Example: pressgen build seasons/2024-alpine-elf-cup --round 06-monza --format html,pdf,email,text
    """
    from .commands.build import run_build, summary
    from .request import BuildRequest

    request = BuildRequest(path, out, round_id, _split(lang), _split(format) or (), strict, draft, jobs, kind=_kind(kind))
    report = run_build(request, quiet)
    *notes, last = summary(report, out)
    for line in notes:
        typer.echo(line, err=True)
    typer.echo(last)


@app.command()
def preview(
    path: SeasonsPath = Path("seasons"),
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port on 127.0.0.1 (0: any free port).")] = 8000,
) -> None:
    """Serve the HTML releases on 127.0.0.1; a saved data, prose or template file reloads the open page.

    \b
    Example: pressgen preview seasons/2024-alpine-elf-cup --port 8000
    """
    from .preview import serve

    serve(path, port, announce=lambda line: typer.echo(line, err=True))


@app.command()
def studio(
    path: SeasonsPath = Path("seasons"),
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port on 127.0.0.1 (0: any free port).")] = 8000,
    out: Annotated[Path | None, typer.Option(help="Output folder of builds (default: output/ beside the folder of seasons).")] = None,
    archive: Annotated[Path | None, typer.Option(help="Archive folder (default: archive/ beside the folder of seasons).")] = None,
) -> None:
    """Work on the seasons in a browser: dashboard, new season and round, results, timing import, build, publish.

    \b
    Example: pressgen studio seasons --port 8000
    """
    from .studio.server import serve

    serve(path, port, announce=lambda line: typer.echo(line, err=True), out=out, archive=archive)


@app.command()
def publish(
    path: SeasonsPath,
    round_id: Annotated[str, typer.Option("--round", help="The round to publish, e.g. 06-monza.")],
    date: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD (default: today).")] = None,
    archive: Annotated[Path | None, typer.Option(help="Archive folder (default: archive/ beside the folder of seasons).")] = None,
    accept_partial: Annotated[bool, typer.Option(
        "--accept-partial", help="Publish although a table is partial or a total unknown (listed as warnings).")] = False,
    kind: Kind = "report",
) -> None:
    """Freeze the round's releases (every language and edition) as the next version in the archive.

    Publishing again makes a new version only when what the inputs say changed; it carries a
    correction notice listing what changed in the tables since version 1. Refuses a release whose
    tables the data does not make whole (a partial race, an unknown total) unless --accept-partial.

    \b
    Example: pressgen publish seasons/2024-alpine-elf-cup --round 06-monza --date 2024-10-21 --accept-partial
    """
    from .commands.publish import PublishRequest, parse_date
    from .commands.publish import publish as run

    report = run(PublishRequest(path, round_id, parse_date(date), archive, accept_partial, _kind(kind)))
    for line in report.lines:
        typer.echo(line)


@app.command()
def send(
    path: SeasonsPath,
    round_id: Annotated[str, typer.Option("--round", help="The round whose published version is sent, e.g. 06-monza.")],
    to: Annotated[Path, typer.Option("--to", metavar="LIST", help="The media list: a .yaml or .csv file (name, email, language, outlet).")],
    version: Annotated[int | None, typer.Option(help="The version to send (default: the latest; a replaced version is never sent).")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Write each message as an .eml file beside the list and print the recipients per language; send nothing.")] = False,
    archive: Annotated[Path | None, typer.Option(help="Archive folder (default: archive/ beside the folder of seasons).")] = None,
) -> None:
    """Mail a published version to a media list over SMTP, each journalist in their language.

    Sends only to those the send log (beside the list) does not show with this version: run it
    again after a failure or a correction. SMTP settings: season.yaml's smtp: or PRESSGEN_SMTP_HOST,
    _PORT, _SECURITY, _USER; the password only in PRESSGEN_SMTP_PASSWORD.

    \b
    Example: pressgen send seasons/2025-demo-cup --round 02-bravo --to ~/press/media-list.yaml --dry-run
    """
    from .commands.send import SendRequest
    from .commands.send import send as run

    report = run(SendRequest(path, round_id, to, version, dry_run, archive))
    for line in report.lines:
        typer.echo(line)
    if not report.complete:
        raise typer.Exit(ExitCode.OUTPUT)


@app.command("import-results")
def import_results(
    file: Annotated[Path, typer.Argument(
        exists=True, dir_okay=False, metavar="FILE",
        help="The timing export: a provider's semicolon-separated classification, or the plain CSV.")],
    season: Annotated[Path, typer.Option(help="The season's folder.")],
    round_id: Annotated[str, typer.Option("--round", help="The round id, e.g. 06-monza.")],
    session: Annotated[str, typer.Option(help="race-N (its results) or qualifying-N (the qualifying of race N).")],
    format: Annotated[str | None, typer.Option(help="provider or csv (default: detected from the header).")] = None,
    partial: Annotated[bool, typer.Option("--partial", help="The export leaves cars out: results_complete is written false.")] = False,
) -> None:
    """Write a session's rows from a timing export into the round's round.yaml, matching cars by number.

    A race's export lists every car that took part: results_complete is written true unless --partial.

    \b
    Example: pressgen import-results race2.csv --season seasons/2025-demo-cup --round 03-charlie --session race-2
    """
    from .commands.import_results import ImportRequest
    from .commands.import_results import import_results as run

    for line in run(ImportRequest(file, season, round_id, session, format, partial)):
        typer.echo(line)


@app.command("new-season")
def new_season(
    path: Annotated[Path, typer.Argument(help="The season's folder to create, e.g. seasons/2026-my-cup (its name is the season's id).")],
    series: Annotated[str, typer.Option(help="The championship's name.")],
    year: Annotated[int, typer.Option(help="The season's year.")],
    languages: Annotated[str, typer.Option(help="Languages, comma-separated, the source language first.")] = "fr,en",
) -> None:
    """Create a season folder with a season.yaml naming every field: required ones empty, optional ones commented.

    \b
    Example: pressgen new-season seasons/2026-my-cup --series "My Cup" --year 2026 --languages fr,en
    """
    from .commands.new_season import new_season as run

    for line in run(path, series, year, list(_split(languages) or ())):
        typer.echo(line)


@app.command("new-round")
def new_round(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The season's folder.")],
    round_id: Annotated[str, typer.Argument(metavar="ROUND-ID", help="A round id of the season's calendar, e.g. 03-charlie.")],
) -> None:
    """Create a round's round.yaml and prose files from the calendar and entry list, fields left to fill.

    \b
    Example: pressgen new-round seasons/2025-demo-cup 04-delta   (04-delta in the calendar, no folder yet)
    """
    from .commands.new_round import new_round as run

    for line in run(path, round_id):
        typer.echo(line)


i18n_app = typer.Typer(help="Template catalogs (locales/): extract, update, check, init.", no_args_is_help=True)
app.add_typer(i18n_app, name="i18n")


@i18n_app.command("extract")
def i18n_extract() -> None:
    """Extract the template and Python strings into locales/messages.pot.

    \b
    Example: pressgen i18n extract
    """
    from .commands.i18n import extract

    typer.echo("\n".join(extract()))


@i18n_app.command("update")
def i18n_update() -> None:
    """Merge locales/messages.pot into every locale's messages.po.

    \b
    Example: pressgen i18n update
    """
    from .commands.i18n import update

    typer.echo("\n".join(update()))


@i18n_app.command("check")
def i18n_check() -> None:
    """Fail if the POT is stale, a string is untranslated, fuzzy or has other placeholders, or a catalog has no language style.

    \b
    Example: pressgen i18n check
    """
    from .commands.i18n import check

    typer.echo("\n".join(check()))


@i18n_app.command("init")
def i18n_init(lang: Annotated[str, typer.Argument(help="The new language's code, e.g. de.")]) -> None:
    """Create locales/LANG/LC_MESSAGES/messages.po from the POT, every string to translate.

    \b
    Example: pressgen i18n init de   (then translate it; see the README, "How to add a language")
    """
    from .commands.i18n import init

    typer.echo("\n".join(init(lang)))


translate_app = typer.Typer(help="Translation of the round prose: status, exchange with translators.", no_args_is_help=True)
app.add_typer(translate_app, name="translate")
RoundId = Annotated[str, typer.Option("--round", help="The round id, e.g. 06-monza.")]
TargetLang = Annotated[str, typer.Option("--to", help="The target language, e.g. en.")]


@translate_app.command("status")
def translate_status(path: SeasonsPath = Path("seasons")) -> None:
    """Per round and language: units translated, missing and stale. Exits 1 if any is missing or stale.

    \b
    Example: pressgen translate status seasons/2024-alpine-elf-cup
    """
    from .commands.translate import status

    report = status(path)
    for line in report.lines:
        typer.echo(line)
    if not report.complete:
        raise typer.Exit(ExitCode.DATA)


@translate_app.command("accept")
def translate_accept(
    path: SeasonsPath,
    round_id: RoundId,
    to: TargetLang,
    units: Annotated[list[str] | None, typer.Argument(metavar="UNIT...", help="Unit ids, e.g. reports.race-1.paragraphs.start.")] = None,
    every_unit: Annotated[bool, typer.Option("--all", help="Every unit that has a translation.")] = False,
    kind: Kind = "report",
) -> None:
    """Record that translations checked by hand match the current source text.

    \b
    Example: pressgen translate accept seasons/2024-alpine-elf-cup --round 06-monza --to en reports.race-1.paragraphs.start
    """
    from .commands.translate import accept

    for line in accept(path, round_id, to, units or [], every_unit, _kind(kind)):
        typer.echo(line)


@translate_app.command("export")
def translate_export(
    path: SeasonsPath,
    round_id: RoundId,
    to: TargetLang,
    format: Annotated[str, typer.Option(help="xliff (XLIFF 1.2) or po.")] = "xliff",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file (default: standard output).")] = None,
    kind: Kind = "report",
) -> None:
    """Write a round's prose as a file for a translator's CAT tool: source, context, existing translations.

    \b
    Example: pressgen translate export seasons/2024-alpine-elf-cup --round 06-monza --to en -o monza-en.xlf
    """
    from .commands.translate import export

    data = export(path, round_id, to, format, output, _kind(kind))
    if output is None:
        sys.stdout.buffer.write(data)


@translate_app.command("import")
def translate_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, metavar="FILE", help="An .xlf or .po file from `translate export`, translated.")],
    path: SeasonsPath = Path("seasons"),
) -> None:
    """Write the translations of FILE into the round's prose, refusing units whose source changed.

    \b
    Example: pressgen translate import monza-en.xlf seasons/2024-alpine-elf-cup
    """
    from .commands.translate import import_file

    report = import_file(file, path)
    for line in report.lines:
        typer.echo(line)
    report.raise_for_refused()


def _kind(value: str) -> str:
    """--kind: one of the round's releases (schema.KINDS, named here so the CLI loads no schema)."""
    kinds = ("report", "pre-event")
    if value not in kinds:
        from .errors import UsageError, did_you_mean

        raise UsageError(f"--kind: no release kind '{value}'{did_you_mean(value, kinds)}; choose from {', '.join(kinds)}")
    return value


def _split(value: str | None) -> tuple[str, ...] | None:
    return tuple(part.strip() for part in value.split(",") if part.strip()) if value else None


def main(argv: list[str] | None = None) -> int:
    """Entry point: messages and exit codes, never a traceback unless --debug is given."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    try:
        app(args=args, prog_name="pressgen", standalone_mode=True)
    except SystemExit as exc:  # the argument parser's own exits (help, usage errors)
        return exc.code if isinstance(exc.code, int) else ExitCode.USAGE
    except PressgenError as exc:
        if debug:
            raise
        typer.echo(str(exc), err=True)
        return exc.exit_code
    except Exception as exc:  # a bug: say so plainly, keep the traceback for --debug
        if debug:
            raise
        typer.echo(f"internal error: {type(exc).__name__}: {exc} (run again with --debug for details)", err=True)
        return ExitCode.INTERNAL
    return ExitCode.OK


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
