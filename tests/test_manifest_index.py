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


def test_a_partial_build_writes_its_manifest_and_the_indexes_of_what_exists(tmp_path):
    report = build(BuildRequest(MONZA_SEASON, tmp_path, round_id="06-monza", formats=("html",)))
    assert sorted(p.relative_to(tmp_path).as_posix() for p in report.files) == [
        "2024-alpine-elf-cup/06-monza/06-monza-en.html", "2024-alpine-elf-cup/06-monza/06-monza-fr.html",
        "2024-alpine-elf-cup/06-monza/manifest.json", "2024-alpine-elf-cup/index.html", "index.html",
    ]
    files = json.loads((tmp_path / "2024-alpine-elf-cup/06-monza/manifest.json").read_text())["files"]
    assert [f["name"] for f in files] == ["06-monza-en.html", "06-monza-fr.html"]


# --- indexes and manifests describe what is on disk, whatever the order of the builds ----------------

DEMO_SEASON = MONZA_SEASON.parent / "2025-demo-cup"
RELEASE_NAME = re.compile(r"^\d\d-[a-z0-9-]+-(fr|en|it|pl)\.(html|pdf|email\.html|txt)$")


def _release_files(round_folder):
    return {p.name for p in round_folder.iterdir() if RELEASE_NAME.match(p.name)}


def _photo_copies(round_folder):
    """The photo copies a build wrote beside the releases (the demo's 02-bravo has photos)."""
    folder = round_folder / "photos"
    return {f"photos/{p.name}" for p in folder.iterdir()} if folder.is_dir() else set()


def assert_indexes_match_the_disk(out):
    """Each manifest lists exactly the release files and photo copies of its round folder (with
    their hashes), each season index links exactly the release files, and the root index links every season folder holding an index."""
    season_folders = sorted(p for p in out.iterdir() if p.is_dir())
    for season in season_folders:
        index_links = set(re.findall(r'href="(\d\d-[^"/]+/[^"]+)"', (season / "index.html").read_text(encoding="utf-8")))
        on_disk = set()
        for round_folder in sorted(p for p in season.iterdir() if p.is_dir()):
            files = _release_files(round_folder)
            listed = json.loads((round_folder / "manifest.json").read_text(encoding="utf-8"))["files"]
            assert {f["name"] for f in listed} == files | _photo_copies(round_folder), round_folder
            for f in listed:
                assert f["sha256"] == hashlib.sha256((round_folder / f["name"]).read_bytes()).hexdigest()
            on_disk |= {f"{round_folder.name}/{name}" for name in files}
        assert index_links == on_disk, season
    root_links = set(re.findall(r'href="([^"]+)/index.html"', (out / "index.html").read_text(encoding="utf-8")))
    assert root_links == {p.name for p in season_folders}


def test_narrowed_and_full_builds_in_any_order_keep_indexes_true_to_the_disk(tmp_path):
    out, archive = tmp_path / "out", tmp_path / "archive"

    def run(path, **options):
        build(BuildRequest(path, out, archive=archive, **options))
        assert_indexes_match_the_disk(out)

    run(DEMO_SEASON, formats=("email", "text"))  # one season, narrowed formats
    run(MONZA_SEASON, formats=("html",), langs=("en",))  # another season, one language: the root index keeps both
    run(MONZA_SEASON.parent, formats=("html", "text"))  # every bundled season, another set of editions
    assert {p.name for p in (out / "2025-demo-cup/01-alpha").iterdir()} >= {"01-alpha-fr.email.html", "01-alpha-fr.html"}
    run(DEMO_SEASON, formats=("text",), round_id="02-bravo")  # one round: the others stay listed
    run(DEMO_SEASON, formats=("html",), langs=("fr",))
    (out / "2024-alpine-elf-cup/06-monza/06-monza-en.txt").unlink()  # gone from the season's next build
    run(MONZA_SEASON, formats=("email",))
    assert "06-monza-en.txt" not in (out / "2024-alpine-elf-cup/06-monza/manifest.json").read_text()
    assert "06-monza-fr.txt" in (out / "2024-alpine-elf-cup/06-monza/manifest.json").read_text()


def test_the_root_index_lists_every_season_built_into_the_folder_not_only_the_last(tmp_path):
    build(BuildRequest(MONZA_SEASON, tmp_path, formats=("text",), archive=tmp_path / "archive"))
    build(BuildRequest(DEMO_SEASON, tmp_path, formats=("text",), archive=tmp_path / "archive"))
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<a href="2024-alpine-elf-cup/index.html">Alpine Elf Cup Series, season 2024</a>' in index
    assert '<a href="2025-demo-cup/index.html">Demo Cup (illustrative data), season 2025</a>' in index
