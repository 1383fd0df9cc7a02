"""Embargo: an optional date-time with its offset in round.yaml, printed in each locale's format
and carried in the PDF's document information."""

import io

import pytest

from generator.build import BuildRequest, build
from generator.errors import DataError

from .conftest import edit

EMBARGO = 'embargo: "2024-10-21T08:00:00+02:00"'


def with_embargo(season, line=EMBARGO):
    edit(season / "rounds/06-monza/round.yaml", "release_date: 2024-10-21\n", f"release_date: 2024-10-21\n{line}\n")
    return season


def built_file(out, lang, extension):
    return (out / "2024-alpine-elf-cup/06-monza" / f"06-monza-{lang}.{extension}").read_bytes()


# Worked by hand from CLDR: the full date, then hours and minutes with the offset kept as written,
# the zone named alike in every language (CLDR alone says UTC+02:00 in French, GMT+02:00 in English).
@pytest.mark.parametrize("lang, line", [
    ("fr", '<p class="embargo">Sous embargo jusqu\u2019au lundi 21 octobre 2024, 08:00 UTC+02:00</p>'),
    ("en", '<p class="embargo">Embargoed until Monday, 21 October 2024, 08:00 UTC+02:00</p>'),
])
def test_embargo_line_in_each_locale(season_copy, tmp_path, lang, line):
    build(BuildRequest(with_embargo(season_copy), tmp_path / "out", formats=("html",)))
    assert line in built_file(tmp_path / "out", lang, "html").decode("utf-8")


def test_no_embargo_no_line(tmp_path, season_copy):
    build(BuildRequest(season_copy, tmp_path / "out", formats=("html",), langs=("en",)))
    assert b'class="embargo"' not in built_file(tmp_path / "out", "en", "html")


def test_embargo_in_pdf_metadata(season_copy, tmp_path):
    from pypdf import PdfReader

    build(BuildRequest(with_embargo(season_copy), tmp_path / "out", formats=("pdf",), langs=("en",)))
    info = PdfReader(io.BytesIO(built_file(tmp_path / "out", "en", "pdf"))).metadata
    assert info["/Embargo"] == "2024-10-21T08:00:00+02:00"


def test_embargo_without_offset_is_refused_with_its_place(season_copy, tmp_path):
    with_embargo(season_copy, 'embargo: "2024-10-21T08:00:00"')
    with pytest.raises(DataError) as caught:
        build(BuildRequest(season_copy, tmp_path / "out", formats=("html",)))
    assert str(caught.value) == (
        f"{season_copy}/rounds/06-monza/round.yaml:7:10: embargo: error: "
        "Input should have timezone info (found '2024-10-21T08:00:00')"
    )
