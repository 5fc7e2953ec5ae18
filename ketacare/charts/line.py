"""Line charts: `line_chart` turns series of values into a Figure."""

from collections.abc import Sequence
from datetime import date

from ketacare.charts.geometry import (
    SHAPES,
    WIDTH,
    AxisRow,
    Figure,
    LegendItem,
    Line,
    Marker,
    Point,
    RefLine,
    Series,
    Shape,
    XValue,
)
from ketacare.charts.scales import (
    _date_axis,
    _hlines,
    _label_axis,
    _list,
    _number_axis,
    _plot,
    _rows,
    _vlines,
    _XAxis,
    _y_scale,
    _y_ticks,
    num,
)


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
