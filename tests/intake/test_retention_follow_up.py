"""Retention of someone in follow-up: their record's clock runs from the last
check-in, and never runs out while check-ins are still on."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from intake.models import Assessment, CheckIn, FollowUp, hash_token
from tests.intake.test_retention import NOW, make, remaining

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def retention(settings):
    settings.KETACARE_SUBMITTED_RETENTION_DAYS = 365


def enrol(assessment, *, status=FollowUp.Status.ACTIVE, last_check_in_days=None):
    follow_up = FollowUp.objects.create(
        assessment=assessment,
        preset="monthly_12_months",
        interval_months=1,
        starts_on=date(2024, 1, 1),
        ends_on=date(2025, 1, 1),
        status=status,
        last_check_in_at=(
            NOW - timedelta(days=last_check_in_days) if last_check_in_days else None
        ),
    )
    CheckIn.objects.create(follow_up=follow_up, sequence=1, due_on=date(2024, 2, 1))
    return follow_up


def test_an_old_record_with_active_check_ins_is_kept():
    enrol(make("active", days_old=400, submitted=True))
    call_command("intake_purge")
    assert remaining() == {hash_token("active")}


def test_an_old_record_with_paused_check_ins_is_kept():
    enrol(make("paused", days_old=400, submitted=True), status=FollowUp.Status.PAUSED)
    call_command("intake_purge")
    assert remaining() == {hash_token("paused")}


def test_a_stopped_follow_up_keeps_the_record_a_retention_past_its_last_check_in():
    recent = make("recent check-in", days_old=400, submitted=True)
    enrol(recent, status=FollowUp.Status.STOPPED, last_check_in_days=30)
    old = make("old check-in", days_old=800, submitted=True)
    enrol(old, status=FollowUp.Status.STOPPED, last_check_in_days=366)
    call_command("intake_purge")
    assert remaining() == {hash_token("recent check-in")}


def test_an_unsubscribed_follow_up_does_not_hold_the_record_for_ever():
    gone = make("unsubscribed", days_old=800, submitted=True)
    follow_up = enrol(gone, last_check_in_days=400)
    FollowUp.objects.filter(pk=follow_up.pk).update(unsubscribed_at=NOW)
    call_command("intake_purge")
    assert remaining() == set()


def test_purging_a_record_in_follow_up_removes_its_check_ins():
    enrol(make("done", days_old=800, submitted=True), status=FollowUp.Status.STOPPED)
    call_command("intake_purge")
    assert not Assessment.objects.exists()
    assert not FollowUp.objects.exists()
    assert not CheckIn.objects.exists()
