"""What a build is asked to do and what it reports: dataclasses that import
nothing heavy (no YAML, Jinja or WeasyPrint), so the build command reads them before loading anything."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import editions

if TYPE_CHECKING:  # for the annotations only: this module stays light
    from .changes import Correction


@dataclass(frozen=True)
class BuildRequest:
    path: Path
    out: Path
    round_id: str | None = None
    langs: tuple[str, ...] | None = None  # None: every language of the season
    formats: tuple[str, ...] = editions.DEFAULT
    strict: bool = False
    draft: bool = False  # build despite missing or stale translations, marked, with a watermark
    jobs: int | None = None  # PDF worker processes; None: one per core
    correction: Correction | None = None  # a corrected version of `round_id` (publish)
    archive: Path | None = None  # published versions, listed by the season index; None: the default
    kind: str = "report"  # report | pre-event: which of the round's releases (schema.KINDS)


@dataclass(frozen=True)
class BuildReport:
    files: tuple[Path, ...]  # written by this build
    warnings: tuple[str, ...]
    refused_urls: tuple[str, ...] = ()
    unchanged: tuple[Path, ...] = ()  # up to date already: not written again


ARCHIVE_DIR = "archive"


def default_archive(path: Path) -> Path:
    """`archive/` beside the folder of seasons: for seasons/ or seasons/<id>, ./archive."""
    path = path.resolve()
    seasons_folder = path.parent if (path / "season.yaml").is_file() else path
    return seasons_folder.parent / ARCHIVE_DIR
