"""Retention: drafts, urgent drafts and submitted assessments, each on its own clock."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from intake.models import Assessment, StaffAlert, hash_token

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def make(name, *, days_old, submitted=False, urgent=False, alert=None):
    then = NOW - timedelta(days=days_old)
    assessment = Assessment.objects.create(
        token_hash=hash_token(name),
        status=Assessment.Status.SUBMITTED if submitted else Assessment.Status.DRAFT,
        submitted_at=then if submitted else None,
        urgent=urgent,
    )
    # auto_now fields can only be back-dated with an update.
    Assessment.objects.filter(pk=assessment.pk).update(created_at=then, updated_at=then)
    if alert:
        StaffAlert.objects.create(
            assessment=assessment,
            status=alert,
            sent_at=then if alert == StaffAlert.Status.SENT else None,
        )
    return assessment


def remaining():
    return set(Assessment.objects.values_list("token_hash", flat=True))


@pytest.fixture
def retention(settings):
    settings.KETACARE_DRAFT_RETENTION_DAYS = 7
    settings.KETACARE_URGENT_DRAFT_RETENTION_DAYS = 90
    settings.KETACARE_SUBMITTED_RETENTION_DAYS = 365


def test_drafts_are_purged_after_the_draft_retention(retention):
    make("old draft", days_old=8)
    make("new draft", days_old=6)
    call_command("intake_purge")
    assert remaining() == {hash_token("new draft")}


def test_urgent_drafts_are_kept_for_their_own_longer_retention(retention):
    sent = StaffAlert.Status.SENT
    make("urgent draft, 30 days", days_old=30, urgent=True, alert=sent)
    make("urgent draft, 91 days", days_old=91, urgent=True, alert=sent)
    call_command("intake_purge")
    assert remaining() == {hash_token("urgent draft, 30 days")}


def test_an_urgent_draft_whose_alert_was_never_sent_is_not_purged(retention):
    make("unsent", days_old=400, urgent=True, alert=StaffAlert.Status.FAILED)
    call_command("intake_purge")
    assert remaining() == {hash_token("unsent")}


def test_submitted_assessments_follow_the_submitted_retention(retention):
    make("submitted a month ago", days_old=30, submitted=True)
    make("submitted over a year ago", days_old=366, submitted=True)
    call_command("intake_purge")
    assert remaining() == {hash_token("submitted a month ago")}


def test_purging_removes_the_staff_alert_too(retention):
    make("old", days_old=400, submitted=True, urgent=True, alert=StaffAlert.Status.SENT)
    call_command("intake_purge")
    assert not StaffAlert.objects.exists()


def test_the_command_reports_what_it_deleted(retention, capsys):
    make("old draft", days_old=8)
    make("old submitted", days_old=400, submitted=True)
    call_command("intake_purge")
    out = capsys.readouterr().out
    assert "Deleted 1 draft(s) older than 7 days" in out
    assert "0 urgent draft(s)" in out
    assert "1 submitted assessment(s) older than 365 days" in out


def test_retention_periods_are_settings(settings):
    settings.KETACARE_DRAFT_RETENTION_DAYS = 1
    make("two days old", days_old=2)
    call_command("intake_purge")
    assert remaining() == set()
