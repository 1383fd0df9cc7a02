"""The accessibility checks' shared parts: the corpus (every bundled season in every language, the
pre-event releases, a draft, a corrected version and a season whose brand colours fail as given),
made once a test run whichever worker asks first, and headless Chromium with axe-core."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.build import BuildRequest, build
from generator.commands.publish import PublishRequest, publish

from .conftest import MONZA_SEASON, ROOT, SEASONS, edit, made_once
from .test_publish import _without_dhahri_penalty
from .test_translation import FR_START, FR_START_EDITED

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
FAILING_BRAND = ('primary: "#2E3440"', 'primary: "#FFD700"'), ('accent: "#D08770"', 'accent: "#FFFF00"')  # yellow: 1.4:1 and 1.07:1 on white


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, list[Path]]:
    """Every file to check, by kind: "pdf", "page" (web pages and indexes), "email"; made once a
    test run (the files checked by the PDF, Nu and axe tests, which run on different workers)."""
    base = made_once(tmp_path_factory, "accessibility", _make)
    files = sorted(f for name in CHECKED for f in (base / name).rglob("*") if f.is_file() and "inputs" not in f.parts)
    return {
        "pdf": [f for f in files if f.suffix == ".pdf"],
        "page": [f for f in files if f.suffix == ".html" and not f.name.endswith(".email.html")],
        "email": [f for f in files if f.name.endswith(".email.html")],
    }


CHECKED = ("bundled", "failing-brand", "draft", "project/archive", "pre-event")  # the folders of files checked


def _make(base: Path) -> None:
    folders = [base / name for name in CHECKED]
    build(BuildRequest(SEASONS, folders[0], formats=("html", "pdf", "email")))
    build(BuildRequest(SEASONS, folders[4], formats=("html", "pdf", "email"), kind="pre-event"))

    yellow = base / "seasons" / "2025-demo-cup"
    shutil.copytree(SEASONS / "2025-demo-cup", yellow)
    for old, new in FAILING_BRAND:
        edit(yellow / "season.yaml", old, new)
    build(BuildRequest(yellow, folders[1], formats=("html", "pdf", "email"), round_id="01-alpha"))

    draft = base / "draft-season" / "2024-alpine-elf-cup"
    shutil.copytree(MONZA_SEASON, draft)
    edit(draft / "rounds/06-monza/fr.yaml", FR_START, FR_START_EDITED)  # the English unit goes stale
    build(BuildRequest(draft, folders[2], formats=("html", "pdf", "email"), langs=("en",), draft=True))

    season = base / "project" / "seasons" / "2024-alpine-elf-cup"
    shutil.copytree(MONZA_SEASON, season)
    _without_dhahri_penalty(season / "rounds/06-monza/round.yaml")
    publish(PublishRequest(season, "06-monza", dt.date(2024, 10, 21), accept_partial=True))
    shutil.copy(MONZA_SEASON / "rounds/06-monza/round.yaml", season / "rounds/06-monza/round.yaml")
    publish(PublishRequest(season, "06-monza", dt.date(2024, 10, 23), accept_partial=True))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import Error, sync_playwright

    assert AXE.exists(), f"{AXE} is missing: scripts/setup installs axe-core with npm"
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        except Error as error:
            reason = f"Chromium ({CHROMIUM}) cannot start here: {str(error).splitlines()[0]}"
            print(reason)
            pytest.skip(reason)
        yield chromium
        chromium.close()


def _axe(browser, path: Path) -> list[dict]:
    page_ = browser.new_page()
    try:
        page_.goto(path.as_uri())
        page_.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        return page_.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]
    finally:
        page_.close()
