"""Who may do what: anonymous, content editor, staff without a group, reviewer,
lead and superuser, on the list, the detail, a change, the CSV and the FHIR export."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from intake.alerts import admin_url
from intake.models import Assessment
from tests.intake.staff.conftest import EDITOR, LEAD, REVIEWER

pytestmark = pytest.mark.django_db

ROLES = {
    "anonymous": None,
    "editor": (EDITOR,),
    "staff without a group": (),
    "reviewer": (REVIEWER,),
    "lead": (LEAD,),
    "superuser": "superuser",
}
MAY_WORK = {"reviewer", "lead", "superuser"}
SEES_EXPORTED_CONTACTS = {"lead", "superuser"}


@pytest.fixture(params=list(ROLES))
def role(request, make_staff_user, staff_client):
    name, groups = request.param, ROLES[request.param]
    if groups is None:
        return name, Client()
    if groups == "superuser":
        return name, staff_client(make_staff_user("root", superuser=True))
    return name, staff_client(make_staff_user("someone", *groups))


def refused(response) -> bool:
    """Anonymous visitors are sent to sign in; signed-in staff get a 403."""
    if response.status_code == 302:
        return response["Location"].startswith(reverse("admin:login"))
    return response.status_code == 403


def test_the_list(role, urgent):
    name, client = role
    response = client.get(reverse("admin:intake_assessment_changelist"))
    if name in MAY_WORK:
        assert response.status_code == 200
    else:
        assert refused(response)


def test_the_detail(role, urgent):
    name, client = role
    response = client.get(reverse("admin:intake_assessment_change", args=[urgent.pk]))
    if name in MAY_WORK:
        assert response.status_code == 200
        assert b"Ada Lovelace" in response.content
    else:
        assert refused(response)
        assert b"Ada Lovelace" not in response.content


def test_a_change(role, urgent):
    name, client = role
    url = reverse("admin:intake_assessment_change", args=[urgent.pk])
    response = client.post(url, {"review_status": "in_review", "note": "hi"})
    urgent.refresh_from_db()
    if name in MAY_WORK:
        assert response.status_code == 302
        assert urgent.review_status == "in_review"
        assert urgent.notes.count() == 1
    else:
        assert refused(response)
        assert urgent.review_status == "new"
        assert urgent.notes.count() == 0


def test_the_csv_export(role, urgent):
    name, client = role
    response = client.post(
        reverse("admin:intake_assessment_changelist"),
        {"action": "export_csv", ACTION_CHECKBOX_NAME: [urgent.pk]},
    )
    if name in MAY_WORK:
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        has_contacts = b"ada@example.org" in response.content
        assert has_contacts == (name in SEES_EXPORTED_CONTACTS)
    else:
        assert refused(response)


def test_the_fhir_export(role, urgent):
    name, client = role
    response = client.post(reverse("admin:intake_assessment_fhir", args=[urgent.pk]))
    if name in MAY_WORK:
        assert response.status_code == 200
        has_patient = b'"Patient"' in response.content
        assert has_patient == (name in SEES_EXPORTED_CONTACTS)
    else:
        assert refused(response)
        assert b"QuestionnaireResponse" not in response.content


def test_the_audit_trail_is_for_leads_and_superusers(role):
    name, client = role
    response = client.get(reverse("admin:ketacare_auditevent_changelist"))
    if name in SEES_EXPORTED_CONTACTS:
        assert response.status_code == 200
    else:
        assert refused(response)


def test_nobody_adds_or_deletes_assessments(role, urgent):
    _name, client = role
    assert refused(client.get(reverse("admin:intake_assessment_add")))
    delete = reverse("admin:intake_assessment_delete", args=[urgent.pk])
    assert refused(client.post(delete, {"post": "yes"}))
    assert Assessment.objects.filter(pk=urgent.pk).exists()


def test_the_alert_email_link_opens_the_record_for_reviewers(as_reviewer, urgent):
    path = reverse("admin:intake_assessment_change", args=[urgent.pk])
    assert admin_url(urgent.pk) == "https://clinic.example" + path
    assert as_reviewer.get(path).status_code == 200
