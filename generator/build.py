"""Build: gather and compute every requested release, render them all, then write them all.

Nothing reaches the output folder until every release has validated, computed and rendered, so a
failed build leaves earlier outputs untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .commands.validate import load_and_compute
from .compute import SeasonResults
from .errors import DataError, Problem, UsageError
from .model import LANGUAGES, Prose
from .output import inside, write_all
from .render import DraftMarks, LanguageLink, release_context, render_release
from .schema import LoadedRound, LoadedSeason
from .translation import draft_prose, pending_problems, round_status

FORMATS = ("html", "pdf")
LANGUAGE_NAMES = {"fr": "Français", "en": "English", "it": "Italiano"}

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildRequest:
    path: Path
    out: Path
    round_id: str | None = None
    langs: tuple[str, ...] | None = None  # None: every language of the season
    formats: tuple[str, ...] = FORMATS
    strict: bool = False
    draft: bool = False  # build despite missing or stale translations, marked, with a watermark


@dataclass(frozen=True)
class Release:
    season_id: str
    round_id: str
    lang: str
    html: str

    def stem(self) -> str:
        return f"{self.round_id}-{self.lang}"


@dataclass(frozen=True)
class BuildReport:
    files: tuple[Path, ...]
    warnings: tuple[str, ...]
    refused_urls: tuple[str, ...] = ()


def build(request: BuildRequest, progress: Progress = lambda _: None) -> BuildReport:
    _check_formats(request.formats)
    computed = load_and_compute(request.path, strict=request.strict)
    problems: list[Problem] = []
    releases = [r for loaded, results in computed for r in _releases(loaded, results, request, problems)]
    if problems:
        raise DataError(problems)
    if not releases:
        raise UsageError(_nothing_to_build(request, computed))
    files: dict[Path, bytes] = {}
    if "html" in request.formats:
        for release in releases:
            files[_path(request.out, release, "html")] = release.html.encode("utf-8")
    refused: list[str] = []
    if "pdf" in request.formats:
        from .pdf import Printer  # WeasyPrint loads only when a PDF is asked for

        printer = Printer()
        for number, release in enumerate(releases, start=1):
            progress(f"[{number}/{len(releases)}] {release.season_id}/{release.stem()}.pdf")
            files[_path(request.out, release, "pdf")] = printer.pdf(release.html)
        refused = printer.refused
    write_all(files)
    warnings = tuple(str(w) for loaded, _ in computed for w in loaded.warnings)
    return BuildReport(tuple(files), warnings, tuple(refused))


def _releases(loaded: LoadedSeason, results: SeasonResults, request: BuildRequest, problems: list[Problem]) -> list[Release]:
    """Every requested release; the units a release cannot show go to `problems` unless drafting."""
    langs = request.langs or loaded.season.languages
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if unknown:
        raise UsageError(
            f"{loaded.season.id}: no language {', '.join(unknown)} "
            f"(the season has {', '.join(loaded.season.languages)}; pressgen knows {', '.join(LANGUAGES)})"
        )
    releases = []
    for race_round in loaded.rounds:
        if race_round.round.id not in results.classifications or request.round_id not in (None, race_round.round.id):
            continue
        for lang in langs:
            prose, untranslated = _prose(loaded, race_round, lang, request.draft, problems)
            releases.append(_render(loaded, race_round, results, lang, prose, untranslated, request.draft))
    return releases


def _prose(
    loaded: LoadedSeason, race_round: LoadedRound, lang: str, draft: bool, problems: list[Problem]
) -> tuple[Prose, frozenset[str]]:
    """The language's prose and the units shown in the source language instead (drafts only)."""
    source_lang = loaded.season.languages[0]
    if lang == source_lang:
        return race_round.prose[lang], frozenset()
    status = round_status(race_round, source_lang, lang)
    if status.pending and not draft:
        problems.extend(pending_problems(race_round, status))
    if not status.pending:
        return race_round.prose[lang], frozenset()
    return draft_prose(race_round.prose[source_lang], race_round.prose.get(lang), lang, status.pending), status.pending


def _render(
    loaded: LoadedSeason, race_round: LoadedRound, results: SeasonResults, lang: str,
    prose: Prose, untranslated: frozenset[str], draft: bool,
) -> Release:
    round_id = race_round.round.id
    links = tuple(
        LanguageLink(other, LANGUAGE_NAMES.get(other, other), f"{round_id}-{other}.html")
        for other in loaded.season.languages
        if other != lang
    )
    context = release_context(
        lang, loaded.season, race_round.round, prose,
        results.classifications[round_id], results.standings(round_id), links,
    )
    marks = DraftMarks(draft, untranslated, loaded.season.languages[0])
    return Release(loaded.season.id, round_id, lang, render_release(replace(context, draft=marks)))


def _path(out: Path, release: Release, extension: str) -> Path:
    return inside(out, release.season_id, release.round_id, f"{release.stem()}.{extension}")


def _check_formats(formats: tuple[str, ...]) -> None:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise UsageError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")


def _nothing_to_build(request: BuildRequest, computed) -> str:
    rounds = sorted({r.round.id for loaded, _ in computed for r in loaded.rounds})
    if request.round_id:
        return f"no round '{request.round_id}' with data (rounds: {', '.join(rounds) or 'none'})"
    return "no round with results to build"
