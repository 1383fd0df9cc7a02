"""Mail a published version: the message each journalist receives, and the way to the server.

The message is built from the version's files exactly as published: the wire text and the
email edition as multipart/alternative (a mail client shows the HTML, or the text when it shows
no HTML), the PDF attached. The subject, the sender and List-Unsubscribe come from the season
folder the version was built from (its `inputs/`), so a correction is announced as the
correction it is, in the words and with the embargo it carries.

The transport speaks SMTP with smtplib: STARTTLS or implicit TLS verified against the system's
certificate authorities (SSL_CERT_FILE names another bundle), one connection for the run, a
bounded rate, and 4xx answers or a lost connection tried again with a growing delay.
"""

from __future__ import annotations

import datetime as dt
import os
import smtplib
import ssl
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from . import i18n
from .changes import Correction
from .errors import UsageError
from .load import find_round
from .model import PressContact, SmtpSettings
from .published import PublishedVersion
from .send_log import ACCEPTED, DEFERRED, REFUSED

ENV_PREFIX = "PRESSGEN_SMTP_"
PASSWORD_VARIABLE = ENV_PREFIX + "PASSWORD"
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
CONNECT_TIMEOUT_SECONDS = 30


# --- what is sent --------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionMail:
    """What every message of one published version shares, per language."""

    version: PublishedVersion
    series: str
    subjects: dict[str, str]  # by language
    files: dict[str, dict[str, bytes]]  # language -> edition -> the file as published
    names: dict[str, dict[str, str]]  # language -> edition -> file name
    contact: PressContact  # the From (unless the SMTP settings name a sender) and List-Unsubscribe
    sender_name: str
    source: str  # the season's first language: the last fallback

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.files)


def version_mail(version: PublishedVersion) -> VersionMail:
    """The version's editions and, from the inputs it was built from, its subjects and contact."""
    loaded, race_round = find_round(version.inputs, version.round_id)
    season = loaded.season
    files: dict[str, dict[str, bytes]] = {}
    names: dict[str, dict[str, str]] = {}
    for published in version.files:
        if published.lang is not None and published.edition in ("email", "text", "pdf"):
            files.setdefault(published.lang, {})[published.edition] = (version.folder / published.name).read_bytes()
            names.setdefault(published.lang, {})[published.edition] = published.name
    order = {lang: i for i, lang in enumerate(season.languages)}
    complete = {lang: files[lang] for lang in sorted(files, key=lambda lang: order.get(lang, len(order))) if len(files[lang]) == 3}
    if not complete:
        raise UsageError(f"{version.folder}: no language has its email, text and PDF editions; publish the round again with this pressgen")
    contacts = race_round.round.press_contacts if race_round.round.press_contacts is not None else season.press_contacts
    contact = next((c for c in contacts if c.email), None)
    if contact is None:
        raise UsageError(f"{version.inputs / 'season.yaml'}: press_contacts: sending needs a press contact with an email "
                         "(the messages' sender and their unsubscribe address)")
    embargo = race_round.round.embargo
    if version.version > 1:  # a correction carries its own embargo (build.py: the same rule)
        embargo = Correction(version.version, version.date, version.date).embargo(embargo)
    source = race_round.prose[season.languages[0]]
    subjects = {lang: subject(season.series, (race_round.prose.get(lang) or source).headline or source.headline or "",
                              lang, embargo, version.date if version.version > 1 else None) for lang in complete}
    source_lang = season.languages[0] if season.languages[0] in complete else next(iter(complete))
    return VersionMail(version, season.series, subjects, complete, {lang: names[lang] for lang in complete},
                       contact, season.signoff or season.series, source_lang)


def subject(series: str, headline: str, lang: str, embargo: dt.datetime | None, corrected: dt.date | None) -> str:
    """"Corrected version, 20 May 2025 – Demo Cup – Headline – Embargoed until …", the catalog's words."""
    t = i18n.translations(lang)
    parts = [series, headline]
    if corrected is not None:
        parts.insert(0, t.gettext("Corrected version, %(date)s") % {"date": i18n.format_release_date(corrected, lang)})
    if embargo is not None:
        parts.append(t.gettext("Embargoed until %(moment)s") % {"moment": i18n.format_embargo(embargo, lang)})
    return i18n.typography(" – ".join(" ".join(part.split()) for part in parts if part), lang)


def choose_language(wanted: str, base: str, available: tuple[str, ...], source: str) -> str:
    """The journalist's language if published; else its base language (pt-br -> pt); else English;
    else the season's source language (its first)."""
    for candidate in (wanted, base, "en", source):
        if candidate in available:
            return candidate
    return available[0]


@dataclass(frozen=True)
class Composed:
    message_id: str
    data: bytes  # the message as sent: CRLF line ends, every line within 78 columns


def compose(mail: VersionMail, lang: str, name: str, email: str, sender: str | None, now: dt.datetime) -> Composed:
    """One journalist's message: text and HTML alternatives, the PDF attached, the standard headers."""
    files, names = mail.files[lang], mail.names[lang]
    from_address = sender or mail.contact.email or ""
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = Address(mail.sender_name, addr_spec=from_address)
    message["To"] = Address(name, addr_spec=email)
    message["Date"] = format_datetime(now)
    # Random, with the version and language for whoever reads a server's log; short enough not to fold.
    message_id = f"<{uuid.uuid4().hex}.v{mail.version.version}.{lang}@{from_address.rpartition('@')[2]}>"
    message["Message-ID"] = message_id
    message["List-Unsubscribe"] = f"<mailto:{mail.contact.email}?subject=unsubscribe>"
    if sender and sender != mail.contact.email:
        message["Reply-To"] = Address(mail.contact.name, addr_spec=mail.contact.email or "")
    message.set_content(files["text"].decode("utf-8"), charset="utf-8", cte="quoted-printable")
    message.add_alternative(files["email"].decode("utf-8"), subtype="html", charset="utf-8", cte="quoted-printable")
    message.add_attachment(files["pdf"], maintype="application", subtype="pdf", filename=names["pdf"])
    message["Content-Language"] = lang  # after the parts: making a message multipart moves Content-* headers into its first part
    return Composed(message_id, _subject_line(mail.subjects[lang]) + message.as_bytes())


def _subject_line(text: str) -> bytes:
    """The Subject header, encoded by email.header: Python 3.11's own folding drops the space where
    it folds between two encoded words ("de démonstration" arrived as "dedémonstration")."""
    header = Header(text, "us-ascii" if text.isascii() else "utf-8", header_name="Subject")
    return b"Subject: " + header.encode(linesep="\r\n").encode("ascii") + b"\r\n"


# --- how it is sent ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerSettings:
    host: str
    port: int
    security: str  # starttls, tls or none
    user: str | None
    password: str | None
    sender: str | None
    rate: int  # messages per minute


def server_settings(season: SmtpSettings | None, where: str, environ: dict[str, str] | None = None) -> ServerSettings:
    """The season's `smtp:` with each PRESSGEN_SMTP_* variable of the environment over it."""
    env = os.environ if environ is None else environ

    def value(name: str, default):
        given = env.get(ENV_PREFIX + name.upper())
        return given if given not in (None, "") else default

    host = value("host", season.host if season else None)
    if not host:
        raise UsageError(f"no mail server: give it in {where} (smtp: host, port, security, user) or as {ENV_PREFIX}HOST")
    security = value("security", season.security if season else "starttls")
    if security not in DEFAULT_PORTS:
        raise UsageError(f"{ENV_PREFIX}SECURITY: expected starttls, tls or none, found '{security}'")
    port = value("port", season.port if season else None) or DEFAULT_PORTS[security]
    try:
        port = int(port)
        if not 1 <= port <= 65535:
            raise ValueError
    except ValueError:
        raise UsageError(f"{ENV_PREFIX}PORT: expected a port number (1 to 65535), found '{port}'") from None
    user = value("user", season.user if season else None)
    password = env.get(PASSWORD_VARIABLE) or None
    if user and not password:
        raise UsageError(f"the mail server's user is {user}: set its password in the environment variable {PASSWORD_VARIABLE}")
    return ServerSettings(host, port, security, user, password, season.sender if season else None, season.rate if season else 30)


class TemporaryFailure(Exception):
    """A 4xx answer or a lost connection: the message may be tried again."""

    def __init__(self, answer: str, connection: bool = False):
        super().__init__(answer)
        self.connection = connection  # no server to talk to: the run stops after its tries


class PermanentFailure(Exception):
    """A 5xx answer: the server will not take this message."""


class SmtpTransport:
    """One SMTP connection for the run, opened when first needed and again after a loss."""

    def __init__(self, settings: ServerSettings):
        self.settings = settings
        self.connection: smtplib.SMTP | None = None

    def send(self, message: bytes, sender: str, recipient: str) -> str:
        """The server's answer to the message ("250 ..."), or a failure saying which answer refused it."""
        try:
            connection = self._connected()
            self._expect(connection.mail(sender), "MAIL FROM", (250,))
            self._expect(connection.rcpt(recipient), "RCPT TO", (250, 251))
            return self._expect(connection.data(message), "DATA", (250,))
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self.close()
            raise TemporaryFailure(f"no answer from {self.settings.host}:{self.settings.port}: {exc or type(exc).__name__}",
                                   connection=True) from None
        except smtplib.SMTPResponseException as exc:  # DATA refused before the message
            self._reset()
            failure = PermanentFailure if exc.smtp_code >= 500 else TemporaryFailure
            raise failure(_answer(exc.smtp_code, exc.smtp_error)) from None
        except smtplib.SMTPException as exc:
            self.close()
            raise TemporaryFailure(str(exc)) from None

    def _expect(self, reply: tuple[int, bytes], step: str, accepted: tuple[int, ...]) -> str:
        code, text = reply
        if code in accepted:
            return _answer(code, text)
        self._reset()
        answer = f"{_answer(code, text)} (at {step})"
        if code == 421 or code < 400:  # 421: the server is closing the connection
            self.close()
            raise TemporaryFailure(answer)
        raise (PermanentFailure if code >= 500 else TemporaryFailure)(answer)

    def _connected(self) -> smtplib.SMTP:
        if self.connection is not None:
            return self.connection
        s = self.settings
        context = ssl.create_default_context()  # verifies the certificate and the host name
        if s.security == "tls":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=CONNECT_TIMEOUT_SECONDS, context=context)
        else:
            connection = smtplib.SMTP(s.host, s.port, timeout=CONNECT_TIMEOUT_SECONDS)
        try:
            connection.ehlo_or_helo_if_needed()
            if s.security == "starttls":
                connection.starttls(context=context)
                connection.ehlo_or_helo_if_needed()  # the server's extensions again, now over TLS
            if s.user:
                connection.login(s.user, s.password or "")
        except smtplib.SMTPAuthenticationError as exc:
            connection.close()
            raise UsageError(f"the mail server {s.host} refused the login of {s.user}: {_answer(exc.smtp_code, exc.smtp_error)}") from None
        except smtplib.SMTPNotSupportedError as exc:
            connection.close()
            raise UsageError(f"the mail server {s.host}:{s.port} does not offer what the settings ask ({exc}); "
                             "check smtp.security (starttls, tls or none) and smtp.user") from None
        self.connection = connection
        return connection

    def _reset(self) -> None:
        try:
            if self.connection is not None:
                self.connection.rset()
        except (smtplib.SMTPException, OSError):
            self.close()

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None


def _answer(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(text.split())}"


@dataclass
class Pace:
    """At most `rate` messages a minute, and the delays between tries of one message."""

    rate: int
    retries: int = 3  # after the first try: 4 tries in all
    backoff_seconds: float = 2.0  # 2, 4, 8 seconds
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last: float | None = None

    def wait_turn(self) -> None:
        interval = 60.0 / self.rate
        if self._last is not None:
            remaining = self._last + interval - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self._last = self.clock()

    def delay(self, attempt: int) -> float:
        return self.backoff_seconds * 2 ** attempt


@dataclass(frozen=True)
class Outcome:
    status: str  # send_log.ACCEPTED, REFUSED or DEFERRED
    answer: str  # the server's last answer, or why there was none
    unreachable: bool = False  # deferred because no server answered at all


def deliver(transport, pace: Pace, message: bytes, sender: str, recipient: str) -> Outcome:
    """Accepted once the server answered 250 to the message; a 4xx answer or a lost connection is
    tried again after a growing delay; a 5xx answer is final."""
    failure = TemporaryFailure("not tried")
    for attempt in range(pace.retries + 1):
        if attempt:
            pace.sleep(pace.delay(attempt - 1))
        pace.wait_turn()
        try:
            return Outcome(ACCEPTED, transport.send(message, sender, recipient))
        except PermanentFailure as exc:
            return Outcome(REFUSED, str(exc))
        except TemporaryFailure as exc:
            failure = exc
    return Outcome(DEFERRED, str(failure), failure.connection)
