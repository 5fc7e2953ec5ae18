"""Small SVG charts as data: the geometry of a line or stacked-bar chart.

The site draws its charts on the server (no JavaScript, no third-party requests,
a CSP without inline styles). This module turns numbers into coordinates in a
fixed viewBox; templates/includes/charts/*.html only place what a Figure holds.
Keeping the arithmetic here makes it testable without a browser and keeps the
templates free of logic.

Colour is never the only cue (WCAG 1.4.1): every series has its own marker shape
or dash pattern, every stack its own fill texture, and the functions refuse
series or stacks that could only be told apart by colour. Numbers in output
strings are rounded to one decimal to keep pages small.

Plain Python, no Django import.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

WIDTH = 640
HEIGHT = 300
MARGIN_LEFT = 44  # room for y tick labels
MARGIN_RIGHT = 16
MARGIN_TOP = 28  # room for the y-axis title and marker labels
MARGIN_BOTTOM = 44  # room for x tick labels and the x-axis title
ROW_HEIGHT = 36  # one row under the chart: its title, then its values
CHAR_WIDTH = 6.6  # average width of a 12px system-font character, for spacing

Shape = Literal["circle", "square", "triangle", "diamond", "none"]
Dash = Literal["solid", "dashed", "dotted"]
Texture = Literal["solid", "hatch", "backhatch", "dots", "cross"]
XValue = date | float | int | str

# Each shape is drawn relative to its point, so a marker is "M x y" plus this.
SHAPES: dict[str, str] = {
    "circle": "m-3.5 0a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0-7 0",
    "square": "m-3.2-3.2h6.4v6.4h-6.4z",
    "triangle": "m0-4.2l4.2 7.2h-8.4z",
    "diamond": "m0-4.6l4.6 4.6l-4.6 4.6l-4.6-4.6z",
    "none": "",
}
TEXTURES = ("solid", "hatch", "backhatch", "dots", "cross")


def num(value: float) -> str:
    """A coordinate or value for output: one decimal at most, no "-0"."""
    text = f"{round(value, 1) + 0.0:.1f}"
    return text[:-2] if text.endswith(".0") else text


# --- What the caller gives -------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One line. `values` line up with the x axis; None is a gap (no score)."""

    label: str
    values: Sequence[float | None]
    css_class: str  # e.g. "series-phq9"; site.css gives it its colour
    marker: Shape = "circle"
    dash: Dash = "solid"


@dataclass(frozen=True)
class Stack:
    """One layer of a stacked bar chart: one value per category."""

    label: str
    values: Sequence[float]
    css_class: str  # e.g. "stack-1"
    texture: Texture = "solid"


@dataclass(frozen=True)
class RefLine:
    """A horizontal reference line, such as "Remission" at 5."""

    value: float
    label: str
    css_class: str = ""


@dataclass(frozen=True)
class Marker:
    """A vertical marker at a point on the x axis, such as a "Booster" date."""

    at: XValue
    label: str
    css_class: str = ""


@dataclass(frozen=True)
class AxisRow:
    """A row of values under the x axis, such as numbers at risk.

    Each cell is (where on the x axis, text); the same scale places it.
    """

    label: str
    cells: Sequence[tuple[XValue, str]]


# --- What the templates draw ------------------------------------------------


@dataclass(frozen=True)
class Plot:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return round((self.left + self.right) / 2, 1)


@dataclass(frozen=True)
class Tick:
    pos: float  # x for the x axis, y for the y axis
    label: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    title: str  # the tooltip: series, where, value
    d: str  # the marker's outline, already placed


@dataclass(frozen=True)
class Line:
    label: str
    css_class: str
    dash: Dash
    d: str  # one path per series; a gap starts a new "M"
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    css_class: str
    texture: Texture
    title: str


@dataclass(frozen=True)
class HLine:
    y: float
    x1: float
    x2: float
    label: str
    label_x: float
    label_y: float
    css_class: str


@dataclass(frozen=True)
class VLine:
    x: float
    y1: float
    y2: float
    label: str
    label_x: float
    label_y: float
    anchor: Literal["start", "end"]
    css_class: str


@dataclass(frozen=True)
class Row:
    label: str
    label_y: float
    y: float
    cells: tuple[Tick, ...]


@dataclass(frozen=True)
class LegendItem:
    label: str
    css_class: str
    kind: Literal["line", "bar"]
    dash: Dash = "solid"
    marker_d: str = ""  # the series' marker in a 28x12 swatch
    texture: Texture = "solid"


@dataclass(frozen=True)
class Figure:
    kind: Literal["line", "bar"]
    width: int
    height: int
    plot: Plot
    title: str
    description: str
    x_label: str
    y_label: str
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    lines: tuple[Line, ...] = ()
    bars: tuple[Bar, ...] = ()
    hlines: tuple[HLine, ...] = ()
    vlines: tuple[VLine, ...] = ()
    rows: tuple[Row, ...] = ()
    legend: tuple[LegendItem, ...] = ()
    textures: tuple[Texture, ...] = ()  # the patterns the bars use

    @property
    def points(self) -> tuple[Point, ...]:
        return tuple(point for line in self.lines for point in line.points)

    @property
    def x_label_y(self) -> float:
        return self.plot.bottom + 36


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


# --- Line charts ------------------------------------------------------------


def _path(coords: Sequence[tuple[float, float] | None], *, step: bool) -> str:
    """One path for a series; a gap (None) starts a new subpath. A step series
    runs horizontally to the next x, then vertically to its value."""
    parts: list[str] = []
    previous: tuple[float, float] | None = None
    for coord in coords:
        if coord is None:
            previous = None
            continue
        x, y = coord
        if previous is None:
            parts.append(f"M{num(x)} {num(y)}")
        elif step:
            parts.append(f"H{num(x)}V{num(y)}")
        else:
            parts.append(f"L{num(x)} {num(y)}")
        previous = coord
    return "".join(parts)


def _sample(marker: Shape) -> str:
    """The marker in the middle of the legend's 28x12 sample ("" for none)."""
    return f"M14 6{SHAPES[marker]}" if SHAPES[marker] else ""


def _check_cues(series: Sequence[Series]) -> None:
    cues = [(s.marker, s.dash) for s in series]
    if len(set(cues)) != len(cues):
        raise ValueError(
            "two series share a marker and a dash: only colour would tell them apart"
        )


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    y_max: float,
    y_label: str,
    x_labels: Sequence[str] | None = None,
    dates: Sequence[date] | None = None,
    x_values: Sequence[float] | None = None,
    x_label: str = "",
    x_ticks: Sequence[float] | None = None,
    y_ticks: Sequence[float] | None = None,
    hlines: Sequence[RefLine] = (),
    vlines: Sequence[Marker] = (),
    rows: Sequence[AxisRow] = (),
    step: bool = False,
    description: str = "",
) -> Figure:
    """Lines over one x axis, given as exactly one of `x_labels` (evenly spaced
    categories, such as weeks), `dates` (spaced by days between the first and the
    last) or `x_values` (numbers, such as days since a start; `x_ticks` fixes
    their ticks). Each series has one value (or None) per x. y runs from 0 to
    `y_max`. `step=True` draws a step curve (Kaplan-Meier). `rows` go under the
    axis, such as numbers at risk. Without a `description`, one is written from
    the data for the <desc>.
    """
    given = [xs for xs in (x_labels, dates, x_values) if xs is not None]
    if len(given) != 1:
        raise ValueError("give exactly one of x_labels, dates and x_values")
    xs: Sequence[XValue] = given[0]
    if not xs:
        raise ValueError("a line chart needs at least one x")
    if y_max <= 0:
        raise ValueError("y_max must be above 0")
    for s in series:
        if len(s.values) != len(xs):
            raise ValueError(f"{s.label} has {len(s.values)} values for {len(xs)} x")
    _check_cues(series)

    plot, height = _plot(len(rows))
    extra = [m.at for m in vlines] + [at for row in rows for at, _ in row.cells]
    if x_labels is not None:
        axis = _label_axis(plot, x_labels)
    elif dates is not None:
        axis = _date_axis(plot, dates, [d for d in extra if isinstance(d, date)])
    else:
        x_values = list(x_values or ())
        numbers = [float(v) for v in extra if isinstance(v, int | float)]
        axis = _number_axis(plot, x_values, numbers, x_ticks)
    y_of = _y_scale(plot, y_max)

    lines = []
    for s in series:
        coords: list[tuple[float, float] | None] = []
        points = []
        for i, value in enumerate(s.values):
            if value is None:
                coords.append(None)
                continue
            x, y = axis.position(xs[i]), y_of(value)
            coords.append((x, y))
            if s.marker != "none":
                title_text = f"{s.label}, {axis.words(xs[i])}: {num(value)}"
                d = f"M{num(x)} {num(y)}{SHAPES[s.marker]}"
                points.append(Point(x, y, value, title_text, d))
        lines.append(
            Line(s.label, s.css_class, s.dash, _path(coords, step=step), tuple(points))
        )

    if not description:
        description = _describe_lines(series, xs, axis, hlines, vlines)
    return Figure(
        kind="line",
        width=WIDTH,
        height=height,
        plot=plot,
        title=title,
        description=description,
        x_label=x_label,
        y_label=y_label,
        x_ticks=axis.ticks,
        y_ticks=_y_ticks(y_of, y_max, y_ticks, least_step=0),
        lines=tuple(lines),
        hlines=_hlines(plot, y_of, hlines),
        vlines=_vlines(plot, axis, vlines),
        rows=_rows(plot, axis, rows),
        legend=tuple(
            LegendItem(s.label, s.css_class, "line", s.dash, _sample(s.marker))
            for s in series
        ),
    )


def _describe_lines(
    series: Sequence[Series],
    xs: Sequence[XValue],
    axis: _XAxis,
    hlines: Sequence[RefLine],
    vlines: Sequence[Marker],
) -> str:
    span = (
        axis.words(xs[0])
        if len(xs) == 1
        else (f"from {axis.words(xs[0])} to {axis.words(xs[-1])}")
    )
    words = [f"{_list([s.label for s in series])}, {span}."]
    if hlines:
        refs = [f"{ref.label} at {num(ref.value)}" for ref in hlines]
        words.append(f"Reference lines: {_list(refs)}.")
    if vlines:
        marks = [f"{m.label} at {axis.words(m.at)}" for m in vlines]
        words.append(f"Markers: {_list(marks)}.")
    return " ".join(words)


# --- Stacked bar charts -----------------------------------------------------


def bar_chart(
    categories: Sequence[str],
    stacks: Sequence[Stack],
    *,
    title: str,
    y_label: str = "",
    x_label: str = "",
    y_max: float | None = None,
    hlines: Sequence[RefLine] = (),
    description: str = "",
) -> Figure:
    """Stacked bars, one per category (such as a week), the stacks drawn from
    the bottom up in the order given. Without `y_max`, the axis ends at a round
    number at or above the largest total (1 when every value is 0). Steps
    between y ticks are whole numbers: the bars count things.
    """
    if not categories:
        raise ValueError("a bar chart needs at least one category")
    for stack in stacks:
        if len(stack.values) != len(categories):
            raise ValueError(
                f"{stack.label} has {len(stack.values)} values "
                f"for {len(categories)} categories"
            )
        if any(v < 0 for v in stack.values):
            raise ValueError(f"{stack.label} has a negative value")
    textures = [s.texture for s in stacks]
    if len(set(textures)) != len(textures):
        raise ValueError(
            "two stacks share a texture: only colour would tell them apart"
        )

    totals = [sum(s.values[i] for s in stacks) for i in range(len(categories))]
    if y_max is None:
        top = max(totals, default=0)
        step = nice_step(top, least=1)
        y_max = max(step, math.ceil(top / step) * step)
    plot, height = _plot(0)
    y_of = _y_scale(plot, y_max)
    band = plot.width / len(categories)
    width = round(min(band * 0.7, 56), 1)

    bars = []
    for i, category in enumerate(categories):
        x = round(plot.left + band * i + (band - width) / 2, 1)
        below = 0.0
        for stack in stacks:
            value = stack.values[i]
            if value == 0:
                continue
            top_y, bottom_y = y_of(below + value), y_of(below)
            bars.append(
                Bar(
                    x,
                    top_y,
                    width,
                    round(bottom_y - top_y, 1),
                    stack.css_class,
                    stack.texture,
                    f"{category}, {stack.label}: {num(value)}",
                )
            )
            below += value

    ticks = [
        Tick(round(plot.left + band * (i + 0.5), 1), label)
        for i, label in enumerate(categories)
    ]
    if not description:
        biggest = max(range(len(categories)), key=lambda i: totals[i])
        span = (
            categories[0]
            if len(categories) == 1
            else f"from {categories[0]} to {categories[-1]}"
        )
        description = (
            f"Stacked bars of {_list([s.label for s in stacks])}, {span}. "
            f"Largest total: {num(totals[biggest])}, {categories[biggest]}."
        )
    return Figure(
        kind="bar",
        width=WIDTH,
        height=height,
        plot=plot,
        title=title,
        description=description,
        x_label=x_label,
        y_label=y_label,
        x_ticks=_thin(ticks),
        y_ticks=_y_ticks(y_of, y_max, None, least_step=1),
        bars=tuple(bars),
        hlines=_hlines(plot, y_of, hlines),
        legend=tuple(
            LegendItem(s.label, s.css_class, "bar", texture=s.texture) for s in stacks
        ),
        textures=tuple(t for t in TEXTURES if t != "solid" and t in textures),
    )
