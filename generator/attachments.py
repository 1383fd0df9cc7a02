"""What a PDF carries besides its pages: the round's source files as attachments (read from the
round's folder) and the document metadata (series, round, release date, embargo); pdf.py writes them
into the PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .changes import Correction
from .model import Round, Season
from .schema import PRE_EVENT, ROUND_FILE, LoadedRound, prose_file_name


@dataclass(frozen=True)
class EmbeddedFile:
    name: str
    content: bytes
    date: dt.datetime  # from the data (the release date), never the clock
    description: str


def sources(loaded: LoadedRound, lang: str, source_lang: str) -> tuple[EmbeddedFile, ...]:
    """The round's data and the language's prose (the source language's where a draft has none),
    as written, sorted by name (a PDF name tree is)."""
    release_day = loaded.round.pre_event.release_date if loaded.kind == PRE_EVENT and loaded.round.pre_event else loaded.round.release_date
    date = dt.datetime.combine(release_day, dt.time(), tzinfo=dt.UTC)
    prose_lang = lang if lang in loaded.prose_documents else source_lang
    documents = {ROUND_FILE: loaded.document, prose_file_name(loaded.kind, prose_lang): loaded.prose_documents[prose_lang]}
    return tuple(
        EmbeddedFile(name, documents[name].path.read_bytes(), date, f"pressgen source: {name}")
        for name in sorted(documents)
    )


def release_moment(race_round: Round) -> dt.datetime:
    """The release date at midnight UTC: the fixed date of every archived file."""
    return dt.datetime.combine(race_round.release_date, dt.time(), tzinfo=dt.UTC)


def metadata(season: Season, race_round: Round, correction: Correction | None = None) -> dict[str, str]:
    """Document information entries beyond title, author, subject and keywords (set by the HTML)."""
    info = {
        "Series": season.series,
        "Season": str(season.year),
        "Round": race_round.id,
        "ReleaseDate": race_round.release_date.isoformat(),
    }
    if race_round.embargo is not None:
        info["Embargo"] = race_round.embargo.isoformat()
    if correction is not None:
        info["Version"] = str(correction.version)
        info["Corrected"] = correction.date.isoformat()
    return info
