"""The prose editor in a real browser: Debian's Chromium, headless, driven by Playwright for Python on
a copy of the demo season, typed with the keyboard. A French quote with « » and a question mark, the
release beside it with the right spaces; a paragraph added, moved and removed; a file changed on disk
meanwhile; the prose file checked on disk line by line after each step. Skipped, with the reason,
where Chromium cannot start. Screenshots go to the test's folder."""

from __future__ import annotations

from . import test_studio_browser
from .accessibility import AXE

SEASON = "2025-demo-cup"
NBSP, NNBSP = "\u00a0", "\u202f"
# the fixtures: Chromium (or the reason the test is skipped), the studio on a copy of the demo season
browser, studio = test_studio_browser.browser, test_studio_browser.studio


def changed(before: list[str], after: list[str]) -> list[tuple[int, str, str]]:
    assert len(before) == len(after), "lines were added or removed"
    return [(i + 1, a, b) for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]


def save(page) -> None:
    page.get_by_role("button", name="Check and save").first.click()
    page.wait_for_load_state()


def test_a_french_quote_a_paragraph_added_moved_removed_and_a_conflict(browser, studio, tmp_path):
    url, season = studio
    path = season / "rounds/01-alpha/fr.yaml"
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url + f"s/{SEASON}/01-alpha/prose/fr")
    assert page.get_by_role("heading", level=1).inner_text() == "01-alpha · Race report: text in French"
    page.screenshot(path=tmp_path / "prose-opened.png", full_page=True)

    # a quote typed with ordinary spaces before ? and inside « », and one no-break space typed by hand
    before = path.read_text(encoding="utf-8").splitlines()
    page.get_by_label("Who said it (from the entry list or the season's known people)").fill("Ana Alves")
    page.get_by_label("Role (optional)").fill("pilote Azur Racing")
    quote = page.get_by_label("What was said")
    quote.click()
    typed = f"On m'a dit « fonce » ; alors pourquoi pas{NBSP}?"
    page.keyboard.type(typed)
    save(page)
    after = path.read_text(encoding="utf-8").splitlines()
    assert after == before + ["quotes:", "  alves:", '    person: "Ana Alves"', '    role: "pilote Azur Racing"',
                              f'    text: "{typed}"']
    # worked by hand: one narrow no-break space before ; and ?, no-break spaces inside both pairs of « »
    expected = f"«{NBSP}On m’a dit «{NBSP}fonce{NBSP}»{NNBSP}; alors pourquoi pas{NNBSP}?{NBSP}»"
    assert page.locator("#unit-quotes\\.alves\\.text .rendered").inner_text() == expected
    release = page.frame_locator("iframe")
    assert release.locator("figure.quote blockquote").inner_text() == expected
    assert release.locator("figure.quote figcaption").inner_text() == "Ana Alves (pilote Azur Racing)"
    page.screenshot(path=tmp_path / "prose-quote.png", full_page=True)
    if AXE.exists():  # axe-core (scripts/setup installs it): no violation on the editor with a quote
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]
        assert [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in violations] == []

    # two closing paragraphs added, the second moved up, the first removed: only their lines change
    for text in ("Premier paragraphe de clôture.", "Second paragraphe : *important* !"):
        page.get_by_label("A new closing paragraph").fill(text)
        save(page)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[3:6] == ["closing:", '  premier-paragraphe-de: "Premier paragraphe de clôture."',
                          '  second-paragraphe-important: "Second paragraphe : *important* !"']
    assert lines[:3] == before[:3] and lines[6:] == after[3:]
    second = release.locator("div.closing p").nth(1)
    assert (second.inner_text(), second.locator("em").inner_text()) == (f"Second paragraphe{NBSP}: important{NNBSP}!", "important")
    page.get_by_role("button", name="Move up: Closing paragraph 2").click()
    page.wait_for_load_state()
    moved = path.read_text(encoding="utf-8").splitlines()
    assert changed(lines, moved) == [(5, lines[4], lines[5]), (6, lines[5], lines[4])]
    page.get_by_role("button", name="Remove: Closing paragraph 2").click()
    page.wait_for_load_state()
    removed = path.read_text(encoding="utf-8").splitlines()
    assert removed == moved[:5] + moved[6:]
    assert release.locator("div.closing p").count() == 1
    page.screenshot(path=tmp_path / "prose-edited.png", full_page=True)

    # the file changed on disk while the page was open: nothing written, both versions shown
    path.write_text(path.read_text(encoding="utf-8").replace("données fictives", "données changées"), encoding="utf-8")
    on_disk = path.read_bytes()
    page.get_by_label("Lead paragraph").fill("Un autre chapeau.")
    save(page)
    assert page.get_by_role("heading", level=1).inner_text() == "rounds/01-alpha/fr.yaml changed on disk since you opened it"
    assert path.read_bytes() == on_disk
    page.screenshot(path=tmp_path / "prose-conflict.png", full_page=True)
    assert errors == []
    for name in ("prose-opened", "prose-quote", "prose-edited", "prose-conflict"):
        assert (tmp_path / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
