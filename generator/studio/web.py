"""Requests and answers of the studio: form bodies (URL-encoded and multipart), the CSRF token,
the UI language, and paths that must stay inside a folder."""

from __future__ import annotations

import email.parser
import email.policy
import hmac
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode

from babel import Locale, UnknownLocaleError

from .. import languages
from ..schema import REPORT

MAX_BODY = 6_000_000  # bytes: a timing export is at most 5,000,000 (limits.py) plus the form around it
UI_COOKIE = "pressgen-studio-lang"
UI_LANGUAGES = ("en", "fr", "it", "pl")
ID = re.compile(r"[a-z0-9][a-z0-9-]*")


class Page:
    """An answer: status, content type, body, extra headers."""

    def __init__(self, body: bytes, status: int = 200, kind: str = "text/html; charset=utf-8", headers: dict | None = None):
        self.body, self.status, self.kind, self.headers = body, status, kind, headers or {}


class Refused(Exception):
    """A request the studio will not serve: an HTTP status and a plain reason."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status


@dataclass
class Form:
    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # name -> (filename, content)

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)


def parse_form(content_type: str, body: bytes) -> Form:
    """A POST body: application/x-www-form-urlencoded or multipart/form-data (a file input)."""
    if content_type.startswith("multipart/form-data"):
        return _multipart(content_type, body)
    pairs = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return Form({name: values[-1] for name, values in pairs.items()})


def _multipart(content_type: str, body: bytes) -> Form:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
    form = Form()
    if not message.is_multipart():
        raise Refused(400, "a multipart form without parts")
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            form.files[name] = (filename, content)
        else:
            form.fields[name] = content.decode("utf-8", errors="replace")
    return form


class Token:
    """The CSRF token: one random value per studio run, in every form, checked on every change."""

    def __init__(self) -> None:
        self.value = secrets.token_urlsafe(32)

    def check(self, form: Form) -> None:
        if not hmac.compare_digest(form.get("csrf").encode(), self.value.encode()):
            raise Refused(403, "this form did not come from this studio (missing or wrong token); reload the page and try again")


def ui_language(cookie: str | None, accept: str | None) -> str:
    """The interface's language: the one chosen (a cookie), else the browser's first known one, else English."""
    chosen = _cookie_value(cookie or "", UI_COOKIE)
    if chosen in UI_LANGUAGES:
        return chosen
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in UI_LANGUAGES:
            return code
    return "en"


def _cookie_value(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def language_name(code: str) -> str:
    """A language named in its own language (for the switch between interface languages, and a
    link or label marked with that language)."""
    return languages.style(code).own_name


def language_in(ui: str, code: str, start: bool = False) -> str:
    """A language named in the interface's language, for a sentence of the interface ("Texte en
    anglais", "Text in French", "Tekst: angielski"); `start`: at the start of a heading, so with
    a capital ("Anglais (traduction)"). A code CLDR does not know is named by itself."""
    try:
        name = Locale.parse(code, sep="-").get_display_name(Locale.parse(ui, sep="-")) or code
    except (ValueError, UnknownLocaleError):
        name = code
    return name[:1].upper() + name[1:] if start else name


def release_page_url(season_id: str, round_id: str, page: str, lang: str, kind: str, **query: str) -> str:
    """A studio page of one release in one language (`prose`, `translate`): the kind of release a
    query parameter, omitted for the race report, the page's other parameters after it."""
    params = {**({"kind": kind} if kind != REPORT else {}), **query}
    return f"/s/{quote(season_id)}/{quote(round_id)}/{page}/{quote(lang)}" + (f"?{urlencode(params)}" if params else "")


def an_id(text: str, what: str) -> str:
    """A season or round id from a URL: the characters of a folder name, nothing that climbs."""
    if not ID.fullmatch(text):
        raise Refused(404, f"no {what} '{text}'")
    return text


def within(root: Path, relative: str) -> Path:
    """root/relative, refused unless it stays inside root once links are followed."""
    if not relative or relative.startswith("/") or "\\" in relative or "\0" in relative:
        raise Refused(404, f"no file '{relative}'")
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        raise Refused(404, f"no file '{relative}' in {root.name}")
    return target
