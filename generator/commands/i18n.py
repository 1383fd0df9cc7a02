"""`pressgen i18n extract|update|check|init`: the template catalogs (locales/), through Babel's API.

extract: messages of the templates and Python sources (babel.cfg) -> locales/messages.pot
update:  the POT merged into every locale's messages.po (new strings empty, changed ones fuzzy)
init:    a new language's messages.po from the POT, with its CLDR plural forms, every string empty
check:   fails when the POT is out of date with the sources, or a catalog lacks a string, leaves
         one untranslated or fuzzy, or changes its placeholders
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from .. import languages
from ..characters import first_problem
from ..errors import DataError, Location, Problem, UsageError
from ..i18n import DOMAIN, LOCALES_DIR

ROOT = LOCALES_DIR.parent
MAPPING = "babel.cfg"
TEMPLATE = "messages.pot"
WIDTH = 76  # pybabel's default, so either tool writes the same files


@dataclass(frozen=True)
class Catalogs:
    """Where the sources and the catalogs are (the project's own, or a copy under test)."""

    root: Path = ROOT
    locales: Path = LOCALES_DIR

    @property
    def template(self) -> Path:
        return self.locales / TEMPLATE

    def po_files(self) -> dict[str, Path]:
        return {p.parent.parent.name: p for p in sorted(self.locales.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))}


def extracted(where: Catalogs) -> Catalog:
    with (where.root / MAPPING).open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    catalog = Catalog(project="pressgen", version="0.1.0", copyright_holder="pressgen", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(where.root, method_map, options_map):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def extract(where: Catalogs = Catalogs()) -> list[str]:
    """Write the POT, unless only its dates would change (so catalogs do not churn)."""
    catalog = extracted(where)
    if where.template.is_file() and _same_messages(catalog, _read(where.template)):
        return [f"{where.template}: up to date ({_count(catalog)})"]
    with where.template.open("wb") as handle:
        write_po(handle, catalog, width=WIDTH)
    return [f"{where.template}: wrote {_count(catalog)}"]


def update(where: Catalogs = Catalogs()) -> list[str]:
    template = _read(where.template)
    lines = []
    for lang, path in where.po_files().items():
        catalog = _read(path, lang)
        catalog.update(template)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=WIDTH, ignore_obsolete=True)
        lines.append(f"{path}: {_count(catalog)}, {len(_needing_work(catalog))} to translate or review")
    return lines


def check(where: Catalogs = Catalogs()) -> list[str]:
    """The report lines when every catalog is complete; raise DataError listing every problem."""
    template = _read(where.template)
    problems = []
    if not _same_messages(extracted(where), template):
        problems.append(Problem(Location(where.template),
                                "out of date with the templates and sources: run `pressgen i18n extract`, then `pressgen i18n update`"))
    for lang, path in where.po_files().items():
        problems.extend(catalog_problems(_read(path, lang), template, path))
        if not languages.is_known(lang):
            problems.append(Problem(Location(path), f"no style for '{lang}' in generator/languages.py: add its entry (README, \"How to add a language\")"))
    if problems:
        raise DataError(problems)
    return [f"{path}: {_count(template)}, all translated" for path in where.po_files().values()]


def init(lang: str, where: Catalogs = Catalogs()) -> list[str]:
    """Create the catalog of a new language from the POT; refuse one that exists."""
    path = where.locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if path.exists():
        raise UsageError(f"{path} exists already: `pressgen i18n update` brings it up to date")
    try:
        Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        raise UsageError(f"'{lang}' is not a language CLDR knows (a code such as de, es, pt_BR)") from None
    template = _read(where.template)
    catalog = Catalog(locale=lang, domain=DOMAIN, project=template.project, version=template.version,
                      copyright_holder="pressgen", creation_date=template.creation_date, fuzzy=False)
    catalog.update(template)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=WIDTH, ignore_obsolete=True)
    return [f"{path}: wrote {_count(catalog)} to translate ({catalog.plural_forms})"]


def catalog_problems(catalog: Catalog, template: Catalog, path: Path) -> list[Problem]:
    problems = []
    for message in template:
        if message.id and message.id not in catalog:
            problems.append(Problem(Location(path), f"{_show(message)} is missing: run `pressgen i18n update`"))
    for message in catalog:
        if not message.id:
            continue
        where = Location(path, message.lineno)
        if message.id not in template:
            problems.append(Problem(where, f"{_show(message)} is no longer in the templates: run `pressgen i18n update`"))
        elif not _translated(message):
            problems.append(Problem(where, f"{_show(message)} is untranslated"))
        elif message.fuzzy:
            problems.append(Problem(where, f"{_show(message)} is fuzzy: check the translation, then remove the fuzzy flag"))
        else:
            problems.extend(Problem(where, f"{_show(message)}: {error}") for error in _placeholder_errors(message))
            problems.extend(Problem(where, f"{_show(message)}: {error}") for error in _hidden_characters(message))
    return problems


def _hidden_characters(message: Message) -> list[str]:
    """A translation carries no control character and leaves no bidirectional control open."""
    return [found[1] for text in _forms(message.string) if text and (found := first_problem(text)) is not None]


def _forms(value: object) -> list[str]:
    """A message's id or translation as its plural forms: Babel gives a string, or a tuple for plurals."""
    if isinstance(value, (tuple, list)):
        return ["" if form is None else str(form) for form in value]
    return [value] if isinstance(value, str) else [""]


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _placeholder_errors(message: Message) -> list[str]:
    """Each translation must use exactly the placeholders of its source (Babel's own checks too)."""
    ids = _forms(message.id)
    strings = _forms(message.string)
    errors = []
    for form, string in enumerate(strings):
        source = ids[min(form, len(ids) - 1)]
        expected, found = _names(source), _names(string)
        if expected != found:
            errors.append(f"placeholders differ: the source has {_list(expected)}, the translation {_list(found)}")
    return errors or [str(error) for error in message.check()]


def _names(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def _list(names: set[str]) -> str:
    return ", ".join(f"%({n})s" for n in sorted(names)) or "none"


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def _needing_work(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id and (m.fuzzy or not _translated(m))]


def _same_messages(a: Catalog, b: Catalog) -> bool:
    """Messages, locations and flags equal: header dates never make a POT stale."""
    return _signature(a) == _signature(b)


def _signature(catalog: Catalog) -> list[tuple]:
    return sorted(
        (str(m.id), m.context or "", tuple(sorted(m.locations)), tuple(sorted(m.flags - {"fuzzy"})), tuple(m.auto_comments))
        for m in catalog if m.id
    )


def _read(path: Path, lang: str | None = None) -> Catalog:
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=lang, domain=DOMAIN, abort_invalid=True)
    except OSError as exc:
        raise DataError([Problem(Location(path), f"cannot read the catalog: {exc.strerror}")]) from None
    except Exception as exc:  # babel's PoFileError and friends: a malformed catalog
        raise DataError([Problem(Location(path, getattr(exc, "lineno", None)), f"invalid catalog: {exc}")]) from None


def _count(catalog: Catalog) -> str:
    count = sum(1 for m in catalog if m.id)
    return f"{count} message{'s' if count != 1 else ''}"


def _show(message: Message) -> str:
    text = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"msgid \"{text}\""
