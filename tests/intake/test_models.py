"""The database itself refuses assessments that make no sense."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from intake.models import Assessment, StaffAlert, hash_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment():
    return Assessment.objects.create(token_hash=hash_token("t"))


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"phq9_total": 28, "phq9_band": "severe"}, "phq9_total_and_band"),
        ({"phq9_total": 5}, "phq9_total_and_band"),
        ({"gad7_total": 22, "gad7_band": "severe"}, "gad7_total_and_band"),
        ({"gad7_band": "mild"}, "gad7_total_and_band"),
        ({"status": "submitted"}, "submitted_at_iff_submitted"),
        ({"submitted_at": timezone.now()}, "submitted_at_iff_submitted"),
        ({"item9_positive": True, "urgent": False}, "item9_positive_is_urgent"),
        ({"contact_email": "a@b.org"}, "contact_details_need_consent"),
    ],
)
def test_the_database_refuses_inconsistent_rows(assessment, changes, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(**changes)


def test_an_alert_marked_sent_needs_a_time(assessment):
    with pytest.raises(IntegrityError, match="sent_at_iff_sent"), transaction.atomic():
        StaffAlert.objects.create(assessment=assessment, status=StaffAlert.Status.SENT)


def test_an_assessment_can_have_only_one_staff_alert(assessment):
    StaffAlert.objects.create(assessment=assessment)
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffAlert.objects.create(assessment=assessment)


def test_a_token_belongs_to_one_assessment_only(assessment):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(token_hash=assessment.token_hash)


def test_str_names_the_record_without_personal_details(assessment):
    assert str(assessment) == f"Assessment {assessment.pk} (Draft)"
