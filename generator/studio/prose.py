"""The prose editor of a round in one language: every unit of the release's text (headline,
highlights, lead, each race report's title and paragraphs, the closing paragraphs, the quotes with
their speaker and role; in a pre-event release, its body paragraphs instead of race reports) as a
field of its own, shown as the release renders it, with the findings
of `pressgen validate` and `pressgen lint` on the unit they concern; and the form back as in-place
edits of the prose file (prose_edit.py), so a changed unit changes only its own lines.

Unit ids are the file's keys and never change: a new paragraph or quote gets a new id, readable and
unused in every language's file; removing one removes it from the translations too (a translation
may hold only the source's units), and a new order or a new speaker is followed there. In a
translation, the units follow the source text: only their texts are edited here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .. import prose_edit
from ..characters import first_problem
from ..errors import Problem
from ..lint import lint_round
from ..lint_stakes import pre_event_lint
from ..load import season_states
from ..loader import parse_yaml
from ..render import render_unit
from ..schema import PRE_EVENT, REPORT, prose_file_name

FieldPath = tuple[str, ...]
MAX_UNIT_CHARACTERS = 20_000  # a unit of the Monza release: at most ~1,300; a unit is a paragraph, not a file
ONE_LINE = ("headline", "title", "role", "person")  # the last part of a unit id written on one line
# The lists of paragraphs at the top level of each kind of release's prose (reports and quotes aside):
# a pre-event release has its body paragraphs where a race report has its reports (model.PreEventProse).
GROUPS = {REPORT: ("highlights", "closing"), PRE_EVENT: ("highlights", "paragraphs", "closing")}
ALL_GROUPS = tuple(dict.fromkeys(group for groups in GROUPS.values() for group in groups))  # every kind's, for ids in use


@dataclass(frozen=True)
class Unit:
    """One field of the editor: a unit's text (or a quote's speaker) as the file has it or as posted."""

    id: str  # the unit id (`closing.calendar`), or a quote's `quotes.<id>.person`
    text: str
    html: Markup  # as the release renders it
    findings: tuple[str, ...] = ()  # `severity: message`, as `pressgen validate` and `lint` say them
    error: InputError | None = None
    source: str = ""  # in a translation: the source language's text of the unit

    @property
    def one_line(self) -> bool:
        return self.id.rsplit(".", 1)[-1] in ONE_LINE


@dataclass(frozen=True)
class InputError:
    """Why a typed text was not written: too long, or a character no release may carry."""

    kind: str  # length | character | required
    message: str = ""  # pressgen's own words (a character)
    count: int = 0


@dataclass(frozen=True)
class Item:
    """An entry that can move and go: a highlight, a paragraph, a closing paragraph, a quote."""

    path: str  # `closing.calendar`, `quotes.roussanne`
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class Group:
    path: str  # `highlights`, `reports.race-1.paragraphs`, `closing`, `quotes`
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Report:
    race: int
    title: Unit
    paragraphs: Group
    exists: bool  # the file has a report for this race


@dataclass
class Editor:
    """What the page shows."""

    lang: str
    source_lang: str
    kind: str  # the release edited: report | pre-event (schema.KINDS)
    headline: Unit
    lead: Unit
    highlights: Group
    body: Group | None  # a pre-event release's paragraphs (None for a race report)
    reports: list[Report]
    closing: Group
    quotes: Group
    other_findings: list[str]
    new: dict[str, str] = field(default_factory=dict)  # what was typed in the "add" fields, kept on a refusal
    errors: dict[str, InputError] = field(default_factory=dict)  # field name -> why it was not written

    @property
    def is_source(self) -> bool:
        return self.lang == self.source_lang


# --- the file as the editor shows it -----------------------------------------------------------------


def read_data(text: str, path: Path) -> dict:
    data = parse_yaml(text, path, collect=True).data
    return data if isinstance(data, dict) else {}


def _get(data: Any, field_path: FieldPath) -> Any:
    for key in field_path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _text(value: Any) -> str:
    return "" if value is None or isinstance(value, dict | list) else str(value)


def editor(source: dict, target: dict, lang: str, source_lang: str, kind: str, races: list[int],
           findings: dict[str, list[str]], posted: dict[str, str] | None = None,
           errors: dict[str, InputError] | None = None) -> Editor:
    """The editor of `target` (the language's file as data) laid out as `source` (the source
    language's); `posted` texts, when a save was refused, stand in for the file's. A race report
    has a report per race of `races`; a pre-event release has its body paragraphs and no report."""
    posted, errors = posted or {}, errors or {}

    def unit(unit_id: str) -> Unit:
        path = tuple(unit_id.split("."))
        text = posted.get(f"text:{unit_id}", _text(_get(target, path)))
        html = render_unit(unit_id, text, lang) if text else Markup("")
        source_text = _text(_get(source, path)) if lang != source_lang else ""
        return Unit(unit_id, text, html, tuple(findings.pop(unit_id, [])), errors.get(f"text:{unit_id}"), source_text)

    def group(path: str) -> Group:
        mapping = _get(source, tuple(path.split(".")))
        keys = list(mapping) if isinstance(mapping, dict) else []
        return Group(path, tuple(Item(f"{path}.{key}", (unit(f"{path}.{key}"),)) for key in keys))

    quotes = _get(source, ("quotes",))
    quote_items = tuple(
        Item(f"quotes.{qid}", tuple(unit(f"quotes.{qid}.{part}") for part in ("person", "role", "text")))
        for qid in (quotes if isinstance(quotes, dict) else {}))
    reports = [Report(race, unit(f"reports.race-{race}.title"), group(f"reports.race-{race}.paragraphs"),
                      isinstance(_get(source, ("reports", f"race-{race}")), dict)) for race in races if kind == REPORT]
    body = group("paragraphs") if "paragraphs" in GROUPS[kind] else None
    built = Editor(lang, source_lang, kind, unit("headline"), unit("lead"), group("highlights"), body, reports,
                   group("closing"), Group("quotes", quote_items), [],
                   {k: v for k, v in posted.items() if k.startswith("new")}, errors)
    built.other_findings = [f"{where}: {line}" if where else line for where, lines in findings.items() for line in lines]
    return built


def findings_by_unit(season_folder: Path, round_id: str, path: Path, kind: str) -> tuple[dict[str, list[str]], list[str]]:
    """The problems `pressgen validate` and the findings `pressgen lint` report in `path`, by the
    field they locate (a unit id, a quote's `person`); and validate's errors elsewhere in the season
    that keep lint from running (the tables it checks against cannot be computed). A pre-event
    release is fact-checked as `pressgen lint` checks it: its claims against the round's stakes."""
    state = season_states(season_folder)[0]
    problems: list[Problem] = list(state.problems)
    blocking: list[str] = []
    computed = state.computed
    race_round = computed[0].round(round_id) if computed else None
    if computed and race_round and kind == PRE_EVENT:
        problems += pre_event_lint(computed[0].season, race_round.for_kind(PRE_EVENT), computed[1])
    elif computed and race_round:
        problems += lint_round(computed[0].season, race_round, computed[1])
    else:
        blocking = [str(p) for p in state.errors]
    found: dict[str, list[str]] = {}
    seen = set()
    for problem in problems:
        file = problem.location.file
        if file is None or file.resolve() != path.resolve() or (key := (problem.location.field, problem.message)) in seen:
            continue
        seen.add(key)
        named = re.match(r"unit '([a-z0-9.-]+)'", problem.message)  # a unit still to translate: on that unit
        found.setdefault(named.group(1) if named else problem.location.field, []).append(f"{problem.severity}: {problem.message}")
    return found, blocking


# --- the form back to the file ---------------------------------------------------------------------


@dataclass
class Edit:
    """What a posted form changes: the file's new text, what the translations must follow, and the
    typed texts that cannot be written (nothing is, then)."""

    text: str
    removed: list[FieldPath] = field(default_factory=list)  # items and units gone from the source
    orders: list[tuple[FieldPath, list[str]]] = field(default_factory=list)  # a mapping's new order
    people: dict[str, str] = field(default_factory=dict)  # quote id -> its new speaker
    errors: dict[str, InputError] = field(default_factory=dict)


def clean(text: str, one_line: bool) -> str:
    """A typed text as it is stored: line ends made \\n, no space around it, a one-line field on one
    line. Nothing else changes: the typography is the build's (spaces typed before ? or inside « »
    are not doubled there)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return re.sub(r"[ \t]*\n\s*", " ", text) if one_line else text


def check_input(text: str) -> InputError | None:
    if len(text) > MAX_UNIT_CHARACTERS:
        return InputError("length", count=len(text))
    problem = first_problem(text)
    return InputError("character", problem[1]) if problem else None


def apply_form(text: str, path: Path, fields: dict[str, str], source: dict, is_source: bool,
               existing_ids: set[str], kind: str) -> Edit:
    """The file's text with the form's changes: changed units set, emptied ones removed, new
    entries added with new ids, then the button's move or removal (`op`); only in the groups
    the kind of release has (a race report has no body paragraphs, a pre-event release no reports)."""
    data = read_data(text, path)
    edit = Edit(text)
    for name, value in fields.items():
        if not name.startswith("text:") and not (name.startswith("new") and value.strip()):
            continue
        if (error := check_input(value)) is not None:
            edit.errors[name] = error
    if edit.errors:
        return edit
    for unit_id in _unit_ids(source, is_source, kind):
        name = f"text:{unit_id}"
        if name not in fields:
            continue
        unit_path = tuple(unit_id.split("."))
        value = clean(fields[name], unit_path[-1] in ONE_LINE)
        if value == _text(_get(data, unit_path)):
            continue
        if not value:
            edit.text = prose_edit.remove(edit.text, path, unit_path)
            edit.removed.append(unit_path)
            continue
        if not is_source and unit_path[0] == "quotes" and _get(data, unit_path[:2]) is None:
            edit.text = prose_edit.set_text(edit.text, path, (*unit_path[:2], "person"), _text(_get(source, (*unit_path[:2], "person"))))
        edit.text = prose_edit.set_text(edit.text, path, unit_path, value)
        if unit_path[-1] == "person":
            edit.people[unit_path[1]] = value
    if is_source:
        _add_new(edit, path, fields, existing_ids, kind)
        _button(edit, path, fields.get("op", "save"), kind)
    return edit


def _unit_ids(source: dict, is_source: bool, kind: str) -> list[str]:
    ids = ["headline", "lead"] + [f"{group}.{key}" for group in GROUPS[kind] for key in (_get(source, (group,)) or {})]
    for report_id, report in (_get(source, ("reports",)) or {}).items() if kind == REPORT else ():
        ids.append(f"reports.{report_id}.title")
        ids += [f"reports.{report_id}.paragraphs.{key}" for key in (_get(report, ("paragraphs",)) or {})]
    for qid in _get(source, ("quotes",)) or {}:
        ids += [f"quotes.{qid}.{part}" for part in (("person", "role", "text") if is_source else ("role", "text"))]
    return ids


def _add_new(edit: Edit, path: Path, fields: dict[str, str], taken: set[str], kind: str) -> None:
    """New paragraphs (`new:<group>`), a new report's title (`new:reports.race-N.title`), a new quote;
    a group the kind of release does not have is ignored (`new:paragraphs` in a race report)."""
    for name, value in fields.items():
        group, typed = name.removeprefix("new:"), clean(value, name.endswith(".title"))
        if not name.startswith("new:") or not typed:
            continue
        if kind == REPORT and re.fullmatch(r"reports\.race-[1-9][0-9]*\.title", group):
            report = group.removesuffix(".title")
            if not clean(fields.get(f"new:{report}.paragraphs", ""), False):
                edit.errors[f"new:{report}.paragraphs"] = InputError("required")
            edit.text = prose_edit.set_text(edit.text, path, tuple(group.split(".")), typed)
            continue
        if not (group in GROUPS[kind] or kind == REPORT and re.fullmatch(r"reports\.race-[1-9][0-9]*\.paragraphs", group)):
            continue
        key = new_id(typed, taken)
        taken.add(key)
        edit.text = prose_edit.set_text(edit.text, path, (*group.split("."), key), typed)
    person = clean(fields.get("new-quote-person", ""), True)
    role, quote = clean(fields.get("new-quote-role", ""), True), clean(fields.get("new-quote-text", ""), False)
    if not (person or role or quote):
        return
    for name, value in (("new-quote-person", person), ("new-quote-text", quote)):
        if not value:
            edit.errors[name] = InputError("required")
    if edit.errors:
        return
    qid = new_id(person.split(" ", 1)[-1], taken)
    taken.add(qid)
    for part, value in (("person", person), ("role", role), ("text", quote)):
        if value:
            edit.text = prose_edit.set_text(edit.text, path, ("quotes", qid, part), value)


def _button(edit: Edit, path: Path, op: str, kind: str) -> None:
    """The move or removal a button asked for (`up:<item>`, `down:<item>`, `remove:<item>`)."""
    action, _, item = op.partition(":")
    if action not in ("up", "down", "remove"):
        return
    item_path = tuple(item.split("."))
    group, key = item_path[:-1], item_path[-1]
    keys = prose_edit.keys(edit.text, path, group) if _movable(group, kind) else []
    if key not in keys:
        return
    if action == "remove":
        edit.text = prose_edit.remove(edit.text, path, item_path)
        edit.removed.append(item_path)
        return
    at = keys.index(key)
    other = at - 1 if action == "up" else at + 1
    if 0 <= other < len(keys):
        keys[at], keys[other] = keys[other], keys[at]
        edit.text = prose_edit.reorder(edit.text, path, group, keys)
        edit.orders.append((group, keys))


def _movable(group: FieldPath, kind: str) -> bool:
    return group in [(name,) for name in (*GROUPS[kind], "quotes")] or (
        kind == REPORT and len(group) == 3 and group[0] == "reports" and group[2] == "paragraphs")


def new_id(text: str, taken: set[str]) -> str:
    """A readable id from a text's first words (`Les essais libres...` -> `les-essais-libres`),
    never one in use: `-2`, `-3`... added when it is."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", folded))
    base = "-".join(words[:3])[:32].strip("-") or "text"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def ids_in_use(datas: list[dict]) -> set[str]:
    """Every key under a group, a report or the quotes of every language's file (and the unit ids
    fingerprinted in translations), so a new id never meets an old one."""
    taken: set[str] = set()
    for data in datas:
        for group in (*ALL_GROUPS, "quotes"):
            taken |= set(_get(data, (group,)) or {})
        for report in (_get(data, ("reports",)) or {}).values():
            taken |= set(_get(report, ("paragraphs",)) or {})
        taken |= {unit.rsplit(".", 1)[-1] for unit in _get(data, ("source",)) or {}}
        taken |= {unit.split(".")[1] for unit in _get(data, ("source",)) or {} if unit.startswith("quotes.")}
    return taken


def follow_source(text: str, path: Path, edit: Edit) -> str:
    """A translation file following the source's change: what was removed from the source goes
    (with its fingerprints), a new order is taken, a quote's new speaker is written."""
    for removed in edit.removed:
        text = prose_edit.remove(text, path, removed)
        prefix = ".".join(removed)
        for unit in prose_edit.keys(text, path, ("source",)):
            if unit == prefix or unit.startswith(prefix + "."):
                text = prose_edit.remove(text, path, ("source", unit))
    for group, order in edit.orders:
        text = prose_edit.reorder(text, path, group, order)
    for qid, person in edit.people.items():
        if prose_edit.keys(text, path, ("quotes", qid)):
            text = prose_edit.set_text(text, path, ("quotes", qid, "person"), person)
    return text


def translation_paths(round_folder: Path, languages: tuple[str, ...], kind: str) -> dict[str, Path]:
    """The round's translation files of the kind of release that exist, by language."""
    return {lang: path for lang in languages[1:] if (path := round_folder / prose_file_name(kind, lang)).is_file()}
