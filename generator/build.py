"""Build: plan every requested release, make what is out of date, then write it all.

The pipeline, after Pelican's generate_context then generate_output(writer): plan.py decides
(which rounds are ready, which releases in which editions, what each file is made from, which
files are stale) and write.py makes and writes (rendering, PDF workers, manifests, indexes, the
build state). Nothing reaches the output folder until every release has validated, computed and
rendered, so a failed build leaves earlier outputs untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

from .incremental import BuildState, shared_digest, sources_digest
from .load import Computed
from .plan import PlannedRelease, Target, check_formats, check_request, plan_build, plan_releases, ready_rounds, release_inputs, round_photo_files
from .progress import SILENT, Progress
from .request import BuildReport, BuildRequest, default_archive
from .write import Output, Release, make, render, write_build

__all__ = [
    "BuildReport", "BuildRequest", "Output", "PlannedRelease", "Release", "Rendered", "Target",
    "build", "plan_releases", "ready_rounds", "release_inputs", "render", "render_outputs", "round_photo_files",
]


def build(request: BuildRequest, progress: Progress = SILENT) -> BuildReport:
    """Write what is out of date: outputs whose inputs changed since they were written, or that
    are missing. Everything is rendered before anything is written; the archive is never touched."""
    archive_root = request.archive or default_archive(request.path)
    check_request(request, archive_root)
    state = BuildState.load(request.out)
    shared = shared_digest()
    sources = sources_digest(request, shared)  # before loading: a file saved meanwhile is seen next time
    plan = plan_build(request, shared)
    made = make(plan.stale(state), request.jobs, progress)
    return write_build(plan, made, state, request, sources, archive_root)


@dataclass(frozen=True)
class Rendered:
    """Every requested release rendered in every requested edition, nothing written yet (publish)."""

    computed: Computed
    outputs: list[Output]
    refused_urls: tuple[str, ...]


def render_outputs(request: BuildRequest, progress: Progress = SILENT) -> Rendered:
    """Every requested release in every requested edition, rendered whatever the build state (publish)."""
    check_formats(request.formats)
    plan = plan_build(request, shared_digest())
    made = make(list(plan.targets), request.jobs, progress)
    return Rendered(plan.computed, list(made.outputs), made.refused_urls)
