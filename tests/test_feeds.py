"""Atom feeds of the published releases, on the demo season (illustrative data): parsed by an
independent, well-kept parser (feedparser), and checked against RFC 4287's requirements with the
standard library's XML parser (ids, dates, authors, links), with expectations written by hand."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from generator.cli import main

from .conftest import SEASONS, edit

SEASON_ID, ROUND_ID = "2025-demo-cup", "02-bravo"
BASE = "https://press.demo-cup.example/releases/"
ARCHIVE_URL = "https://press.demo-cup.example/archive/"  # where ../../archive leads from BASE + SEASON_ID + "/"
A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
TAG_URI = re.compile(r"^tag:[a-z0-9.-]+,\d{4}(-\d{2}(-\d{2})?)?:[^\s]+$")  # RFC 4151


def cli(*args) -> None:
    assert main([str(a) for a in args]) == 0


def build(project: Path, out: str = "output") -> Path:
    cli("build", project / "seasons" / SEASON_ID, "--format", "text", "--out", project / out, "--quiet")
    return project / out


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> dict:
    """02-bravo published (v1, 19 May 2025), built; then corrected (v2, 20 May), built again."""
    project = tmp_path_factory.mktemp("newsroom")
    season = project / "seasons" / SEASON_ID
    shutil.copytree(SEASONS / SEASON_ID, season)
    cli("publish", season, "--round", ROUND_ID, "--date", "2025-05-19")
    out = build(project)
    seen = {"project": project, "v1-fr": (out / SEASON_ID / "feed-fr.atom").read_bytes()}
    edit(season / "rounds" / ROUND_ID / "round.yaml", '- {car: 5, gap: "8.000"}', '- {car: 5, gap: "7.000"}')
    cli("publish", season, "--round", ROUND_ID, "--date", "2025-05-20")
    build(project)
    return seen


def feed(project: dict, name: str) -> bytes:
    return (project["project"] / "output" / name).read_bytes()


@pytest.mark.parametrize("name", [f"{SEASON_ID}/feed-fr.atom", f"{SEASON_ID}/feed-en.atom", "feed-fr.atom", "feed-en.atom"])
def test_each_feed_parses_cleanly_as_atom_1_0_in_its_language(project, name):
    parsed = feedparser.parse(feed(project, name))
    lang = name[-7:-5]
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.language == lang
    assert [e.link for e in parsed.entries] == [f"{ARCHIVE_URL}{SEASON_ID}/{ROUND_ID}/v2/{ROUND_ID}-{lang}.html"]


def test_the_season_feed_states_the_correction_as_an_update_of_the_same_entry(project):
    before = feedparser.parse(project["v1-fr"]).entries
    [entry] = feedparser.parse(feed(project, f"{SEASON_ID}/feed-fr.atom")).entries
    assert [e.id for e in before] == [entry.id] == [f"tag:press.demo-cup.example,2025:{SEASON_ID}/{ROUND_ID}/fr"]
    assert before[0].updated == "2025-05-19T12:00:00Z" and before[0].link.endswith("/v1/02-bravo-fr.html")
    assert (entry.published, entry.updated) == ("2025-05-19T12:00:00Z", "2025-05-20T12:01:00Z")
    assert entry.title == "Communiqué de démonstration\u00a0: données fictives"
    assert entry.summary == ("Version corrigée du 20/05/2025. Course 1\u00a0: pour Eva Esteve, l’écart sur le "
                             "vainqueur passe de +8''000 à +7''000.")  # the change line as the release words it (never "de Eva")
    assert [(link.rel, link.type, link.href) for link in entry.links] == [
        ("alternate", "text/html", f"{ARCHIVE_URL}{SEASON_ID}/{ROUND_ID}/v2/{ROUND_ID}-fr.html"),
        ("enclosure", "application/pdf", f"{ARCHIVE_URL}{SEASON_ID}/{ROUND_ID}/v2/{ROUND_ID}-fr.pdf"),
    ]
    assert entry.author_detail == {"name": "Demo Cup press office (illustrative)", "email": "presse@demo-cup.example"}


def test_only_published_versions_are_listed_and_every_link_reaches_an_archived_file(project):
    archive = project["project"] / "archive"
    for name in (f"{SEASON_ID}/feed-fr.atom", "feed-en.atom"):
        root = ET.fromstring(feed(project, name))
        hrefs = [link.get("href") for entry in root.iter(f"{A}entry") for link in entry.iter(f"{A}link")]
        assert hrefs and all(h.startswith(f"{ARCHIVE_URL}{SEASON_ID}/{ROUND_ID}/") for h in hrefs)  # not 01-alpha, built but unpublished
        assert all((archive / h.removeprefix(ARCHIVE_URL)).is_file() for h in hrefs)


@pytest.mark.parametrize("name", [f"{SEASON_ID}/feed-fr.atom", "feed-en.atom"])
def test_rfc_4287_requirements(project, name):
    root = ET.fromstring(feed(project, name))
    assert root.tag == f"{A}feed"

    def one(element, child):
        found = element.findall(f"{A}{child}")
        assert len(found) == 1, (child, len(found))
        return found[0].text

    assert TAG_URI.match(one(root, "id")) and one(root, "title")
    assert RFC3339.match(one(root, "updated"))
    feed_authors = root.findall(f"{A}author")
    self_links = [link for link in root.findall(f"{A}link") if link.get("rel") == "self"]
    assert [link.get("href") for link in self_links] == [(BASE if name.startswith("feed") else BASE + SEASON_ID + "/") + name.split("/")[-1]]
    entries = root.findall(f"{A}entry")
    assert entries
    for entry in entries:
        assert TAG_URI.match(one(entry, "id")) and one(entry, "title")
        assert RFC3339.match(one(entry, "updated")) and RFC3339.match(one(entry, "published"))
        assert feed_authors or entry.findall(f"{A}author")  # 4.1.1: an author for every entry
        alternates = [link for link in entry.findall(f"{A}link") if link.get("rel") == "alternate"]
        assert len(alternates) == 1 and alternates[0].get("href").startswith("https://")  # 4.1.2: a link when there is no content


def test_feeds_are_the_same_bytes_in_another_build_and_linked_from_the_indexes(project):
    other = build(project["project"], "elsewhere")
    for name in (f"{SEASON_ID}/feed-fr.atom", f"{SEASON_ID}/feed-en.atom", "feed-fr.atom", "feed-en.atom"):
        assert (other / name).read_bytes() == feed(project, name), name
    index = feed(project, f"{SEASON_ID}/index.html").decode()
    assert '<link rel="alternate" type="application/atom+xml" hreflang="fr" href="feed-fr.atom"' in index
    assert '<a href="feed-fr.atom" type="application/atom+xml">Flux Atom des communiqués publiés</a>' in index
    assert '<a href="feed-en.atom" type="application/atom+xml">Atom feed of the published releases</a>' in feed(project, "index.html").decode()


def test_a_season_without_a_base_url_has_no_feed(tmp_path):
    season = tmp_path / "seasons" / SEASON_ID
    shutil.copytree(SEASONS / SEASON_ID, season)
    edit(season / "season.yaml", 'site: {base_url: "https://press.demo-cup.example/releases/"}', "")
    cli("publish", season, "--round", ROUND_ID, "--date", "2025-05-19")
    out = build(tmp_path)
    assert not list(out.rglob("*.atom"))
    assert "application/atom+xml" not in (out / SEASON_ID / "index.html").read_text(encoding="utf-8")
    assert "application/atom+xml" not in (tmp_path / "archive" / SEASON_ID / "index.html").read_text(encoding="utf-8")


def test_the_archive_index_links_each_feed_where_it_is_hosted(project):
    archive_index = (project["project"] / "archive" / SEASON_ID / "index.html").read_text(encoding="utf-8")
    for lang in ("fr", "en"):
        hosted = f"{BASE}{SEASON_ID}/feed-{lang}.atom"  # the season's feed in OUT, served at base_url
        self_link = ET.fromstring(feed(project, f"{SEASON_ID}/feed-{lang}.atom")).find(f"{A}link[@rel='self']").get("href")
        assert self_link == hosted  # the address the feed gives itself
        assert f'<link rel="alternate" type="application/atom+xml" hreflang="{lang}" href="{hosted}"' in archive_index
    assert f'<a href="{BASE}{SEASON_ID}/feed-fr.atom" type="application/atom+xml">Flux Atom des communiqués publiés</a>' in archive_index
    assert f'<a href="{BASE}{SEASON_ID}/feed-en.atom" type="application/atom+xml">Atom feed of the published releases</a>' in archive_index


def test_an_entry_is_dated_by_the_moment_publish_recorded(tmp_path):
    from generator.commands.publish import PublishRequest, publish

    season = tmp_path / "seasons" / SEASON_ID
    shutil.copytree(SEASONS / SEASON_ID, season)
    at = dt.datetime(2025, 5, 19, 9, 30, 15, tzinfo=dt.timezone(dt.timedelta(hours=2)))  # 07:30:15 UTC
    folder = publish(PublishRequest(season, ROUND_ID, dt.date(2025, 5, 19), at=at)).folder
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["published_at"] == "2025-05-19T07:30:15Z"
    [entry] = feedparser.parse(build(tmp_path).joinpath(SEASON_ID, "feed-en.atom").read_bytes()).entries
    assert (entry.published, entry.updated) == ("2025-05-19T07:30:15Z", "2025-05-19T07:30:15Z")
    # A correction the same day, published with --date (its time unknown): noon UTC and a minute per version.
    edit(season / "rounds" / ROUND_ID / "round.yaml", '- {car: 5, gap: "8.000"}', '- {car: 5, gap: "7.000"}')
    publish(PublishRequest(season, ROUND_ID, dt.date(2025, 5, 19), at=None))
    [entry] = feedparser.parse(build(tmp_path).joinpath(SEASON_ID, "feed-en.atom").read_bytes()).entries
    assert (entry.published, entry.updated) == ("2025-05-19T07:30:15Z", "2025-05-19T12:01:00Z")


def test_publish_records_the_clock_only_for_a_version_dated_today():
    from generator.commands.publish import PublishRequest, publication_moment

    now = dt.datetime(2025, 5, 19, 23, 40, 5, 123456, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    today = PublishRequest(Path("seasons"), ROUND_ID, dt.date(2025, 5, 19))
    assert publication_moment(today, now) == now.replace(microsecond=0)
    assert publication_moment(PublishRequest(Path("seasons"), ROUND_ID, dt.date(2025, 5, 18)), now) is None
    # 23:40 at UTC+02:00 is 21:40 UTC, the same day in the manifest
    from generator.published import moment_text

    assert moment_text(now) == "2025-05-19T21:40:05Z"


def test_an_entry_published_without_a_date_option_carries_the_time_of_publishing(tmp_path):
    season = tmp_path / "seasons" / SEASON_ID
    shutil.copytree(SEASONS / SEASON_ID, season)
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    cli("publish", season, "--round", "01-alpha")
    after = dt.datetime.now(dt.UTC)
    manifest = json.loads((tmp_path / "archive" / SEASON_ID / "01-alpha" / "v1" / "manifest.json").read_text(encoding="utf-8"))
    moment = dt.datetime.fromisoformat(manifest["published_at"])
    assert before <= moment <= after and manifest["published"] == dt.date.today().isoformat()
    [entry] = feedparser.parse(build(tmp_path).joinpath(SEASON_ID, "feed-en.atom").read_bytes()).entries
    assert entry.updated == manifest["published_at"]
