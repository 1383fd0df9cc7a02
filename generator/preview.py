"""`pressgen preview`: the HTML releases served on 127.0.0.1 (each round's race report, and its
pre-event release where its pre-event prose is written), rendered in memory, rendered again
when a data, prose, template or catalog file is saved, and the open page told to reload through
server-sent events. Only what changed is rendered again (the build's input fingerprints), and only
the season whose files changed is loaded again (only a round's prose, when nothing else was saved). Releases with untranslated units show as drafts.
Nothing is written to disk; the reload script exists only in the served responses.
"""

from __future__ import annotations

import html
import json
import queue
import sys
import threading
from dataclasses import dataclass, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import build, pre_event_release
from .compute import SeasonResults
from .errors import PressgenError
from .incremental import Fingerprints, shared_digest
from .load import Computed, load_and_compute
from .paths import ASSETS_DIR, LOCALES_DIR, TEMPLATES_DIR
from .request import BuildRequest
from .schema import KINDS, REPORT, ROUNDS_DIR, LoadedSeason, prose_kind, reload_prose, season_folders

EVENTS_PATH = "/_events"
RELOAD_SCRIPT = (
    '<script>new EventSource("' + EVENTS_PATH + '").addEventListener("reload", function (event) {'
    " if (JSON.parse(event.data).indexOf(location.pathname) >= 0) location.reload(); });</script>"
)
WATCHED_OUTSIDE_SEASONS = (TEMPLATES_DIR, LOCALES_DIR, ASSETS_DIR)


@dataclass(frozen=True)
class Page:
    inputs: str  # fingerprint of what it was rendered from
    html: str


class Site:
    """Every HTML release under a path, by URL (`/<season>/<round>/<round>-<lang>.html`)."""

    def __init__(self, path: Path, report=lambda line: print(line, file=sys.stderr, flush=True)):
        self.path = path
        self.report = report  # the terminal: internal errors are said there as well as on the page
        self.pages: dict[str, Page] = {}
        self.photos: dict[str, Path] = {}  # a web page's photo copy by URL -> the round's file
        self.error: str | None = None  # the last reload's problems, shown instead of the pages
        self._seasons: dict[Path, tuple[LoadedSeason, SeasonResults] | None] = {  # None: to load
            folder.resolve(): None for folder in season_folders(path)}
        self.refresh()

    def refresh(self, changed: set[Path] | None = None) -> list[str]:
        """Load again the seasons holding a changed file (every season when a template, catalog or
        nothing is named), render the releases whose inputs changed; return the URLs that changed."""
        folders = [f for f in self._seasons if changed is None or any(_inside(p, f) for p in changed)]
        if changed is not None and any(_inside(p, t) for p in changed for t in WATCHED_OUTSIDE_SEASONS):
            folders = list(self._seasons)
        try:
            for folder in folders:
                self._seasons[folder] = self._reload(folder, changed)
            updated = self._render_changed()
        except PressgenError as exc:
            self.error = str(exc)
            return list(self.pages)
        except Exception as exc:  # a bug must not end the watching: the next save tries again
            self.error = f"internal error: {type(exc).__name__}: {exc}"
            self.report(f"preview: {self.error} (the page shows it; save a file to try again)")
            self._seasons = dict.fromkeys(self._seasons)  # load everything again next time
            return list(self.pages)
        reloaded = updated if self.error is None else list(self.pages)
        self.error = None
        return reloaded

    def _reload(self, folder: Path, changed: set[Path] | None) -> tuple[LoadedSeason, SeasonResults]:
        """The season loaded and computed again, or only its prose when nothing else was saved."""
        previous = self._seasons[folder]
        rounds = _prose_rounds(folder, changed)
        if previous is None or self.error is not None or rounds is None:
            return load_and_compute(folder)[0]
        loaded, results = previous
        for round_id in rounds:
            if loaded.round(round_id) is None:
                return load_and_compute(folder)[0]
            loaded = reload_prose(loaded, round_id)
        return loaded, results  # prose changes no table

    def _render_changed(self) -> list[str]:
        fingerprints = Fingerprints(shared_digest(), ("html",), False)
        computed = [entry for entry in self._seasons.values() if entry is not None]
        updated, current = [], set()
        for plan in _plans(self.path, computed):
            plan = replace(plan, marks=replace(plan.marks, draft=bool(plan.marks.untranslated)))
            url = f"/{plan.season_id}/{plan.round_id}/{plan.stem()}.html"
            current.add(url)
            inputs = build.release_inputs(plan, "html", fingerprints)
            if url not in self.pages or self.pages[url].inputs != inputs:
                self.pages[url] = Page(inputs, build.render(plan).html)
                updated.append(url)
            if plan.kind == REPORT:  # a pre-event release shows no photo
                self.photos.update(_photo_urls(plan))
        for url in self.pages.keys() - current:  # a round or language that is gone
            del self.pages[url]
            updated.append(url)
        return updated

    def response(self, url: str) -> tuple[HTTPStatus, str]:
        """The page for a URL, with the reload script; the problems when the data does not load."""
        if self.error is not None:
            return HTTPStatus.OK, _with_reload(_error_page(self.error))
        if url in ("/", "/index.html"):
            return HTTPStatus.OK, _with_reload(_contents_page(sorted(self.pages)))
        if url in self.pages:
            return HTTPStatus.OK, _with_reload(self.pages[url].html)
        return HTTPStatus.NOT_FOUND, _with_reload(_contents_page(sorted(self.pages), missing=url))


def _plans(path: Path, computed: Computed) -> list[build.PlannedRelease]:
    """Every release the preview shows, planned as `pressgen build --draft --format html` plans it
    for each kind of release (`--kind pre-event` too); the pre-event releases only where a round's
    pre-event prose is written (a season without any is no error: most rounds have none)."""
    plans = []
    for kind in KINDS:
        if kind != REPORT and not any(pre_event_release.requested_rounds(loaded, results, None) for loaded, results in computed):
            continue
        request = BuildRequest(path, Path("."), draft=True, formats=("html",), kind=kind)
        plans += build.plan_releases(computed, request)[0]
    return plans


def _photo_urls(plan) -> dict[str, Path]:
    """The URLs a web page finds its photos at (photos/ beside it): the copies are made on request."""
    from .photos import FULL, WEB, output_name

    folder = f"/{plan.season_id}/{plan.round_id}/"
    return {folder + output_name(path.name, size): path
            for path in build.round_photo_files(plan.race_round) for size in (WEB, FULL)}


def photo_response(site: Site, url: str) -> bytes | None:
    """The copy of a photo a previewed page shows or links, made from the file as it is now."""
    from .photos import FULL, WEB, copy, problem

    path = site.photos.get(url)
    if path is None or problem(path) is not None:
        return None
    return copy(path, FULL if url.endswith(FULL.suffix) else WEB)


def _prose_rounds(folder: Path, changed: set[Path] | None) -> set[str] | None:
    """The rounds of the season whose race report's prose files (and nothing else) changed; None
    otherwise (reload_prose reads those only: a pre-event file has the season loaded again)."""
    if changed is None:
        return None
    rounds = set()
    for path in (Path(p).resolve() for p in changed):
        if not path.is_relative_to(folder):
            continue
        parts = path.relative_to(folder).parts
        if len(parts) != 3 or parts[0] != ROUNDS_DIR or prose_kind(path) != REPORT:
            return None
        rounds.add(parts[1])
    return rounds


def _inside(path: Path, folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(folder.resolve())


def _with_reload(page: str) -> str:
    head, body_end, tail = page.rpartition("</body>")
    return f"{head}{RELOAD_SCRIPT}{body_end}{tail}" if body_end else page + RELOAD_SCRIPT


def _contents_page(urls: list[str], missing: str | None = None) -> str:
    items = "".join(f'<li><a href="{html.escape(u)}">{html.escape(u.lstrip("/"))}</a></li>' for u in urls)
    note = f"<p>No release at {html.escape(missing)}.</p>" if missing else ""
    return f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>pressgen preview</title></head><body>{note}<ul>{items}</ul></body></html>'


def _error_page(message: str) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>pressgen preview: problems</title></head>'
            f"<body><h1>The data does not load</h1><pre>{html.escape(message)}</pre></body></html>")


class Events:
    """Server-sent events: each open page gets every list of changed URLs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[queue.Queue[list[str]]] = []  # each open page's: lists of changed URLs

    def listen(self) -> queue.Queue[list[str]]:
        listener: queue.Queue[list[str]] = queue.Queue()
        with self._lock:
            self._listeners.append(listener)
        return listener

    def leave(self, listener: queue.Queue[list[str]]) -> None:
        with self._lock:
            self._listeners.remove(listener)

    def publish(self, urls: list[str]) -> None:
        with self._lock:
            for listener in self._listeners:
                listener.put(urls)


MAX_CONNECTIONS = 32  # open connections served at once (each an open page, or its event stream)
CONNECTION_TIMEOUT = 10  # seconds a connection may stay silent while sending its request
HEARTBEAT = 5  # seconds between keep-alive comments on an event stream: a closed page is noticed
ALLOWED_HOSTS = ("127.0.0.1", "localhost", "[::1]")


class _BoundedServer(ThreadingHTTPServer):
    """At most MAX_CONNECTIONS threads; further connections are closed at once. Clients that go
    away mid-request are not an error worth a traceback."""

    daemon_threads = True
    request_queue_size = 128  # connections waiting to be accepted: a burst is queued, not dropped

    def __init__(self, *args, **kwargs):
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address) -> None:
        if not self._slots.acquire(blocking=False):
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return  # the page was closed, or the client went silent
        print(f"preview: internal error serving a request: {type(error).__name__}: {error}", file=sys.stderr, flush=True)


class PreviewServer:
    """The HTTP server on 127.0.0.1 and the file watcher, each in a thread; `stop()` ends both."""

    def __init__(self, path: Path, port: int = 8000):
        self.site = Site(path)
        self.events = Events()
        self._stop = threading.Event()
        self._http = _BoundedServer(("127.0.0.1", port), _handler(self))
        self._watched = [path, *WATCHED_OUTSIDE_SEASONS]
        self._threads = [threading.Thread(target=self._http.serve_forever, daemon=True),
                         threading.Thread(target=self._watch, daemon=True)]

    @property
    def port(self) -> int:
        """The port the server listens on (the one asked for, or the one the system chose for 0)."""
        port: int = self._http.server_address[1]
        return port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> PreviewServer:
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._http.shutdown()
        self._http.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def stopping(self) -> bool:
        return self._stop.is_set()

    def _watch(self) -> None:
        from watchfiles import watch

        for changes in watch(*self._watched, stop_event=self._stop, rust_timeout=500, yield_on_timeout=False):
            urls = self.site.refresh({Path(path) for _, path in changes})  # never raises: see refresh
            if urls:
                self.events.publish(urls)


def _handler(server: PreviewServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        timeout = CONNECTION_TIMEOUT

        def do_GET(self) -> None:
            if not self._host_allowed():
                return self._refuse()
            url = self.path.split("?", 1)[0]
            if url == EVENTS_PATH:
                return self._events()
            if (photo := photo_response(server.site, url)) is not None:
                status, body, kind = HTTPStatus.OK, photo, "image/jpeg"
            else:
                status, page = server.site.response(url)
                body, kind = page.encode("utf-8"), "text/html; charset=utf-8"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _host_allowed(self) -> bool:
            return host_allowed(self.headers.get("Host", ""), server.port)

        def _refuse(self) -> None:
            body = b"pressgen preview answers only to 127.0.0.1, localhost or [::1] with its port\n"
            self.send_response(HTTPStatus.MISDIRECTED_REQUEST)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            listener = server.events.listen()
            try:
                self.wfile.write(b": connected\n\n")
                self.wfile.flush()
                silent = 0.0
                while not server.stopping():
                    try:
                        urls = listener.get(timeout=0.5)
                    except queue.Empty:
                        silent += 0.5
                        if silent >= HEARTBEAT:  # a write to a closed page fails: its thread ends
                            self.wfile.write(b": ping\n\n")
                            self.wfile.flush()
                            silent = 0.0
                        continue
                    self.wfile.write(f"event: reload\ndata: {json.dumps(urls)}\n\n".encode())
                    self.wfile.flush()
                    silent = 0.0
            except (ConnectionError, TimeoutError):
                pass  # the page was closed
            finally:
                server.events.leave(listener)

        def log_message(self, format: str, *args) -> None:
            pass  # quiet: the writer watches the page, not the terminal

    return Handler


def host_allowed(host: str, port: int) -> bool:
    """Only this machine's own names, with the server's port or none: a page of another site whose
    name was made to point at 127.0.0.1 (DNS rebinding) sends its own name, and must not read
    embargoed releases (or, in the studio, change files)."""
    return host in {*ALLOWED_HOSTS, *(f"{name}:{port}" for name in ALLOWED_HOSTS)}


def serve(path: Path, port: int, announce) -> None:
    """Run until interrupted (Ctrl-C)."""
    run_until_interrupted(lambda: PreviewServer(path, port), port,
                          lambda server: f"previewing {len(server.site.pages)} releases at {server.url} (Ctrl-C to stop)", announce)


def run_until_interrupted(make, port: int, message, announce) -> None:
    """Start a local server, say where, and serve until Ctrl-C; a port in use is a usage error."""
    try:
        server = make().start()
    except OSError as exc:
        from .errors import UsageError

        raise UsageError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from None
    announce(message(server))
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
