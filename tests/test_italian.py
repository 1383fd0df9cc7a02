"""A third language: Italian formats from CLDR, and an Italian release needs Italian prose."""

import datetime as dt

import pytest

from generator import i18n
from generator.build import BuildRequest, build
from generator.errors import DataError

from .conftest import MONZA_SEASON
from .test_release import html_text


def test_italian_formats():
    assert i18n.format_release_date(dt.date(2024, 10, 21), "it") == "21 ottobre 2024"
    assert i18n.format_number(1234.5, "it") == "1.234,5"
    assert [i18n.format_ordinal(n, "it") for n in (1, 8, 11)] == ["1º", "8º", "11º"]
    assert i18n.format_list(["Facebook", "X", "Instagram"], "it") == "Facebook, X e Instagram"


def test_building_italian_lists_every_missing_unit(tmp_path):
    with pytest.raises(DataError) as caught:
        build(BuildRequest(MONZA_SEASON, tmp_path, langs=("it",), formats=("html",)))
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 24
    assert problems[0] == f"{MONZA_SEASON}/rounds/06-monza/fr.yaml:2:11: headline: error: not translated into it"
    assert all(p.endswith("error: not translated into it") for p in problems)


@pytest.fixture(scope="module")
def italian_draft(tmp_path_factory):
    out = tmp_path_factory.mktemp("it")
    build(BuildRequest(MONZA_SEASON, out, langs=("it",), formats=("html",), draft=True))
    return (out / "2024-alpine-elf-cup/06-monza/06-monza-it.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "line",
    [
        "Comunicato stampa", "21 ottobre 2024", "Gara 1", "Risultati", "Classifica di campionato",
        "1. Léo Jousset (Race Cars Consulting) 12 giri", '2. Charles Roussanne (VPS Racing) +0"284',
        "1. Charles Roussanne 223 punti", "Hanno detto", "salvo verifiche tecniche finali", "BOZZA",
    ],
)
def test_italian_draft_has_the_italian_template_text(italian_draft, line):
    assert line in html_text(italian_draft)


def test_italian_draft_shows_the_french_source_marked(italian_draft):
    assert '<html lang="it">' in italian_draft
    assert italian_draft.count('class="untranslated" lang="fr"') == 24
    assert italian_draft.count('<mark class="untranslated-flag" lang="it">Non tradotto</mark>') == 24
    # The French stand-in keeps French typography (spaced guillemets) inside the Italian page.
    assert "<p>«\u00a0C\u2019est ma deuxième saison" in italian_draft
