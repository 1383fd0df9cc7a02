"""The translation page in a real browser (Debian's Chromium, headless, through Playwright), on a copy
of the demo season whose round 02-bravo got a French race 1 report of three units (illustrative
text) not yet in English: two units typed and saved on the page, the French source changed on disk
and the English unit shown stale with the change, accepted; the XLIFF export downloaded, translated
and imported back; a draft build showing the pending unit as the build's draft does, then the
final build; the English prose file checked line by line. Skipped, with the reason printed, where
Chromium cannot start; screenshots go to the test's folder."""

from __future__ import annotations

import re
import shutil

import pytest

from generator.cli import main
from generator.studio.server import StudioServer

from .conftest import SEASONS, edit
from .test_studio_browser import browser  # noqa: F401  (the fixture: Chromium, or the reason it is skipped)
from .test_studio_translate import EN, EN_BEFORE, FINISH, FR, FR_START, FR_START_RAIN, SEASON, served, translated_xliff  # noqa: F401  (served: a fixture)


def unit(page, heading: str):
    """A unit's section, found by its heading as a reader finds it."""
    return page.locator("section.unit", has=page.get_by_role("heading", name=re.compile(re.escape(heading))))


def count(page, state: str) -> str:
    return page.locator(f'#translation-status tr.current td[data-state="{state}"]').inner_text()


def type_and_save(page, heading: str, text: str) -> None:
    section = unit(page, heading)
    box = section.get_by_label("English (translation)")
    box.fill("")
    box.press_sequentially(text)
    section.get_by_role("button", name="Save this unit").click()
    unit(page, heading).locator(".notice-saved").wait_for()


def build(page, button: str) -> None:
    page.get_by_role("button", name=button).click()
    page.wait_for_selector('#build-job[data-finished="yes"]', timeout=300_000)
    assert page.locator("#build-job h2").inner_text() == "The build is done", page.inner_text("main")


@pytest.mark.slow
def test_a_translator_translates_the_release_on_the_page(browser, served, tmp_path):  # noqa: F811  (the fixtures)
    url, season, out = served.url, served.studio.path / SEASON, served.studio.out / SEASON / "02-bravo"
    page = browser.new_page(viewport={"width": 1300, "height": 1000}, accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.locator("tr", has=page.get_by_role("rowheader", name="02-bravo")).get_by_role("link", name="translate").click()
    assert page.url == url + f"s/{SEASON}/02-bravo/translate/en"
    assert page.get_by_role("heading", level=1).inner_text() == "02-bravo: translation into English"
    assert (count(page, "translated"), count(page, "stale"), count(page, "missing")) == ("2", "0", "3")
    page.screenshot(path=tmp_path / "translate-start.png", full_page=True)
    # two units typed and saved: the page is not reloaded, the unit and the counts follow
    page.evaluate("window.notReloaded = true")
    type_and_save(page, "Race 1 report: title", "A hard-fought first race")
    assert count(page, "missing") == "2" and count(page, "translated") == "3"
    type_and_save(page, "Race 1 report: paragraph “start”", "The race starts under the sun and the field stays together.")
    assert (count(page, "translated"), count(page, "missing")) == ("4", "1")
    assert page.evaluate("window.notReloaded") is True
    saved = (season / EN).read_text(encoding="utf-8").splitlines()
    assert saved == EN_BEFORE[:3] + [
        "reports:", "  race-1:", '    title: "A hard-fought first race"', "    paragraphs:",
        '      start: "The race starts under the sun and the field stays together."',
    ] + EN_BEFORE[3:] + [
        '  reports.race-1.title: "8aad7d35"', '  reports.race-1.paragraphs.start: "b6eceead"',
        "# The source text each unit was translated from, to show what changes in it (kept by `pressgen translate`)",
        "translated_from:", '  reports.race-1.title: "Une première course disputée"', f'  reports.race-1.paragraphs.start: "{FR_START}"',
    ]
    # the French source changes on disk: the English unit is stale, the change shown word by word
    edit(season / FR, FR_START, FR_START_RAIN)
    page.reload()
    start = unit(page, "Race 1 report: paragraph “start”")
    assert start.get_attribute("class") == "unit stale"
    assert start.locator("del").all_inner_texts() == ["le soleil"] and start.locator("ins").all_inner_texts() == ["la pluie"]
    assert count(page, "stale") == "1"
    page.screenshot(path=tmp_path / "translate-stale.png", full_page=True)
    start.get_by_role("button", name="Checked: accept as it is").click()
    unit(page, "Race 1 report: paragraph “start”").locator(".notice-accepted").wait_for()
    assert unit(page, "Race 1 report: paragraph “start”").get_attribute("class") == "unit translated"
    assert (count(page, "translated"), count(page, "stale"), count(page, "missing")) == ("4", "0", "1")
    accepted = (season / EN).read_text(encoding="utf-8").splitlines()
    assert [(a, b) for a, b in zip(saved, accepted, strict=True) if a != b] == [
        ('  reports.race-1.paragraphs.start: "b6eceead"', '  reports.race-1.paragraphs.start: "f0310d65"'),
        (f'  reports.race-1.paragraphs.start: "{FR_START}"', f'  reports.race-1.paragraphs.start: "{FR_START_RAIN}"'),
    ]
    # the XLIFF export, downloaded: the command's own file
    with page.expect_download() as download:
        page.get_by_role("link", name="XLIFF file").click()
    exported = download.value.path().read_bytes()
    assert download.value.suggested_filename == "02-bravo-en.xlf"
    cli_file = tmp_path / "cli.xlf"
    assert main(["translate", "export", str(season), "--round", "02-bravo", "--to", "en", "-o", str(cli_file)]) == 0
    assert exported == cli_file.read_bytes()
    # a draft build: the pending unit in French, flagged, as the build's draft shows it
    build(page, "Build a draft")
    draft = (out / "02-bravo-en.html").read_text(encoding="utf-8")
    assert f'class="untranslated" lang="fr" data-unit="{FINISH}"' in draft
    assert "A hard-fought first race" in draft
    # the translator's file comes back through the file input
    page.goto(url + f"s/{SEASON}/02-bravo/translate/en")
    translated = tmp_path / "bravo-en.xlf"
    translated.write_bytes(translated_xliff(exported, {FINISH: "The chequered flag ends a clean race."}))
    page.get_by_label("Translated file (XLIFF or PO)").set_input_files(translated)
    page.get_by_role("button", name="Import the translations").click()
    page.wait_for_load_state()
    assert page.locator("pre.lines").first.inner_text().strip() == f"{season}/{EN}: imported 1 unit (4 unchanged)"
    assert (count(page, "translated"), count(page, "stale"), count(page, "missing")) == ("5", "0", "0")
    page.screenshot(path=tmp_path / "translate-done.png", full_page=True)
    imported = (season / EN).read_text(encoding="utf-8").splitlines()
    assert [line for line in imported if line not in accepted] == [
        '      finish: "The chequered flag ends a clean race."', '  reports.race-1.paragraphs.finish: "7cf55a5e"',
        '  reports.race-1.paragraphs.finish: "Le drapeau à damier met fin à une course propre."']
    assert [line for line in accepted if line not in imported] == []
    # the final release, then the way to publish it
    build(page, "Build the release")
    final = (out / "02-bravo-en.html").read_text(encoding="utf-8")
    assert 'class="untranslated"' not in final
    assert "The chequered flag ends a clean race." in final and "The race starts under the sun and the field stays together." in final
    page.goto(url + f"s/{SEASON}/02-bravo/translate/en")
    page.get_by_role("link", name="Publish…").click()
    assert page.url == url + f"s/{SEASON}/02-bravo/publish"
    assert errors == []
    for name in ("translate-start", "translate-stale", "translate-done"):
        assert (tmp_path / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def coppa(tmp_path):
    seasons = tmp_path / "seasons"
    shutil.copytree(SEASONS / "2025-coppa-demo", seasons / "2025-coppa-demo")
    server = StudioServer(seasons, 0).start()
    yield server.url, seasons / "2025-coppa-demo"
    server.stop()


def test_french_typed_with_a_space_before_the_question_mark_shows_one_narrow_no_break_space(browser, coppa, tmp_path):  # noqa: F811
    url, season = coppa
    round_id = sorted(p.name for p in (season / "rounds").iterdir())[0]
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.goto(url + f"s/2025-coppa-demo/{round_id}/translate/fr")
    section = unit(page, "Headline")
    box = section.get_by_label("French (translation)")
    box.fill("")
    box.press_sequentially("Qui gagne ? « Personne »")
    section.get_by_role("button", name="Save this unit").click()
    unit(page, "Headline").locator(".notice-saved").wait_for()
    shown = unit(page, "Headline").locator('.rendered [lang="fr"]').text_content()
    assert shown == "Qui gagne\u202f? «\u00a0Personne\u00a0»"
    page.screenshot(path=tmp_path / "translate-fr.png", full_page=True)
