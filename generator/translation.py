"""Translation status of a round's prose, unit by unit.

A translation file records, per unit, a fingerprint of the source text it was translated from
(`source:` in en.yaml). A unit is *translated* when its fingerprint matches the source text as it
is now, *stale* when the source changed since (or no fingerprint is recorded), *missing* when the
translation has no text for it. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Literal

from .errors import Location, Problem
from .model import Prose
from .schema import LoadedRound

State = Literal["translated", "stale", "missing"]
MAX_COMPARED_WORDS = 3000  # a unit is a paragraph: beyond this the change is said, not shown word by word


def fingerprint(text: str) -> str:
    """8 hex digits of SHA-256 over the text in NFC with whitespace runs folded: reflowing a line
    in the YAML changes nothing, changing a word does."""
    folded = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:8]


def unit_path(unit_id: str) -> tuple[str, ...]:
    """`reports.race-1.paragraphs.start` -> its field path in a prose file (ids never hold dots)."""
    return tuple(unit_id.split("."))


@dataclass(frozen=True)
class UnitStatus:
    unit: str
    state: State


@dataclass(frozen=True)
class LanguageStatus:
    """Where one language's translation of one round stands, in the source's unit order."""

    lang: str
    source_lang: str
    units: tuple[UnitStatus, ...]

    def ids(self, state: State) -> list[str]:
        return [u.unit for u in self.units if u.state == state]

    @property
    def pending(self) -> frozenset[str]:
        """Units a release cannot show in this language: missing or stale."""
        return frozenset(u.unit for u in self.units if u.state != "translated")


def language_status(source: Prose, translation: Prose | None, lang: str) -> LanguageStatus:
    texts = translation.units() if translation else {}
    recorded = translation.source if translation else {}
    units = tuple(
        UnitStatus(unit, _state(unit, text, texts, recorded)) for unit, text in source.units().items()
    )
    return LanguageStatus(lang, source.lang, units)


def _state(unit: str, source_text: str, texts: dict[str, str], recorded: dict[str, str]) -> State:
    if unit not in texts:
        return "missing"
    return "translated" if recorded.get(unit) == fingerprint(source_text) else "stale"


def round_status(loaded: LoadedRound, source_lang: str, lang: str) -> LanguageStatus:
    return language_status(loaded.prose[source_lang], loaded.prose.get(lang), lang)


def pending_problems(loaded: LoadedRound, status: LanguageStatus) -> list[Problem]:
    """One located error per unit a release in `status.lang` cannot show: missing units point at
    the source text to translate, stale ones at the outdated translation."""
    source_doc = loaded.prose_documents[status.source_lang]
    target_doc = loaded.prose_documents.get(status.lang)  # a stale unit's translation is there
    problems = []
    for unit in status.ids("missing"):
        where = source_doc.locate(unit_path(unit))
        problems.append(Problem(where, f"not translated into {status.lang}"))
    recorded = loaded.prose[status.lang].source if status.lang in loaded.prose else {}
    for unit in status.ids("stale"):
        where = target_doc.locate(unit_path(unit)) if target_doc is not None else Location(loaded.document.path)
        if unit in recorded:
            problems.append(Problem(where, f"stale: the {status.source_lang} text changed since this was translated"))
        else:
            problems.append(Problem(where, f"stale: no fingerprint records which {status.source_lang} text this translates"))
    return problems


def draft_prose(source: Prose, translation: Prose | None, lang: str, pending: frozenset[str]) -> Prose:
    """The translation with the source text in place of every pending unit (for a draft build)."""
    texts = translation.units() if translation else {}
    units = {unit: source_text if unit in pending else texts[unit] for unit, source_text in source.units().items()}
    return prose_from_units(source, units, lang)


def prose_from_units(source: Prose, units: dict[str, str], lang: str) -> Prose:
    """Rebuild a Prose from unit texts; quotes keep the source's speaker."""
    data: dict[str, Any] = {}
    for unit, text in units.items():
        set_unit(data, unit, text, source)
    return type(source).model_validate({**data, "lang": lang})  # a pre-event text stays one


def set_unit(data: dict[str, Any], unit: str, text: str, source: Prose) -> None:
    """Set one unit in plain prose data, creating its parents (a new quote gets its speaker)."""
    *parents, leaf = unit_path(unit)
    node = data
    for depth, key in enumerate(parents):
        if key not in node:
            node[key] = {}
            if depth == 1 and parents[0] == "quotes":
                node[key]["person"] = source.quotes[key].person
            if depth == 1 and parents[0] == "reports":  # required, before any paragraph is translated
                node[key]["paragraphs"] = {}
        node = node[key]
    node[leaf] = text


# --- what changed in the source since a translation ---------------------------------------------------


def translated_from(translation: Prose | None, unit: str) -> str | None:
    """The source text a unit's translation was made from, if the file recorded it and it is the
    very text its fingerprint was taken from (the fingerprint decides); None when not known."""
    if translation is None or unit not in translation.translated_from or unit not in translation.source:
        return None
    text = translation.translated_from[unit]
    return text if fingerprint(text) == translation.source[unit] else None


@dataclass(frozen=True)
class WordRun:
    """A run of words of a word-level comparison: kept, removed from the old text or added."""

    kind: Literal["same", "removed", "added"]
    text: str


def word_changes(old: str, new: str) -> tuple[WordRun, ...] | None:
    """The new text against the old word by word (whitespace runs aside, as for the fingerprint);
    None when either is too long to compare in bounded time."""
    before, after = (unicodedata.normalize("NFC", text).split() for text in (old, new))
    if max(len(before), len(after)) > MAX_COMPARED_WORDS:
        return None
    runs: list[WordRun] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(WordRun("same", " ".join(before[i1:i2])))
            continue
        if i2 > i1:
            runs.append(WordRun("removed", " ".join(before[i1:i2])))
        if j2 > j1:
            runs.append(WordRun("added", " ".join(after[j1:j2])))
    return tuple(runs)
