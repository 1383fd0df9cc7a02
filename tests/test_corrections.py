"""Correction notices, worked by hand on the bundled Monza data (see test_publish.py for v1 and v2):
changes listed since the first version, only what a reader sees change, each version with its own
embargo or none, and the archive's index listing each version's own changes, its language first.

v1 (21/10, embargo 21/10 08:00): Monza before Dhahri's penalty. v2 (22/10): the penalty. v3 (23/10,
embargo moved to 23/10 18:00): the pole time of race 2 corrected from 2:06.654 to 2:06.754."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil

import pytest

from generator.changes import Correction, classification_changes, standings_changes
from generator.classify import Classification, ClassifiedRow, Gap
from generator.commands.publish import PublishRequest, publish
from generator.standings import Standings, StandingsRow

from .conftest import MONZA_SEASON, edit
from .test_publish import EN_CHANGES, ROUND, SEASON_ID, _without_dhahri_penalty

EMBARGO_V1 = 'embargo: "2024-10-21T08:00:00+02:00"'
EMBARGO_V3 = 'embargo: "2024-10-23T18:00:00+02:00"'
POLE_TIME = "- Race 2: the pole time changed from 2:06.654 to 2:06.754."


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    project = tmp_path_factory.mktemp("project")
    season = project / "seasons" / SEASON_ID
    shutil.copytree(MONZA_SEASON, season)
    round_file = season / "rounds" / ROUND / "round.yaml"

    def with_embargo(line):
        edit(round_file, "release_date: 2024-10-21\n", f"release_date: 2024-10-21\n{line}\n")

    _without_dhahri_penalty(round_file)
    with_embargo(EMBARGO_V1)
    v1 = publish(PublishRequest(season, ROUND, dt.date(2024, 10, 21), accept_partial=True)).folder
    shutil.copy(MONZA_SEASON / "rounds" / ROUND / "round.yaml", round_file)
    with_embargo(EMBARGO_V1)
    v2 = publish(PublishRequest(season, ROUND, dt.date(2024, 10, 22), accept_partial=True)).folder
    edit(round_file, EMBARGO_V1, EMBARGO_V3)
    edit(round_file, '"2:06.654"', '"2:06.754"')
    v3 = publish(PublishRequest(season, ROUND, dt.date(2024, 10, 23), accept_partial=True)).folder
    return project, v1, v2, v3


def _text(folder, lang):
    return (folder / f"{ROUND}-{lang}.txt").read_text(encoding="utf-8").splitlines()


def test_v3_lists_every_change_since_v1_not_only_since_v2(versions):
    _, _, _, v3 = versions
    en = _text(v3, "en")
    start = en.index("CORRECTED VERSION, 23 OCTOBER 2024")
    assert en[start + 1:start + 4] == [  # the wire edition wraps at 72 columns
        "This is version 3 of this release; it replaces the version published on",
        "22 October 2024. What changed in the tables since version 1 of 21",
        "October 2024:",
    ]
    assert en[start + 4:start + 10] == [
        "- Race 1: Sami Dhahri is no longer 5th; the published results do not",
        "  establish the new position.",
        POLE_TIME, *EN_CHANGES[1:], "",
    ]


def test_v3_in_french(versions):
    _, _, _, v3 = versions
    fr = _text(v3, "fr")
    start = fr.index("VERSION CORRIGÉE DU 23/10/2024")
    assert fr[start + 2:start + 4] == ["publiée le 22/10/2024. Ce qui a changé dans les tableaux depuis la",
                                       "version 1 du 21/10/2024\u00a0:"]
    assert fr[start + 4:start + 8] == ["- Course 1\u00a0: Sami Dhahri n’est plus 5e\u202f; les résultats publiés",
                                       "  n’établissent pas sa nouvelle position.",
                                       "- Course 2\u00a0: le temps de la pole position passe de 2'06''654 à",
                                       "  2'06''754."]


def test_each_version_carries_its_own_embargo_or_none(versions):
    from pypdf import PdfReader

    _, v1, v2, v3 = versions
    assert "Embargoed until Monday, 21 October 2024, 08:00 UTC+02:00" in _text(v1, "en")
    assert not [line for line in _text(v2, "en") if "Embargoed" in line]  # v2, sent on 22/10: the 21/10 embargo is past
    assert not [line for line in _text(v2, "fr") if "embargo" in line]
    assert 'class="embargo"' not in (v2 / f"{ROUND}-en.html").read_text(encoding="utf-8")
    assert "/Embargo" not in PdfReader(io.BytesIO((v2 / f"{ROUND}-en.pdf").read_bytes())).metadata
    assert "Embargoed until Wednesday, 23 October 2024, 18:00 UTC+02:00" in _text(v3, "en")


def test_the_archive_index_lists_each_version_own_changes_in_each_language(versions):
    project, _, _, _ = versions
    index = (project / "archive" / SEASON_ID / "index.html").read_text(encoding="utf-8")
    french, english = index.split('<section lang="en">')
    v3, rest = english.split("version 2, published 22 October 2024")
    v2, v1 = rest.split("version 1, published 21 October 2024")
    assert re.findall(r"<li>(.*?)</li>", v3) == [POLE_TIME[2:]]
    assert re.findall(r"<li>(.*?)</li>", v2) == [line[2:] for line in EN_CHANGES]
    assert "<li>" not in v1 and "tables are unchanged" not in v1
    assert "Course 2\u00a0: le temps de la pole position passe de 2'06''654 à 2'06''754." in french.replace("&#39;", "'")


@pytest.mark.parametrize("where", ["archive", "output"])
def test_every_index_section_lists_its_own_language_first(versions, where):
    from generator.build import BuildRequest, build

    project, _, _, _ = versions
    if where == "output":
        build(BuildRequest(project / "seasons", project / "output", formats=("html", "text")))
    index = (project / where / SEASON_ID / "index.html").read_text(encoding="utf-8")
    for section in re.findall(r'<section lang="(\w+)">(.*?)</section>', index, re.S):
        lang, body = section
        rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
        assert rows and all(re.findall(r'<td lang="(\w+)">', row)[0] == lang for row in rows if '<td lang="' in row)


def test_a_correction_back_to_the_first_tables_lists_what_it_undoes(versions, tmp_path):
    from generator.change_text import change_lines
    from generator.commands.publish import correction_since, input_files
    from generator.load import load_and_compute
    from generator.published import round_versions

    project, v1, _, _ = versions
    season = tmp_path / SEASON_ID
    shutil.copytree(v1 / "inputs" / SEASON_ID, season)  # version 1's data again, after v2 and v3
    [(loaded, results)] = load_and_compute(season)
    correction = correction_since(round_versions(project / "archive", SEASON_ID, ROUND), input_files(loaded, ROUND),
                                  loaded, results, ROUND, dt.date(2024, 10, 24))
    assert (correction.version, correction.previous_date, correction.first_date) == (4, dt.date(2024, 10, 23), None)
    assert change_lines(correction.changes, "en") == [
        "Race 1: Sami Dhahri is now classified 5th.",
        "Race 2: the pole time changed from 2:06.754 to 2:06.654.",
        "Standings: Lukas Papin now has 112 points (previously 114).",
        "Standings: Florian Coruble now has 70 points (previously 72).",
    ]


# --- what a reader sees change, on small tables worked by hand -----------------------------------------


def _row(driver, position, gap_ms=None, status="classified", penalty=(0, 0)):
    gap = Gap(ms=gap_ms) if gap_ms is not None else None
    return ClassifiedRow(driver, "Team", position, position, status, 10, gap, penalty)


def _race(*rows):
    return Classification(1, 10, tuple(rows), True, None, None)


def test_a_disqualification_lists_that_driver_not_everyone_behind():
    before = _race(_row("A", 1), _row("B", 2, 1000), _row("C", 3, 2000), _row("D", 4, 3000))
    after = _race(_row("A", 1), _row("C", 2, 2000), _row("D", 3, 3000), _row("B", None, None, "disqualified"))
    changes = classification_changes(1, before, after)
    assert [(c.driver, c.old.position, c.new.status) for c in changes] == [("B", 2, "disqualified")]


def test_two_drivers_swapped_by_a_correction_are_both_listed():
    before = _race(_row("A", 1), _row("B", 2), _row("C", 3), _row("D", 4))
    after = _race(_row("A", 1), _row("C", 2), _row("B", 3), _row("D", 4))
    assert [(c.driver, c.old.position, c.new.position) for c in classification_changes(1, before, after)] == [("C", 3, 2), ("B", 2, 3)]


def _standing(position, driver, points):
    return StandingsRow(position, driver, "Team", points, None, None, None, None)


def test_standings_list_points_changes_and_real_overtakes_not_shifts():
    before = Standings(None, (_standing(1, "A", 50), _standing(2, "B", 40), _standing(3, "C", 30), _standing(4, "D", 20)), True)
    # C gains 15 points and passes B; A and D keep their places; nobody else's points change.
    after = Standings(None, (_standing(1, "A", 50), _standing(2, "C", 45), _standing(3, "B", 40), _standing(4, "D", 20)), True)
    assert [c.driver for c in standings_changes(before, after)] == ["C"]
    # B loses 25 points and falls to last: C and D move up one place each because of B alone.
    after = Standings(None, (_standing(1, "A", 50), _standing(2, "C", 30), _standing(3, "D", 20), _standing(4, "B", 15)), True)
    assert [c.driver for c in standings_changes(before, after)] == ["B"]


def test_an_embargo_past_on_the_day_of_a_correction_is_not_carried():
    embargo = dt.datetime(2024, 10, 21, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert Correction(2, dt.date(2024, 10, 22), dt.date(2024, 10, 21)).embargo(embargo) is None
    assert Correction(2, dt.date(2024, 10, 21), dt.date(2024, 10, 21)).embargo(embargo) == embargo
    assert Correction(2, dt.date(2024, 10, 22), dt.date(2024, 10, 21)).embargo(None) is None
