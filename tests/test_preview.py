"""pressgen preview: pages served on loopback, a saved file pushes a reload event, then the new page."""

import http.client
import json
import socket
import time

import pytest

from generator.build import BuildRequest, build
from generator.preview import EVENTS_PATH, PreviewServer, Site

from .conftest import MONZA_SEASON, edit

PAGE = "/2024-alpine-elf-cup/06-monza/06-monza-en.html"
DEADLINE = 30  # seconds: a slow shared machine, not an expected duration


@pytest.fixture
def server(season_copy):
    running = PreviewServer(season_copy, port=0).start()
    yield running
    running.stop()


def get(server: PreviewServer, url: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", int(server.url.rsplit(":", 1)[1].strip("/")), timeout=DEADLINE)
    try:
        connection.request("GET", url)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


class EventStream:
    """A raw reader of the server-sent events, polling with short socket timeouts."""

    def __init__(self, server: PreviewServer):
        port = int(server.url.rsplit(":", 1)[1].strip("/"))
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=DEADLINE)
        self.socket.sendall(f"GET {EVENTS_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode("ascii"))
        self.buffer = b""
        self.wait_for(b": connected\n\n", DEADLINE)
        assert b"Content-Type: text/event-stream" in self.buffer

    def wait_for(self, marker: bytes, seconds: float) -> bool:
        self.socket.settimeout(0.2)
        end = time.monotonic() + seconds
        while marker not in self.buffer and time.monotonic() < end:
            try:
                chunk = self.socket.recv(65536)
            except TimeoutError:
                continue
            if not chunk:
                break
            self.buffer += chunk
        return marker in self.buffer

    def reload_event(self) -> list[str]:
        self.wait_for(b"event: reload\n", DEADLINE)
        end = time.monotonic() + DEADLINE
        while b"\n\n" not in self.buffer.split(b"event: reload\n", 1)[1] and time.monotonic() < end:
            self.wait_for(self.buffer + b"-", 0.2)  # read whatever comes next
        block = self.buffer.split(b"event: reload\n", 1)[1].split(b"\n\n", 1)[0]
        return json.loads(block.removeprefix(b"data: "))


def test_saving_a_translation_pushes_a_reload_and_serves_the_new_page(server, season_copy):
    status, page = get(server, PAGE)
    assert status == 200
    assert "Jousset wins, Roussanne crowned" in page
    assert 'new EventSource("/_events")' in page
    events = EventStream(server)

    prose = season_copy / "rounds/06-monza/en.yaml"
    edit(prose, "Jousset wins, Roussanne crowned", "Jousset wins again, Roussanne crowned")
    for _ in range(DEADLINE // 2):  # the watcher may not be watching yet: save again until it reacts
        if events.wait_for(b"event: reload", 2):
            break
        prose.write_bytes(prose.read_bytes())
    assert events.reload_event() == [PAGE]  # the French page did not change

    status, page = get(server, PAGE)
    assert (status, "Jousset wins again, Roussanne crowned" in page) == (200, True)
    events.socket.close()


@pytest.fixture
def site(season_copy):
    """The pages without the watcher: a test that calls `refresh` itself must not race the watcher's."""
    return Site(season_copy)


def test_broken_data_shows_the_problem_on_every_page(site, season_copy):
    prose = season_copy / "rounds/06-monza/en.yaml"
    edit(prose, "\nhighlights:", "\nhighlight:")
    assert sorted(site.refresh({prose})) == sorted([PAGE, PAGE.replace("-en", "-fr")])
    status, page = site.response(PAGE.replace("-en", "-fr"))
    assert status == 200
    assert "The data does not load" in page and "en.yaml:4:3: highlight: error: unknown field" in page


def test_built_files_carry_no_reload_script(tmp_path):
    build(BuildRequest(MONZA_SEASON, tmp_path, formats=("html", "email")))
    for page in tmp_path.rglob("*.html"):
        assert "EventSource" not in page.read_text(encoding="utf-8"), page


def test_the_server_listens_on_loopback_only(server):
    assert server.url.startswith("http://127.0.0.1:")


def test_a_data_edit_renders_both_languages_again_and_a_fix_clears_the_problem(site, season_copy):
    data, prose = season_copy / "rounds/06-monza/round.yaml", season_copy / "rounds/06-monza/fr.yaml"
    edit(data, 'gap: "8.934"', 'gap: "8.935"')
    assert sorted(site.refresh({data})) == sorted([PAGE, PAGE.replace("-en", "-fr")])
    assert "8.935" in site.response(PAGE)[1]
    edit(prose, "\nheadline:", "\nheadlin:")
    site.refresh({prose})
    assert "The data does not load" in site.response(PAGE)[1]
    edit(prose, "\nheadlin:", "\nheadline:")
    assert sorted(site.refresh({prose})) == sorted([PAGE, PAGE.replace("-en", "-fr")])
    assert "The data does not load" not in site.response(PAGE)[1]


# --- hostile clients and failing refreshes ---------------------------------------------------------


def raw_request(server: PreviewServer, request: bytes) -> bytes:
    port = int(server.url.rsplit(":", 1)[1].strip("/"))
    with socket.create_connection(("127.0.0.1", port), timeout=DEADLINE) as connection:
        connection.sendall(request)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
        return received


@pytest.mark.parametrize("host", ["evil.example:{port}", "127.0.0.1.nip.io:{port}", "localhost:1", ""])
def test_another_host_name_is_refused(server, host):
    """A page of another site whose name resolves to 127.0.0.1 (DNS rebinding) sends its own Host."""
    port = server.url.rsplit(":", 1)[1].strip("/")
    header = f"Host: {host.format(port=port)}\r\n" if host else ""
    answer = raw_request(server, f"GET {PAGE} HTTP/1.1\r\n{header}Connection: close\r\n\r\n".encode("ascii"))
    assert answer.startswith(b"HTTP/1.0 421 Misdirected Request")
    assert b"Charles Roussanne" not in answer


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}"])
def test_the_loopback_names_with_the_port_are_served(server, host):
    port = server.url.rsplit(":", 1)[1].strip("/")
    answer = raw_request(server, f"GET {PAGE} HTTP/1.1\r\nHost: {host.format(port=port)}\r\nConnection: close\r\n\r\n".encode("ascii"))
    assert answer.startswith(b"HTTP/1.0 200 OK")


def test_an_internal_error_in_a_refresh_is_shown_and_watching_goes_on(season_copy, monkeypatch):
    """Once, a RecursionError killed the watcher thread: pages never updated again, silently."""
    from generator import preview

    said: list[str] = []
    site = preview.Site(season_copy, report=said.append)
    real = preview.load_and_compute

    def broken(folder, *args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(preview, "load_and_compute", broken)
    season_file = season_copy / "season.yaml"
    site.refresh({season_file})
    assert site.error == "internal error: RecursionError: maximum recursion depth exceeded"
    assert said == ["preview: internal error: RecursionError: maximum recursion depth exceeded "
                    "(the page shows it; save a file to try again)"]
    status, page = site.response(PAGE)
    assert "internal error: RecursionError" in page

    monkeypatch.setattr(preview, "load_and_compute", real)
    site.refresh({season_file})
    assert site.error is None
    assert "Charles Roussanne" in site.response(PAGE)[1]


def test_clients_that_hang_up_leave_no_traceback_and_no_thread(server, capfd):
    port = int(server.url.rsplit(":", 1)[1].strip("/"))
    for _ in range(30):  # closed mid-request, and mid-response
        with socket.create_connection(("127.0.0.1", port), timeout=DEADLINE) as connection:
            connection.sendall(f"GET {PAGE} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode("ascii"))
        with socket.create_connection(("127.0.0.1", port), timeout=DEADLINE) as connection:
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # reset
            connection.sendall(f"GET {PAGE} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode("ascii"))
    assert get(server, PAGE)[0] == 200
    assert "Traceback" not in capfd.readouterr().err


def test_half_open_connections_are_bounded_and_time_out(season_copy, monkeypatch):
    import threading

    from generator import preview

    monkeypatch.setattr(preview, "CONNECTION_TIMEOUT", 1)
    running = PreviewServer(season_copy, port=0).start()
    try:
        port = int(running.url.rsplit(":", 1)[1].strip("/"))
        before = threading.active_count()
        silent = [socket.create_connection(("127.0.0.1", port), timeout=DEADLINE) for _ in range(preview.MAX_CONNECTIONS + 20)]
        deadline = time.monotonic() + DEADLINE
        while threading.active_count() < before + preview.MAX_CONNECTIONS and time.monotonic() < deadline:
            time.sleep(0.02)
        assert threading.active_count() <= before + preview.MAX_CONNECTIONS  # not one thread per connection
        while threading.active_count() > before and time.monotonic() < deadline:  # each times out
            time.sleep(0.05)
        assert threading.active_count() == before
        assert get(running, PAGE)[0] == 200
        for connection in silent:
            connection.close()
    finally:
        running.stop()


def test_a_closed_event_stream_ends_its_thread(season_copy, monkeypatch):
    from generator import preview

    monkeypatch.setattr(preview, "HEARTBEAT", 0.5)
    running = PreviewServer(season_copy, port=0).start()
    try:
        stream = EventStream(running)
        assert len(running.events._listeners) == 1
        stream.socket.close()
        deadline = time.monotonic() + DEADLINE
        while running.events._listeners and time.monotonic() < deadline:
            time.sleep(0.05)
        assert running.events._listeners == []
    finally:
        running.stop()
