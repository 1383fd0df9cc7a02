"""The studio's prose editor over HTTP (the real server on 127.0.0.1, port 0, on a copy of the demo
season), and the in-place edits it writes through (prose_edit.py): every save checked on disk line
by line, the release checked as the preview renders it, findings as `pressgen lint` prints them."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from generator import prose_edit
from generator.errors import DataError

from . import test_studio
from .test_studio import Client, Forms, cli

SEASON = "2025-demo-cup"
EDITOR = f"/s/{SEASON}/01-alpha/prose/fr"
EDITOR_EN = f"/s/{SEASON}/01-alpha/prose/en"
PREVIEW = f"/preview/{SEASON}/01-alpha/01-alpha-fr.html"
NBSP, NNBSP = "\u00a0", "\u202f"
studio = test_studio.studio  # the fixture: the studio on a copy of the demo season, its client


def french(season: Path) -> Path:
    return season / "rounds/01-alpha/fr.yaml"


def english(season: Path) -> Path:
    return season / "rounds/01-alpha/en.yaml"


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def save(client: Client, changes: dict[str, str], page: str = EDITOR) -> tuple[int, str]:
    """Open the editor, change its fields as a person would, press a button (`op`), follow the answer."""
    status, body = client.submit(page, page, changes)
    if status == 303:
        return client.get(page + "?saved=x")
    return status, body


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def unit_block(page: str, unit_id: str) -> str:
    """The unit's box on the page (its field, its rendering, its findings), as text."""
    match = re.search(rf'<div class="unit" id="unit-{re.escape(unit_id)}">(.*?)\n</div>', page, re.S)
    assert match, f"no unit {unit_id} on the page"
    return match.group(1)


def findings(page: str, unit_id: str) -> list[str]:
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", unit_block(page, unit_id))]


# --- typography: typed plain, typeset as the build does, never twice --------------------------------------


@pytest.mark.parametrize("space", [" ", NBSP, NNBSP, ""])
def test_a_french_quote_with_guillemets_and_a_question_mark_is_typeset_once(studio, space):
    client, season, _ = studio
    before = lines(french(season))
    typed = f"On m'a dit « fonce{space}» ; alors pourquoi pas{space}?"
    status, page = save(client, {"new-quote-person": "Ana Alves", "new-quote-role": "pilote Azur Racing",
                                 "new-quote-text": typed})
    assert status == 200, text_of(page)
    # stored as typed, one line per field, after the lead (the house order: quotes last)
    assert lines(french(season)) == before + ["quotes:", "  alves:", '    person: "Ana Alves"',
                                              '    role: "pilote Azur Racing"', f'    text: "{typed}"']
    # worked by hand: narrow no-break space before ; and ?, no-break spaces inside « », the release's
    # own « » around the quote, the apostrophe made typographic
    expected = f"«{NBSP}On m’a dit «{NBSP}fonce{NBSP}»{NNBSP}; alors pourquoi pas{NNBSP}?{NBSP}»"
    assert expected in text_of(unit_block(page, "quotes.alves.text"))
    status, release = client.get(PREVIEW)
    assert status == 200 and expected in text_of(release)
    assert f"{NNBSP}{NNBSP}" not in text_of(release) and f" {NNBSP}" not in text_of(release)


def test_markdown_emphasis_and_links_render_as_the_build_renders_them(studio):
    client, season, _ = studio
    status, page = save(client, {"new:closing": "Rendez-vous sur *notre* [site](https://example.org) !"})
    assert status == 200
    rendered = unit_block(page, "closing.rendez-vous-sur")
    assert f'<p>Rendez-vous sur <em>notre</em> <a href="https://example.org">site</a>{NNBSP}!</p>' in rendered
    _, release = client.get(PREVIEW)
    assert f'<p>Rendez-vous sur <em>notre</em> <a href="https://example.org">site</a>{NNBSP}!</p>' in release


# --- one unit, its lines only ------------------------------------------------------------------------------


def test_editing_one_unit_changes_its_line_only_comments_and_order_kept(studio):
    client, season, _ = studio
    path = french(season)
    text = path.read_text(encoding="utf-8")
    text = text.replace("headline:", "# the title, checked by the editor\nheadline:") + "# a last comment\n"
    path.write_text(text, encoding="utf-8")
    before = lines(path)
    status, _ = save(client, {"text:lead": "Un chapeau revu : deux lignes\nsur une seule."})
    assert status == 200
    after = lines(path)
    assert [(i + 1, a, b) for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [
        (4, before[3], 'lead: "Un chapeau revu : deux lignes\\nsur une seule."')]


def test_crlf_line_ends_are_kept(studio):
    client, season, _ = studio
    path = french(season)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes().split(b"\r\n")
    status, _ = save(client, {"text:headline": "Un titre"})
    assert status == 200
    after = path.read_bytes().split(b"\r\n")
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [(before[1], b'headline: "Un titre"')]


def test_paragraphs_added_moved_and_removed_change_only_their_lines_and_the_translation_follows(studio):
    client, season, _ = studio
    fr, en = french(season), english(season)
    save(client, {"new:closing": "Les essais libres ont commencé."})
    save(client, {"new:closing": "Les essais libres ont repris !"})
    assert lines(fr)[3:] == ["closing:", '  les-essais-libres: "Les essais libres ont commencé."',
                             '  les-essais-libres-2: "Les essais libres ont repris !"']
    # the English translation of both, as `translate import` would write it (its fingerprints)
    en.write_text(en.read_text(encoding="utf-8").replace(
        '# Fingerprints', 'closing:\n  les-essais-libres: "Practice began."\n  les-essais-libres-2: "Practice resumed!"\n# Fingerprints')
        + '  closing.les-essais-libres: "00000000"\n  closing.les-essais-libres-2: "11111111"\n', encoding="utf-8")
    fr_before, en_before = lines(fr), lines(en)
    status, _ = save(client, {"op": "up:closing.les-essais-libres-2"})
    assert status == 200
    assert lines(fr) == fr_before[:4] + [fr_before[5], fr_before[4]]
    assert lines(en) == en_before[:4] + [en_before[5], en_before[4]] + en_before[6:]
    fr_before, en_before = lines(fr), lines(en)
    status, _ = save(client, {"op": "remove:closing.les-essais-libres"})
    assert status == 200
    assert lines(fr) == fr_before[:5]
    assert lines(en) == en_before[:5] + en_before[6:10] + en_before[11:]  # the unit and its fingerprint gone
    assert lines(en)[-1] == '  closing.les-essais-libres-2: "11111111"'


def test_removing_the_last_paragraph_removes_its_heading_and_a_new_id_never_reuses_an_old_one(studio):
    client, season, _ = studio
    before = lines(french(season))
    save(client, {"new:highlights": "Ana Alves gagne."})
    save(client, {"op": "remove:highlights.ana-alves-gagne"})
    assert lines(french(season)) == before
    # an id the English file still fingerprints (a unit translated once) is not given again
    english(season).write_text(english(season).read_text(encoding="utf-8") + '  highlights.une-idee: "12345678"\n', encoding="utf-8")
    status, _ = save(client, {"new:highlights": "Une idée."})
    assert status == 200
    assert lines(french(season))[2:4] == ["highlights:", '  une-idee-2: "Une idée."']


def test_a_race_report_and_a_quote_get_readable_new_ids_and_the_speaker_follows_in_translations(studio):
    client, season, _ = studio
    status, page = save(client, {"new:reports.race-1.title": "Alves s'impose", "new:reports.race-1.paragraphs": "Ana Alves gagne la course 1."})
    assert status == 200, text_of(page)
    assert lines(french(season))[3:7] == ["reports:", "  race-1:", '    title: "Alves s\'impose"',
                                          "    paragraphs:"]
    assert lines(french(season))[7] == '      ana-alves-gagne: "Ana Alves gagne la course 1."'
    save(client, {"new-quote-person": "Frédéric de Test", "new-quote-text": "Bien."})
    assert '  de-test:' in lines(french(season))


def test_a_report_needs_its_first_paragraph_and_a_quote_its_speaker(studio):
    client, season, _ = studio
    before = french(season).read_bytes()
    status, page = save(client, {"new:reports.race-2.title": "Un titre seul", "new-quote-text": "Sans auteur."})
    assert status == 422
    assert page.count("Fill this field too.") == 2
    assert 'value="Un titre seul"' in page and ">Sans auteur.</textarea>" in page  # what was typed is kept
    assert french(season).read_bytes() == before


# --- findings ------------------------------------------------------------------------------------------------


def test_lint_findings_are_shown_on_their_unit_in_the_words_of_pressgen_lint(studio, capsys):
    client, season, _ = studio
    status, page = save(client, {"new:closing": "Ana Alvez remercie son équipe."})
    assert status == 200
    code, out, _ = cli(capsys, "lint", season, "--round", "01-alpha")
    line = next(line for line in out if "closing.ana-alvez-remercie" in line)
    said = line.split("closing.ana-alvez-remercie: ", 1)[1]
    assert said == "warning: 'Ana Alvez' is neither in the entry list nor among the season's known people: did you mean 'Ana Alves'?"
    assert findings(page, "closing.ana-alvez-remercie") == [said]


def test_a_quote_by_someone_unknown_shows_validates_warning_on_the_speaker(studio):
    client, season, _ = studio
    status, page = save(client, {"new-quote-person": "Ana Alvez", "new-quote-text": "Merci."})
    assert status == 200
    assert findings(page, "quotes.alvez.person") == [
        "warning: 'Ana Alvez' is neither in the entry list nor in the season's known people (did you mean 'Ana Alves'?)"]


# --- refusals, conflicts, bad input --------------------------------------------------------------------------


def test_a_file_changed_on_disk_meanwhile_is_never_overwritten(studio):
    client, season, _ = studio
    status, page = client.get(EDITOR)
    fields = Forms(page).form(EDITOR)
    path = french(season)
    path.write_text(path.read_text(encoding="utf-8").replace("données fictives", "données changées"), encoding="utf-8")
    on_disk = path.read_bytes()
    status, page = client.post(EDITOR, {**fields, "text:lead": "Mon chapeau."})
    assert status == 409
    assert "rounds/01-alpha/fr.yaml changed on disk since you opened it" in html.unescape(page)
    assert path.read_bytes() == on_disk
    assert 'lead: "Mon chapeau."' in html.unescape(page)  # yours, to keep


@pytest.mark.parametrize("changes, message", [
    ({"text:lead": "Bip\x07 bip"}, "Not written: the character U+0007 (a control character) is not allowed in text; delete it"),
    ({"new:closing": "x" * 20_001}, "Not written: a text may have at most 20000 characters; this one has 20001."),
    ({"text:headline": "  "}, "headline: error: required field missing"),  # validate's refusal: the source needs one
])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(studio, changes, message):
    client, season, _ = studio
    before = french(season).read_bytes()
    status, page = save(client, changes)
    assert status == 422
    assert message in text_of(page)
    assert french(season).read_bytes() == before


def test_yaml_breaking_characters_are_saved_quoted_and_read_back_as_typed(studio):
    client, season, _ = studio
    typed = 'a: b # c {d} [e] & *f !g |h >i \'j\' "k" %l @m `n` \\o ---'
    status, _ = save(client, {"text:lead": typed, "text:headline": "yes"})
    assert status == 200
    data = yaml.safe_load(french(season).read_text(encoding="utf-8"))
    assert (data["lead"], data["headline"]) == (typed, "yes")  # "yes" stays text, never YAML 1.1's true


def test_the_editor_refuses_without_the_token_and_frames_only_the_release(studio):
    client, season, _ = studio
    before = french(season).read_bytes()
    status, _ = client.post(EDITOR, {"text:lead": "x", "base": "0"})
    assert status == 403 and french(season).read_bytes() == before
    connection_status, _ = client.get(f"/s/{SEASON}/01-alpha/prose/de")
    assert connection_status == 404
    import http.client

    for path, framing in ((EDITOR, "DENY"), (PREVIEW, "SAMEORIGIN")):
        connection = http.client.HTTPConnection("127.0.0.1", client.port, timeout=60)
        connection.request("GET", path, headers={"Host": f"127.0.0.1:{client.port}"})
        answer = connection.getresponse()
        answer.read()
        assert answer.getheader("X-Frame-Options") == framing


# --- a translation -------------------------------------------------------------------------------------------


def test_in_a_translation_the_source_is_shown_and_only_texts_are_edited(studio):
    client, season, _ = studio
    save(client, {"new:closing": "Merci à tous."})
    status, page = client.get(EDITOR_EN)
    assert status == 200
    assert "Merci à tous." in unit_block(page, "closing.merci-a-tous")
    assert findings(page, "closing.merci-a-tous") == [  # validate's warning, on the unit it names
        "warning: unit 'closing.merci-a-tous' of the fr text has no en translation yet: a build needs it, or --draft"]
    assert 'value="remove:' not in page and "new:closing" not in page
    before = lines(english(season))
    status, page = save(client, {"text:closing.merci-a-tous": "Thanks to all."}, EDITOR_EN)
    assert status == 200
    assert lines(english(season)) == before[:3] + ["closing:", '  merci-a-tous: "Thanks to all."'] + before[3:]


# --- prose_edit on its own -------------------------------------------------------------------------------------


def test_a_mapping_written_on_one_line_is_refused_with_its_line():
    text = 'headline: "T"\nclosing: {a: "A", b: "B"}\n'
    with pytest.raises(DataError) as caught:
        prose_edit.set_text(text, Path("fr.yaml"), ("closing", "a"), "x")
    assert str(caught.value) == "fr.yaml:2: closing: error: written on one line ({...}); write its keys one per line to edit it here"


def test_moved_entries_take_their_comment_lines_and_blank_lines_stay():
    text = 'closing:\n  # first\n  a: "A"\n\n  # second\n  b: "B"\n  c: "C"\n'
    assert prose_edit.reorder(text, Path("fr.yaml"), ("closing",), ["c", "b", "a"]) == (
        'closing:\n  c: "C"\n\n  # second\n  b: "B"\n  # first\n  a: "A"\n')


def test_a_file_without_a_final_line_end_keeps_it():
    text = 'headline: "T"'
    assert prose_edit.set_text(text, Path("fr.yaml"), ("lead",), "L") == 'headline: "T"\nlead: "L"'
