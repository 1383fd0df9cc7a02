"""Pure: the standings after each race -> the geometry of the title-fight chart.

Readable in black and white: each driver has a dash pattern and a marker shape of its own, and a
direct label at the end of its line (labels are spread so they never overlap). Two layouts: a wide
one for the PDF and wide screens, a narrow one drawn for a phone (375 px), where text keeps about
its nominal size instead of shrinking with a wide drawing. Text is left to the template, which
localizes it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .standings import Standings


@dataclass(frozen=True)
class Layout:
    """The drawing's size and the room kept for the axis (left), the direct labels (right) and
    the race and round labels (bottom), in SVG units; `font` is the labels' size."""

    name: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    font: int


WIDE = Layout("wide", 640, 280, 40, 170, 12, 34, 10)
NARROW = Layout("narrow", 340, 260, 30, 122, 12, 36, 11)  # shown about 1:1 in a 375 px screen
WIDTH, HEIGHT = WIDE.width, WIDE.height
LABEL_GAP = 13  # px between two direct labels
DASHES = ("", "7 4", "2 3", "10 3 2 3", "4 4")
MARKERS = ("circle", "square", "triangle", "diamond", "cross")


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class Series:
    driver: str
    points: tuple[float, ...]  # after each step
    line: tuple[Point, ...]
    dash: str
    marker: str
    label: Point  # where the direct label goes
    final: float


@dataclass(frozen=True)
class Step:
    round_id: str | None  # None: before the first race in the data
    race: int | None
    x: float


@dataclass(frozen=True)
class Chart:
    layout: Layout
    width: int
    height: int
    series: tuple[Series, ...]
    steps: tuple[Step, ...]
    grid: tuple[tuple[float, float], ...]  # (value, y) of each horizontal grid line
    plot_left: float
    plot_right: float
    plot_bottom: float


def title_fight(history: tuple[Standings, ...], drivers: int, layout: Layout = WIDE) -> Chart | None:
    """The points of the final top `drivers` after each step; None when fewer than two steps."""
    if len(history) < 2 or not history[-1].rows:
        return None
    names = [row.competitor for row in history[-1].top(drivers) if row.points is not None]
    known = {name: [_points(s, name) for s in history] for name in names}
    values = {name: [v for v in series if v is not None] for name, series in known.items()}
    if not values or any(len(series) < len(history) for series in values.values()):  # no total known, or one the data leaves open
        return None
    step = _nice_step(max(max(v) for v in values.values()) / 5)
    top = step * max(1, math.ceil(max(max(v) for v in values.values()) / step))
    x_of = _x_positions(len(history), layout)

    def y_of(value: float) -> float:
        return layout.top + (layout.height - layout.top - layout.bottom) * (1 - value / top)

    labels = _spread([y_of(values[name][-1]) for name in names], layout.height - layout.bottom, LABEL_GAP + layout.font - WIDE.font)
    series = tuple(
        Series(
            driver=name,
            points=tuple(values[name]),
            line=tuple(Point(x, y_of(v)) for x, v in zip(x_of, values[name], strict=True)),
            dash=DASHES[i % len(DASHES)],
            marker=MARKERS[i % len(MARKERS)],
            label=Point(x_of[-1] + (12 if layout is WIDE else 8), label_y),
            final=values[name][-1],
        )
        for i, (name, label_y) in enumerate(zip(names, labels, strict=True))
    )
    steps = tuple(
        Step(s.after.round_id if s.after else None, s.after.race if s.after else None, x) for s, x in zip(history, x_of, strict=True)
    )
    grid = tuple((step * i, y_of(step * i)) for i in range(round(top / step) + 1))
    return Chart(layout, layout.width, layout.height, series, steps, grid, layout.left, layout.width - layout.right,
                 layout.height - layout.bottom)


def _points(standings: Standings, name: str) -> float | None:
    row = standings.row(name)
    return row.points if row else 0


def _x_positions(count: int, layout: Layout) -> list[float]:
    span = layout.width - layout.left - layout.right
    return [layout.left + span * i / (count - 1) for i in range(count)]


def _nice_step(raw: float) -> float:
    """A round grid step at least `raw`: 1, 2, 2.5 or 5 times a power of ten."""
    if raw <= 0:
        return 1
    magnitude: float = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def _spread(ys: list[float], bottom: float = WIDE.height - WIDE.bottom, gap: float = LABEL_GAP) -> list[float]:
    """Label positions near their lines' ends, at least `gap` apart, in the same order."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    placed: dict[int, float] = {}
    last = -math.inf
    for i in order:
        placed[i] = max(ys[i], last + gap)
        last = placed[i]
    overflow = last - bottom
    if overflow > 0:  # pushed past the bottom: shift everything up
        placed = {i: y - overflow for i, y in placed.items()}
    return [placed[i] + 4 for i in range(len(ys))]  # +4: text baseline near the line's middle


def round_spans(chart: Chart) -> list[tuple[str, float]]:
    """Each round's id and the middle of its races' positions, where its name goes: under all of
    its races, not under the first one only."""
    spans: dict[str, list[float]] = {}
    for step in chart.steps:
        if step.round_id is not None:
            spans.setdefault(step.round_id, []).append(step.x)
    return [(round_id, (xs[0] + xs[-1]) / 2) for round_id, xs in spans.items()]
