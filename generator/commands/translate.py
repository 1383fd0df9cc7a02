"""`pressgen translate status|accept`: where each round's translations stand, and recording that a
translation checked by hand matches the source text as it is now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, Location, Problem, UsageError
from ..exchange import FORMATS, Exchange, ExchangeUnit, read_exchange, to_po, to_xliff, unit_note
from ..model import LANGUAGES
from ..output import write_all
from ..prose_file import save_translation
from ..schema import LoadedRound, LoadedSeason, load_seasons, survey_seasons
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


def find_round(path: Path, round_id: str, season_id: str | None = None) -> tuple[LoadedSeason, LoadedRound]:
    """The round, if its season's files and its own hold no error (other rounds may be unfinished)."""
    surveys = [s for s in survey_seasons(path) if season_id in (None, s.folder.name) and (s.folder / "rounds" / round_id).is_dir()]
    errors = [p for s in surveys for p in s.problems if p.severity == "error" and s.round_of(p) in (None, round_id)]
    if errors:
        raise DataError(errors)
    found = [(s.loaded, r) for s in surveys for r in s.loaded.rounds if r.round.id == round_id]
    if len(found) != 1:
        where = "no season" if not found else f"{len(found)} seasons"
        name = f"{season_id}/{round_id}" if season_id else round_id
        raise UsageError(f"{where} under {path} has a round '{name}'" + ("" if found else "; give the folder of its season"))
    return found[0]


# --- exchange with translators ------------------------------------------------------------------------


def export(path: Path, round_id: str, lang: str, file_format: str, out: Path | None = None) -> bytes:
    """The round's prose as an XLIFF or PO file for translating into `lang`; written to `out` if given."""
    if file_format not in FORMATS:
        raise UsageError(f"unknown format {file_format}; choose from {', '.join(FORMATS)}")
    loaded, race_round = find_round(path, round_id)
    source_lang = loaded.season.languages[0]
    if lang == source_lang or lang not in LANGUAGES:
        raise UsageError(f"cannot translate into {lang}: choose from {', '.join(l for l in LANGUAGES if l != source_lang)}")
    exchange = _exchange(loaded, race_round, lang)
    created = dt.datetime.combine(race_round.round.release_date, dt.time(), dt.timezone.utc)
    data = to_xliff(exchange) if file_format == "xliff" else to_po(exchange, created)
    if out is not None:
        write_all({out: data})
    return data


def _exchange(loaded: LoadedSeason, race_round: LoadedRound, lang: str) -> Exchange:
    source_lang = loaded.season.languages[0]
    source = race_round.prose[source_lang]
    translation = race_round.prose.get(lang)
    texts = translation.units() if translation else {}
    report = round_status(race_round, source_lang, lang)
    units = tuple(
        ExchangeUnit(u.unit, source.units()[u.unit], texts.get(u.unit), u.state == "stale", unit_note(u.unit, source))
        for u in report.units
    )
    return Exchange(f"{loaded.season.id}/{race_round.round.id}", source_lang, lang, units)


@dataclass(frozen=True)
class ImportReport:
    lines: tuple[str, ...]
    refused: tuple[Problem, ...]  # units whose source no longer matches, or that no longer exist

    def raise_for_refused(self) -> None:
        if self.refused:
            raise DataError(list(self.refused))


def import_file(file: Path, path: Path = Path("seasons")) -> ImportReport:
    """Write the translations of an exchange file into the round's prose; refuse, by name, units
    translated from a source text that has changed since the export."""
    exchange = read_exchange(file)
    season_id, _, round_id = exchange.round_ref.partition("/")
    loaded, race_round = find_round(path, round_id, season_id)
    source_lang = loaded.season.languages[0]
    if exchange.target_lang == source_lang or exchange.target_lang not in LANGUAGES:
        raise DataError([Problem(Location(file), f"target language '{exchange.target_lang}' is not a language pressgen translates into")])
    source = race_round.prose[source_lang].units()
    texts, recorded, refused = {}, {}, []
    for unit in (u for u in exchange.units if u.target is not None):
        where = Location(file, field=unit.id)
        if unit.id not in source:
            refused.append(Problem(where, f"refused: no such unit in the {source_lang} text any more"))
        elif fingerprint(unit.source) != fingerprint(source[unit.id]):
            refused.append(Problem(where, f"refused: the {source_lang} text changed since this file was exported; export again"))
        else:
            texts[unit.id], recorded[unit.id] = unit.target, fingerprint(source[unit.id])
    lines = []
    if texts:
        written = save_translation(race_round, source_lang, exchange.target_lang, texts, recorded)
        lines.append(f"{written}: imported {len(texts)} unit{'s' if len(texts) != 1 else ''}")
    else:
        lines.append(f"{file}: no translated unit to import")
    return ImportReport(tuple(lines), tuple(refused))
