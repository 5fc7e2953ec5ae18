"""The chart geometry (ketacare/charts.py) and the templates that draw it."""

import re
from datetime import date

import pytest
from django.template.loader import render_to_string

from ketacare.charts import (
    AxisRow,
    Marker,
    RefLine,
    Series,
    Stack,
    bar_chart,
    line_chart,
)
from tests.elements import Elements

DATES = [date(2026, 1, 5), date(2026, 1, 19), date(2026, 2, 2), date(2026, 3, 30)]


def symptoms(**overrides):
    arguments = {
        "title": "Your scores",
        "y_max": 27,
        "y_label": "Score",
        "dates": DATES,
        "hlines": [RefLine(9, "Response"), RefLine(5, "Remission")],
        "vlines": [Marker(date(2026, 2, 10), "Booster")],
    }
    arguments.update(overrides)
    series = [
        Series("PHQ-9", [27, 14, None, 0], "series-phq9"),
        Series("GAD-7", [15, 12, 9, 4], "series-gad7", marker="square", dash="dashed"),
    ]
    return line_chart(series, **arguments)


def coordinates(d: str) -> list[tuple[str, list[float]]]:
    """A path's commands with their numbers: [("M", [44, 28]), ("H", [90]), ...]."""
    return [
        (command, [float(n) for n in numbers.split()])
        for command, numbers in re.findall(r"([MLHV])([-\d. ]+)", d)
    ]


def test_the_top_of_the_scale_sits_at_the_top_of_the_plot_area():
    figure = symptoms()
    first = figure.lines[0].points[0]
    assert first.value == 27
    assert first.y == figure.plot.top


def test_a_score_of_zero_sits_at_the_bottom_of_the_plot_area():
    figure = symptoms()
    last = figure.lines[0].points[-1]
    assert last.value == 0
    assert last.y == figure.plot.bottom


def test_the_first_date_sits_at_the_left_and_the_last_at_the_right():
    figure = symptoms(vlines=[])
    points = figure.lines[1].points
    assert points[0].x == figure.plot.left
    assert points[-1].x == figure.plot.right


def test_dates_are_spaced_by_the_days_between_them():
    figure = symptoms(vlines=[])
    points = figure.lines[1].points
    span = (DATES[-1] - DATES[0]).days
    expected = figure.plot.left + figure.plot.width * 14 / span
    assert points[1].x == pytest.approx(expected, abs=0.05)


def test_a_marker_after_the_last_score_widens_the_date_axis_to_show_it():
    figure = symptoms(vlines=[Marker(date(2026, 4, 13), "Booster")])
    assert figure.vlines[0].x == figure.plot.right
    assert figure.lines[1].points[-1].x < figure.plot.right


def test_a_reference_line_at_9_of_27_sits_a_third_of_the_way_up():
    figure = symptoms()
    response = figure.hlines[0]
    expected = figure.plot.bottom - figure.plot.height * 9 / 27
    assert response.y == pytest.approx(expected, abs=0.05)
    assert (response.x1, response.x2) == (figure.plot.left, figure.plot.right)


def test_a_gap_in_a_series_starts_a_new_stretch_of_its_one_path():
    figure = symptoms()
    commands = [command for command, _ in coordinates(figure.lines[0].d)]
    assert commands == ["M", "L", "M"]


def test_a_step_series_runs_across_then_down():
    figure = line_chart(
        [Series("Still in care", [100, 80, 50], "series-km", marker="none")],
        title="Staying in care",
        y_max=100,
        y_label="%",
        x_values=[0, 30, 90],
        step=True,
    )
    path = coordinates(figure.lines[0].d)
    assert [command for command, _ in path] == ["M", "H", "V", "H", "V"]
    (_, (x0, y0)), (_, (x1,)), (_, (y1,)), (_, (x2,)), (_, (y2,)) = path
    assert x0 < x1 < x2
    assert y0 < y1 < y2  # falling survival: each step goes down the page


def test_a_single_date_does_not_divide_by_zero_and_sits_in_the_middle():
    figure = line_chart(
        [Series("PHQ-9", [12], "series-phq9")],
        title="One score",
        y_max=27,
        y_label="Score",
        dates=[date(2026, 1, 5)],
    )
    assert figure.lines[0].points[0].x == figure.plot.middle
    assert len(figure.x_ticks) == 1


def test_all_zero_scores_lie_along_the_bottom():
    figure = symptoms(vlines=[])
    zero = line_chart(
        [Series("PHQ-9", [0, 0, 0, 0], "series-phq9")],
        title="Zeros",
        y_max=27,
        y_label="Score",
        dates=DATES,
    )
    assert {point.y for point in zero.lines[0].points} == {figure.plot.bottom}


def test_y_ticks_fall_on_round_steps_within_the_scale():
    figure = symptoms()
    assert [tick.label for tick in figure.y_ticks] == ["0", "5", "10", "15", "20", "25"]


def test_series_that_only_colour_could_tell_apart_are_refused():
    twins = [
        Series("PHQ-9", [1, 2], "series-phq9"),
        Series("GAD-7", [3, 4], "series-gad7"),
    ]
    with pytest.raises(ValueError, match="only colour"):
        line_chart(twins, title="t", y_max=27, y_label="s", x_labels=["a", "b"])


def test_a_value_above_the_scale_is_refused_rather_than_drawn_off_the_chart():
    with pytest.raises(ValueError, match="outside"):
        line_chart(
            [Series("PHQ-9", [28], "series-phq9")],
            title="t",
            y_max=27,
            y_label="s",
            x_labels=["a"],
        )


def test_numbers_in_paths_keep_one_decimal_at_most():
    figure = symptoms()
    numbers = re.findall(r"\d+\.\d+", "".join(line.d for line in figure.lines))
    assert numbers
    assert all(len(n.split(".")[1]) == 1 for n in numbers)


WEEKS = ["W1", "W2", "W3"]


def dashboard_bars():
    return bar_chart(
        WEEKS,
        [
            Stack("Routine", [3, 0, 5], "stack-1"),
            Stack("Urgent", [2, 0, 1], "stack-2", texture="hatch"),
        ],
        title="Assessments by week",
    )


def test_stacked_bars_together_are_as_tall_as_their_total():
    figure = dashboard_bars()
    scale_top = float(figure.y_ticks[-1].label)
    first_week = [bar for bar in figure.bars if bar.title.startswith("W1,")]
    expected = figure.plot.height * 5 / scale_top
    assert sum(bar.h for bar in first_week) == pytest.approx(expected, abs=0.15)


def test_each_stack_starts_where_the_one_below_it_ends():
    figure = dashboard_bars()
    routine, urgent = (bar for bar in figure.bars if bar.title.startswith("W1,"))
    assert routine.y + routine.h == figure.plot.bottom
    assert urgent.y + urgent.h == pytest.approx(routine.y, abs=0.05)


def test_a_week_with_nothing_draws_no_bar():
    figure = dashboard_bars()
    assert not [bar for bar in figure.bars if bar.title.startswith("W2,")]


def test_all_zero_bars_do_not_crash_and_keep_a_scale():
    figure = bar_chart(WEEKS, [Stack("Routine", [0, 0, 0], "stack-1")], title="t")
    assert figure.bars == ()
    assert [tick.label for tick in figure.y_ticks] == ["0", "1"]


def test_stacks_that_only_colour_could_tell_apart_are_refused():
    with pytest.raises(ValueError, match="only colour"):
        bar_chart(
            WEEKS,
            [Stack("A", [1, 1, 1], "stack-1"), Stack("B", [1, 1, 1], "stack-2")],
            title="t",
        )


def render(template: str, figure, chart_id: str) -> Elements:
    html = render_to_string(
        f"includes/charts/{template}",
        {"figure": figure, "id": chart_id, "caption": "A caption"},
    )
    assert "style=" not in html
    return Elements(html)


def assert_labelled_image(page: Elements) -> None:
    (svg,) = [attrs for attrs in page.all("svg") if attrs.get("role") == "img"]
    for element_id in svg["aria-labelledby"].split():
        assert page.said(element_id), element_id


def test_the_line_template_draws_a_labelled_image_with_one_path_per_series():
    figure = symptoms()
    page = render("line.html", figure, "symptoms")
    assert_labelled_image(page)
    assert page.said("symptoms-title") == "Your scores"
    lines = [a for a in page.all("path") if "chart__line" in a.get("class", "")]
    chart_lines = [a for a in lines if a["d"] in {line.d for line in figure.lines}]
    assert len(chart_lines) == len(figure.lines)


def test_the_line_template_gives_each_point_its_value_as_a_tooltip():
    html = render_to_string(
        "includes/charts/line.html", {"figure": symptoms(), "id": "symptoms"}
    )
    assert "<title>PHQ-9, 5 Jan 2026: 27</title>" in html


def test_the_bar_template_draws_a_labelled_image_with_a_rect_per_segment():
    figure = dashboard_bars()
    page = render("bars.html", figure, "weekly")
    assert_labelled_image(page)
    bars = [a for a in page.all("rect") if a.get("class") == "chart__bar"]
    # One per drawn segment, one per legend sample.
    assert len(bars) == len(figure.bars) + len(figure.legend)
    assert page.by_id("weekly-hatch")


def test_the_legend_names_every_series():
    html = render_to_string(
        "includes/charts/legend.html", {"figure": symptoms(), "id": "symptoms"}
    )
    assert "PHQ-9" in html
    assert "GAD-7" in html
    assert 'aria-hidden="true"' in html


def test_numbers_at_risk_sit_under_their_place_on_the_axis():
    figure = line_chart(
        [Series("Still in care", [100, 80, 50], "series-km", marker="none")],
        title="Staying in care",
        y_max=100,
        y_label="%",
        x_values=[0, 30, 90],
        x_ticks=[0, 30, 60, 90],
        step=True,
        rows=[AxisRow("Number at risk", [(0, "40"), (90, "12")])],
    )
    (row,) = figure.rows
    assert [cell.pos for cell in row.cells] == [figure.plot.left, figure.plot.right]
    assert row.y > figure.plot.bottom
    assert figure.height > row.y
    page = render("line.html", figure, "km")
    assert page.said("km-desc")
