"""Exchange with translators: XLIFF and PO out, translated in another tool, and back in."""

import io
import shutil

import pytest
from babel.messages.pofile import read_po, write_po
from translate.storage import xliff

from generator.build import BuildRequest, build
from generator.commands.translate import accept, export, import_file, status
from generator.errors import DataError

from .conftest import MONZA_SEASON, edit
from .test_cli import pressgen
from .test_translation import FR_START, FR_START_EDITED

START = "reports.race-1.paragraphs.start"
EN_START = "Conditions remained wet for the race."
EN_START_NEW = "The track stayed wet for the race."


def translate_with_toolkit(exported: bytes, translations: dict[str, str]) -> bytes:
    """What a CAT tool does: open the XLIFF, fill some targets, save."""
    store = xliff.xlifffile.parsestring(exported)
    for unit in store.units:
        unit_id = unit.getid().rsplit("\x04", 1)[-1].removeprefix("2024-alpine-elf-cup/06-monza")
        if unit_id in translations:
            unit.target = translations[unit_id]
    return bytes(store)


def copy_season(tmp_path, name):
    target = tmp_path / name / "2024-alpine-elf-cup"
    shutil.copytree(MONZA_SEASON, target)
    return target


def english_html(season, out):
    build(BuildRequest(season, out, formats=("html",), langs=("en",)))
    return (out / "2024-alpine-elf-cup/06-monza/06-monza-en.html").read_text(encoding="utf-8")


def test_xliff_round_trip_equals_editing_the_english_by_hand(tmp_path):
    by_tool, by_hand = copy_season(tmp_path, "tool"), copy_season(tmp_path, "hand")
    for season in (by_tool, by_hand):
        edit(season / "rounds/06-monza/fr.yaml", FR_START, FR_START_EDITED)

    exported = export(by_tool, "06-monza", "en", "xliff")
    en_start = MONZA_SEASON / "rounds/06-monza/en.yaml"
    old = next(line for line in en_start.read_text(encoding="utf-8").splitlines() if line.startswith("      start:"))
    new_text = old.split('"', 1)[1].rstrip('"').replace(EN_START, EN_START_NEW)
    (tmp_path / "en.xlf").write_bytes(translate_with_toolkit(exported, {START: new_text}))
    report = import_file(tmp_path / "en.xlf", by_tool.parent)
    assert report.refused == ()
    assert report.lines == (f"{by_tool}/rounds/06-monza/en.yaml: imported 1 unit (23 unchanged)",)

    edit(by_hand / "rounds/06-monza/en.yaml", EN_START, EN_START_NEW)
    accept(by_hand, "06-monza", "en", [START])

    assert status(by_tool).complete and status(by_hand).complete
    html = english_html(by_tool, tmp_path / "out-tool")
    assert html == english_html(by_hand, tmp_path / "out-hand")
    assert EN_START_NEW in html
    assert (by_tool / "rounds/06-monza/en.yaml").read_bytes() == (by_hand / "rounds/06-monza/en.yaml").read_bytes()


def test_importing_an_untouched_export_changes_nothing(season_copy, tmp_path):
    before = (season_copy / "rounds/06-monza/en.yaml").read_bytes()
    export(season_copy, "06-monza", "en", "xliff", tmp_path / "en.xlf")
    import_file(tmp_path / "en.xlf", season_copy.parent)
    assert (season_copy / "rounds/06-monza/en.yaml").read_bytes() == before


def test_export_carries_context_and_marks_stale_translations(season_copy):
    edit(season_copy / "rounds/06-monza/fr.yaml", FR_START, FR_START_EDITED)
    text = export(season_copy, "06-monza", "en", "xliff").decode("utf-8")
    assert '<file original="2024-alpine-elf-cup/06-monza" source-language="fr" target-language="en" datatype="plaintext">' in text
    assert "<note>the quote; speaker: Thibaut Bossy</note>" in text
    assert "<note>race 1 report, paragraph 'start'</note>" in text
    start = text[text.index(f'<trans-unit id="{START}"'):]
    start = start[: start.index("</trans-unit>")]
    assert f"<source>{FR_START_EDITED}" in start
    assert f'<target state="needs-review-translation">{EN_START}' in start
    assert text.count('state="translated"') == 23


def test_import_refuses_units_whose_source_changed_since_the_export(season_copy, tmp_path):
    exported = export(season_copy, "06-monza", "en", "xliff")
    (tmp_path / "en.xlf").write_bytes(translate_with_toolkit(exported, {START: "Changed.", "headline": "New headline"}))
    edit(season_copy / "rounds/06-monza/fr.yaml", FR_START, FR_START_EDITED)
    report = import_file(tmp_path / "en.xlf", season_copy.parent)
    assert [str(p) for p in report.refused] == [
        f"{tmp_path}/en.xlf: {START}: error: refused: the fr text changed since this file was exported; export again"
    ]
    text = (season_copy / "rounds/06-monza/en.yaml").read_text(encoding="utf-8")
    assert 'headline: "New headline"' in text and "Changed." not in text


def test_import_exits_1_and_names_the_refused_unit(season_copy, tmp_path):
    export(season_copy, "06-monza", "en", "xliff", tmp_path / "en.xlf")
    edit(season_copy / "rounds/06-monza/fr.yaml", FR_START, FR_START_EDITED)
    done = pressgen("translate", "import", tmp_path / "en.xlf", season_copy.parent)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"{tmp_path}/en.xlf: {START}: error: refused: the fr text changed since this file was exported; export again"
    )


@pytest.mark.parametrize(
    "content, message",
    [
        (b"<xliff><file original='x'>", "invalid XLIFF: no element found: line 1, column 26"),
        (b"<html/>", "not an XLIFF file from `pressgen translate export` (no <file original=...>)"),
    ],
)
def test_malformed_xliff_is_a_clear_error(tmp_path, content, message):
    (tmp_path / "en.xlf").write_bytes(content)
    with pytest.raises(DataError) as caught:
        import_file(tmp_path / "en.xlf", MONZA_SEASON)
    assert str(caught.value).endswith(f"error: {message}")
    assert str(caught.value).startswith(f"{tmp_path}/en.xlf")


def test_po_round_trip_skips_fuzzy_units(season_copy, tmp_path):
    edit(season_copy / "rounds/06-monza/fr.yaml", FR_START, FR_START_EDITED)
    catalog = read_po(io.BytesIO(export(season_copy, "06-monza", "en", "po")))
    stale = [m for m in catalog if m.fuzzy]
    assert [m.context for m in stale] == [START]
    catalog.get("Charles Roussanne remporte le titre en Alpine ELF Cup Series", context="headline").string = "Roussanne is champion"
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    (tmp_path / "en.po").write_bytes(buffer.getvalue())
    import_file(tmp_path / "en.po", season_copy.parent)
    report = status(season_copy)
    assert report.lines[0] == "2024-alpine-elf-cup/06-monza en: 23 translated, 0 missing, 1 stale"
    assert 'headline: "Roussanne is champion"' in (season_copy / "rounds/06-monza/en.yaml").read_text(encoding="utf-8")


def test_a_first_italian_import_creates_the_file(season_copy, tmp_path):
    exported = export(season_copy, "06-monza", "it", "xliff")
    translated = translate_with_toolkit(exported, {"headline": "Charles Roussanne vince il titre", "quotes.bossy.role": "campione Challengers"})
    (tmp_path / "it.xlf").write_bytes(translated)
    import_file(tmp_path / "it.xlf", season_copy.parent)
    assert (season_copy / "rounds/06-monza/it.yaml").read_text(encoding="utf-8") == (
        "# 06-monza: it translation of the fr prose\n"
        'headline: "Charles Roussanne vince il titre"\n'
        "quotes:\n"
        "  bossy:\n"
        '    person: "Thibaut Bossy"\n'
        '    role: "campione Challengers"\n'
        "# Fingerprints of the source text each unit was translated from (kept by `pressgen translate`)\n"
        "source:\n"
        '  headline: "4c27ebde"\n'
        f'  quotes.bossy.role: "{fingerprint_of_bossy_role()}"\n'
        "# The source text each unit was translated from, to show what changes in it (kept by `pressgen translate`)\n"
        "translated_from:\n"
        '  headline: "Charles Roussanne remporte le titre en Alpine ELF Cup Series"\n'
        '  quotes.bossy.role: "lauréat de la catégorie Challengers"\n'
    )
    assert "2024-alpine-elf-cup/06-monza it: 2 translated, 22 missing, 0 stale" in status(season_copy).lines


def fingerprint_of_bossy_role():
    # printf '%s' "lauréat de la catégorie Challengers" | sha256sum | cut -c1-8
    return "20924663"


# --- what CAT tools read: Translate Toolkit's own counts of both exports --------------------------


def toolkit_counts(tmp_path, data: bytes, suffix: str) -> tuple[int, int, int]:
    """(translated, fuzzy, untranslated) as `pocount` counts them."""
    from translate.tools.pocount import calcstats

    path = tmp_path / f"counted{suffix}"
    path.write_bytes(data)
    stats = calcstats(str(path))
    return stats["translated"], stats["fuzzy"], stats["untranslated"]


def test_toolkit_counts_the_monza_xliff_as_the_po_export(season_copy, tmp_path):
    xliff_counts = toolkit_counts(tmp_path, export(season_copy, "06-monza", "en", "xliff"), ".xlf")
    po_counts = toolkit_counts(tmp_path, export(season_copy, "06-monza", "en", "po"), ".po")
    assert xliff_counts == po_counts == (24, 0, 0)  # the 24 English units are all current


def test_toolkit_counts_stale_and_missing_units_alike_in_both_exports(season_copy, tmp_path):
    edit(season_copy / "rounds/06-monza/fr.yaml", FR_START, FR_START_EDITED)  # one unit stale
    it_xliff = toolkit_counts(tmp_path, export(season_copy, "06-monza", "it", "xliff"), ".xlf")
    it_po = toolkit_counts(tmp_path, export(season_copy, "06-monza", "it", "po"), ".po")
    assert it_xliff == it_po == (0, 0, 24)  # no Italian yet: every unit missing
    en_xliff = toolkit_counts(tmp_path, export(season_copy, "06-monza", "en", "xliff"), ".xlf")
    en_po = toolkit_counts(tmp_path, export(season_copy, "06-monza", "en", "po"), ".po")
    assert en_xliff == en_po == (23, 1, 0)


def test_export_marks_states_for_cat_tools(season_copy):
    edit(season_copy / "rounds/06-monza/fr.yaml", FR_START, FR_START_EDITED)
    text = export(season_copy, "06-monza", "en", "xliff").decode("utf-8")
    assert text.count('approved="yes"') == 23 == text.count('<target state="translated">')
    start = text[text.index(f'<trans-unit id="{START}"'):]
    assert start[: start.index(">")].count("approved") == 0
    missing = export(season_copy, "06-monza", "it", "xliff").decode("utf-8")
    assert missing.count('<target state="needs-translation" />') == 24


def test_importing_an_untouched_export_keeps_a_stale_unit_stale(season_copy, tmp_path):
    edit(season_copy / "rounds/06-monza/fr.yaml", FR_START, FR_START_EDITED)
    export(season_copy, "06-monza", "en", "xliff", tmp_path / "en.xlf")
    report = import_file(tmp_path / "en.xlf", season_copy.parent)
    assert report.refused == ()
    assert [str(p) for p in report.unfinished] == [
        f"{tmp_path}/en.xlf: {START}: warning: not imported: the file marks this translation "
        'state="needs-review-translation" (not final); the unit keeps its current status'
    ]
    assert status(season_copy).lines[0] == "2024-alpine-elf-cup/06-monza en: 23 translated, 0 missing, 1 stale"
    with pytest.raises(DataError):
        build(BuildRequest(season_copy, tmp_path / "out", formats=("html",), langs=("en",)))


def test_a_unit_the_translator_marks_as_needing_work_is_not_imported(season_copy, tmp_path):
    store = xliff.xlifffile.parsestring(export(season_copy, "06-monza", "en", "xliff"))
    for unit in store.units:
        if unit.getid().endswith("headline"):
            unit.target = "A new headline, still to check"
            unit.markfuzzy(True)  # what a CAT tool writes for "needs work": needs-translation, approved="no"
    (tmp_path / "en.xlf").write_bytes(bytes(store))
    report = import_file(tmp_path / "en.xlf", season_copy.parent)
    assert [p.location.field for p in report.unfinished] == ["headline"]
    assert "A new headline" not in (season_copy / "rounds/06-monza/en.yaml").read_text(encoding="utf-8")
    assert status(season_copy).complete


def test_a_stale_unit_the_translator_confirms_is_imported_as_current(season_copy, tmp_path):
    edit(season_copy / "rounds/06-monza/fr.yaml", FR_START, FR_START_EDITED)
    store = xliff.xlifffile.parsestring(export(season_copy, "06-monza", "en", "xliff"))
    unit = next(u for u in store.units if u.getid().endswith(START))
    assert unit.isfuzzy() and not unit.isapproved()
    unit.target = "The track stayed wet for the race, reviewed."
    unit.set_state_n(unit.S_SIGNED_OFF + 1)  # "final", approved, as a reviewer's tool confirms it
    assert 'state="final"' in bytes(store).decode() and unit.isapproved()
    (tmp_path / "en.xlf").write_bytes(bytes(store))
    report = import_file(tmp_path / "en.xlf", season_copy.parent)
    assert report.refused == () and report.unfinished == ()
    assert status(season_copy).complete
    assert "reviewed." in (season_copy / "rounds/06-monza/en.yaml").read_text(encoding="utf-8")
