"""Pure: the standings after each race -> the geometry of the title-fight chart.

Readable in black and white: each driver has a dash pattern and a marker shape of its own, and a
direct label at the end of its line (labels are spread so they never overlap). Text is left to
the template, which localizes it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .standings import Standings

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 40, 170, 12, 34  # room for the axis, the direct labels, the step labels
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
    width: int
    height: int
    series: tuple[Series, ...]
    steps: tuple[Step, ...]
    grid: tuple[tuple[float, float], ...]  # (value, y) of each horizontal grid line
    plot_left: float
    plot_right: float
    plot_bottom: float


def title_fight(history: tuple[Standings, ...], drivers: int) -> Chart | None:
    """The points of the final top `drivers` after each step; None when fewer than two steps."""
    if len(history) < 2 or not history[-1].rows:
        return None
    names = [row.competitor for row in history[-1].top(drivers) if row.points is not None]
    known = {name: [_points(s, name) for s in history] for name in names}
    values = {name: [v for v in series if v is not None] for name, series in known.items()}
    if any(len(series) < len(history) for series in values.values()):  # a total the data leaves open
        return None
    step = _nice_step(max(max(v) for v in values.values()) / 5)
    top = step * max(1, math.ceil(max(max(v) for v in values.values()) / step))
    x_of = _x_positions(len(history))

    def y_of(value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top)

    labels = _spread([y_of(values[name][-1]) for name in names])
    series = tuple(
        Series(
            driver=name,
            points=tuple(values[name]),
            line=tuple(Point(x, y_of(v)) for x, v in zip(x_of, values[name])),
            dash=DASHES[i % len(DASHES)],
            marker=MARKERS[i % len(MARKERS)],
            label=Point(x_of[-1] + 12, label_y),
            final=values[name][-1],
        )
        for i, (name, label_y) in enumerate(zip(names, labels))
    )
    steps = tuple(
        Step(s.after.round_id if s.after else None, s.after.race if s.after else None, x) for s, x in zip(history, x_of)
    )
    grid = tuple((step * i, y_of(step * i)) for i in range(round(top / step) + 1))
    return Chart(WIDTH, HEIGHT, series, steps, grid, LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM)


def _points(standings: Standings, name: str) -> float | None:
    row = standings.row(name)
    return row.points if row else 0


def _x_positions(count: int) -> list[float]:
    span = WIDTH - LEFT - RIGHT
    return [LEFT + span * i / (count - 1) for i in range(count)]


def _nice_step(raw: float) -> float:
    """A round grid step at least `raw`: 1, 2, 2.5 or 5 times a power of ten."""
    if raw <= 0:
        return 1
    magnitude: float = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def _spread(ys: list[float]) -> list[float]:
    """Label positions near their lines' ends, at least LABEL_GAP apart, in the same order."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    placed: dict[int, float] = {}
    last = -math.inf
    for i in order:
        placed[i] = max(ys[i], last + LABEL_GAP)
        last = placed[i]
    overflow = last - (HEIGHT - BOTTOM)
    if overflow > 0:  # pushed past the bottom: shift everything up
        placed = {i: y - overflow for i, y in placed.items()}
    return [placed[i] + 4 for i in range(len(ys))]  # +4: text baseline near the line's middle
