"""Manifest: per round, every file written with its SHA-256, size, language and edition, so an
archive can be checked later. Computed from the very bytes that are written (or, for a file an
incremental build left as it was, from what the build state recorded when it was written)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from . import __version__

MANIFEST_FILE = "manifest.json"


@dataclass(frozen=True)
class ManifestEntry:
    name: str  # the file's name inside the round folder
    lang: str | None  # None for an input that is not prose (season.yaml, round.yaml)
    edition: str
    size: int
    sha256: str
    kind: str = "report"  # which of the round's releases: report | pre-event
    race: int | None = None  # the race of an edition made per race (a result card)

    @classmethod
    def of(cls, name: str, lang: str | None, edition: str, content: bytes, kind: str = "report", race: int | None = None) -> ManifestEntry:
        return cls(name, lang, edition, len(content), hashlib.sha256(content).hexdigest(), kind, race)


def manifest(season_id: str, round_id: str, entries: list[ManifestEntry], publication: dict | None = None) -> bytes:
    """`publication`: for a published version, its number and date (and what it replaces)."""
    document = {
        "pressgen": __version__,
        "season": season_id,
        "round": round_id,
        **(publication or {}),
        "files": [_describe(entry) for entry in sorted(entries, key=lambda e: e.name)],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _describe(entry: ManifestEntry) -> dict:
    return {
        "name": entry.name,
        "lang": entry.lang,
        "edition": entry.edition,
        "size": entry.size,
        "sha256": entry.sha256,
        **({"kind": entry.kind} if entry.kind != "report" else {}),  # a race report's entry reads as it always did
        **({"race": entry.race} if entry.race is not None else {}),
    }
