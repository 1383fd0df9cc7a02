"""pressgen preview: pages served on loopback, a saved file pushes a reload event, then the new page."""

import http.client
import json
import socket
import time

import pytest

from generator.build import BuildRequest, build
from generator.preview import EVENTS_PATH, PreviewServer

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


def test_broken_data_shows_the_problem_on_every_page(server, season_copy):
    prose = season_copy / "rounds/06-monza/en.yaml"
    edit(prose, "\nhighlights:", "\nhighlight:")
    assert sorted(server.site.refresh({prose})) == sorted([PAGE, PAGE.replace("-en", "-fr")])
    status, page = get(server, PAGE.replace("-en", "-fr"))
    assert status == 200
    assert "The data does not load" in page and "en.yaml:4:3: highlight: error: unknown field" in page


def test_built_files_carry_no_reload_script(tmp_path):
    build(BuildRequest(MONZA_SEASON, tmp_path, formats=("html", "email")))
    for page in tmp_path.rglob("*.html"):
        assert "EventSource" not in page.read_text(encoding="utf-8"), page


def test_the_server_listens_on_loopback_only(server):
    assert server.url.startswith("http://127.0.0.1:")


def test_a_data_edit_renders_both_languages_again_and_a_fix_clears_the_problem(server, season_copy):
    data, prose = season_copy / "rounds/06-monza/round.yaml", season_copy / "rounds/06-monza/fr.yaml"
    edit(data, 'gap: "8.934"', 'gap: "8.935"')
    assert sorted(server.site.refresh({data})) == sorted([PAGE, PAGE.replace("-en", "-fr")])
    assert "8.935" in get(server, PAGE)[1]
    edit(prose, "\nheadline:", "\nheadlin:")
    server.site.refresh({prose})
    assert "The data does not load" in get(server, PAGE)[1]
    edit(prose, "\nheadlin:", "\nheadline:")
    assert sorted(server.site.refresh({prose})) == sorted([PAGE, PAGE.replace("-en", "-fr")])
    assert "The data does not load" not in get(server, PAGE)[1]
