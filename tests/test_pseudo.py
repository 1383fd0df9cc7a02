"""Proof that every visible template string goes through the catalogs: a release built with a
pseudo-localized catalog (generated from the POT here) keeps no template text in plain English."""

import re
from html import unescape

import pytest
from babel.messages.pofile import read_po, write_po

from generator import i18n, render
from generator.build import BuildRequest, build

from .conftest import MONZA_SEASON

ACCENTED = str.maketrans("aeiouycnAEIOUYCN", "áéíóúýçñÁÉÍÓÚÝÇÑ")
PLACEHOLDER = re.compile(r"(%\(\w+\)[sd]|%%)")
WORD = re.compile(r"[^\W\d_]+")


def pseudo(text: str) -> str:
    """⟦Ráçé %(number)s···⟧: accented, a third longer, placeholders untouched, bracketed."""
    pieces = [p if PLACEHOLDER.fullmatch(p) else p.translate(ACCENTED) for p in PLACEHOLDER.split(text)]
    return "⟦" + "".join(pieces) + "·" * (len(text) // 3 + 1) + "⟧"


@pytest.fixture
def pseudo_french(tmp_path, monkeypatch):
    """The French catalog replaced by a pseudo-localized one made from the POT."""
    with (i18n.LOCALES_DIR / "messages.pot").open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    for message in catalog:
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            message.string = tuple(pseudo(i) for i in ids) if len(ids) > 1 else pseudo(ids[0])
    for other in i18n.LOCALES_DIR.glob("*/LC_MESSAGES/messages.po"):  # the other languages as they are (indexes)
        copy = tmp_path / "locales" / other.relative_to(i18n.LOCALES_DIR)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(other.read_bytes())
    po = tmp_path / "locales/fr/LC_MESSAGES/messages.po"
    with po.open("wb") as handle:
        write_po(handle, catalog)
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path / "locales")
    _clear_caches()
    yield
    monkeypatch.undo()
    _clear_caches()


def _clear_caches():
    i18n.translations.cache_clear()
    render.environment.cache_clear()


def visible_text(html: str) -> str:
    """Text nodes, generated CSS content and labels: everything a reader can see or hear."""
    style = re.search(r"<style>(.*?)</style>", html, flags=re.S).group(1)
    css_content = " ".join(re.findall(r'content:\s*"([^"]*)"', style))
    labels = " ".join(re.findall(r'aria-label="([^"]*)"', html))
    body = re.sub(r"<style>.*?</style>|<title>.*?</title>", " ", html, flags=re.S)
    return unescape(" ".join([css_content, labels, re.sub(r"<[^>]+>", " ", body)]))


def data_words() -> set[str]:
    """Every word the data itself writes (names, French prose, boilerplate), and the language names."""
    files = [MONZA_SEASON / "season.yaml", *sorted((MONZA_SEASON / "rounds").glob("*/*.yaml"))]
    words = {w for f in files if f.name != "en.yaml" for w in WORD.findall(f.read_text(encoding="utf-8"))}
    return words | {"English"}


def unlocalized_words(html: str) -> list[str]:
    outside = re.sub(r"⟦[^⟧]*⟧", " ", visible_text(html))
    known = data_words()
    return [w for w in WORD.findall(outside.replace("\u2019", "'")) if w not in known]


def test_no_template_text_escapes_the_catalog(pseudo_french, tmp_path):
    build(BuildRequest(MONZA_SEASON, tmp_path / "out", langs=("fr",), formats=("html",), draft=True))
    html = (tmp_path / "out/2024-alpine-elf-cup/06-monza/06-monza-fr.html").read_text(encoding="utf-8")
    assert html.count("⟦") >= 15  # the pseudo catalog is in use
    assert "⟦Ráçé 1" in html  # "Race %(number)s: %(title)s", worked by hand
    assert unlocalized_words(html) == []


def test_the_check_catches_a_bare_string():
    assert unlocalized_words('<style></style><p>⟦Ráçé⟧ Results</p><p aria-label="Close">Roussanne</p>') == ["Close", "Results"]
