"""What pressgen prints a reader: no `None` or placeholder, messages in the language they are
written in, imports that say when they change nothing, file comments kept true."""

import shutil

import pytest
from translate.storage import xliff

from generator.cli import main
from generator.commands.translate import export, import_file

from .conftest import MONZA_SEASON, ROOT, SEASONS, edit
from .test_translation import FR_START, FR_START_EDITED

DEMO_SEASON = SEASONS / "2025-demo-cup"


@pytest.mark.parametrize("args", [
    ["validate"], ["standings", MONZA_SEASON], ["standings", DEMO_SEASON, "--teams"],
    ["standings", DEMO_SEASON, "--category", "juniors"], ["standings", DEMO_SEASON, "--after", "01-alpha", "--race", "1"],
    ["lint"], ["translate", "status"],
    *(["facts", "seasons", "--round", r] for r in ("06-monza", "01-alpha", "02-bravo", "03-charlie")),
], ids=lambda args: " ".join(str(a) for a in args))
def test_text_output_never_prints_none(capsys, monkeypatch, args):
    monkeypatch.chdir(ROOT)
    assert main([str(a) for a in args]) == 0
    out = capsys.readouterr().out
    assert out.strip() and "None" not in out and "null" not in out


def test_facts_say_a_count_the_data_leaves_unknown_in_words(capsys, monkeypatch):
    # Jousset's podiums before Monza are not in the snapshot (only wins are published for him).
    monkeypatch.chdir(ROOT)
    main(["facts", str(MONZA_SEASON), "--round", "06-monza"])
    lines = capsys.readouterr().out.splitlines()
    assert "race 1  podium           Léo Jousset              count not in the data, position=1" in "\n".join(lines)
    assert "race 1  pole             Léo Jousset              count not in the data" in lines[4]


def _translated_by_tool(exported: bytes, translate) -> bytes:
    store = xliff.xlifffile.parsestring(exported)
    for unit in store.units:
        unit.target = translate(unit.source)
    return bytes(store)


def test_importing_the_same_file_again_says_nothing_changed(season_copy, tmp_path):
    prose = season_copy / "rounds/06-monza/en.yaml"
    edit(season_copy / "rounds/06-monza/fr.yaml", FR_START, FR_START_EDITED)  # one unit goes stale
    exported = export(season_copy, "06-monza", "en", "xliff")
    (tmp_path / "en.xlf").write_bytes(_translated_by_tool(exported, lambda text: text))  # "translated" as is
    first = import_file(tmp_path / "en.xlf", season_copy)
    assert first.lines == (f"{prose}: imported 24 units",)
    after_first = prose.read_bytes()
    again = import_file(tmp_path / "en.xlf", season_copy)
    assert again.lines == (f"{tmp_path / 'en.xlf'}: nothing changed: its 24 units are already in the en prose, "
                           "translated from the current text",)
    assert prose.read_bytes() == after_first


def test_an_import_of_an_untouched_export_changes_nothing_and_says_so(season_copy, tmp_path):
    before = (season_copy / "rounds/06-monza/en.yaml").read_bytes()
    export(season_copy, "06-monza", "en", "xliff", tmp_path / "en.xlf")
    report = import_file(tmp_path / "en.xlf", season_copy)
    assert report.lines[0].endswith(": nothing changed: its 24 units are already in the en prose, translated from the current text")
    assert (season_copy / "rounds/06-monza/en.yaml").read_bytes() == before


def test_after_an_import_the_new_round_comment_no_longer_says_nothing_is_translated(tmp_path, capsys):
    season = tmp_path / "2025-demo-cup"
    shutil.copytree(DEMO_SEASON, season)
    written = {name: (season / "rounds/03-charlie" / name).read_bytes() for name in ("round.yaml", "fr.yaml")}
    shutil.rmtree(season / "rounds/03-charlie")
    assert main(["new-round", str(season), "03-charlie"]) == 0
    for name, content in written.items():  # the data and the source prose, filled in
        (season / "rounds/03-charlie" / name).write_bytes(content)
    prose = season / "rounds/03-charlie/en.yaml"
    assert prose.read_text(encoding="utf-8").startswith("# 03-charlie: en translation of the fr prose. Nothing is translated yet:")
    exported = export(season, "03-charlie", "en", "xliff")
    (tmp_path / "en.xlf").write_bytes(_translated_by_tool(exported, lambda text: f"EN {text}"))
    import_file(tmp_path / "en.xlf", season)
    text = prose.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# 03-charlie: en translation of the fr prose"
    assert "Nothing is translated yet" not in text and "translate export" not in text.splitlines()[1]


def test_a_comment_written_by_hand_is_kept(season_copy, tmp_path):
    prose = season_copy / "rounds/06-monza/en.yaml"
    header = prose.read_text(encoding="utf-8").splitlines()[0]
    edit(season_copy / "rounds/06-monza/fr.yaml", FR_START, FR_START_EDITED)
    (tmp_path / "en.xlf").write_bytes(_translated_by_tool(export(season_copy, "06-monza", "en", "xliff"), lambda text: text))
    import_file(tmp_path / "en.xlf", season_copy)
    assert prose.read_text(encoding="utf-8").splitlines()[0] == header


def test_accepting_units_already_accepted_says_nothing_changed(season_copy, capsys):
    prose = season_copy / "rounds/06-monza/en.yaml"
    before = prose.read_bytes()
    args = ["translate", "accept", str(season_copy), "--round", "06-monza", "--to", "en", "--all"]
    assert main(args) == 0
    assert capsys.readouterr().out == "nothing changed: the 24 units already count as translated from the current fr text\n"
    assert prose.read_bytes() == before
