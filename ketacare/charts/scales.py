"""Scales: where a value sits on a chart, the ticks of each axis, and the
parts a line and a bar chart share (reference lines, markers, rows under
the axis)."""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ketacare.charts.geometry import (
    CHAR_WIDTH,
    HEIGHT,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    ROW_HEIGHT,
    WIDTH,
    AxisRow,
    HLine,
    Marker,
    Plot,
    RefLine,
    Row,
    Tick,
    VLine,
    XValue,
)


def num(value: float) -> str:
    """A coordinate or value for output: one decimal at most, no "-0"."""
    text = f"{round(value, 1) + 0.0:.1f}"
    return text[:-2] if text.endswith(".0") else text


# --- Scales -----------------------------------------------------------------


def nice_step(span: float, *, most: int = 6, least: float = 0) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving at most
    `most` intervals over `span`, and no smaller than `least`."""
    if span <= 0:
        return float(max(least, 1))
    raw = span / most
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if step >= raw and step >= least:
            return float(step)
    return float(max(least, 10 * power))


def _ticks_between(low: float, high: float, step: float) -> list[float]:
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [round(i * step, 6) for i in range(first, last + 1)]


def _thin(ticks: list[Tick]) -> tuple[Tick, ...]:
    """Drop x tick labels that would overlap; keep the first and the last."""
    if not ticks:
        return ()
    gap = max(len(t.label) for t in ticks) * CHAR_WIDTH + 10
    kept = [ticks[0]]
    for tick in ticks[1:]:
        if tick.pos - kept[-1].pos >= gap:
            kept.append(tick)
    if kept[-1] is not ticks[-1]:
        if len(kept) > 1 and ticks[-1].pos - kept[-1].pos < gap:
            kept.pop()
        if ticks[-1].pos - kept[-1].pos >= gap:
            kept.append(ticks[-1])
    return tuple(kept)


def _date_text(day: date, *, with_year: bool) -> str:
    return f"{day.day} {day:%b} {day.year}" if with_year else f"{day.day} {day:%b}"


@dataclass(frozen=True)
class _XAxis:
    """Where things sit along x, and how an x value reads in words."""

    position: Callable[[XValue], float]
    words: Callable[[XValue], str]
    ticks: tuple[Tick, ...]


def _spread(plot: Plot, fraction: float) -> float:
    return round(plot.left + plot.width * fraction, 1)


def _label_axis(plot: Plot, labels: Sequence[str]) -> _XAxis:
    index = {label: i for i, label in enumerate(labels)}

    def index_of(at: XValue) -> int:
        # A marker names its label; the series' own points come by index.
        if isinstance(at, str):
            if at not in index:
                raise ValueError(f"{at!r} is not one of the x labels")
            return index[at]
        if isinstance(at, date):
            raise TypeError(f"a label axis places labels, not {at!r}")
        return int(at)

    def position(at: XValue) -> float:
        if len(labels) == 1:
            return plot.middle
        return _spread(plot, index_of(at) / (len(labels) - 1))

    def words(at: XValue) -> str:
        return labels[index_of(at)]

    ticks = [Tick(position(i), label) for i, label in enumerate(labels)]
    return _XAxis(position, words, _thin(ticks))


def _date_axis(plot: Plot, dates: Sequence[date], extra: Sequence[date]) -> _XAxis:
    first, last = min([*dates, *extra]), max([*dates, *extra])
    days = (last - first).days
    with_year = first.year != last.year

    def position(at: XValue) -> float:
        if not isinstance(at, date):
            raise TypeError(f"a date axis places dates, not {at!r}")
        if days == 0:  # a single day: in the middle, not a division by zero
            return plot.middle
        return _spread(plot, (at - first).days / days)

    def words(at: XValue) -> str:
        return _date_text(at, with_year=True) if isinstance(at, date) else str(at)

    ticks = [
        Tick(position(day), _date_text(day, with_year=with_year))
        for day in sorted(set(dates))
    ]
    return _XAxis(position, words, _thin(ticks))


def _number_axis(
    plot: Plot,
    values: Sequence[float],
    extra: Sequence[float],
    tick_values: Sequence[float] | None,
) -> _XAxis:
    low = min(0.0, *values, *extra)
    high = max([*values, *extra, *(tick_values or ())])
    span = high - low

    def position(at: XValue) -> float:
        if isinstance(at, date | str):
            raise TypeError(f"a number axis places numbers, not {at!r}")
        if span == 0:
            return plot.middle
        return _spread(plot, (at - low) / span)

    def words(at: XValue) -> str:
        return num(float(at)) if isinstance(at, int | float) else str(at)

    if tick_values is None:
        tick_values = _ticks_between(low, high, nice_step(span))
    ticks = [Tick(position(v), num(v)) for v in tick_values]
    return _XAxis(position, words, tuple(ticks))


def _y_scale(plot: Plot, y_max: float) -> Callable[[float], float]:
    def y_of(value: float) -> float:
        if not 0 <= value <= y_max:
            raise ValueError(f"{value} lies outside the chart's 0 to {y_max}")
        return round(plot.bottom - plot.height * value / y_max, 1)

    return y_of


def _y_ticks(
    y_of: Callable[[float], float],
    y_max: float,
    tick_values: Sequence[float] | None,
    least_step: float,
) -> tuple[Tick, ...]:
    if tick_values is None:
        tick_values = _ticks_between(0, y_max, nice_step(y_max, least=least_step))
    return tuple(Tick(y_of(v), num(v)) for v in tick_values)


# --- Shared parts -----------------------------------------------------------


def _hlines(
    plot: Plot, y_of: Callable[[float], float], hlines: Sequence[RefLine]
) -> tuple[HLine, ...]:
    placed = []
    for ref in hlines:
        y = y_of(ref.value)
        # The label sits above its line, or below it where the top is too close.
        label_y = y - 4 if y - 4 >= plot.top + 10 else y + 14
        placed.append(
            HLine(
                y,
                plot.left,
                plot.right,
                ref.label,
                plot.right - 4,
                label_y,
                ref.css_class,
            )
        )
    return tuple(placed)


def _vlines(plot: Plot, axis: _XAxis, markers: Sequence[Marker]) -> tuple[VLine, ...]:
    placed = []
    for i, marker in enumerate(markers):
        x = axis.position(marker.at)
        # Neighbouring markers alternate between two label rows.
        label_y = plot.top + 12 + 14 * (i % 2)
        room = len(marker.label) * CHAR_WIDTH + 8
        anchor: Literal["start", "end"] = "start" if x + room <= plot.right else "end"
        label_x = x + 4 if anchor == "start" else x - 4
        placed.append(
            VLine(
                x,
                plot.top,
                plot.bottom,
                marker.label,
                label_x,
                label_y,
                anchor,
                marker.css_class,
            )
        )
    return tuple(placed)


def _rows(plot: Plot, axis: _XAxis, rows: Sequence[AxisRow]) -> tuple[Row, ...]:
    first = plot.bottom + MARGIN_BOTTOM
    return tuple(
        Row(
            row.label,
            first + ROW_HEIGHT * i + 12,
            first + ROW_HEIGHT * i + 28,
            tuple(Tick(axis.position(at), text) for at, text in row.cells),
        )
        for i, row in enumerate(rows)
    )


def _plot(row_count: int) -> tuple[Plot, int]:
    height = HEIGHT + ROW_HEIGHT * row_count
    plot = Plot(MARGIN_LEFT, MARGIN_TOP, WIDTH - MARGIN_RIGHT, HEIGHT - MARGIN_BOTTOM)
    return plot, height


def _list(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
