"""The dashboard's charts, drawn on the server by ketacare.charts from the
same numbers as the data table beside each one."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intake.domain.survival import KaplanMeier
from intake.domain.workflow import REVIEW_LABELS
from intake.staff.dashboard.queries import (
    AGE_BUCKETS,
    UrgentWeek,
    WeeklyOutcomes,
    week_labels,
)
from ketacare.charts import (
    TEXTURES,
    AxisRow,
    Figure,
    RefLine,
    Series,
    Stack,
    bar_chart,
    line_chart,
    nice_step,
)


def _stacks(labels: list[str], columns: list[list[int]]) -> list[Stack]:
    return [
        Stack(label, values, f"stack-{i + 1}", TEXTURES[i % len(TEXTURES)])
        for i, (label, values) in enumerate(zip(labels, columns, strict=True))
    ]


def outcomes_figure(data: WeeklyOutcomes) -> Figure:
    rows = data.rows()
    columns = [[cells[i] for _w, cells, _t in rows] for i in range(len(data.outcomes))]
    return bar_chart(
        week_labels(data.weeks),
        _stacks([label for _v, label in data.outcomes], columns),
        title=str(_("Submitted assessments per week, by outcome")),
        y_label=str(_("Assessments")),
        x_label=str(_("Week beginning")),
    )


def open_work_figure(work: dict[str, dict[str, int]]) -> Figure:
    statuses = list(work)
    columns = [[work[s][key] for s in statuses] for key, _label in AGE_BUCKETS]
    return bar_chart(
        [str(REVIEW_LABELS[s]) for s in statuses],
        _stacks([str(label) for _k, label in AGE_BUCKETS], columns),
        title=str(_("Open records by status and time since submission")),
        y_label=str(_("Records")),
        x_label=str(_("Review status")),
    )


def urgent_figure(weeks: list[UrgentWeek], promise: int) -> Figure:
    highest = max(
        [promise, *(w.p90 or 0 for w in weeks), *(w.median or 0 for w in weeks)]
    )
    step = nice_step(highest)
    y_max = max(step, -(-highest // step) * step)
    return line_chart(
        [
            Series(
                str(_("Median")),
                [w.median for w in weeks],
                "series-median",
                marker="circle",
            ),
            Series(
                str(_("90th percentile")),
                [w.p90 for w in weeks],
                "series-p90",
                marker="triangle",
                dash="dashed",
            ),
        ],
        title=str(_("Minutes from an urgent flag to the first staff view")),
        y_max=y_max,
        y_label=str(_("Minutes")),
        x_labels=week_labels([w.week for w in weeks]),
        x_label=str(_("Week beginning")),
        hlines=[RefLine(promise, str(_("Promise: %(n)s min")) % {"n": promise})],
    )


def _km_points(fit: KaplanMeier) -> tuple[list[float], list[float]]:
    """The curve's corners in percent: the start, each drop, the last follow-up."""
    xs, ys = [0.0], [100.0]
    for step in fit.steps:
        if step.time == 0:
            ys[0] = step.survival * 100
            continue
        xs.append(step.time)
        ys.append(step.survival * 100)
    last = fit.durations[-1] if fit.durations else 0.0
    if last > xs[-1]:
        xs.append(last)
        ys.append(ys[-1])
    return xs, ys


def km_figure(fit: KaplanMeier) -> tuple[Figure, list[tuple[float, int]]]:
    xs, ys = _km_points(fit)
    longest = xs[-1]
    step = nice_step(longest) if longest > 0 else 1.0
    ticks = [i * step for i in range(int(longest // step) + 1)]
    at_risk = [(t, fit.at_risk_at(t)) for t in ticks]
    figure = line_chart(
        [Series(str(_("Without an early warning")), ys, "series-km", marker="none")],
        title=str(_("Share of patients without an early warning after induction")),
        y_max=100,
        y_label=str(_("Per cent")),
        x_values=xs,
        x_ticks=ticks,
        x_label=str(_("Days since the end of the induction series")),
        rows=[AxisRow(str(_("At risk")), [(t, str(n)) for t, n in at_risk])],
        step=True,
    )
    return figure, at_risk
