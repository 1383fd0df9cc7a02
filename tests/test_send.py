"""`pressgen send` against a real SMTP server on 127.0.0.1 (aiosmtpd), on the demo season
(illustrative data; every address is under a reserved example domain).

What the server receives is read back with the standard library's parser and compared with the
files of the published version, byte for byte; subjects and language choices are written out by hand.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import socket
import stat
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from generator.cli import main
from generator.commands.send import SendRequest, send
from generator.errors import DataError, UsageError
from generator.mailing import Pace, choose_language, server_settings
from generator.media_list import read_media_list
from generator.send_log import SendLog

from .conftest import SEASONS, edit
from .smtp_server import Handler, Server

SEASON_ID, ROUND_ID = "2025-demo-cup", "02-bravo"
EMBARGO = 'embargo: "2025-05-19T08:00:00+02:00"'
MEDIA_LIST = """\
# illustrative media list: reserved example domains only
recipients:
  - {name: Alice Reporter, email: alice@example.org, language: fr, outlet: Demo Hebdo}
  - {name: Bob Writer, email: bob@example.org, language: en}
  - {name: Carla Scrittrice, email: carla@example.org, language: it}
  - {name: Chloé Québec, email: chloe@example.org, language: fr-CA}
"""
NOW = dt.datetime(2025, 5, 19, 6, 30, tzinfo=dt.UTC)


def cli(*args) -> int:
    return main([str(a) for a in args])


@pytest.fixture(scope="module")
def published_project(tmp_path_factory) -> Path:
    """The demo season with an embargo on 02-bravo, published as version 1 of 19 May 2025."""
    project = tmp_path_factory.mktemp("office")
    season = project / "seasons" / SEASON_ID
    shutil.copytree(SEASONS / SEASON_ID, season)
    edit(season / "rounds" / ROUND_ID / "round.yaml", "release_date: 2025-05-19\n", f"release_date: 2025-05-19\n{EMBARGO}\n")
    assert cli("publish", season, "--round", ROUND_ID, "--date", "2025-05-19") == 0
    (project / "press").mkdir()
    (project / "press" / "media-list.yaml").write_text(MEDIA_LIST, encoding="utf-8")
    return project


@pytest.fixture
def project(published_project, tmp_path) -> Path:
    copy = tmp_path / "office"
    shutil.copytree(published_project, copy)
    return copy


def v1(project: Path) -> Path:
    return project / "archive" / SEASON_ID / ROUND_ID / "v1"


def run(project: Path, server: Server | None, *, media_list: str = "media-list.yaml", version: int | None = None,
        dry_run: bool = False, pace: Pace | None = None, environ: dict | None = None):
    env = environ if environ is not None else {"PRESSGEN_SMTP_HOST": "127.0.0.1", "PRESSGEN_SMTP_PORT": str(server.port if server else 0),
                                               "PRESSGEN_SMTP_SECURITY": "none"}
    request = SendRequest(project / "seasons" / SEASON_ID, ROUND_ID, project / "press" / media_list, version, dry_run)
    return send(request, pace=pace or fast_pace(), now=lambda: NOW, environ=env)


def fast_pace(retries: int = 3) -> Pace:
    """The real pacing rules with a clock that records the waits instead of sleeping."""
    waited: list[float] = []
    ticks = iter(range(0, 10**9, 1000))  # a minute and more between any two messages: the rate never waits
    pace = Pace(rate=30, retries=retries, sleep=waited.append, clock=lambda: float(next(ticks)))
    pace.waited = waited  # type: ignore[attr-defined]
    return pace


def parsed(data: bytes):
    return BytesParser(policy=policy.default).parsebytes(data)


def lf(text: str) -> bytes:
    """A text part as the published file has it: MIME text travels with CRLF line ends."""
    return text.replace("\r\n", "\n").encode("utf-8")


# --- the media list ------------------------------------------------------------------------------


def test_the_media_list_reports_every_problem_at_its_line_and_field(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("recipients:\n"
                    "  - {name: Alice, email: alice@example.org, language: fr}\n"
                    "  - {name: Bob, email: bob-at-example.org, language: en}\n"
                    "  - {name: Carla, language: it, phone: '+39 000'}\n"
                    "  - {name: Dup, email: ALICE@example.org, language: fr}\n"
                    "  - {name: Eve, email: eve@example.org, language: french!}\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_media_list(path)
    assert str(caught.value).splitlines() == [
        f'{path}:3:24: recipients[1].email: error: expected an email address such as "name@example.org", found "bob-at-example.org"',
        f"{path}:4:5: recipients[2].email: error: email: required, left empty",
        f"{path}:4:40: recipients[2].phone: error: unknown field 'phone' (the fields are name, email, language, outlet)",
        f"{path}:5:24: recipients[3].email: error: ALICE@example.org is listed already at line 2: each journalist once",
        f'{path}:6:51: recipients[4].language: error: expected a language code such as fr, en or pt-BR, found "french!"',
    ]


def test_a_csv_media_list_is_read_and_checked_by_line_and_column(tmp_path):
    good = tmp_path / "list.csv"
    good.write_bytes("\ufeffname,email,language,outlet\r\nAlice Reporter,alice@example.org,fr,Demo Hebdo\r\n\r\n"
                     "\"Writer, Bob\",bob@example.org,EN,\r\n".encode())
    assert [(r.name, r.email, r.language, r.outlet, r.line) for r in read_media_list(good)] == [
        ("Alice Reporter", "alice@example.org", "fr", "Demo Hebdo", 2), ("Writer, Bob", "bob@example.org", "en", None, 4)]
    bad = tmp_path / "bad.csv"
    bad.write_text("name,email,lang\nAlice,alice@example.org,fr\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_media_list(bad)
    assert str(caught.value).splitlines() == [
        f"{bad}:1: lang: error: unknown column 'lang' (the columns are name, email, language, outlet)",
        f"{bad}:1: language: error: missing column: the first line names the columns (name,email,language,outlet)"]
    short = tmp_path / "short.csv"
    short.write_text("name,email,language\nAlice,alice@example.org\nBob,bob@example.org,\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_media_list(short)
    assert str(caught.value).splitlines() == [f"{short}:2: error: 2 cells; the header names 3 columns",
                                              f"{short}:3: language: error: language: required, left empty"]


@pytest.mark.parametrize(("wanted", "available", "source", "expected"), [
    ("fr", ("fr", "en"), "fr", "fr"),
    ("fr-ca", ("fr", "en"), "fr", "fr"),  # the base language
    ("it", ("fr", "en"), "fr", "en"),  # not published: English
    ("de", ("it", "pl"), "it", "it"),  # no English either: the season's first language
])
def test_each_journalist_gets_their_language_or_the_documented_fallback(wanted, available, source, expected):
    assert choose_language(wanted, wanted.split("-")[0], available, source) == expected


# --- sending -------------------------------------------------------------------------------------


def test_each_recipient_receives_the_published_files_in_their_language_with_the_standard_headers(project):
    handler = Handler()
    with Server(handler) as server:
        report = run(project, server)
    assert report.complete
    assert report.lines[-1].startswith("4 accepted, 0 refused, 0 deferred; send log: ")
    by_address = {r.recipients[0]: r for r in handler.received}
    assert sorted(by_address) == ["alice@example.org", "bob@example.org", "carla@example.org", "chloe@example.org"]
    languages = {address: parsed(r.data)["Content-Language"] for address, r in by_address.items()}
    assert languages == {"alice@example.org": "fr", "bob@example.org": "en", "carla@example.org": "en", "chloe@example.org": "fr"}
    for address, received in by_address.items():
        message, lang = parsed(received.data), languages[address]
        assert received.sender == "presse@demo-cup.example"
        assert message["To"].addresses[0].addr_spec == address
        assert message["From"] == '"Demo Cup press office (illustrative)" <presse@demo-cup.example>'
        assert message["List-Unsubscribe"] == "<mailto:presse@demo-cup.example?subject=unsubscribe>"
        assert message["Date"] == "Mon, 19 May 2025 06:30:00 +0000"
        assert re.fullmatch(rf"<[0-9a-f]{{32}}\.v1\.{lang}@demo-cup\.example>", message["Message-ID"])
        assert [p.get_content_type() for p in message.walk()] == [
            "multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf"]
        text, html = message.get_body(("plain",)), message.get_body(("html",))
        assert lf(text.get_content()) == (v1(project) / f"{ROUND_ID}-{lang}.txt").read_bytes()
        assert lf(html.get_content()) == (v1(project) / f"{ROUND_ID}-{lang}.email.html").read_bytes() + b"\n"  # MIME ends text with a line end
        [pdf] = list(message.iter_attachments())
        assert pdf.get_filename() == f"{ROUND_ID}-{lang}.pdf"
        assert pdf.get_content() == (v1(project) / f"{ROUND_ID}-{lang}.pdf").read_bytes()
        assert max(len(line) for line in received.data.split(b"\r\n")) <= 78
    subjects = {lang: parsed(by_address[a].data)["Subject"] for a, lang in (("alice@example.org", "fr"), ("bob@example.org", "en"))}
    assert subjects == {
        "fr": "Demo Cup (illustrative data) – Communiqué de démonstration\u00a0: données fictives – "
              "Sous embargo jusqu’au lundi 19 mai 2025, 08:00 UTC+02:00",
        "en": "Demo Cup (illustrative data) – Demonstration release: made-up data – "
              "Embargoed until Monday, 19 May 2025, 08:00 UTC+02:00",
    }
    for lang, line in subjects.items():  # the embargo words are the edition's own
        assert line.rsplit(" – ", 1)[1] in (v1(project) / f"{ROUND_ID}-{lang}.txt").read_text(encoding="utf-8").splitlines()


def test_the_send_log_is_beside_the_list_private_and_running_again_sends_nothing(project):
    handler = Handler()
    with Server(handler) as server:
        first = run(project, server)
        second = run(project, server)
    assert len(handler.received) == 4
    assert second.lines == (f"nothing to send: every recipient has {SEASON_ID}/{ROUND_ID} version 1 (the send log says the server accepted it)",)
    log_file = project / "press" / "media-list.send-log.json"
    assert first.lines[-1].endswith(str(log_file))
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    entries = SendLog.load(log_file).entries
    assert [(e.email, e.version, e.status, e.time) for e in entries] == [
        (a, 1, "accepted", "2025-05-19T06:30:00+00:00") for a in ("alice@example.org", "bob@example.org", "carla@example.org", "chloe@example.org")]
    ids = {parsed(r.data)["Message-ID"] for r in handler.received}
    assert {e.message_id for e in entries} == ids and len(ids) == 4
    assert all(e.response.startswith("250 ") for e in entries)
    assert not any(p.name.endswith(".send-log.json") for p in (project / "archive").rglob("*"))


def test_a_4xx_answer_is_tried_again_after_a_delay_and_marked_sent_once_accepted(project):
    handler = Handler(script=["451 4.3.0 try again later", "452 4.3.1 still busy"])
    pace = fast_pace()
    with Server(handler) as server:
        report = run(project, server, pace=pace)
    assert report.complete
    assert handler.answered[:3] == ["451 4.3.0 try again later", "452 4.3.1 still busy", "250 2.0.0 Ok: queued"]
    assert len(handler.received) == 4
    assert pace.waited[:2] == [2.0, 4.0]  # the backoff: 2 s, then 4 s
    entries = SendLog.load(project / "press" / "media-list.send-log.json").entries
    assert [e.status for e in entries] == ["accepted"] * 4


def test_a_5xx_answer_is_recorded_and_only_that_recipient_is_tried_on_the_next_run(project, monkeypatch):
    handler = Handler(refuse={"bob@example.org": "554 5.7.1 mailbox unavailable", "eve@example.org": "550 5.1.1 no such user"})
    with Server(handler) as server:
        report = run(project, server)
        assert not report.complete
        assert "refused: Bob Writer <bob@example.org> (en): 554 5.7.1 mailbox unavailable (at DATA)" in report.lines
        assert handler.answered.count("554 5.7.1 mailbox unavailable") == 1  # never tried again in the run
        del handler.refuse["bob@example.org"]
        again = run(project, server)
        assert again.complete
        _other_list(project)  # the command line: exit 4 when a recipient was not accepted
        for name, value in {"HOST": "127.0.0.1", "PORT": str(server.port), "SECURITY": "none"}.items():
            monkeypatch.setenv(f"PRESSGEN_SMTP_{name}", value)
        code = cli("send", project / "seasons" / SEASON_ID, "--round", ROUND_ID, "--to", project / "press" / "other.yaml")
    assert code == 4
    assert [r.recipients[0] for r in handler.received] == ["alice@example.org", "carla@example.org", "chloe@example.org", "bob@example.org"]
    entries = SendLog.load(project / "press" / "media-list.send-log.json").entries
    assert [(e.email, e.status) for e in entries] == [
        ("alice@example.org", "accepted"), ("bob@example.org", "refused"), ("carla@example.org", "accepted"),
        ("chloe@example.org", "accepted"), ("bob@example.org", "accepted")]


def test_a_connection_cut_before_the_answer_is_not_marked_sent_and_is_tried_again(project):
    handler = Handler(script=["cut"])
    with Server(handler) as server:
        report = run(project, server)
    assert report.complete
    assert handler.answered[:2] == ["cut", "250 2.0.0 Ok: queued"]
    assert [r.recipients[0] for r in handler.received] == ["alice@example.org", "bob@example.org", "carla@example.org", "chloe@example.org"]


def test_no_server_stops_the_run_and_marks_nobody(project):
    with socket.socket() as probe:  # a port nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {"PRESSGEN_SMTP_HOST": "127.0.0.1", "PRESSGEN_SMTP_PORT": str(port), "PRESSGEN_SMTP_SECURITY": "none"}
    report = run(project, None, environ=env, pace=fast_pace(retries=1))
    assert not report.complete
    assert report.lines[1].startswith("deferred: Alice Reporter <alice@example.org> (fr): no answer from 127.0.0.1:")
    assert report.lines[2] == ("stopped: the mail server does not answer; 3 recipients not tried. "
                               "Run `pressgen send` again: it sends only to those who do not have this version yet")
    entries = SendLog.load(project / "press" / "media-list.send-log.json").entries
    assert [(e.email, e.status) for e in entries] == [("alice@example.org", "deferred")]


def test_a_correction_reaches_exactly_the_readers_of_v1_and_a_newcomer_gets_only_the_latest(project):
    handler = Handler()
    with Server(handler) as server:
        run(project, server)
        season = project / "seasons" / SEASON_ID
        edit(season / "rounds" / ROUND_ID / "round.yaml", '- {car: 5, gap: "8.000"}', '- {car: 5, gap: "7.000"}')
        assert cli("publish", season, "--round", ROUND_ID, "--date", "2025-05-20") == 0
        media_list = project / "press" / "media-list.yaml"  # Carla leaves the list; Dora joins it
        edit(media_list, "  - {name: Carla Scrittrice, email: carla@example.org, language: it}\n",
             "  - {name: Dora Nueva, email: dora@example.org, language: es}\n")
        handler.received.clear()
        report = run(project, server)
        twice = run(project, server)
    assert report.complete and twice.lines[0].startswith("nothing to send")
    got = {r.recipients[0]: parsed(r.data) for r in handler.received}
    assert sorted(got) == ["alice@example.org", "bob@example.org", "carla@example.org", "chloe@example.org", "dora@example.org"]
    assert {a: m["Message-ID"].split("@")[0].split(".")[1] for a, m in got.items()} == dict.fromkeys(got, "v2")
    assert "correction of version 1; no longer on the media list" in next(line for line in report.lines if "carla@" in line)
    v2 = project / "archive" / SEASON_ID / ROUND_ID / "v2"
    assert got["alice@example.org"]["Subject"] == ("Version corrigée du 20/05/2025 – Demo Cup (illustrative data) – "
                                                  "Communiqué de démonstration\u00a0: données fictives")  # the embargo of 19/05 is not repeated
    assert got["bob@example.org"]["Subject"] == ("Corrected version, 20 May 2025 – Demo Cup (illustrative data) – "
                                                "Demonstration release: made-up data")
    text = got["bob@example.org"].get_body(("plain",)).get_content()
    assert lf(text) == (v2 / f"{ROUND_ID}-en.txt").read_bytes()
    changes, lead = text.index("What changed in the tables"), text.index("This release illustrates")
    assert changes < lead  # the change list on top
    assert " ".join(text[changes:lead].split()) == ("What changed in the tables: - Race 1: the gap of Eva Esteve to the winner "
                                                     "changed from +8.000s to +7.000s. Bravo, 19 May 2025 –")


def test_dry_run_writes_eml_files_and_prints_the_recipients_per_language(project):
    report = run(project, None, dry_run=True, environ={})
    folder = project / "press" / "media-list.dry-run" / f"{SEASON_ID}-{ROUND_ID}-v1"
    assert report.lines == (
        f"dry run: {SEASON_ID}/{ROUND_ID} version 1 of 2025-05-19 would go to 4 recipients; nothing sent",
        "fr (2): Demo Cup (illustrative data) – Communiqué de démonstration\u00a0: données fictives – "
        "Sous embargo jusqu’au lundi 19 mai 2025, 08:00 UTC+02:00",
        "  Alice Reporter <alice@example.org>",
        "  Chloé Québec <chloe@example.org> (listed as fr-ca)",
        "en (2): Demo Cup (illustrative data) – Demonstration release: made-up data – Embargoed until Monday, 19 May 2025, 08:00 UTC+02:00",
        "  Bob Writer <bob@example.org>",
        "  Carla Scrittrice <carla@example.org> (listed as it)",
        f"messages written to {folder}",
    )
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["001-alice@example.org.eml", "002-bob@example.org.eml", "003-carla@example.org.eml", "004-chloe@example.org.eml"]
    carla = parsed((folder / files[2]).read_bytes())
    assert carla["To"] == "Carla Scrittrice <carla@example.org>" and carla["Content-Language"] == "en"
    assert not (project / "press" / "media-list.send-log.json").exists()


# --- TLS and login -------------------------------------------------------------------------------


@pytest.fixture
def certificate(tmp_path, monkeypatch):
    """A throwaway authority and a server certificate for 127.0.0.1, trusted through SSL_CERT_FILE."""
    import trustme

    authority = trustme.CA()
    server_context = __import__("ssl").create_default_context(__import__("ssl").Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1", "localhost").configure_cert(server_context)
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    return server_context


def test_starttls_with_a_login_whose_password_comes_from_the_environment(project, certificate):
    handler = Handler()
    with Server(handler, starttls=certificate, login=("press", "s3cret")) as server:
        env = {"PRESSGEN_SMTP_HOST": "127.0.0.1", "PRESSGEN_SMTP_PORT": str(server.port), "PRESSGEN_SMTP_SECURITY": "starttls",
               "PRESSGEN_SMTP_USER": "press", "PRESSGEN_SMTP_PASSWORD": "s3cret"}
        report = run(project, server, environ=env)
        assert report.complete and len(handler.received) == 4
        _other_list(project)
        with pytest.raises(UsageError, match="refused the login of press"):
            run(project, server, environ=env | {"PRESSGEN_SMTP_PASSWORD": "wrong"}, media_list="other.yaml")


def _other_list(project: Path) -> None:
    (project / "press" / "other.yaml").write_text("recipients:\n  - {name: Eve, email: eve@example.org, language: en}\n", encoding="utf-8")


def test_implicit_tls_and_an_untrusted_certificate(project, certificate, monkeypatch):
    handler = Handler()
    with Server(handler, implicit_tls=certificate) as server:
        env = {"PRESSGEN_SMTP_HOST": "127.0.0.1", "PRESSGEN_SMTP_PORT": str(server.port), "PRESSGEN_SMTP_SECURITY": "tls"}
        assert run(project, server, environ=env).complete and len(handler.received) == 4
        monkeypatch.delenv("SSL_CERT_FILE")  # the system's authorities do not know the test's
        _other_list(project)
        report = run(project, server, environ=env, media_list="other.yaml", pace=fast_pace(retries=0))
    assert not report.complete and "CERTIFICATE_VERIFY_FAILED" in report.lines[1]
    assert len(handler.received) == 4


def test_smtp_settings_come_from_the_season_with_the_environment_over_them(project):
    season = project / "seasons" / SEASON_ID / "season.yaml"
    with season.open("a", encoding="utf-8") as file:
        file.write("smtp: {host: smtp.demo-cup.example, port: 2525, user: press, rate: 12}\n")
    from generator.load import find_round

    loaded, _ = find_round(season.parent, ROUND_ID)
    settings = server_settings(loaded.season.smtp, "season.yaml", {"PRESSGEN_SMTP_PASSWORD": "x", "PRESSGEN_SMTP_PORT": "587"})
    assert (settings.host, settings.port, settings.security, settings.user, settings.password, settings.rate) == (
        "smtp.demo-cup.example", 587, "starttls", "press", "x", 12)
    with pytest.raises(UsageError, match="set its password in the environment variable PRESSGEN_SMTP_PASSWORD"):
        server_settings(loaded.season.smtp, "season.yaml", {})
    edit(season, "user: press, rate: 12}", "user: press, password: hunter2}")
    with pytest.raises(DataError, match="the SMTP password is never read from a file"):
        find_round(season.parent, ROUND_ID)


def test_the_pace_bounds_the_rate():
    now = [0.0]
    waited: list[float] = []
    pace = Pace(rate=30, sleep=lambda s: (waited.append(s), now.__setitem__(0, now[0] + s)), clock=lambda: now[0])
    for _ in range(3):
        pace.wait_turn()
        now[0] += 0.5  # each message takes half a second
    assert waited == [1.5, 1.5]  # 30 a minute: one every 2 s


# --- what send refuses ---------------------------------------------------------------------------


def test_send_refuses_an_unpublished_round_a_replaced_version_and_a_list_in_a_public_folder(project):
    season = project / "seasons" / SEASON_ID
    media_list = project / "press" / "media-list.yaml"
    with pytest.raises(UsageError, match="is not published: `pressgen publish` it first"):
        send(SendRequest(season, "01-alpha", media_list, dry_run=True))
    edit(season / "rounds" / ROUND_ID / "round.yaml", '- {car: 5, gap: "8.000"}', '- {car: 5, gap: "7.000"}')
    assert cli("publish", season, "--round", ROUND_ID, "--date", "2025-05-20") == 0
    with pytest.raises(UsageError, match="--version 1: version 2 of 2025-05-20 replaces it"):
        send(SendRequest(season, ROUND_ID, media_list, version=1, dry_run=True))
    for public in (project / "archive" / "list.yaml", project / "output" / "list.yaml"):
        public.parent.mkdir(exist_ok=True)
        shutil.copy(media_list, public)
        with pytest.raises(UsageError, match="stay out of archive/ and output/"):
            send(SendRequest(season, ROUND_ID, public, dry_run=True))
    assert cli("send", season, "--round", ROUND_ID, "--to", project / "archive" / "list.yaml") == 2


def test_smtp_settings_alone_make_no_new_version(project):
    season = project / "seasons" / SEASON_ID
    with (season / "season.yaml").open("a", encoding="utf-8") as file:
        file.write("smtp: {host: smtp.demo-cup.example}\n")
    assert cli("publish", season, "--round", ROUND_ID, "--date", "2025-05-20") == 0
    assert not (project / "archive" / SEASON_ID / ROUND_ID / "v2").exists()
