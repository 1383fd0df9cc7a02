"""pressgen studio, driven over HTTP: the real server on 127.0.0.1 (port 0), on a copy of the demo
season; every save checked on disk line by line, against what the commands write and print."""

from __future__ import annotations

import html
import http.client
import re
import shutil
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest

from generator.cli import main
from generator.commands.import_results import ImportRequest, import_results
from generator.studio.server import StudioServer

from .conftest import SEASONS

TIMING = Path(__file__).parent / "fixtures" / "timing"
SEASON = "2025-demo-cup"
BRAVO = "rounds/02-bravo/round.yaml"


# --- a client that reads forms as a browser sends them -------------------------------------------------


class Forms(HTMLParser):
    """Every form of a page: its action and the fields a browser would send as the page stands."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._option: tuple[str | None, bool] | None = None
        self._textarea: str | None = None
        self._text = ""
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append((a.get("action", ""), {}))
        elif not self.forms:
            return
        fields = self.forms[-1][1]
        if tag == "input" and a.get("name") and a.get("type") != "file":
            if a.get("type") != "checkbox" or "checked" in a:
                fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select, self._options = a.get("name"), []
        elif tag == "option" and self._select:
            self._option = (a.get("value"), "selected" in a)
            self._text = ""
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""

    def handle_data(self, data):
        self._text += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            value, selected = self._option
            self._options.append((self._text.strip() if value is None else value, selected))
            self._option = None
        elif tag == "select" and self._select:
            chosen = [v for v, s in self._options if s] or [v for v, _ in self._options[:1]]
            self.forms[-1][1][self._select] = chosen[0] if chosen else ""
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.forms[-1][1][self._textarea] = self._text.removeprefix("\n")
            self._textarea = None

    def form(self, action: str) -> dict[str, str]:
        found = [fields for a, fields in self.forms if a == action]
        assert found, f"no form for {action}: {[a for a, _ in self.forms]}"
        return dict(found[0])


class Client:
    def __init__(self, port: int):
        self.port = port

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        headers = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        connection.request(method, path, body, headers)
        answer = connection.getresponse()
        return answer.status, answer.read().decode("utf-8")

    def get(self, path: str, **headers) -> tuple[int, str]:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, fields: dict[str, str], headers: dict | None = None) -> tuple[int, str]:
        return self.request("POST", path, urlencode(fields).encode(), {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})})

    def upload(self, path: str, fields: dict[str, str], name: str, filename: str, content: bytes) -> tuple[int, str]:
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     "Content-Type: text/csv\r\n\r\n".encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def submit(self, page_path: str, action: str, changes: dict[str, str] | None = None) -> tuple[int, str]:
        """Open a page, fill its form for `action` as a person would, send it."""
        status, page = self.get(page_path)
        assert status == 200, page
        fields = Forms(page).form(action)
        fields.update(changes or {})
        return self.post(action, fields)


def lines_block(page: str) -> list[str]:
    """The messages of pressgen itself on a page (its <pre class="lines">), as text."""
    blocks = re.findall(r'<pre class="lines"[^>]*>(.*?)</pre>', page, re.S)
    return [html.unescape(line) for block in blocks for line in block.splitlines()]


def cli(capsys, *args) -> tuple[int, list[str], list[str]]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


@pytest.fixture
def studio(tmp_path):
    seasons = tmp_path / "seasons"
    shutil.copytree(SEASONS / SEASON, seasons / SEASON)
    server = StudioServer(seasons, 0).start()
    port = int(server.url.rstrip("/").rsplit(":", 1)[1])
    yield Client(port), seasons / SEASON, server
    server.stop()


def changed_lines(before: str, after: str) -> list[tuple[int, str, str]]:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new), "lines were added or removed"
    return [(i + 1, a, b) for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]


def race_page(round_id: str = "02-bravo", race: int = 1) -> str:
    return f"/s/{SEASON}/{round_id}/race/{race}"


# --- the dashboard ---------------------------------------------------------------------------------------


def test_the_dashboard_shows_each_round_with_its_state_and_the_page_that_fixes_it(studio):
    client, season, _ = studio
    french = season / "rounds/03-charlie/fr.yaml"
    french.write_text(french.read_text(encoding="utf-8").replace("données fictives", "données inventées"), encoding="utf-8")
    status, page = client.get("/")
    assert status == 200
    assert "Demo Cup (illustrative data) 2025" in page
    for round_id in ("01-alpha", "02-bravo", "03-charlie"):
        assert f'href="/s/{SEASON}/{round_id}/race/1"' in page
    assert page.count('<span class="ok">complete</span>') == 5  # 2 + 2 + 1 races, each marked complete
    assert "never" in page and "not yet" in page  # nothing built, nothing published yet
    # 03-charlie's French headline changed: its English one is stale, with the file to fix and the button to accept it
    row = page[page.index("03-charlie"):]
    assert '1 translated, <span class="bad">1 stale</span>' in row
    assert f'href="/s/{SEASON}/file?path=rounds/03-charlie/en.yaml' in row and f'action="/s/{SEASON}/03-charlie/accept/en"' in row


def test_the_interface_speaks_french_when_asked(studio):
    client, _, _ = studio
    status, page = client.get("/", **{"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert status == 200 and '<html lang="fr">' in page
    assert "Tableau de bord" in page and "Manches de Demo Cup" in page and "Dernière génération" in page
    status, page = client.get(race_page(), **{"Accept-Language": "fr"})
    assert "Résultats, dans l'ordre sous le drapeau" in page and "Vérifier et enregistrer" in page
    # a language inside a sentence is named in the interface's language; the switch names each in its own
    assert "Motif (anglais)" in page and "Motif (français)" in page and "(English)" not in page
    assert '<option value="en" lang="en">English</option>' in page
    status, page = client.get(race_page())
    assert "Reason (French)" in page and "Reason (Français)" not in page


# --- safe by default -----------------------------------------------------------------------------------


def test_a_foreign_host_is_refused_for_reading_and_for_writing(studio):
    client, season, _ = studio
    before = (season / BRAVO).read_bytes()
    status, _ = client.request("GET", "/", headers={"Host": "evil.example"})
    assert status == 421
    status, page = client.get(race_page())
    fields = Forms(page).form(race_page())
    fields["r-1-gap"] = "1.100"
    status, _ = client.request("POST", race_page(), urlencode(fields).encode(),
                               {"Host": f"rebound.example:{client.port}", "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 421
    assert (season / BRAVO).read_bytes() == before


@pytest.mark.parametrize("token", [None, "", "forged"])
def test_a_change_without_the_token_is_refused_and_writes_nothing(studio, token):
    client, season, _ = studio
    before = (season / BRAVO).read_bytes()
    status, page = client.get(race_page())
    fields = Forms(page).form(race_page())
    fields["r-1-gap"] = "1.100"
    if token is None:
        del fields["csrf"]
    else:
        fields["csrf"] = token
    status, page = client.post(race_page(), fields)
    assert status == 403 and "token" in page
    assert (season / BRAVO).read_bytes() == before
    status, _ = client.post(f"/s/{SEASON}/new-round", {"round": "04-delta"} | ({"csrf": token} if token is not None else {}))
    assert status == 403


def test_a_form_sent_from_another_site_is_refused_even_with_the_token(studio):
    client, season, _ = studio
    before = (season / BRAVO).read_bytes()
    _, page = client.get(race_page())
    fields = Forms(page).form(race_page()) | {"r-1-gap": "1.100"}
    status, _ = client.post(race_page(), fields, {"Origin": "http://evil.example"})
    assert status == 403
    assert (season / BRAVO).read_bytes() == before


@pytest.mark.parametrize("path", [
    f"/s/{SEASON}/file?path=../../../../etc/passwd",
    f"/s/{SEASON}/file?path=/etc/passwd",
    f"/s/{SEASON}/file?path=rounds/../../{SEASON}-outside.yaml",
    f"/s/{SEASON}/file?path=rounds/escape/round.yaml",  # a link out of the season
    "/s/../file?path=season.yaml",
    f"/s/{SEASON}/..%2f..%2f/race/1",
    "/out/../../etc/passwd",
    "/archive/%2e%2e/%2e%2e/etc/passwd",
    f"/s/{SEASON}/../race/1",
])
def test_a_path_outside_the_seasons_folder_is_refused(studio, tmp_path, path):
    client, season, _ = studio
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "round.yaml").write_text("secret: true\n", encoding="utf-8")
    (tmp_path / f"seasons/{SEASON}-outside.yaml").write_text("secret: true\n", encoding="utf-8")
    (season / "rounds/escape").symlink_to(outside)
    status, page = client.get(path)
    assert status == 404 and "secret" not in page


def test_saving_a_file_outside_the_season_is_refused_and_writes_nothing(studio, tmp_path):
    client, season, server = studio
    target = tmp_path / "victim.yaml"
    target.write_text("kept: true\n", encoding="utf-8")
    fields = {"csrf": server.studio.token.value, "path": "../../victim.yaml", "text": "overwritten: true\n", "base": ""}
    status, _ = client.post(f"/s/{SEASON}/file", fields)
    assert status == 404
    assert target.read_text(encoding="utf-8") == "kept: true\n"


def test_user_text_is_escaped_everywhere_it_is_shown(studio):
    client, season, _ = studio
    path = season / BRAVO
    path.write_text(path.read_text(encoding="utf-8").replace("speeding in the pit lane", "<script>alert(1)</script> & co"), encoding="utf-8")
    for page_path in (race_page(), f"/s/{SEASON}/file?path={BRAVO}"):
        status, page = client.get(page_path)
        assert status == 200
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page


# --- files stay the truth -----------------------------------------------------------------------------


def test_editing_one_gap_changes_exactly_one_line(studio):
    client, season, _ = studio
    path = season / BRAVO
    before = path.read_text(encoding="utf-8")
    status, page = client.submit(race_page(), race_page(), {"r-1-gap": "1.100"})
    assert status == 200, page
    assert changed_lines(before, path.read_text(encoding="utf-8")) == [
        (15, '      - {car: 1, gap: "1.000"}\n', '      - {car: 1, gap: "1.100"}\n')]
    assert "Saved rounds/02-bravo/round.yaml" in page
    assert lines_block(page) == [f"{season}: ok (3 rounds)"]  # what `pressgen validate` says after it


def test_crlf_comments_and_key_order_are_kept(studio):
    client, season, _ = studio
    path = season / BRAVO
    text = path.read_text(encoding="utf-8").replace(
        '      - {car: 7, gap: "1.500"}\n', '      # checked against the official sheet\n      - {car: 7, gap: "1.500"}\n')
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    before = path.read_bytes().decode("utf-8")
    # a gap and a penalty's reason: two rows, two lines; the penalty keeps its key order
    status, page = client.submit(race_page(), race_page(), {"r-3-gap": "3.250", "p-0-reason.en": "speeding in the pit lane (again)"})
    assert status == 200, page
    after = path.read_bytes().decode("utf-8")
    assert changed_lines(before, after) == [
        (18, '      - {car: 3, gap: "3.000", best_lap: "1:30.100"}\r\n', '      - {car: 3, gap: "3.250", best_lap: "1:30.100"}\r\n'),
        (23, "      - {car: 1, seconds: 5, reason: {fr: excès de vitesse dans la voie des stands, en: speeding in the pit lane}}\r\n",
             "      - {car: 1, seconds: 5, reason: {fr: excès de vitesse dans la voie des stands, en: speeding in the pit lane (again)}}\r\n"),
    ]
    assert "# checked against the official sheet\r\n" in after and after.count("\r\n") == after.count("\n")


def test_rows_added_removed_and_a_race_field_change_only_their_lines(studio):
    client, season, _ = studio
    path = season / BRAVO
    before = path.read_text(encoding="utf-8").splitlines(keepends=True)
    status, page = client.get(race_page())
    fields = Forms(page).form(race_page())
    fields.update({"r-6-remove": "1", "r-7-car": "6", "r-7-laps": "11", "r-7-status": "retired",
                   "p-2-driver": "Dan Duval", "p-2-kind": "grid", "p-2-places": "3", "p-2-reason.en": "caused a collision, 3: yes",
                   "results_complete": "false"})
    status, page = client.post(race_page(), fields)
    assert status == 200, page
    after = path.read_text(encoding="utf-8").splitlines(keepends=True)
    expected = before[:11] + ["    results_complete: false\n"] + before[12:19] + [
        "      - {car: 6, status: retired, laps: 11}\n"] + before[20:23] + [
        '      - {driver: Dan Duval, kind: grid, places: 3, reason: {en: "caused a collision, 3: yes"}}\n'] + before[23:]
    assert after == expected


@pytest.mark.parametrize("change, line, added", [
    ({"r-1-car": "99"}, ('      - {car: 1, gap: "1.000"}\n', '      - {car: 99, gap: "1.000"}\n'),
     ["15:15: races[0].results[1].car: error: car 99 is not in the entry list",
      "22:9: races[0].penalties[0].driver: error: 'Ana Alves' has a penalty but no result in this race"]),
    ({"r-2-best_lap": "1:3O.950"}, ('      - {car: 7, gap: "1.500"}\n', '      - {car: 7, gap: "1.500", best_lap: "1:3O.950"}\n'),
     ['16:42: races[0].results[2].best_lap: error: expected a time such as "2:06.894" or "+0.284", found "1:3O.950"']),
])
def test_a_change_that_breaks_the_file_is_refused_with_what_validate_prints(studio, capsys, change, line, added):
    client, season, _ = studio
    path = season / BRAVO
    before = path.read_bytes()
    status, page = client.submit(race_page(), race_page(), change)
    assert status == 422
    assert path.read_bytes() == before  # nothing written
    said = re.findall(r'<ul class="problems" role="alert">(.*?)</ul>', page, re.S)[0]
    assert re.findall(r"<li>(.*?)</li>", html.unescape(said)) == [f"{path}:{problem}" for problem in added]
    # the file it would have become, written by hand, checked by the command line: the very same lines
    old, new = line
    path.write_bytes(before.replace(old.encode(), new.encode()))
    code, _, err = cli(capsys, "validate", season)
    path.write_bytes(before)
    assert code == 1 and err == lines_block(page)
    # the table shows the change to fix: fixed there, it saves, and only the fixed row's line differs
    fields = Forms(page).form(race_page())
    assert {name: fields[name] for name in change} == change
    fields |= {"r-1-car": "1", "r-1-gap": "1.200"} if "r-1-car" in change else {"r-2-best_lap": "1:30.950"}
    status, page = client.post(race_page(), fields)
    assert status == 200, page
    fixed = ('      - {car: 1, gap: "1.200"}\n' if "r-1-car" in change else '      - {car: 7, gap: "1.500", best_lap: "1:30.950"}\n')
    assert changed_lines(before.decode(), path.read_text(encoding="utf-8")) == [(15 if "r-1-car" in change else 16, old, fixed)]


def test_a_file_changed_on_disk_since_it_was_opened_is_never_overwritten_silently(studio):
    client, season, _ = studio
    path = season / BRAVO
    status, page = client.get(race_page())
    fields = Forms(page).form(race_page()) | {"r-1-gap": "1.100"}
    edited_elsewhere = path.read_text(encoding="utf-8").replace('{car: 7, gap: "1.500"}', '{car: 7, gap: "1.600"}')
    path.write_text(edited_elsewhere, encoding="utf-8")
    status, page = client.post(race_page(), fields)
    assert status == 409
    assert path.read_text(encoding="utf-8") == edited_elsewhere  # nothing written
    # both versions are shown, and the difference
    assert '{car: 7, gap: &#34;1.600&#34;}' in page and '{car: 1, gap: &#34;1.100&#34;}' in page
    assert '-      - {car: 7, gap: &#34;1.600&#34;}' in page and '+      - {car: 1, gap: &#34;1.100&#34;}' in page
    # choosing mine writes mine, as shown, after the same checks
    mine = Forms(page).form(f"/s/{SEASON}/file")
    status, page = client.post(f"/s/{SEASON}/file", mine)
    assert status == 200, page
    text = path.read_text(encoding="utf-8")
    assert '{car: 1, gap: "1.100"}' in text and '{car: 7, gap: "1.500"}' in text


def test_the_text_editor_saves_through_the_same_rules(studio):
    client, season, _ = studio
    path = season / "season.yaml"
    before = path.read_text(encoding="utf-8")
    page_path = f"/s/{SEASON}/file?path=season.yaml"
    new = before.replace("  - {id: 03-charlie, venue: Charlie}\n", "  - {id: 03-charlie, venue: Charlie}\n  - {id: 04-delta, venue: Delta}\n")
    status, page = client.submit(page_path, f"/s/{SEASON}/file", {"text": new})
    assert status == 200, page
    assert path.read_text(encoding="utf-8") == new
    status, page = client.submit(page_path, f"/s/{SEASON}/file", {"text": new.replace("year: 2025", "year: 2025\nyear: 2026")})
    assert status == 422 and path.read_text(encoding="utf-8") == new


# --- timing import ---------------------------------------------------------------------------------------


def empty_race_1(season: Path) -> str:
    path = season / BRAVO
    text = path.read_text(encoding="utf-8")
    start, end = text.index("    results:\n"), text.index("    penalties:\n")
    path.write_text(text[:start] + "    results: []\n" + text[end:], encoding="utf-8")
    return path.read_text(encoding="utf-8")


def test_a_timing_export_is_checked_and_shown_before_anything_is_written(studio, tmp_path):
    client, season, server = studio
    before = empty_race_1(season)
    token = server.studio.token.value
    status, page = client.upload(race_page() + "/import", {"csrf": token, "session": "race-1"}, "export", "bravo-race-1.csv",
                                 (TIMING / "bravo-race-1.csv").read_bytes())
    assert status == 200, page
    assert (season / BRAVO).read_text(encoding="utf-8") == before  # not yet
    assert lines_block(page) == [f"{season / BRAVO}: will write 7 result rows of race 1; results_complete: true "
                                 "(every car that took part is listed; --partial if not)"]
    assert '+      - {car: 1, gap: &#34;1.000&#34;, best_lap: &#34;1:30.388&#34;}' in page
    status, page = client.post(race_page() + "/import/confirm", Forms(page).form(race_page() + "/import/confirm"))
    assert status == 200, page
    # byte for byte what `pressgen import-results` writes
    reference = tmp_path / "reference"
    shutil.copytree(SEASONS / SEASON, reference)
    (reference / BRAVO).write_text(before, encoding="utf-8")
    import_results(ImportRequest(TIMING / "bravo-race-1.csv", reference, "02-bravo", "race-1"))
    assert (season / BRAVO).read_bytes() == (reference / BRAVO).read_bytes()


def test_an_export_with_mistakes_gets_the_importers_report_and_writes_nothing(studio, capsys):
    client, season, server = studio
    before = empty_race_1(season)
    status, page = client.upload(race_page() + "/import", {"csrf": server.studio.token.value, "session": "race-1"},
                                 "export", "mismatches.csv", (TIMING / "mismatches.csv").read_bytes())
    assert status == 422
    assert (season / BRAVO).read_text(encoding="utf-8") == before
    code, _, err = cli(capsys, "import-results", TIMING / "mismatches.csv", "--season", season, "--round", "02-bravo", "--session", "race-1")
    assert code == 1
    assert lines_block(page) == [line.replace(str(TIMING / "mismatches.csv"), "mismatches.csv") for line in err]
    assert any("car 9 is not in the entry list" in line for line in lines_block(page))


def test_a_stale_import_confirmation_does_not_overwrite_a_file_changed_since(studio):
    client, season, server = studio
    empty_race_1(season)
    status, page = client.upload(race_page() + "/import", {"csrf": server.studio.token.value, "session": "race-1"}, "export",
                                 "bravo-race-1.csv", (TIMING / "bravo-race-1.csv").read_bytes())
    path = season / BRAVO
    changed = path.read_text(encoding="utf-8") + "# edited meanwhile\n"
    path.write_text(changed, encoding="utf-8")
    status, page = client.post(race_page() + "/import/confirm", Forms(page).form(race_page() + "/import/confirm"))
    assert status == 409 and path.read_text(encoding="utf-8") == changed


# --- new season, new round --------------------------------------------------------------------------------


def test_new_season_and_new_round_make_the_commands_files(studio, tmp_path):
    client, season, _ = studio
    status, page = client.submit("/new-season", "/new-season", {"id": "2026-test-cup", "series": 'A "quoted" Cup', "year": "2026", "languages": "fr,en"})
    assert status == 200, page
    created = season.parent / "2026-test-cup" / "season.yaml"
    reference = tmp_path / "ref" / "2026-test-cup"
    assert main(["new-season", str(reference), "--series", 'A "quoted" Cup', "--year", "2026", "--languages", "fr,en"]) == 0
    assert created.read_bytes() == (reference / "season.yaml").read_bytes()
    status, page = client.submit("/new-season", "/new-season", {"id": "2026-test-cup", "series": "X", "year": "2026"})
    assert status == 422 and "already exists" in page
    # a round: the calendar gets 04-delta through the text editor, then the form makes its files
    path = season / "season.yaml"
    text = path.read_text(encoding="utf-8").replace("  - {id: 03-charlie, venue: Charlie}\n", "  - {id: 03-charlie, venue: Charlie}\n  - {id: 04-delta, venue: Delta, races: 2}\n")
    client.submit(f"/s/{SEASON}/file?path=season.yaml", f"/s/{SEASON}/file", {"text": text})
    status, page = client.submit(f"/s/{SEASON}/new-round", f"/s/{SEASON}/new-round", {"round": "04-delta"})
    assert status == 200, page
    ref_season = tmp_path / "ref2" / SEASON
    shutil.copytree(season, ref_season, ignore=shutil.ignore_patterns("04-delta"))
    assert main(["new-round", str(ref_season), "04-delta"]) == 0
    for name in ("round.yaml", "fr.yaml", "en.yaml"):
        assert (season / "rounds/04-delta" / name).read_bytes() == (ref_season / "rounds/04-delta" / name).read_bytes()
    status, page = client.get(race_page("04-delta", 2))
    assert status == 200 and "Race 2" in page


# --- build and publish: a round from nothing to a published correction -------------------------------------


DELTA_RACE_1 = b"""position,car,status,laps,time_or_gap,best_lap
1,3,finished,10,15:02.100,1:29.800
2,5,finished,10,+0.700,1:29.950
3,1,finished,10,+2.400,1:30.010
4,2,finished,10,+5.000,1:30.400
5,7,finished,10,+6.100,1:30.600
6,4,finished,9,1 lap,1:31.200
7,6,retired,4,,1:31.900
"""


# what 10 seconds for Delta's winner change in race 1, worked by hand: she drops behind every car within
# 10 s of her (Esteve +0.7, Alves +2.4, Brooks +5.0, Garnier +6.1; Duval is a lap down) to 5th, the gaps
# are then to Esteve's 15:02.800
DELTA_PENALTY_RACE_1 = [
    "Race 1: Eva Esteve moved from 2nd to 1st.",
    "Race 1: Ana Alves moved from 3rd to 2nd.",
    "Race 1: the gap of Ana Alves to the winner changed from +2.400s to +1.700s.",
    "Race 1: Ben Brooks moved from 4th to 3rd.",
    "Race 1: the gap of Ben Brooks to the winner changed from +5.000s to +4.300s.",
    "Race 1: Gus Garnier moved from 5th to 4th.",
    "Race 1: the gap of Gus Garnier to the winner changed from +6.100s to +5.400s.",
    "Race 1: Chloé Carrel moved from 1st to 5th.",
]


def wait_for_build(client: Client) -> str:
    for _ in range(600):
        status, page = client.get("/build")
        if 'data-finished="yes"' in page:
            return page
        time.sleep(0.5)
    raise AssertionError("the build did not finish")


@pytest.mark.slow
def test_a_round_from_nothing_to_a_published_correction(studio):
    """The Monday of the issue, in the studio alone: a new round, a timing export with a mistake
    then fixed, the round's fields and prose, a build, version 1, a penalty, the change list, version 2."""
    client, season, server = studio
    token = server.studio.token.value
    season_yaml = season / "season.yaml"
    client.submit(f"/s/{SEASON}/file?path=season.yaml", f"/s/{SEASON}/file", {"text": season_yaml.read_text(encoding="utf-8").replace(
        "  - {id: 03-charlie, venue: Charlie}\n", "  - {id: 03-charlie, venue: Charlie}\n  - {id: 04-delta, venue: Delta}\n")})
    status, _ = client.submit("/", f"/s/{SEASON}/new-round", {"round": "04-delta"})
    assert status == 200
    race = race_page("04-delta", 1)
    # the export names car 8, which is not entered: the importer says so and writes nothing
    status, page = client.upload(race + "/import", {"csrf": token, "session": "race-1"}, "export", "delta.csv", DELTA_RACE_1.replace(b"7,6,retired", b"7,8,retired"))
    assert status == 422 and "delta.csv:8: car: error: car 8 is not in the entry list" in lines_block(page)
    status, page = client.upload(race + "/import", {"csrf": token, "session": "race-1"}, "export", "delta.csv", DELTA_RACE_1)
    assert status == 200, page
    status, page = client.post(race + "/import/confirm", Forms(page).form(race + "/import/confirm"))
    assert status == 200, page
    round_yaml = season / "rounds/04-delta/round.yaml"
    rows = [line for line in round_yaml.read_text(encoding="utf-8").splitlines() if line.startswith("      - ")]
    assert rows == ['      - {car: 3, time: "15:02.100", best_lap: "1:29.800"}', '      - {car: 5, gap: "0.700", best_lap: "1:29.950"}',
                    '      - {car: 1, gap: "2.400", best_lap: "1:30.010"}', '      - {car: 2, gap: "5.000", best_lap: "1:30.400"}',
                    '      - {car: 7, gap: "6.100", best_lap: "1:30.600"}', '      - {car: 4, laps: 9, best_lap: "1:31.200"}',
                    '      - {car: 6, status: retired, laps: 4, best_lap: "1:31.900"}']
    # the round's own fields and its prose, through the text editor
    text = round_yaml.read_text(encoding="utf-8")
    text = re.sub(r"^circuit:.*$", "circuit: Delta Raceway (fictional)", text, flags=re.M)
    text = re.sub(r"^  start:.*$", "  start: 2025-07-05", text, flags=re.M)
    text = re.sub(r"^  end:.*$", "  end: 2025-07-06", text, flags=re.M)
    text = re.sub(r"^release_date:.*$", "release_date: 2025-07-07", text, flags=re.M)
    status, page = client.submit(f"/s/{SEASON}/file?path=rounds/04-delta/round.yaml", f"/s/{SEASON}/file", {"text": text})
    assert status == 200, page
    for lang, headline, title, start in (("fr", "Chloé Carrel gagne à Delta", "Carrel devant Esteve", "Texte d'illustration."),
                                         ("en", "Chloé Carrel wins at Delta", "Carrel ahead of Esteve", "Illustrative text.")):
        prose = f"headline: {headline}\nlead: {start}\nreports:\n  race-1:\n    title: {title}\n    paragraphs: {{start: \"{start}\"}}\n"
        status, page = client.submit(f"/s/{SEASON}/file?path=rounds/04-delta/{lang}.yaml", f"/s/{SEASON}/file", {"text": prose})
        assert status == 200, page
    status, page = client.post(f"/s/{SEASON}/04-delta/accept/en", {"csrf": token})
    assert "en.yaml: recorded 4 units as translated from the current fr text" in lines_block(page)[0], page
    # build it, following the progress
    status, _ = client.submit("/build", "/build", {"season": SEASON, "round": "04-delta"})
    assert status == 303
    page = wait_for_build(client)
    assert "The build is done" in page, page
    assert (server.studio.out / SEASON / "04-delta" / "04-delta-fr.pdf").is_file()
    status, dashboard = client.get("/")
    assert f'href="/out/{SEASON}/04-delta/04-delta-fr.html"' in dashboard
    status, built = client.get(f"/out/{SEASON}/04-delta/04-delta-fr.html")
    assert status == 200 and "Chloé Carrel gagne à Delta" in built
    # version 1
    publish = f"/s/{SEASON}/04-delta/publish"
    status, page = client.submit(publish, publish, {"date": "2025-07-07"})
    assert status == 200 and "version 1, the first publication" in page and "Freeze version 1" in page
    status, page = client.post(publish, Forms(page).form(publish))
    assert status == 200 and "published 2025-demo-cup/04-delta version 1 of 2025-07-07" in "\n".join(lines_block(page)), page
    # a penalty: 10 seconds for the winner, who drops behind every car within 10 s of her (worked by hand:
    # Esteve +0.7, Alves +2.4, Brooks +5.0, Garnier +6.1; Duval is a lap down) to 5th; the gaps are then to Esteve
    status, page = client.submit(race, race, {"p-0-car": "3", "p-0-seconds": "10", "p-0-reason.fr": "départ anticipé", "p-0-reason.en": "jump start"})
    assert status == 200, page
    assert "      - {car: 3, seconds: 10, reason: {fr: départ anticipé, en: jump start}}\n" in round_yaml.read_text(encoding="utf-8")
    status, page = client.submit(publish, publish, {"date": "2025-07-08"})
    assert status == 200 and "version 2, a correction of version 1" in page, lines_block(page)
    english = re.findall(r'<ul class="changes" lang="en">(.*?)</ul>', page, re.S)[0]
    items = [html.unescape(i) for i in re.findall(r"<li>(.*?)</li>", english)]
    assert [item for item in items if item.startswith("Race 1:")] == DELTA_PENALTY_RACE_1
    # the files change between the check and the confirmation: the list is computed again, nothing frozen
    confirm = Forms(page).form(publish)
    round_yaml.write_text(round_yaml.read_text(encoding="utf-8").replace("seconds: 10", "seconds: 1"), encoding="utf-8")
    status, page = client.post(publish, confirm)
    assert "the data changed since the list below was computed" in page
    assert not (server.studio.archive / SEASON / "04-delta" / "v2").exists()
    round_yaml.write_text(round_yaml.read_text(encoding="utf-8").replace("seconds: 1,", "seconds: 10,"), encoding="utf-8")
    status, page = client.submit(publish, publish, {"date": "2025-07-08"})
    status, page = client.post(publish, Forms(page).form(publish))
    assert "published 2025-demo-cup/04-delta version 2 of 2025-07-08" in "\n".join(lines_block(page)), page
    status, dashboard = client.get("/")
    for version in (1, 2):
        assert f'href="/archive/{SEASON}/04-delta/v{version}/04-delta-en.pdf"' in dashboard
    status, v2 = client.get(f"/archive/{SEASON}/04-delta/v2/04-delta-en.html")
    assert status == 200 and "jump start" in v2


def test_the_live_preview_shows_the_files_as_they_are_now(studio):
    client, season, _ = studio
    status, page = client.get(f"/preview/{SEASON}/02-bravo/02-bravo-fr.html")
    assert status == 200 and '<html lang="fr"' in page
    path = season / "rounds/02-bravo/fr.yaml"
    headline = re.search(r"^headline: (.*)$", path.read_text(encoding="utf-8"), re.M)[1]
    new = path.read_text(encoding="utf-8").replace(f"headline: {headline}", 'headline: "Titre revu par l\'attachée de presse"')
    status, saved = client.submit(f"/s/{SEASON}/file?path=rounds/02-bravo/fr.yaml", f"/s/{SEASON}/file", {"text": new})
    assert status == 200, saved
    status, page = client.get(f"/preview/{SEASON}/02-bravo/02-bravo-fr.html")
    assert "Titre revu par l’attachée de presse" in page  # the house typography's apostrophe
    status, index = client.get("/preview/")
    assert status == 200 and f'href="/preview/{SEASON}/02-bravo/02-bravo-en.html"' in index
