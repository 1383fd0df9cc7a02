"""The studio's HTTP server: the preview's local-server rules (127.0.0.1 only, Host checked, at
most 32 connections, silent clients dropped), a CSRF token on every POST, ids and paths that never
leave the seasons, output and archive folders, and pages rendered server-side by Jinja with every
user text escaped (autoescape) in the UI language (the catalogs of locales/)."""

from __future__ import annotations

import datetime as dt
import mimetypes
import secrets
import sys
import tempfile
import threading
from functools import cache, partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import jinja2

from .. import editions, i18n
from ..commands.import_results import ImportRequest, PreparedImport, prepare_import
from ..commands.new_round import new_round
from ..commands.new_season import new_season
from ..commands.publish import PublishRequest, preview_publish, publish
from ..commands.translate import accept
from ..errors import PressgenError
from ..loader import parse_yaml
from ..paths import TEMPLATES_DIR
from ..preview import CONNECTION_TIMEOUT, Site, _BoundedServer, host_allowed, photo_response, run_until_interrupted
from ..request import BuildRequest, default_archive
from ..schema import KINDS, REPORT, ROUND_FILE, ROUNDS_DIR, SEASON_FILE, season_folders
from . import saving, tables, translate
from .dashboard import dashboard
from .jobs import Builds
from .prose_page import prose_page
from .web import UI_COOKIE, UI_LANGUAGES, Form, Page, Refused, Token, an_id, language_in, language_name, parse_form, ui_language, within

STATIC_DIR = TEMPLATES_DIR / "studio" / "static"
STATIC_FILES = {"studio.css": "text/css; charset=utf-8", "studio.js": "text/javascript; charset=utf-8",
                "prose.css": "text/css; charset=utf-8"}
# the studio's pages load only the studio's own script and stylesheet
CONTENT_SECURITY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"
PENDING_IMPORTS = 32  # timing imports checked and waiting for their confirmation


class Studio:
    """What the pages work on: the folder of seasons, the output and archive folders, the token."""

    def __init__(self, path: Path, out: Path | None = None, archive: Path | None = None):
        self.path = path
        self.seasons_root = path if not (path / SEASON_FILE).is_file() else path.parent  # where new seasons go
        self.out = out or default_archive(path).parent / "output"
        self.archive = archive or default_archive(path)
        self.token = Token()
        self.opened = saving.Opened()
        self.builds = Builds()
        self.imports: dict[str, PreparedImport] = {}
        self._preview: Site | None = None
        self._preview_lock = threading.Lock()

    def preview(self) -> Site:
        """The live preview's releases (pressgen preview's own), rendered again from the files as
        they are now: only what changed since the last look is rendered."""
        with self._preview_lock:
            if self._preview is None:
                self._preview = Site(self.path)
            else:
                self._preview.refresh()
            return self._preview

    def season_folder(self, season_id: str) -> Path:
        an_id(season_id, "season")
        for folder in season_folders(self.path):
            if folder.name == season_id:
                return folder
        raise Refused(404, f"no season '{season_id}' under {self.path}")

    def round_folder(self, season_id: str, round_id: str) -> Path:
        folder = self.season_folder(season_id) / ROUNDS_DIR / an_id(round_id, "round")
        if not (folder / ROUND_FILE).is_file():
            raise Refused(404, f"no round '{round_id}' in {season_id}")
        return folder


@cache
def environment(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR / "studio"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
    env.globals.update(language_name=language_name, language_in=partial(language_in, lang), ui_languages=UI_LANGUAGES, quote=quote)
    return env


class Request:
    def __init__(self, studio: Studio, method: str, target: str, form: Form, lang: str):
        parts = urlsplit(target)
        self.studio, self.method, self.form, self.lang = studio, method, form, lang
        self.path = parts.path
        self.query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}

    def render(self, template: str, status: int = 200, **variables: Any) -> Page:
        body = environment(self.lang).get_template(template).render(
            csrf=self.studio.token.value, ui=self.lang, here=self.path, **variables)
        return Page(body.encode("utf-8"), status)

    def redirect(self, location: str) -> Page:
        return _redirect(location)


# --- routes ---------------------------------------------------------------------------------------------


def route(request: Request) -> Page:
    parts = [p for p in request.path.split("/") if p]
    get, post = request.method == "GET", request.method == "POST"
    if post:
        request.studio.token.check(request.form)
    match parts:
        case [] if get:
            return _dashboard(request)
        case ["static", name] if get:
            return _static(name)
        case ["language"] if post:
            return _set_language(request)
        case ["new-season"]:
            return _new_season(request)
        case ["s", season, "new-round"]:
            return _new_round(request, season)
        case ["s", season, "file"]:
            return _file(request, season)
        case ["s", season, round_id, "race", number]:
            return _race(request, season, round_id, _number(number))
        case ["s", season, round_id, "race", number, "import"] if post:
            return _import(request, season, round_id, _number(number))
        case ["s", season, round_id, "race", number, "import", "confirm"] if post:
            return _import_confirm(request, season, round_id, _number(number))
        case ["s", season, round_id, "prose", lang]:
            return prose_page(request, season, round_id, lang)
        case ["s", season, round_id, "accept", lang] if post:
            return _accept(request, season, round_id, lang)
        case ["s", season, round_id, "translate", lang, *action]:
            return translate.route(request, season, round_id, lang, action)
        case ["s", season, round_id, "publish"]:
            return _publish(request, season, round_id)
        case ["build"]:
            return _build(request)
        case ["build", "status"] if get:
            return _build_status(request)
        case ["preview", *rest] if get:
            return _preview(request, rest)
        case ["out", *rest] if get and rest:
            return _served(request.studio.out, rest)
        case ["archive", *rest] if get and rest:
            return _served(request.studio.archive, rest)
    raise Refused(404, f"no page {request.path}")


def _number(text: str) -> int:
    if not text.isdigit() or len(text) > 2:
        raise Refused(404, f"no race {text}")
    return int(text)


def _redirect(location: str) -> Page:
    return Page(b"", HTTPStatus.SEE_OTHER, headers={"Location": location})


def _dashboard(request: Request) -> Page:
    studio = request.studio
    seasons = dashboard(studio.path, studio.out, studio.archive)
    return request.render("dashboard.html", seasons=seasons, job=studio.builds.current, path=str(studio.path),
                          out=str(studio.out), archive=str(studio.archive))


def _static(name: str) -> Page:
    if name not in STATIC_FILES:
        raise Refused(404, f"no file {name}")
    return Page((STATIC_DIR / name).read_bytes(), kind=STATIC_FILES[name], headers={"Cache-Control": "no-cache"})


def _set_language(request: Request) -> Page:
    lang = request.form.get("lang")
    if lang not in UI_LANGUAGES:
        raise Refused(400, f"no interface language '{lang}'")
    back = request.form.get("back", "/")
    page = _redirect(back if back.startswith("/") and not back.startswith("//") else "/")
    page.headers["Set-Cookie"] = f"{UI_COOKIE}={lang}; Path=/; SameSite=Strict; HttpOnly"
    return page


def _new_season(request: Request) -> Page:
    studio = request.studio
    values = {"id": "", "series": "", "year": str(dt.date.today().year), "languages": "fr,en"}
    if studio.seasons_root != studio.path:
        return request.render("message.html", 422, title="new-season", back="/", lines=[
            f"the studio shows one season ({studio.path}); start it on the folder of seasons to create another"])
    if request.method == "POST":
        values = {key: request.form.get(key).strip() for key in values}
        try:
            year = int(values["year"]) if values["year"].isdigit() else 0
            folder = studio.seasons_root / an_id(values["id"], "season") if values["id"] else studio.seasons_root / "-"
            lines = new_season(folder, values["series"], year, [lang.strip() for lang in values["languages"].split(",") if lang.strip()])
        except (PressgenError, Refused) as exc:
            return request.render("new_season.html", 422, values=values, error=str(exc))
        return request.render("done.html", lines=lines, next_url=f"/s/{values['id']}/file?path={SEASON_FILE}")
    return request.render("new_season.html", values=values, error=None)


def _new_round(request: Request, season_id: str) -> Page:
    folder = request.studio.season_folder(season_id)
    if request.method == "POST":
        round_id = request.form.get("round").strip()
        try:
            lines = new_round(folder, an_id(round_id, "round"))
        except (PressgenError, Refused) as exc:
            return request.render("message.html", 422, title="new-round", lines=str(exc).splitlines(), back="/")
        return request.render("done.html", lines=lines, next_url=f"/s/{season_id}/{round_id}/race/1")
    from ..schema import load_season_file

    season, _ = load_season_file(folder)
    missing = [c for c in season.calendar if not (folder / ROUNDS_DIR / c.id).exists()]
    return request.render("new_round.html", season_id=season_id, rounds=missing)


# --- a file as text -------------------------------------------------------------------------------------


def _file(request: Request, season_id: str) -> Page:
    """Any YAML file of the season as text: the editor of what the forms do not cover yet."""
    folder = request.studio.season_folder(season_id)
    relative = (request.form.get("path") if request.method == "POST" else request.query.get("path", "")).strip()
    path = within(folder, relative)
    if path.suffix != ".yaml" or (request.method == "GET" and not path.is_file()):
        raise Refused(404, f"no YAML file '{relative}' in {season_id}")
    if request.method == "POST":
        text = request.form.get("text").replace("\r\n", "\n")
        if path.is_file() and b"\r\n" in path.read_bytes():
            text = text.replace("\n", "\r\n")
        return _save(request, folder, path, text, request.form.get("base"), f"/s/{season_id}/file?path={quote(relative)}")
    text = saving.read_text(path)
    base = request.studio.opened.remember(text)
    return request.render("file.html", season_id=season_id, relative=relative, text=text, base=base,
                          line=request.query.get("line", ""))


def _save(request: Request, folder: Path, path: Path, text: str, base: str, back: str) -> Page:
    """Write through saving.save; a conflict or a refusal is a page of its own, nothing written."""
    relative = path.relative_to(folder.resolve()).as_posix() if path.is_relative_to(folder.resolve()) else path.name
    try:
        saved = saving.save(folder, path, text, base)
    except saving.Conflict as conflict:
        on_disk = saving.digest(conflict.on_disk.encode("utf-8"))
        return request.render("conflict.html", 409, season_id=folder.name, relative=relative, conflict=conflict,
                              base=on_disk, back=back)
    except saving.Refusal as refusal:
        return request.render("refused.html", 422, refusal=refusal, relative=relative, back=back, text=text,
                              season_id=folder.name, base=base)
    return request.render("saved.html", saved=saved, relative=relative, back=back)


# --- a race: its tables, a timing import ------------------------------------------------------------------


def _race(request: Request, season_id: str, round_id: str, number: int) -> Page:
    """A race's tables. The form names two texts: `base`, the file as it was on disk when the page
    was opened (a save over anything else is a conflict), and `rows`, the text whose rows the
    form's rows come from (the base, or after a refused save the text that was refused, so the
    writer fixes it in the table)."""
    studio = request.studio
    folder = studio.season_folder(season_id)
    path = studio.round_folder(season_id, round_id).resolve() / ROUND_FILE
    from ..schema import load_season_file

    season, _ = load_season_file(folder)
    back = f"/s/{season_id}/{round_id}/race/{number}"
    relative = path.relative_to(folder.resolve()).as_posix()
    if request.method == "GET":
        text = saving.read_text(path)
        key = studio.opened.remember(text)
        return _race_page(request, season, path, text, number, key, key, None)
    base = request.form.get("base")
    rows = studio.opened.text(request.form.get("rows") or base)
    if rows is None:  # the studio restarted since the page was opened: its rows cannot be matched
        return _conflict_unknown_base(request, folder, path, back)
    new_text = tables.edited_text(rows, path, number, request.form.fields, season.languages)
    on_disk = saving.read_text(path)
    if saving.digest(on_disk.encode("utf-8")) != base:
        conflict = saving.Conflict(path, on_disk, new_text)
        return request.render("conflict.html", 409, season_id=season_id, relative=relative,
                              conflict=conflict, base=saving.digest(on_disk.encode("utf-8")), back=back)
    try:
        saved = saving.save(folder, path, new_text, base)
    except saving.Refusal as refusal:
        try:  # shown again in the table, the problems above it
            return _race_page(request, season, path, new_text, number, base, studio.opened.remember(new_text), refusal, 422)
        except PressgenError:  # a text the table cannot show: the text editor
            return request.render("refused.html", 422, refusal=refusal, relative=relative, back=back, text=new_text,
                                  season_id=season_id, base=base)
    except saving.Conflict as conflict:  # changed on disk in the meantime
        return request.render("conflict.html", 409, season_id=season_id, relative=relative, conflict=conflict,
                              base=saving.digest(conflict.on_disk.encode("utf-8")), back=back)
    return request.render("saved.html", saved=saved, relative=relative, back=back)


def _race_page(request: Request, season, path: Path, text: str, number: int, base: str, rows: str,
               refusal: saving.Refusal | None, status: int = 200) -> Page:
    data = parse_yaml(text, path, collect=True).data
    race = tables.race_data(data, number)
    if race is None:
        raise Refused(404, f"no race {number} in {path.parent.name}")
    folder = request.studio.season_folder(season.id)
    return request.render(
        "race.html", status, season_id=season.id, round_id=path.parent.name, number=number, numbers=tables.race_numbers(data),
        form=tables.race_form(race, number, season.languages), tables=tables.TABLES, languages=season.languages,
        base=base, rows_key=rows, entries=season.entries, statuses=tables.STATUSES, kinds=tables.PENALTY_KINDS,
        relative=path.relative_to(folder.resolve()).as_posix(), refusal=refusal)


def _conflict_unknown_base(request: Request, folder: Path, path: Path, back: str) -> Page:
    return request.render("message.html", 409, title=path.name, back=back, lines=[
        f"{path}: the page was opened before the studio last started; reload it (your changes were not written)"])


def _import(request: Request, season_id: str, round_id: str, number: int) -> Page:
    """A timing export through the importer: its report and the change to round.yaml, nothing written."""
    studio = request.studio
    folder = studio.season_folder(season_id)
    studio.round_folder(season_id, round_id)
    back = f"/s/{season_id}/{round_id}/race/{number}"
    upload = request.form.files.get("export")
    if upload is None or not upload[1]:
        return request.render("message.html", 422, title="import-results", back=back, lines=["choose a timing export file"])
    filename, content = upload
    session = request.form.get("session", f"race-{number}")
    file_format = request.form.get("format") or None
    with tempfile.TemporaryDirectory(prefix="pressgen-studio-") as scratch:
        export = Path(scratch) / (Path(filename).name or "export.csv")
        export.write_bytes(content)
        try:
            prepared = prepare_import(ImportRequest(export, folder, round_id, session, file_format, bool(request.form.get("partial"))))
        except PressgenError as exc:
            lines = str(exc).replace(str(export), filename).splitlines()
            return request.render("import.html", 422, prepared=None, lines=lines, back=back, season_id=season_id,
                                  round_id=round_id, number=number, diff=[], key="")
    warnings = [line.replace(str(export), filename) for line in prepared.warnings]
    key = secrets.token_urlsafe(16)
    while len(studio.imports) >= PENDING_IMPORTS:
        studio.imports.pop(next(iter(studio.imports)))
    studio.imports[key] = prepared
    diff = saving.diff_lines(prepared.old_text, prepared.text, "round.yaml", "round.yaml", 1)
    return request.render("import.html", prepared=prepared, lines=[*warnings, prepared.summary("will write")], back=back,
                          season_id=season_id, round_id=round_id, number=number, diff=diff, key=key)


def _import_confirm(request: Request, season_id: str, round_id: str, number: int) -> Page:
    studio = request.studio
    folder = studio.season_folder(season_id)
    back = f"/s/{season_id}/{round_id}/race/{number}"
    prepared = studio.imports.pop(request.form.get("key"), None)
    if prepared is None:
        return request.render("message.html", 410, title="import-results", back=back,
                              lines=["this import was already written or is too old; choose the file again"])
    return _save(request, folder, prepared.round_file.resolve(), prepared.text,
                 saving.digest(prepared.old_text.encode("utf-8")), back)


def _accept(request: Request, season_id: str, round_id: str, lang: str) -> Page:
    """`pressgen translate accept --all`: the translation, checked by hand, matches the current source."""
    folder = request.studio.season_folder(season_id)
    try:
        lines = accept(folder, an_id(round_id, "round"), lang, [], every_unit=True)
    except PressgenError as exc:
        lines = str(exc).splitlines()
    return request.render("message.html", title="translate accept", lines=lines, back="/")


# --- build, publish ---------------------------------------------------------------------------------------


def _build(request: Request) -> Page:
    studio = request.studio
    if request.method == "POST":
        chosen = tuple(name for name in editions.names() if request.form.get(f"edition-{name}"))
        round_id = request.form.get("round") or None
        season_id = request.form.get("season") or None
        path = studio.season_folder(season_id) if season_id else studio.path
        # one process: the studio serves requests in threads, and a worker forked from a threaded
        # process may inherit a lock another thread held
        kind = request.form.get("kind") or REPORT
        if kind not in KINDS:
            raise Refused(400, f"no kind of release '{kind}'")
        job_request = BuildRequest(path, studio.out, round_id, formats=chosen or editions.DEFAULT,
                                   draft=bool(request.form.get("draft")), jobs=1, kind=kind)
        studio.builds.start(job_request)
        return _redirect("/build")
    return request.render("build.html", job=studio.builds.current, editions=editions.names(), default=editions.DEFAULT,
                          seasons=[f.name for f in season_folders(studio.path)])


def _build_status(request: Request) -> Page:
    import json

    job = request.studio.builds.current
    return Page(json.dumps(job.state() if job else None).encode(), kind="application/json")


def _publish(request: Request, season_id: str, round_id: str) -> Page:
    studio = request.studio
    folder = studio.season_folder(season_id)
    studio.round_folder(season_id, round_id)
    form = request.form
    values = {"date": form.get("date") or dt.date.today().isoformat(), "accept_partial": form.get("accept_partial")}
    if request.method == "GET":
        return request.render("publish.html", season_id=season_id, round_id=round_id, values=values, preview=None, lines=[], done=None)
    try:
        day = dt.date.fromisoformat(values["date"])
    except ValueError:
        return request.render("publish.html", 422, season_id=season_id, round_id=round_id, values=values, preview=None, done=None,
                              lines=[f"--date: expected a date such as 2024-10-21, found '{values['date']}'"])
    publish_request = PublishRequest(folder, round_id, day, studio.archive, bool(values["accept_partial"]))
    try:
        preview = preview_publish(publish_request)
        if form.get("step") == "freeze" and form.get("inputs") == preview.inputs and preview.version is not None:
            report = publish(publish_request)
            return request.render("publish.html", season_id=season_id, round_id=round_id, values=values, preview=None,
                                  lines=list(report.lines), done=report.folder)
    except PressgenError as exc:
        return request.render("publish.html", 422, season_id=season_id, round_id=round_id, values=values, preview=None,
                              done=None, lines=str(exc).splitlines())
    changed = form.get("step") == "freeze"  # the files changed since the change list was shown
    return request.render("publish.html", season_id=season_id, round_id=round_id, values=values, preview=preview, done=None,
                          lines=["the data changed since the list below was computed: check it again"] if changed else [])


def _preview(request: Request, parts: list[str]) -> Page:
    """A release as `pressgen preview` renders it (drafts where translations are pending), or its photos."""
    site = request.studio.preview()
    url = "/" + "/".join(parts)
    if (photo := photo_response(site, url)) is not None:
        return Page(photo, kind="image/jpeg")
    if site.error is not None:
        return request.render("message.html", 422, title="preview", lines=site.error.splitlines(), back="/")
    page = site.pages.get(url)
    if page is None:
        return request.render("preview.html", 404 if parts else 200, urls=sorted(site.pages))
    return Page(page.html.encode("utf-8"))


def _served(root: Path, parts: list[str]) -> Page:
    """A built or published file, from inside its folder only."""
    path = within(root, "/".join(parts))
    if not path.is_file():
        raise Refused(404, f"no file {'/'.join(parts)}")
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith("text/"):
        kind += "; charset=utf-8"
    return Page(path.read_bytes(), kind=kind)


# --- the HTTP server --------------------------------------------------------------------------------------


class StudioServer:
    """The server on 127.0.0.1 in a thread; `stop()` ends it."""

    def __init__(self, path: Path, port: int = 8000, out: Path | None = None, archive: Path | None = None):
        self.studio = Studio(path, out, archive)
        self._http = _BoundedServer(("127.0.0.1", port), _handler(self.studio))
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._http.server_address[1]}/"

    def start(self) -> StudioServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(timeout=5)


def _handler(studio: Studio) -> type[BaseHTTPRequestHandler]:
    from .web import MAX_BODY

    class Handler(BaseHTTPRequestHandler):
        timeout = CONNECTION_TIMEOUT

        def do_GET(self) -> None:
            self._serve("GET", Form())

        def do_POST(self) -> None:
            if not self._host_allowed():
                return self._send(_plain(HTTPStatus.MISDIRECTED_REQUEST, "pressgen studio answers only to 127.0.0.1, localhost or [::1] with its port"))
            length = self.headers.get("Content-Length", "")
            if not length.isdigit() or int(length) > MAX_BODY:
                return self._send(_plain(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a form of at most {MAX_BODY} bytes"))
            body = self.rfile.read(int(length))
            try:
                form = parse_form(self.headers.get("Content-Type", ""), body)
            except (Refused, ValueError) as exc:
                return self._send(_plain(400, str(exc)))
            self._serve("POST", form)

        def _serve(self, method: str, form: Form) -> None:
            if not self._host_allowed():
                return self._send(_plain(HTTPStatus.MISDIRECTED_REQUEST, "pressgen studio answers only to 127.0.0.1, localhost or [::1] with its port"))
            if method == "POST" and not self._same_origin():
                return self._send(_plain(HTTPStatus.FORBIDDEN, "a form sent from another site is refused"))
            lang = ui_language(self.headers.get("Cookie"), self.headers.get("Accept-Language"))
            request = Request(studio, method, self.path, form, lang)
            try:
                page = route(request)
            except Refused as exc:
                page = request.render("message.html", exc.status, title=str(exc.status), lines=[str(exc)], back="/")
            except PressgenError as exc:
                page = request.render("message.html", 422, title="pressgen", lines=str(exc).splitlines(), back="/")
            except Exception as exc:  # a bug: said on the page and in the terminal, the studio goes on
                print(f"studio: internal error: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
                page = request.render("message.html", 500, title="internal error", lines=[f"internal error: {type(exc).__name__}: {exc}"], back="/")
            self._send(page)

        def _host_allowed(self) -> bool:
            return host_allowed(self.headers.get("Host", ""), int(self.server.server_address[1]))  # type: ignore[index]  # (address, port): AF_INET

        def _same_origin(self) -> bool:
            """A browser names the page a form came from; it must be this studio (the token is checked too)."""
            origin = self.headers.get("Origin")
            return origin is None or origin == f"http://{self.headers.get('Host', '')}"

        def _send(self, page: Page) -> None:
            self.send_response(page.status)
            self.send_header("Content-Type", page.kind)
            self.send_header("Content-Length", str(len(page.body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            # a release may be shown beside its editor (the prose editor's frame), nothing else framed
            self.send_header("X-Frame-Options", "SAMEORIGIN" if self.path.startswith("/preview/") else "DENY")
            self.send_header("Referrer-Policy", "same-origin")  # "no-referrer" would make a form's Origin "null"
            if page.kind.startswith("text/html") and not self.path.startswith(("/out/", "/archive/", "/preview/")):
                self.send_header("Content-Security-Policy", CONTENT_SECURITY)
            for name, value in page.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(page.body)

        def log_message(self, format: str, *args) -> None:
            pass

    return Handler


def _plain(status: int, text: str) -> Page:
    return Page((text + "\n").encode(), status, "text/plain; charset=utf-8")


def serve(path: Path, port: int, announce, out: Path | None = None, archive: Path | None = None) -> None:
    """Run until interrupted (Ctrl-C)."""
    season_folders(path)  # a UsageError when PATH holds no season
    run_until_interrupted(lambda: StudioServer(path, port, out, archive), port,
                          lambda server: f"pressgen studio at {server.url} (Ctrl-C to stop)", announce)
