"""Frozen, typed domain objects: what a season and its rounds say, exactly as written.

Every field the data may not establish is optional: pressgen writes only what is known.
Times are integer milliseconds.
"""

from __future__ import annotations

import re
import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

_TIME = re.compile(r"^\+?(?:(?:(?P<h>\d+):)?(?P<m>\d+):)?(?P<s>\d+)(?:\.(?P<frac>\d{1,3}))?s?$")


def parse_time_ms(value: object) -> int:
    """'2:06.894' -> 126894, '+0.284' -> 284, '1:02:03.5' -> 3723500. Strings only: never a float."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError("expected a time written as text, such as \"2:06.894\" or \"+0.284\"")
    text = str(value).strip()
    match = _TIME.match(text)
    if not match:
        raise ValueError(f"expected a time such as \"2:06.894\" or \"+0.284\", found \"{text}\"")
    if match["m"] is not None and match["h"] is None and int(match["s"]) >= 60:
        raise ValueError(f"seconds must be below 60 in \"{text}\"")
    hours, minutes = int(match["h"] or 0), int(match["m"] or 0)
    millis = int((match["frac"] or "").ljust(3, "0"))
    return ((hours * 60 + minutes) * 60 + int(match["s"])) * 1000 + millis


def parse_seconds_ms(value: object) -> int:
    """A penalty length in seconds (5, 10, 2.5) -> milliseconds, without float rounding surprises."""
    if isinstance(value, bool):
        raise ValueError("expected a number of seconds")
    try:
        millis = Decimal(str(value)) * 1000
    except InvalidOperation:
        raise ValueError(f"expected a number of seconds, found \"{value}\"") from None
    if millis != millis.to_integral_value() or millis < 0:
        raise ValueError(f"expected a non-negative number of seconds with at most 3 decimals, found {value}")
    return int(millis)


def _hex_colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise ValueError(f"expected a colour such as \"#0055A4\", found \"{value}\"")
    return value


def _identifier(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        raise ValueError(f"expected lower-case letters, digits and hyphens, found \"{value}\"")
    return value


Millis = Annotated[int, BeforeValidator(parse_time_ms)]
SecondsMs = Annotated[int, BeforeValidator(parse_seconds_ms)]
Colour = Annotated[str, AfterValidator(_hex_colour)]
Identifier = Annotated[str, AfterValidator(_identifier)]
Text = Annotated[str, Field(min_length=1)]
PositiveInt = Annotated[int, Field(ge=1)]
Language = Literal["fr", "en", "it"]
LANGUAGES: tuple[str, ...] = get_args(Language)  # every language pressgen has a catalog and a style for
Points = Annotated[int | float, Field(ge=0)]  # whole points stay int; half points are float


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


# --- season -------------------------------------------------------------------------------------


class Brand(Frozen):
    primary: Colour
    accent: Colour
    logo: str | None = None


class Category(Frozen):
    id: Identifier
    name: dict[Language, Text]


class Entry(Frozen):
    driver: Text
    team: Text
    car: PositiveInt | None = None
    categories: tuple[Identifier, ...] = ()
    nationality: str | None = None


class PointsSystem(Frozen):
    """Points per classified position; `races` overrides the scale for a given race number."""

    scale: tuple[Points, ...]
    races: dict[PositiveInt, tuple[Points, ...]] = {}
    note: str | None = None

    def scale_for(self, race_number: int) -> tuple[int | float, ...]:
        return self.races.get(race_number, self.scale)


class SnapshotRow(Frozen):
    driver: Text
    points: Points
    wins: Annotated[int, Field(ge=0)] | None = None
    podiums: Annotated[int, Field(ge=0)] | None = None
    poles: Annotated[int, Field(ge=0)] | None = None
    countback: tuple[Annotated[int, Field(ge=0)], ...] | None = None


class Snapshot(Frozen):
    """Standings taken before a round, for seasons whose earlier results are not in the data."""

    before: Identifier
    complete: bool = False
    source: Text
    drivers: tuple[SnapshotRow, ...]


class CalendarRound(Frozen):
    id: Identifier
    venue: Text


class SocialLink(Frozen):
    name: Text
    url: Text


class Boilerplate(Frozen):
    heading: Text
    paragraphs: tuple[Text, ...]
    contacts: tuple[Text, ...] = ()


class ReleaseSettings(Frozen):
    race_rows: PositiveInt = 5
    standings_rows: PositiveInt = 5


class Season(Frozen):
    id: Identifier = Field(exclude=True)
    series: Text
    # How a sentence names the series, per language (French needs its article: "l'Alpine Elf Cup Series").
    series_in_sentence: dict[Language, Text] = {}
    year: Annotated[int, Field(ge=1900, le=2200)]
    languages: tuple[Language, ...] = ("fr", "en")
    brand: Brand
    release: ReleaseSettings = ReleaseSettings()
    categories: tuple[Category, ...] = ()
    points: PointsSystem
    entries: tuple[Entry, ...]
    known_people: tuple[Text, ...] = ()
    calendar: tuple[CalendarRound, ...]
    snapshot: Snapshot | None = None
    boilerplate: dict[Language, Boilerplate] = {}
    social: tuple[SocialLink, ...] = ()
    signoff: str | None = None

    def entry(self, driver: str) -> Entry | None:
        return next((e for e in self.entries if e.driver == driver), None)

    def series_phrase(self, lang: str) -> str:
        return self.series_in_sentence.get(lang, self.series)


# --- round --------------------------------------------------------------------------------------


class DateRange(Frozen):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end < self.start:
            raise ValueError(f"the round ends ({self.end}) before it starts ({self.start})")
        return self


class QualifyingRow(Frozen):
    driver: Text
    time: Millis | None = None


Status = Literal["finished", "retired", "not_started", "disqualified"]


class ResultRow(Frozen):
    """One car at the flag. `gap` is to the first car at the flag; `position` is the published
    classified position, needed only where the known times cannot decide it."""

    driver: Text
    laps: Annotated[int, Field(ge=0)] | None = None
    time: Millis | None = None
    gap: Millis | None = None
    best_lap: Millis | None = None
    status: Status = "finished"
    position: PositiveInt | None = None


class Penalty(Frozen):
    """A stewards' decision. A time penalty whose length was not published has no `seconds`."""

    driver: Text
    kind: Literal["time", "disqualification"] = "time"
    seconds: SecondsMs | None = None
    reason: dict[Language, Text] = {}


class Race(Frozen):
    number: PositiveInt
    date: dt.date | None = None
    laps: PositiveInt
    qualifying: tuple[QualifyingRow, ...] = ()
    results: tuple[ResultRow, ...]
    results_complete: bool = False
    penalties: tuple[Penalty, ...] = ()


class Round(Frozen):
    id: Identifier = Field(exclude=True)
    circuit: Text
    country: Text | None = None
    dates: DateRange
    release_date: dt.date
    races: tuple[Race, ...]


# --- prose, one file per language ------------------------------------------------------------------

UnitId = Annotated[str, AfterValidator(_identifier)]
ReportId = Annotated[str, Field(pattern=r"^race-[1-9][0-9]*$")]
Markdown = Text  # CommonMark, rendered without raw HTML
Fingerprint = Annotated[str, Field(pattern=r"^[0-9a-f]{8}$")]


class Quote(Frozen):
    person: Text
    role: Text | None = None
    text: Markdown | None = None  # required in the source language (schema.check_prose)


class RaceReport(Frozen):
    title: Text | None = None  # required in the source language (schema.check_prose)
    paragraphs: dict[UnitId, Markdown]


class Prose(Frozen):
    """The hand-written text of one release in one language. Keys are stable unit ids, the same
    in every language, so translations can be tracked unit by unit."""

    lang: Language = Field(exclude=True)
    headline: Text | None = None  # required in the source language; a translation may be partial
    highlights: dict[UnitId, Markdown] = {}
    lead: Markdown | None = None
    reports: dict[ReportId, RaceReport] = {}
    closing: dict[UnitId, Markdown] = {}
    quotes: dict[UnitId, Quote] = {}
    # In a translation: unit id -> fingerprint of the source text it was translated from.
    source: dict[str, Fingerprint] = {}

    def report(self, race_number: int) -> RaceReport | None:
        return self.reports.get(f"race-{race_number}")

    def units(self) -> dict[str, str]:
        """Every translatable text by its unit id, e.g. `reports.race-1.paragraphs.start`."""
        units = {"headline": self.headline} if self.headline else {}
        units.update({f"highlights.{k}": v for k, v in self.highlights.items()})
        if self.lead:
            units["lead"] = self.lead
        for rid, report in self.reports.items():
            if report.title:
                units[f"reports.{rid}.title"] = report.title
            units.update({f"reports.{rid}.paragraphs.{k}": v for k, v in report.paragraphs.items()})
        units.update({f"closing.{k}": v for k, v in self.closing.items()})
        for qid, quote in self.quotes.items():
            if quote.text:
                units[f"quotes.{qid}.text"] = quote.text
            if quote.role:
                units[f"quotes.{qid}.role"] = quote.role
        return units
