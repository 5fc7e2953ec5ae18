"""The wait of an urgent record ends when a staff member first opens it."""

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
