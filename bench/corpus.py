"""A synthetic corpus: seasons of invented rounds, valid under every rule and translation check.

Every name is plainly made up ("Synthetic Driver 07", "Test Circuit 03"). Results come from a
seeded random generator, so the same call writes the same bytes. The English prose records the
fingerprint of each French unit it translates, as `pressgen translate accept` would.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import yaml

from generator.translation import fingerprint

SCALE = [25, 18, 15, 12, 10, 8, 6, 4, 2, 1]
SEASON_DAYS = 280  # March to early December: a longer season has its rounds closer together


def write_corpus(root: Path, seasons: int = 5, rounds: int = 10, cars: int = 30) -> list[Path]:
    """Write `seasons` season folders under root; return them."""
    root.mkdir(parents=True, exist_ok=True)
    return [_write_season(root, number, rounds, cars) for number in range(1, seasons + 1)]


def season_id(number: int) -> str:
    return f"{2030 + number}-synthetic-cup"


def round_id(number: int) -> str:
    return f"{number:02d}-test-circuit-{number:02d}"


def _drivers(cars: int) -> list[str]:
    return [f"Synthetic Driver {n:02d}" for n in range(1, cars + 1)]


def _write_season(root: Path, number: int, rounds: int, cars: int) -> Path:
    folder = root / season_id(number)
    year = 2030 + number
    _dump(folder / "season.yaml", _season(year, rounds, cars))
    rng = random.Random(number)
    spacing = min(21, SEASON_DAYS // rounds)  # three weeks apart, as the 10 rounds of the default corpus
    for r in range(1, rounds + 1):
        round_folder = folder / "rounds" / round_id(r)
        start = dt.date(year, 3, 1) + dt.timedelta(days=spacing * (r - 1))
        _dump(round_folder / "round.yaml", _round(r, start, _drivers(cars), rng))
        french = _french(r, _drivers(cars)[r % cars])
        _dump(round_folder / "fr.yaml", french)
        _dump(round_folder / "en.yaml", _english(r, french))
    return folder


def _season(year: int, rounds: int, cars: int) -> dict:
    return {
        "series": "Synthetic Test Cup",
        "series_in_sentence": {"fr": "la Synthetic Test Cup", "en": "the Synthetic Test Cup"},
        "year": year,
        "languages": ["fr", "en"],
        "brand": {"primary": "#223344", "accent": "#3388CC"},
        "release": {"race_rows": cars, "standings_rows": cars},
        "categories": [{"id": "juniors", "name": {"fr": "Juniors", "en": "Juniors"}}],
        "points": {"scale": SCALE},
        "entries": [
            {"driver": name, "team": f"Synthetic Team {chr(65 + i // 2)}", "car": i + 1,
             **({"categories": ["juniors"]} if i % 3 == 0 else {})}
            for i, name in enumerate(_drivers(cars))
        ],
        "calendar": [{"id": round_id(r), "venue": f"Test Circuit {r:02d}"} for r in range(1, rounds + 1)],
        "signoff": "Synthetic Test Cup press office",
        "boilerplate": {
            "fr": {"heading": "À propos de la Synthetic Test Cup",
                   "paragraphs": ["Championnat fictif, écrit pour mesurer la vitesse de pressgen. " * 6]},
            "en": {"heading": "About the Synthetic Test Cup",
                   "paragraphs": ["An invented championship, written to measure pressgen's speed. " * 6]},
        },
    }


def _round(number: int, start: dt.date, drivers: list[str], rng: random.Random) -> dict:
    return {
        "circuit": f"Test Circuit {number:02d}",
        "dates": {"start": start.isoformat(), "end": (start + dt.timedelta(days=2)).isoformat()},
        "release_date": (start + dt.timedelta(days=3)).isoformat(),
        "races": [_race(race, start + dt.timedelta(days=race), drivers, rng) for race in (1, 2)],
    }


def _race(number: int, day: dt.date, drivers: list[str], rng: random.Random) -> dict:
    grid = rng.sample(drivers, len(drivers))
    finish = rng.sample(drivers, len(drivers))
    pole = 90_000 + rng.randrange(5_000)
    gaps = sorted(rng.randrange(200, 60_000) for _ in finish[1:])
    best = {driver: 91_000 + rng.randrange(4_000) for driver in finish}
    return {
        "number": number,
        "date": day.isoformat(),
        "laps": 15,
        "qualifying": [{"driver": d, "time": _laptime(pole + 137 * i)} for i, d in enumerate(grid)],
        "results": [
            {"driver": d, **({"gap": _seconds(gaps[i - 1])} if i else {}), "best_lap": _laptime(best[d])}
            for i, d in enumerate(finish)
        ],
    }


def _laptime(ms: int) -> str:
    return f"{ms // 60_000}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def _seconds(ms: int) -> str:
    return f"{ms // 1000}.{ms % 1000:03d}"


FRENCH = {
    "paragraph": "Texte synthétique du rendez-vous {n}, écrit pour le banc d'essai : "
                 "les pilotes s'élancent, la course se déroule et l'arrivée est jugée. ",
    "headline": "Manche {n} de la Synthetic Test Cup : un week-end d'essai",
    "summary": "Résumé synthétique de la manche {n}.", "next": "Prochaine manche bientôt.",
    "race": "Course {race} de la manche {n}", "closing": "Rendez-vous à la manche {next}.", "role": "pilote synthétique",
}
ENGLISH = {
    "paragraph": "Synthetic text of round {n}, written for the benchmark: "
                 "the drivers start, the race unfolds and the finish is judged. ",
    "headline": "Round {n} of the Synthetic Test Cup: a test weekend",
    "summary": "Synthetic summary of round {n}.", "next": "Next round soon.",
    "race": "Race {race} of round {n}", "closing": "See you at round {next}.", "role": "synthetic driver",
}


def _french(number: int, quoted: str) -> dict:
    return _prose(FRENCH, number, quoted)


def _english(number: int, french: dict) -> dict:
    english = _prose(ENGLISH, number, french["quotes"]["winner"]["person"])
    english["source"] = {unit: fingerprint(text) for unit, text in _units(french)}
    return english


def _prose(words: dict, number: int, quoted: str) -> dict:
    paragraph = words["paragraph"].format(n=number) * 3
    return {
        "headline": words["headline"].format(n=number),
        "highlights": {"summary": words["summary"].format(n=number), "next": words["next"]},
        "lead": paragraph,
        "reports": {
            f"race-{race}": {"title": words["race"].format(race=race, n=number),
                             "paragraphs": {"start": paragraph, "middle": paragraph, "finish": paragraph}}
            for race in (1, 2)
        },
        "closing": {"next": words["closing"].format(next=number + 1)},
        "quotes": {"winner": {"person": quoted, "role": words["role"], "text": paragraph}},
    }


def _units(prose: dict, prefix: str = ""):
    """(unit id, text) of every translatable text, in the way Prose.units() names them."""
    for key, value in prose.items():
        if key == "person":
            continue
        if isinstance(value, dict):
            yield from _units(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


class _Dumper(yaml.SafeDumper):
    """Quotes a text of digits alone, as a fingerprint may be: pressgen's loader refuses one with a
    leading zero bare."""


_Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="'" if text.isdigit() else None))


def _dump(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
