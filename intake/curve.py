"""A person's follow-up curve, ready for templates/intake/includes/curve.html.

The same picture for the person (after a check-in) and for staff (the record's
detail page): PHQ-9 and GAD-7 over time from the intake's baseline, the
treatment events and the sessions the person reported as vertical markers,
the response and remission lines, one plain sentence about the change, and a
table of every point, which is the chart's text alternative. It describes
scores; it never diagnoses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from intake.checkins import Series, completed_on
from intake.domain import followup
from intake.models import TreatmentEvent
from ketacare import charts

RISING = (
    "Your scores are rising again. This can be a sign to talk with the clinic "
    "about a follow-up session."
)
START_LABEL = "Self-assessment (start)"
REPORTED_SESSION = "Session you reported"
# Two check-ins completed on one day are one point on the chart (the rules read
# one reading a day, the later one); the table keeps both and says which.
EARLIER_SAME_DAY = "Earlier check-in that day: not on the chart"
LATER_SAME_DAY = "Later check-in that day: on the chart"
# The reference lines: plain words for the person, the clinical terms for staff.
LINE_LABELS = {
    False: ("Half of your starting score", "Below 5: minimal symptoms"),
    True: ("Response: half the start PHQ-9", "Remission: PHQ-9 below 5"),
}
MARKER_LABELS = {
    TreatmentEvent.Kind.SERIES_START: "Series began",
    TreatmentEvent.Kind.SESSION: "Session",
    TreatmentEvent.Kind.SERIES_END: "Series ended",
    TreatmentEvent.Kind.BOOSTER: "Booster",
}


@dataclass(frozen=True)
class Row:
    """One line of the table: a score point, an event, or both on one date."""

    on: date
    phq9: int | None
    gad7: int | None
    events: tuple[str, ...]

    @property
    def event(self) -> str:
        return "; ".join(self.events)


def _event_words(event: TreatmentEvent) -> str:
    return str(TreatmentEvent.Kind(event.kind).label)


def rows(series: Series) -> list[Row]:
    """The table: the baseline, each completed check-in, each event, by date."""
    # On one day: the start first, then treatment events, then check-ins.
    ranked: list[tuple[int, Row]] = [
        (0, Row(series.baseline_on, series.baseline_phq9, series.baseline_gad7,
                (START_LABEL,)))
    ]  # fmt: skip
    for event in series.events:
        ranked.append((1, Row(event.on, None, None, (_event_words(event),))))
    days = [completed_on(check_in) for check_in in series.check_ins]
    for index, check_in in enumerate(series.check_ins):  # by completion time
        said: tuple[str, ...] = (REPORTED_SESSION,) if check_in.had_session else ()
        if check_in.had_session and check_in.session_on:
            day = check_in.session_on
            said = (f"{REPORTED_SESSION} ({day.day} {day:%b %Y})",)
        on = days[index]
        if days.count(on) > 1:
            later = on in days[index + 1 :]
            said = (EARLIER_SAME_DAY if later else LATER_SAME_DAY, *said)
        ranked.append((2, Row(on, check_in.phq9_total, check_in.gad7_total, said)))
    ranked.sort(key=lambda pair: (pair[1].on, pair[0]))
    return [row for _rank, row in ranked]


def _markers(series: Series) -> list[charts.Marker]:
    marks = [
        charts.Marker(event.on, MARKER_LABELS[TreatmentEvent.Kind(event.kind)])
        for event in series.events
    ]
    recorded = {event.on for event in series.events}
    for check_in in series.check_ins:
        on = check_in.session_on
        if check_in.had_session and on is not None and on not in recorded:
            marks.append(charts.Marker(on, "Your session", "chart__marker--reported"))
            recorded.add(on)
    return sorted(marks, key=lambda mark: str(mark.at))


def figure(series: Series, *, staff: bool = False) -> charts.Figure:
    dates = [series.baseline_on]
    phq9: list[float | None] = [series.baseline_phq9]
    gad7: list[float | None] = [series.baseline_gad7]
    for reading in series.course.checkins:
        dates.append(reading.on)
        phq9.append(reading.phq9)
        gad7.append(reading.reading.gad7)
    half = followup.response_line(series.baseline_phq9)
    response_label, minimal_label = LINE_LABELS[staff]
    return charts.line_chart(
        [
            charts.Series("PHQ-9 (depression)", phq9, "series-phq9", "circle"),
            charts.Series("GAD-7 (anxiety)", gad7, "series-gad7", "square", "dashed"),
        ],
        title="Your PHQ-9 and GAD-7 scores over time",
        y_max=followup.PHQ9_MAX,
        y_label="Score",
        y_ticks=[0, 5, 10, 15, 20, 25],
        dates=dates,
        hlines=[
            charts.RefLine(half, response_label),
            charts.RefLine(followup.REMISSION_BELOW, minimal_label),
        ],
        vlines=_markers(series),
    )


def curve_context(series: Series, *, staff: bool = False) -> dict[str, Any]:
    """What curve.html needs: the figure, the table, the sentence, the warning.
    `staff` keeps the clinical names of the lines (response, remission); the
    person reads plain words."""
    latest = series.check_ins[-1] if series.check_ins else None
    sentence = ""
    if series.course.checkins:
        last = series.course.checkins[-1]
        sentence = "PHQ-9: " + followup.change_sentence(series.baseline_phq9, last.phq9)
    rising = latest is not None and (latest.early_warning or latest.possible_relapse)
    return {
        "curve_figure": figure(series, staff=staff),
        "curve_staff": staff,
        "curve_rows": rows(series),
        "curve_sentence": sentence,
        "curve_rising": RISING if rising else "",
        "curve_baseline": series.baseline_phq9,
        "curve_response_line": charts.num(followup.response_line(series.baseline_phq9)),
        "curve_remission_below": followup.REMISSION_BELOW,
    }
