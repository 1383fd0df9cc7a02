"""The bounds every input is held to before any expensive work starts (README, "Limits").

Each bound is well above what the largest real championship needs (the number beside it says
which), so it never gets in a press office's way, and low enough that a hostile or broken file
is refused in milliseconds instead of filling memory. A file past a bound gets one error naming
the file, the line where that is known, and the bound.
"""

from __future__ import annotations

from pathlib import Path

from .errors import MAX_PROBLEMS_SHOWN, DataError, Location, Problem  # noqa: F401 - listed with the others

# Files
MAX_YAML_BYTES = 2_000_000  # season.yaml of 60 rounds and 250 entries: ~40 KB; a round.yaml of 250 cars: ~60 KB
MAX_YAML_DEPTH = 32  # the data format nests 6 levels (round > races > race > penalties > penalty > reason)
MAX_TIMING_BYTES = 5_000_000  # a 250-car classification with 30 columns: ~60 KB
MAX_TIMING_ROWS = 1_000  # the largest grids (over 200 cars, Nürburgring 24 Hours) and a header
MAX_TIMING_LINE = 4_096  # characters in one row of a timing export (a real row: ~200)
MAX_TRANSLATION_BYTES = 5_000_000  # an XLIFF or PO of a round's prose: ~30 KB

# Numbers in the data
MAX_ROUNDS = 60  # NASCAR Cup: 36 rounds a season
MAX_RACES_PER_ROUND = 10  # three or four races in a weekend (some national series)
MAX_ENTRIES = 250  # the largest grids: over 200 cars (Nürburgring 24 Hours)
MAX_LAPS = 1_000  # the most laps of any race: about 800 (Daytona 24 Hours)
MAX_POINTS = 100_000  # a season's total in any championship (NASCAR's playoff totals are around 5,000)
MAX_CAR_NUMBER = 9_999  # car numbers run to three digits; four digits leave room
MAX_RACE_TIME_MS = 48 * 3600 * 1000  # a 24-hour race, twice over
MAX_LIST = 1_000  # any other list (people, paragraphs, penalties, rows of a race)
# MAX_PROBLEMS_SHOWN (error lines printed, the rest counted) lives with the errors it bounds.


def too_large(path: Path, limit: int, what: str) -> None:
    """Refuse a file larger than `limit` bytes before reading it."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # the reader reports what is wrong with the path
    if size > limit:
        raise DataError([Problem(Location(path), f"the file is {size:,} bytes; {what} may be at most {limit:,} bytes")])
