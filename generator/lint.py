"""Fact-check the prose against the data: each language's text and quotes, unit by unit.

What it reports, as warnings located at the unit (file:line):
- a driver named with a team in parentheses that is not theirs ("Léo Jousset (VPS Racing)");
- a name close to, but not, one of the entry list or the season's known people;
- claims the data contradicts: who won a race, who took pole, "Nth win of the season", a stated
  finishing position, a title said to be decided;
- numbers that differ between the source text and a translation of the same unit.
The patterns are each language's house phrasings (generator/languages.py); what they do not
recognise they leave alone rather than guess. A language without phrasings gets the other checks
and one note that its phrase checks are off.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from . import languages
from .compute import SeasonResults
from .errors import Location, Problem, close_match
from .facts import Fact, round_facts
from .i18n import format_ordinal
from .model import Season
from .schema import LoadedRound


@dataclass(frozen=True)
class Unit:
    lang: str
    unit_id: str
    text: str
    race: int | None  # the race a report unit is about


def once(problems: list[Problem]) -> list[Problem]:
    """Findings with each note said once (a language's phrase checks are off in every round)."""
    seen, kept = set(), []
    for problem in problems:
        if problem.severity == "note":
            if problem.message in seen:
                continue
            seen.add(problem.message)
        kept.append(problem)
    return kept


def failing(problems: list[Problem]) -> list[Problem]:
    """What --strict refuses: the warnings, never a note."""
    return [p for p in problems if p.severity != "note"]


def lint_round(season: Season, loaded: LoadedRound, results: SeasonResults) -> list[Problem]:
    facts = round_facts(results, loaded.round.id) if loaded.round.id in results.classifications else []
    classifications = {c.race: c for c in results.classifications.get(loaded.round.id, ())}
    checker = ClaimChecker(season, classifications, facts)
    return lint_prose(loaded, lambda unit, phrases: checker.check(unit))


def lint_prose(loaded: LoadedRound, check: Callable[[Unit, languages.Phrases | None], list[str]]) -> list[Problem]:
    """Every unit of every language's prose through `check` (given the language's house
    phrasings, or None where it has none: then a note says phrase checks are off), each finding a
    warning at the unit; then the numbers the translations must share with the source."""
    problems = []
    for lang, prose in loaded.prose.items():
        document = loaded.prose_documents[lang]
        phrases = languages.style(lang).phrases
        if phrases is None:
            problems.append(Problem(Location(document.path), PHRASES_OFF.format(lang=lang), "note"))
        for unit in prose_units(lang, prose):
            where = document.locate(tuple(unit.unit_id.split(".")))
            problems += [Problem(where, message, "warning") for message in check(unit, phrases)]
    problems += translation_numbers(loaded)
    return problems


PHRASES_OFF = ("phrase checks are off for {lang} (winners, poles, positions and titles stated in the text): "
                "generator/languages.py has no house phrasings for it; names, teams and numbers are checked")


def prose_units(lang: str, prose) -> list[Unit]:
    units = []
    for unit_id, text in prose.units().items():
        match = re.match(r"reports\.race-(\d+)\.", unit_id)
        units.append(Unit(lang, unit_id, plain_text(text), int(match.group(1)) if match else None))
    return units


def plain_text(text: str) -> str:
    """Markdown links reduced to their text, typographic apostrophes made straight, NFC."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return unicodedata.normalize("NFC", text.replace("\u2019", "'"))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


class ClaimChecker:
    def __init__(self, season: Season, classifications: dict, facts: list[Fact]):
        self.season = season
        self.classifications = classifications
        self.facts = facts
        self.drivers = {e.driver: e for e in season.entries}
        self.people = set(self.drivers) | set(season.known_people)
        self.teams = {e.team for e in season.entries}
        self.categories = {name.lower(): c.id for c in season.categories for name in c.name.values()}
        names = sorted(self.drivers, key=len, reverse=True)
        self.name_pattern = re.compile("|".join(re.escape(n) for n in names)) if names else None

    def check(self, unit: Unit) -> list[str]:
        found = self._teams(unit) + self._near_misses(unit)
        phrases = languages.style(unit.lang).phrases
        if phrases is not None:
            for sentence in sentences(unit.text):
                found += self._win(unit, sentence, phrases)
                if unit.race in self.classifications:
                    found += self._claims(unit, sentence, phrases)
        return found

    # --- names and teams ---

    def _teams(self, unit: Unit) -> list[str]:
        found = []
        for match in re.finditer(rf"({self.name_pattern.pattern})\s*\(([^()]+)\)", unit.text) if self.name_pattern else ():
            driver, inside = match.group(1), match.group(2).strip()
            team = self.drivers[driver].team
            if inside == team or inside.lower() in self.categories:
                continue
            if inside in self.teams:
                found.append(f"{driver} drives for {team}, not {inside}: write \"{driver} ({team})\"")
            elif close_match(inside, [team]):
                found.append(f"'{inside}' after {driver}: did you mean '{team}'?")
        return found

    def _near_misses(self, unit: Unit) -> list[str]:
        found = []
        for candidate in set(re.findall(r"\b[A-ZÀ-Ý][\w'-]+(?: (?:de |da |di |van |von |le )?[A-ZÀ-Ý][\w'-]+)+", unit.text)):
            if candidate in self.people or any(candidate in p or p in candidate for p in self.people):
                continue
            close = close_match(candidate, self.people)
            if close:
                found.append(f"'{candidate}' is neither in the entry list nor among the season's known people: did you mean '{close}'?")
        return found

    # --- claims about a race ---

    def _win(self, unit: Unit, sentence: str, phrases: languages.Phrases) -> list[str]:
        """Who the sentence says won a race: the race its phrase names ("won race 2", in any unit,
        the headline and lead included), else the race of the report it is in."""
        match = re.search(phrases.win, sentence)
        if not match or not self.name_pattern:
            return []
        named = match.groupdict().get("race")
        number = int(named) if named else unit.race
        race = self.classifications.get(number)
        names = self.name_pattern.findall(sentence[: match.start()])
        if race is None or not race.winner or not names or names[-1] == race.winner.driver:
            return []
        return [f"race {number}: the text has {names[-1]} winning; the results have {race.winner.driver}"]

    def _claims(self, unit: Unit, sentence: str, phrases: languages.Phrases) -> list[str]:
        """The claims of a race report's sentence about its race."""
        race = self.classifications[unit.race]
        found = []
        if ("pole" in sentence and race.pole and (claimed := self._subject_before(sentence, r"\bpole\b"))
                and claimed != race.pole.driver):
            found.append(f"race {unit.race}: the text gives pole to {claimed}; the results give it to {race.pole.driver}")
        found += self._nth_win(unit, sentence, phrases)
        found += self._stated_position(unit, sentence, race, phrases)
        found += self._titles(unit, sentence, phrases)
        return found

    def _subject_before(self, sentence: str, pattern: str) -> str | None:
        """The last driver named before the first match of `pattern` in the sentence."""
        match = re.search(pattern, sentence)
        if not match or not self.name_pattern:
            return None
        names = self.name_pattern.findall(sentence[: match.start()])
        return names[-1] if names else None

    def _nth_win(self, unit: Unit, sentence: str, phrases: languages.Phrases) -> list[str]:
        match = re.search(phrases.nth_win, sentence)
        if not match:
            return []
        word = next(g for g in match.groups() if g)
        count = _ordinal_value(word, phrases)
        driver = self._subject_before(sentence, re.escape(match.group(0)))
        fact = next((f for f in self.facts if f.kind == "win" and f.race == unit.race and f.subject == driver), None)
        if count is None or fact is None or fact.values.get("count") in (None, count):
            return [] if fact or count is None else [f"race {unit.race}: the text has a win for {driver}; the results do not"]
        return [f"race {unit.race}: the text calls it {driver}'s win number {count} of the season; the data counts {fact.values['count']}"]

    def _stated_position(self, unit: Unit, sentence: str, race, phrases: languages.Phrases) -> list[str]:
        words = phrases.ordinals + phrases.ordinals_other
        pattern = phrases.stated_position.format(ordinal="|".join(words), driver=self.name_pattern.pattern) if self.name_pattern else None
        match = re.search(pattern, sentence, re.IGNORECASE) if pattern else None
        if not match:
            return []
        groups = [g for g in match.groups() if g]
        word, driver = (groups[0], groups[1]) if groups[0].lower() in words else (groups[1], groups[0])
        position = _ordinal_value(word, phrases)
        row = race.row(driver)
        if row is None or row.position == position:
            return []
        if row.position is None:  # a place stated for a car the results give none: the Monday classic after a disqualification
            return [f"race {unit.race}: the text places {driver} {word.lower()}; the results have {driver} {_NO_PLACE.get(row.status, NO_PLACE_ESTABLISHED)}"]
        return [f"race {unit.race}: the text places {driver} {word.lower()}; the results have {_place(row.position)}"]

    def _titles(self, unit: Unit, sentence: str, phrases: languages.Phrases) -> list[str]:
        found: list[str] = []
        if unit.race is None:
            return found
        holder = self._subject_before(sentence, phrases.title)
        if holder and not self._title_decided(holder, "drivers", unit.race):
            found.append(f"race {unit.race}: the text says {holder}'s title is decided; the data does not decide it by then")
        crowned = re.search(phrases.crowned, sentence)
        if crowned:
            table = self.categories.get(crowned.group(1).lower())
            holder = self._subject_before(sentence, re.escape(crowned.group(0)))
            if table and holder and not self._title_decided(holder, table, unit.race):
                found.append(f"race {unit.race}: the text crowns {holder} in {crowned.group(1)}; the data does not decide it by then")
        return found

    def _title_decided(self, holder: str, table: str, race: int) -> bool:
        titles = [f for f in self.facts if f.kind == "title" and f.values.get("table") == table]
        return any(f.subject == holder and (f.race is None or f.race <= race) for f in titles)


def _ordinal_value(word: str, phrases: languages.Phrases) -> int | None:
    word = word.lower()
    for words in (phrases.ordinals, phrases.ordinals_other):
        if word in words:
            return words.index(word) + 1
    digits = re.match(r"(\d+)", word)
    return int(digits.group(1)) if digits else None


_NO_PLACE = {"disqualified": "disqualified", "retired": "retired", "not_started": "not starting"}
NO_PLACE_ESTABLISHED = "with no place the published results establish"  # not classified, or a partial classification


def _place(position: int) -> str:
    """A position in a finding: findings are written in English, whatever the prose's language."""
    return format_ordinal(position, "en")


# --- numbers between languages ---------------------------------------------------------------------

_INTEGER = re.compile(r"(?<![\w.,'])\d+(?![\w'])")


@cache
def _times(forms: frozenset[languages.TimeForm]) -> re.Pattern:
    """Every language's lap-time and gap forms in one pattern, three groups per form."""
    ordered = sorted(forms, key=lambda f: (-len(f.second_mark), f.second_mark, f.minute_mark))
    return re.compile("|".join(f"(?:{form.pattern()})" for form in ordered))


def numbers(text: str) -> list[int]:
    """The numbers of a text, language-neutral: times and gaps in milliseconds (2'06''894,
    2:06.894, 2'06"894 and 2:06,894 alike), then integers."""
    times = _times(frozenset(style.time for style in languages.STYLES.values()))
    found = []
    for match in times.finditer(text):
        groups = match.groups()
        minutes, seconds, millis = next(groups[i:i + 3] for i in range(0, len(groups), 3) if groups[i + 2] is not None)
        found.append((int(minutes or 0) * 60 + int(seconds)) * 1000 + int(millis))
    rest = times.sub(" ", text)
    found += [int(n) for n in _INTEGER.findall(rest.replace("\u202f", "").replace("\u00a0", ""))]
    return sorted(found)


def translation_numbers(loaded: LoadedRound) -> list[Problem]:
    langs = list(loaded.prose)
    if len(langs) < 2:
        return []
    source = loaded.prose[langs[0]].units()
    problems = []
    for lang in langs[1:]:
        document = loaded.prose_documents[lang]
        for unit_id, text in loaded.prose[lang].units().items():
            if unit_id in source and numbers(plain_text(source[unit_id])) != numbers(plain_text(text)):
                problems.append(Problem(
                    document.locate(tuple(unit_id.split("."))),
                    f"numbers differ from the {langs[0]} text of this unit: {numbers(plain_text(source[unit_id]))} "
                    f"there, {numbers(plain_text(text))} here",
                    "warning",
                ))
    return problems
