"""Urgent records nobody opens: the leads are emailed once per threshold of
review-hour minutes, inside and outside review hours (time-machine moves the
clock; the review hours are Monday to Friday, 09:00 to 17:00 in Los Angeles)."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection

from intake import escalation
from intake.models import Assessment, Escalation, StaffAlert, hash_token
from intake.staff.review import assessment_review_update

LA = ZoneInfo("America/Los_Angeles")
# Tuesday 1 December 2026, 10:00 in Los Angeles: inside review hours.
TUESDAY_10 = datetime(2026, 12, 1, 10, 0, tzinfo=LA)
# Saturday 5 December 2026, 11:00: outside review hours until Monday 09:00.
SATURDAY_11 = datetime(2026, 12, 5, 11, 0, tzinfo=LA)
MONDAY_9 = datetime(2026, 12, 7, 9, 0, tzinfo=LA)


@pytest.fixture(autouse=True)
def clinic(settings):
    settings.KETACARE_REVIEW_SCHEDULE = "mon-fri 09:00-17:00 America/Los_Angeles"
    settings.KETACARE_ESCALATION_MINUTES = [30, 120]
    settings.KETACARE_LEAD_ALERT_EMAIL = ["leads@clinic.example"]


def flag_urgent(at, name="urgent"):
    with time_machine.travel(at, tick=False):
        assessment = Assessment.objects.create(token_hash=hash_token(name), urgent=True)
        return StaffAlert.objects.create(
            assessment=assessment, status=StaffAlert.Status.SENT, sent_at=at
        )


def minutes_after(start, minutes, seconds=0):
    return start + timedelta(minutes=minutes, seconds=seconds)


def run(at):
    with time_machine.travel(at, tick=False):
        return escalation.escalations_send()


def lead_emails():
    return [m for m in mail.outbox if m.to == ["leads@clinic.example"]]


@pytest.mark.django_db
def test_no_escalation_one_second_before_the_first_threshold():
    flag_urgent(TUESDAY_10)
    assert run(minutes_after(TUESDAY_10, 29, 59))["sent"] == 0
    assert lead_emails() == []


@pytest.mark.django_db
def test_the_leads_are_emailed_at_the_first_threshold():
    flag_urgent(TUESDAY_10)
    assert run(minutes_after(TUESDAY_10, 30))["sent"] == 1
    assert len(lead_emails()) == 1


@pytest.mark.django_db
def test_each_threshold_is_emailed_once_however_often_the_command_runs():
    flag_urgent(TUESDAY_10)
    for minute in (30, 31, 45, 119, 120, 121, 300):
        run(minutes_after(TUESDAY_10, minute))
    assert len(lead_emails()) == 2
    assert sorted(Escalation.objects.values_list("threshold_minutes", flat=True)) == [
        30,
        120,
    ]


@pytest.mark.django_db
def test_a_record_opened_in_time_is_not_escalated():
    alert = flag_urgent(TUESDAY_10)
    escalation.alert_viewed(
        assessment_id=alert.assessment_id, at=minutes_after(TUESDAY_10, 29, 59)
    )
    run(minutes_after(TUESDAY_10, 200))
    assert lead_emails() == []


@pytest.mark.django_db
def test_outside_review_hours_the_clock_starts_at_the_next_opening():
    flag_urgent(SATURDAY_11)
    run(minutes_after(MONDAY_9, 29, 59))
    assert lead_emails() == []
    run(minutes_after(MONDAY_9, 30))
    assert len(lead_emails()) == 1


@pytest.mark.django_db
def test_the_clock_stops_at_closing_and_resumes_next_morning():
    # Flagged at 16:45 on Tuesday: 15 minutes that day, 15 more on Wednesday.
    flag_urgent(datetime(2026, 12, 1, 16, 45, tzinfo=LA))
    run(datetime(2026, 12, 2, 9, 14, 59, tzinfo=LA))
    assert lead_emails() == []
    run(datetime(2026, 12, 2, 9, 15, tzinfo=LA))
    assert len(lead_emails()) == 1


@pytest.mark.django_db
def test_the_escalation_email_holds_no_health_details():
    alert = flag_urgent(TUESDAY_10)
    run(minutes_after(TUESDAY_10, 30))
    (email,) = lead_emails()
    text = (email.subject + email.body).lower()
    for word in ("phq", "item 9", "suicid", "self-harm", "depress", "@"):
        assert word not in text.replace("leads@", "")
    assert f"E-{Escalation.objects.get(alert=alert).pk}" in email.body


@pytest.mark.django_db
def test_a_failed_send_is_retried_by_the_next_run(settings):
    flag_urgent(TUESDAY_10)
    settings.KETACARE_LEAD_ALERT_EMAIL = []
    assert run(minutes_after(TUESDAY_10, 30))["not_sent"] == 1
    settings.KETACARE_LEAD_ALERT_EMAIL = ["leads@clinic.example"]
    assert run(minutes_after(TUESDAY_10, 31))["sent"] == 1
    assert Escalation.objects.get().status == StaffAlert.Status.SENT


@pytest.mark.django_db
def test_the_first_workflow_change_stamps_the_response(make_staff_user):
    alert = flag_urgent(TUESDAY_10)
    reviewer = make_staff_user("reviewer", "Intake reviewer")
    at = minutes_after(TUESDAY_10, 12)
    with time_machine.travel(at, tick=False):
        assessment_review_update(
            assessment_id=alert.assessment_id, actor=reviewer, review_status="contacted"
        )
    alert.refresh_from_db()
    assert alert.first_actioned_at == at
    assert alert.first_viewed_at == at


@pytest.mark.django_db
def test_the_alert_command_escalates():
    flag_urgent(TUESDAY_10)
    with time_machine.travel(minutes_after(TUESDAY_10, 30), tick=False):
        call_command("intake_send_alerts")
    assert len(lead_emails()) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_email_each_threshold_once():
    flag_urgent(TUESDAY_10)
    at = minutes_after(TUESDAY_10, 125)
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            escalation.escalations_send(now=at)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Escalation.objects.filter(status=StaffAlert.Status.SENT).count() == 2
    assert sum(len(m.body.split("E-")) - 1 for m in lead_emails()) == 2
