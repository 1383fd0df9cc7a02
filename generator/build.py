"""Build: gather and compute every requested release, render them all, then write them all.

Nothing reaches the output folder until every release has validated, computed and rendered, so a
failed build leaves earlier outputs untouched.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from . import archive, editions, published
from .changes import Correction
from .commands.validate import load_and_compute
from .compute import SeasonResults
from .editions.email import render_email
from .editions.text import render_text
from .errors import DataError, Problem, UsageError
from .facts import round_facts
from .lint import lint_round
from .index import INDEX_FILE, EditionLink, RoundEntry, SeasonEntry, VersionEntry, season_index, seasons_index, version_entries
from .manifest import MANIFEST_FILE, ManifestEntry, manifest
from .output import inside, write_all
from .model import LANGUAGES, Prose
from .render import DraftMarks, LanguageLink, ReleaseContext, release_context, render_release
from .schema import LOGO_TYPES, LoadedRound, LoadedSeason, logo_path
from .translation import draft_prose, pending_problems, round_status

FORMATS = tuple(editions.SUFFIXES)
LANGUAGE_NAMES = {"fr": "Français", "en": "English", "it": "Italiano"}

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildRequest:
    path: Path
    out: Path
    round_id: str | None = None
    langs: tuple[str, ...] | None = None  # None: every language of the season
    formats: tuple[str, ...] = editions.DEFAULT
    strict: bool = False
    draft: bool = False  # build despite missing or stale translations, marked, with a watermark
    correction: Correction | None = None  # a corrected version of the round `round_id` (publish)
    archive: Path | None = None  # published versions, listed by the season index; None: the default


@dataclass(frozen=True)
class Release:
    season_id: str
    round_id: str
    lang: str
    context: ReleaseContext
    html: str
    sources: tuple[archive.EmbeddedFile, ...]  # embedded in the PDF
    info: dict[str, str]  # PDF document information beyond what the HTML gives

    def stem(self) -> str:
        return f"{self.round_id}-{self.lang}"


@dataclass(frozen=True)
class BuildReport:
    files: tuple[Path, ...]
    warnings: tuple[str, ...]
    refused_urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Output:
    """One file of one release in one edition, as it will be written."""

    release: Release
    edition: str
    path: Path
    content: bytes


@dataclass(frozen=True)
class Rendered:
    """Every requested release rendered in every requested edition, nothing written yet."""

    computed: list[tuple[LoadedSeason, SeasonResults]]
    outputs: list[Output]
    refused_urls: tuple[str, ...]
    findings: tuple[Problem, ...] = ()  # the prose fact-check's warnings


def build(request: BuildRequest, progress: Progress = lambda _: None) -> BuildReport:
    archive_root = request.archive or published.default_archive(request.path)
    _check_out(request.out, archive_root)
    rendered = render_outputs(request, progress)
    outputs, computed = rendered.outputs, rendered.computed
    files = {output.path: output.content for output in outputs}
    files.update(_manifests(outputs, request.out))  # after the files they describe: written after them
    if request.round_id is None and request.langs is None:  # an index lists the whole season
        files.update(_indexes(computed, outputs, request.out, archive_root))
    write_all(files)
    warnings = tuple(str(w) for loaded, _ in computed for w in loaded.warnings) + tuple(str(p) for p in rendered.findings)
    return BuildReport(tuple(files), warnings, rendered.refused_urls)


def _lint(computed, request: BuildRequest) -> list[Problem]:
    """The prose fact-check of every round built: warnings, or errors with --strict."""
    return [
        finding
        for loaded, results in computed
        for race_round in loaded.rounds
        if race_round.round.id in results.classifications and request.round_id in (None, race_round.round.id)
        for finding in lint_round(loaded.season, race_round, results)
    ]


def render_outputs(request: BuildRequest, progress: Progress = lambda _: None) -> Rendered:
    """Load, compute and render every requested release; refuse pending translations unless drafting."""
    _check_formats(request.formats)
    computed = load_and_compute(request.path, strict=request.strict)
    problems: list[Problem] = []
    releases = [r for loaded, results in computed for r in _releases(loaded, results, request, problems)]
    findings = _lint(computed, request)
    if request.strict:
        problems += findings
    if problems:
        raise DataError(problems)
    if not releases:
        raise UsageError(_nothing_to_build(request, computed))
    outputs = _text_editions(releases, request)
    refused: list[str] = []
    if "pdf" in request.formats:
        from .pdf import Printer  # WeasyPrint loads only when a PDF is asked for

        printer = Printer()
        outputs += _pdfs(printer, releases, request.out, progress)
        refused = printer.refused
    return Rendered(computed, outputs, tuple(refused), tuple(findings))


def _check_out(out: Path, archive_root: Path) -> None:
    """Published versions are records: a build never writes into the archive."""
    if out.resolve().is_relative_to(archive_root.resolve()):
        raise UsageError(f"refusing to build into the archive of published releases ({archive_root}); choose another --out")


TEXT_EDITIONS = {
    "html": lambda release: release.html,
    "email": lambda release: render_email(release.context),
    "text": lambda release: render_text(release.context),
}


def _text_editions(releases: list[Release], request: BuildRequest) -> list[Output]:
    return [
        Output(release, edition, _path(request.out, release, edition), render(release).encode("utf-8"))
        for release in releases
        for edition, render in TEXT_EDITIONS.items()
        if edition in request.formats
    ]


def _pdfs(printer, releases: list[Release], out: Path, progress: Progress) -> list[Output]:
    outputs = []
    for number, release in enumerate(releases, start=1):
        progress(f"[{number}/{len(releases)}] {release.season_id}/{release.stem()}.pdf")
        content = printer.pdf(release.html, release.sources, release.info)
        outputs.append(Output(release, "pdf", _path(out, release, "pdf"), content))
    return outputs


def _manifests(outputs: list[Output], out: Path) -> dict[Path, bytes]:
    by_round: dict[tuple[str, str], list[ManifestEntry]] = {}
    for o in outputs:
        entry = ManifestEntry(o.path.name, o.release.lang, o.edition, o.content)
        by_round.setdefault((o.release.season_id, o.release.round_id), []).append(entry)
    return {
        inside(out, season_id, round_id, MANIFEST_FILE): manifest(season_id, round_id, entries)
        for (season_id, round_id), entries in by_round.items()
    }


def _indexes(computed, outputs: list[Output], out: Path, archive_root: Path) -> dict[Path, bytes]:
    files, seasons = {}, []
    for loaded, _ in computed:
        season = loaded.season
        rounds = tuple(_round_entry(loaded, race_round.round, outputs) for race_round in loaded.rounds)
        rounds = tuple(entry for entry in rounds if entry.links)
        if not rounds:
            continue
        title = f"{season.series} {season.year}"
        versions = _published(loaded, out, archive_root)
        files[inside(out, season.id, INDEX_FILE)] = season_index(title, season.languages, rounds, versions).encode("utf-8")
        seasons.append(SeasonEntry(season.id, season.series, season.year, f"{season.id}/{INDEX_FILE}"))
    if seasons:
        languages = tuple(dict.fromkeys(lang for loaded, _ in computed for lang in loaded.season.languages))
        files[inside(out, INDEX_FILE)] = seasons_index(languages, tuple(seasons)).encode("utf-8")
    return files


def _published(loaded: LoadedSeason, out: Path, archive_root: Path) -> tuple[VersionEntry, ...]:
    """The season's published versions, linked relative to OUT/<season-id>/ (read, never written)."""
    season = loaded.season
    relative = os.path.relpath(inside(archive_root, season.id), inside(out, season.id))
    venues = {c.id: c.venue for c in season.calendar}
    return version_entries(published.season_versions(archive_root, season.id), venues, Path(relative).as_posix() + "/")


def _round_entry(loaded: LoadedSeason, race_round, outputs: list[Output]) -> RoundEntry:
    venue = next((c.venue for c in loaded.season.calendar if c.id == race_round.id), race_round.circuit)
    links = tuple(
        EditionLink(o.release.lang, o.edition, f"{race_round.id}/{o.path.name}")
        for o in sorted(outputs, key=lambda o: FORMATS.index(o.edition))
        if o.release.season_id == loaded.season.id and o.release.round_id == race_round.id
    )
    return RoundEntry(race_round.id, venue, race_round.release_date, links)


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
            marks = DraftMarks(request.draft, untranslated, loaded.season.languages[0])
            releases.append(_render(loaded, race_round, results, lang, prose, marks, request.correction))
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


def _logo_uri(loaded: LoadedSeason) -> str | None:
    path = logo_path(loaded.season, loaded.folder)
    if path is None:
        return None
    return f"data:{LOGO_TYPES[path.suffix.lower()]};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _render(
    loaded: LoadedSeason, race_round: LoadedRound, results: SeasonResults, lang: str, prose: Prose, marks: DraftMarks,
    correction: Correction | None = None,
) -> Release:
    round_id = race_round.round.id
    links = tuple(
        LanguageLink(other, LANGUAGE_NAMES.get(other, other), f"{round_id}-{other}.html")
        for other in loaded.season.languages
        if other != lang
    )
    context = release_context(
        lang, loaded.season, race_round.round, prose,
        results.classifications[round_id], results.standings(round_id), links, _logo_uri(loaded),
        tuple(round_facts(results, round_id)), _history_through(results, round_id),
    )
    context = replace(context, draft=marks, correction=correction)
    return Release(
        loaded.season.id, round_id, lang, context, render_release(context),
        archive.sources(race_round, lang, marks.source_lang), archive.metadata(loaded.season, race_round.round, correction),
    )


def _history_through(results: SeasonResults, round_id: str) -> tuple:
    """The drivers' standings from the first race in the data up to the round's last race."""
    last = max(i for i, item in enumerate(results.races) if item.round_id == round_id)
    return results.history[: last + 2]


def _path(out: Path, release: Release, edition: str) -> Path:
    return inside(out, release.season_id, release.round_id, release.stem() + editions.SUFFIXES[edition])


def _check_formats(formats: tuple[str, ...]) -> None:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise UsageError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")


def _nothing_to_build(request: BuildRequest, computed) -> str:
    rounds = sorted({r.round.id for loaded, _ in computed for r in loaded.rounds})
    if request.round_id:
        return f"no round '{request.round_id}' with data (rounds: {', '.join(rounds) or 'none'})"
    return "no round with results to build"
