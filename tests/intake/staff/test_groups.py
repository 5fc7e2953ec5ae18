"""The groups the migrations create, and exactly what each may do."""

import pytest
from django.contrib.auth.models import Group

from tests.intake.staff.conftest import EDITOR, LEAD, REVIEWER

pytestmark = pytest.mark.django_db

REVIEWER_PERMISSIONS = {
    "intake.view_assessment",
    "intake.change_assessment",
    "intake.view_contact_details",
    "intake.view_assessmentnote",
    "intake.add_assessmentnote",
    # Check-ins: see a person's follow-up beside their record, and run it.
    "intake.view_followup",
    "intake.view_checkin",
    "intake.manage_follow_up",
}


def permissions(name: str) -> set[str]:
    group = Group.objects.get(name=name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_a_reviewer_works_the_queue():
    assert permissions(REVIEWER) == REVIEWER_PERMISSIONS


def test_a_lead_also_assigns_exports_contacts_erases_and_reads_the_audit_trail():
    assert permissions(LEAD) == REVIEWER_PERMISSIONS | {
        "intake.assign_assessment",
        "intake.erase_assessment",
        "intake.export_contact_details",
        "ketacare.view_auditevent",
    }


def test_nobody_may_add_or_delete_assessments_or_change_and_delete_notes():
    granted = permissions(REVIEWER) | permissions(LEAD)
    for codename in (
        "intake.add_assessment",
        "intake.delete_assessment",
        "intake.change_assessmentnote",
        "intake.delete_assessmentnote",
    ):
        assert codename not in granted


def test_the_content_editor_gets_no_intake_data_at_all():
    editor = permissions(EDITOR)
    assert editor
    assert all(name.startswith("education.") for name in editor)
