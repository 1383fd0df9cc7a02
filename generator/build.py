"""Build: gather and compute every requested release, render what is out of date, then write it all.

Nothing reaches the output folder until every release has validated, computed and rendered, so a
failed build leaves earlier outputs untouched. Outputs whose inputs did not change since they were
written are not rendered again (incremental.py); PDFs print in worker processes (parallel.py).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from . import attachments, editions, languages, photos, published
from .changes import Correction
from .compute import SeasonResults
from .errors import DataError, Location, Problem, UsageError, did_you_mean, unknown_round
from .facts import round_facts
from .incremental import BuildState, Fingerprints, digest, shared_digest, sources_digest
from .index import INDEX_FILE, EditionLink, RoundEntry, SeasonEntry, VersionEntry, brand_of, season_index, seasons_index, version_entries
from .lint import failing, lint_round, once
from .load import Computed, SeasonState, season_states, why_no_results
from .manifest import MANIFEST_FILE, ManifestEntry, manifest
from .model import Prose
from .output import inside, refuse_overlap, write_all
from .parallel import PdfJob, PrintQueue
from .partial import partial_tables
from .progress import SILENT, Progress
from .render import release_rules, render_release
from .request import BuildReport, BuildRequest, default_archive
from .schema import LoadedRound, LoadedSeason, logo_data_uri
from .translation import draft_prose, pending_problems, round_status
from .view import DraftMarks, LanguageLink, ReleaseContext, photo_views, release_context

__all__ = ["BuildReport", "BuildRequest", "build"]

@dataclass(frozen=True)
class PlannedRelease:
    """A release to be, before anything is rendered: its data, its prose and its draft marks."""

    loaded: LoadedSeason
    race_round: LoadedRound
    results: SeasonResults
    lang: str
    prose: Prose
    marks: DraftMarks
    correction: Correction | None = None  # a corrected version's changes (publish)

    @property
    def season_id(self) -> str:
        return self.loaded.season.id

    @property
    def round_id(self) -> str:
        return self.race_round.round.id

    def stem(self) -> str:
        return f"{self.round_id}-{self.lang}"


@dataclass(frozen=True)
class Release:
    season_id: str
    round_id: str
    lang: str
    context: ReleaseContext
    html: str
    sources: tuple[attachments.EmbeddedFile, ...]  # embedded in the PDF
    info: dict[str, str]  # PDF document information beyond what the HTML gives
    pdf_html: str  # the web page's HTML but for where the photos are found, and without its <style>
    pdf_stylesheets: tuple[str, ...]  # what that <style> holds: the house stylesheet, the release's own rules

    def pdf_job(self) -> PdfJob:
        """The PDF to print, with the print copy of each listed photo: the only files besides the
        template assets its URL fetcher admits."""
        copies = tuple((p.pdf_src, photos.copy(p.file, photos.PRINT)) for p in self.context.photos)
        return PdfJob(self.pdf_html, self.sources, self.info, f"{self.season_id}/{self.stem()}.pdf", copies, self.pdf_stylesheets)

    def stem(self) -> str:
        return f"{self.round_id}-{self.lang}"


@dataclass(frozen=True)
class Target:
    """One file of one release in one edition, and the fingerprint of what it is made from."""

    plan: PlannedRelease
    edition: str
    path: Path
    inputs: str
    photo: tuple[Path, photos.Size] | None = None  # a copy of a round's photo, not a release

    @property
    def name(self) -> str:
        """The file's path inside its round's output folder."""
        return photos.output_name(self.photo[0].name, self.photo[1]) if self.photo else self.path.name


@dataclass(frozen=True)
class Output:
    """One file of one release in one edition, as it will be written."""

    target: Target
    content: bytes

    @property
    def path(self) -> Path:
        return self.target.path

    @property
    def edition(self) -> str:
        return self.target.edition

    @property
    def lang(self) -> str | None:
        return None if self.target.photo else self.target.plan.lang

    @property
    def name(self) -> str:
        return self.target.name


@dataclass(frozen=True)
class Rendered:
    """Every requested release rendered in every requested edition, nothing written yet (publish)."""

    computed: list
    outputs: list[Output]
    refused_urls: tuple[str, ...]


def build(request: BuildRequest, progress: Progress = SILENT) -> BuildReport:
    """Write what is out of date: outputs whose inputs changed since they were written, or that
    are missing. Everything is rendered before anything is written; the archive is never touched."""
    archive_root = request.archive or default_archive(request.path)
    _check_out(request.out, archive_root, request.path)
    _check_formats(request.formats)
    state = BuildState.load(request.out)
    shared = shared_digest()
    sources = sources_digest(request, shared)  # before loading: a file saved meanwhile is seen next time
    computed, unready = ready_rounds(request)
    plans, findings, left_out = plan_releases(computed, request, unready)
    fingerprints = Fingerprints(shared, request.formats, request.draft)
    targets = [_target(plan, edition, request.out, fingerprints) for plan in plans for edition in request.formats]
    targets += _photo_targets(plans, request, fingerprints)
    stale = [t for t in targets if not state.up_to_date(t.path, t.inputs)]
    outputs, refused = _outputs(stale, request, progress)
    for output in outputs:
        state.record(output.target.path, output.target.inputs, output.content)
    files = {o.target.path: o.content for o in outputs}
    releases = _releases_on_disk(computed, targets, state, request.out)
    derived = _manifests(releases, request.out)  # after the files they describe: written after them
    derived.update(_indexes(computed, releases, state, request.out, archive_root))
    for path, (inputs, content) in derived.items():
        if not state.up_to_date(path, inputs):
            files[path] = content
            state.record(path, inputs, content)
    warnings = (tuple(str(w) for loaded, _ in computed for w in loaded.warnings) + tuple(str(f) for f in findings)
                + tuple(left_out) + tuple(str(w) for w in _email_photo_warnings(plans, request)))
    every_file = [t.path for t in targets] + list(derived)
    listed = [inside(request.out, *key, e.name) for key, entries in releases.items() for e in entries]
    state.record_build(request, sources, every_file, warnings, [p for p in listed if p not in every_file])
    write_all({**files, **state.changes()})  # the state last: it vouches for the rest
    unchanged = tuple(p for p in every_file if p not in files)
    return BuildReport(tuple(files), warnings, tuple(refused), unchanged)


def render_outputs(request: BuildRequest, progress: Progress = SILENT) -> Rendered:
    """Every requested release in every requested edition, rendered whatever the build state (publish)."""
    _check_formats(request.formats)
    computed, unready = ready_rounds(request)
    plans, _, _ = plan_releases(computed, request, unready)
    fingerprints = Fingerprints(shared_digest(), request.formats, request.draft)
    targets = [_target(plan, edition, request.out, fingerprints) for plan in plans for edition in request.formats]
    targets += _photo_targets(plans, request, fingerprints)
    outputs, refused = _outputs(targets, request, progress)
    return Rendered(computed, outputs, tuple(refused))


def _check_out(out: Path, archive_root: Path, seasons_path: Path) -> None:
    """Published versions are records: a build never writes into the archive."""
    if out.resolve().is_relative_to(archive_root.resolve()):
        raise UsageError(f"refusing to build into the archive of published releases ({archive_root}); choose another --out")
    refuse_overlap(out, "--out", seasons_path)


@dataclass(frozen=True)
class Unready:
    """A round (or, with round_id None, a whole season) that is not built, and why."""

    folder: Path  # the round's folder, or the season's
    season_id: str
    round_id: str | None
    problems: tuple[Problem, ...]


def ready_rounds(request: BuildRequest) -> tuple[list[tuple[LoadedSeason, SeasonResults]], list[Unready]]:
    """Each season computed over the rounds it can count on, and every round (or season) that is not
    ready with its problems. With --strict, any problem at all (warnings too) refuses the build."""
    states = season_states(request.path)
    if request.strict and (refused := failing([p for s in states for p in s.problems])):
        raise DataError(refused)
    computed: Computed = []
    unready: list[Unready] = []
    for state in states:
        if state.results is None or state.loaded is None:
            unready.append(Unready(state.folder, state.folder.name, None, tuple(state.season_errors or state.errors)))
        else:
            computed.append((state.loaded, state.results))
        unready += [_unready_round(state, round_id, problems) for round_id, problems in state.unready.items()]
    return computed, unready


def _unready_round(state: SeasonState, round_id: str, problems: tuple[Problem, ...]) -> Unready:
    return Unready(state.folder / "rounds" / round_id, state.folder.name, round_id, problems)


def plan_releases(computed: Computed, request: BuildRequest, unready: Sequence[Unready] = ()) -> tuple[list[PlannedRelease], list[Problem], list[str]]:
    """Every requested release of a ready round, unrendered; the prose fact-check's findings; and
    the warnings naming each round left out with its problems. A round whose translations are
    missing or stale is left out too (it is drafted with --draft). DataError when nothing asked
    for can be built (every problem listed), or, with --strict, on any finding."""
    left_out = {(u.season_id, u.round_id): u for u in unready}
    plans = []
    for loaded, results in computed:
        for race_round in _requested_rounds(loaded, results, request):
            key = (loaded.season.id, race_round.round.id)
            if key in left_out and not _prose_loaded(loaded, race_round, request):
                continue  # a prose file that does not validate: its problems are listed already
            problems: list[Problem] = []
            releases = _releases(loaded, race_round, results, request, problems)
            if problems or key in left_out:  # the missing translations join the round's other problems
                earlier = left_out[key].problems if key in left_out else ()
                left_out[key] = Unready(race_round.document.path.parent, *key, tuple(earlier) + tuple(problems))
            else:
                plans += releases
    findings = _lint(computed, request, set(left_out)) + _partial(plans)
    if request.strict and failing(findings):
        raise DataError(failing(findings))
    asked = [u for u in left_out.values() if u.round_id is None or request.round_id in (None, u.round_id)]
    if not plans and asked:  # nothing asked for can be built: exit 1 with why
        raise DataError([p for u in asked for p in u.problems])
    if not plans:
        raise _nothing_to_build(request, computed)
    return plans, findings, [line for u in asked for line in _left_out(u)]


def _left_out(unready: Unready) -> list[str]:
    """A warning naming what is not built, then its problems, each as a warning."""
    what = f"round {unready.round_id}" if unready.round_id else f"season {unready.season_id}"
    count = len(unready.problems)
    lines = [str(Problem(Location(unready.folder), f"{what} not built: {count} problem{'s' if count != 1 else ''} "
                                                    "(`pressgen validate` lists them; --strict makes them errors)", "warning"))]
    return lines + [str(replace(p, severity="warning")) for p in unready.problems]


def _partial(plans: list[PlannedRelease]) -> list[Problem]:
    """The partial tables of each round planned (partial.py), once per round."""
    rounds = {(p.season_id, p.round_id): p for p in plans}
    return [w for plan in rounds.values() for w in partial_tables(plan.loaded, plan.race_round, plan.results)]


def _prose_loaded(loaded: LoadedSeason, race_round: LoadedRound, request: BuildRequest) -> bool:
    """The source prose and each requested translation that exists validated (a draft can stand in
    for a missing translation, never for a file in error)."""
    langs = (loaded.season.languages[0], *(request.langs or loaded.season.languages))
    return all(lang in race_round.prose or lang not in race_round.prose_documents for lang in langs) \
        and loaded.season.languages[0] in race_round.prose


def _requested_rounds(loaded: LoadedSeason, results: SeasonResults, request: BuildRequest) -> list[LoadedRound]:
    """The rounds asked for whose results the season computed (rounds before a snapshot have none)."""
    return [
        r for r in loaded.rounds
        if r.round.id in results.classifications and request.round_id in (None, r.round.id)
    ]


def _lint(computed: Computed, request: BuildRequest, unready: set[tuple[str, str | None]]) -> list[Problem]:
    """The prose fact-check of every round built: warnings, or errors with --strict."""
    return once([
        finding
        for loaded, results in computed
        for race_round in _requested_rounds(loaded, results, request)
        if (loaded.season.id, race_round.round.id) not in unready
        for finding in lint_round(loaded.season, race_round, results)
    ])


def _target(plan: PlannedRelease, edition: str, out: Path, fingerprints: Fingerprints) -> Target:
    return Target(plan, edition, _path(out, plan, edition), release_inputs(plan, edition, fingerprints))


def release_inputs(plan: PlannedRelease, edition: str, fingerprints: Fingerprints) -> str:
    """The fingerprint of what one edition of a release is made from: data, prose and photos."""
    rounds = [r.round.id for r in plan.loaded.rounds]
    earlier = [r.document.path for r in plan.loaded.rounds[: rounds.index(plan.round_id)]]  # standings
    folder = plan.race_round.document.path.parent
    prose = [folder / f"{lang}.yaml" for lang in dict.fromkeys((plan.marks.source_lang, plan.lang))]
    own = [plan.race_round.document.path, *prose, *round_photo_files(plan.race_round)]
    return fingerprints.release(plan.loaded.folder, earlier, own, plan.lang, edition)


def round_photo_files(race_round: LoadedRound) -> list[Path]:
    """The listed photos as named from the round folder (validation proved each really lies inside
    it); not resolved, so a round folder that is a link keeps its place in the season."""
    folder = race_round.document.path.parent
    return [Path(os.path.normpath(folder / photo.file)) for photo in race_round.round.photos]


def _photo_targets(plans: list[PlannedRelease], request: BuildRequest, fingerprints: Fingerprints) -> list[Target]:
    """Each round's photo copies, once whatever the languages: the web page's and the full
    resolution beside a web page; the email's where the season's base URL lets the email show it."""
    by_round = {(p.season_id, p.round_id): p for p in plans}
    targets = []
    for plan in by_round.values():
        for photo in plan.race_round.round.photos:
            sizes = [photos.WEB, photos.FULL] if "html" in request.formats else []
            if "email" in request.formats and photo.lead and plan.loaded.season.site is not None:
                sizes.append(photos.EMAIL)
            path = photos.photo_path(plan.race_round.document, photo.file)
            for size in sizes:
                name = photos.output_name(path.name, size)
                out = inside(request.out, plan.season_id, plan.round_id, *name.split("/"))
                targets.append(Target(plan, "photo", out, fingerprints.photo(path, repr(size)), (path, size)))
    return targets


def _email_photo_warnings(plans: list[PlannedRelease], request: BuildRequest) -> list[Problem]:
    """An email built without its lead photo, for want of a public address to show it from."""
    if "email" not in request.formats:
        return []
    rounds = {p.race_round.document.path: p for p in plans if p.loaded.season.site is None}
    return [
        Problem(p.race_round.document.locate(("photos", i, "lead")),
                "the email shows no lead photo: the season gives no site.base_url to show it from", "warning")
        for p in rounds.values() for i, photo in enumerate(p.race_round.round.photos) if photo.lead
    ]


def _outputs(stale: list[Target], request: BuildRequest, progress: Progress) -> tuple[list[Output], list[str]]:
    """Render each release with a stale target once; its printed edition prints in a worker meanwhile."""
    pdf_targets = [t for t in stale if t.photo is None and editions.get(t.edition).printed]
    outputs, rendered = [], {}
    with PrintQueue(request.jobs, len(pdf_targets), progress) as queue:
        for target in stale:
            if target.photo is not None:
                outputs.append(Output(target, photos.copy(*target.photo)))
                continue
            if id(target.plan) not in rendered:
                rendered[id(target.plan)] = render(target.plan)
            release = rendered[id(target.plan)]
            edition = editions.get(target.edition)
            if edition.printed:
                queue.submit(release.pdf_job())
            else:
                outputs.append(Output(target, edition.text(release)))
        printed = queue.results()
    outputs += [Output(t, p.pdf) for t, p in zip(pdf_targets, printed, strict=True)]  # one result per job, in order
    return outputs, [url for p in printed for url in p.refused]


# A round's release files once this build is written, by (season id, round id).
OnDisk = dict[tuple[str, str], list[ManifestEntry]]


def _releases_on_disk(computed: Computed, targets: list[Target], state: BuildState, out: Path) -> OnDisk:
    """Every release file of the seasons loaded that exists once this build is written: this
    build's own and those an earlier build wrote and left (a narrowed build keeps the others
    listed; a file deleted since is no longer listed). Manifests and indexes describe these."""
    own = {t.path: t for t in targets}
    found: OnDisk = {}
    for loaded, _ in computed:
        for race_round in loaded.rounds:
            round_id = race_round.round.id
            folder = inside(out, loaded.season.id, round_id)
            entries = [
                entry
                for lang in languages.codes()
                for edition in editions.EDITIONS
                if (entry := _release_file(folder / f"{round_id}-{lang}{edition.suffix}", lang, edition.name, own, state)) is not None
            ]
            entries += [
                entry
                for name in _photo_copy_names(race_round)
                if (entry := _release_file(folder / name, None, "photo", own, state, name)) is not None
            ]
            if entries:
                found[loaded.season.id, round_id] = entries
    return found


def _release_file(path: Path, lang: str | None, edition: str, own: dict[Path, Target], state: BuildState,
                  name: str | None = None) -> ManifestEntry | None:
    """This build's file as recorded, or an earlier build's as it is on disk (only files the
    build state says pressgen wrote: anything else in the folder is not a release). `name`: its
    path in the round folder, when not just its name (photos/...)."""
    name = name or path.name
    if path in own:
        recorded = state.outputs[state.name(path)]
        return ManifestEntry(name, lang, edition, recorded.size, recorded.sha256)
    if state.name(path) not in state.outputs or not path.is_file():
        return None
    return ManifestEntry.of(name, lang, edition, path.read_bytes())


def _photo_copy_names(race_round: LoadedRound) -> list[str]:
    """Every copy a build may write of the round's photos, by path in the round's output folder."""
    return [photos.output_name(photo.file.rsplit("/", 1)[-1], size)
            for photo in race_round.round.photos for size in (photos.WEB, photos.FULL, photos.EMAIL)]


def _manifests(releases: OnDisk, out: Path) -> dict[Path, tuple[str, bytes]]:
    """Per round, every release file it has, as written."""
    files = {}
    for (season_id, round_id), entries in releases.items():
        content = manifest(season_id, round_id, entries)
        files[inside(out, season_id, round_id, MANIFEST_FILE)] = (digest(content), content)  # its inputs are its content
    return files


def _indexes(computed: Computed, releases: OnDisk, state: BuildState, out: Path, archive_root: Path) -> dict[Path, tuple[str, bytes]]:
    """The season indexes of the seasons loaded and the root index of every season built into
    OUT: each season indexed is recorded in the build state, so a later build of another season
    still lists it. Each index is cheap to render, so its content is its fingerprint."""
    files = {}
    for loaded, _ in computed:
        season = loaded.season
        rounds = tuple(_round_entry(loaded, race_round.round, releases) for race_round in loaded.rounds)
        rounds = tuple(entry for entry in rounds if entry.links)
        if not rounds:
            continue
        languages = tuple(dict.fromkeys([*season.languages, *(link.lang for r in rounds for link in r.links)]))
        title = f"{season.series} {season.year}"
        versions = _published(loaded, out, archive_root)
        content = season_index(title, languages, rounds, versions, brand_of(loaded)).encode("utf-8")
        files[inside(out, season.id, INDEX_FILE)] = (digest(content), content)
        state.seasons[season.id] = {"series": season.series, "year": season.year, "languages": list(languages)}
    built = sorted(
        season_id for season_id in state.seasons
        if inside(out, season_id, INDEX_FILE) in files or inside(out, season_id, INDEX_FILE).is_file()
    )
    if built:
        seasons = tuple(
            SeasonEntry(season_id, state.seasons[season_id]["series"], state.seasons[season_id]["year"], f"{season_id}/{INDEX_FILE}")
            for season_id in built
        )
        languages = tuple(dict.fromkeys(lang for season_id in built for lang in state.seasons[season_id]["languages"]))
        content = seasons_index(languages, seasons).encode("utf-8")
        files[inside(out, INDEX_FILE)] = (digest(content), content)
    return files


def _published(loaded: LoadedSeason, out: Path, archive_root: Path) -> tuple[VersionEntry, ...]:
    """The season's published versions, linked relative to OUT/<season-id>/ (read, never written)."""
    season = loaded.season
    relative = os.path.relpath(inside(archive_root, season.id), inside(out, season.id))
    venues = {c.id: c.venue for c in season.calendar}
    return version_entries(published.season_versions(archive_root, season.id), venues, Path(relative).as_posix() + "/")


def _round_entry(loaded: LoadedSeason, race_round, releases: OnDisk) -> RoundEntry:
    venue = next((c.venue for c in loaded.season.calendar if c.id == race_round.id), race_round.circuit)
    entries = releases.get((loaded.season.id, race_round.id), [])
    links = tuple(
        EditionLink(lang, e.edition, f"{race_round.id}/{e.name}")
        for e in sorted((e for e in entries if e.edition in editions.names()), key=lambda e: editions.names().index(e.edition))
        if (lang := e.lang) is not None
    )
    return RoundEntry(race_round.id, venue, race_round.release_date, links)


def _releases(
    loaded: LoadedSeason, race_round: LoadedRound, results: SeasonResults, request: BuildRequest, problems: list[Problem]
) -> list[PlannedRelease]:
    """The round's requested releases; the units a release cannot show go to `problems` unless drafting."""
    langs = request.langs or loaded.season.languages
    unknown = [lang for lang in langs if not languages.is_known(lang)]
    if unknown:
        raise UsageError(
            f"{loaded.season.id}: no language {', '.join(unknown)}{did_you_mean(unknown[0], languages.codes())} "
            f"(the season has {', '.join(loaded.season.languages)}; pressgen knows {', '.join(languages.codes())})"
        )
    releases = []
    for lang in langs:
        prose, untranslated = _prose(loaded, race_round, lang, request.draft, problems)
        marks = DraftMarks(request.draft, untranslated, loaded.season.languages[0])
        releases.append(PlannedRelease(loaded, race_round, results, lang, prose, marks, request.correction))
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


def render(plan: PlannedRelease) -> Release:
    loaded, race_round, results, lang, marks = plan.loaded, plan.race_round, plan.results, plan.lang, plan.marks
    round_id = race_round.round.id
    as_published = _as_published(race_round.round, plan.correction)
    links = tuple(
        LanguageLink(other, languages.style(other).own_name, f"{round_id}-{other}.html")
        for other in loaded.season.languages
        if other != lang
    )
    context = release_context(
        lang, loaded.season, as_published, plan.prose,
        results.classifications[round_id], results.standings(round_id), links, logo_data_uri(loaded.season, loaded.folder),
        tuple(round_facts(results, round_id)), _history_through(results, round_id),
    )
    views = photo_views(race_round.round, race_round.document.path.parent, lang, marks.source_lang or loaded.season.languages[0])
    context = replace(context, draft=marks, correction=plan.correction, photos=views)
    html = render_release(context)
    return Release(
        loaded.season.id, round_id, lang, context, html,
        attachments.sources(race_round, lang, marks.source_lang),
        attachments.metadata(loaded.season, as_published, plan.correction),
        render_release(context, "pdf"), (context.stylesheet, release_rules(context)),
    )


def _as_published(race_round, correction):
    """The round as this version presents it: a correction carries its own embargo, or none."""
    if correction is None or correction.embargo(race_round.embargo) == race_round.embargo:
        return race_round
    return race_round.model_copy(update={"embargo": correction.embargo(race_round.embargo)})


def _history_through(results: SeasonResults, round_id: str) -> tuple:
    """The drivers' standings from the first race in the data up to the round's last race."""
    last = max(i for i, item in enumerate(results.races) if item.round_id == round_id)
    return results.history[: last + 2]


def _path(out: Path, release: PlannedRelease, edition: str) -> Path:
    return inside(out, release.season_id, release.round_id, release.stem() + editions.get(edition).suffix)


def _check_formats(formats: tuple[str, ...]) -> None:
    known = editions.names()
    unknown = [f for f in formats if f not in known]
    if unknown or not formats:
        hint = did_you_mean(unknown[0], known) if unknown else ""
        raise UsageError(f"unknown format {', '.join(unknown) or '(none)'}{hint}; choose from {', '.join(known)}")


def _nothing_to_build(request: BuildRequest, computed: Computed) -> UsageError:
    if request.round_id:
        calendars = [(loaded, results) for loaded, results in computed if request.round_id in {c.id for c in loaded.season.calendar}]
        if len(calendars) == 1:
            return UsageError(why_no_results(*calendars[0], request.round_id))
        rounds = sorted({r for _, results in computed for r in results.classifications})
        return unknown_round(request.round_id, "with results", rounds)
    return UsageError("no round with results to build")
