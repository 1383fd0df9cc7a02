"""The send log: what `pressgen send` handed to the mail server, kept beside the media list.

    <media-list folder>/<media-list stem>.send-log.json

One entry per attempt that ended: recipient, season, round, version, language, time, the
server's answer and the Message-ID. Only an entry with status "accepted" (the server answered
250 to the message) counts as sent. The file is rewritten whole after each entry (a temporary
file renamed over it), readable by its owner only: it names the journalists of the press office
and is never copied into the archive or the output.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from . import __version__
from .errors import DataError, Location, OutputError, Problem
from .output import write_atomic

LOG_SUFFIX = ".send-log.json"
ACCEPTED, REFUSED, DEFERRED = "accepted", "refused", "deferred"  # 250; a 5xx answer; 4xx or no answer after the retries


@dataclass(frozen=True)
class LogEntry:
    email: str
    name: str
    lang: str
    season: str
    round: str
    version: int
    time: str  # ISO 8601, UTC
    status: str
    response: str  # the server's answer, code first ("250 2.0.0 Ok: queued as ...")
    message_id: str

    @property
    def key(self) -> str:
        return self.email.casefold()


def log_path(media_list: Path) -> Path:
    return media_list.with_name(media_list.stem + LOG_SUFFIX)


class SendLog:
    """The log of one media list, loaded once; `record` appends an entry and writes the file."""

    def __init__(self, path: Path, entries: list[LogEntry]):
        self.path = path
        self.entries = entries

    @classmethod
    def load(cls, path: Path) -> SendLog:
        if not path.is_file():
            return cls(path, [])
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            entries = [LogEntry(**entry) for entry in document["entries"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise DataError([Problem(Location(path), f"not a readable send log ({exc}); pressgen writes it: restore it from a backup")]) from None
        return cls(path, entries)

    def accepted(self, season: str, round_id: str) -> dict[str, list[LogEntry]]:
        """Per address (case aside), the round's versions the server accepted for it, oldest first."""
        found: dict[str, list[LogEntry]] = {}
        for entry in self.entries:
            if entry.status == ACCEPTED and (entry.season, entry.round) == (season, round_id):
                found.setdefault(entry.key, []).append(entry)
        return found

    def record(self, entry: LogEntry) -> None:
        self.entries.append(entry)
        document = {"pressgen": __version__, "entries": [asdict(e) for e in self.entries]}
        content = (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        try:
            write_atomic(self.path, content, mode=0o600)
        except OSError as exc:
            raise OutputError(f"cannot write the send log {self.path}: {exc.strerror}") from None
