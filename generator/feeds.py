"""Atom feeds (RFC 4287) of the published releases, per language: one per season and one for the
whole archive, written by `build` beside the indexes that link them:

    OUT/<season-id>/feed-<lang>.atom      the season's published releases in that language
    OUT/feed-<lang>.atom                  every season's in the archive

Only published versions are listed (what the archive holds), never a build. One entry per round:
its id stays the same from version to version, so a correction reaches a reader's feed as an
update of the entry it corrects (a newer `updated`, the changes as its summary), and the same
across rebuilds. Links are absolute: the archive is hosted where the indexes' relative links to
it lead from `site.base_url` (see README, "Feeds").
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from . import i18n
from .errors import PressgenError
from .published import PublishedVersion, season_versions
from .schema import survey_seasons

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_SUFFIX = ".atom"
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def feed_name(lang: str) -> str:
    return f"feed-{lang}{FEED_SUFFIX}"


@dataclass(frozen=True)
class SeasonFeed:
    """What a feed needs to know of a season besides its published versions."""

    season_id: str
    title: str  # "Demo Cup (illustrative data) 2025"
    year: int
    author: str  # the signoff, else the series
    email: str | None  # the first press contact's
    base_url: str  # where OUT is hosted
    archive_url: str  # where ARCHIVE/<season-id>/ is hosted
    versions: tuple[PublishedVersion, ...]  # newest first
    languages: tuple[str, ...] = ()  # the season's, in its order


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    published: str  # RFC 3339, as `updated`
    updated: str
    html: str  # absolute links to the web page and PDF of the latest version
    pdf: str | None
    summary: str | None
    author: str
    email: str | None


def archive_url(base_url: str, season_id: str, relative: str) -> str:
    """The hosted address of ARCHIVE/<season-id>/: where the season index's relative link to it
    (`relative`, from OUT/<season-id>/) leads once OUT is served at `base_url`."""
    return urljoin(f"{base_url}{season_id}/", relative.rstrip("/") + "/")


def season_feed_url(base_url: str, season_id: str, lang: str) -> str:
    """Where the season's feed in `lang` is hosted: OUT/<season-id>/ served at `base_url`."""
    return f"{base_url}{season_id}/{feed_name(lang)}"


def hosted_season_feeds(base_url: str, season_id: str, versions: Sequence[PublishedVersion], season_languages: tuple[str, ...]) -> dict[str, str]:
    """The season's feeds by language, at their hosted addresses: one per language it has published
    (what the archive's own index links: the feeds live in OUT, with the newsroom's pages)."""
    return {lang: season_feed_url(base_url, season_id, lang) for lang in published_languages(versions, season_languages)}


def season_feed(season: SeasonFeed, lang: str) -> bytes | None:
    """The season's feed in `lang`; None when nothing is published in that language."""
    entries = _entries(season, lang)
    if not entries:
        return None
    self_url = season_feed_url(season.base_url, season.season_id, lang)
    feed_id = f"tag:{_authority(season.base_url)},{season.year}:{season.season_id}/{lang}"
    return _feed(feed_id, season.title, lang, self_url, f"{season.base_url}{season.season_id}/index.html", entries,
                 season.author, season.email)


def archive_feed(seasons: list[SeasonFeed], lang: str, base_url: str) -> bytes | None:
    """Every season's published releases in `lang`, newest first; None when there are none."""
    entries = sorted((e for season in seasons for e in _entries(season, lang)), key=_newest_first)
    if not entries:
        return None
    self_url = f"{base_url}{feed_name(lang)}"
    first_year = min(season.year for season in seasons)
    return _feed(f"tag:{_authority(base_url)},{first_year}:archive/{lang}", i18n.translations(lang).gettext("Press releases"),
                 lang, self_url, f"{base_url}index.html", entries, None, None)


def _entries(season: SeasonFeed, lang: str) -> list[Entry]:
    by_round: dict[tuple[str, str], list[PublishedVersion]] = {}  # a round's report and its pre-event release are two entries
    for version in sorted(season.versions, key=lambda v: v.version):
        if any(f.lang == lang and f.edition == "html" for f in version.files):
            by_round.setdefault((version.round_id, version.kind), []).append(version)
    entries = [_entry(season, lang, versions) for versions in by_round.values()]
    return sorted(entries, key=_newest_first)


def _newest_first(entry: Entry) -> tuple:
    return (_negated(entry.updated), entry.id)


def _negated(stamp: str) -> tuple[int, ...]:
    return tuple(-int(part) for part in re.findall(r"\d+", stamp))


def _entry(season: SeasonFeed, lang: str, versions: list[PublishedVersion]) -> Entry:
    """A round's entry: the first version's moment as `published`, the latest version's files and moment."""
    latest = versions[-1]
    moments = _moments(versions)
    files = {f.edition: f.name for f in latest.files if f.lang == lang}
    kind = "" if latest.kind == "report" else f"{latest.kind}/"  # published.version_folder
    folder = f"{season.archive_url}{latest.round_id}/{kind}v{latest.version}/"
    page = (latest.folder / files["html"]).read_text(encoding="utf-8")
    found = _TITLE.search(page)
    title = html.unescape(found[1]).strip() if found else latest.round_id
    return Entry(
        id=f"tag:{_authority(season.base_url)},{season.year}:{season.season_id}/{latest.round_id}/{kind}{lang}",
        title=title,
        published=moments[0],
        updated=moments[-1],
        html=folder + files["html"],
        pdf=folder + files["pdf"] if "pdf" in files else None,
        summary=_correction_summary(latest, lang),
        author=season.author,
        email=season.email,
    )


def _moments(versions: list[PublishedVersion]) -> list[str]:
    """Each version's moment of publication, oldest first, each after the one before: read from the
    archive, never from the clock, so the same archive gives the same feed."""
    moments: list[dt.datetime] = []
    for version in versions:
        moment = version.published_at or _day_moment(version)
        if moments and moment <= moments[-1]:  # a version without its time, after one with it
            moment = moments[-1] + dt.timedelta(minutes=1)
        moments.append(moment)
    return [moment.strftime("%Y-%m-%dT%H:%M:%SZ") for moment in moments]


def _day_moment(version: PublishedVersion) -> dt.datetime:
    """A version published before publish recorded the time: its day at noon UTC (the same
    calendar day from UTC-11 to UTC+11), a minute later per version, so a correction published
    the same day as the version it corrects is still an update."""
    return dt.datetime.combine(version.date, dt.time(12), dt.UTC) + dt.timedelta(minutes=version.version - 1)


def _correction_summary(version: PublishedVersion, lang: str) -> str | None:
    if version.version == 1:
        return None
    t = i18n.translations(lang)
    notice = t.gettext("Corrected version, %(date)s") % {"date": i18n.format_release_date(version.date, lang)}
    lines = (version.changes or {}).get(lang, ())
    body = (" ".join(lines) if lines else t.gettext("The text was corrected; the tables are unchanged.") if version.text_corrected(lang)
            else t.gettext("The text and the tables are unchanged; other details of the data were corrected."))
    return i18n.typography(f"{notice}. {body}", lang)


def _authority(base_url: str) -> str:
    return urlsplit(base_url).hostname or "localhost"


def _feed(feed_id: str, title: str, lang: str, self_url: str, index_url: str, entries: list[Entry],
          author: str | None, email: str | None) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    _text(feed, "updated", max(e.updated for e in entries))
    _link(feed, "self", self_url, "application/atom+xml")
    _link(feed, "alternate", index_url, "text/html")
    if author:
        _author(feed, author, email)
    _text(feed, "generator", "pressgen")
    for entry in entries:
        element = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(element, "id", entry.id)
        _text(element, "title", entry.title)
        _text(element, "published", entry.published)
        _text(element, "updated", entry.updated)
        _author(element, entry.author, entry.email)
        _link(element, "alternate", entry.html, "text/html", lang)
        if entry.pdf:
            _link(element, "enclosure", entry.pdf, "application/pdf", lang)
        if entry.summary:
            _text(element, "summary", entry.summary)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{name}").text = value


def _link(parent: ET.Element, rel: str, href: str, media_type: str, lang: str | None = None) -> None:
    attributes = {"rel": rel, "href": href, "type": media_type}
    if lang:
        attributes["hreflang"] = lang
    ET.SubElement(parent, f"{{{ATOM}}}link", attributes)


def _author(parent: ET.Element, name: str, email: str | None) -> None:
    author = ET.SubElement(parent, f"{{{ATOM}}}author")
    _text(author, "name", name)
    if email:
        _text(author, "email", email)


def feed_files(loaded_seasons, out: Path, archive_root: Path) -> dict[Path, bytes]:
    """Every feed of OUT: per language, one for each season loaded that has a base URL and
    published versions, and one for the whole archive (its other seasons described by the
    season.yaml their latest version was built from)."""
    seasons = {loaded.season.id: s for loaded in loaded_seasons if (s := _loaded_feed(loaded, out, archive_root)) is not None}
    files: dict[Path, bytes] = {}
    for season_id, season in seasons.items():
        for lang in _languages(season):
            if (content := season_feed(season, lang)) is not None:
                files[out / season_id / feed_name(lang)] = content
    if not seasons:
        return files  # no season of this build has a base URL: the archive's feed has no address
    every = [seasons.get(season_id) or _archived_feed(season_id, out, archive_root) for season_id in _archived_seasons(archive_root)]
    known = [season for season in every if season is not None]
    base_url = next(iter(seasons.values())).base_url
    for lang in dict.fromkeys(lang for season in known for lang in _languages(season)):
        if (content := archive_feed(known, lang, base_url)) is not None:
            files[out / feed_name(lang)] = content
    return files


def _languages(season: SeasonFeed) -> list[str]:
    return published_languages(season.versions, season.languages)


def published_languages(versions: Sequence[PublishedVersion], season_languages: tuple[str, ...]) -> list[str]:
    """The languages whose web page a version published, the season's first in its order."""
    published = {f.lang for v in versions for f in v.files if f.lang and f.edition == "html"}
    return [lang for lang in season_languages if lang in published] + sorted(published - set(season_languages))


def _archived_seasons(archive_root: Path) -> list[str]:
    return sorted(p.name for p in archive_root.iterdir() if p.is_dir() and not p.name.startswith(".")) if archive_root.is_dir() else []


def _loaded_feed(loaded, out: Path, archive_root: Path) -> SeasonFeed | None:
    season = loaded.season
    versions = tuple(season_versions(archive_root, season.id))
    if season.site is None or not versions:
        return None
    email = next((c.email for c in season.press_contacts if c.email), None)
    return SeasonFeed(season.id, f"{season.series} {season.year}", season.year, season.signoff or season.series, email,
                      season.site.base_url, archive_url(season.site.base_url, season.id, _relative(out, archive_root, season.id)), versions,
                      season.languages)


def _archived_feed(season_id: str, out: Path, archive_root: Path) -> SeasonFeed | None:
    """A season not loaded by this build, as its latest published version's inputs describe it."""
    versions = tuple(season_versions(archive_root, season_id))
    if not versions:
        return None
    try:
        loaded = [survey.loaded for survey in survey_seasons(versions[0].inputs) if survey.loaded is not None]
    except PressgenError:
        return None
    return _loaded_feed(loaded[0], out, archive_root) if loaded else None  # else not a season's folder: nothing to list


def _relative(out: Path, archive_root: Path, season_id: str) -> str:
    return Path(os.path.relpath(archive_root.resolve() / season_id, out.resolve() / season_id)).as_posix()
