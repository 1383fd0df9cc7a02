"""Plan a build: which rounds are ready, which releases they make in which editions, what each
file is made from, and which of them are out of date. Nothing is rendered and nothing written
here; write.py turns a `Plan` into files.

The plan reads the data (load.py) and the prose fact-check (lint.py); a round that is not ready,
or whose translations are missing or stale, is left out with its problems as warnings.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from . import editions, languages, photos, pre_event_release
from .changes import Correction
from .compute import SeasonResults
from .errors import DataError, Location, Problem, UsageError, did_you_mean, unknown_round
from .incremental import BuildState, Fingerprints
from .lint import failing, lint_round, once
from .lint_stakes import pre_event_lint
from .load import Computed, SeasonState, season_states, why_no_results
from .model import Prose
from .output import inside, refuse_overlap
from .partial import partial_tables
from .request import BuildRequest
from .schema import PRE_EVENT, REPORT, LoadedRound, LoadedSeason, prose_file_name
from .translation import draft_prose, pending_problems, round_status
from .view import DraftMarks, release_stem


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
    def kind(self) -> str:
        """Which of the round's releases: its prose says (schema.LoadedRound.for_kind)."""
        return self.race_round.kind

    @property
    def season_id(self) -> str:
        return self.loaded.season.id

    @property
    def round_id(self) -> str:
        return self.race_round.round.id

    def stem(self) -> str:
        return release_stem(self.round_id, self.kind, self.lang)


@dataclass(frozen=True)
class Target:
    """One file of one release in one edition, and the fingerprint of what it is made from."""

    plan: PlannedRelease
    edition: str
    path: Path
    inputs: str
    photo: tuple[Path, photos.Size] | None = None  # a copy of a round's photo, not a release
    race: int | None = None  # the race of an edition made per race (a result card)

    @property
    def name(self) -> str:
        """The file's path inside its round's output folder."""
        return photos.output_name(self.photo[0].name, self.photo[1]) if self.photo else self.path.name


@dataclass(frozen=True)
class Unready:
    """A round (or, with round_id None, a whole season) that is not built, and why."""

    folder: Path  # the round's folder, or the season's
    season_id: str
    round_id: str | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Plan:
    """What a build makes: every file of every requested release (its photo copies too), with
    the fingerprint of its inputs, and the warnings the build reports."""

    computed: Computed  # every season loaded, computed over the rounds it can count on
    releases: tuple[PlannedRelease, ...]
    targets: tuple[Target, ...]
    warnings: tuple[str, ...]  # the data's warnings, the fact-check's findings, the rounds left out

    def stale(self, state: BuildState) -> list[Target]:
        """The targets whose file is missing, changed since written, or made from other inputs."""
        return [t for t in self.targets if not state.up_to_date(t.path, t.inputs)]


def check_request(request: BuildRequest, archive_root: Path) -> None:
    """Refuse, before anything is read, an output folder that overlaps the data or the archive."""
    check_out(request.out, archive_root, request.path)
    check_formats(request.formats)


def plan_build(request: BuildRequest, shared: str) -> Plan:
    """The plan of a build: `shared` is the fingerprint of the generator and what it renders with."""
    computed, unready = ready_rounds(request)
    releases, findings, left_out = plan_releases(computed, request, unready)
    fingerprints = Fingerprints(shared, request.formats, request.draft)
    targets = [target for plan in releases for edition in editions.with_companions(request.formats)
               for target in _targets(plan, edition, request.out, fingerprints)]
    targets += _photo_targets(releases, request, fingerprints)
    warnings = (tuple(str(w) for loaded, _ in computed for w in loaded.warnings) + tuple(str(f) for f in findings)
                + tuple(left_out) + tuple(str(w) for w in _unshown_photo_warnings(releases, request)))
    return Plan(computed, tuple(releases), tuple(targets), warnings)


def check_out(out: Path, archive_root: Path, seasons_path: Path) -> None:
    """Published versions are records: a build never writes into the archive."""
    if out.resolve().is_relative_to(archive_root.resolve()):
        raise UsageError(f"refusing to build into the archive of published releases ({archive_root}); choose another --out")
    refuse_overlap(out, "--out", seasons_path)


def check_formats(formats: tuple[str, ...]) -> None:
    known = editions.names()
    unknown = [f for f in formats if f not in known]
    if unknown or not formats:
        hint = did_you_mean(unknown[0], known) if unknown else ""
        raise UsageError(f"unknown format {', '.join(unknown) or '(none)'}{hint}; choose from {', '.join(known)}")


# --- the rounds ready, and their releases ----------------------------------------------------------


def ready_rounds(request: BuildRequest) -> tuple[Computed, list[Unready]]:
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
        by_round = state.pre_event_unready if request.kind == PRE_EVENT else state.unready
        unready += [_unready_round(state, round_id, problems) for round_id, problems in by_round.items()]
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
            race_round = race_round.for_kind(request.kind)  # its prose: the requested release's
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
    findings = _lint(computed, request, set(left_out)) + (_partial(plans) if request.kind == REPORT else [])
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
    """The rounds asked for whose results the season computed (rounds before a snapshot have none);
    for pre-event releases, those asked for whose pre-event prose is written (pre_event_release.py)."""
    if request.kind == PRE_EVENT:
        return pre_event_release.requested_rounds(loaded, results, request.round_id)
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
        for finding in (pre_event_lint(loaded.season, race_round.for_kind(PRE_EVENT), results) if request.kind == PRE_EVENT
                        else lint_round(loaded.season, race_round, results))
    ])


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


def _nothing_to_build(request: BuildRequest, computed: Computed) -> UsageError:
    if request.kind == PRE_EVENT:
        return pre_event_release.nothing_to_build(computed, request.round_id)
    if request.round_id:
        calendars = [(loaded, results) for loaded, results in computed if request.round_id in {c.id for c in loaded.season.calendar}]
        if len(calendars) == 1:
            return UsageError(why_no_results(*calendars[0], request.round_id))
        rounds = sorted({r for _, results in computed for r in results.classifications})
        return unknown_round(request.round_id, "with results", rounds)
    return UsageError("no round with results to build")


# --- the files, and what each is made from ---------------------------------------------------------


def _targets(plan: PlannedRelease, edition: str, out: Path, fingerprints: Fingerprints) -> list[Target]:
    """The edition's file of the release, or its file for each race with a winner (an edition per race)."""
    inputs = release_inputs(plan, edition, fingerprints)
    if editions.get(edition).per_race is None:
        return [Target(plan, edition, release_path(out, plan, edition), inputs)]
    return [Target(plan, edition, release_path(out, plan, edition, race), inputs, race=race) for race in races_with_winner(plan)]


def races_with_winner(plan: PlannedRelease) -> list[int]:
    """The races of the round whose winner the data establishes (a pre-event release shows none)."""
    if plan.kind != REPORT:
        return []
    return [c.race for c in plan.results.classifications[plan.round_id] if c.winner is not None]


def release_path(out: Path, release: PlannedRelease, edition: str, race: int | None = None) -> Path:
    return inside(out, release.season_id, release.round_id, release.stem() + editions.get(edition).file_suffix(race))


def release_inputs(plan: PlannedRelease, edition: str, fingerprints: Fingerprints) -> str:
    """The fingerprint of what one edition of a release is made from: data, prose and photos."""
    rounds = [r.round.id for r in plan.loaded.rounds]
    earlier = [r.document.path for r in plan.loaded.rounds[: rounds.index(plan.round_id)]]  # standings
    folder = plan.race_round.document.path.parent
    prose = [folder / prose_file_name(plan.kind, lang) for lang in dict.fromkeys((plan.marks.source_lang, plan.lang))]
    own = [plan.race_round.document.path, *prose, *round_photo_files(plan.race_round)]
    return fingerprints.release(plan.loaded.folder, earlier, own, plan.lang, edition)


def round_photo_files(race_round: LoadedRound) -> list[Path]:
    """The listed photos as named from the round folder (validation proved each really lies inside
    it); not resolved, so a round folder that is a link keeps its place in the season."""
    folder = race_round.document.path.parent
    return [Path(os.path.normpath(folder / photo.file)) for photo in race_round.round.photos]


def _photo_targets(plans: list[PlannedRelease], request: BuildRequest, fingerprints: Fingerprints) -> list[Target]:
    """Each round's photo copies the requested editions show (their records say which), once
    whatever the languages and however many editions show the same copy. A pre-event release
    shows none: the photos are the race's."""
    requested = [e for e in editions.EDITIONS if e.name in request.formats]
    by_round = {(p.season_id, p.round_id): p for p in plans if p.kind == REPORT}
    targets = []
    for plan in by_round.values():
        public_address = plan.loaded.season.site is not None
        for photo in plan.race_round.round.photos:
            sizes = dict.fromkeys(size for e in requested for size in e.photos.wanted(photo.lead, public_address))
            path = photos.photo_path(plan.race_round.document, photo.file)
            for size in sizes:
                name = photos.output_name(path.name, size)
                out = inside(request.out, plan.season_id, plan.round_id, *name.split("/"))
                targets.append(Target(plan, "photo", out, fingerprints.photo(path, repr(size)), (path, size)))
    return targets


def _unshown_photo_warnings(plans: list[PlannedRelease], request: BuildRequest) -> list[Problem]:
    """An edition built without the photos it shows, for want of a public address to show them from."""
    rounds = {p.race_round.document.path: p for p in plans if p.loaded.season.site is None and p.kind == REPORT}
    return [
        Problem(p.race_round.document.locate(("photos", i, "lead") if edition.photos.lead_only else ("photos", i)),
                f"the {edition.name} shows no {'lead ' if edition.photos.lead_only else ''}photo: "
                "the season gives no site.base_url to show it from", "warning")
        for edition in editions.EDITIONS if edition.name in request.formats and edition.photos.public
        for p in rounds.values() for i, photo in enumerate(p.race_round.round.photos)
        if edition.photos.wanted(photo.lead, public_address=True)
    ]
