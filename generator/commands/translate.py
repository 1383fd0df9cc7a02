"""`pressgen translate status|accept|export|import`: where each round's translations stand; recording
that a translation checked by hand matches the source text as it is now; and the exchange with
translators: a round's prose exported as XLIFF or PO, and a translated file imported back into the
language's prose file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .. import languages
from ..characters import first_problem
from ..errors import DataError, Location, Problem, UsageError, did_you_mean
from ..exchange import FORMATS, Exchange, ExchangeUnit, read_exchange, to_po, to_xliff, unit_note
from ..load import find_round
from ..output import write_all
from ..prose_file import save_translation
from ..schema import KINDS, PRE_EVENT, REPORT, LoadedRound, LoadedSeason, load_seasons, prose_file_name
from ..translation import LanguageStatus, fingerprint, pending_problems, round_status


@dataclass(frozen=True)
class StatusReport:
    lines: tuple[str, ...]
    complete: bool  # no unit missing or stale anywhere


def status(path: Path) -> StatusReport:
    lines, complete = [], True
    for loaded in load_seasons(path):
        for race_round in [view for r in loaded.rounds for view in _releases_of(r)]:
            for lang in translation_languages(loaded, race_round):
                report = round_status(race_round, loaded.season.languages[0], lang)
                lines.append(_summary(loaded, race_round, report))
                lines.extend(str(problem) for problem in pending_problems(race_round, report))
                complete = complete and not report.pending
    return StatusReport(tuple(lines), complete)


def _releases_of(race_round: LoadedRound) -> list[LoadedRound]:
    """The round as each of its releases with prose: the race report, and the pre-event release once written."""
    return [race_round] + ([race_round.for_kind(PRE_EVENT)] if race_round.pre_event_documents else [])


def translation_languages(loaded: LoadedSeason, race_round: LoadedRound) -> list[str]:
    """The season's target languages, and any other language the round has a prose file for."""
    source_lang = loaded.season.languages[0]
    langs = list(loaded.season.languages[1:])
    return langs + [lang for lang in race_round.prose if lang not in langs and lang != source_lang]


def _summary(loaded: LoadedSeason, race_round: LoadedRound, report: LanguageStatus) -> str:
    counts = ", ".join(f"{len(report.ids(state))} {state}" for state in ("translated", "missing", "stale"))
    kind = f" ({race_round.kind})" if race_round.kind != REPORT else ""
    return f"{loaded.season.id}/{race_round.round.id}{kind} {report.lang}: {counts}"


def accept(path: Path, round_id: str, lang: str, units: list[str], every_unit: bool = False, kind: str = REPORT) -> list[str]:
    """Record the current source fingerprint for translated units checked by hand."""
    loaded, race_round = find_release(path, round_id, kind)
    source_lang = loaded.season.languages[0]
    translation = race_round.prose.get(lang)
    texts = translation.units() if translation and lang != source_lang else {}
    chosen = list(texts) if every_unit else units
    if not chosen:
        raise UsageError("name the units to accept, or give --all")
    source = race_round.prose[source_lang].units()
    not_units = [unit for unit in chosen if unit not in source]
    if not_units:
        raise UsageError("; ".join(
            f"no unit '{unit}' in {race_round.round.id}{did_you_mean(unit, source)}" for unit in not_units
        ) + " (`pressgen translate status` lists the units)")
    untranslated = [unit for unit in chosen if unit not in texts]
    if untranslated:
        raise UsageError(f"no {lang} text for {', '.join(untranslated)} in {race_round.round.id}: translate it first")
    recorded = {unit: fingerprint(source[unit]) for unit in chosen}
    if not _changed_units(race_round, lang, {unit: texts[unit] for unit in chosen}, recorded):
        return [f"nothing changed: the {_units(len(chosen))} already count as translated from the current {source_lang} text"]
    path_written = save_translation(race_round, source_lang, lang, {}, recorded)
    return [f"{path_written}: recorded {_units(len(chosen))} as translated from the current {source_lang} text"]


# --- exchange with translators ------------------------------------------------------------------------


def export(path: Path, round_id: str, lang: str, file_format: str, out: Path | None = None, kind: str = REPORT) -> bytes:
    """The round's prose (the race report's, or the pre-event release's) as an XLIFF or PO file
    for translating into `lang`; written to `out` if given."""
    if file_format not in FORMATS:
        raise UsageError(f"unknown format {file_format}{did_you_mean(file_format, FORMATS)}; choose from {', '.join(FORMATS)}")
    loaded, race_round = find_release(path, round_id, kind)
    source_lang = loaded.season.languages[0]
    targets = [code for code in languages.codes() if code != source_lang]
    if lang not in targets:
        raise UsageError(f"cannot translate into {lang}{did_you_mean(lang, targets)}: choose from {', '.join(targets)}")
    exchange = _exchange(loaded, race_round, lang)
    created = dt.datetime.combine(race_round.round.release_date, dt.time(), dt.UTC)
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
    return Exchange(round_ref(loaded.season.id, race_round.round.id, race_round.kind), source_lang, lang, units)


def round_ref(season_id: str, round_id: str, kind: str) -> str:
    """How an exchange file names what it translates: `season/round`, `season/round/pre-event`."""
    return f"{season_id}/{round_id}" + (f"/{kind}" if kind != REPORT else "")


def find_release(path: Path, round_id: str, kind: str, season_id: str | None = None) -> tuple[LoadedSeason, LoadedRound]:
    """The round, its prose that of the kind of release asked for (whose source must be written)."""
    loaded, race_round = find_round(path, round_id, season_id, kind)
    if kind == REPORT:
        return loaded, race_round
    source_lang = loaded.season.languages[0]
    view = race_round.for_kind(kind)
    if source_lang not in view.prose:
        folder = race_round.document.path.parent
        raise UsageError(f"{folder / prose_file_name(kind, source_lang)}: missing: write the {kind} release's "
                         f"{source_lang} prose first (`pressgen new-round` creates it with a new round)")
    return loaded, view


@dataclass(frozen=True)
class ImportReport:
    lines: tuple[str, ...]
    refused: tuple[Problem, ...]  # units whose source no longer matches, or that no longer exist
    unfinished: tuple[Problem, ...] = ()  # units the file marks as needing work: left as they were

    def raise_for_refused(self) -> None:
        if self.refused:
            raise DataError(list(self.refused))


def import_file(file: Path, path: Path = Path("seasons")) -> ImportReport:
    """Write the translations of an exchange file into the round's prose; refuse, by name, units
    translated from a source text that has changed since the export; leave, by name, units the
    file itself marks as needing work (never recorded as current)."""
    exchange = read_exchange(file)
    season_id, _, rest = exchange.round_ref.partition("/")
    round_id, _, kind = rest.partition("/")
    if kind not in ("", *KINDS):
        raise DataError([Problem(Location(file), f"'{exchange.round_ref}' names no release pressgen makes (season/round, or season/round/pre-event)")])
    loaded, race_round = find_release(path, round_id, kind or REPORT, season_id)
    source_lang = loaded.season.languages[0]
    if exchange.target_lang == source_lang or not languages.is_known(exchange.target_lang):
        raise DataError([Problem(Location(file), f"target language '{exchange.target_lang}' is not a language pressgen translates into")])
    source = race_round.prose[source_lang].units()
    texts: dict[str, str] = {}  # unit id -> its translation
    recorded: dict[str, str] = {}  # unit id -> the fingerprint of the source text it translates
    refused: list[Problem] = []
    unfinished: list[Problem] = []
    for unit in exchange.units:
        if (target := unit.target) is None:
            continue
        where = Location(file, field=unit.id)
        if unit.needs_work:
            unfinished.append(Problem(where, f"not imported: the file marks this translation {unit.needs_work} (not final); "
                                             "the unit keeps its current status", "warning"))
        elif unit.id not in source:
            refused.append(Problem(where, f"refused: no such unit in the {source_lang} text any more"))
        elif fingerprint(unit.source) != fingerprint(source[unit.id]):
            refused.append(Problem(where, f"refused: the {source_lang} text changed since this file was exported; export again"))
        elif (found := first_problem(target)) is not None:
            refused.append(Problem(where, f"refused: {found[1]} (character {found[0] + 1} of the translation)"))
        else:
            texts[unit.id], recorded[unit.id] = target, fingerprint(source[unit.id])
    changed = _changed_units(race_round, exchange.target_lang, texts, recorded)
    if changed:
        written = save_translation(race_round, source_lang, exchange.target_lang, texts, recorded)
        same = len(texts) - len(changed)
        lines = [f"{written}: imported {_units(len(changed))}" + (f" ({same} unchanged)" if same else "")]
    elif texts:
        lines = [f"{file}: nothing changed: its {_units(len(texts))} are already in the {exchange.target_lang} prose, translated from the current text"]
    else:
        lines = [f"{file}: no translated unit to import"]
    lines += [str(p) for p in unfinished]
    return ImportReport(tuple(lines), tuple(refused), tuple(unfinished))


def _changed_units(race_round: LoadedRound, lang: str, texts: dict[str, str], recorded: dict[str, str]) -> list[str]:
    """The units whose text or recorded source fingerprint the import changes."""
    prose = race_round.prose.get(lang)
    current = prose.units() if prose else {}
    fingerprints = prose.source if prose else {}
    return [unit for unit in texts if current.get(unit) != texts[unit] or fingerprints.get(unit) != recorded[unit]]


def _units(count: int) -> str:
    return f"{count} unit{'s' if count != 1 else ''}"
