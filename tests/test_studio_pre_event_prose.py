"""The studio's prose editor for a round's pre-event release (`?kind=pre-event`), over HTTP on a
copy of the demo season: 03-charlie's pre-event files, its body paragraphs edited, added, moved and
removed line by line (the English translation following), its stakes claims fact-checked on their
unit, and the release beside it as the preview renders it."""

from __future__ import annotations

import html
import http.client
import re
from pathlib import Path
from urllib.parse import urlencode

from . import test_studio
from .test_studio import Client, Forms, cli
from .test_studio_prose import findings, lines, text_of, unit_block

SEASON = "2025-demo-cup"
EDITOR = f"/s/{SEASON}/03-charlie/prose/fr?kind=pre-event"
EDITOR_EN = f"/s/{SEASON}/03-charlie/prose/en?kind=pre-event"
REPORT_EDITOR = f"/s/{SEASON}/03-charlie/prose/fr"
PREVIEW = f"/preview/{SEASON}/03-charlie/03-charlie-pre-event-fr.html"
studio = test_studio.studio  # the fixture: the studio on a copy of the demo season, its client


def french(season: Path) -> Path:
    return season / "rounds/03-charlie/pre-event.fr.yaml"


def english(season: Path) -> Path:
    return season / "rounds/03-charlie/pre-event.en.yaml"


def save(client: Client, changes: dict[str, str], page: str = EDITOR) -> tuple[int, str]:
    """Open the editor, change its fields as a person would, send the form where it goes (back to the
    page, kind and all), follow the redirection as a browser would."""
    status, body = client.get(page)
    assert status == 200, text_of(body)
    fields = Forms(body).form(page)
    connection = http.client.HTTPConnection("127.0.0.1", client.port, timeout=300)
    connection.request("POST", page, urlencode({**fields, **changes}).encode(),
                       {"Host": f"127.0.0.1:{client.port}", "Content-Type": "application/x-www-form-urlencoded"})
    answer = connection.getresponse()
    body = answer.read().decode("utf-8")
    if answer.status == 303:
        location = answer.getheader("Location", "")
        assert location.startswith(page.split("?")[0] + "?"), location
        assert ("kind=pre-event" in location) == ("kind=pre-event" in page), location
        return client.get(location.split("#")[0])
    return answer.status, body


# 03-charlie's pre-event.fr.yaml, line by line (0-based indexes below):
# 0 comment, 1 headline, 2 lead, 3 paragraphs:, 4 fight, 5 classes, 6 quotes:, 7 eva.
# Its pre-event.en.yaml: 0-1 comments, 2 headline, 3 lead, 4 paragraphs:, 5 fight, 6 classes,
# 7 quotes:, 8 eva:, 9 person, 10 text, 11 comment, 12 source:, 13 headline, 14 lead,
# 15 paragraphs.fight, 16 paragraphs.classes, 17 quotes.eva.text.


# --- the page -------------------------------------------------------------------------------------------


def test_the_page_lists_the_body_paragraphs_of_the_pre_event_file_and_no_race_report(studio):
    client, _, _ = studio
    status, page = client.get(EDITOR)
    assert status == 200
    assert "<h1>03-charlie · Pre-event release: text in French</h1>" in page
    assert ("Eva Esteve aborde la finale avec un point d'avance sur Ben Brooks."
            in html.unescape(unit_block(page, "paragraphs.fight")))
    assert "Chez les Juniors, Ana Alves a déjà remporté le titre" in html.unescape(unit_block(page, "paragraphs.classes"))
    assert "Body paragraph 1" in page and "Body paragraph 2" in page and 'name="new:paragraphs"' in page
    assert "Race 1 report" not in page and "new:reports." not in page  # a pre-event release has no race reports
    assert f'<form method="post" action="/s/{SEASON}/03-charlie/prose/fr?kind=pre-event" class="prose">' in page
    assert f'<a href="/s/{SEASON}/03-charlie/prose/en?kind=pre-event" lang="en">' in page
    assert "pre-event.fr.yaml as text" in page
    # the race report's editor of the same round stays the race report's
    status, page = client.get(REPORT_EDITOR)
    assert status == 200 and "<h1>03-charlie · Race report: text in French</h1>" in page
    assert 'name="new:paragraphs"' not in page and "paragraphs.fight" not in page


def test_the_heading_says_which_release_in_the_interface_language(studio):
    client, _, _ = studio
    _, page = client.get(EDITOR, **{"Accept-Language": "fr"})
    assert "<h1>03-charlie · Communiqué d'avant-course : texte en français</h1>" in html.unescape(page)
    _, page = client.get(REPORT_EDITOR, **{"Accept-Language": "it"})
    assert "<h1>03-charlie · Resoconto di gara: testo in francese</h1>" in html.unescape(page)


def test_an_unknown_kind_of_release_is_not_found(studio):
    client, _, _ = studio
    status, _ = client.get(f"/s/{SEASON}/03-charlie/prose/fr?kind=preview")
    assert status == 404
    status, _ = client.get(f"/s/{SEASON}/01-alpha/prose/fr?kind=pre-event")  # 01-alpha has no pre-event file
    assert status == 404


def test_the_dashboard_links_the_pre_event_editor_where_the_round_has_pre_event_files(studio):
    client, _, _ = studio
    _, page = client.get("/")
    for lang in ("fr", "en"):
        assert f'href="/s/{SEASON}/03-charlie/prose/{lang}?kind=pre-event"' in page
        assert f'href="/s/{SEASON}/02-bravo/prose/{lang}?kind=pre-event"' in page
        assert f'href="/s/{SEASON}/01-alpha/prose/{lang}?kind=pre-event"' not in page


# --- one paragraph, its line only; new, moved, removed -------------------------------------------------------


def test_saving_one_paragraph_changes_exactly_its_line(studio):
    client, season, _ = studio
    before, english_before = lines(french(season)), lines(english(season))
    status, page = save(client, {"text:paragraphs.fight": "Eva Esteve mène avec un point d'avance sur Ben Brooks."})
    assert status == 200, text_of(page)
    assert lines(french(season)) == [*before[:4], '  fight: "Eva Esteve mène avec un point d\'avance sur Ben Brooks."',
                                     *before[5:]]
    assert lines(english(season)) == english_before  # a changed text changes no translation (it goes stale)
    assert "Saved: pre-event.fr.yaml." in text_of(page)


def test_a_new_paragraph_gets_a_readable_id_from_its_first_words(studio):
    client, season, _ = studio
    before = lines(french(season))
    status, page = save(client, {"new:paragraphs": "Les qualifications auront lieu samedi matin."})
    assert status == 200, text_of(page)
    assert lines(french(season)) == [*before[:6], '  les-qualifications-auront: "Les qualifications auront lieu samedi matin."',
                                     *before[6:]]
    assert "Les qualifications auront lieu samedi matin." in unit_block(page, "paragraphs.les-qualifications-auront")


def test_moving_a_paragraph_reorders_it_in_the_english_file_too(studio):
    client, season, _ = studio
    fr_before, en_before = lines(french(season)), lines(english(season))
    status, _ = save(client, {"op": "up:paragraphs.classes"})
    assert status == 200
    assert lines(french(season)) == [*fr_before[:4], fr_before[5], fr_before[4], *fr_before[6:]]
    assert lines(english(season)) == [*en_before[:5], en_before[6], en_before[5], *en_before[7:]]
    assert lines(english(season))[5].startswith('  classes: "In the Juniors')


def test_removing_a_paragraph_removes_it_and_its_fingerprint_from_the_english_file(studio):
    client, season, _ = studio
    fr_before, en_before = lines(french(season)), lines(english(season))
    status, _ = save(client, {"op": "remove:paragraphs.fight"})
    assert status == 200
    assert lines(french(season)) == [*fr_before[:4], *fr_before[5:]]
    assert lines(english(season)) == [*en_before[:5], *en_before[6:15], *en_before[16:]]
    assert '  paragraphs.fight: "9ec0a05c"' not in lines(english(season))


def test_a_translation_edits_the_texts_only(studio):
    client, season, _ = studio
    status, page = client.get(EDITOR_EN)
    assert status == 200 and "<h1>03-charlie · Pre-event release: text in English</h1>" in page
    assert 'value="remove:' not in page and "new:paragraphs" not in page
    before = lines(english(season))
    status, page = save(client, {"text:paragraphs.classes": "In the Juniors, Ana Alves is champion already."}, EDITOR_EN)
    assert status == 200, text_of(page)
    assert lines(english(season)) == [*before[:6], '  classes: "In the Juniors, Ana Alves is champion already."', *before[7:]]


# --- the fact-check ----------------------------------------------------------------------------------------------


def test_a_false_stakes_claim_in_a_paragraph_is_shown_on_that_unit_in_the_words_of_pressgen_lint(studio, capsys):
    client, season, _ = studio
    _, page = client.get(EDITOR)
    assert findings(page, "paragraphs.classes") == []
    # Before 03-charlie the Juniors' title is Ana Alves's already: Chloé Carrel has not won it.
    claim = "Chez les Juniors, Chloé Carrel a déjà remporté le titre."
    status, page = save(client, {"text:paragraphs.classes": claim})
    assert status == 200, text_of(page)
    assert f'  classes: "{claim}"' in lines(french(season))  # a finding is shown, not refused
    said = "warning: the text says Chloé Carrel has already won the juniors title; Ana Alves has"
    shown = findings(page, "paragraphs.classes")
    assert len(shown) == 1 and shown[0].startswith(said), shown
    _, out, _ = cli(capsys, "lint", season, "--round", "03-charlie")
    line = next(line for line in out if "pre-event.fr.yaml" in line and "paragraphs.classes" in line)
    assert line.split("paragraphs.classes: ", 1)[1] == shown[0]


# --- what the race report's editor refuses ---------------------------------------------------------------------


def test_a_new_body_paragraph_posted_to_the_race_reports_editor_writes_nothing(studio):
    client, season, _ = studio
    report = season / "rounds/03-charlie/fr.yaml"
    files = [report, season / "rounds/03-charlie/en.yaml", french(season), english(season)]
    before = [path.read_bytes() for path in files]
    status, page = save(client, {"new:paragraphs": "Un paragraphe que le compte rendu n'a pas."}, REPORT_EDITOR)
    assert status == 200
    assert "Nothing had changed: nothing was written." in text_of(page)
    assert [path.read_bytes() for path in files] == before


def test_a_race_report_posted_to_the_pre_event_editor_writes_nothing(studio):
    client, season, _ = studio
    before = french(season).read_bytes()
    status, page = save(client, {"new:reports.race-1.title": "Un titre", "new:reports.race-1.paragraphs": "Un texte."})
    assert status == 200
    assert "Nothing had changed: nothing was written." in text_of(page)
    assert french(season).read_bytes() == before


# --- the release beside -------------------------------------------------------------------------------------------


def test_the_release_beside_is_the_pre_event_release_as_saved(studio):
    client, _, _ = studio
    status, page = save(client, {"text:paragraphs.fight": "Eva Esteve arrive en tête à Charlie Park."})
    assert status == 200
    frame = re.search(r'<iframe src="([^"]+)"', page)
    assert frame and frame.group(1) == PREVIEW
    status, release = client.get(PREVIEW)
    assert status == 200
    assert "Eva Esteve arrive en tête à Charlie Park." in text_of(release)
    assert "Eva Esteve aborde la finale" not in text_of(release)
    status, report = client.get(f"/preview/{SEASON}/03-charlie/03-charlie-fr.html")
    assert status == 200 and "Eva Esteve arrive en tête" not in text_of(report)  # the race report is another page
