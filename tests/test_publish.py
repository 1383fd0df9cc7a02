"""Publishing and corrections. Expectations are worked by hand from the bundled Monza data:

v1 is Monza as if the stewards had not (yet) penalised Sami Dhahri in race 1: he is 5th at the
flag with no penalty, so Papin, Coruble, Rdest and de Brabant are 6th to 9th (the positions the
prose gives, each one place lower). v2 is the bundled data: his 5 seconds put him behind Papin
(known gap 3.355 < his 2.542..3.355 + 5) but the data cannot place him among the cars whose gaps
are unknown, so his position is not established; Papin is 5th (10 points instead of 8: 112 -> 114),
Coruble 6th (8 instead of 6: 70 -> 72), Rdest 7th, de Brabant 8th. Nothing else changes.

What a reader sees change: Dhahri's place, and Papin's and Coruble's points. The four drivers
behind Dhahri move up one place only because he left his: their order among themselves is as it
was, so their shifts are not listed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.build import BuildRequest, build
from generator.commands.publish import PublishRequest, publish
from generator.errors import DataError, UsageError

from .conftest import MONZA_SEASON, ROOT, edit

ROUND = "06-monza"
SEASON_ID = "2024-alpine-elf-cup"
DHAHRI_PENALTY = """    penalties:
      - driver: Sami Dhahri
        seconds: 5
        reason:
          fr: avoir gagné un avantage en dehors de la piste
          en: gaining an advantage off track
"""

EN_CHANGES = [
    "- Race 1: Sami Dhahri is no longer 5th; the published results do not establish the new position.",
    "- Standings: Lukas Papin now has 114 points (previously 112).",
    "- Standings: Florian Coruble now has 72 points (previously 70).",
]
NBSP, NNBSP = "\u00a0", "\u202f"
FR_CHANGES = [
    f"- Course 1{NBSP}: Sami Dhahri n’est plus 5e{NNBSP}; les résultats publiés n’établissent pas sa nouvelle position.",
    f"- Championnat{NBSP}: Lukas Papin compte désormais 114 points (112 auparavant).",
    f"- Championnat{NBSP}: Florian Coruble compte désormais 72 points (70 auparavant).",
]


def _without_dhahri_penalty(round_file: Path) -> None:
    edit(round_file, DHAHRI_PENALTY, "")
    edit(round_file, "{driver: Florian Coruble, position: 6}", "{driver: Florian Coruble, position: 7}")
    edit(round_file, "{driver: Gosia Rdest, position: 7}\n      - {driver: Frédéric de Brabant, position: 8}",
         "{driver: Gosia Rdest, position: 8}\n      - {driver: Frédéric de Brabant, position: 9}")


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    """A project with v1 (before the penalty) and v2 (after it); v1's hashes taken before v2."""
    project = tmp_path_factory.mktemp("project")
    season = project / "seasons" / SEASON_ID
    shutil.copytree(MONZA_SEASON, season)
    _without_dhahri_penalty(season / "rounds" / ROUND / "round.yaml")
    first = publish(PublishRequest(season, ROUND, dt.date(2024, 10, 21), accept_partial=True))
    v1_before = _hashes(first.folder)
    shutil.copy(MONZA_SEASON / "rounds" / ROUND / "round.yaml", season / "rounds" / ROUND / "round.yaml")
    second = publish(PublishRequest(season, ROUND, dt.date(2024, 10, 23), accept_partial=True))
    return project, first, second, v1_before


def test_first_publication_is_v1_in_archive_beside_seasons(corrected):
    project, first, _, _ = corrected
    assert first.folder == project / "archive" / SEASON_ID / ROUND / "v1"
    names = sorted(p.name for p in first.folder.iterdir())
    assert names == sorted([f"{ROUND}-{lang}{suffix}" for lang in ("fr", "en")
                            for suffix in (".html", ".pdf", ".email.html", ".txt", ".docx", ".posts.txt",
                                           ".card-1.png", ".card-1.txt", ".card-2.png", ".card-2.txt")] + ["inputs", "manifest.json"])
    manifest = json.loads((first.folder / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["version"], manifest["published"]) == (1, "2024-10-21")
    inputs = {f["name"]: f["lang"] for f in manifest["files"] if f["edition"] == "input"}
    assert inputs == {f"inputs/{SEASON_ID}/season.yaml": None, f"inputs/{SEASON_ID}/rounds/{ROUND}/round.yaml": None,
                      f"inputs/{SEASON_ID}/rounds/{ROUND}/fr.yaml": "fr", f"inputs/{SEASON_ID}/rounds/{ROUND}/en.yaml": "en"}
    for entry in manifest["files"]:
        content = (first.folder / entry["name"]).read_bytes()
        assert (len(content), hashlib.sha256(content).hexdigest()) == (entry["size"], entry["sha256"])
    v1_text = (first.folder / f"{ROUND}-en.txt").read_text(encoding="utf-8")
    assert "CORRECTED VERSION" not in v1_text


def test_v1_releases_are_the_build_of_their_inputs(corrected, tmp_path):
    """What is archived is exactly what `build` makes of the archived inputs."""
    _, first, _, _ = corrected
    build(BuildRequest(first.folder / "inputs" / SEASON_ID, tmp_path, formats=("html", "text")))
    for name in (f"{ROUND}-fr.html", f"{ROUND}-en.txt"):
        assert (tmp_path / SEASON_ID / ROUND / name).read_bytes() == (first.folder / name).read_bytes()


def test_penalty_yields_v2_with_the_change_list_in_both_languages(corrected):
    _, _, second, _ = corrected
    assert second.folder.name == "v2"
    en = (second.folder / f"{ROUND}-en.txt").read_text(encoding="utf-8").splitlines()
    assert en[3:11] == [  # the wire edition wraps at 72 columns, list items indented under their text
        "CORRECTED VERSION, 23 OCTOBER 2024",
        "This is version 2 of this release; it replaces the version published on",
        "21 October 2024. What changed in the tables:",
        "- Race 1: Sami Dhahri is no longer 5th; the published results do not",
        "  establish the new position.",
        EN_CHANGES[1],
        EN_CHANGES[2],
        "",
    ]
    fr = (second.folder / f"{ROUND}-fr.txt").read_text(encoding="utf-8").splitlines()
    assert fr[3] == "VERSION CORRIGÉE DU 23/10/2024"
    assert fr[4:6] == [f"Ceci est la version 2 de ce communiqué{NNBSP}; elle remplace la version",
                       f"publiée le 21/10/2024. Ce qui a changé dans les tableaux{NBSP}:"]
    assert fr[6:13] == [
        f"- Course 1{NBSP}: Sami Dhahri n’est plus 5e{NNBSP}; les résultats publiés",
        "  n’établissent pas sa nouvelle position.",
        f"- Championnat{NBSP}: Lukas Papin compte désormais 114 points (112",
        "  auparavant).",
        f"- Championnat{NBSP}: Florian Coruble compte désormais 72 points (70",
        "  auparavant).",
        "",
    ]


@pytest.mark.parametrize("edition", [".html", ".email.html"])
def test_notice_in_web_and_email_editions(corrected, edition):
    _, _, second, _ = corrected
    html = (second.folder / f"{ROUND}-en{edition}").read_text(encoding="utf-8")
    assert "Corrected version, 23 October 2024</h2>" in html
    assert ">Race 1: Sami Dhahri is no longer 5th; the published results do not establish the new position.</li>" in html
    assert "Version corrigée du 23/10/2024</h2>" in (second.folder / f"{ROUND}-fr{edition}").read_text(encoding="utf-8")


def test_notice_in_the_pdf(corrected):
    from .goldens import pdf_text

    _, _, second, _ = corrected
    text = pdf_text((second.folder / f"{ROUND}-en.pdf").read_bytes())
    assert "CORRECTED VERSION, 23 OCTOBER 2024" in text.upper()
    assert "Standings: Lukas Papin now has 114 points (previously 112)." in " ".join(text.split())


def test_v1_is_unchanged_by_v2_and_by_builds(corrected, tmp_path):
    project, first, _, v1_before = corrected
    build(BuildRequest(project / "seasons", tmp_path / "output", formats=("html",)))
    assert _hashes(first.folder) == v1_before


def test_nothing_changed_makes_no_new_version(corrected):
    project, _, second, _ = corrected
    report = publish(PublishRequest(project / "seasons", ROUND, dt.date(2024, 10, 24), accept_partial=True))
    assert report.folder is None
    assert report.lines == (f"{SEASON_ID}/{ROUND}: nothing changed since version 2 of 2024-10-23; no new version",)
    assert sorted(p.name for p in second.folder.parent.iterdir()) == ["v1", "v2"]


def test_archive_index_and_season_index_list_versions_newest_first(corrected, tmp_path):
    project, _, _, _ = corrected
    archive_index = (project / "archive" / SEASON_ID / "index.html").read_text(encoding="utf-8")
    assert archive_index.index("version 2, published 23 October 2024") < archive_index.index("version 1, published 21 October 2024")
    assert "version 2, publiée le 23/10/2024" in archive_index
    assert f'href="{ROUND}/v2/{ROUND}-fr.pdf"' in archive_index
    build(BuildRequest(project / "seasons", project / "output", formats=("html",)))
    season_index = (project / "output" / SEASON_ID / "index.html").read_text(encoding="utf-8")
    assert season_index.index("version 2, published") < season_index.index("version 1, published")
    assert f'href="../../archive/{SEASON_ID}/{ROUND}/v1/{ROUND}-en.txt"' in season_index


def test_a_fresh_clone_has_v1_and_v2(corrected, tmp_path):
    project, first, second, _ = corrected
    git = ["git", "-c", "user.name=press", "-c", "user.email=press@example.org"]
    shutil.copy(ROOT / ".gitignore", project / ".gitignore")  # the project's own ignore rules
    subprocess.run([*git, "init", "-q", str(project)], check=True)
    subprocess.run([*git, "-C", str(project), "add", "archive"], check=True)
    subprocess.run([*git, "-C", str(project), "commit", "-q", "-m", "publish"], check=True)
    clone = tmp_path / "clone"
    subprocess.run([*git, "clone", "-q", str(project), str(clone)], check=True)
    for folder in (first.folder, second.folder):
        assert _hashes(clone / "archive" / SEASON_ID / ROUND / folder.name) == _hashes(folder)


def _republished(season: Path, archive: Path, file: str, old: str, new: str) -> Path:
    """Publish v1, edit one input, publish again: the new version's folder."""
    publish(PublishRequest(season, ROUND, dt.date(2024, 10, 21), archive, accept_partial=True))
    edit(season / "rounds" / ROUND / file, old, new)
    return publish(PublishRequest(season, ROUND, dt.date(2024, 10, 22), archive, accept_partial=True)).folder


def _lines(folder: Path, lang: str) -> list[str]:
    return (folder / f"{ROUND}-{lang}.txt").read_text(encoding="utf-8").splitlines()


def test_pole_time_correction(tmp_path, season_copy):
    folder = _republished(season_copy, tmp_path / "archive", "round.yaml", '"2:06.654"', '"2:06.754"')
    en, fr = _lines(folder, "en"), _lines(folder, "fr")
    assert en[6:8] == ["- Race 2: the pole time changed from 2:06.654 to 2:06.754.", ""]
    assert fr[6:8] == [f"- Course 2{NBSP}: le temps de la pole position passe de 2'06''654 à",
                       "  2'06''754."]


def test_prose_only_correction(tmp_path, season_copy):
    folder = _republished(season_copy, tmp_path / "archive", "en.yaml", "Temple of Speed", "temple of speed")
    en, fr = _lines(folder, "en"), _lines(folder, "fr")
    assert en[4:6] == ["This is version 2 of this release; it replaces the version published on",
                       "21 October 2024. The text was corrected; the tables are unchanged."]
    assert not en[6].startswith("- Race") and not en[7].startswith("- Race")
    # only the English text changed: the French release does not say its text was corrected
    french = " ".join(fr[4:8])
    assert "Le texte a été corrigé" not in french
    assert f"Le texte et les tableaux sont inchangés{NNBSP}; d’autres détails des données ont été corrigés." in french
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["text_changed"] == ["en"]


def test_a_correction_the_release_does_not_print_says_neither_text_nor_tables_changed(tmp_path):
    """Demo 02-bravo, race 1: Gus Garnier (car 7) is moved back two places after the race, so the
    release prints no gap for him ("–"). His gap at the flag corrected from 1.500 to 1.450 changes
    the data, the round.yaml attached to the PDF, and nothing the text or the tables print: the
    notice says exactly that, in every language, on the page, in the wire text and in the index."""
    season, archive = tmp_path / "2025-demo-cup", tmp_path / "archive"
    shutil.copytree(ROOT / "seasons" / "2025-demo-cup", season)
    publish(PublishRequest(season, "02-bravo", dt.date(2025, 5, 19), archive))
    edit(season / "rounds" / "02-bravo" / "round.yaml", '{car: 7, gap: "1.500"}', '{car: 7, gap: "1.450"}')
    folder = publish(PublishRequest(season, "02-bravo", dt.date(2025, 5, 20), archive)).folder
    assert folder.name == "v2"
    en = " ".join((folder / "02-bravo-en.txt").read_text(encoding="utf-8").splitlines()[:12])
    fr = " ".join((folder / "02-bravo-fr.txt").read_text(encoding="utf-8").splitlines()[:12])
    assert "The text and the tables are unchanged; other details of the data were corrected." in en
    assert f"Le texte et les tableaux sont inchangés{NNBSP}; d’autres détails des données ont été corrigés." in fr
    assert "text was corrected" not in en and "texte a été corrigé" not in fr
    page = (folder / "02-bravo-en.html").read_text(encoding="utf-8")
    assert "The text and the tables are unchanged; other details of the data were corrected." in page
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["changes"] == {"fr": [], "en": []} and manifest["text_changed"] == []
    index = (archive / "2025-demo-cup" / "index.html").read_text(encoding="utf-8")
    assert "The text was corrected" not in index and "other details of the data were corrected" in index


def test_comment_only_edit_is_no_change(tmp_path, season_copy):
    archive = tmp_path / "archive"
    publish(PublishRequest(season_copy, ROUND, dt.date(2024, 10, 21), archive, accept_partial=True))
    round_file = season_copy / "rounds" / ROUND / "round.yaml"
    round_file.write_text(round_file.read_text(encoding="utf-8") + "# checked again\n", encoding="utf-8")
    assert publish(PublishRequest(season_copy, ROUND, dt.date(2024, 10, 22), archive, accept_partial=True)).folder is None


def test_publish_refuses_stale_translations(tmp_path, season_copy):
    edit(season_copy / "rounds" / ROUND / "fr.yaml", "Temple de la Vitesse", "Temple de la vitesse")
    with pytest.raises(DataError) as caught:
        publish(PublishRequest(season_copy, ROUND, dt.date(2024, 10, 21), tmp_path / "archive", accept_partial=True))
    assert "en.yaml" in str(caught.value) and "stale: the fr text changed since this was translated" in str(caught.value)
    assert not (tmp_path / "archive").exists()


def test_publish_refuses_a_date_before_the_last_version(tmp_path, season_copy):
    archive = tmp_path / "archive"
    publish(PublishRequest(season_copy, ROUND, dt.date(2024, 10, 21), archive, accept_partial=True))
    edit(season_copy / "rounds" / ROUND / "round.yaml", '"2:06.654"', '"2:06.754"')
    with pytest.raises(UsageError, match=r"--date 2024-10-20 is before version 1 \(2024-10-21\)"):
        publish(PublishRequest(season_copy, ROUND, dt.date(2024, 10, 20), archive, accept_partial=True))


def test_build_refuses_to_write_into_the_archive(tmp_path, season_copy):
    with pytest.raises(UsageError, match="refusing to build into the archive"):
        build(BuildRequest(season_copy, tmp_path / "archive" / "x", archive=tmp_path / "archive"))


def test_cli_publish_messages_and_exit_codes(tmp_path, season_copy, capsys):
    from generator.cli import main

    args = ["publish", str(season_copy), "--round", ROUND, "--archive", str(tmp_path / "a"), "--accept-partial"]
    assert main([*args, "--date", "21/10/2024"]) == 2
    assert "--date: expected a date such as 2024-10-21, found '21/10/2024'" in capsys.readouterr().err
    assert main([*args, "--date", "2024-10-21"]) == 0
    assert main([*args, "--date", "2024-10-22"]) == 0
    assert "nothing changed since version 1 of 2024-10-21; no new version" in capsys.readouterr().out


def test_archive_is_not_ignored_by_git():
    ignored = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", "archive/x/06-monza/v1/a.pdf"])
    assert ignored.returncode == 1  # 1: not ignored


def test_publish_refuses_partial_tables_unless_accepted(tmp_path, season_copy):
    """The bundled Monza round is partial by nature (rebuilt from a published release): each race's
    rows may lack cars, and only five drivers' totals are known before it."""
    with pytest.raises(DataError) as caught:
        publish(PublishRequest(season_copy, ROUND, dt.date(2024, 10, 21), tmp_path / "archive"))
    round_file = f"{season_copy}/rounds/{ROUND}/round.yaml"
    assert [str(p) for p in caught.value.problems] == [
        f"{season_copy}/rounds/{ROUND}: error: 3 partial tables: publish with --accept-partial if the release is meant "
        "to show only what the data establishes (mark each race `results_complete: true` once every car is listed)",
        f"{round_file}:3:1: error: {ROUND}: the standings after the round are partial: totals not established: "
        "Louis Méric, Sami Dhahri, Gosia Rdest, Romain Monti, Frédéric de Brabant, Pierre-Laurent Figuière, Pierre Macchi",
        f"{round_file}:8:5: races[0].results_complete: error: {ROUND} race 1 is partial: results_complete is false: "
        "a car without a row may have finished anywhere; positions not established: Sami Dhahri",
        f"{round_file}:33:5: races[1].results_complete: error: {ROUND} race 2 is partial: results_complete is false: "
        "a car without a row may have finished anywhere; positions not established: Florian Coruble",
    ]
    assert not (tmp_path / "archive").exists()
    report = publish(PublishRequest(season_copy, ROUND, dt.date(2024, 10, 21), tmp_path / "archive", accept_partial=True))
    warned = [line.split(": warning: ")[1] for line in report.lines[:3]]
    assert [line.split(" is partial")[0].split(":")[0] for line in warned] == [f"{ROUND} race 1", f"{ROUND} race 2", ROUND]
    assert report.folder == tmp_path / "archive" / SEASON_ID / ROUND / "v1"


def test_a_correction_of_a_round_after_one_with_photos_loads_the_archived_season(tmp_path):
    """A version archives every round its standings count with that round's photos: the season
    archived with 03-charlie's v1 loads again (02-bravo's round.yaml names its photos), so the
    correction after it can be computed."""
    season = tmp_path / "seasons" / "2025-demo-cup"
    shutil.copytree(ROOT / "seasons" / "2025-demo-cup", season)
    archive = tmp_path / "archive"
    publish(PublishRequest(season, "03-charlie", dt.date(2025, 6, 23), archive))
    v1_inputs = archive / "2025-demo-cup/03-charlie/v1/inputs/2025-demo-cup"
    bravo_photos = sorted(p.name for p in (season / "rounds/02-bravo").iterdir() if p.suffix in (".jpg", ".png"))
    assert bravo_photos and sorted(p.name for p in (v1_inputs / "rounds/02-bravo").iterdir() if p.suffix in (".jpg", ".png")) == bravo_photos
    edit(season / "rounds/03-charlie/round.yaml", '{car: 4, gap: "0.800"}', '{car: 4, gap: "0.900"}')
    report = publish(PublishRequest(season, "03-charlie", dt.date(2025, 6, 24), archive))
    assert report.folder == archive / "2025-demo-cup/03-charlie/v2"
