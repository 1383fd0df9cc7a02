"""Write a build: render each planned release once, make each of its editions (the printed one in
a PDF worker), then describe what the output folder holds (manifests, indexes) and record it all
in the build state, written at once: every file whole, the state last.

The plan (plan.py) says what to make; nothing here decides which rounds or releases are built.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from . import attachments, editions, feeds, languages, photos, pre_event_release, published
from .changes import Correction
from .compute import SeasonResults
from .facts import round_facts
from .incremental import BuildState, digest
from .index import INDEX_FILE, EditionLink, RoundEntry, SeasonEntry, VersionEntry, brand_of, season_index, seasons_index, version_entries
from .load import Computed
from .manifest import MANIFEST_FILE, ManifestEntry, manifest
from .model import Round
from .output import inside, write_all
from .parallel import PdfJob, PrintQueue
from .plan import Plan, PlannedRelease, Target
from .progress import Progress
from .render import release_rules, render_release
from .request import BuildReport, BuildRequest
from .schema import KINDS, PRE_EVENT, REPORT, LoadedRound, LoadedSeason, logo_data_uri
from .standings import Standings
from .view import LanguageLink, ReleaseContext, photo_views, release_context, release_stem


@dataclass(frozen=True)
class Release:
    """A planned release rendered: its web page and typed context, and what its PDF needs."""

    season_id: str
    round_id: str
    lang: str
    context: ReleaseContext
    html: str
    sources: tuple[attachments.EmbeddedFile, ...]  # embedded in the PDF
    info: dict[str, str]  # PDF document information beyond what the HTML gives
    pdf_html: str  # the web page's HTML but for where the photos are found, without its <style> and what print hides
    pdf_stylesheets: tuple[str, ...]  # what that <style> holds: the house stylesheet, the release's own rules
    kind: str = REPORT

    def pdf_job(self) -> PdfJob:
        """The PDF to print, with the print copy of each listed photo: the only files besides the
        template assets its URL fetcher admits."""
        copies = tuple((p.pdf_src, photos.copy(p.file, photos.PRINT)) for p in self.context.photos)
        return PdfJob(self.pdf_html, self.sources, self.info, f"{self.season_id}/{self.stem()}.pdf", copies, self.pdf_stylesheets)

    def stem(self) -> str:
        return release_stem(self.round_id, self.kind, self.lang)


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

    @property
    def race(self) -> int | None:
        return self.target.race


@dataclass(frozen=True)
class Made:
    """The targets made, in the order they are written, and the URLs the PDFs were refused."""

    outputs: tuple[Output, ...]
    refused_urls: tuple[str, ...]


# --- render and print ------------------------------------------------------------------------------


def print_queue(request: BuildRequest, progress: Progress) -> PrintQueue:
    """The PDF workers of a build, to open before it is planned (they warm up meanwhile); none when
    no edition asked for is printed."""
    printed = any(editions.get(name).printed for name in request.formats)
    return PrintQueue(request.jobs if printed else 1, progress)


def make(targets: list[Target], queue: PrintQueue) -> Made:
    """Render each release with a target once; its printed edition prints in a worker meanwhile."""
    pdf_targets = [t for t in targets if t.photo is None and editions.get(t.edition).printed]
    outputs: list[Output] = []
    current: tuple[PlannedRelease, Release] | None = None  # a release's targets follow one another: only its own is kept
    queue.expect(len(pdf_targets))
    for target in targets:
        if target.photo is not None:
            outputs.append(Output(target, photos.copy(*target.photo)))
            continue
        if current is None or current[0] is not target.plan:
            current = (target.plan, render(target.plan))
        release = current[1]
        edition = editions.get(target.edition)
        if edition.printed:
            queue.submit(release.pdf_job())
        else:
            outputs.append(Output(target, edition.text(release, target.race)))
    printed = queue.results()
    outputs += [Output(t, p.pdf) for t, p in zip(pdf_targets, printed, strict=True)]  # one result per job, in order
    return Made(tuple(outputs), tuple(url for p in printed for url in p.refused))


def render(plan: PlannedRelease) -> Release:
    if plan.kind == PRE_EVENT:
        return _render_pre_event(plan)
    loaded, race_round, results, lang, marks = plan.loaded, plan.race_round, plan.results, plan.lang, plan.marks
    round_id = race_round.round.id
    as_published = _as_published(race_round.round, plan.correction)
    links = _language_links(loaded.season.languages, round_id, REPORT, lang)
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


def _render_pre_event(plan: PlannedRelease) -> Release:
    """The pre-event release: its prose, the schedule, the standings before the round and the stakes."""
    loaded, lang = plan.loaded, plan.lang
    as_published = pre_event_release.as_published(plan.race_round.round, plan.correction)
    links = _language_links(loaded.season.languages, plan.round_id, PRE_EVENT, lang)
    context = pre_event_release.release_context(lang, loaded, as_published, plan.prose, plan.results, links,
                                                logo_data_uri(loaded.season, loaded.folder), plan.marks)
    context = replace(context, correction=plan.correction)
    html = render_release(context)
    return Release(loaded.season.id, plan.round_id, lang, context, html,
                   attachments.sources(plan.race_round, lang, plan.marks.source_lang),
                   attachments.metadata(loaded.season, as_published, plan.correction) | {"Kind": PRE_EVENT},
                   render_release(context, "pdf"), (context.stylesheet, release_rules(context)), PRE_EVENT)


def _language_links(season_languages: tuple[str, ...], round_id: str, kind: str, lang: str) -> tuple[LanguageLink, ...]:
    """The same release in the season's other languages, each named in its own language."""
    return tuple(
        LanguageLink(other, languages.style(other).own_name, f"{release_stem(round_id, kind, other)}.html")
        for other in season_languages if other != lang
    )


def _as_published(race_round: Round, correction: Correction | None) -> Round:
    """The round as this version presents it: a correction carries its own embargo, or none."""
    if correction is None or correction.embargo(race_round.embargo) == race_round.embargo:
        return race_round
    return race_round.model_copy(update={"embargo": correction.embargo(race_round.embargo)})


def _history_through(results: SeasonResults, round_id: str) -> tuple[Standings, ...]:
    """The drivers' standings from the first race in the data up to the round's last race."""
    last = max(i for i, item in enumerate(results.races) if item.round_id == round_id)
    return results.history[: last + 2]


# --- write -----------------------------------------------------------------------------------------


def write_build(plan: Plan, made: Made, state: BuildState, request: BuildRequest, sources: str, archive_root: Path) -> BuildReport:
    """Write the files made, then the manifests and indexes that describe the output folder as it
    will be, then the build state; each only if it differs from what is on disk."""
    for output in made.outputs:
        state.record(output.target.path, output.target.inputs, output.content)
    files = {o.target.path: o.content for o in made.outputs}
    releases = _releases_on_disk(plan.computed, plan.targets, state, request.out)
    derived = _manifests(releases, request.out)  # after the files they describe: written after them
    derived.update(_indexes(plan.computed, releases, state, request.out, archive_root))
    for path, (inputs, content) in derived.items():
        if not state.up_to_date(path, inputs):
            files[path] = content
            state.record(path, inputs, content)
    every_file = [t.path for t in plan.targets] + list(derived)
    listed = [inside(request.out, *key, e.name) for key, entries in releases.items() for e in entries]
    state.record_build(request, sources, every_file, plan.warnings, [p for p in listed if p not in every_file])
    write_all({**files, **state.changes()})  # the state last: it vouches for the rest
    unchanged = tuple(p for p in every_file if p not in files)
    return BuildReport(tuple(files), plan.warnings, made.refused_urls, unchanged)


# A round's release files once this build is written, by (season id, round id).
OnDisk = dict[tuple[str, str], list[ManifestEntry]]
# A file describing others, by path: (the fingerprint of its inputs, its content).
Derived = dict[Path, tuple[str, bytes]]


def _releases_on_disk(computed: Computed, targets: tuple[Target, ...], state: BuildState, out: Path) -> OnDisk:
    """Every release file of the seasons loaded that exists once this build is written: this
    build's own and those an earlier build wrote and left (a narrowed build keeps the others
    listed; a file deleted since is no longer listed). Manifests and indexes describe these."""
    own = {t.path: t for t in targets}
    found: OnDisk = {}
    for loaded, _ in computed:
        for race_round in loaded.rounds:
            round_id = race_round.round.id
            folder = inside(out, loaded.season.id, round_id)
            races = [race.number for race in race_round.round.races]
            entries = [
                entry
                for kind in KINDS
                for lang in languages.codes()
                for edition in editions.EDITIONS
                for race in (races if edition.per_race else [None])
                if (entry := _release_file(folder / f"{release_stem(round_id, kind, lang)}{edition.file_suffix(race)}", lang, edition.name,
                                           own, state, kind=kind, race=race)) is not None
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
                  name: str | None = None, kind: str = REPORT, race: int | None = None) -> ManifestEntry | None:
    """This build's file as recorded, or an earlier build's as it is on disk (only files the
    build state says pressgen wrote: anything else in the folder is not a release). `name`: its
    path in the round folder, when not just its name (photos/...)."""
    name = name or path.name
    if path in own:
        recorded = state.outputs[state.name(path)]
        return ManifestEntry(name, lang, edition, recorded.size, recorded.sha256, kind, race)
    if state.name(path) not in state.outputs or not path.is_file():
        return None
    return ManifestEntry.of(name, lang, edition, path.read_bytes(), kind, race)


def _photo_copy_names(race_round: LoadedRound) -> list[str]:
    """Every copy a build may write of the round's photos, by path in the round's output folder."""
    sizes = dict.fromkeys(size for edition in editions.EDITIONS for size in edition.photos.sizes)
    return [photos.output_name(photo.file.rsplit("/", 1)[-1], size) for photo in race_round.round.photos for size in sizes]


def _manifests(releases: OnDisk, out: Path) -> Derived:
    """Per round, every release file it has, as written."""
    files = {}
    for (season_id, round_id), entries in releases.items():
        content = manifest(season_id, round_id, entries)
        files[inside(out, season_id, round_id, MANIFEST_FILE)] = (digest(content), content)  # its inputs are its content
    return files


def _indexes(computed: Computed, releases: OnDisk, state: BuildState, out: Path, archive_root: Path) -> Derived:
    """The season indexes of the seasons loaded and the root index of every season built into
    OUT: each season indexed is recorded in the build state, so a later build of another season
    still lists it. Each index is cheap to render, so its content is its fingerprint."""
    feed_files = feeds.feed_files([loaded for loaded, _ in computed], out, archive_root)  # made before the indexes that link them
    files = {path: (digest(content), content) for path, content in feed_files.items()}
    for loaded, _ in computed:
        season = loaded.season
        rounds = tuple(entry for race_round in loaded.rounds for kind in KINDS
                       if (entry := _round_entry(loaded, race_round.round, releases, kind)).links)
        if not rounds:
            continue
        languages = tuple(dict.fromkeys([*season.languages, *(link.lang for r in rounds for link in r.links)]))
        title = f"{season.series} {season.year}"
        versions = _published(loaded, out, archive_root)
        content = season_index(title, languages, rounds, versions, brand_of(loaded), _feeds_in(feed_files, out / season.id)).encode("utf-8")
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
        content = seasons_index(languages, seasons, _feeds_in(feed_files, out) or _feeds_on_disk(out)).encode("utf-8")
        files[inside(out, INDEX_FILE)] = (digest(content), content)
    return files


def _feeds_in(files: dict[Path, bytes], folder: Path) -> dict[str, str]:
    """The Atom feeds among `files` that are in `folder`: their names by language, for the index there."""
    return {path.name.removeprefix("feed-").removesuffix(feeds.FEED_SUFFIX): path.name for path in files if path.parent == folder}


def _feeds_on_disk(out: Path) -> dict[str, str]:
    """The archive's feeds an earlier build wrote (this one had no season with a base URL): still linked."""
    return _feeds_in(dict.fromkeys(sorted(out.glob(f"feed-*{feeds.FEED_SUFFIX}")), b""), out)


def _published(loaded: LoadedSeason, out: Path, archive_root: Path) -> tuple[VersionEntry, ...]:
    """The season's published versions, linked relative to OUT/<season-id>/ (read, never written)."""
    season = loaded.season
    relative = os.path.relpath(inside(archive_root, season.id), inside(out, season.id))
    venues = {c.id: c.venue for c in season.calendar}
    return version_entries(published.season_versions(archive_root, season.id), venues, Path(relative).as_posix() + "/")


def _round_entry(loaded: LoadedSeason, race_round: Round, releases: OnDisk, kind: str = REPORT) -> RoundEntry:
    """A row of the season index: one kind of release of the round, with its files."""
    venue = next((c.venue for c in loaded.season.calendar if c.id == race_round.id), race_round.circuit)
    entries = [e for e in releases.get((loaded.season.id, race_round.id), []) if e.kind == kind]
    order = editions.linked()
    links = tuple(
        EditionLink(lang, e.edition, f"{race_round.id}/{e.name}", e.race)
        for e in sorted((e for e in entries if e.edition in order), key=lambda e: (order.index(e.edition), e.race or 0))
        if (lang := e.lang) is not None
    )
    date = race_round.pre_event.release_date if kind == PRE_EVENT and race_round.pre_event else race_round.release_date
    return RoundEntry(race_round.id, venue, date, links, kind)
