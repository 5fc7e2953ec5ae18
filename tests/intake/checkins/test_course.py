"""A 16-week course through the services: intake PHQ-9 18, weekly check-ins,
response at week 2, remission at week 3, then scores rising from week 9. The
early warning must fire first at week 12 (7 is 5 above the lowest, 2), the
possible relapse at week 14 (10 after a remission), and the duration of
response run from the end of the induction series to that first warning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from intake.checkins import follow_up_enrol, treatment_event_add
from intake.domain.followup import Preset
from intake.models import FollowUp, TreatmentEvent
from tests.intake.checkins.conftest import (
    BASELINE_TOTAL,
    START,
    answer_and_complete,
    at,
    day,
    open_check_ins,
)

pytestmark = pytest.mark.django_db

# PHQ-9 totals of weeks 1 to 16.
WEEKLY = [12, 8, 3, 2, 2, 3, 2, 2, 4, 5, 6, 7, 8, 10, 11, 12]
FIRST_WARNING_WEEK = 12
FIRST_RELAPSE_WEEK = 14
SERIES_END = START.date() + timedelta(days=17)  # between weeks 2 and 3


@pytest.fixture
def course(assessment, mailoutbox):
    """Run the whole course; return the follow-up and its check-ins' flags as
    they were after each week."""
    assert assessment.phq9_total == BASELINE_TOTAL
    with at(START):
        follow_up = follow_up_enrol(
            assessment=assessment,
            request=None,
            preset=Preset.CUSTOM,
            starts_on=START.date(),
            interval_days=7,
            ends_on=START.date() + timedelta(weeks=16),
        )
        treatment_event_add(
            assessment=assessment,
            request=None,
            kind=TreatmentEvent.Kind.SERIES_START,
            on=START.date() + timedelta(days=3),
        )
    after_week: dict[int, Week] = {}
    for week, total in enumerate(WEEKLY, start=1):
        due = day(7 * week)
        if week == 3:  # the series ended on day 17, after week 2's check-in
            with at(day(17)):
                treatment_event_add(
                    assessment=assessment,
                    request=None,
                    kind=TreatmentEvent.Kind.SERIES_END,
                    on=SERIES_END,
                )
        (check_in,) = open_check_ins(due)
        with at(due + timedelta(hours=2)):
            answer_and_complete(check_in, total)
        after_week[week] = Week(
            follow_up=FollowUp.objects.get(pk=follow_up.pk),
            early_warning=flagged(follow_up, "early_warning"),
            possible_relapse=flagged(follow_up, "possible_relapse"),
        )
    return after_week


@dataclass(frozen=True)
class Week:
    follow_up: FollowUp
    early_warning: list[int]  # the weeks (sequences) flagged so far
    possible_relapse: list[int]


def flagged(follow_up: FollowUp, field: str) -> list[int]:
    check_ins = follow_up.check_ins.filter(**{field: True}).order_by("sequence")
    return list(check_ins.values_list("sequence", flat=True))


def test_the_course_has_sixteen_completed_weekly_check_ins(course):
    follow_up = course[16].follow_up
    totals = list(
        follow_up.check_ins.order_by("sequence").values_list("phq9_total", flat=True)
    )
    assert totals == WEEKLY


def test_no_check_in_carries_an_early_warning_before_week_12(course):
    for week in range(1, FIRST_WARNING_WEEK):
        assert course[week].early_warning == [], week


def test_the_early_warning_fires_at_week_12_and_stays_while_scores_rise(course):
    assert course[FIRST_WARNING_WEEK].early_warning == [FIRST_WARNING_WEEK]
    assert course[16].early_warning == [12, 13, 14, 15, 16]


def test_possible_relapse_fires_at_10_or_more_after_remission(course):
    assert course[FIRST_RELAPSE_WEEK - 1].possible_relapse == []
    assert course[FIRST_RELAPSE_WEEK].possible_relapse == [FIRST_RELAPSE_WEEK]
    assert course[16].possible_relapse == [14, 15, 16]


def test_the_latest_signal_follows_the_latest_check_in(course):
    assert [course[week].follow_up.latest_signal for week in (11, 12, 13, 14, 16)] == [
        "",
        "early_warning",
        "early_warning",
        "possible_relapse",
        "possible_relapse",
    ]


def test_the_first_warning_is_the_week_12_check_in(course):
    week_12 = START.date() + timedelta(weeks=12)
    assert week_12 == date(2026, 5, 25)
    assert course[11].follow_up.first_warning_on is None
    assert course[12].follow_up.first_warning_on == week_12
    assert course[16].follow_up.first_warning_on == week_12


def test_the_response_lasted_from_the_end_of_the_series_to_the_first_warning(
    course,
):
    assert course[11].follow_up.response_days is None
    expected = (date(2026, 5, 25) - SERIES_END).days
    assert expected == 67
    assert course[12].follow_up.response_days == expected
    assert course[16].follow_up.response_days == expected


def test_a_later_series_end_shortens_the_duration(assessment, course):
    follow_up = course[16].follow_up
    treatment_event_add(
        assessment=assessment,
        request=None,
        kind=TreatmentEvent.Kind.SERIES_END,
        on=SERIES_END + timedelta(days=7),
    )
    follow_up.refresh_from_db()
    assert follow_up.response_days == 60  # the latest series end counts
