"""Check-in services under conditions a reviewer found: a schedule that began in
the past, impossible dates, a second induction series, an urgent check-in on
the timeline, and typed answers never kept in the page-fragment memo."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from intake.checkins import (
    check_in_save_step,
    follow_up_enrol,
    follow_up_refresh,
    follow_up_unsubscribe,
    schedule_for,
    treatment_event_add,
    unsubscribe_token,
)
from intake.domain.followup import Preset
from intake.models import CheckIn, FollowUpEvent, TreatmentEvent
from ketacare.layout import QUESTIONS
from tests.intake.checkins.conftest import (
    START,
    answer_and_complete,
    at,
    day,
    open_check_ins,
    phq9_answers,
)
from tests.intake.factories import complete, url

pytestmark = pytest.mark.django_db


def test_a_schedule_that_began_in_the_past_plans_no_backlog(assessment):
    with at(START):
        follow_up = follow_up_enrol(
            assessment=assessment,
            request=None,
            preset=Preset.WEEKLY_12_WEEKS,
            starts_on=START.date() - timedelta(weeks=5),
        )
    due = list(follow_up.check_ins.values_list("due_on", flat=True))
    # Weekly from five weeks ago: weeks 5 (today) to 12 are still to come.
    assert min(due) == START.date()
    assert len(due) == 8


def test_a_date_at_the_end_of_the_calendar_is_a_plain_refusal():
    with pytest.raises(ValueError, match="within the next few years"):
        schedule_for(preset=Preset.WEEKLY_12_WEEKS, starts_on=date(9999, 12, 30))


def test_a_custom_schedule_runs_two_years_at_most():
    with pytest.raises(ValueError, match="within two years"):
        schedule_for(
            preset=Preset.CUSTOM,
            starts_on=date(2026, 1, 1),
            interval_days=1,
            ends_on=date(2120, 1, 1),
        )


def test_the_duration_counts_from_the_latest_series_end(follow_up, mailoutbox):
    # Response at week 1, a warning at week 3 (before a second series ends on
    # day 24), then a warning again at week 6: the duration runs from day 24.
    for week, total in ((1, 8), (2, 6), (3, 12), (4, 5), (5, 4), (6, 10)):
        (check_in,) = open_check_ins(day(7 * week))
        with at(day(7 * week)):
            answer_and_complete(check_in, total)
    TreatmentEvent.objects.create(
        assessment=follow_up.assessment,
        kind=TreatmentEvent.Kind.SERIES_END,
        on=day(24).date(),
    )
    follow_up_refresh(follow_up=follow_up)
    follow_up.refresh_from_db()
    assert follow_up.first_warning_on == day(42).date()
    assert follow_up.response_days == 42 - 24


def test_an_urgent_check_in_is_on_the_follow_up_timeline(first_check_in):
    with at(day(7)):
        check_in_save_step(
            check_in=first_check_in, step="phq9", data=phq9_answers(12, item9=2)
        )
    event = FollowUpEvent.objects.get(action=FollowUpEvent.Action.URGENT)
    assert event.detail == {"sequence": first_check_in.sequence}
    assert CheckIn.objects.get(pk=first_check_in.pk).urgent


def test_typed_contact_details_are_never_kept_in_the_fragment_memo(client):
    QUESTIONS.clear()
    complete(client, upto="details")
    client.get(url("details"))
    client.post(
        url("details"),
        {
            "name": "Grace Canary",
            "email": "grace.canary@example.org",
            "phone": "5551234567",
            "method": "email",
            "consent": "on",
        },
    )
    client.get(url("details"))
    kept = repr(list(QUESTIONS.items)) + "".join(QUESTIONS.items.values())
    assert "canary" not in kept.lower()


def test_a_treatment_event_refreshes_the_duration(follow_up, mailoutbox):
    for week, total in ((1, 8), (2, 14)):
        (check_in,) = open_check_ins(day(7 * week))
        with at(day(7 * week)):
            answer_and_complete(check_in, total)
    with at(day(15)):
        treatment_event_add(
            assessment=follow_up.assessment,
            request=None,
            kind=TreatmentEvent.Kind.SERIES_END,
            on=day(3).date(),
        )
    follow_up.refresh_from_db()
    assert follow_up.response_days == 14 - 3


def test_an_unsubscribe_link_signed_before_a_key_rotation_still_works(
    follow_up, settings
):
    token = unsubscribe_token(follow_up)
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-" + "x" * 50
    assert follow_up_unsubscribe(token=token) is None  # the old key is gone
    settings.SECRET_KEY_FALLBACKS = [old]
    assert follow_up_unsubscribe(token=token) == follow_up
