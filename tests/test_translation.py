"""Translation status of the round prose, and the build policy: never a half-translated release."""

from pathlib import Path

import pytest

from generator.build import BuildRequest, build
from generator.commands.translate import accept, status
from generator.errors import DataError, UsageError
from generator.translation import fingerprint

from .conftest import MONZA_SEASON, edit
from .test_cli import pressgen

FR_START = "Les conditions restaient humides pour la course."
FR_START_EDITED = "La piste restait humide pour la course."


def test_fingerprint_is_the_start_of_sha256_of_the_folded_text():
    # printf '%s' "Charles Roussanne remporte le titre en Alpine ELF Cup Series" | sha256sum
    assert fingerprint("Charles Roussanne remporte le titre en Alpine ELF Cup Series") == "4c27ebde"
    assert fingerprint("  Charles Roussanne remporte le titre\n en Alpine ELF Cup Series ") == "4c27ebde"
    assert fingerprint("Charles Roussanne remporte le titre en Alpine ELF Cup Series !") != "4c27ebde"


def test_the_bundled_english_is_up_to_date():
    done = pressgen("translate", "status", "seasons/2024-alpine-elf-cup")
    # 24 units counted by hand in fr.yaml: headline, 4 highlights, lead, 2 report titles and
    # 5 + 3 paragraphs, 2 closing paragraphs, 3 quotes with a role and a text each.
    assert (done.returncode, done.stdout) == (0, "2024-alpine-elf-cup/06-monza en: 24 translated, 0 missing, 0 stale\n")


def test_editing_one_french_sentence_makes_exactly_that_unit_stale(season_copy):
    edit(season_copy / "rounds/06-monza/fr.yaml", FR_START, FR_START_EDITED)
    report = status(season_copy)
    assert not report.complete
    assert report.lines == (
        "2024-alpine-elf-cup/06-monza en: 23 translated, 0 missing, 1 stale",
        f"{season_copy}/rounds/06-monza/en.yaml:14:14: reports.race-1.paragraphs.start: error: "
        "stale: the fr text changed since this was translated",
    )


def test_status_exits_1_when_a_unit_is_stale(season_copy):
    edit(season_copy / "rounds/06-monza/fr.yaml", FR_START, FR_START_EDITED)
    done = pressgen("translate", "status", season_copy)
    assert done.returncode == 1
    assert "1 stale" in done.stdout


def test_build_refuses_a_stale_unit_until_it_is_accepted(season_copy, tmp_path):
    out = tmp_path / "out"
    edit(season_copy / "rounds/06-monza/fr.yaml", FR_START, FR_START_EDITED)
    with pytest.raises(DataError) as caught:
        build(BuildRequest(season_copy, out, formats=("html",)))
    assert str(caught.value) == (
        f"{season_copy}/rounds/06-monza/en.yaml:14:14: reports.race-1.paragraphs.start: error: "
        "stale: the fr text changed since this was translated"
    )
    assert not out.exists()
    edit(season_copy / "rounds/06-monza/en.yaml", "Conditions remained wet", "The track stayed wet")
    accept(season_copy, "06-monza", "en", ["reports.race-1.paragraphs.start"])
    build(BuildRequest(season_copy, out, formats=("html",)))
    assert status(season_copy).complete


def test_a_missing_unit_points_at_the_source_text(season_copy, tmp_path):
    edit(season_copy / "rounds/06-monza/en.yaml", '  calendar: "Head to the', '  calendar-x: "Head to the')
    edit(season_copy / "rounds/06-monza/en.yaml", "  highlights.calendar:", "  highlights.calendar-x:")
    with pytest.raises(DataError) as caught:
        build(BuildRequest(season_copy, tmp_path / "out", formats=("html",)))
    assert [str(p) for p in caught.value.problems] == [
        f"{season_copy}/rounds/06-monza/en.yaml:7:15: highlights.calendar-x: error: unit 'highlights.calendar-x' is not in the fr text",
        f"{season_copy}/rounds/06-monza/fr.yaml:7:13: highlights.calendar: error: not translated into en",
    ]


def test_a_deleted_unit_is_missing_and_located_in_the_source(season_copy, tmp_path):
    text = (season_copy / "rounds/06-monza/en.yaml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith('  calendar: "Head to the')]
    (season_copy / "rounds/06-monza/en.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        build(BuildRequest(season_copy, tmp_path / "out", formats=("html",)))
    assert str(caught.value) == (
        f"{season_copy}/rounds/06-monza/fr.yaml:7:13: highlights.calendar: error: not translated into en"
    )


def test_draft_shows_the_source_text_marked(season_copy, tmp_path):
    edit(season_copy / "rounds/06-monza/fr.yaml", FR_START, FR_START_EDITED)
    build(BuildRequest(season_copy, tmp_path / "out", formats=("html",), langs=("en",), draft=True))
    html = (tmp_path / "out" / "2024-alpine-elf-cup/06-monza/06-monza-en.html").read_text(encoding="utf-8")
    assert (
        '<div class="untranslated" lang="fr" data-unit="reports.race-1.paragraphs.start">'
        '<mark class="untranslated-flag" lang="en">Not translated</mark> <p>La piste restait humide pour la course.'
    ) in html
    assert "Conditions remained wet" not in html
    assert html.count('class="untranslated"') == 1
    assert '<div class="draft-watermark" aria-hidden="true">DRAFT</div>' in html


def test_draft_pdf_has_the_watermark_on_every_page(tmp_path):
    from .goldens import pdf_text

    build(BuildRequest(MONZA_SEASON, tmp_path, langs=("fr",), draft=True))
    pages = pdf_text((tmp_path / "2024-alpine-elf-cup/06-monza/06-monza-fr.pdf").read_bytes()).split("\f")
    assert len(pages) >= 3
    assert all("BROUILLON" in page for page in pages)


def test_accept_refuses_a_unit_without_translation(season_copy):
    prose = season_copy / "rounds/06-monza/en.yaml"
    text = prose.read_text(encoding="utf-8")
    prose.write_text("\n".join(line for line in text.splitlines() if not line.startswith("  calendar:")) + "\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        accept(season_copy, "06-monza", "en", ["highlights.calendar"])
    assert str(caught.value) == "no en text for highlights.calendar in 06-monza: translate it first"


def test_accept_names_a_unit_that_does_not_exist(season_copy):
    with pytest.raises(UsageError) as caught:
        accept(season_copy, "06-monza", "en", ["highlights.nothing", "reports.race-2.paragraph.start"])
    assert str(caught.value) == (
        "no unit 'highlights.nothing' in 06-monza; "
        "no unit 'reports.race-2.paragraph.start' in 06-monza (did you mean 'reports.race-1.paragraphs.start'?) "
        "(`pressgen translate status` lists the units)"
    )


def test_a_written_back_prose_file_keeps_an_empty_report_as_an_empty_mapping():
    # `translate accept` writes the file back; a race with no paragraphs yet (`paragraphs: {}`,
    # as new-round scaffolds it) once came back as `paragraphs:` (null), which validate refuses.
    from generator.loader import parse_yaml
    from generator.prose_file import dump_prose

    data = {"headline": "Title", "reports": {"race-1": {"title": "Race 1", "paragraphs": {}}}}
    text = dump_prose(data, ["# header"])
    assert text == '# header\nheadline: "Title"\nreports:\n  race-1:\n    title: "Race 1"\n    paragraphs: {}\n'
    assert parse_yaml(text, Path("en.yaml")).data == data
