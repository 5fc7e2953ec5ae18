"""The wait of an urgent record ends when a staff member first opens it."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from intake import escalation
from intake.models import Escalation, StaffAlert

pytestmark = pytest.mark.django_db


def test_opening_an_urgent_record_stamps_its_first_view(as_reviewer, urgent):
    alert = StaffAlert.objects.get(assessment=urgent)  # made as it was flagged
    at = timezone.now().replace(microsecond=0)
    with time_machine.travel(at, tick=False):
        response = as_reviewer.get(
            reverse("admin:intake_assessment_change", args=[urgent.pk])
        )
    assert response.status_code == 200
    alert.refresh_from_db()
    assert alert.first_viewed_at == at


def test_a_second_view_keeps_the_first(as_reviewer, urgent):
    first = timezone.now().replace(microsecond=0)
    alert = StaffAlert.objects.get(assessment=urgent)
    alert.first_viewed_at = first
    alert.save()
    as_reviewer.get(reverse("admin:intake_assessment_change", args=[urgent.pk]))
    alert.refresh_from_db()
    assert alert.first_viewed_at == first


def test_an_opened_record_is_not_escalated(as_reviewer, urgent, settings):
    settings.KETACARE_ESCALATION_MINUTES = [0]
    settings.KETACARE_REVIEW_SCHEDULE = "mon-sun 00:00-23:59 UTC"
    settings.KETACARE_LEAD_ALERT_EMAIL = ["leads@clinic.example"]
    as_reviewer.get(reverse("admin:intake_assessment_change", args=[urgent.pk]))
    assert escalation.escalations_send()["sent"] == 0
    assert not Escalation.objects.exists()


QUEUE = "/admin/intake/assessment/"


@pytest.fixture
def clinic_hours(settings):
    settings.KETACARE_REVIEW_SCHEDULE = "mon-fri 09:00-17:00 UTC"
    settings.KETACARE_REVIEW_PROMISE_MINUTES = 60


def flagged(urgent, at):
    alert = StaffAlert.objects.get(assessment=urgent)
    StaffAlert.objects.filter(pk=alert.pk).update(created_at=at)
    return alert


TUESDAY_9 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_the_queue_shows_how_long_an_unopened_urgent_record_has_waited(
    as_reviewer, urgent, clinic_hours
):
    flagged(urgent, TUESDAY_9)
    with time_machine.travel(TUESDAY_9 + timedelta(minutes=130), tick=False):
        page = as_reviewer.get(QUEUE).content.decode()
    assert "waiting 2 h 10 min" in page
    assert "past the promised time" in page


def test_within_the_promise_the_wait_is_shown_but_not_marked_late(
    as_reviewer, urgent, clinic_hours
):
    flagged(urgent, TUESDAY_9)
    with time_machine.travel(TUESDAY_9 + timedelta(minutes=59), tick=False):
        page = as_reviewer.get(QUEUE).content.decode()
    assert "waiting 59 min" in page
    assert "past the promised time" not in page


def test_the_promise_counts_review_hours_only(as_reviewer, urgent, clinic_hours):
    # Flagged Friday 16:30; Monday 09:29 is 59 review minutes later.
    friday = datetime(2026, 12, 4, 16, 30, tzinfo=UTC)
    flagged(urgent, friday)
    monday = datetime(2026, 12, 7, 9, 29, tzinfo=UTC)
    with time_machine.travel(monday, tick=False):
        page = as_reviewer.get(QUEUE).content.decode()
    assert "waiting 2 d 16 h" in page
    assert "past the promised time" not in page


def test_an_opened_record_no_longer_shows_a_wait(as_reviewer, urgent, clinic_hours):
    alert = flagged(urgent, TUESDAY_9)
    StaffAlert.objects.filter(pk=alert.pk).update(first_viewed_at=TUESDAY_9)
    page = as_reviewer.get(QUEUE).content.decode()
    assert "waiting" not in page


def test_the_record_shows_when_it_was_first_opened_and_acted_on(
    as_reviewer, urgent, clinic_hours
):
    alert = flagged(urgent, TUESDAY_9)
    StaffAlert.objects.filter(pk=alert.pk).update(
        first_viewed_at=TUESDAY_9 + timedelta(minutes=25)
    )
    page = as_reviewer.get(
        reverse("admin:intake_assessment_change", args=[urgent.pk])
    ).content.decode()
    assert "Response to each urgent flag" in page
    assert "after 25 min" in page
    assert "not yet" in page  # no workflow change


def test_a_sent_escalation_is_on_the_record_and_its_timeline(
    as_reviewer, urgent, clinic_hours
):
    alert = flagged(urgent, TUESDAY_9)
    Escalation.objects.create(
        alert=alert,
        threshold_minutes=30,
        due_at=TUESDAY_9,
        status=StaffAlert.Status.SENT,
        sent_at=TUESDAY_9 + timedelta(minutes=31),
    )
    page = as_reviewer.get(
        reverse("admin:intake_assessment_change", args=[urgent.pk])
    ).content.decode()
    assert "leads emailed at 30 review minutes" in page
    assert "Leads emailed: not opened within 30 minutes of review hours" in page
