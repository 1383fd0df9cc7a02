"""Frozen, typed domain objects: what a season and its rounds say, exactly as written.

Every field the data may not establish is optional: pressgen writes only what is known.
Times are integer milliseconds.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from . import languages
from .limits import MAX_CAR_NUMBER, MAX_ENTRIES, MAX_LAPS, MAX_LIST, MAX_POINTS, MAX_RACE_TIME_MS, MAX_RACES_PER_ROUND, MAX_ROUNDS

_TIME = re.compile(r"^\+?(?:(?:(?P<h>\d+):)?(?P<m>\d+):)?(?P<s>\d+)(?:\.(?P<frac>\d{1,3}))?s?$")
_TIME_FORMS = "M:SS.mmm such as \"2:06.894\", H:MM:SS.mmm such as \"1:02:03.456\", or seconds such as \"+0.284\""


def parse_time_ms(value: object) -> int:
    """'2:06.894' -> 126894, '+0.284' -> 284, '1:02:03.5' -> 3723500. Strings only: never a float.
    Minutes and seconds after a colon are below 60, so a typo such as '1:32:611' (for '1:32.611')
    is refused rather than read as 1 h 32 min 611 s."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError("expected a time written as text, such as \"2:06.894\" or \"+0.284\"")
    text = str(value).strip()
    match = _TIME.match(text)
    if not match:
        raise ValueError(f"expected a time such as \"2:06.894\" or \"+0.284\", found \"{text}\"")
    if match["m"] is not None and int(match["s"]) >= 60:
        raise ValueError(f"seconds must be below 60 in \"{text}\"; expected {_TIME_FORMS}")
    if match["h"] is not None and int(match["m"]) >= 60:
        raise ValueError(f"minutes must be below 60 in \"{text}\"; expected {_TIME_FORMS}")
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
    if not millis.is_finite() or millis > MAX_RACE_TIME_MS:
        raise ValueError(f"expected a number of seconds up to {MAX_RACE_TIME_MS // 1000}, found {value}")
    if millis != millis.to_integral_value() or millis < 0:
        raise ValueError(f"expected a non-negative number of seconds with at most 3 decimals, found {value}")
    return int(millis)


def _known_language(value: str) -> str:
    if not languages.is_known(value):
        raise ValueError(f"unknown language \"{value}\": pressgen has a style for {', '.join(languages.codes())} (see generator/languages.py)")
    return value


def _hex_colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise ValueError(f"expected a colour such as \"#0055A4\", found \"{value}\"")
    return value


def _identifier(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        raise ValueError(f"expected lower-case letters, digits and hyphens, found \"{value}\"")
    return value


def _link_target(value: str) -> str:
    if not re.match(r"^(https?://[^\s]+|mailto:[^\s]+|#[\w-]*)$", value):
        raise ValueError(f"expected an http(s):// or mailto: address, or # for a placeholder, found \"{value}\"")
    return value


def _race_duration(value: int) -> int:
    if value > MAX_RACE_TIME_MS:
        raise ValueError(f"a time of more than {MAX_RACE_TIME_MS // 3_600_000} hours is not a race time")
    return value


Millis = Annotated[int, BeforeValidator(parse_time_ms), AfterValidator(_race_duration)]


EMAIL_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
_PHONE = re.compile(r"^\+[0-9][0-9 .()-]*[0-9]$")


def _email(value: str) -> str:
    if not EMAIL_ADDRESS.match(value):
        raise ValueError(f"expected an email address such as \"press@example.com\", found \"{value}\"")
    return value


def _phone(value: str) -> str:
    """International form, so a journalist abroad can dial it: +33 1 23 45 67 89."""
    digits = re.sub(r"\D", "", value)
    if not _PHONE.match(value) or not 8 <= len(digits) <= 15:
        raise ValueError(
            f"expected an international phone number such as \"+33 1 23 45 67 89\" (+, then 8 to 15 digits), found \"{value}\""
        )
    return value


def _base_url(value: str) -> str:
    """Where the output is hosted: absolute links are this plus a file's path under OUT."""
    if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?", value):
        raise ValueError(f"expected an http(s):// address without query or fragment, such as \"https://press.example.com/releases/\", found \"{value}\"")
    return value if value.endswith("/") else value + "/"
SecondsMs = Annotated[int, BeforeValidator(parse_seconds_ms)]
Colour = Annotated[str, AfterValidator(_hex_colour)]
Identifier = Annotated[str, AfterValidator(_identifier)]
Text = Annotated[str, Field(min_length=1)]
PositiveInt = Annotated[int, Field(ge=1, le=MAX_POINTS)]  # counts, ranks, places: bounded like every number
CarNumber = Annotated[int, Field(ge=1, le=MAX_CAR_NUMBER)]
RaceNumber = Annotated[int, Field(ge=1, le=MAX_RACES_PER_ROUND)]
LapCount = Annotated[int, Field(ge=0, le=MAX_LAPS)]
Language = Annotated[str, AfterValidator(_known_language)]
Points = Annotated[int | float, Field(ge=0, le=MAX_POINTS)]  # whole points stay int; half points are float


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


# --- season -------------------------------------------------------------------------------------


class Brand(Frozen):
    primary: Colour
    accent: Colour
    logo: str | None = None


class Category(Frozen):
    """A class within the field. Members are listed in the entry list, or found by age: under
    `max_age` on `age_on` (entries then need a birth date). `scoring: own` ranks members among
    themselves in each race and scores them on `scale` (the season's by default); `overall` ranks
    them on their championship points."""

    id: Identifier
    name: dict[Language, Text]
    scoring: Literal["overall", "own"] = "overall"
    scale: Annotated[tuple[Points, ...], Field(max_length=MAX_ENTRIES)] | None = None
    max_age: PositiveInt | None = None
    age_on: dt.date | None = None

    @model_validator(mode="after")
    def _age_rule_complete(self) -> Category:
        if (self.max_age is None) != (self.age_on is None):
            raise ValueError("an age rule needs both max_age and age_on")
        return self


class Entry(Frozen):
    driver: Text
    team: Text
    car: CarNumber | None = None
    categories: tuple[Identifier, ...] = ()
    nationality: str | None = None
    birth_date: dt.date | None = None
    guest: bool = False  # races without scoring


class Bonus(Frozen):
    """Bonus points for pole or fastest lap: only for a classified driver, and only within the
    top `top` places when given."""

    points: Points
    top: PositiveInt | None = None


class PointsSystem(Frozen):
    """Points per classified position; `races` overrides the scale for a given race number."""

    scale: Annotated[tuple[Points, ...], Field(max_length=MAX_ENTRIES)]
    races: dict[RaceNumber, Annotated[tuple[Points, ...], Field(max_length=MAX_ENTRIES)]] = {}
    pole: Bonus | None = None
    fastest_lap: Bonus | None = None
    guests_pass_points: bool = False  # a guest's points go to the next finisher who scores
    best_rounds: PositiveInt | None = None  # dropped results: only the best N rounds count
    note: str | None = None

    def scale_for(self, race_number: int) -> tuple[int | float, ...]:
        return self.races.get(race_number, self.scale)


class ClassificationRules(Frozen):
    """Who is classified: with `min_laps_share`, every car (retired or not) that covered at least
    that share of the winner's laps, rounded down; without it, the cars that took the flag."""

    min_laps_share: Annotated[float, Field(gt=0, le=1)] | None = None


class TeamRules(Frozen):
    """Teams score the points of their best `cars_per_race` cars in each race."""

    cars_per_race: PositiveInt = 2


class SnapshotRow(Frozen):
    driver: Text
    points: Points
    wins: Annotated[int, Field(ge=0, le=MAX_POINTS)] | None = None
    podiums: Annotated[int, Field(ge=0, le=MAX_POINTS)] | None = None
    poles: Annotated[int, Field(ge=0, le=MAX_POINTS)] | None = None
    countback: tuple[Annotated[int, Field(ge=0, le=MAX_POINTS)], ...] | None = None


class Snapshot(Frozen):
    """Standings taken before a round, for seasons whose earlier results are not in the data."""

    before: Identifier
    complete: bool = False
    # With complete: false, the most points any driver not listed had then, if known; without it,
    # no title can be called decided (an unlisted driver might still be in reach).
    others_at_most: Points | None = None
    source: Text
    drivers: Annotated[tuple[SnapshotRow, ...], Field(max_length=MAX_ENTRIES)]


class CalendarRound(Frozen):
    id: Identifier
    venue: Text
    races: RaceNumber = 1  # how many races the round holds: what a title decision counts on

class SocialLink(Frozen):
    name: Text
    url: Annotated[str, AfterValidator(_link_target)]


class Boilerplate(Frozen):
    heading: Text
    paragraphs: tuple[Text, ...]
    contacts: tuple[Text, ...] = ()


class RaceRefData(Frozen):
    round: Identifier
    race: PositiveInt


class DeclaredTitle(Frozen):
    """A title the published record establishes where the data cannot compute it (a category or the
    teams of a season that starts from a drivers' snapshot)."""

    table: Identifier  # drivers, teams, or a category id
    holder: Text
    decided_after: RaceRefData | None = None
    source: Text


class PressContact(Frozen):
    """A person journalists can call: printed as the last block of every edition."""

    name: Text
    role: dict[Language, Text] = {}
    phone: Annotated[str, AfterValidator(_phone)] | None = None
    email: Annotated[str, AfterValidator(_email)] | None = None

    @property
    def tel(self) -> str | None:
        """The phone number as a tel: URI wants it: + and digits only."""
        return "+" + re.sub(r"\D", "", self.phone) if self.phone else None

    @model_validator(mode="after")
    def _reachable(self) -> PressContact:
        if self.phone is None and self.email is None:
            raise ValueError("a press contact needs a phone number or an email address")
        return self


class Site(Frozen):
    base_url: Annotated[str, AfterValidator(_base_url)]


class SmtpSettings(Frozen):
    """How `pressgen send` reaches the press office's mail server; each field may be overridden by
    the environment (PRESSGEN_SMTP_HOST, _PORT, _SECURITY, _USER). The password is never read from
    a file: only from PRESSGEN_SMTP_PASSWORD."""

    host: Text
    port: Annotated[int, Field(ge=1, le=65535)] | None = None  # default: 587 with starttls, 465 with tls, 25 with none
    security: Literal["starttls", "tls", "none"] = "starttls"
    user: Text | None = None
    sender: Annotated[str, AfterValidator(_email)] | None = None  # From: default, the first press contact's email
    rate: Annotated[int, Field(ge=1, le=600)] = 30  # messages per minute, at most

    @model_validator(mode="before")
    @classmethod
    def _no_password(cls, data: object) -> object:
        if isinstance(data, dict) and "password" in data:
            raise ValueError("the SMTP password is never read from a file: remove it and set the environment variable PRESSGEN_SMTP_PASSWORD")
        return data


def _hashtag(value: str) -> str:
    """Written with or without its #; kept without it."""
    tag = value.removeprefix("#")
    if not re.fullmatch(r"\w+", tag):
        raise ValueError(f"expected a hashtag such as \"#DemoCup\" (letters, digits, underscores), found \"{value}\"")
    return tag


def _handle(value: str) -> str:
    if not re.fullmatch(r"@[A-Za-z0-9_]{1,15}", value):
        raise ValueError(f"expected a handle such as \"@democup\" (@, then 1 to 15 letters, digits or underscores), found \"{value}\"")
    return value


class PostSettings(Frozen):
    """What the social posts (the `posts` edition) carry besides the results: hashtags and handles."""

    hashtags: tuple[Annotated[str, AfterValidator(_hashtag)], ...] = ()
    handles: tuple[Annotated[str, AfterValidator(_handle)], ...] = ()


class ReleaseSettings(Frozen):
    race_rows: PositiveInt = 5
    standings_rows: PositiveInt = 5
    chart: bool = False  # the title fight (points of the top drivers after each race), as SVG
    chart_drivers: Annotated[int, Field(ge=2, le=5)] = 5
    dateline: bool = False  # "Monza, le 21 octobre 2024 –" before the lead
    annex: bool = False  # every car of every race: a section of the web page, an annex page of the PDF


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
    classification: ClassificationRules = ClassificationRules()
    points: PointsSystem
    teams: TeamRules | None = None
    entries: Annotated[tuple[Entry, ...], Field(max_length=MAX_ENTRIES)]
    known_people: tuple[Text, ...] = ()
    calendar: Annotated[tuple[CalendarRound, ...], Field(max_length=MAX_ROUNDS)]
    snapshot: Snapshot | None = None
    # True once no driver or team can join any more: otherwise a newcomer, entering at 0 points and
    # able to score in every remaining race, is a rival for every title.
    entries_closed: bool = False
    declared_titles: tuple[DeclaredTitle, ...] = ()
    boilerplate: dict[Language, Boilerplate] = {}
    social: tuple[SocialLink, ...] = ()
    signoff: str | None = None
    press_contacts: tuple[PressContact, ...] = ()
    site: Site | None = None
    smtp: SmtpSettings | None = None  # pressgen send
    posts: PostSettings | None = None  # the social posts' hashtags and handles

    def entry(self, driver: str) -> Entry | None:
        return next((e for e in self.entries if e.driver == driver), None)

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def members(self, category: Category) -> tuple[Entry, ...]:
        """Entries in the category: listed in it, or young enough on the category's date."""
        return tuple(e for e in self.entries if category.id in e.categories or _young_enough(e, category))

    def venue(self, round_id: str) -> str:
        return next((r.venue for r in self.calendar if r.id == round_id), round_id)

    def series_phrase(self, lang: str) -> str:
        return self.series_in_sentence.get(lang, self.series)


def _young_enough(entry: Entry, category: Category) -> bool:
    if category.max_age is None or category.age_on is None or entry.birth_date is None:
        return False
    on, born = category.age_on, entry.birth_date
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return age <= category.max_age


# --- round --------------------------------------------------------------------------------------


class DateRange(Frozen):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end < self.start:
            raise ValueError(f"the round ends ({self.end}) before it starts ({self.start})")
        return self


class CarRef(Frozen):
    """A row names its car by driver, or by car number (resolved through the entry list)."""

    driver: Text | None = None
    car: CarNumber | None = None

    @model_validator(mode="after")
    def _named(self) -> CarRef:
        if self.driver is None and self.car is None:
            raise ValueError("give the driver or the car number")
        return self

    @property
    def name(self) -> str:
        """The driver: schema.py names every row's driver when it loads the round (a car number
        through the entry list), so computation never meets a row without one."""
        if self.driver is None:
            raise ValueError(f"car {self.car}: its driver is not resolved from the entry list")
        return self.driver


class QualifyingRow(CarRef):
    time: Millis | None = None


Status = Literal["finished", "retired", "not_started", "disqualified"]


class ResultRow(CarRef):
    """One car at the flag. `gap` is to the first car at the flag; `position` is the published
    classified position, needed only where the known times cannot decide it."""

    laps: LapCount | None = None
    time: Millis | None = None
    gap: Millis | None = None
    best_lap: Millis | None = None
    status: Status = "finished"
    position: PositiveInt | None = None


class Penalty(CarRef):
    """A stewards' decision:
    - time: `seconds` added to the race time (omit `seconds` when the length was not published);
    - positions: moved `places` back in the classification after the race;
    - grid: `places` on the grid (recorded; it does not change the result);
    - disqualification: out of the race's classification, no points;
    - points: `points` deducted from the championship total;
    - exclusion: out of the championship standings."""

    kind: Literal["time", "positions", "grid", "disqualification", "points", "exclusion"] = "time"
    seconds: SecondsMs | None = None
    places: PositiveInt | None = None
    points: Points | None = None
    reason: dict[Language, Text] = {}

    @model_validator(mode="after")
    def _amount_fits_kind(self) -> Penalty:
        needs = {"positions": "places", "grid": "places", "points": "points"}.get(self.kind)
        if needs and getattr(self, needs) is None:
            raise ValueError(f"a {self.kind} penalty needs `{needs}`")
        for name in ("seconds", "places", "points"):
            if getattr(self, name) is not None and name != needs and not (name == "seconds" and self.kind == "time"):
                raise ValueError(f"`{name}` does not apply to a {self.kind} penalty")
        return self


class FastestLap(CarRef):
    """The fastest lap as published, when the rows' best laps are not all known."""

    time: Millis | None = None


class Race(Frozen):
    number: RaceNumber
    date: dt.date | None = None
    laps: Annotated[int, Field(ge=1, le=MAX_LAPS)]
    half_points: bool = False  # stewards award half points (a shortened race)
    qualifying: Annotated[tuple[QualifyingRow, ...], Field(max_length=MAX_ENTRIES)] = ()
    results: Annotated[tuple[ResultRow, ...], Field(max_length=MAX_ENTRIES)]
    results_complete: bool = False
    fastest_lap: FastestLap | None = None  # by default, the quickest best_lap of the rows
    penalties: Annotated[tuple[Penalty, ...], Field(max_length=MAX_LIST)] = ()


class Photo(Frozen):
    """A photo file in the round folder, with its texts per language; `lead` is the one the
    web page and PDF show (every photo is offered at full resolution)."""

    file: Text
    lead: bool = False
    caption: dict[Language, Text] = {}
    credit: dict[Language, Text] = {}
    alt: dict[Language, Text] = {}


class Session(Frozen):
    """One session of the weekend, as the pre-event release lists it: its name in each language
    and its start with the UTC offset of the event's clock ("2025-06-21T10:30:00+02:00")."""

    name: dict[Language, Text]
    start: AwareDatetime


class PreEvent(Frozen):
    """The pre-event release of the round (published before the weekend), when there is one."""

    release_date: dt.date
    embargo: AwareDatetime | None = None


class Round(Frozen):
    id: Identifier = Field(exclude=True)
    circuit: Text
    country: Text | None = None
    dates: DateRange
    release_date: dt.date
    embargo: AwareDatetime | None = None  # "2024-10-21T08:00:00+02:00": the offset is required
    # empty before the weekend: the round's entry list, schedule and pre-event release come first
    races: Annotated[tuple[Race, ...], Field(max_length=MAX_RACES_PER_ROUND)] = ()
    results_status: Literal["provisional", "final"] = "final"
    press_contacts: tuple[PressContact, ...] | None = None  # this round's, instead of the season's
    dateline_place: Text | None = None  # instead of the calendar's venue
    photos: tuple[Photo, ...] = ()
    schedule: Annotated[tuple[Session, ...], Field(max_length=MAX_LIST)] = ()  # in order of start
    pre_event: PreEvent | None = None

    @field_validator("schedule")
    @classmethod
    def _schedule_in_order(cls, schedule: tuple[Session, ...]) -> tuple[Session, ...]:
        for earlier, later in itertools.pairwise(schedule):
            if later.start < earlier.start:
                raise ValueError(f"sessions are listed in order of start: {later.start.isoformat()} comes before {earlier.start.isoformat()}")
        return schedule


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
    # In a translation: unit id -> that source text itself, to show what changed in it since
    # (recorded by `pressgen translate` and the studio; the fingerprint decides, this only shows).
    translated_from: dict[str, Text] = {}

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


class PreEventProse(Prose):
    """The hand-written text of a pre-event release (`pre-event.<lang>.yaml`): headline, lead,
    highlights, body paragraphs, quotes and closing; no race reports (the races are still to run)."""

    paragraphs: dict[UnitId, Markdown] = {}

    @model_validator(mode="after")
    def _no_reports(self) -> PreEventProse:
        if self.reports:
            raise ValueError("a pre-event release has no race reports (`reports:`): write the preview in `paragraphs:`")
        return self

    def units(self) -> dict[str, str]:
        units = super().units()
        body = {f"paragraphs.{k}": v for k, v in self.paragraphs.items()}
        ordered = {}
        for unit, text in units.items():  # the paragraphs follow the lead, as the release shows them
            if unit.startswith("closing.") or unit.startswith("quotes."):
                ordered.update(body)
                body = {}
            ordered[unit] = text
        return {**ordered, **body}
