"""Scaffold files of a new season or round (`pressgen new-season`, `new-round`): the house layout
of a field with its comment, so every scaffold reads alike."""

from __future__ import annotations


def noted(field: str, comment: str, width: int = 24) -> str:
    """A scaffold's line: the field, then its comment in a column (or two spaces further)."""
    return f"{field:<{max(width, len(field) + 2)}}# {comment}"
