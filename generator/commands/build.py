"""`pressgen build`: ask the build state first, so a build with nothing to do loads no data,
no template and no WeasyPrint; otherwise run the incremental build with a progress display."""

from __future__ import annotations

from pathlib import Path

from .. import faults
from ..incremental import unchanged_build
from ..locking import held
from ..progress import Progress, for_terminal
from ..request import BuildReport, BuildRequest


def run_build(request: BuildRequest, quiet: bool = False, progress: Progress | None = None) -> BuildReport:
    """One build at a time per output folder: a second waits for the first, then finds its work done."""
    with held(request.out, "this output folder"):
        faults.point("build-locked")
        report = unchanged_build(request)
        if report is not None:
            return report
        from ..build import build

        return build(request, progress or for_terminal(quiet))


def summary(report: BuildReport, out: Path) -> list[str]:
    """Warnings, refused URLs, then what was written and what was already up to date."""
    lines = list(report.warnings) + [f"warning: refused to fetch {url}" for url in report.refused_urls]
    written = len(report.files)
    line = f"wrote {written} file{'s' if written != 1 else ''} under {out}"
    if report.unchanged:
        line += f" ({len(report.unchanged)} up to date)"
    return lines + [line]
