"""The prose editor's page (`/s/<season>/<round>/prose/<lang>`, `?kind=pre-event` for the round's
pre-event release, as the translation page names it): shown, and saved by the studio's rules
(saving.py): every file it writes checked unchanged since the page was opened and the season
validated with them first; a refusal shows the page again with what was typed, nothing written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..schema import KINDS, REPORT, ROUND_FILE, load_season_file, prose_file_name
from ..view import release_stem
from . import saving
from .prose import MAX_UNIT_CHARACTERS, apply_form, editor, findings_by_unit, follow_source, ids_in_use, read_data, translation_paths
from .tables import race_numbers
from .web import Form, Refused, release_page_url

if TYPE_CHECKING:
    from ..model import Season


class Request(Protocol):
    """What the page needs of the server's request (server.py imports this module, not the reverse)."""

    studio: Any
    method: str
    form: Form
    query: dict[str, str]

    def render(self, template: str, status: int = 200, **variables: Any) -> Any: ...

    def redirect(self, location: str) -> Any: ...

SAVED_NAMES = re.compile(r"[a-z0-9.,-]{1,200}")  # the files named after a save: the round folder's


def prose_page(request: Request, season_id: str, round_id: str, lang: str) -> Any:
    studio = request.studio
    kind = request.query.get("kind") or REPORT  # in the URL, the form's POST as well (it goes back there)
    if kind not in KINDS:
        raise Refused(404, f"no kind of release '{kind}' (choose from {', '.join(KINDS)})")
    folder = studio.season_folder(season_id)
    round_folder = studio.round_folder(season_id, round_id).resolve()
    season, _ = load_season_file(folder)
    if lang not in season.languages:
        raise Refused(404, f"no language '{lang}' in {season_id} (its languages: {', '.join(season.languages)})")
    path = round_folder / prose_file_name(kind, lang)
    if not path.is_file():
        raise Refused(404, f"no {path.name} in {round_id}: create it with `pressgen new-round` or translate the round first")
    if request.method == "GET":
        text = saving.read_text(path)
        saved = request.query.get("saved", "")
        return _page(request, season, round_folder, kind, lang, text, studio.opened.remember(text),
                     saved=saved.split(",") if SAVED_NAMES.fullmatch(saved) else [])
    return _save(request, season, folder, round_folder, kind, lang)


def prose_url(season_id: str, round_id: str, lang: str, kind: str, **query: str) -> str:
    return release_page_url(season_id, round_id, "prose", lang, kind, **query)


def _save(request: Request, season: Season, folder: Path, round_folder: Path, kind: str, lang: str) -> Any:
    studio, form = request.studio, request.form
    path = round_folder / prose_file_name(kind, lang)
    base = form.get("base")
    opened = studio.opened.text(base)
    back = prose_url(season.id, round_folder.name, lang, kind)
    if opened is None:  # the studio restarted since the page was opened
        return request.render("message.html", 409, title=path.name, back=back, lines=[
            f"{path}: the page was opened before the studio last started; reload it (your changes were not written)"])
    source_lang = season.languages[0]
    is_source = lang == source_lang
    translations = translation_paths(round_folder, season.languages, kind)
    source_text = opened if is_source else saving.read_text(round_folder / prose_file_name(kind, source_lang))
    texts = {p: saving.read_text(p) for p in translations.values()}
    taken = ids_in_use([read_data(source_text, path), *(read_data(t, p) for p, t in texts.items())])
    edit = apply_form(opened, path, form.fields, read_data(source_text, path), is_source, taken, kind)
    if edit.errors:
        return _page(request, season, round_folder, kind, lang, opened, base, status=422, posted=form.fields, errors=edit.errors)
    changes = [(path, edit.text, base)]
    if is_source:
        for other, text in texts.items():
            changes.append((other, follow_source(text, other, edit), saving.digest(text.encode("utf-8"))))
    try:
        saved = saving.save_files(folder, changes)
    except saving.Conflict as conflict:
        relative = conflict.path.relative_to(folder.resolve()).as_posix()
        return request.render("conflict.html", 409, season_id=season.id, relative=relative, conflict=conflict,
                              base=saving.digest(conflict.on_disk.encode("utf-8")), back=back)
    except saving.Refusal as refusal:
        return _page(request, season, round_folder, kind, lang, opened, base, status=422, posted=form.fields, refusal=refusal)
    names = ",".join(s.path.name for s in saved if s.changed_lines) or "-"
    anchor = form.get("op", "").partition(":")[2]
    location = prose_url(season.id, round_folder.name, lang, kind, saved=names)
    return request.redirect(location + (f"#item-{anchor}" if re.fullmatch(r"[a-z0-9.-]+", anchor) else ""))


def _page(request: Request, season: Season, round_folder: Path, kind: str, lang: str, text: str, base: str,
          status: int = 200, posted: dict[str, str] | None = None, errors=None, refusal: saving.Refusal | None = None,
          saved: list[str] | None = None) -> Any:
    source_lang = season.languages[0]
    path = round_folder / prose_file_name(kind, lang)
    source_path = round_folder / prose_file_name(kind, source_lang)
    source = read_data(text if lang == source_lang else saving.read_text(source_path), source_path)
    folder = request.studio.season_folder(season.id)
    findings, blocking = findings_by_unit(folder, round_folder.name, path, kind)
    races = _races(round_folder) if kind == REPORT else []  # a pre-event release has no race reports
    view = editor(source, read_data(text, path), lang, source_lang, kind, races, findings, posted, errors)
    people = sorted({e.driver for e in season.entries} | set(season.known_people))
    return request.render(
        "prose.html", status, season_id=season.id, round_id=round_folder.name, lang=lang, languages=season.languages,
        editor=view, base=base, relative=path.relative_to(folder.resolve()).as_posix(), people=people,
        editor_url=lambda other: prose_url(season.id, round_folder.name, other, kind),
        preview_url=f"/preview/{season.id}/{round_folder.name}/{release_stem(round_folder.name, kind, lang)}.html",
        refusal=refusal, blocking=blocking, saved=saved or [], max_characters=MAX_UNIT_CHARACTERS)


def _races(round_folder: Path) -> list[int]:
    """The race numbers of round.yaml, for a report per race (none when it does not read)."""
    path = round_folder / ROUND_FILE
    return race_numbers(read_data(saving.read_text(path), path))
