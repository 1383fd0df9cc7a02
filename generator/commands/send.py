"""`pressgen send PATH --round ID --to LIST`: mail the round's latest published version to a media list.

Only a published version is ever sent (what the archive holds, byte for byte), each journalist
in their language. The send log beside the media list says who the server accepted which
version for, so running `send` again sends only to those who do not have it yet: a correction
goes to everyone who received an earlier version (even if no longer on the list), a journalist
added since gets only the latest version, and nobody gets a version twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..load import find_round
from ..locking import held
from ..mailing import Pace, SmtpTransport, VersionMail, choose_language, compose, deliver, server_settings, version_mail
from ..media_list import read_media_list
from ..output import write_atomic
from ..published import PublishedVersion, round_versions
from ..request import default_archive
from ..send_log import ACCEPTED, DEFERRED, REFUSED, LogEntry, SendLog, log_path

STATE_FILE = ".pressgen-state.json"  # a build's output folder holds it (incremental.py)
PUBLIC_FOLDERS = ("archive", "output")


@dataclass(frozen=True)
class SendRequest:
    path: Path
    round_id: str
    media_list: Path
    version: int | None = None  # None: the latest
    dry_run: bool = False
    archive: Path | None = None  # None: archive/ beside the folder of seasons


@dataclass(frozen=True)
class SendReport:
    lines: tuple[str, ...]
    complete: bool  # every recipient of the run accepted (or nobody to send to)


@dataclass(frozen=True)
class Delivery:
    """One message to send: who, in which language, and why (a correction, a fallback language)."""

    name: str
    email: str
    asked: str  # the language the list (or, for an earlier recipient, the log) gives
    lang: str  # the language sent
    note: str = ""

    @property
    def address(self) -> str:
        return f"{self.name} <{self.email}>"


def send(request: SendRequest, transport_factory: Callable = SmtpTransport, pace: Pace | None = None,
         now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC), environ: dict[str, str] | None = None) -> SendReport:
    loaded, _ = find_round(request.path, request.round_id)
    archive = request.archive or default_archive(request.path)
    version = _chosen_version(round_versions(archive, loaded.season.id, request.round_id), request, loaded.season.id)
    _check_private(request.media_list, archive)
    recipients = read_media_list(request.media_list)
    mail = version_mail(version)
    if request.dry_run:
        log = SendLog.load(log_path(request.media_list))
        return _dry_run(request, mail, _deliveries(mail, recipients, log), now())
    settings = server_settings(loaded.season.smtp, f"{loaded.document.path}", environ)
    with held(request.media_list.parent.resolve(), f"the send log of {request.media_list.name}"):
        log = SendLog.load(log_path(request.media_list))  # as it is now that this run holds it
        deliveries = _deliveries(mail, recipients, log)
        if not deliveries:
            return SendReport((_nobody_left(version),), True)
        transport = transport_factory(settings)
        try:
            return _send_all(deliveries, mail, log, transport, pace or Pace(settings.rate), settings.sender or mail.contact.email or "", now)
        finally:
            transport.close()


def _chosen_version(versions: list[PublishedVersion], request: SendRequest, season_id: str) -> PublishedVersion:
    if not versions:
        raise UsageError(f"{season_id}/{request.round_id} is not published: `pressgen publish` it first (only a published version is sent)")
    latest = versions[-1]
    if request.version is None or request.version == latest.version:
        return latest
    if request.version < latest.version:
        raise UsageError(f"--version {request.version}: version {latest.version} of {latest.date.isoformat()} replaces it; "
                         "a replaced version is never sent (send the latest)")
    raise UsageError(f"--version {request.version}: {season_id}/{request.round_id} has versions 1 to {latest.version}")


def _check_private(media_list: Path, archive: Path) -> None:
    """The media list and its log name journalists: never in a folder that is published or served."""
    if not media_list.is_file():
        raise UsageError(f"--to {media_list}: no such file (a media list: .yaml or .csv)")
    where = media_list.resolve().parent
    folders = [where, *where.parents]
    archive = archive.resolve()
    if archive in folders or any(f.name in PUBLIC_FOLDERS or (f / STATE_FILE).is_file() for f in folders):
        raise UsageError(f"--to {media_list}: a media list and its send log stay out of archive/ and output/ "
                         "(published and served folders); keep it in a folder private to the press office")


def _deliveries(mail: VersionMail, recipients, log: SendLog) -> list[Delivery]:
    """Who gets this version: each journalist of the list who does not have it yet, and each one
    who received an earlier version of the round and is no longer on the list (a correction
    reaches every reader of what it corrects)."""
    version = mail.version
    accepted = log.accepted(version.season_id, version.round_id)
    deliveries = []
    listed = set()
    for r in recipients:
        listed.add(r.key)
        had = [e.version for e in accepted.get(r.key, [])]
        if any(v >= version.version for v in had):
            continue
        lang = choose_language(r.language, r.base_language, mail.languages, mail.source)
        note = f"correction of version {max(had)}" if had else ""
        deliveries.append(Delivery(r.name, r.email, r.language, lang, note))
    for key, entries in accepted.items():
        if key in listed or any(e.version >= version.version for e in entries):
            continue
        last = entries[-1]
        lang = choose_language(last.lang, last.lang, mail.languages, mail.source)
        deliveries.append(Delivery(last.name, last.email, last.lang, lang,
                                   f"correction of version {last.version}; no longer on the media list"))
    return deliveries


def _send_all(deliveries: list[Delivery], mail: VersionMail, log: SendLog, transport, pace: Pace, sender: str,
              now: Callable[[], dt.datetime]) -> SendReport:
    version = mail.version
    lines = [f"sending {version.season_id}/{version.round_id} version {version.version} of {version.date.isoformat()} "
             f"to {len(deliveries)} recipient{'s' if len(deliveries) != 1 else ''}"]
    counts = {ACCEPTED: 0, REFUSED: 0, DEFERRED: 0}
    for i, delivery in enumerate(deliveries):
        moment = now()
        message = compose(mail, delivery.lang, delivery.name, delivery.email, sender, moment)
        outcome = deliver(transport, pace, message.data, sender, delivery.email)
        log.record(LogEntry(delivery.email, delivery.name, delivery.lang, version.season_id, version.round_id, version.version,
                            moment.astimezone(dt.UTC).isoformat(timespec="seconds"), outcome.status, outcome.answer,
                            message.message_id))
        counts[outcome.status] += 1
        lines.append(f"{outcome.status}: {delivery.address} ({_language_note(delivery)}): {outcome.answer}")
        if outcome.unreachable:
            left = len(deliveries) - i - 1
            lines.append(f"stopped: the mail server does not answer; {left} recipient{'s' if left != 1 else ''} not tried. "
                         "Run `pressgen send` again: it sends only to those who do not have this version yet")
            break
    lines.append(f"{counts[ACCEPTED]} accepted, {counts[REFUSED]} refused, {counts[DEFERRED]} deferred; "
                 f"send log: {log.path}")
    return SendReport(tuple(lines), counts[ACCEPTED] == len(deliveries))


def _language_note(delivery: Delivery) -> str:
    extra = [] if delivery.asked == delivery.lang else [f"listed as {delivery.asked}"]
    return "; ".join([delivery.lang, *extra, *([delivery.note] if delivery.note else [])])


def _dry_run(request: SendRequest, mail: VersionMail, deliveries: list[Delivery], moment: dt.datetime) -> SendReport:
    """Each message as an .eml file beside the media list, and the recipients per language; nothing sent or logged."""
    version = mail.version
    if not deliveries:
        return SendReport((_nobody_left(version),), True)
    folder = request.media_list.parent / f"{request.media_list.stem}.dry-run" / f"{version.season_id}-{version.round_id}-v{version.version}"
    sender = mail.contact.email or ""
    if folder.is_dir():
        for stale in folder.glob("*.eml"):  # an earlier dry run's: this folder shows this run alone
            stale.unlink()
    for i, delivery in enumerate(deliveries, start=1):
        message = compose(mail, delivery.lang, delivery.name, delivery.email, sender, moment)
        write_atomic(folder / f"{i:03d}-{delivery.email}.eml", message.data, mode=0o600)
    lines = [f"dry run: {version.season_id}/{version.round_id} version {version.version} of {version.date.isoformat()} "
             f"would go to {len(deliveries)} recipient{'s' if len(deliveries) != 1 else ''}; nothing sent"]
    for lang in mail.languages:
        group = [d for d in deliveries if d.lang == lang]
        if group:
            lines.append(f"{lang} ({len(group)}): {mail.subjects[lang]}")
            lines += [f"  {d.address}" + (f" ({_language_note(d).removeprefix(lang + '; ')})" if _language_note(d) != lang else "") for d in group]
    lines.append(f"messages written to {folder}")
    return SendReport(tuple(lines), True)


def _nobody_left(version: PublishedVersion) -> str:
    return (f"nothing to send: every recipient has {version.season_id}/{version.round_id} version {version.version} "
            "(the send log says the server accepted it)")
