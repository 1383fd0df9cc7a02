"""The translation page: a release's prose unit by unit in the source's order, the source text and
the target text side by side with the unit's state (translated, stale, missing); a stale unit shows
what changed in the source since it was translated, word by word, when the translation file
recorded the text it was made from. A unit is saved or accepted on its own, and the release's
translation status follows. Every write is a command's own: the file `translate import` writes
(`prose_file.translation_file`), checked and written by the studio's rules (`saving.save`), and
`translate accept`, `translate export` and `translate import` themselves.

The page remembers, per unit, what it showed (`seen`: the source's fingerprint and the target's
digest): a save or an accept over anything else writes nothing and shows the unit as it is now."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from markupsafe import Markup

from .. import languages
from ..characters import first_problem
from ..commands.translate import accept, export, find_release, import_file, round_ref, translation_languages
from ..errors import DataError, PressgenError
from ..exchange import FORMATS, UnitPlace, read_exchange, unit_place
from ..prose_file import translation_file
from ..render import render_unit
from ..schema import KINDS, PRE_EVENT, REPORT, ROUNDS_DIR, LoadedRound, LoadedSeason, prose_file_name
from ..translation import State, WordRun, fingerprint, round_status, translated_from, word_changes
from . import saving
from .web import Form, Page, Refused, release_page_url, within

EXCHANGE_TYPES = {"xliff": ("xlf", "application/x-xliff+xml"), "po": ("po", "text/x-gettext-translation; charset=utf-8")}


class Folders(Protocol):
    def season_folder(self, season_id: str) -> Path: ...

    def round_folder(self, season_id: str, round_id: str) -> Path: ...


class PageRequest(Protocol):
    """What the pages need of a request (server.Request)."""

    method: str
    form: Form
    query: dict[str, str]

    @property
    def studio(self) -> Folders: ...

    def render(self, template: str, status: int = 200, **variables: Any) -> Page: ...


# --- what the page shows --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    """What happened to a unit just now: saved, accepted, or why nothing was written."""

    kind: str  # saved | accepted | nothing | source-changed | target-changed | empty | refused
    lines: tuple[str, ...] = ()  # pressgen's own words (what `translate accept` or `validate` print)
    on_disk: str = ""  # target-changed: the text on disk, beside the writer's


@dataclass(frozen=True)
class UnitView:
    id: str
    place: UnitPlace
    state: State
    source: str
    source_html: Markup
    target: str  # as in the file; "" when missing
    shown: str  # in the text box: the target, or the writer's text a refused save kept
    target_html: Markup | None  # the text box's text as the release shows it
    changes: tuple[WordRun, ...] | None  # stale: the source's words since the translation; None when not known
    seen: str  # the source's fingerprint and the target's digest as the page shows them
    notice: Notice | None = None


@dataclass(frozen=True)
class LanguageCount:
    lang: str
    translated: int
    stale: int
    missing: int


@dataclass(frozen=True)
class TranslationPage:
    season_id: str
    round_id: str
    kind: str
    kinds: tuple[str, ...]  # the round's releases with prose to translate
    source_lang: str
    lang: str
    file: str  # the translation file, in the season folder
    units: tuple[UnitView, ...]
    counts: tuple[LanguageCount, ...]  # every language the release is translated into

    @property
    def count(self) -> LanguageCount:
        return next(c for c in self.counts if c.lang == self.lang)


def seen_mark(source: str, target: str | None) -> str:
    """What the page showed of a unit: a change of the source (beyond whitespace) or of the target
    since then makes a save or an accept a conflict."""
    return f"{fingerprint(source)}-{saving.digest((target or '').encode('utf-8'))[:16]}"


def load(folder: Path, round_id: str, kind: str) -> tuple[LoadedSeason, LoadedRound]:
    """The round as `translate` finds it (its errors raised), the prose of the release asked for."""
    if kind not in KINDS:
        raise Refused(404, f"no kind of release '{kind}' (choose from {', '.join(KINDS)})")
    return find_release(folder, round_id, kind)


def translation_page(loaded: LoadedSeason, race_round: LoadedRound, lang: str,
                     kept: dict[str, tuple[str, Notice]] | None = None) -> TranslationPage:
    """The page; `kept`: units shown with a text other than the file's (a refused save's) and a notice."""
    source_lang = loaded.season.languages[0]
    targets = translation_languages(loaded, race_round)
    if lang == source_lang or not languages.is_known(lang):
        into = ", ".join(targets) or "a language of languages.py"
        raise Refused(404, f"no translation into '{lang}' ({source_lang} is the source language; this release translates into {into})")
    kept = kept or {}
    source = race_round.prose[source_lang]
    source_texts = source.units()
    translation = race_round.prose.get(lang)
    texts = translation.units() if translation else {}
    units = []
    for status in round_status(race_round, source_lang, lang).units:
        unit, source_text, target = status.unit, source_texts[status.unit], texts.get(status.unit)
        shown, notice = kept.get(unit, (target or "", None))
        old = translated_from(translation, unit) if status.state == "stale" else None
        units.append(UnitView(
            unit, unit_place(unit, source), status.state, source_text, render_unit(unit, source_text, source_lang),
            target or "", shown, render_unit(unit, shown, lang) if shown else None,
            word_changes(old, source_text) if old is not None else None, seen_mark(source_text, target), notice,
        ))
    langs = targets if lang in targets else [*targets, lang]
    counts = tuple(_count(race_round, source_lang, code) for code in langs)
    kinds = (REPORT, PRE_EVENT) if source_lang in race_round.pre_event else (REPORT,)
    return TranslationPage(loaded.season.id, race_round.round.id, race_round.kind, kinds, source_lang, lang,
                           translation_path(race_round.round.id, race_round.kind, lang), tuple(units), counts)


def _count(race_round: LoadedRound, source_lang: str, lang: str) -> LanguageCount:
    status = round_status(race_round, source_lang, lang)
    return LanguageCount(lang, len(status.ids("translated")), len(status.ids("stale")), len(status.ids("missing")))


def translation_path(round_id: str, kind: str, lang: str) -> str:
    """The translation file, in its season folder."""
    return f"{ROUNDS_DIR}/{round_id}/{prose_file_name(kind, lang)}"


# --- a unit saved, a unit accepted ------------------------------------------------------------------------


def save_unit(folder: Path, round_id: str, kind: str, lang: str, unit: str, text: str, seen: str) -> dict[str, tuple[str, Notice]]:
    """Write one unit's translation, recording the fingerprint and the text of the source it
    translates; the notice for the unit (with the writer's text when nothing was written)."""
    text = text.replace("\r\n", "\n").strip()
    path = folder / translation_path(round_id, kind, lang)
    before = saving.read_text(path) if path.is_file() else ""  # read first: what the save is checked against
    loaded, race_round = load(folder, round_id, kind)
    source_lang = loaded.season.languages[0]
    source_text = _source_unit(race_round, source_lang, unit)
    translation = race_round.prose.get(lang)
    on_disk = translation.units().get(unit) if translation else None
    if seen != seen_mark(source_text, on_disk):
        return {unit: (text, _conflict(source_text, on_disk, seen))}
    if not text:
        return {unit: (text, Notice("empty"))}
    if (found := first_problem(text)) is not None:
        return {unit: (text, Notice("refused", (f"{unit}: {found[1]} (character {found[0] + 1} of the translation)",)))}
    path, new_text = translation_file(race_round, source_lang, lang, {unit: text}, {unit: fingerprint(source_text)})
    try:
        saved = saving.save(folder, path, new_text, saving.digest(before.encode("utf-8")))
    except saving.Refusal as refusal:
        return {unit: (text, Notice("refused", refusal.added))}
    except saving.Conflict:  # written by someone else while this was checked
        return {unit: (text, Notice("target-changed", on_disk=on_disk or ""))}
    return {unit: (text, Notice("saved" if saved.changed_lines else "nothing"))}


def accept_unit(folder: Path, round_id: str, kind: str, lang: str, unit: str, seen: str) -> dict[str, tuple[str, Notice]]:
    """`translate accept` for one unit, if the page showed the source and the target as they are."""
    with saving.SAVING:
        loaded, race_round = load(folder, round_id, kind)
        source_text = _source_unit(race_round, loaded.season.languages[0], unit)
        translation = race_round.prose.get(lang)
        on_disk = translation.units().get(unit) if translation else None
        if seen != seen_mark(source_text, on_disk):
            return {unit: (on_disk or "", _conflict(source_text, on_disk, seen))}
        try:
            lines = accept(folder, round_id, lang, [unit], kind=kind)
        except PressgenError as exc:
            return {unit: (on_disk or "", Notice("refused", tuple(str(exc).splitlines())))}
    return {unit: (on_disk or "", Notice("accepted", tuple(lines)))}


def _source_unit(race_round: LoadedRound, source_lang: str, unit: str) -> str:
    units = race_round.prose[source_lang].units()
    if unit not in units:
        raise Refused(404, f"no unit '{unit}' in the {source_lang} text of {race_round.round.id}")
    return units[unit]


def _conflict(source_text: str, on_disk: str | None, seen: str) -> Notice:
    """Which of the two changed since the page was opened: the source first (it decides what to write)."""
    if not seen.startswith(fingerprint(source_text) + "-"):
        return Notice("source-changed")
    return Notice("target-changed", on_disk=on_disk or "")


# --- exchange files ------------------------------------------------------------------------------------------


def exchange_download(folder: Path, round_id: str, kind: str, lang: str, file_format: str) -> Page:
    """`translate export`'s file, as a download named as the README's example names it."""
    if file_format not in FORMATS:
        raise Refused(404, f"no format '{file_format}' (choose from {', '.join(FORMATS)})")
    load(folder, round_id, kind)
    data = export(folder, round_id, lang, file_format, kind=kind)
    suffix, content_type = EXCHANGE_TYPES[file_format]
    name = f"{round_id}{'-' + kind if kind != REPORT else ''}-{lang}.{suffix}"
    return Page(data, kind=content_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@dataclass(frozen=True)
class Imported:
    """What an upload on the page came to: `translate import`'s lines (the uploaded file named in
    them), or the release and language the file is for when they are not the page's."""

    complete: bool  # every unit of the file went in (none refused)
    lines: tuple[str, ...] = ()
    other_release: tuple[str, str] | None = None  # (round_ref, target language) of a file for another page


def import_upload(folder: Path, round_id: str, kind: str, lang: str, filename: str, content: bytes) -> Imported:
    """`translate import` of an uploaded file, unless it translates another release or into
    another language than the page's."""
    name = Path(filename.replace("\\", "/")).name or "upload"
    with tempfile.TemporaryDirectory(prefix="pressgen-studio-") as scratch:
        file = Path(scratch) / name
        file.write_bytes(content)
        try:
            exchange = read_exchange(file)
            if (exchange.round_ref, exchange.target_lang) != (round_ref(folder.name, round_id, kind), lang):
                return Imported(False, other_release=(exchange.round_ref, exchange.target_lang))
            with saving.SAVING:
                report = import_file(file, folder)
            lines = list(report.lines) + (str(DataError(list(report.refused))).splitlines() if report.refused else [])
        except PressgenError as exc:
            return Imported(False, tuple(line.replace(str(file), name) for line in str(exc).splitlines()))
        return Imported(not report.refused, tuple(line.replace(str(file), name) for line in lines))


# --- routes: /s/<season>/<round>/translate/<lang>[/save|/accept|/export|/import] -----------------------------


def route(request: PageRequest, season_id: str, round_id: str, lang: str, action: list[str]) -> Page:
    folder = request.studio.season_folder(season_id)
    request.studio.round_folder(season_id, round_id)
    kind = (request.form.get("kind") if request.method == "POST" else request.query.get("kind")) or REPORT
    if kind not in KINDS or not languages.is_known(lang):
        raise Refused(404, f"no {kind} translation into '{lang}'")
    within(folder, translation_path(round_id, kind, lang))  # a link out of the season is neither read nor written
    match action, request.method:
        case [], "GET":
            done = request.query.get("done", "")
            kept = {request.query.get("unit", ""): (None, Notice(done))} if done in ("saved", "nothing") else {}
            return _page(request, folder, round_id, kind, lang, kept)
        case ["save"], "POST":
            form = request.form
            outcome = save_unit(folder, round_id, kind, lang, form.get("unit"), form.get("text"), form.get("seen"))
            notice = outcome[form.get("unit")][1]
            if notice.kind in ("saved", "nothing"):  # a page of its own, so that reloading it sends nothing again
                return _redirect(page_url(season_id, round_id, lang, kind, done=notice.kind, unit=form.get("unit")))
            return _page(request, folder, round_id, kind, lang, outcome, 409 if notice.kind.endswith("-changed") else 422)
        case ["accept"], "POST":
            outcome = accept_unit(folder, round_id, kind, lang, request.form.get("unit"), request.form.get("seen"))
            notice = outcome[request.form.get("unit")][1]
            status = 200 if notice.kind == "accepted" else 409 if notice.kind.endswith("-changed") else 422
            return _page(request, folder, round_id, kind, lang, outcome, status)
        case ["export"], "GET":
            return exchange_download(folder, round_id, kind, lang, request.query.get("format", ""))
        case ["import"], "POST":
            upload = request.form.files.get("file")
            imported = import_upload(folder, round_id, kind, lang, *upload) if upload and upload[1] else Imported(False)
            return _page(request, folder, round_id, kind, lang, {}, 200 if imported.complete else 422, imported)
    raise Refused(404, f"no page {'/'.join(action) or 'translate'} for {request.method}")


def page_url(season_id: str, round_id: str, lang: str, kind: str, **query: str) -> str:
    fragment = f"#u-{query['unit']}" if "unit" in query else ""
    return release_page_url(season_id, round_id, "translate", lang, kind, **query) + quote(fragment, safe="#")


def _page(request: PageRequest, folder: Path, round_id: str, kind: str, lang: str,
          kept: Mapping[str, tuple[str | None, Notice]], status: int = 200, imported: Imported | None = None) -> Page:
    loaded, race_round = load(folder, round_id, kind)
    texts = race_round.prose[lang].units() if lang in race_round.prose else {}
    shown = {unit: (text if text is not None else texts.get(unit, ""), notice) for unit, (text, notice) in kept.items()}
    page = translation_page(loaded, race_round, lang, shown)
    return request.render("translate.html", status, page=page, imported=imported, page_url=page_url)


def _redirect(location: str) -> Page:
    return Page(b"", 303, headers={"Location": location})
