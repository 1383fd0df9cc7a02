"""Manifests (hashes of the files as written) and the season and root indexes."""

import hashlib
import json
import re

from generator.build import BuildRequest, build

from .conftest import MONZA_SEASON

EXPECTED_FILES = {  # name -> (lang, edition), by hand from the file-name pattern
    f"06-monza-{lang}{suffix}": (lang, edition)
    for lang in ("fr", "en")
    for suffix, edition in ((".html", "html"), (".pdf", "pdf"), (".email.html", "email"), (".txt", "text"))
}


def test_manifest_lists_every_file_with_its_hash_size_language_and_edition(monza_folder):
    document = json.loads((monza_folder / "manifest.json").read_text(encoding="utf-8"))
    assert (document["pressgen"], document["season"], document["round"]) == ("0.1.0", "2024-alpine-elf-cup", "06-monza")
    assert {f["name"]: (f["lang"], f["edition"]) for f in document["files"]} == EXPECTED_FILES
    for entry in document["files"]:
        content = (monza_folder / entry["name"]).read_bytes()
        assert entry["size"] == len(content)
        assert entry["sha256"] == hashlib.sha256(content).hexdigest()


def test_manifest_is_written_after_the_files(monza_folder):
    manifest_time = (monza_folder / "manifest.json").stat().st_mtime_ns
    assert all((monza_folder / name).stat().st_mtime_ns <= manifest_time for name in EXPECTED_FILES)


def test_season_index_links_every_language_and_edition(monza_folder):
    index = (monza_folder.parent / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', index)
    # one section per language, each linking every file
    assert sorted(hrefs) == sorted(f"06-monza/{name}" for name in EXPECTED_FILES for _ in range(2))
    assert all((monza_folder.parent / href).is_file() for href in hrefs)
    french, english = index.split('<section lang="en">')
    assert '<section lang="fr">' in french and "Communiqués de presse" in french and ">Page web</a>" in french
    assert "Monza <span class=\"team\">(21/10/2024)</span>" in french
    assert "Press releases" in english and ">Plain text</a>" in english
    assert "Monza <span class=\"team\">(21 October 2024)</span>" in english


def test_root_index_lists_the_seasons(monza_folder):
    index = (monza_folder.parent.parent / "index.html").read_text(encoding="utf-8")
    assert '<a href="2024-alpine-elf-cup/index.html">Alpine Elf Cup Series, saison 2024</a>' in index
    assert '<a href="2024-alpine-elf-cup/index.html">Alpine Elf Cup Series, season 2024</a>' in index


def test_a_partial_build_writes_manifests_but_no_index(tmp_path):
    report = build(BuildRequest(MONZA_SEASON, tmp_path, round_id="06-monza", formats=("html",)))
    assert sorted(p.relative_to(tmp_path).as_posix() for p in report.files) == [
        "2024-alpine-elf-cup/06-monza/06-monza-en.html", "2024-alpine-elf-cup/06-monza/06-monza-fr.html",
        "2024-alpine-elf-cup/06-monza/manifest.json",
    ]
    files = json.loads((tmp_path / "2024-alpine-elf-cup/06-monza/manifest.json").read_text())["files"]
    assert [f["name"] for f in files] == ["06-monza-en.html", "06-monza-fr.html"]
