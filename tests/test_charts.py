"""The title-fight chart: geometry worked by hand, and its presence in both Monza releases."""

import itertools

import pytest

from generator.charts import LABEL_GAP, _nice_step, _spread, title_fight
from generator.compute import compute_season
from generator.schema import load_seasons

from .conftest import MONZA_SEASON
from .test_release import html_text


@pytest.mark.parametrize("raw, step", [(44.6, 50), (10, 10), (11, 20), (0.3, 0.5), (2.2, 2.5), (120, 200)])
def test_nice_step(raw, step):
    assert _nice_step(raw) == pytest.approx(step)


def test_labels_are_spread_apart_in_order():
    ys = [100.0, 105.0, 107.0, 200.0]
    spread = _spread(ys)
    assert spread[0] < spread[1] < spread[2] < spread[3]
    assert all(b - a >= LABEL_GAP for a, b in itertools.pairwise(spread[:3]))
    assert spread[3] == 204.0  # far enough already: only the baseline offset (+4)


def test_monza_series_from_the_snapshot_through_both_races():
    loaded = load_seasons(MONZA_SEASON)[0]
    results = compute_season(loaded.season, [r.round for r in loaded.rounds])
    chart = title_fight(results.history, 5)
    # Snapshot, after race 1, after race 2 (the points worked by hand in test_standings.py).
    assert [(s.driver, s.points) for s in chart.series] == [
        ("Charles Roussanne", (187, 205, 223)), ("Léo Jousset", (144, 169, 194)), ("Lukas Papin", (89, 99, 114)),
        ("Thibaut Bossy", (59, 71, 79)), ("Florian Coruble", (64, 72, 72)),
    ]
    assert len({s.dash for s in chart.series}) == 5 and len({s.marker for s in chart.series}) == 5  # black and white
    assert [value for value, _ in chart.grid] == [0, 50, 100, 150, 200, 250]


@pytest.mark.parametrize("lang, before", [("fr", "Avant"), ("en", "Before")])
def test_chart_in_both_monza_releases(built, lang, before):
    html = built[lang][0]
    assert html.count("<svg") == 2  # the wide drawing and the narrow one for phones
    assert html.count('<svg class="chart-wide"') == 1 and html.count('<svg class="chart-narrow"') == 1
    text = html_text(html)
    for label in ("Charles Roussanne (223)", "Léo Jousset (194)", "Florian Coruble (72)", before, "Monza"):
        assert label in text


def test_narrow_labels_fit_the_drawing():
    """On a phone the direct labels ("Roussanne (223)", family names) stay inside the drawing:
    Inter's figures and letters average under 0.62 em, so a label of n characters at size f
    takes at most 0.62 n f units (one was clipped at 375 px before the right margin grew)."""
    from generator.charts import NARROW

    loaded = load_seasons(MONZA_SEASON)[0]
    results = compute_season(loaded.season, [r.round for r in loaded.rounds])
    chart = title_fight(results.history, 5, NARROW)
    for series in chart.series:
        label = f"{series.driver.split(' ', 1)[-1]} ({series.final})"
        assert series.label.x + 0.62 * len(label) * (NARROW.font + 1) <= NARROW.width, label
    assert [step.race for step in chart.steps] == [None, 1, 2]  # each race has its own label
