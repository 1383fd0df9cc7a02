"""pressgen studio in a real browser: Debian's Chromium, headless, driven by Playwright for Python
on a copy of the demo season, with the keyboard where a person would type. Skipped, with the reason
printed, where Chromium cannot start. Screenshots of each page go to the test's folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.studio.server import StudioServer

from .conftest import SEASONS

TIMING = Path(__file__).parent / "fixtures" / "timing"
SEASON = "2025-demo-cup"
CHROMIUM = ("/usr/bin/chromium", "/usr/lib/chromium/chromium")


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as exc:
        print(f"skipped: Playwright is not installed ({exc})")
        pytest.skip(f"Playwright is not installed ({exc})")
    executable = next((path for path in CHROMIUM if Path(path).exists()), None)
    if executable is None:
        print("skipped: Chromium is not installed (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        except Error as exc:
            reason = str(exc).splitlines()[0]
            print(f"skipped: Chromium cannot start here: {reason}")
            pytest.skip(f"Chromium cannot start here: {reason}")
        yield chromium
        chromium.close()


@pytest.fixture
def studio(tmp_path):
    seasons = tmp_path / "seasons"
    shutil.copytree(SEASONS / SEASON, seasons / SEASON)
    server = StudioServer(seasons, 0).start()
    yield server.url, seasons / SEASON
    server.stop()


def test_a_gap_typed_in_the_browser_changes_one_line_and_an_export_goes_through_the_file_input(browser, studio, tmp_path):
    url, season = studio
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    assert page.title() == "Dashboard · pressgen studio"
    page.screenshot(path=tmp_path / "dashboard.png", full_page=True)
    page.get_by_role("link", name="Race 1").nth(1).click()  # 02-bravo, race 1
    assert page.url.endswith(f"/s/{SEASON}/02-bravo/race/1")
    path = season / "rounds/02-bravo/round.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    gap = page.get_by_label("Gap, row 2")  # every cell is labelled for screen readers
    gap.fill("")
    gap.press_sequentially("1.100")
    gap.press("Enter")  # the keyboard submits the form
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Saved rounds/02-bravo/round.yaml"
    page.screenshot(path=tmp_path / "saved.png", full_page=True)
    after = path.read_text(encoding="utf-8").splitlines()
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [('      - {car: 1, gap: "1.000"}', '      - {car: 1, gap: "1.100"}')]
    # a timing export through the file input: its report first, nothing written until confirmed
    page.goto(url + f"s/{SEASON}/02-bravo/race/1")
    page.get_by_label("Timing export (CSV)").set_input_files(TIMING / "bravo-race-1-plain.csv")
    page.get_by_role("button", name="Check the export").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "The export is sound: nothing is written yet"
    assert path.read_text(encoding="utf-8").splitlines() == after
    page.screenshot(path=tmp_path / "import.png", full_page=True)
    page.get_by_role("button", name="Write these rows into round.yaml").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Saved rounds/02-bravo/round.yaml"
    assert '      - {car: 1, gap: "1.000", best_lap: "1:30.388"}' in path.read_text(encoding="utf-8").splitlines()
    assert errors == []
    for name in ("dashboard", "saved", "import"):
        assert (tmp_path / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_rows_move_with_the_keyboard_and_only_the_moved_lines_change(browser, studio, tmp_path):
    url, season = studio
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url + f"s/{SEASON}/02-bravo/race/1")
    path = season / "rounds/02-bravo/round.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    decisions = page.locator('table[data-prefix="p"]')
    move_up = decisions.locator("tbody tr").nth(1).get_by_role("button", name="Move this row up")
    move_up.focus()
    page.keyboard.press("Enter")  # car 7's decision now listed first
    assert decisions.get_by_label("Car, row 1").input_value() == "7"
    assert decisions.get_by_label("Car, row 2").input_value() == "1"
    page.screenshot(path=tmp_path / "moved.png", full_page=True)
    page.get_by_role("button", name="Check and save").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Saved rounds/02-bravo/round.yaml"
    after = path.read_text(encoding="utf-8").splitlines()
    assert [(i + 1, a, b) for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [
        (22, before[21], before[22]), (23, before[22], before[21])]
    assert before[21].startswith("      - {car: 1, seconds: 5,") and before[22].startswith("      - {car: 7, kind: positions,")
