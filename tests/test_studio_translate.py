"""The studio's translation page, driven over HTTP on a copy of the demo season: each unit's state,
a unit saved or accepted changing only its own lines of the translation file, what changed in the
source shown word by word, conflicts, typography, and the exchange files of `translate export` and
`translate import` through the page. Expectations are worked by hand (fingerprints with
`printf '%s' TEXT | sha256sum | cut -c1-8`)."""

from __future__ import annotations

import html
import http.client
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlencode

import pytest

from generator.cli import main
from generator.studio.server import StudioServer
from generator.translation import WordRun, translated_from, word_changes

from .conftest import SEASONS, edit
from .test_studio import Client, Forms, lines_block

SEASON = "2025-demo-cup"
PAGE = f"/s/{SEASON}/02-bravo/translate/en"
EN = "rounds/02-bravo/en.yaml"
FR = "rounds/02-bravo/fr.yaml"
TITLE, START, FINISH = "reports.race-1.title", "reports.race-1.paragraphs.start", "reports.race-1.paragraphs.finish"
# 02-bravo's French race 1 report (illustrative text), not yet in English
FR_REPORT = (
    "reports:\n"
    "  race-1:\n"
    '    title: "Une première course disputée"\n'  # 8aad7d35
    "    paragraphs:\n"
    '      start: "La course démarre sous le soleil et le peloton reste groupé."\n'  # b6eceead
    '      finish: "Le drapeau à damier met fin à une course propre."\n'  # 7cf55a5e
)
FR_START, FR_START_RAIN = "La course démarre sous le soleil et le peloton reste groupé.", "La course démarre sous la pluie et le peloton reste groupé."
EN_BEFORE = [  # 02-bravo/en.yaml as bundled
    "# DEMO, ILLUSTRATIVE TEXT: a made-up round of a made-up series.",
    'headline: "Demonstration release: made-up data"',
    "lead: \"This release illustrates pressgen's classification and points rules on an invented season. None of the drivers, teams or circuits exists.\"",
    "# Fingerprints of the source text each unit was translated from (kept by `pressgen translate`)",
    "source:",
    '  headline: "dd81f5c4"',
    '  lead: "e01d1937"',
]


@pytest.fixture
def served(tmp_path):
    """The studio on a copy of the demo season whose 02-bravo has the French race 1 report above."""
    seasons = tmp_path / "seasons"
    shutil.copytree(SEASONS / SEASON, seasons / SEASON)
    with (seasons / SEASON / FR).open("a", encoding="utf-8") as prose:
        prose.write(FR_REPORT)
    server = StudioServer(seasons, 0).start()
    yield server
    server.stop()


@pytest.fixture
def studio(served):
    return PageClient(port(served)), served.studio.path / SEASON, served.studio.token.value


def port(server: StudioServer) -> int:
    return int(server.url.rsplit(":", 1)[1].strip("/"))


class PageClient(Client):
    """test_studio's client, with the answer's headers: a redirect's Location, a download's name."""

    def answer(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        connection.request(method, path, body, {"Host": f"127.0.0.1:{self.port}", **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()

    def request_full(self, method: str, path: str, fields: dict[str, str]) -> tuple[int, str | None, str]:
        status, headers, body = self.answer(method, path, urlencode(fields).encode(), {"Content-Type": "application/x-www-form-urlencoded"})
        return status, headers.get("Location"), body.decode("utf-8")

    def download(self, path: str) -> tuple[int, dict[str, str], bytes]:
        return self.answer("GET", path)


def unit_sections(page: str) -> dict[str, str]:
    """Each unit's section of the page, by unit id, in page order."""
    return dict(re.findall(r'<section class="unit [a-z]+" id="u-([^"]+)".*?>(.*?)</section>', page, re.S))


def states(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<section class="unit ([a-z]+)" id="u-([^"]+)"', page)


def counts(page: str) -> dict[str, tuple[int, int, int]]:
    """The status table: language name -> (translated, stale, missing)."""
    rows = re.findall(r'<th scope="row">(?:<a [^>]*>|<span [^>]*>)([^<]+)</(?:a|span)></th>\s*'
                      r'<td data-state="translated">(\d+)</td>\s*<td data-state="stale"[^>]*>(\d+)</td>\s*<td data-state="missing"[^>]*>(\d+)</td>', page)
    return {name: (int(t), int(s), int(m)) for name, t, s, m in rows}


def unit_form(page: str, unit: str) -> dict[str, str]:
    """The fields a browser sends for the unit's Save button, as the page stands."""
    forms = Forms(unit_sections(page)[unit]).forms
    assert len(forms) == 1, forms
    return dict(forms[0][1])


def save(client: PageClient, unit: str, text: str, page_path: str = PAGE) -> tuple[int, str]:
    """Open the page, type `text` into the unit's box, press Save; the page the answer leads to."""
    status, page = client.get(page_path)
    assert status == 200, page
    fields = unit_form(page, unit) | {"text": text}
    return follow(client, *client.request_full("POST", page_path.split("?")[0] + "/save", fields))


def follow(client: PageClient, status: int, location: str | None, page: str) -> tuple[int, str]:
    if status == 303:
        assert location is not None
        return client.get(location)
    return status, page


def lines_of(season: Path, relative: str) -> list[str]:
    return (season / relative).read_text(encoding="utf-8").splitlines()


def changed(before: list[str], after: list[str]) -> list[str]:
    """What changed from `before` to `after`, line by line: '-old', '+new', in file order."""
    import difflib

    return [line for line in difflib.unified_diff(before, after, lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]


# --- the page -----------------------------------------------------------------------------------------


def test_the_page_shows_each_unit_in_source_order_with_its_state_and_the_counts(studio):
    client, _, _ = studio
    status, page = client.get(PAGE)
    assert status == 200
    assert states(page) == [("translated", "headline"), ("translated", "lead"), ("missing", TITLE), ("missing", START), ("missing", FINISH)]
    assert counts(page) == {"English": (2, 0, 3)}
    sections = unit_sections(page)
    assert "Race 1 report: paragraph “start”" in sections[START]
    assert '<div class="text" lang="fr"><p>La course démarre sous le soleil et le peloton reste groupé.</p>' in sections[START]
    assert '<textarea id="t-reports.race-1.paragraphs.start" name="text" lang="en" aria-describedby="h-reports.race-1.paragraphs.start" rows="2"></textarea>' in sections[START]
    # the French headline as the release shows it: a no-break space before the colon
    assert '<div class="text" lang="fr">Communiqué de démonstration\u00a0: données fictives</div>' in sections["headline"]
    assert "3 units still to translate or check" in page
    status, dashboard = client.get("/")
    assert f'href="{PAGE}"' in dashboard


def test_the_page_speaks_the_interface_language(studio):
    client, _, _ = studio
    status, page = client.get(PAGE, **{"Accept-Language": "pl"})
    assert status == 200
    assert '<html lang="pl">' in page
    assert "Save this unit" not in page and "Units, in the order of the release" not in page
    # the languages in its sentences named in Polish (CLDR), as the catalog's "Tłumaczenie: %(language)s" expects
    assert "Tłumaczenie: angielski" in page and "Francuski (źródło)" in page and "Angielski (tłumaczenie)" in page
    status, page = client.get(PAGE, **{"Accept-Language": "fr"})
    assert "Traduction en anglais" in page and "Anglais (traduction)" in page and "English (translation)" not in page


def test_a_saved_unit_changes_only_its_lines_and_the_counts_follow(studio):
    client, season, _ = studio
    assert lines_of(season, EN) == EN_BEFORE
    status, page = save(client, TITLE, "A hard-fought first race")
    assert status == 200
    assert 'class="notice notice-saved"' in unit_sections(page)[TITLE]
    after_title = lines_of(season, EN)
    assert changed(EN_BEFORE, after_title) == [
        "+reports:", "+  race-1:", '+    title: "A hard-fought first race"', "+    paragraphs: {}",
        '+  reports.race-1.title: "8aad7d35"',
        "+# The source text each unit was translated from, to show what changes in it (kept by `pressgen translate`)",
        "+translated_from:", '+  reports.race-1.title: "Une première course disputée"',
    ]
    assert counts(page) == {"English": (3, 0, 2)}
    status, page = save(client, START, "  The race starts under the sun\r\nand the field stays together.  ")
    after_start = lines_of(season, EN)
    assert changed(after_title, after_start) == [
        "-    paragraphs: {}", "+    paragraphs:", '+      start: "The race starts under the sun\\nand the field stays together."',
        '+  reports.race-1.paragraphs.start: "b6eceead"',
        f'+  reports.race-1.paragraphs.start: "{FR_START}"',
    ]
    assert counts(page) == {"English": (4, 0, 1)}
    # a second edit of the title changes its one line: the source it translates is the same
    status, page = save(client, TITLE, "A hard-fought opening race")
    assert changed(after_start, lines_of(season, EN)) == [
        '-    title: "A hard-fought first race"', '+    title: "A hard-fought opening race"']
    # the same text again writes nothing
    before = (season / EN).read_bytes()
    status, page = save(client, TITLE, "A hard-fought opening race")
    assert 'class="notice notice-nothing"' in unit_sections(page)[TITLE]
    assert (season / EN).read_bytes() == before


def test_a_changed_source_shows_the_unit_stale_with_the_change_and_accept_records_it(studio, capsys):
    client, season, _ = studio
    save(client, START, "The race starts under the sun and the field stays together.")
    edit(season / FR, FR_START, FR_START_RAIN)
    status, page = client.get(PAGE)
    assert ("stale", START) in states(page)
    assert counts(page) == {"English": (2, 1, 2)}
    section = unit_sections(page)[START]
    words = re.search(r'<p class="words" lang="fr">(.*?)</p>', section, re.S)
    assert words is not None
    assert words.group(1) == ("<span>La course démarre sous</span> <del>le soleil</del> <ins>la pluie</ins> "
                              "<span>et le peloton reste groupé.</span>")
    before = lines_of(season, EN)
    status, page = client.post(PAGE + "/accept", unit_form(page, START))
    assert status == 200
    assert "en.yaml: recorded 1 unit as translated from the current fr text" in html.unescape(unit_sections(page)[START])
    assert changed(before, lines_of(season, EN)) == [
        '-  reports.race-1.paragraphs.start: "b6eceead"', '+  reports.race-1.paragraphs.start: "f0310d65"',
        f'-  reports.race-1.paragraphs.start: "{FR_START}"', f'+  reports.race-1.paragraphs.start: "{FR_START_RAIN}"',
    ]
    assert ("translated", START) in states(page)
    assert counts(page) == {"English": (3, 0, 2)}
    # the command line agrees
    assert main(["translate", "status", str(season)]) == 1
    assert "2025-demo-cup/02-bravo en: 3 translated, 2 missing, 0 stale" in capsys.readouterr().out.splitlines()


def test_a_stale_unit_translated_before_its_source_was_recorded_says_so(studio):
    client, season, _ = studio
    edit(season / FR, "Communiqué de démonstration : données fictives", "Communiqué de démonstration : données inventées")
    status, page = client.get(PAGE)
    section = unit_sections(page)["headline"]
    assert ("stale", "headline") in states(page)
    assert "the text it was translated from is not recorded, so the change cannot be shown" in section
    assert '<p class="words"' not in section


def test_a_save_over_a_source_changed_since_the_page_was_opened_writes_nothing_and_keeps_the_text(studio):
    client, season, _ = studio
    status, page = client.get(PAGE)
    fields = unit_form(page, START) | {"text": "The race starts under the sun."}
    edit(season / FR, FR_START, FR_START_RAIN)  # meanwhile, on disk
    before = (season / EN).read_bytes()
    status, page = client.post(PAGE + "/save", fields)
    assert status == 409
    assert (season / EN).read_bytes() == before
    section = unit_sections(page)[START]
    assert "the source text (French) of this unit changed since the page was opened" in section
    assert ">The race starts under the sun.</textarea>" in section
    assert "sous la pluie" in section
    # saved again from that page (the new source read): written
    status, page = follow(client, *client.request_full("POST", PAGE + "/save", unit_form(page, START)))
    assert status == 200
    assert '      start: "The race starts under the sun."' in lines_of(season, EN)
    assert '  reports.race-1.paragraphs.start: "f0310d65"' in lines_of(season, EN)


def test_a_translation_changed_in_the_file_since_the_page_was_opened_is_never_overwritten_silently(studio):
    client, season, _ = studio
    status, page = client.get(PAGE)
    fields = unit_form(page, "headline") | {"text": "Demo release: invented data"}
    edit(season / EN, '"Demonstration release: made-up data"', '"Demonstration release: data made up"')
    status, page = client.post(PAGE + "/save", fields)
    assert status == 409
    assert 'headline: "Demonstration release: data made up"' in lines_of(season, EN)
    section = unit_sections(page)["headline"]
    assert '<blockquote lang="en">Demonstration release: data made up</blockquote>' in section
    assert ">Demo release: invented data</textarea>" in section
    # the writer chose theirs: saved from that page, it replaces the file's
    status, page = follow(client, *client.request_full("POST", PAGE + "/save", unit_form(page, "headline")))
    assert 'headline: "Demo release: invented data"' in lines_of(season, EN)


def test_an_accept_over_a_source_changed_since_the_page_was_opened_records_nothing(studio):
    client, season, _ = studio
    edit(season / FR, "Communiqué de démonstration : données fictives", "Communiqué de démonstration : données inventées")
    status, page = client.get(PAGE)
    fields = unit_form(page, "headline")
    edit(season / FR, "données inventées", "données imaginées")
    before = (season / EN).read_bytes()
    status, page = client.post(PAGE + "/accept", fields)
    assert status == 409
    assert (season / EN).read_bytes() == before
    assert ("stale", "headline") in states(page)


def test_an_empty_or_hidden_character_translation_is_refused_by_name(studio):
    client, season, _ = studio
    before = (season / EN).read_bytes()
    status, page = save(client, TITLE, "   ")
    assert status == 422 and 'notice-empty' in unit_sections(page)[TITLE]
    status, page = save(client, TITLE, "A first\u202e race")
    assert status == 422
    assert f"{TITLE}: " in html.unescape(unit_sections(page)[TITLE])
    assert "(character 8 of the translation)" in unit_sections(page)[TITLE]
    assert (season / EN).read_bytes() == before


# --- typography: as the build applies it, never twice ------------------------------------------------------


@pytest.fixture
def coppa(tmp_path):
    """The Italian demo season: French is a language pressgen translates into."""
    seasons = tmp_path / "seasons"
    shutil.copytree(SEASONS / "2025-coppa-demo", seasons / "2025-coppa-demo")
    server = StudioServer(seasons, 0).start()
    yield PageClient(port(server)), seasons / "2025-coppa-demo"
    server.stop()


@pytest.mark.parametrize("typed", ["Qui gagne ?", "Qui gagne\u202f?", "Qui gagne \u00a0?", "Qui gagne?"])
def test_a_space_typed_before_a_question_mark_in_french_gives_one_narrow_no_break_space(coppa, typed):
    client, season = coppa
    round_id = sorted(p.name for p in (season / "rounds").iterdir())[0]
    page_path = f"/s/2025-coppa-demo/{round_id}/translate/fr"
    status, page = save(client, "headline", typed, page_path)
    assert status == 200, page
    rendered = re.search(r'<div class="text" lang="fr">(.*?)</div>', unit_sections(page)["headline"], re.S)
    assert rendered is not None and rendered.group(1) == "Qui gagne\u202f?"
    assert f"headline: {json.dumps(typed, ensure_ascii=False)}" in lines_of(season, f"rounds/{round_id}/fr.yaml")  # as typed: the build sets the space


# --- exchange files through the page ------------------------------------------------------------------------


def test_the_exports_are_the_commands_own_files(studio, tmp_path):
    client, season, _ = studio
    for file_format, suffix in (("xliff", "xlf"), ("po", "po")):
        connection_status, headers, body = client.download(PAGE + f"/export?format={file_format}&kind=report")
        assert connection_status == 200
        assert headers["Content-Disposition"] == f'attachment; filename="02-bravo-en.{suffix}"'
        out = tmp_path / f"cli.{suffix}"
        assert main(["translate", "export", str(season), "--round", "02-bravo", "--to", "en", "--format", file_format, "-o", str(out)]) == 0
        assert body == out.read_bytes()
    assert client.get(PAGE + "/export?format=docx")[0] == 404


def translated_xliff(exported: bytes, targets: dict[str, str]) -> bytes:
    """The export as a translator sends it back: each unit of `targets` translated, final."""
    ns = "urn:oasis:names:tc:xliff:document:1.2"
    ET.register_namespace("", ns)
    root = ET.fromstring(exported)
    for unit in root.iter(f"{{{ns}}}trans-unit"):
        if unit.get("id") in targets:
            target = unit.find(f"{{{ns}}}target")
            assert target is not None
            target.text, target.attrib["state"] = targets[unit.get("id")], "translated"
            unit.set("approved", "yes")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def test_an_import_through_the_page_writes_the_units_and_says_what_it_did(studio):
    client, season, token = studio
    _, _, exported = client.download(PAGE + "/export?format=xliff")
    upload = translated_xliff(exported, {FINISH: "The chequered flag ends a clean race."})
    status, page = client.upload(PAGE + "/import", {"csrf": token, "kind": "report"}, "file", "bravo-en.xlf", upload)
    assert status == 200, page
    assert [line.replace(str(season), "SEASON") for line in lines_block(page)] == ["SEASON/rounds/02-bravo/en.yaml: imported 1 unit (2 unchanged)"]
    assert counts(page) == {"English": (3, 0, 2)}
    assert ("translated", FINISH) in states(page)
    assert '      finish: "The chequered flag ends a clean race."' in lines_of(season, EN)
    assert '  reports.race-1.paragraphs.finish: "Le drapeau à damier met fin à une course propre."' in lines_of(season, EN)


def test_an_import_refused_names_the_uploaded_file_and_the_unit(studio):
    client, season, token = studio
    _, _, exported = client.download(PAGE + "/export?format=xliff")
    upload = translated_xliff(exported, {START: "The race starts under the sun and the field stays together."})
    edit(season / FR, FR_START, FR_START_RAIN)  # the source changes after the export
    before = (season / EN).read_bytes()
    status, page = client.upload(PAGE + "/import", {"csrf": token, "kind": "report"}, "file", "bravo-en.xlf", upload)
    assert status == 422
    assert lines_block(page) == [
        "bravo-en.xlf: nothing changed: its 2 units are already in the en prose, translated from the current text",
        f"bravo-en.xlf: {START}: error: refused: the fr text changed since this file was exported; export again",
    ]
    assert (season / EN).read_bytes() == before


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("broken.xlf", b"<xliff version='1.2'><file", "broken.xlf:1:22: error: invalid XLIFF: unclosed token: line 1, column 21"),
    ("notes.txt", b"hello", "notes.txt: error: expected an .xlf, .xliff or .po file written by `pressgen translate export`"),
    ("big.po", b"#" * 5_000_001, "big.po: error: the file is 5,000,001 bytes; a translation file may be at most 5,000,000 bytes"),
])
def test_an_unreadable_upload_gets_the_commands_error_and_writes_nothing(studio, name, content, expected):
    client, season, token = studio
    before = (season / EN).read_bytes()
    status, page = client.upload(PAGE + "/import", {"csrf": token, "kind": "report"}, "file", name, content)
    assert status == 422
    assert lines_block(page) == [expected]
    assert (season / EN).read_bytes() == before


def test_a_file_for_another_language_is_refused_on_this_page(studio):
    client, season, token = studio
    _, _, exported = client.download(f"/s/{SEASON}/02-bravo/translate/it/export?format=xliff")
    status, page = client.upload(PAGE + "/import", {"csrf": token, "kind": "report"}, "file", "bravo-it.xlf", exported)
    assert status == 422
    assert ("Not imported: this file translates 2025-demo-cup/02-bravo into it; this page translates 2025-demo-cup/02-bravo into en. "
            "Open the page of that release and language to import it.") in html.unescape(page)
    status, page = client.upload(PAGE + "/import", {"csrf": token, "kind": "report"}, "file", "empty.xlf", b"")
    assert status == 422 and "Choose an XLIFF or PO file first." in page
    assert not (season / "rounds/02-bravo/it.yaml").exists()


# --- the pre-event release ---------------------------------------------------------------------------------


def test_the_pre_event_release_has_its_own_page(studio):
    client, season, _ = studio
    status, page = client.get(PAGE + "?kind=pre-event")
    assert status == 200
    assert states(page) == [("translated", "headline"), ("translated", "lead"), ("translated", "paragraphs.fight")]
    assert counts(page) == {"English": (3, 0, 0)}
    before = lines_of(season, "rounds/02-bravo/pre-event.en.yaml")
    status, page = save(client, "lead", "The Demo Cup reaches the Bravo Ring for round two, with two races.", PAGE + "?kind=pre-event")
    assert status == 200
    assert changed(before, lines_of(season, "rounds/02-bravo/pre-event.en.yaml")) == [
        '-lead: "The Demo Cup comes to the Bravo Ring for its second round, with two races on the programme."',
        '+lead: "The Demo Cup reaches the Bravo Ring for round two, with two races."',
        "+# The source text each unit was translated from, to show what changes in it (kept by `pressgen translate`)",
        "+translated_from:",
        '+  lead: "La Demo Cup arrive au Bravo Ring pour sa deuxième manche, avec deux courses au programme."',
    ]
    assert lines_of(season, EN) == EN_BEFORE


# --- the studio's rules ---------------------------------------------------------------------------------------


def test_a_save_without_the_token_is_refused_and_writes_nothing(studio):
    client, season, _ = studio
    status, page = client.get(PAGE)
    fields = unit_form(page, TITLE) | {"text": "A first race", "csrf": "forged"}
    status, _ = client.post(PAGE + "/save", fields)
    assert status == 403
    assert lines_of(season, EN) == EN_BEFORE


@pytest.mark.parametrize(("path", "status"), [
    (f"/s/{SEASON}/02-bravo/translate/fr", 404),  # the source language
    (f"/s/{SEASON}/02-bravo/translate/xx", 404),
    (f"/s/{SEASON}/02-bravo/translate/en?kind=teaser", 404),
    (f"/s/{SEASON}/..%2F..%2Fetc/translate/en", 404),
    (f"/s/{SEASON}/09-nowhere/translate/en", 404),
])
def test_pages_that_do_not_exist(studio, path, status):
    client, _, _ = studio
    assert client.get(path)[0] == status


def test_an_unknown_unit_is_refused(studio):
    client, season, _ = studio
    status, page = client.get(PAGE)
    fields = unit_form(page, TITLE) | {"unit": "reports.race-9.title", "text": "x"}
    assert client.post(PAGE + "/save", fields)[0] == 404
    assert lines_of(season, EN) == EN_BEFORE


def test_a_translation_file_linked_outside_the_season_is_refused(studio, tmp_path):
    client, season, _ = studio
    outside = tmp_path / "elsewhere.yaml"
    shutil.copy(season / EN, outside)
    (season / EN).unlink()
    (season / EN).symlink_to(outside)
    assert client.get(PAGE)[0] == 404


def test_text_from_the_files_is_escaped(studio):
    client, season, _ = studio
    status, page = save(client, TITLE, "<script>alert(1)</script> *first*")
    section = unit_sections(page)[TITLE]
    assert "<script>" not in section
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *first*</textarea>" in section  # a race title is plain text, as the release shows it


# --- the pure parts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "runs"), [
    ("a b c", "a b c", [("same", "a b c")]),
    ("a  b\nc", "a b c", [("same", "a b c")]),  # whitespace runs aside, as for the fingerprint
    ("sous le soleil et", "sous la pluie et", [("same", "sous"), ("removed", "le soleil"), ("added", "la pluie"), ("same", "et")]),
    ("un deux", "un deux trois", [("same", "un deux"), ("added", "trois")]),
    ("un deux trois", "deux", [("removed", "un"), ("same", "deux"), ("removed", "trois")]),
])
def test_word_changes(old, new, runs):
    assert word_changes(old, new) == tuple(WordRun(kind, text) for kind, text in runs)


def test_word_changes_are_not_computed_beyond_their_bound():
    assert word_changes("mot " * 3001, "mot") is None


def test_a_recorded_source_text_counts_only_if_its_fingerprint_is_the_recorded_one():
    from generator.model import Prose

    def prose(text: str) -> Prose:  # "Une première course disputée" -> 8aad7d35
        return Prose.model_validate({"lang": "en", "headline": "x", "source": {"headline": "8aad7d35"}, "translated_from": {"headline": text}})

    assert translated_from(prose("Une première course disputée"), "headline") == "Une première course disputée"
    assert translated_from(prose("Une  première course\ndisputée"), "headline") == "Une  première course\ndisputée"
    assert translated_from(prose("Une seconde course disputée"), "headline") is None  # edited by hand: not the text the fingerprint says
    assert translated_from(None, "headline") is None


def test_the_source_language_records_no_source_text(tmp_path, capsys):
    season = tmp_path / SEASON
    shutil.copytree(SEASONS / SEASON, season)
    with (season / FR).open("a", encoding="utf-8") as prose:
        prose.write('translated_from:\n  headline: "x"\n')
    assert main(["validate", str(season)]) == 1
    assert f"{season}/{FR}:5:3: translated_from: error: the fr text is the source language: it records no source text" in capsys.readouterr().err


def test_a_race_title_imported_alone_makes_a_valid_file(served, tmp_path, capsys):
    """`translate import` of a race report's title before its paragraphs: the report gets the
    `paragraphs: {}` the model requires (found by the page's first save, validated on a copy)."""
    season = served.studio.path / SEASON
    exported = tmp_path / "en.xlf"
    assert main(["translate", "export", str(season), "--round", "02-bravo", "--to", "en", "-o", str(exported)]) == 0
    exported.write_bytes(translated_xliff(exported.read_bytes(), {TITLE: "A hard-fought first race"}))
    assert main(["translate", "import", str(exported), str(season.parent)]) == 0
    assert lines_of(season, EN)[3:6] == ["reports:", "  race-1:", '    title: "A hard-fought first race"'] and lines_of(season, EN)[6] == "    paragraphs: {}"
    capsys.readouterr()
    assert main(["validate", str(season)]) == 0


def test_the_draft_build_of_the_pre_event_page_is_the_pre_event_draft(studio):
    from .test_studio import wait_for_build

    client, season, _ = studio
    edit(season / "rounds/02-bravo/pre-event.fr.yaml", "avec deux courses au programme.", "avec deux courses au menu.")
    status, page = client.get(PAGE + "?kind=pre-event")
    assert ("stale", "lead") in states(page)
    drafts = [fields for action, fields in Forms(page).forms if action == "/build" and fields.get("draft")]
    assert drafts == [{"csrf": drafts[0]["csrf"], "season": SEASON, "round": "02-bravo", "kind": "pre-event", "draft": "1"}]
    status, _ = client.post("/build", drafts[0])
    assert status == 303
    report = wait_for_build(client)
    assert "The build is done" in report, report
    built = season.parent.parent / "output" / SEASON / "02-bravo"
    english = next(built.rglob("*pre-event*en.html")).read_text(encoding="utf-8")
    assert 'class="untranslated" lang="fr" data-unit="lead"' in english
    assert "avec deux courses au menu." in english
