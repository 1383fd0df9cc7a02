"""Social posts (the `posts` edition) on the demo season (illustrative data): each post written out
by hand from the release's tables and sentences, and its length as X counts it (twitter-text's
rules: an address X links counts 23 characters whatever its length)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import BuildRequest, build
from generator.editions.posts import LIMIT, race_post, weighted_length
from generator.errors import DataError
from generator.load import find_round

from .conftest import SEASONS, edit

SEASON_ID, ROUND_ID = "2025-demo-cup", "02-bravo"
URL = "https://press.demo-cup.example/releases/2025-demo-cup/02-bravo/02-bravo-{}.html"


def posts(out: Path, lang: str) -> list[str]:
    text = (out / SEASON_ID / ROUND_ID / f"{ROUND_ID}-{lang}.posts.txt").read_text(encoding="utf-8")
    return [post for post in text.split("\n\n") if post.strip()]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("posts")
    build(BuildRequest(SEASONS / SEASON_ID, out, round_id=ROUND_ID, formats=("posts",)))
    return out


def test_a_post_per_race_from_the_release_tables_and_sentences(built):
    # Race 1 as published: 1 Ben Brooks, 2 Chloé Carrel, 3 Ana Alves (Ana Alves's 5-second penalty puts her third);
    # race 2: Chloé Carrel disqualified, so 1 Eva Esteve, 2 Ben Brooks, 3 Dan Duval. The round settles three titles;
    # with two of them the last post would pass 280 (the .example address is not one X links: it counts its 79
    # characters), so it keeps the first.
    assert posts(built, "en") == [
        f"Race 1 at Bravo: Ben Brooks wins ahead of Chloé Carrel and Ana Alves. #DemoCup @democup_example {URL.format('en')}",
        "Race 2 at Bravo: Eva Esteve wins ahead of Ben Brooks and Dan Duval. Ana Alves wins the Juniors title, decided "
        f"after race 2. #DemoCup @democup_example {URL.format('en')}",
    ]
    assert posts(built, "fr")[0] == (f"Course 1 à Bravo\u00a0: Ben Brooks s’impose devant Chloé Carrel et Ana Alves. "
                                     f"#DemoCup @democup_example {URL.format('fr')}")
    for post in posts(built, "en") + posts(built, "fr"):
        assert weighted_length(post) == len(post) <= LIMIT  # Latin letters weigh 1; no address X links here
    with_two_titles = ("Race 2 at Bravo: Eva Esteve wins ahead of Ben Brooks and Dan Duval. Ana Alves wins the Juniors title, decided "
                       "after race 2. Dan Duval wins the Gentlemen title, decided after race 2. "
                       f"#DemoCup @democup_example {URL.format('en')}")
    assert len(with_two_titles) == 67 + 56 + 58 + 26 + 1 + 79 == 287  # counted by hand, piece by piece


def test_an_address_x_links_counts_23(built):
    post = posts(built, "en")[0].replace("press.demo-cup.example", "press.demo-cup.com")
    address = post.rsplit(" ", 1)[1]
    assert len(address) == 75 and weighted_length(post) == len(post) - 75 + 23




def test_a_long_post_drops_what_matters_least_and_never_passes_280(tmp_path):
    season = tmp_path / SEASON_ID
    shutil.copytree(SEASONS / SEASON_ID, season)
    tags = ", ".join(f"DemoCupChampionship{n}" for n in range(12))
    edit(season / "season.yaml", 'posts: {hashtags: [DemoCup], handles: ["@democup_example"]}', f"posts: {{hashtags: [{tags}], handles: [\"@democup_example\"]}}")
    out = tmp_path / "out"
    build(BuildRequest(season, out, round_id=ROUND_ID, formats=("posts",), langs=("en",)))
    first, last = posts(out, "en")
    assert first == f"Race 1 at Bravo: Ben Brooks wins ahead of Chloé Carrel and Ana Alves. #DemoCupChampionship0 {URL.format('en')}"
    assert last.startswith("Race 2 at Bravo: Eva Esteve wins ahead of Ben Brooks and Dan Duval. #DemoCupChampionship0 ")
    assert all(weighted_length(post) <= LIMIT for post in (first, last))


def test_no_post_for_a_race_whose_winner_the_data_does_not_establish(built):
    loaded, race_round = find_round(SEASONS / SEASON_ID, ROUND_ID)
    from generator.view import RaceTable

    unknown = RaceTable(1, 12, (), None, None)
    assert race_post(_FakeContext(loaded.season, race_round.round), unknown, last=True) is None


class _FakeContext:
    def __init__(self, season, race_round):
        self.season, self.round, self.lang, self.titles, self.lead = season, race_round, "en", (), None


def test_hashtags_and_handles_are_checked_at_their_line(tmp_path):
    season = tmp_path / SEASON_ID
    shutil.copytree(SEASONS / SEASON_ID, season)
    edit(season / "season.yaml", 'handles: ["@democup_example"]', 'handles: ["democup", "@a_handle_far_too_long"]')
    with pytest.raises(DataError) as caught:
        find_round(season, ROUND_ID)
    message = str(caught.value)
    assert 'posts.handles[0]: error: expected a handle such as "@democup"' in message
    assert 'found "@a_handle_far_too_long"' in message


