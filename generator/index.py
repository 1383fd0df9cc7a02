"""Indexes: OUT/<season-id>/index.html lists every round with a link to each language and
edition, one section per language; OUT/index.html lists the seasons. Renders the index templates
and returns HTML; build.py and publish write it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from . import editions, i18n
from .paths import house_stylesheet
from .published import PublishedVersion, text_corrected
from .render import render_template

INDEX_FILE = "index.html"


@dataclass(frozen=True)
class EditionLink:
    lang: str
    edition: str  # html, pdf, email, text
    href: str  # relative to the index
    race: int | None = None  # an edition's file of one race (a result card)


class _Linked:
    links: tuple[EditionLink, ...]

    def links_in(self, lang: str) -> tuple[EditionLink, ...]:
        return tuple(link for link in self.links if link.lang == lang)


@dataclass(frozen=True)
class RoundEntry(_Linked):
    round_id: str
    venue: str
    release_date: dt.date
    links: tuple[EditionLink, ...]
    kind: str = "report"  # report | pre-event


@dataclass(frozen=True)
class VersionEntry(_Linked):
    """A published version of a round (generator/published.py), with links to its files."""

    round_id: str
    venue: str
    version: int
    date: dt.date  # of publication
    links: tuple[EditionLink, ...]
    changes: dict[str, tuple[str, ...]] | None = None  # by language, since the previous version
    kind: str = "report"  # report | pre-event
    text_changed: tuple[str, ...] | None = None  # languages whose text changed since the previous version; None: not recorded

    def changes_in(self, lang: str) -> tuple[str, ...]:
        return (self.changes or {}).get(lang, ())

    def text_corrected(self, lang: str) -> bool:
        return text_corrected(self.text_changed, lang)


@dataclass(frozen=True)
class Brand:
    """A season's masthead on its indexes: its series, colours and logo (a data: URI)."""

    series: str
    primary: str
    accent: str
    logo: str | None = None


def brand_of(loaded) -> Brand:
    """The brand of a loaded season (schema.LoadedSeason)."""
    from .schema import logo_data_uri

    season = loaded.season
    return Brand(season.series, season.brand.primary, season.brand.accent, logo_data_uri(season, loaded.folder))


@dataclass(frozen=True)
class SeasonEntry:
    season_id: str
    series: str
    year: int
    href: str


def season_index(title: str, languages: tuple[str, ...], rounds: tuple[RoundEntry, ...],
                 versions: tuple[VersionEntry, ...] = (), brand: Brand | None = None, feeds: dict[str, str] | None = None) -> str:
    """The rounds built, then (when there are some) the published versions, newest first;
    `feeds`: the Atom feed of each language, by language (its file name beside the index)."""
    sections = [
        _section("partials/season-index.html", lang, title=title, rounds=rounds, versions=versions, feed=(feeds or {}).get(lang))
        for lang in languages
    ]
    return _page(title, languages, sections, brand, feeds)


def archive_index(title: str, languages: tuple[str, ...], versions: tuple[VersionEntry, ...],
                  brand: Brand | None = None, feeds: dict[str, str] | None = None) -> str:
    """ARCHIVE/<season-id>/index.html: every published version, newest first; `feeds`: the
    season's Atom feed of each language, by language (their hosted addresses)."""
    sections = [_section("partials/archive-index.html", lang, title=title, versions=versions, feed=(feeds or {}).get(lang))
                for lang in languages]
    return _page(title, languages, sections, brand, feeds)


def version_entries(versions: list[PublishedVersion], venues: dict[str, str], base: str) -> tuple[VersionEntry, ...]:
    """Entries for published versions, linking their editions (not their photo copies or inputs);
    `base`: the season's archive folder relative to the index."""
    order = editions.linked()
    return tuple(
        VersionEntry(
            v.round_id, venues.get(v.round_id, v.round_id), v.version, v.date,
            tuple(EditionLink(lang, f.edition, f"{base}{v.round_id}/{_kind_folder(v.kind)}v{v.version}/{f.name}", f.race)
                  for f in sorted((f for f in v.files if f.edition in order), key=lambda f: (order.index(f.edition), f.race or 0))
                  if (lang := f.lang) is not None),
            v.changes,
            v.kind,
            v.text_changed,
        )
        for v in versions
    )


def _kind_folder(kind: str) -> str:
    """A pre-event release's versions lie in a folder of their own inside the round's (published.py)."""
    return "" if kind == "report" else f"{kind}/"


def seasons_index(languages: tuple[str, ...], seasons: tuple[SeasonEntry, ...], feeds: dict[str, str] | None = None) -> str:
    sections = [_section("partials/seasons-index.html", lang, seasons=seasons, feed=(feeds or {}).get(lang)) for lang in languages]
    return _page("pressgen", languages, sections, None, feeds)


def _section(template: str, lang: str, **variables) -> Markup:
    edition_names = {e.name: i18n.translations(lang).gettext(e.label) for e in editions.EDITIONS}
    return Markup(i18n.typeset_html(render_template(template, lang, lang=lang, edition_names=edition_names, **variables), lang))


def _page(title: str, languages: tuple[str, ...], sections: list[Markup], brand: Brand | None = None,
          feeds: dict[str, str] | None = None) -> str:
    return render_template("index.html", languages[0], title=title, lang=languages[0], sections=sections,
                           stylesheet=house_stylesheet(), brand=brand, feeds=feeds or {})
