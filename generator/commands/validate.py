"""`pressgen validate`: load and check every season under a path, computing every table (the
rounds that are ready and why the others are not: load.py)."""

from __future__ import annotations

from pathlib import Path

from ..load import load_and_compute


def validate(path: Path, strict: bool = False) -> list[str]:
    """Return the report lines (warnings, then a summary); raise DataError on any error."""
    computed = load_and_compute(path, strict=strict)
    lines = [str(w) for loaded, _ in computed for w in loaded.warnings]
    for loaded, _ in computed:
        lines.append(f"{loaded.folder}: ok ({len(loaded.rounds)} round{'s' if len(loaded.rounds) != 1 else ''})")
    return lines
