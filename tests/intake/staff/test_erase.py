"""Erasing an assessment on request: leads and superusers only, a typed reason,
a confirmation step, an audit row; afterwards no table holds its clinical
fields, history included."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from intake.models import Assessment, AssessmentTombstone
from ketacare.models import AuditEvent
from tests.intake.staff.conftest import EDITOR, REVIEWER
from tests.intake.traces import canary_assessment, history_of, tables_holding

pytestmark = pytest.mark.django_db
REASON = "The person asked by email on 3 March"


def url(assessment) -> str:
    return reverse("admin:intake_assessment_erase", args=[assessment.pk])


def erase(client, assessment, reason=REASON):
    """Both steps: the reason, then the confirmation."""
    first = client.post(url(assessment), {"reason": reason})
    assert first.status_code == 200
    return client.post(url(assessment), {"reason": reason, "confirm": "yes"})


def erased(assessment) -> bool:
    return not Assessment.objects.filter(pk=assessment.pk).exists()


def test_a_lead_erases_and_nothing_is_left_in_any_table(as_lead, lead):
    canary = canary_assessment(lead)
    change = reverse("admin:intake_assessment_change", args=[canary.assessment.pk])
    as_lead.post(change, {"review_status": "closed"})  # an admin log entry too
    assert LogEntry.objects.filter(object_id=str(canary.assessment.pk)).exists()

    response = erase(as_lead, canary.assessment)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:intake_assessment_changelist")
    assert tables_holding(canary.needles) == {}
    assert history_of(canary) == {"assessment events": 0, "note events": 0}
    assert not LogEntry.objects.filter(object_id=str(canary.assessment.pk)).exists()
    tombstone = AssessmentTombstone.objects.get(assessment_id=canary.assessment.pk)
    assert tombstone.reason == AssessmentTombstone.Reason.REQUEST


def test_the_erasure_is_audited_with_who_why_and_which_record(as_lead, lead, urgent):
    erase(as_lead, urgent)
    event = AuditEvent.objects.get(action=AuditEvent.Action.ERASE)
    assert event.actor == lead
    assert event.object_ids == [str(urgent.pk)]
    assert event.detail == {"removal": "request", "reason": REASON}
    assert event.at is not None
    call_command("audit_verify")  # raises SystemExit if the chain broke


def test_the_reason_step_alone_erases_nothing(as_lead, urgent):
    response = as_lead.post(url(urgent), {"reason": REASON})
    assert response.status_code == 200
    assert not erased(urgent)
    page = response.content.decode()
    assert "Erase for good" in page
    assert 'name="confirm" value="yes"' in page
    assert REASON in page


def test_the_form_alone_erases_nothing(as_lead, urgent):
    response = as_lead.get(url(urgent))
    assert response.status_code == 200
    assert not erased(urgent)


def test_a_confirmation_without_a_reason_erases_nothing(as_lead, urgent):
    response = as_lead.post(url(urgent), {"reason": "  ", "confirm": "yes"})
    assert response.status_code == 200
    assert "Say why the record is erased." in response.content.decode()
    assert not erased(urgent)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ERASE).exists()


def test_the_confirmation_needs_the_csrf_token(as_lead, urgent):
    as_lead.handler.enforce_csrf_checks = True
    response = as_lead.post(url(urgent), {"reason": REASON, "confirm": "yes"})
    assert response.status_code == 403
    assert not erased(urgent)


def test_a_superuser_may_erase(make_staff_user, staff_client, urgent):
    root = staff_client(make_staff_user("root", superuser=True))
    assert erase(root, urgent).status_code == 302
    assert erased(urgent)


@pytest.mark.parametrize("groups", [(REVIEWER,), (EDITOR,), ()])
def test_staff_without_the_lead_role_cannot_erase(
    make_staff_user, staff_client, urgent, groups
):
    client = staff_client(make_staff_user("someone", *groups))
    assert client.get(url(urgent)).status_code == 403
    response = client.post(url(urgent), {"reason": REASON, "confirm": "yes"})
    assert response.status_code == 403
    assert not erased(urgent)


def test_only_those_who_may_erase_see_the_button(as_lead, as_reviewer, urgent):
    change = reverse("admin:intake_assessment_change", args=[urgent.pk])
    assert url(urgent) in as_lead.get(change).content.decode()
    assert url(urgent) not in as_reviewer.get(change).content.decode()


def test_erasing_a_record_already_gone_says_so(as_lead, urgent):
    as_lead.post(url(urgent), {"reason": REASON})
    Assessment.objects.filter(pk=urgent.pk).delete()
    response = as_lead.post(url(urgent), {"reason": REASON, "confirm": "yes"})
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ERASE).exists()
