"""The Monday test: a press office's season from scratch to corrected release, through the commands only.

ILLUSTRATIVE: the Trophée Lumen, its teams, drivers and circuits are made up. Three rounds, built as
a press office would on race Mondays: `new-season`, `new-round`, `import-results` right away (a
timing provider's export and a plain CSV, tests/fixtures/monday/), the data and prose written after
the import, `translate` (export/import, or accept), `build`, `publish`; then a stewards' decision
(the round-2 winner disqualified) and `publish` v2; each version of round 2 goes out with `send` to a
media list (tests/fixtures/monday/media-list.csv, example.org addresses) through an SMTP server on
127.0.0.1, and the last build's Atom feed lists each round once, round 2 as corrected. Every command runs through the command line's entry point, in this process.

Season: scale 10-6-4-3-2-1, no bonus, no dropped round, one category (Gentlemen: Dmitri Dalca and
Fanny Ferrand, listed), the entry list closed. Worked by hand (points after each race):

Round 1 (01-aurora), race 1 (provider export; Fanny Ferrand, a Gentleman, is not entered):
  1 Arnaud 10 | 2 Costa +1.500 6 | 3 Belcourt +4.200 4 | 4 Ercole +9.000 3 | 5 Dalca +1 lap 2 (lapped)
Round 1, race 2 (plain CSV):
  1 Costa 10 | 2 Ercole +0.800 6 | 3 Arnaud +2.000 4 | 4 Dalca +30.000 3 | Belcourt retired (6 laps) 0
  Standings: Costa 16, Arnaud 14, Ercole 9, Dalca 5, Belcourt 4, Ferrand 0 (no row in a complete race:
  she scored nothing). Lead: Costa by 2 over Arnaud. Titles: none (20 points left: 2 races of 10);
  Gentlemen: Dalca 5, Ferrand 0 can still score 20: open.
  Counts: Arnaud's 1st win (race 1), Costa's 1st win (race 2); podiums: race 1 Arnaud 1, Costa 1,
  Belcourt 1; race 2 Costa 2, Ercole 1, Arnaud 2. Leader: Arnaud after race 1, Costa after race 2.
Round 2 (02-boreal), one race (provider export), v1 as at the flag:
  1 Arnaud 10 | 2 Ferrand +2.000 6 | 3 Costa +3.500 4 | 4 Dalca +5.000 3 | 5 Ercole +6.000 2 | Belcourt DNS
  Standings: Arnaud 24, Costa 20, Ercole 11, Dalca 8, Ferrand 6, Belcourt 4. Lead: Arnaud by 4 over
  Costa (a leader change). Titles: none (10 left: Costa 30 >= 24; Gentlemen Ferrand 16 >= 8).
  Counts: Arnaud's 2nd win; podiums Arnaud 3, Ferrand 1 (her first), Costa 3.
Round 2, v2 after the stewards disqualify Arnaud (technical): gaps from the new winner, Ferrand:
  1 Ferrand 10 | 2 Costa +1.500 6 | 3 Dalca +3.000 4 | 4 Ercole +4.000 3 | Belcourt DNS | Arnaud DSQ
  Standings: Costa 22, Arnaud 14, Ercole 12, Ferrand 10, Dalca 9, Belcourt 4. Lead: Costa by 8 over
  Arnaud (no leader change: Costa led before the race). Titles: none (Arnaud 24 >= 22; Dalca 19 >= 10).
  Counts: Ferrand's 1st win, 1st podium; Costa's 3rd podium; Dalca's 1st podium.
Round 3 (03-cirrus), one race (plain CSV), the last of the season:
  1 Costa 10 | 2 Ferrand +1.000 6 | 3 Arnaud +2.000 4 | 4 Ercole +3.000 3 | 5 Belcourt +4.000 2 |
  6 Dalca +1 lap 1
  Standings: Costa 32, Arnaud 18, Ferrand 16, Ercole 15, Dalca 10, Belcourt 6.
  Titles: drivers Costa, decided after race 1 of round 3 (not before: after round 2 Arnaud could
  reach 24 > 22); Gentlemen Ferrand (16 against Dalca's 10), decided after the same race. No lead
  sentence: the title is stated instead. Counts: Costa's 2nd win, 4th podium; Ferrand's 2nd podium;
  Arnaud's 3rd podium (the disqualification took one away).
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from generator.cli import main

from .smtp_server import Handler, Server

FIXTURES = Path(__file__).parent / "fixtures" / "monday"
SEASON_ID = "2026-trophee-lumen"


def cli(*args) -> tuple[int, str, str]:
    """Run `pressgen ARGS` in this process: exit code, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def ok(*args) -> str:
    code, out, err = cli(*args)
    assert code == 0, f"pressgen {' '.join(map(str, args))} exited {code}:\n{err}"
    return out


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- what the press office types ---------------------------------------------------------------------

SEASON_FIELDS = [
    ('  fr: "Trophée Lumen (illustrative data)"', '  fr: le Trophée Lumen'),
    ('  en: "Trophée Lumen (illustrative data)"', '  en: the Trophée Lumen'),
    ("  primary:  ", '  primary: "#1B3A4B"  '),
    ("  accent:  ", '  accent: "#E07A5F"  '),
    ("# categories:  ", "categories:  "),
    ("#   - {id: gentlemen, name: {fr: Gentlemen, en: Gentlemen}, scoring: own, scale: [5, 3, 1]}",
     "  - {id: gentlemen, name: {fr: Gentlemen, en: Gentlemen}}"),
    ("  scale:  ", "  scale: [10, 6, 4, 3, 2, 1]  "),
    ("# - {driver: First Last, team: Team Name, car: 12, nationality: FRA, categories: [juniors]}\n",
     "  - {driver: Alma Arnaud, team: Team Azimut, car: 1}\n"
     "  - {driver: Bruno Belcourt, team: Team Azimut, car: 2}\n"
     "  - {driver: Chiara Costa, team: Équipe Cobalt, car: 3}\n"
     "  - {driver: Dmitri Dalca, team: Équipe Cobalt, car: 4, categories: [gentlemen]}\n"
     "  - {driver: Elio Ercole, team: Team Écume, car: 5}\n"
     "  - {driver: Fanny Ferrand, team: Team Écume, car: 6, categories: [gentlemen]}\n"),
    ("# - {id: 01-venue, venue: Venue, races: 2}\n",
     "  - {id: 01-aurora, venue: Aurora, races: 2}\n  - {id: 02-boreal, venue: Boreal}\n  - {id: 03-cirrus, venue: Cirrus}\n"),
    ("signoff:  ", "signoff: Trophée Lumen press office (illustrative)  "),
]

ROUND_FIELDS = {  # circuit, dates, release date: filled in after the import, as on a real Monday
    "01-aurora": ("Circuit d'Aurora (fictional)", "2026-04-11", "2026-04-12", "2026-04-13"),
    "02-boreal": ("Boreal Ring (fictional)", "2026-04-25", "2026-04-26", "2026-04-27"),
    "03-cirrus": ("Cirrus Park (fictional)", "2026-05-09", "2026-05-10", "2026-05-11"),
}

# The French prose, written once the results are in; the English comes through `translate`.
PROSE = {
    "01-aurora": ("Costa prend la tête du Trophée Lumen", ["Arnaud ouvre la saison", "Costa répond"]),
    "02-boreal": ("Arnaud s'impose à Boreal", ["Arnaud devant Ferrand"]),
    "03-cirrus": ("Costa conclut la saison", ["Costa termine en vainqueur"]),
}
LEAD = "Compte rendu illustratif : saison inventée."
PARAGRAPH = "La course s'est déroulée sans incident notable."
ENGLISH = {
    "Costa prend la tête du Trophée Lumen": "Costa takes the lead of the Trophée Lumen",
    "Arnaud ouvre la saison": "Arnaud opens the season",
    "Costa répond": "Costa hits back",
    "Arnaud s'impose à Boreal": "Arnaud wins at Boreal",
    "Arnaud devant Ferrand": "Arnaud ahead of Ferrand",
    "Costa conclut la saison": "Costa closes the season",
    "Costa termine en vainqueur": "Costa finishes as the winner",
    "Compte rendu illustratif : saison inventée.": "Illustrative report: a made-up season.",
    "La course s'est déroulée sans incident notable.": "The race ran without notable incident.",
}


def fill_round(season: Path, round_id: str) -> None:
    circuit, start, end, release = ROUND_FIELDS[round_id]
    path = season / "rounds" / round_id / "round.yaml"
    replace_once(path, "circuit:  ", f'circuit: "{circuit}"  ')
    replace_once(path, "  start:  ", f"  start: {start}  ")
    replace_once(path, "  end:  ", f"  end: {end}  ")
    replace_once(path, "release_date:  ", f"release_date: {release}  ")


def write_french(season: Path, round_id: str) -> None:
    headline, titles = PROSE[round_id]
    lines = [f"# {round_id}: ILLUSTRATIVE prose of a made-up series.", f'headline: "{headline}"', f'lead: "{LEAD}"', "reports:"]
    for number, title in enumerate(titles, start=1):
        lines += [f"  race-{number}:", f'    title: "{title}"', "    paragraphs:", f'      race: "{PARAGRAPH}"']
    (season / "rounds" / round_id / "fr.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def translate_through_po(season: Path, round_id: str, folder: Path) -> None:
    """Export for the translator, fill every msgstr as a CAT tool would, import back."""
    exported = folder / f"{round_id}-en.po"
    ok("translate", "export", season, "--round", round_id, "--to", "en", "--format", "po", "-o", exported)
    with exported.open("rb") as file:
        catalog = read_po(file)
    for message in catalog:
        if message.id:
            message.string = ENGLISH[message.id]
    with exported.open("wb") as file:
        write_po(file, catalog)
    ok("translate", "import", exported, season)


def translate_by_hand(season: Path, round_id: str) -> None:
    """A translation typed into en.yaml, then recorded with `translate accept --all`."""
    headline, titles = PROSE[round_id]
    lead, paragraph = ENGLISH[LEAD], ENGLISH[PARAGRAPH]
    lines = [f'headline: "{ENGLISH[headline]}"', f'lead: "{lead}"', "reports:"]
    for number, title in enumerate(titles, start=1):
        lines += [f"  race-{number}:", f'    title: "{ENGLISH[title]}"', "    paragraphs:", f'      race: "{paragraph}"']
    (season / "rounds" / round_id / "en.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ok("translate", "accept", season, "--round", round_id, "--to", "en", "--all")


def import_session(season: Path, round_id: str, export: str, session: str = "race-1") -> str:
    return ok("import-results", FIXTURES / export, "--season", season, "--round", round_id, "--session", session)


def facts(season: Path, round_id: str) -> list[dict]:
    return json.loads(ok("facts", season, "--round", round_id, "--json"))["facts"]


def wire(version: Path, round_id: str, lang: str) -> str:
    return (version / f"{round_id}-{lang}.txt").read_text(encoding="utf-8")


# --- the season, Monday after Monday -------------------------------------------------------------------


@pytest.fixture(scope="module")
def mail_server():
    """The press office's mail server, played by a real SMTP server on 127.0.0.1 (its port in the environment)."""
    with Server(Handler()) as server, pytest.MonkeyPatch.context() as patch:
        patch.setenv("PRESSGEN_SMTP_PORT", str(server.port))
        yield server


@pytest.fixture(scope="module")
def monday(tmp_path_factory, mail_server) -> dict:
    """Run the whole season once; keep what each step printed or published for the tests below."""
    project = tmp_path_factory.mktemp("press-office")
    season = project / "seasons" / SEASON_ID
    archive = project / "archive"
    seen: dict = {"season": season, "archive": archive}

    ok("new-season", season, "--series", "Trophée Lumen (illustrative data)", "--year", "2026", "--languages", "fr,en")
    for old, new in SEASON_FIELDS:
        replace_once(season / "season.yaml", old, new)
    replace_once(season / "season.yaml", "# entries_closed: true", "entries_closed: true  ")  # every driver entered from the start
    with (season / "season.yaml").open("a", encoding="utf-8") as file:  # the press office's address and mail server
        file.write("press_contacts:\n  - {name: Lina Exemple, email: presse@trophee-lumen.example}\n"
                   "smtp: {host: 127.0.0.1, security: none, rate: 600}\n"
                   "site: {base_url: \"https://press.trophee-lumen.example/\"}\n")  # where the newsroom serves output/
    seen["validate-season"] = ok("validate", season)

    # Round 1: the round is created and both races imported before anything else is written.
    ok("new-round", season, "01-aurora")
    seen["import-1-1"] = import_session(season, "01-aurora", "aurora-race-1.csv")
    seen["import-1-2"] = import_session(season, "01-aurora", "aurora-race-2.csv", "race-2")
    fill_round(season, "01-aurora")
    write_french(season, "01-aurora")
    translate_through_po(season, "01-aurora", project)
    seen["build-1"] = cli("build", season, "--format", "html,text", "--out", project / "output", "--quiet")
    seen["facts-1"] = facts(season, "01-aurora")
    seen["publish-1"] = ok("publish", season, "--round", "01-aurora", "--date", "2026-04-13")

    # Round 2: created while round 1 is published; imported; a provider's "Did not start".
    # The next round is scaffolded during the week: it holds back neither translation, facts, build nor publish.
    ok("new-round", season, "02-boreal")
    seen["import-2"] = import_session(season, "02-boreal", "boreal-race-1.csv")
    ok("new-round", season, "03-cirrus")
    fill_round(season, "02-boreal")
    write_french(season, "02-boreal")
    translate_by_hand(season, "02-boreal")
    seen["build-with-scaffold"] = cli("build", season, "--format", "text", "--out", project / "output", "--quiet")
    seen["facts-2-v1"] = facts(season, "02-boreal")
    seen["publish-2-v1"] = ok("publish", season, "--round", "02-boreal", "--date", "2026-04-27")
    media_list = project / "press" / "media-list.csv"  # the press office's own folder, outside archive/ and output/
    media_list.parent.mkdir()
    shutil.copy(FIXTURES / "media-list.csv", media_list)
    seen["dry-run-2-v1"] = ok("send", season, "--round", "02-boreal", "--to", media_list, "--dry-run")
    seen["send-2-v1"] = ok("send", season, "--round", "02-boreal", "--to", media_list)
    seen["received-2-v1"] = list(mail_server.handler.received)

    # The stewards disqualify the winner on Tuesday: the decision goes into round.yaml, then v2.
    with (season / "rounds/02-boreal/round.yaml").open("a", encoding="utf-8") as round_2:  # race 1 ends the file
        round_2.write("    penalties:\n      - {car: 1, kind: disqualification, "
                      "reason: {fr: voiture non conforme, en: car not in conformity}}\n")
    seen["facts-2-v2"] = facts(season, "02-boreal")
    seen["publish-2-v2"] = ok("publish", season, "--round", "02-boreal", "--date", "2026-04-28")
    with media_list.open("a", encoding="utf-8") as file:  # a journalist joins the list after v1
        file.write("Noa Nouvelle,noa@example.org,fr,\n")
    seen["send-2-v2"] = ok("send", season, "--round", "02-boreal", "--to", media_list)
    seen["send-2-again"] = ok("send", season, "--round", "02-boreal", "--to", media_list)
    seen["received-2-v2"] = mail_server.handler.received[len(seen["received-2-v1"]):]

    # Round 3, the last (created above): the plain CSV, imported twice by mistake (nothing changes the second time).
    import_session(season, "03-cirrus", "cirrus-race-1.csv")
    once = (season / "rounds/03-cirrus/round.yaml").read_bytes()
    import_session(season, "03-cirrus", "cirrus-race-1.csv")
    seen["imported-twice-unchanged"] = (season / "rounds/03-cirrus/round.yaml").read_bytes() == once
    fill_round(season, "03-cirrus")
    write_french(season, "03-cirrus")
    translate_by_hand(season, "03-cirrus")
    seen["facts-3"] = facts(season, "03-cirrus")
    seen["publish-3"] = ok("publish", season, "--round", "03-cirrus", "--date", "2026-05-11")
    seen["standings-3"] = json.loads(ok("standings", season, "--json"))
    ok("build", season, "--format", "text", "--out", project / "output", "--quiet")  # the newsroom: its feeds list what was published
    seen["feed-en"] = (project / "output" / SEASON_ID / "feed-en.atom").read_bytes()
    return seen



# --- what the press office reads -------------------------------------------------------------------------

COUNTED = ("win", "first_win", "podium", "first_podium", "leader_change", "points_lead", "title")


def counted(facts: list[dict]) -> list[tuple]:
    """The title, lead and count facts, in the engine's order, as (kind, subject, race, values)."""
    return [(f["kind"], f["subject"], f["race"], f["values"]) for f in facts if f["kind"] in COUNTED]


def unwrapped(text: str) -> list[str]:
    """A wire edition's lines with its wrapping undone: an indented line, or one after a line that
    ends no sentence, continues the line before."""
    lines: list[str] = []
    for line in text.splitlines():
        continues = line.startswith("  ") or not lines[-1].rstrip().endswith((".", ":")) if lines and lines[-1] else False
        if continues and line.strip():
            lines[-1] = f"{lines[-1].rstrip()} {line.strip()}"
        else:
            lines.append(line)
    return lines


def headline_sentences(text: str) -> list[str]:
    """The generated title and lead sentences of a wire edition."""
    keys = ("remporte le titre", "mène le championnat", "wins the", "leads the championship")
    return [line for line in unwrapped(text) if any(key in line for key in keys)]


def table(text: str, heading: str) -> list[str]:
    """A race table of a wire edition, its columns' spacing folded."""
    lines = text.splitlines()
    start = lines.index(heading) + 1
    rows = []
    for line in lines[start:]:
        if not line.strip():
            break
        rows.append(" ".join(line.split()))
    return rows


def version(monday, round_id: str, number: int) -> Path:
    return monday["archive"] / SEASON_ID / round_id / f"v{number}"


def test_import_works_right_after_new_round_and_marks_each_race_complete(monday):
    where = f"{monday['season']}/rounds"
    complete = "results_complete: true (every car that took part is listed; --partial if not)\n"
    assert monday["import-1-1"] == f"{where}/01-aurora/round.yaml: wrote 5 result rows of race 1; {complete}"
    assert monday["import-1-2"] == f"{where}/01-aurora/round.yaml: wrote 5 result rows of race 2; {complete}"
    assert monday["import-2"] == f"{where}/02-boreal/round.yaml: wrote 6 result rows of race 1; {complete}"
    assert monday["imported-twice-unchanged"]


def test_the_scaffolded_season_validates_once_filled(monday):
    assert monday["validate-season"] == f"{monday['season']}: ok (0 rounds)\n"


def test_builds_are_clean_and_a_scaffolded_round_does_not_block_the_others(monday):
    code, out, err = monday["build-1"]
    assert (code, err) == (0, "")  # complete results, closed entry list: nothing partial to warn about
    code, out, err = monday["build-with-scaffold"]
    assert code == 0
    assert err.splitlines()[0] == (f"{monday['season']}/rounds/03-cirrus: warning: round 03-cirrus not built: 7 problems "
                                   "(`pressgen validate` lists them; --strict makes them errors)")


def test_every_release_is_published_without_accept_partial(monday):
    archive = monday["archive"] / SEASON_ID
    assert monday["publish-1"].splitlines()[0] == f"published {SEASON_ID}/01-aurora version 1 of 2026-04-13: {archive}/01-aurora/v1"
    assert monday["publish-2-v1"].splitlines()[0] == f"published {SEASON_ID}/02-boreal version 1 of 2026-04-27: {archive}/02-boreal/v1"
    assert monday["publish-2-v2"].splitlines()[0] == f"published {SEASON_ID}/02-boreal version 2 of 2026-04-28: {archive}/02-boreal/v2"
    assert monday["publish-3"].splitlines()[0] == f"published {SEASON_ID}/03-cirrus version 1 of 2026-05-11: {archive}/03-cirrus/v1"


def test_round_1_counts_and_lead(monday):
    # Ferrand has no row in either race: she scored nothing, and the Gentlemen title is open.
    assert counted(monday["facts-1"]) == [
        ("win", "Alma Arnaud", 1, {"count": 1}),
        ("first_win", "Alma Arnaud", 1, {}),
        ("podium", "Alma Arnaud", 1, {"count": 1, "position": 1}),
        ("first_podium", "Alma Arnaud", 1, {}),
        ("podium", "Chiara Costa", 1, {"count": 1, "position": 2}),
        ("first_podium", "Chiara Costa", 1, {}),
        ("podium", "Bruno Belcourt", 1, {"count": 1, "position": 3}),
        ("first_podium", "Bruno Belcourt", 1, {}),
        ("points_lead", "Alma Arnaud", 1, {"lead": 4, "over": "Chiara Costa", "points": 10}),  # 10 - 6
        ("win", "Chiara Costa", 2, {"count": 1}),
        ("first_win", "Chiara Costa", 2, {}),
        ("podium", "Chiara Costa", 2, {"count": 2, "position": 1}),
        ("podium", "Elio Ercole", 2, {"count": 1, "position": 2}),
        ("first_podium", "Elio Ercole", 2, {}),
        ("podium", "Alma Arnaud", 2, {"count": 2, "position": 3}),
        ("leader_change", "Chiara Costa", 2, {"previous": "Alma Arnaud"}),
        ("points_lead", "Chiara Costa", 2, {"lead": 2, "over": "Alma Arnaud", "points": 16}),  # 16 - 14
    ]


def test_round_1_release_states_the_lead_and_no_title(monday):
    v1 = version(monday, "01-aurora", 1)
    assert headline_sentences(wire(v1, "01-aurora", "fr")) == ["Chiara Costa mène le championnat avec 2 points d’avance sur Alma Arnaud."]
    assert headline_sentences(wire(v1, "01-aurora", "en")) == ["Chiara Costa leads the championship by 2 points over Alma Arnaud."]
    assert table(wire(v1, "01-aurora", "en"), "Race 1") == [
        "1. Alma Arnaud (Team Azimut) 10 laps", "2. Chiara Costa (Équipe Cobalt) +1.500s", "3. Bruno Belcourt (Team Azimut) +4.200s",
        "4. Elio Ercole (Team Écume) +9.000s", "5. Dmitri Dalca (Équipe Cobalt) +1 lap",  # the lapped car
        "Fastest lap: Chiara Costa (Équipe Cobalt) – 1:59.900",
    ]
    assert table(wire(v1, "01-aurora", "en"), "Race 2")[:4] == [  # Belcourt retired: not classified
        "1. Chiara Costa (Équipe Cobalt) 10 laps", "2. Elio Ercole (Team Écume) +0.800s", "3. Alma Arnaud (Team Azimut) +2.000s",
        "4. Dmitri Dalca (Équipe Cobalt) +30.000s",
    ]


def test_round_2_as_first_published(monday):
    assert counted(monday["facts-2-v1"]) == [
        ("win", "Alma Arnaud", 1, {"count": 2}),
        ("podium", "Alma Arnaud", 1, {"count": 3, "position": 1}),
        ("podium", "Fanny Ferrand", 1, {"count": 1, "position": 2}),
        ("first_podium", "Fanny Ferrand", 1, {}),
        ("podium", "Chiara Costa", 1, {"count": 3, "position": 3}),
        ("leader_change", "Alma Arnaud", 1, {"previous": "Chiara Costa"}),
        ("points_lead", "Alma Arnaud", 1, {"lead": 4, "over": "Chiara Costa", "points": 24}),  # 24 - 20
    ]
    v1 = version(monday, "02-boreal", 1)
    assert headline_sentences(wire(v1, "02-boreal", "fr")) == ["Alma Arnaud mène le championnat avec 4 points d’avance sur Chiara Costa."]
    assert headline_sentences(wire(v1, "02-boreal", "en")) == ["Alma Arnaud leads the championship by 4 points over Chiara Costa."]


def test_round_2_after_the_winner_is_disqualified(monday):
    assert counted(monday["facts-2-v2"]) == [
        ("win", "Fanny Ferrand", 1, {"count": 1}),
        ("first_win", "Fanny Ferrand", 1, {}),
        ("podium", "Fanny Ferrand", 1, {"count": 1, "position": 1}),
        ("first_podium", "Fanny Ferrand", 1, {}),
        ("podium", "Chiara Costa", 1, {"count": 3, "position": 2}),
        ("podium", "Dmitri Dalca", 1, {"count": 1, "position": 3}),
        ("first_podium", "Dmitri Dalca", 1, {}),
        ("points_lead", "Chiara Costa", 1, {"lead": 8, "over": "Alma Arnaud", "points": 22}),  # 22 - 14
    ]
    v2 = version(monday, "02-boreal", 2)
    assert headline_sentences(wire(v2, "02-boreal", "fr")) == ["Chiara Costa mène le championnat avec 8 points d’avance sur Alma Arnaud."]
    en = wire(v2, "02-boreal", "en")
    assert headline_sentences(en) == ["Chiara Costa leads the championship by 8 points over Alma Arnaud."]
    assert "CORRECTED VERSION, 28 APRIL 2026" in en
    # Every row behind Arnaud changed its own values: the gaps are now to Ferrand, who crossed the line
    # 2.000 behind him (3.500 - 2.000 = 1.500; 5.000 - 2.000 = 3.000; 6.000 - 2.000 = 4.000).
    assert [line for line in unwrapped(en) if line.startswith("- ")] == [
        "- Race 1: Fanny Ferrand moved from 2nd to 1st.",
        "- Race 1: Chiara Costa moved from 3rd to 2nd.",
        "- Race 1: the gap of Chiara Costa to the winner changed from +3.500s to +1.500s.",
        "- Race 1: Dmitri Dalca moved from 4th to 3rd.",
        "- Race 1: the gap of Dmitri Dalca to the winner changed from +5.000s to +3.000s.",
        "- Race 1: Elio Ercole moved from 5th to 4th.",
        "- Race 1: the gap of Elio Ercole to the winner changed from +6.000s to +4.000s.",
        "- Race 1: Alma Arnaud is now disqualified.",
        # best laps: Arnaud 2:00.000 (disqualified: his laps no longer count), Ferrand 2:00.200, Costa 2:00.400
        "- Race 1: the fastest lap now goes to Fanny Ferrand (previously Alma Arnaud).",
        "- Standings: Chiara Costa moved from 2nd to 1st, with 22 points (previously 20).",
        "- Standings: Alma Arnaud moved from 1st to 2nd, with 14 points (previously 24).",
        "- Standings: Elio Ercole now has 12 points (previously 11).",
        "- Standings: Fanny Ferrand moved from 5th to 4th, with 10 points (previously 6).",
        "- Standings: Dmitri Dalca moved from 4th to 5th, with 9 points (previously 8).",
    ]


def test_round_2_v2_prints_the_stewards_decision(monday):
    v2 = version(monday, "02-boreal", 2)
    french = " ".join(unwrapped(wire(v2, "02-boreal", "fr"))).replace("\u202f", " ").replace("\u00a0", " ")  # typography
    assert "† Course 1 – Alma Arnaud : disqualification. Motif : voiture non conforme." in french
    assert "† Race 1 – Alma Arnaud: disqualified. Reason: car not in conformity." in " ".join(unwrapped(wire(v2, "02-boreal", "en")))


def test_round_2_v2_gaps_are_to_the_new_winner(monday):
    # Ferrand crossed the line 2.000 behind the disqualified Arnaud: Costa (3.500) is 1.500 behind her.
    assert table(wire(version(monday, "02-boreal", 2), "02-boreal", "en"), "Race 1")[:4] == [
        "1. Fanny Ferrand (Team Écume) 10 laps", "2. Chiara Costa (Équipe Cobalt) +1.500s",
        "3. Dmitri Dalca (Équipe Cobalt) +3.000s", "4. Elio Ercole (Team Écume) +4.000s",
    ]


def test_round_3_counts_and_titles(monday):
    assert counted(monday["facts-3"]) == [
        ("win", "Chiara Costa", 1, {"count": 2}),
        ("podium", "Chiara Costa", 1, {"count": 4, "position": 1}),
        ("podium", "Fanny Ferrand", 1, {"count": 2, "position": 2}),
        ("podium", "Alma Arnaud", 1, {"count": 3, "position": 3}),
        ("points_lead", "Chiara Costa", 1, {"lead": 14, "over": "Alma Arnaud", "points": 32}),  # 32 - 18
        ("title", "Chiara Costa", 1, {"table": "drivers", "source": "computed"}),
        ("title", "Fanny Ferrand", 1, {"table": "gentlemen", "source": "computed"}),  # 16 against Dalca's 10
    ]
    assert [(r["position"], r["driver"], r["points"]) for r in monday["standings-3"]["rows"]] == [
        (1, "Chiara Costa", 32), (2, "Alma Arnaud", 18), (3, "Fanny Ferrand", 16),
        (4, "Elio Ercole", 15), (5, "Dmitri Dalca", 10), (6, "Bruno Belcourt", 6),
    ]


def test_round_3_release_states_both_titles_and_no_lead(monday):
    v1 = version(monday, "03-cirrus", 1)
    assert headline_sentences(wire(v1, "03-cirrus", "fr")) == [
        "Chiara Costa remporte le titre pilotes, mathématiquement acquis à l’issue de la course 1.",
        "Fanny Ferrand remporte le titre Gentlemen, acquis à l’issue de la course 1.",
    ]
    assert headline_sentences(wire(v1, "03-cirrus", "en")) == [
        "Chiara Costa wins the drivers’ title, mathematically decided after race 1.",
        "Fanny Ferrand wins the Gentlemen title, decided after race 1.",
    ]


def test_round_2_is_mailed_to_the_media_list_and_its_correction_to_the_same_readers(monday):
    def received(key: str) -> list[tuple[str, str, str]]:
        messages = [(r.recipients[0], BytesParser(policy=policy.default).parsebytes(r.data)) for r in monday[key]]
        return [(to, m["Content-Language"], m["Subject"]) for to, m in messages]

    assert monday["dry-run-2-v1"].splitlines()[1:6] == [
        "fr (1): Trophée Lumen (illustrative data) – Arnaud s’impose à Boreal",
        "  Lou Journaliste <lou@example.org>",
        "en (2): Trophée Lumen (illustrative data) – Arnaud wins at Boreal",
        "  Sam Reporter <sam@example.org>",
        "  Kai Schreiber <kai@example.org> (listed as de)",  # no German release: English
    ]
    assert received("received-2-v1") == [
        ("lou@example.org", "fr", "Trophée Lumen (illustrative data) – Arnaud s’impose à Boreal"),
        ("sam@example.org", "en", "Trophée Lumen (illustrative data) – Arnaud wins at Boreal"),
        ("kai@example.org", "en", "Trophée Lumen (illustrative data) – Arnaud wins at Boreal"),
    ]
    assert received("received-2-v2") == [  # everyone who had v1, and the newcomer: v2 alone
        ("lou@example.org", "fr", "Version corrigée du 28/04/2026 – Trophée Lumen (illustrative data) – Arnaud s’impose à Boreal"),
        ("sam@example.org", "en", "Corrected version, 28 April 2026 – Trophée Lumen (illustrative data) – Arnaud wins at Boreal"),
        ("kai@example.org", "en", "Corrected version, 28 April 2026 – Trophée Lumen (illustrative data) – Arnaud wins at Boreal"),
        ("noa@example.org", "fr", "Version corrigée du 28/04/2026 – Trophée Lumen (illustrative data) – Arnaud s’impose à Boreal"),
    ]
    assert monday["send-2-v2"].splitlines()[1] == "accepted: Lou Journaliste <lou@example.org> (fr; correction of version 1): 250 2.0.0 Ok: queued"
    assert monday["send-2-again"].startswith("nothing to send: every recipient has 2026-trophee-lumen/02-boreal version 2")


def test_the_newsroom_feed_lists_each_published_round_once_round_2_as_corrected(monday):
    import feedparser

    parsed = feedparser.parse(monday["feed-en"])
    assert not parsed.bozo
    tag = "tag:press.trophee-lumen.example,2026:2026-trophee-lumen"
    assert [(e.id, e.title, e.published, e.updated) for e in parsed.entries] == [
        (f"{tag}/03-cirrus/en", "Costa closes the season", "2026-05-11T12:00:00Z", "2026-05-11T12:00:00Z"),
        (f"{tag}/02-boreal/en", "Arnaud wins at Boreal", "2026-04-27T12:00:00Z", "2026-04-28T12:01:00Z"),
        (f"{tag}/01-aurora/en", "Costa takes the lead of the Trophée Lumen", "2026-04-13T12:00:00Z", "2026-04-13T12:00:00Z"),
    ]
    boreal = parsed.entries[1]
    assert boreal.link == "https://press.trophee-lumen.example/archive/2026-trophee-lumen/02-boreal/v2/02-boreal-en.html"
    assert boreal.summary.startswith("Corrected version, 28 April 2026. ")
