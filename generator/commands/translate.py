"""`pressgen translate status|accept`: where each round's translations stand, and recording that a
translation checked by hand matches the source text as it is now."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..prose_file import save_translation
from ..schema import LoadedRound, LoadedSeason, load_seasons
from ..translation import LanguageStatus, fingerprint, pending_problems, round_status


@dataclass(frozen=True)
class StatusReport:
    lines: tuple[str, ...]
    complete: bool  # no unit missing or stale anywhere


def status(path: Path) -> StatusReport:
    lines, complete = [], True
    for loaded in load_seasons(path):
        for race_round in loaded.rounds:
            for lang in translation_languages(loaded, race_round):
                report = round_status(race_round, loaded.season.languages[0], lang)
                lines.append(_summary(loaded, race_round, report))
                lines.extend(str(problem) for problem in pending_problems(race_round, report))
                complete = complete and not report.pending
    return StatusReport(tuple(lines), complete)


def translation_languages(loaded: LoadedSeason, race_round: LoadedRound) -> list[str]:
    """The season's target languages, and any other language the round has a prose file for."""
    source_lang = loaded.season.languages[0]
    langs = list(loaded.season.languages[1:])
    return langs + [lang for lang in race_round.prose if lang not in langs and lang != source_lang]


def _summary(loaded: LoadedSeason, race_round: LoadedRound, report: LanguageStatus) -> str:
    counts = ", ".join(f"{len(report.ids(state))} {state}" for state in ("translated", "missing", "stale"))
    return f"{loaded.season.id}/{race_round.round.id} {report.lang}: {counts}"


def accept(path: Path, round_id: str, lang: str, units: list[str], every_unit: bool = False) -> list[str]:
    """Record the current source fingerprint for translated units checked by hand."""
    loaded, race_round = find_round(path, round_id)
    source_lang = loaded.season.languages[0]
    translation = race_round.prose.get(lang)
    texts = translation.units() if translation and lang != source_lang else {}
    chosen = list(texts) if every_unit else units
    if not chosen:
        raise UsageError("name the units to accept, or give --all")
    unknown = [unit for unit in chosen if unit not in texts]
    if unknown:
        raise UsageError(f"no {lang} text for {', '.join(unknown)} in {race_round.round.id}: translate it first")
    source = race_round.prose[source_lang].units()
    path_written = save_translation(race_round, source_lang, lang, {}, {unit: fingerprint(source[unit]) for unit in chosen})
    return [f"{path_written}: recorded {len(chosen)} unit{'s' if len(chosen) != 1 else ''} as translated from the current {source_lang} text"]


def find_round(path: Path, round_id: str) -> tuple[LoadedSeason, LoadedRound]:
    found = [(loaded, r) for loaded in load_seasons(path) for r in loaded.rounds if r.round.id == round_id]
    if len(found) != 1:
        where = "no season" if not found else f"{len(found)} seasons"
        raise UsageError(f"{where} under {path} has a round '{round_id}'; give the season folder")
    return found[0]
