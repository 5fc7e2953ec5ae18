"""The sizes of a chart, its marker shapes and fill textures, and the
dataclasses: what a caller gives (a Series, a Stack...) and what the
templates draw (a Figure and its parts)."""

from collections.abc import Sequence
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
