"""Cross-checks between a season's files, once each file has passed its own type and shape checks
(model.py): a result for a driver missing from the entry list, a round outside the calendar, a car
number given twice, a translation with units its source lacks. Each problem goes to the log with
its file, line and field; schema.py reads the files and calls these in turn."""

from __future__ import annotations

import itertools
from pathlib import Path

from .errors import Location, ProblemLog, did_you_mean
from .loader import Document, FieldPath
from .model import Prose, Race, Round, Season


def resolve_cars(season: Season, race_round: Round, document: Document, log: ProblemLog) -> Round:
    """Rows that name a car number get its driver from the entry list; both given must agree."""
    by_car = {e.car: e for e in season.entries if e.car is not None}
    races = []
    for i, race in enumerate(race_round.races):
        update = {}
        for section in ("qualifying", "results", "penalties"):
            rows = []
            for j, row in enumerate(getattr(race, section)):
                if row.car is not None:
                    row = _resolve_car(row, by_car, document, ("races", i, section, j), log)
                rows.append(row)
            update[section] = tuple(rows)
        if race.fastest_lap is not None and race.fastest_lap.car is not None:
            update["fastest_lap"] = _resolve_car(race.fastest_lap, by_car, document, ("races", i, "fastest_lap"), log)
        races.append(race.model_copy(update=update))
    return race_round.model_copy(update={"races": tuple(races)})


def _resolve_car(row, by_car, document: Document, where: FieldPath, log: ProblemLog):
    entry = by_car.get(row.car)
    if entry is None:
        log.error(document.locate(where + ("car",)), f"car {row.car} is not in the entry list")
        return row
    if row.driver is not None and row.driver != entry.driver:
        log.error(document.locate(where + ("driver",)), f"car {row.car} is {entry.driver}'s, not {row.driver}'s")
        return row
    return row.model_copy(update={"driver": entry.driver})


def check_season(season: Season, document: Document, log: ProblemLog) -> None:
    category_ids = {c.id for c in season.categories}
    drivers: dict[str, int] = {}
    cars: dict[int, int] = {}
    for i, entry in enumerate(season.entries):
        if entry.car is not None:
            if entry.car in cars:
                log.error(document.locate(("entries", i, "car")), f"car {entry.car} is already entries[{cars[entry.car]}]'s")
            cars.setdefault(entry.car, i)
        where = document.locate(("entries", i, "driver"))
        if entry.driver in drivers:
            log.error(where, f"'{entry.driver}' is already in the entry list (entries[{drivers[entry.driver]}])")
        drivers.setdefault(entry.driver, i)
        for j, category in enumerate(entry.categories):
            if category not in category_ids:
                log.error(
                    document.locate(("entries", i, "categories", j)),
                    f"unknown category '{category}'{did_you_mean(category, category_ids)}",
                )
    for lang in season.languages:
        if season.boilerplate and lang not in season.boilerplate:
            log.error(document.locate(("boilerplate",)), f"no boilerplate for language '{lang}'")
    if season.snapshot:
        _check_snapshot(season, document, log)
        if season.points.best_rounds:
            log.error(
                document.locate(("points", "best_rounds")),
                "dropped results need every round's results, and the season starts from a snapshot of totals",
            )
    _check_declared_titles(season, document, log)
    for i, defined in enumerate(season.categories):
        if defined.scoring == "overall" and defined.scale is not None:
            log.error(document.locate(("categories", i, "scale")), "a scale applies only to `scoring: own`")
        for lang in season.languages:
            if lang not in defined.name:
                log.error(document.locate(("categories", i, "name")), f"no name in '{lang}' for category '{defined.id}'")


def _check_declared_titles(season: Season, document: Document, log: ProblemLog) -> None:
    tables = ["drivers", "teams"] + [c.id for c in season.categories]
    teams = {e.team for e in season.entries}
    calendar = [r.id for r in season.calendar]
    for i, title in enumerate(season.declared_titles):
        if title.table not in tables:
            log.error(document.locate(("declared_titles", i, "table")),
                      f"no table '{title.table}'{did_you_mean(title.table, tables)} (tables: {', '.join(tables)})")
        holders = teams if title.table == "teams" else {e.driver for e in season.entries}
        if title.holder not in holders:
            log.error(document.locate(("declared_titles", i, "holder")), f"'{title.holder}' is not in the entry list{did_you_mean(title.holder, holders)}")
        if title.decided_after and title.decided_after.round not in calendar:
            log.error(document.locate(("declared_titles", i, "decided_after", "round")), f"'{title.decided_after.round}' is not a round of the calendar")


def _check_snapshot(season: Season, document: Document, log: ProblemLog) -> None:
    snapshot = season.snapshot
    if snapshot is None:
        return
    calendar = [r.id for r in season.calendar]
    if snapshot.before not in calendar:
        log.error(
            document.locate(("snapshot", "before")),
            f"'{snapshot.before}' is not a round of the calendar{did_you_mean(snapshot.before, calendar)}",
        )
    for i, row in enumerate(snapshot.drivers):
        _check_driver(season, row.driver, document, ("snapshot", "drivers", i, "driver"), log)


def check_round(season: Season, race_round: Round, document: Document, log: ProblemLog) -> None:
    calendar = [r.id for r in season.calendar]
    if race_round.id not in calendar:
        log.error(
            Location(document.path, field="id"),
            f"round folder '{race_round.id}' is not in the season calendar{did_you_mean(race_round.id, calendar)}",
        )
    if race_round.dates.start.year != season.year:
        log.error(document.locate(("dates", "start")), f"the round is dated {race_round.dates.start}, outside the {season.year} season")
    if race_round.release_date < race_round.dates.start:
        log.error(document.locate(("release_date",)), "the release is dated before the round starts")
    numbers = [race.number for race in race_round.races]
    for i, race in enumerate(race_round.races):
        if numbers.count(race.number) > 1:
            log.error(document.locate(("races", i, "number")), f"race number {race.number} is given twice")
        if race.date and not race_round.dates.start <= race.date <= race_round.dates.end:
            log.error(document.locate(("races", i, "date")), f"race date {race.date} is outside the round's dates")
        _check_race(season, race, document, ("races", i), log)
    _check_photos(season, race_round, document, log)


def _check_photos(season: Season, race_round: Round, document: Document, log: ProblemLog) -> None:
    """Each photo is a sound JPEG or PNG file inside the round folder with an alt text in the
    source language (a translation's stands in for it until translated, with a warning); one
    at most is the lead photo."""
    from .photos import photo_path, problem

    folder = document.path.parent.resolve()
    leads: list[int] = []
    stems: dict[str, int] = {}
    for i, photo in enumerate(race_round.photos):
        where = document.locate(("photos", i, "file"))
        path = photo_path(document, photo.file)
        if not path.is_relative_to(folder):
            log.error(where, "a photo must be a file inside the round folder")
            continue
        if (message := problem(path)) is not None:
            log.error(where, f"{photo.file}: {message}")
        stem = Path(photo.file).stem
        if stem in stems:
            log.error(where, f"photos[{stems[stem]}] already has the name {stem} (the copies are named after it)")
        stems.setdefault(stem, i)
        source, others = season.languages[0], season.languages[1:]
        if source not in photo.alt:
            log.error(document.locate(("photos", i, "alt")),
                      f"no alt text in {source}: describe the photo for readers who cannot see it")
        elif missing := [lang for lang in others if lang not in photo.alt]:
            log.warn(document.locate(("photos", i, "alt")),
                     f"no alt text in {', '.join(missing)}: the {source} text stands in until it is translated")
        if photo.lead:
            leads.append(i)
    for i in leads[1:]:
        log.error(document.locate(("photos", i, "lead")), f"photos[{leads[0]}] is already the lead photo")


def _check_race(season: Season, race: Race, document: Document, at: FieldPath, log: ProblemLog) -> None:
    seen: dict[str, int] = {}
    for j, row in enumerate(race.results):
        where = at + ("results", j)
        _check_driver(season, row.driver, document, where + ("driver",), log)
        if row.driver and row.driver in seen:
            log.error(document.locate(where + ("driver",)), f"'{row.driver}' already has a result in this race (results[{seen[row.driver]}])")
        if row.driver is not None:
            seen.setdefault(row.driver, j)
        if row.laps is not None and row.laps > race.laps:
            log.error(document.locate(where + ("laps",)), f"{row.laps} laps is more than the race's {race.laps}")
    _check_positions(race, document, at, log)
    _check_gaps(race, document, at, log)
    for j, qualifier in enumerate(race.qualifying):
        _check_driver(season, qualifier.driver, document, at + ("qualifying", j, "driver"), log)
    if race.fastest_lap is not None:
        _check_driver(season, race.fastest_lap.driver, document, at + ("fastest_lap", "driver"), log)
    _check_qualifying_times(race, document, at, log)
    for j, penalty in enumerate(race.penalties):
        where = at + ("penalties", j, "driver")
        _check_driver(season, penalty.driver, document, where, log)
        if penalty.driver and season.entry(penalty.driver) and penalty.driver not in seen:
            log.error(document.locate(where), f"'{penalty.driver}' has a penalty but no result in this race")


def _check_positions(race: Race, document: Document, at: FieldPath, log: ProblemLog) -> None:
    taken: dict[int, int] = {}
    for j, row in enumerate(race.results):
        if row.position is None:
            continue
        if row.position in taken:
            log.error(
                document.locate(at + ("results", j, "position")),
                f"position {row.position} is already given to results[{taken[row.position]}]",
            )
        taken.setdefault(row.position, j)


def _check_gaps(race: Race, document: Document, at: FieldPath, log: ProblemLog) -> None:
    """Cars on the same lap cross the line in time order: known gaps must not decrease."""
    gaps = [
        (j, row.gap) for j, row in enumerate(race.results)
        if row.status == "finished" and row.gap is not None and (row.laps or race.laps) == race.laps
    ]
    _check_ordered(gaps, document, at + ("results",), "gap", "gap is smaller than that of results[{}], which crossed the line ahead", log)


def _check_qualifying_times(race: Race, document: Document, at: FieldPath, log: ProblemLog) -> None:
    """Qualifying rows are in order: a known time is never quicker than one above it."""
    times = [(j, row.time) for j, row in enumerate(race.qualifying) if row.time is not None]
    _check_ordered(times, document, at + ("qualifying",), "time", "time is quicker than that of qualifying[{}], listed ahead", log)


def _check_ordered(values: list[tuple[int, int]], document: Document, at: FieldPath, field: str, message: str, log: ProblemLog) -> None:
    """(row index, value) pairs listed in order must not decrease; `message` names the row above."""
    for (above, previous), (j, value) in itertools.pairwise(values):
        if value < previous:
            log.error(document.locate(at + (j, field)), message.format(above))


def _check_driver(season: Season, driver: str | None, document: Document, where: FieldPath, log: ProblemLog) -> None:
    if driver is not None and season.entry(driver) is None:
        names = [e.driver for e in season.entries]
        log.error(document.locate(where), f"'{driver}' is not in the entry list{did_you_mean(driver, names)}")



def check_prose(season: Season, race_round: Round, prose_by_lang: dict[str, Prose], documents: dict[str, Document],
                log: ProblemLog) -> None:
    """The source text is complete; translations hold only its units (missing ones are the build's
    business, see translation.py); reports match races; quoted people are known."""
    races = {f"race-{race.number}" for race in race_round.races}
    check_prose_units(season, prose_by_lang, documents, races, log)
    source = documents.get(season.languages[0])
    if not race_round.races and source is not None:  # stands on the report's prose: the pre-event release builds
        log.error(source.locate(()), "the race report needs the results, and round.yaml has no `races:` yet "
                                     "(`pressgen import-results` writes them); the pre-event release builds without them")


def check_prose_units(season: Season, prose_by_lang: dict[str, Prose], documents: dict[str, Document],
                      races: set[str] | None, log: ProblemLog) -> None:
    """check_prose's checks; `races` None when the round's data does not say which races it holds."""
    people = {e.driver for e in season.entries} | set(season.known_people)
    source_lang = season.languages[0]
    for lang, prose in prose_by_lang.items():
        document = documents[lang]
        for report_id in prose.reports:
            if races is not None and report_id not in races:
                log.error(document.locate(("reports", report_id)), f"'{report_id}' matches no race of the round")
        for quote_id, quote in prose.quotes.items():
            if quote.person not in people:
                log.warn(
                    document.locate(("quotes", quote_id, "person")),
                    f"'{quote.person}' is neither in the entry list nor in the season's known people"
                    f"{did_you_mean(quote.person, people)}",
                )
        if lang == source_lang:
            _check_complete_source(prose, document, log)
        elif source_lang in prose_by_lang:
            _check_same_units(prose_by_lang[source_lang], prose, document, log)


def _check_complete_source(source: Prose, document: Document, log: ProblemLog) -> None:
    required: list[FieldPath] = [("headline",)] if source.headline is None else []
    required += [("reports", rid, "title") for rid, report in source.reports.items() if report.title is None]
    required += [("quotes", qid, "text") for qid, quote in source.quotes.items() if quote.text is None]
    for field_path in required:
        log.error(document.locate(field_path), "required field missing")
    if source.source:
        log.error(document.locate(("source",)), f"the {source.lang} text is the source language: it records no fingerprints")
    if source.translated_from:
        log.error(document.locate(("translated_from",)), f"the {source.lang} text is the source language: it records no source text")


def _check_same_units(source: Prose, translation: Prose, document: Document, log: ProblemLog) -> None:
    source_units, units = source.units(), translation.units()
    for unit in sorted(source_units.keys() - units.keys()):
        log.warn(
            document.locate(tuple(unit.split("."))[:-1]),
            f"unit '{unit}' of the {source.lang} text has no {translation.lang} translation yet: a build needs it, or --draft",
        )
    for unit in units.keys() - source_units.keys():
        log.error(document.locate(tuple(unit.split("."))), f"unit '{unit}' is not in the {source.lang} text")
    for qid, quote in translation.quotes.items():
        if qid in source.quotes and source.quotes[qid].person != quote.person:
            log.error(document.locate(("quotes", qid, "person")), f"the {source.lang} text attributes this quote to {source.quotes[qid].person}")
