"""The error family: every problem a user can act on, located in its source file."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

MAX_PROBLEMS_SHOWN = 50  # error lines printed (README, "Limits"); the rest are counted


class ExitCode:
    """Documented process exit codes (see README, "Errors and exit codes")."""

    OK = 0
    DATA = 1
    USAGE = 2  # also what the argument parser exits with
    TEMPLATE = 3
    OUTPUT = 4
    INTERNAL = 70


@dataclass(frozen=True)
class Location:
    """Where a problem is: file, 1-based line and column, and the field path inside the file."""

    file: Path | None = None
    line: int | None = None
    column: int | None = None
    field: str = ""

    def __str__(self) -> str:
        where = str(self.file) if self.file else "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.field}" if self.field else where


@dataclass(frozen=True)
class Problem:
    """One error or warning about the input."""

    location: Location
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message}"


class PressgenError(Exception):
    """Base of every error the CLI turns into a message and an exit code (never a traceback)."""

    exit_code = ExitCode.DATA


class DataError(PressgenError):
    """The season or round data is invalid; carries every problem found, not just the first."""

    exit_code = ExitCode.DATA

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_problem_order)
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the input")

    def __str__(self) -> str:
        shown = [str(p) for p in self.problems[:MAX_PROBLEMS_SHOWN]]
        hidden = len(self.problems) - len(shown)
        if hidden:
            shown.append(f"... and {hidden} more problem{'s' if hidden != 1 else ''} (fix these first)")
        return "\n".join(shown)


class TemplateError(PressgenError):
    exit_code = ExitCode.TEMPLATE


class UsageError(PressgenError):
    exit_code = ExitCode.USAGE


class OutputError(PressgenError):
    exit_code = ExitCode.OUTPUT


# --- near misses: one rule for every name a user types (ids, folders, languages, units, people) -----

CLOSE_MATCH_CUTOFF = 0.75  # difflib's similarity ratio; below it a suggestion misleads more than it helps


def close_match(word: str, choices) -> str | None:
    """The one choice close enough to `word` to be what was meant (case aside), or None."""
    by_folded = {choice.casefold(): choice for choice in choices}
    close = difflib.get_close_matches(word.casefold(), list(by_folded), n=1, cutoff=CLOSE_MATCH_CUTOFF)
    return by_folded[close[0]] if close else None


def did_you_mean(word: str, choices) -> str:
    """' (did you mean 'X'?)' for a near miss, or nothing."""
    close = close_match(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


def unknown_round(round_id: str, where: str, rounds) -> UsageError:
    """A round id that names no round: the near miss, and the rounds there are."""
    rounds = list(dict.fromkeys(rounds))
    return UsageError(f"no round '{round_id}' {where}{did_you_mean(round_id, rounds)} (rounds: {', '.join(rounds) or 'none'})")


def _problem_order(problem: Problem) -> tuple:
    loc = problem.location
    return (str(loc.file or ""), loc.line or 0, loc.column or 0, loc.field)


@dataclass
class ProblemLog:
    """Collects problems during validation, so a user gets the whole list at once."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.problems.append(Problem(location, message, "error"))

    def warn(self, location: Location, message: str) -> None:
        self.problems.append(Problem(location, message, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def raise_if_errors(self, strict: bool = False) -> None:
        failing = self.problems if strict else self.errors
        if failing:
            raise DataError(failing)
