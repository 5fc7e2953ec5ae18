"""Stacked bar charts: `bar_chart` turns stacks of counts into a Figure."""

import math
from collections.abc import Sequence

from ketacare.charts.geometry import (
    TEXTURES,
    WIDTH,
    Bar,
    Figure,
    LegendItem,
    RefLine,
    Stack,
    Tick,
)
from ketacare.charts.scales import (
    _hlines,
    _list,
    _plot,
    _thin,
    _y_scale,
    _y_ticks,
    nice_step,
    num,
)


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
