"""Small SVG charts as data: the geometry of a line or stacked-bar chart.

The site draws its charts on the server (no JavaScript, no third-party requests,
a CSP without inline styles). This package turns numbers into coordinates in a
fixed viewBox; templates/includes/charts/*.html only place what a Figure holds.
Keeping the arithmetic here makes it testable without a browser and keeps the
templates free of logic.

Colour is never the only cue (WCAG 1.4.1): every series has its own marker shape
or dash pattern, every stack its own fill texture, and the functions refuse
series or stacks that could only be told apart by colour. Numbers in output
strings are rounded to one decimal to keep pages small.

Plain Python, no Django import.
"""

from ketacare.charts.bars import bar_chart
from ketacare.charts.geometry import (
    CHAR_WIDTH,
    HEIGHT,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    ROW_HEIGHT,
    SHAPES,
    TEXTURES,
    WIDTH,
    AxisRow,
    Bar,
    Dash,
    Figure,
    HLine,
    LegendItem,
    Line,
    Marker,
    Plot,
    Point,
    RefLine,
    Row,
    Series,
    Shape,
    Stack,
    Texture,
    Tick,
    VLine,
    XValue,
)
from ketacare.charts.line import line_chart
from ketacare.charts.scales import (
    nice_step,
    num,
)

__all__ = [
    "CHAR_WIDTH",
    "HEIGHT",
    "MARGIN_BOTTOM",
    "MARGIN_LEFT",
    "MARGIN_RIGHT",
    "MARGIN_TOP",
    "ROW_HEIGHT",
    "SHAPES",
    "TEXTURES",
    "WIDTH",
    "AxisRow",
    "Bar",
    "Dash",
    "Figure",
    "HLine",
    "LegendItem",
    "Line",
    "Marker",
    "Plot",
    "Point",
    "RefLine",
    "Row",
    "Series",
    "Shape",
    "Stack",
    "Texture",
    "Tick",
    "VLine",
    "XValue",
    "bar_chart",
    "line_chart",
    "nice_step",
    "num",
]
