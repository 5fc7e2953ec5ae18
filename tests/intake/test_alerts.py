"""The staff alert for urgent assessments: content, timing, failure and retry."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from intake.models import Assessment, StaffAlert
from tests.intake import factories
from tests.intake.factories import phq9

pytestmark = pytest.mark.django_db

POSITIVE = phq9(2, 2, 2, 2, 2, 2, 2, 2, 3)

# SMTP to a closed port on this machine: a real connection failure.
BROKEN_MAIL = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
    }
}


def answer_item9_positive(client):
    factories.complete(client, upto="phq9", phq9=POSITIVE)
    return Assessment.objects.get()


def test_a_positive_item9_emails_staff_at_once_even_as_a_draft(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assessment = answer_item9_positive(client)
    assert assessment.status == Assessment.Status.DRAFT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alerts@clinic.example"]
    assert StaffAlert.objects.get().status == StaffAlert.Status.SENT


def test_the_email_links_to_the_admin_record_and_holds_no_health_details(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.submit(client, phq9=POSITIVE)
    (message,) = mail.outbox
    assessment = Assessment.objects.get()
    url = f"https://clinic.example/admin/intake/assessment/{assessment.pk}/change/"
    assert url in message.body
    # Record numbers aside (the link and the alert reference may hold any digits).
    alert = StaffAlert.objects.get(assessment=assessment)
    content = (
        (message.subject + message.body)
        .replace(url, "")
        .replace(f"A-{alert.pk}", "")
        .lower()
    )
    forbidden = [
        "ada", "lovelace", "example.org", "555", "item 9", "phq", "gad", "suicid",
        "dead", "harm", "depress", "anxi", "ketamine", "california", "severe",
        "score", "back to work", str(assessment.phq9_total),
    ]  # fmt: skip
    assert [word for word in forbidden if word in content] == []
    assert not message.attachments
    assert not getattr(message, "alternatives", None)  # plain text only


def test_an_assessment_that_never_becomes_urgent_sends_no_email(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.submit(client)
    assert mail.outbox == []
    assert not StaffAlert.objects.exists()


def test_answering_item9_again_does_not_send_a_second_alert(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer_item9_positive(client)
        factories.answer(client, "phq9", phq9(0, 0, 0, 0, 0, 0, 0, 0, 0))
        factories.answer(client, "phq9", POSITIVE)
    assert len(mail.outbox) == 1


def test_a_failed_send_keeps_the_assessment_and_logs_no_details(
    client, settings, caplog, django_capture_on_commit_callbacks
):
    settings.MAILERS = BROKEN_MAIL
    with (
        caplog.at_level(logging.INFO),
        django_capture_on_commit_callbacks(execute=True),
    ):
        answer_item9_positive(client)
    assessment = Assessment.objects.get()
    assert assessment.urgent
    assert assessment.answers["phq9"]["phq9_9"] == 3
    alert = StaffAlert.objects.get()
    assert (alert.status, alert.attempts) == (StaffAlert.Status.FAILED, 1)
    logged = caplog.text.lower()
    assert f"staff alert {alert.pk} not sent (attempt 1)" in logged
    for word in ("alerts@clinic.example", "item 9", "ada", "phq", "suicid"):
        assert word not in logged


def test_the_page_still_moves_on_when_the_alert_cannot_be_sent(
    client, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = BROKEN_MAIL
    factories.complete(client, upto="about")
    with django_capture_on_commit_callbacks(execute=True):
        response = factories.answer(client, "phq9", POSITIVE)
    assert response.status_code == 302
    assert response["Location"] == factories.url("safety")


def test_the_retry_command_sends_failed_alerts_once(
    client, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = BROKEN_MAIL
    with django_capture_on_commit_callbacks(execute=True):
        answer_item9_positive(client)
    with pytest.raises(CommandError, match="1 staff alert"):
        call_command("intake_send_alerts")
    assert StaffAlert.objects.get().attempts == 2

    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }
    call_command("intake_send_alerts")
    call_command("intake_send_alerts")
    alert = StaffAlert.objects.get()
    assert (alert.status, alert.attempts) == (StaffAlert.Status.SENT, 3)
    assert len(mail.outbox) == 1


def test_the_retry_command_heals_an_urgent_assessment_without_an_alert(client):
    answer_item9_positive(client)  # on_commit never ran: no email went out
    StaffAlert.objects.all().delete()
    call_command("intake_send_alerts")
    assert StaffAlert.objects.get().status == StaffAlert.Status.SENT
    assert len(mail.outbox) == 1


def test_without_an_alert_address_the_alert_waits_for_a_retry(
    client, settings, django_capture_on_commit_callbacks
):
    settings.KETACARE_STAFF_ALERT_EMAIL = []
    with django_capture_on_commit_callbacks(execute=True):
        answer_item9_positive(client)
    assert StaffAlert.objects.get().status == StaffAlert.Status.FAILED
    assert mail.outbox == []


def test_a_flood_of_urgent_cases_is_one_email_then_one_with_a_count(
    client, settings, make_staff_user, staff_client, django_capture_on_commit_callbacks
):
    settings.KETACARE_ALERT_INTERVAL_SECONDS = 300
    for _ in range(25):  # each commits, then tries to send, as in production
        with django_capture_on_commit_callbacks(execute=True):
            factories.complete(Client(), upto="phq9", phq9=POSITIVE)
    assert Assessment.objects.urgent().count() == 25
    (first,) = mail.outbox
    first_alert = StaffAlert.objects.order_by("pk").first()
    assert f"A-{first_alert.pk}" in first.body
    assert StaffAlert.objects.filter(status=StaffAlert.Status.SENT).count() == 1

    # Every one is in the queue at once, whatever the emails do.
    lead = make_staff_user("lead", "Intake lead")
    queue = staff_client(lead).get("/admin/intake/assessment/")
    assert queue.context["cl"].result_count == 25

    # Within the interval the scheduled command holds the rest back, quietly.
    call_command("intake_send_alerts")
    assert len(mail.outbox) == 1

    # Once the interval has passed: one email counting the other 24.
    StaffAlert.objects.filter(status=StaffAlert.Status.SENT).update(
        sent_at=timezone.now() - timedelta(seconds=301)
    )
    call_command("intake_send_alerts")
    assert len(mail.outbox) == 2
    digest = mail.outbox[1]
    assert "24 self-assessments" in digest.subject
    assert "24 self-assessments" in digest.body
    assert "https://clinic.example/admin/intake/assessment/\n" in digest.body
    assert not StaffAlert.objects.exclude(status=StaffAlert.Status.SENT).exists()
    call_command("intake_send_alerts")
    assert len(mail.outbox) == 2


def test_the_interval_is_shared_through_the_database_not_process_memory(
    client, settings, django_capture_on_commit_callbacks
):
    # An email sent by another server a minute ago (only its row says so).
    with django_capture_on_commit_callbacks(execute=True):
        factories.complete(Client(), upto="phq9", phq9=POSITIVE)
    StaffAlert.objects.update(sent_at=timezone.now() - timedelta(seconds=60))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        factories.complete(Client(), upto="phq9", phq9=POSITIVE)
    assert mail.outbox == []
    assert StaffAlert.objects.filter(status=StaffAlert.Status.PENDING).count() == 1
