"""`pressgen new-season`: a season.yaml naming every field, which `validate` explains field by field."""


import pytest

from generator.commands.new_season import new_season
from generator.commands.validate import validate
from generator.errors import DataError, UsageError
from generator.loader import load_yaml

from .test_cli import pressgen


def test_scaffold_then_validate_says_what_each_empty_field_needs(tmp_path):
    folder = tmp_path / "seasons" / "2026-test-cup"
    done = pressgen("new-season", folder, "--series", "Test Cup (illustrative)", "--year", "2026", "--languages", "fr,en")
    assert (done.returncode, done.stdout.splitlines()[0]) == (0, f"created {folder}/season.yaml")
    assert sorted(p.name for p in folder.iterdir()) == ["rounds", "season.yaml"]
    assert load_yaml(folder / "season.yaml").data == {
        "series": "Test Cup (illustrative)",
        "series_in_sentence": {"fr": "Test Cup (illustrative)", "en": "Test Cup (illustrative)"},
        "year": 2026, "languages": ["fr", "en"], "brand": {"primary": None, "accent": None},
        "release": {"race_rows": 5, "standings_rows": 5}, "points": {"scale": None},
        "entries": None, "known_people": [], "calendar": None, "social": [], "signoff": None,
    }
    with pytest.raises(DataError) as caught:
        validate(folder)
    # Lines and columns counted in the scaffold (the value's column, after "primary: " and so on).
    assert [str(p).replace(f"{folder}/", "") for p in caught.value.problems] == [
        'season.yaml:11:11: brand.primary: error: left empty: fill it with the main colour, such as "#0A2A5E" (quoted)',
        'season.yaml:12:10: brand.accent: error: left empty: fill it with the accent colour, such as "#1C8FE3" (quoted)',
        "season.yaml:21:9: points.scale: error: left empty: fill it with the points by classified position, "
        "such as [25, 18, 15, 12, 10, 8, 6, 4, 2, 1]",
        "season.yaml:28:9: entries: error: left empty: fill it with one row per car: - {driver: First Last, team: Team Name, car: 12}",
        "season.yaml:33:10: calendar: error: left empty: fill it with one row per round, in order: "
        "- {id: 01-venue, venue: Venue, races: 2}",
    ]


def test_every_optional_field_is_named_in_a_comment(tmp_path):
    new_season(tmp_path / "2026-test-cup", "Test Cup", 2026, ["en"])
    text = (tmp_path / "2026-test-cup/season.yaml").read_text(encoding="utf-8")
    for field in ("logo:", "categories:", "classification:", "races:", "pole:", "fastest_lap:", "guests_pass_points:",
                  "best_rounds:", "teams:", "entries_closed:", "snapshot:", "boilerplate:", "chart:"):
        assert f"# {field}" in text or f"#   {field}" in text or f", {field}" in text, field


@pytest.mark.parametrize("name, series, year, languages, message", [
    ("2026-test-cup", "Test Cup", 2026, ["fr", "de"], "--languages: expected distinct codes among fr, en, it, pl, the source language first, found 'fr,de'"),
    ("2026_Test", "Test Cup", 2026, ["fr"], "the season's folder name is its id: lower-case letters, digits and hyphens, "
     "such as 2026-test-cup; found '2026_Test'"),
    ("2026-test-cup", "Test Cup", 26, ["fr"], "--year: expected a year such as 2026, found 26"),
])
def test_refused_arguments(tmp_path, name, series, year, languages, message):
    with pytest.raises(UsageError) as caught:
        new_season(tmp_path / name, series, year, languages)
    assert str(caught.value) == message
    assert not (tmp_path / name).exists()


def test_an_existing_folder_is_never_overwritten(tmp_path):
    (tmp_path / "2026-test-cup").mkdir()
    with pytest.raises(UsageError) as caught:
        new_season(tmp_path / "2026-test-cup", "Test Cup", 2026, ["fr"])
    assert str(caught.value) == f"{tmp_path}/2026-test-cup already exists; new-season never overwrites a season"
