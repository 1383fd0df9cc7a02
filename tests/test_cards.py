"""Result cards (the `card` edition and its `card-text` companion): one 1080x1350 PNG per race and
language, its alternative text beside it. Expectations worked by hand from the demo seasons' round
files (illustrative data) and, for Monza, from the reference release (/work/shared/seeds/…)."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from lxml import html as lxml_html

from generator import editions
from generator.build import BuildRequest, build, render
from generator.editions import card_html
from generator.editions.card import card_pdf
from generator.incremental import shared_digest
from generator.plan import plan_build

from .conftest import DEMO_SEASON, MONZA_SEASON, SEASONS, edit

BRAVO = "02-bravo"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """The demo round 02-bravo and the Italian demo round built with `--format card` (and posts, to
    check the companion comes along with the card alone)."""
    out = tmp_path_factory.mktemp("cards")
    build(BuildRequest(DEMO_SEASON, out, round_id=BRAVO, formats=("card",)))
    build(BuildRequest(SEASONS / "2025-coppa-demo", out, round_id="01-lago", formats=("card",)))
    return out


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, data) of every chunk, each CRC checked: read by hand, not by the library that wrote it."""
    assert data[:8] == PNG_SIGNATURE
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        assert crc == zlib.crc32(kind + body)
        chunks.append((kind, body))
        at += 12 + length
    return chunks


def releases(season: Path, round_id: str, langs: tuple[str, ...]):
    """The round's rendered releases by language, as the build renders them (card_html's input)."""
    plan = plan_build(BuildRequest(season, Path("/nonexistent-out"), round_id=round_id, langs=langs, formats=("card",)), shared_digest())
    return {planned.lang: render(planned) for planned in plan.releases}


def card_document(season: Path, round_id: str, lang: str, race: int):
    release = releases(season, round_id, (lang,))[lang]
    return card_html(editions.get("card"), release, race)


def rows(document: str) -> list[tuple[str, str, str, str]]:
    """(position, driver, team, gap) of each row of the card's table, as its text reads."""
    tree = lxml_html.fromstring(document)
    found = []
    for row in tree.xpath("//table[contains(@class, 'results')]//tr"):
        pos, driver, gap = row.xpath("./td")
        name, team = driver.xpath("./div[@class='name']")[0], driver.xpath("./div[@class='team']")[0]
        found.append((pos.text_content(), name.text_content(), team.text_content(), gap.text_content()))
    return found


def test_a_card_and_its_text_per_race_and_language_beside_the_other_editions(out):
    folder = out / "2025-demo-cup" / BRAVO
    for lang in ("fr", "en"):
        for race in (1, 2):
            assert (folder / f"{BRAVO}-{lang}.card-{race}.png").is_file()
            assert (folder / f"{BRAVO}-{lang}.card-{race}.txt").is_file()  # built with the card: its companion
    assert not list(folder.glob("*.card-3.*"))  # two races
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    cards = {(f["name"], f["edition"], f["lang"], f.get("race")) for f in manifest["files"]}
    assert (f"{BRAVO}-fr.card-2.png", "card", "fr", 2) in cards
    assert (f"{BRAVO}-en.card-1.txt", "card-text", "en", 1) in cards


def test_the_card_is_exactly_1080_by_1350_with_no_chunk_beyond_the_image(out):
    for path in sorted(out.rglob("*.card-*.png")):
        chunks = png_chunks(path.read_bytes())
        assert [kind for kind, _ in chunks if kind != b"IDAT"] == [b"IHDR", b"IEND"]  # no time, text or physical size
        width, height, depth, colour = struct.unpack(">IIBB", chunks[0][1][:10])
        assert (width, height, depth, colour) == (1080, 1350, 8, 2)  # 8-bit RGB


def test_a_card_has_the_same_bytes_when_built_again_in_another_process(out, tmp_path):
    subprocess.run([sys.executable, "-m", "generator", "build", str(DEMO_SEASON), "--round", BRAVO, "--lang", "fr",
                    "--format", "card", "--out", str(tmp_path), "--quiet"], check=True, capture_output=True)
    for race in (1, 2):
        name = f"2025-demo-cup/{BRAVO}/{BRAVO}-fr.card-{race}.png"
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes()


# Worked by hand from seasons/2025-demo-cup/rounds/02-bravo/round.yaml. Race 1 at the flag: Brooks,
# Alves +1.000, Garnier +1.500, Carrel +3.000, Esteve +8.000, Duval +9.000, Faure a lap down. Alves
# gets 5 s (+6.000, behind Carrel), Garnier two places back (4th: his time would place him 2nd, so no
# gap is printed). Race 2: Carrel, first at the flag, is disqualified: Esteve wins, gaps to her.
BRAVO_RACE_1_EN = [
    ("1.", "Ben Brooks", "Azur Racing", "12 laps"),
    ("2.", "Chloé Carrel", "Bleu Motorsport", "+3.000s"),
    ("3.", "Ana Alves", "Azur Racing", "+6.000s"),
    ("4.", "Gus Garnier", "Cyan Team", "–"),
    ("5.", "Eva Esteve", "Cyan Team", "+8.000s"),
]
BRAVO_RACE_2_FR = [
    ("1.", "Eva Esteve", "Cyan Team", "12 tours"),
    ("2.", "Ben Brooks", "Azur Racing", "+0''500"),
    ("3.", "Dan Duval", "Bleu Motorsport", "+2''000"),
    ("4.", "Ana Alves", "Azur Racing", "+3''000"),
    ("5.", "Gus Garnier", "Cyan Team", "+2 tours"),
]


def test_the_card_shows_the_race_and_its_top_places_as_the_release_formats_them():
    english = card_document(DEMO_SEASON, BRAVO, "en", 1)
    assert rows(english) == BRAVO_RACE_1_EN
    tree = lxml_html.fromstring(english)
    assert tree.xpath("string(//h1)") == "Race 1"
    assert " ".join(tree.xpath("string(//p[@class='where'])").split()) == "Bravo · Bravo Ring (fictional)"
    assert tree.xpath("string(//p[@class='series'])") == "Demo Cup (illustrative data)"
    french = card_document(DEMO_SEASON, BRAVO, "fr", 2)
    assert rows(french) == BRAVO_RACE_2_FR
    assert lxml_html.fromstring(french).xpath("string(//h1)") == "Course 2"
    assert 'lang="fr"' in french


def test_the_printed_card_carries_the_same_text(tmp_path):
    pdf = tmp_path / "card.pdf"
    pdf.write_bytes(card_pdf(card_document(DEMO_SEASON, BRAVO, "en", 1)))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    assert "Race 1" in lines and "Bravo · Bravo Ring (fictional)" in lines
    for position, driver, _, gap in BRAVO_RACE_1_EN:
        assert any(line.startswith(f"{position} {driver}") and line.endswith(gap) for line in lines), (driver, lines)


# The reference release (21/10/2024), "Course 1" and "Course 2": the top three with their gaps.
def test_the_monza_cards_show_the_reference_release_top_three():
    race_1 = rows(card_document(MONZA_SEASON, "06-monza", "fr", 1))[:3]
    assert race_1 == [("1.", "Léo Jousset", "Race Cars Consulting", "12 tours"),
                      ("2.", "Charles Roussanne", "VPS Racing", "+0''284"),
                      ("3.", "Louis Méric", "Race Cars Consulting", "+1''236")]
    race_2 = rows(card_document(MONZA_SEASON, "06-monza", "fr", 2))[:3]
    assert race_2 == [("1.", "Léo Jousset", "Race Cars Consulting", "14 tours"),
                      ("2.", "Charles Roussanne", "VPS Racing", "+8''934"),
                      ("3.", "Lukas Papin", "Schumacher CLRT", "+9''284")]


def test_the_alternative_text_says_what_the_card_shows_in_each_language(out):
    folder = out / "2025-demo-cup" / BRAVO
    assert (folder / f"{BRAVO}-en.card-1.txt").read_text(encoding="utf-8") == (
        "Race 1 results card, Bravo, Demo Cup (illustrative data) 2025: 1. Ben Brooks (Azur Racing), 12 laps; "
        "2. Chloé Carrel (Bleu Motorsport), +3.000s; 3. Ana Alves (Azur Racing), +6.000s; 4. Gus Garnier (Cyan Team), –; "
        "5. Eva Esteve (Cyan Team), +8.000s.\n")
    nnbsp = "\u202f"  # French: a narrow no-break space before ; and a no-break space before :
    assert (folder / f"{BRAVO}-fr.card-2.txt").read_text(encoding="utf-8") == (
        f"Carte des résultats de la course 2, Bravo, Demo Cup (illustrative data) 2025\u00a0: 1. Eva Esteve (Cyan Team), 12 tours{nnbsp}; "
        f"2. Ben Brooks (Azur Racing), +0''500{nnbsp}; 3. Dan Duval (Bleu Motorsport), +2''000{nnbsp}; "
        f"4. Ana Alves (Azur Racing), +3''000{nnbsp}; 5. Gus Garnier (Cyan Team), +2 tours.\n")
    # Italian demo round 01-lago, race 1 (the season shows six rows): Amato wins, Conti +1.204, Bassi +3.870,
    # Esposti +4.512, Dini +9.033, Fumagalli a lap down (13 of 14 laps).
    lago = out / "2025-coppa-demo" / "01-lago" / "01-lago-it.card-1.txt"
    assert lago.read_text(encoding="utf-8") == (
        "Scheda dei risultati di gara 1, Lago, Coppa Demo (dati illustrativi) 2025: 1. Alba Amato (Scuderia Arancio), 14 giri; "
        "2. Carla Conti (Team Celeste), +1\"204; 3. Bruno Bassi (Scuderia Arancio), +3\"870; 4. Elena Esposti (Squadra Verde), +4\"512; "
        "5. Dario Dini (Team Celeste), +9\"033; 6. Fabio Fumagalli (Squadra Verde), +1 giro.\n")


def test_the_season_index_links_each_card_by_its_race_and_not_its_text(out):
    index = (out / "2025-demo-cup" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{BRAVO}/{BRAVO}-en.card-1.png" hreflang="en">Race 1 card</a>' in index
    assert f'<a href="{BRAVO}/{BRAVO}-fr.card-2.png" hreflang="fr">Carte de la course 2</a>' in index
    assert ".card-1.txt" not in index


def test_no_card_for_a_race_whose_winner_the_data_does_not_establish(tmp_path):
    season = tmp_path / "2025-demo-cup"
    shutil.copytree(DEMO_SEASON, season)
    # Race 2: the first at the flag gets a time penalty of unpublished length instead of her
    # disqualification: she may have won or not, so the data no longer establishes the winner.
    edit(season / "rounds" / BRAVO / "round.yaml", "{car: 3, kind: disqualification,", "{car: 3, kind: time,")
    build(BuildRequest(season, tmp_path / "out", round_id=BRAVO, formats=("card",), langs=("en",)))
    folder = tmp_path / "out" / "2025-demo-cup" / BRAVO
    assert sorted(p.name for p in folder.glob("*.card-*")) == [f"{BRAVO}-en.card-1.png", f"{BRAVO}-en.card-1.txt"]
