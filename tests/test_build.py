"""Build orchestration: what is written where, atomically, and what is refused."""

import pytest

from generator.build import BuildRequest, build
from generator.errors import DataError, OutputError, UsageError
from generator.output import inside, write_atomic

from .conftest import MONZA_SEASON, edit


def test_html_only_build_writes_one_file_per_language(tmp_path):
    report = build(BuildRequest(MONZA_SEASON, tmp_path, formats=("html",)))
    folder = tmp_path / "2024-alpine-elf-cup" / "06-monza"
    assert sorted(p.relative_to(tmp_path).as_posix() for p in report.files) == [
        "2024-alpine-elf-cup/06-monza/06-monza-en.html", "2024-alpine-elf-cup/06-monza/06-monza-fr.html",
        "2024-alpine-elf-cup/06-monza/manifest.json", "2024-alpine-elf-cup/index.html", "index.html",
    ]
    assert sorted(p.name for p in folder.iterdir()) == ["06-monza-en.html", "06-monza-fr.html", "manifest.json"]


def test_language_links_point_at_the_sibling_file(tmp_path):
    build(BuildRequest(MONZA_SEASON, tmp_path, formats=("html",), langs=("fr", "en")))
    html = (tmp_path / "2024-alpine-elf-cup/06-monza/06-monza-fr.html").read_text(encoding="utf-8")
    assert '<a href="06-monza-en.html" hreflang="en" lang="en">English</a>' in html


@pytest.mark.parametrize(
    "request_args, message",
    [
        ({"langs": ("de",)}, "2024-alpine-elf-cup: no language de (the season has fr, en; pressgen knows fr, en, it, pl)"),
        ({"round_id": "07-imola"}, "no round '07-imola' with results (rounds: 06-monza)"),
        ({"round_id": "05-le-castellet"}, "2024-alpine-elf-cup: 05-le-castellet comes before the standings snapshot the data "
         "starts from (season.yaml, snapshot: before 06-monza); results are computed from 06-monza on "
         "(rounds with results: 06-monza); name one of those"),
        ({"formats": ("odt",)}, "unknown format odt; choose from html, pdf, email, text, docx, posts, card, card-text"),
    ],
)
def test_usage_errors(tmp_path, request_args, message):
    with pytest.raises(UsageError) as caught:
        build(BuildRequest(MONZA_SEASON, tmp_path, **request_args))
    assert str(caught.value) == message


def test_a_failed_build_leaves_earlier_output_untouched(tmp_path, season_copy):
    out = tmp_path / "out"
    build(BuildRequest(season_copy, out, formats=("html",)))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    edit(season_copy / "rounds/06-monza/en.yaml", "\nheadline:", "\nheadlin:")
    with pytest.raises(DataError):
        build(BuildRequest(season_copy, out, formats=("html",)))
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_atomic_write_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "a" / "release.html"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["release.html"]


def test_paths_cannot_escape_the_output_folder(tmp_path):
    with pytest.raises(OutputError):
        inside(tmp_path, "..", "etc", "passwd")
    assert inside(tmp_path, "s", "r", "f.html") == (tmp_path / "s" / "r" / "f.html").resolve()


def test_pdf_fetches_nothing_outside_the_assets(tmp_path):
    from generator.pdf import Printer

    secret = tmp_path / "secret.txt"
    secret.write_text("do not embed")
    printer = Printer()
    pdf = printer.pdf(
        f'<html><head><link rel="attachment" href="{secret.as_uri()}"></head>'
        '<body><p>x</p><img src="http://127.0.0.1:9/remote.png"><img src="file:///etc/hostname"></body></html>'
    )
    assert b"do not embed" not in pdf
    assert sorted(printer.refused) == sorted([secret.as_uri(), "http://127.0.0.1:9/remote.png", "file:///etc/hostname"])


def test_written_files_are_readable_by_others(tmp_path):
    import stat

    target = tmp_path / "release.html"
    write_atomic(target, b"x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644 & ~_umask()


def _umask() -> int:
    import os

    current = os.umask(0)
    os.umask(current)
    return current
