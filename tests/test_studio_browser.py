"""pressgen studio in a real browser: Debian's Chromium, headless, driven by Playwright for Python
on a copy of the demo season, with the keyboard where a person would type. Skipped, with the reason
printed, where Chromium cannot start. Screenshots of each page go to the test's folder. The last test
is the whole Monday in the browser: a round from nothing to a published correction, checked on disk."""

from __future__ import annotations

import difflib
import re
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


@pytest.fixture
def served(tmp_path):
    """The studio with its server at hand, for the folders it builds and archives into."""
    seasons = tmp_path / "seasons"
    shutil.copytree(SEASONS / SEASON, seasons / SEASON)
    server = StudioServer(seasons, 0).start()
    yield server
    server.stop()


def save_text(page, url: str, path: str, change) -> None:
    """Open a file in the studio's text editor, change its text as a person would, save it."""
    page.goto(url + f"s/{SEASON}/file?path={path}")
    editor = page.get_by_label("The file's text (YAML)")
    editor.fill(change(editor.input_value()))
    page.get_by_role("button", name="Check and save").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == f"Saved {path}", page.inner_text("main")


def import_export(page, export: Path) -> None:
    """From a race page: a file chosen in the file input, sent to the importer's check."""
    page.get_by_label("Timing export (CSV)").set_input_files(export)
    page.get_by_role("button", name="Check the export").click()
    page.wait_for_load_state()


def delta_fields(text: str) -> str:
    """The fields new-round leaves to fill, as the HTTP test fills them (illustrative dates and circuit)."""
    for key, value in (("circuit", "Delta Raceway (fictional)"), ("  start", "2025-07-05"), ("  end", "2025-07-06"), ("release_date", "2025-07-07")):
        text = re.sub(rf"^{key}:.*$", f"{key}: {value}", text, flags=re.M)
    return text


def publish(page, url: str, day: str) -> None:
    """The dashboard's Publish link of 04-delta, a date, the check: the page that lists what would be frozen."""
    page.goto(url)
    page.locator("tr", has=page.get_by_role("rowheader", name="04-delta")).get_by_role("link", name="Publish…").click()
    page.get_by_label("Publication date").fill(day)
    page.get_by_role("button", name="Check what would be published").click()
    page.wait_for_load_state()


def freeze(page, version: int) -> None:
    page.get_by_role("button", name=f"Freeze version {version}").click()
    page.wait_for_load_state()
    assert f"published {SEASON}/04-delta version {version}" in page.locator("pre.lines").inner_text()


@pytest.mark.slow
def test_a_round_from_nothing_to_a_published_correction_in_the_browser(browser, served, tmp_path):
    """The HTTP test of the same name, done with clicks and keys: a round created from the dashboard,
    an export refused for an unknown car then the right one, a build followed to its end, version 1,
    a penalty typed in the stewards' table, the change list read on the page, version 2."""
    from .test_studio import DELTA_PENALTY_RACE_1, DELTA_RACE_1

    url, season, archive = served.url, served.studio.path / SEASON, served.studio.archive / SEASON / "04-delta"
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # the calendar gets 04-delta, then the dashboard's form makes its files
    save_text(page, url, "season.yaml", lambda text: text.replace(
        "  - {id: 03-charlie, venue: Charlie}\n", "  - {id: 03-charlie, venue: Charlie}\n  - {id: 04-delta, venue: Delta}\n"))
    page.goto(url)
    page.get_by_role("button", name="Create 04-delta").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Done"
    round_yaml = season / "rounds/04-delta/round.yaml"
    assert round_yaml.is_file() and (season / "rounds/04-delta/fr.yaml").is_file()
    page.goto(url)
    page.locator("tr", has=page.get_by_role("rowheader", name="04-delta")).get_by_role("link", name="Race 1").click()
    race = page.url
    assert race.endswith(f"/s/{SEASON}/04-delta/race/1")
    # the export names car 8, which is not entered: the importer's report on the page, nothing written
    created = round_yaml.read_text(encoding="utf-8")
    wrong, right = tmp_path / "delta.csv", tmp_path / "right" / "delta.csv"
    wrong.write_bytes(DELTA_RACE_1.replace(b"7,6,retired", b"7,8,retired"))
    right.parent.mkdir()
    right.write_bytes(DELTA_RACE_1)
    import_export(page, wrong)
    assert page.get_by_role("heading", level=1).inner_text() == "Not imported: the export has problems"
    assert "delta.csv:8: car: error: car 8 is not in the entry list" in page.locator("pre.lines").inner_text().splitlines()
    assert round_yaml.read_text(encoding="utf-8") == created
    page.get_by_role("link", name="Back to the race").click()
    import_export(page, right)
    assert page.get_by_role("heading", level=1).inner_text() == "The export is sound: nothing is written yet"
    page.get_by_role("button", name="Write these rows into round.yaml").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Saved rounds/04-delta/round.yaml"
    imported = round_yaml.read_text(encoding="utf-8")
    assert [line for line in imported.splitlines() if line.startswith("      - ")] == [
        '      - {car: 3, time: "15:02.100", best_lap: "1:29.800"}', '      - {car: 5, gap: "0.700", best_lap: "1:29.950"}',
        '      - {car: 1, gap: "2.400", best_lap: "1:30.010"}', '      - {car: 2, gap: "5.000", best_lap: "1:30.400"}',
        '      - {car: 7, gap: "6.100", best_lap: "1:30.600"}', '      - {car: 4, laps: 9, best_lap: "1:31.200"}',
        '      - {car: 6, status: retired, laps: 4, best_lap: "1:31.900"}']
    # the round's own fields and its prose, typed into the text editor
    save_text(page, url, "rounds/04-delta/round.yaml", delta_fields)
    for lang, headline, title, start in (("fr", "Chloé Carrel gagne à Delta", "Carrel devant Esteve", "Texte d'illustration."),
                                         ("en", "Chloé Carrel wins at Delta", "Carrel ahead of Esteve", "Illustrative text.")):
        prose = f"headline: {headline}\nlead: {start}\nreports:\n  race-1:\n    title: {title}\n    paragraphs: {{start: \"{start}\"}}\n"
        save_text(page, url, f"rounds/04-delta/{lang}.yaml", lambda _text, prose=prose: prose)
    page.goto(url)
    page.locator("tr", has=page.get_by_role("rowheader", name="04-delta")).get_by_role("button", name="Checked: accept all").click()
    page.wait_for_load_state()
    assert "en.yaml: recorded 4 units as translated from the current fr text" in page.locator("pre.lines").inner_text()
    # the build, followed on its page until the progress is full
    page.goto(url + "build")
    page.get_by_label("Season").select_option(SEASON)
    page.get_by_label("Round (empty: every ready round)").fill("04-delta")
    page.get_by_role("button", name="Build").click()
    page.wait_for_selector('#build-job[data-finished="yes"]', timeout=300_000)
    assert page.locator("#build-job h2").inner_text() == "The build is done", page.inner_text("main")
    progress = page.locator("#build-progress")
    assert progress.get_attribute("value") == progress.get_attribute("max") != "0"
    page.goto(url)
    page.get_by_role("link", name="04-delta-fr.html").click()
    assert "Chloé Carrel gagne à Delta" in page.get_by_role("heading", level=1).first.text_content()  # shown in capitals by the CSS
    # version 1
    publish(page, url, "2025-07-07")
    assert "version 1, the first publication" in page.inner_text("main")
    freeze(page, 1)
    # the penalty of the HTTP test (worked by hand there: the winner drops to 5th, the gaps go to Esteve)
    before_penalty = round_yaml.read_text(encoding="utf-8")
    page.goto(race)
    decisions = page.locator('table[data-prefix="p"]')
    decisions.get_by_label("Car, row 1").press_sequentially("3")
    decisions.get_by_label("Seconds, row 1").press_sequentially("10")
    decisions.get_by_label("Reason (French), row 1").press_sequentially("départ anticipé")
    decisions.get_by_label("Reason (English), row 1").press_sequentially("jump start")
    page.get_by_role("button", name="Check and save").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Saved rounds/04-delta/round.yaml"
    penalised = round_yaml.read_text(encoding="utf-8")
    old, new = before_penalty.splitlines(), penalised.splitlines()
    changes = [(tag, old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes() if tag != "equal"]
    assert changes == [("insert", [], ["    penalties:", "      - {car: 3, seconds: 10, reason: {fr: départ anticipé, en: jump start}}"])], changes
    where = new.index("    penalties:")
    assert new[where - 1].startswith("    results_complete: true")  # race 1's own key, the import's
    # the change list, read where a person reads it
    publish(page, url, "2025-07-08")
    main_text = page.inner_text("main")
    assert "version 2, a correction of version 1" in main_text
    page.screenshot(path=tmp_path / "changes.png", full_page=True)
    english = page.locator('ul.changes[lang="en"]').first.locator("li").all_inner_texts()
    # the standings line, from the hand-worked demo standings (tests/test_demo_season.py): Carrel's best two
    # rounds were 11 (01-alpha) + 9 = 20; the win at Delta with the fastest lap (10 + 1) made v1's 22, her 5th
    # place with it (4 + 1) counts no more; everyone else's two best rounds are above their Delta points
    assert english == [*DELTA_PENALTY_RACE_1, "Standings: Chloé Carrel now has 20 points (previously 22)."]
    assert page.locator('ul.changes[lang="fr"]').first.locator("li").first.inner_text() == "Course 1 : Eva Esteve passe de 2e à 1er."
    freeze(page, 2)
    assert (tmp_path / "changes.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the dashboard lists both versions; on disk, each is a folder of editions and the inputs it was made of
    page.goto(url)
    versions = page.locator("tr", has=page.get_by_role("rowheader", name="04-delta")).locator("summary").all_inner_texts()
    assert "Version 2 of 2025-07-08" in versions and "Version 1 of 2025-07-07" in versions
    editions = sorted(f"04-delta-{lang}{suffix}" for lang in ("en", "fr") for suffix in (".card-1.png", ".card-1.txt", ".docx", ".email.html", ".html", ".pdf", ".posts.txt", ".txt"))
    inputs = {version: {p.relative_to(archive / version / "inputs"): p.read_bytes() for p in (archive / version / "inputs").rglob("*") if p.is_file()}
              for version in ("v1", "v2")}
    for version in ("v1", "v2"):
        assert sorted(p.name for p in (archive / version).iterdir() if p.is_file() and p.name != "manifest.json") == editions
    delta = Path(SEASON) / "rounds/04-delta/round.yaml"
    assert inputs["v1"][delta].decode("utf-8") == before_penalty and inputs["v2"][delta].decode("utf-8") == penalised
    assert [name for name in inputs["v1"] if inputs["v1"][name] != inputs["v2"].get(name)] == [delta]
    assert inputs["v1"].keys() == inputs["v2"].keys()
    text = {version: (archive / version / "04-delta-en.txt").read_text(encoding="utf-8").splitlines() for version in ("v1", "v2")}
    # the text edition's race 1, worked by hand: Carrel's 15:02.100 + 10 s = 15:12.100, the gaps now to Esteve's 15:02.800
    def race_1(lines: list[str]) -> list[str]:
        start = lines.index("Race 1") + 1
        return [" ".join(line.split()) for line in lines[start:start + 5]]
    assert race_1(text["v1"]) == ["1. Chloé Carrel (Bleu Motorsport) 10 laps", "2. Eva Esteve (Cyan Team) +0.700s", "3. Ana Alves (Azur Racing) +2.400s",
                                  "4. Ben Brooks (Azur Racing) +5.000s", "5. Gus Garnier (Cyan Team) +6.100s"]
    assert race_1(text["v2"]) == ["1. Eva Esteve (Cyan Team) 10 laps", "2. Ana Alves (Azur Racing) +1.700s", "3. Ben Brooks (Azur Racing) +4.300s",
                                  "4. Gus Garnier (Cyan Team) +5.400s", "5. Chloé Carrel (Bleu Motorsport) † +9.300s"]
    assert "CORRECTED VERSION, 8 JULY 2025" in text["v2"] and not any("CORRECTED" in line for line in text["v1"])
    assert "† Race 1 – Chloé Carrel: 10-second time penalty. Reason: jump start." in text["v2"]
    assert errors == []
