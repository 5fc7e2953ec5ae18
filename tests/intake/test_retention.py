"""Retention: drafts, urgent drafts and submitted assessments, each on its own
clock; a purged assessment leaves nothing behind but a tombstone."""

from datetime import timedelta

import pgtrigger
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from intake.models import (
    NOTE_PROTECTION,
    Assessment,
    AssessmentEvent,
    AssessmentTombstone,
    StaffAlert,
    hash_token,
)
from ketacare.models import AuditEvent
from tests.intake.traces import canary_assessment, history_of, tables_holding

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


# --- nothing is left behind ------------------------------------------------------


@pytest.fixture
def worker(make_staff_user):
    return make_staff_user("lee", "Intake lead")


def age(assessment, days):
    then = NOW - timedelta(days=days)
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=then)


def test_the_scan_finds_a_canary_assessment_before_the_purge(retention, worker):
    canary = canary_assessment(worker)
    found = tables_holding(canary.needles)
    assert "intake_assessment" in found
    assert "intake_assessmentnote" in found
    assert all(history_of(canary).values())


def test_the_purge_leaves_no_trace_in_any_table_history_included(retention, worker):
    canary = canary_assessment(worker)
    age(canary.assessment, 400)

    call_command("intake_purge")

    assert tables_holding(canary.needles) == {}
    assert history_of(canary) == {"assessment events": 0, "note events": 0}
    assert not StaffAlert.objects.exists()


def test_the_purge_leaves_a_tombstone_without_health_data(retention, worker):
    canary = canary_assessment(worker)
    age(canary.assessment, 400)
    call_command("intake_purge")

    tombstone = AssessmentTombstone.objects.get()
    assert tombstone.assessment_id == canary.assessment.pk
    assert tombstone.reason == AssessmentTombstone.Reason.RETENTION
    assert tombstone.started_on == timezone.localdate(canary.assessment.created_at)
    columns = {field.name for field in AssessmentTombstone._meta.fields}
    assert columns == {"id", "assessment_id", "started_on", "removed_at", "reason"}


def test_the_purge_is_audited_by_record_number_only(retention, worker):
    canary = canary_assessment(worker)
    age(canary.assessment, 400)
    call_command("intake_purge")

    event = AuditEvent.objects.get(action=AuditEvent.Action.ERASE)
    assert event.object_ids == [str(canary.assessment.pk)]
    assert event.detail == {"removal": "retention"}
    assert event.actor is None
    assert call_command("audit_verify") is None  # exits 0: the chain is intact


def test_the_purge_spares_the_history_of_records_it_keeps(retention, worker):
    kept = canary_assessment(worker)
    age(kept.assessment, 30)
    call_command("intake_purge")
    assert all(history_of(kept).values())
    assert not AssessmentTombstone.objects.exists()


def history_delete(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT intake_removed_history_delete(%s::bigint[])", [[pk]])
        return cursor.fetchone()[0]


def test_history_goes_only_for_a_removed_record_with_a_tombstone(worker):
    canary = canary_assessment(worker)
    pk = canary.assessment.pk
    assert history_delete(pk) == 0  # the record still exists
    with pgtrigger.ignore(NOTE_PROTECTION):
        Assessment.objects.filter(pk=pk).delete()
    assert history_delete(pk) == 0  # deleted, but no tombstone says so
    assert all(history_of(canary).values())


def test_the_history_function_does_not_leave_the_triggers_lifted(worker):
    canary_assessment(worker)
    history_delete(0)
    with pytest.raises(DatabaseError), transaction.atomic():
        AssessmentEvent.objects.all().delete()


def test_the_privacy_notice_says_what_deleting_removes_and_how_to_ask(client):
    text = " ".join(client.get(reverse("privacy")).content.decode().split())
    assert "staff notes about you and the record of changes" in text
    assert "To have your assessment deleted sooner, contact the clinic" in text
    assert "we cannot tell which assessment is yours" in text
