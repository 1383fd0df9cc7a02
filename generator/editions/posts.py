"""Social posts: one per race, in the release's language, each within the 280 characters X counts
(twitter-text's rules: a web address counts 23, a CJK character 2), with the season's hashtags and
handles (`posts:` in season.yaml) and the address of the web page (with `site.base_url`).

A post states only what the release states: the race's top three by the places the data
establishes (no post for a race whose winner it does not establish), and after the round's last
race the titles it settles or the championship lead, in the release's own sentences. A post too
long drops, in this order, the sentences after the first, the handles, the hashtags after the
first, the third and second places; a name long enough to pass the limit alone is cut with "…".
"""

from __future__ import annotations

from twitter_text import parse_tweet

from .. import i18n
from ..render import render_template
from ..view import RaceTable, ReleaseContext

LIMIT = 280  # X's weighted length of a post
ELLIPSIS = "…"


def render_posts(context: ReleaseContext) -> str:
    last = context.races[-1].number if context.races else None
    posts = [post for race in context.races if (post := race_post(context, race, race.number == last)) is not None]
    return "".join(f"{post}\n\n" for post in posts)


def weighted_length(text: str) -> int:
    return parse_tweet(text).weightedLength


def race_post(context: ReleaseContext, race: RaceTable, last: bool) -> str | None:
    podium = [next((row.driver for row in race.rows if row.position == place), None) for place in (1, 2, 3)]
    if podium[0] is None:
        return None
    places = [podium[0], *([podium[1]] if podium[1] else []), *([podium[2]] if podium[1] and podium[2] else [])]
    after = _after_sentences(context) if last else []
    settings = context.season.posts
    hashtags = [f"#{tag}" for tag in (settings.hashtags if settings else ())]
    handles = list(settings.handles if settings else ())
    url = context.public_url(f"{context.round.id}-{context.lang}.html")
    lang = context.lang
    candidates = [
        (places, after, hashtags, handles),
        (places, after[:1], hashtags, handles),
        (places, [], hashtags, handles),
        (places, [], hashtags, []),
        (places, [], hashtags[:1], []),
        (places[:2], [], hashtags[:1], []),
        (places[:1], [], hashtags[:1], []),
        (places[:1], [], [], []),
    ]
    for drivers, sentences, tags, people in candidates:
        text = _post(_result_sentence(context, race, drivers, lang), sentences, tags, people, url)
        if weighted_length(text) <= LIMIT:
            return text
    return _cut(_result_sentence(context, race, places[:1], lang), url)


def _post(sentence: str, sentences: list[str], tags: list[str], people: list[str], url: str | None) -> str:
    return " ".join(part for part in (sentence, *sentences, " ".join([*tags, *people]), url or "") if part)


def _cut(sentence: str, url: str | None) -> str:
    """The first sentence cut short enough to leave room for the address."""
    text = sentence
    while text and weighted_length(_post(text + ELLIPSIS, [], [], [], url)) > LIMIT:
        text = text[:-1]
    return _post(text.rstrip() + ELLIPSIS, [], [], [], url)


def _result_sentence(context: ReleaseContext, race: RaceTable, drivers: list[str], lang: str) -> str:
    t = i18n.translations(lang)
    names = {"number": race.number, "venue": context.season.venue(context.round.id)}
    if len(drivers) == 3:
        text = t.gettext("Race %(number)s at %(venue)s: %(winner)s wins ahead of %(second)s and %(third)s.")
        names |= {"winner": drivers[0], "second": drivers[1], "third": drivers[2]}
    elif len(drivers) == 2:
        text = t.gettext("Race %(number)s at %(venue)s: %(winner)s wins ahead of %(second)s.")
        names |= {"winner": drivers[0], "second": drivers[1]}
    else:
        text = t.gettext("Race %(number)s at %(venue)s: %(winner)s wins.")
        names |= {"winner": drivers[0]}
    return i18n.typography(text % names, context.lang)


def _after_sentences(context: ReleaseContext) -> list[str]:
    """The titles the round settles, else the championship lead: the release's own sentences."""
    lang = context.lang
    if context.titles:
        return [_one_line(render_template("partials/title_sentence.txt", lang, title=title), lang) for title in context.titles]
    if context.lead is not None:
        return [_one_line(render_template("partials/lead_sentence.txt", lang, release=context), lang)]
    return []


def _one_line(text: str, lang: str) -> str:
    return i18n.typography(" ".join(text.split()), lang)
