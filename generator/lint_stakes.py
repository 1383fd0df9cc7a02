"""Fact-check a pre-event release's prose against what is at stake (stakes.py).

Besides the checks every prose gets (teams in parentheses, names close to a known one, numbers
that differ between the source text and a translation), a sentence that says a competitor can win
a title this weekend, or in the race it names, when the stakes prove they cannot; or that a
competitor has already won a title the standings leave open (or that someone else holds), is a
finding located at its unit. The phrasings are each language's (languages.Phrases: can_win,
already_won, race_number); what they do not recognise is left alone.
"""

from __future__ import annotations

import re

from . import languages
from .compute import SeasonResults
from .errors import Problem
from .lint import ClaimChecker, Unit, lint_prose, plain_text, sentences
from .model import Season
from .pre_event import stakes_of
from .schema import LoadedRound
from .stakes import RoundStakes


def pre_event_lint(season: Season, loaded: LoadedRound, results: SeasonResults) -> list[Problem]:
    """`loaded`: the round with its pre-event prose (LoadedRound.for_kind)."""
    stakes = stakes_of(results, loaded.round.id)
    names = ClaimChecker(season, {}, [])
    claims = _Claims(season, stakes)

    def check(unit: Unit, phrases: languages.Phrases | None) -> list[str]:
        found = names.check(unit)
        if phrases is not None and stakes is not None:
            found += [f for sentence in sentences(unit.text) for f in claims.check(sentence, phrases)]
        return found

    return lint_prose(loaded, check)


class _Claims:
    """Title claims of one sentence against the round's stakes."""

    def __init__(self, season: Season, stakes: RoundStakes | None):
        self.season = season
        self.stakes = stakes
        competitors = {e.driver for e in season.entries} | {e.team for e in season.entries}
        ordered = sorted(competitors, key=len, reverse=True)
        self.names = re.compile("|".join(re.escape(n) for n in ordered)) if ordered else None
        self.categories = {name.lower(): c.id for c in season.categories for name in c.name.values()}
        self.teams = {e.team for e in season.entries}

    def check(self, sentence: str, phrases: languages.Phrases) -> list[str]:
        sentence = plain_text(sentence)
        found = []
        if phrases.can_win and (match := re.search(phrases.can_win, sentence)):
            found += self._can_win(sentence, match, phrases)
        if phrases.already_won and (match := re.search(phrases.already_won, sentence)):
            found += self._already_won(sentence, match)
        return found

    def _subject(self, sentence: str, match: re.Match) -> str | None:
        """The last competitor named before the claim."""
        if self.names is None:
            return None
        named = self.names.findall(sentence[: match.start()])
        return named[-1] if named else None

    def _table(self, sentence: str, subject: str) -> str:
        """The title a sentence is about: a category it names, the teams' for a team, else the drivers'."""
        if subject in self.teams:
            return "teams"
        lowered = sentence.lower()
        return next((table for name, table in self.categories.items() if re.search(rf"\b{re.escape(name)}\b", lowered)), "drivers")

    def _can_win(self, sentence: str, match: re.Match, phrases: languages.Phrases) -> list[str]:
        subject = self._subject(sentence, match)
        if subject is None or self.stakes is None:
            return []
        table = self._table(sentence, subject)
        race_match = re.search(phrases.race_number, sentence[match.end():]) if phrases.race_number else None
        race = int(race_match.group(1)) if race_match else None
        title = next((t for t in self.stakes.titles if t.table == table), None)
        decided = dict(self.stakes.decided)
        if table in decided:
            return [f"the text says {subject} can win the {_title_name(table)} this weekend; "
                    f"{decided[table]} has won it already"]
        if title is None:
            return []  # a table the data does not hold: nothing proven either way
        horizons = [h for h in title.horizons if race is None or h.race <= race]
        if any(subject in h.holders or h.certain == subject for h in horizons):
            return []
        when = f"after race {race}" if race is not None else "this weekend"
        earliest = (f"; the title can be decided no earlier than race {title.earliest_race}" if title.earliest_race
                    else "; the title cannot be decided this weekend")
        return [f"the text says {subject} can win the {_title_name(table)} {when}; the stakes prove {subject} cannot{earliest}"]

    def _already_won(self, sentence: str, match: re.Match) -> list[str]:
        subject = self._subject(sentence, match)
        if subject is None or self.stakes is None:
            return []
        table = self._table(sentence, subject)
        decided = dict(self.stakes.decided)
        if decided.get(table) == subject:
            return []
        if table in decided:
            return [f"the text says {subject} has already won the {_title_name(table)}; {decided[table]} has"]
        if any(t.table == table for t in self.stakes.titles):
            return [f"the text says {subject} has already won the {_title_name(table)}; the title is still open before this round"]
        return []


def _title_name(table: str) -> str:
    """A title in a finding: findings are written in English, whatever the prose's language."""
    return {"drivers": "drivers' title", "teams": "teams' title"}.get(table, f"{table} title")
