"""Every look at health data, every export and every change leaves an audit row:
who, which records, what, when (UTC) and from where; never what they said."""

from datetime import UTC

import pytest
from django.db import connection
from django.urls import reverse

from ketacare.models import AuditEvent

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:intake_assessment_changelist")


def only(action) -> AuditEvent:
    return AuditEvent.objects.get(action=action, model="intake.assessment")


def test_opening_a_record_is_audited(as_reviewer, reviewer, urgent):
    url = reverse("admin:intake_assessment_change", args=[urgent.pk])
    as_reviewer.get(url, REMOTE_ADDR="203.0.113.9")
    event = only(AuditEvent.Action.VIEW)
    assert event.actor == reviewer
    assert event.actor_username == "rita"
    assert event.object_ids == [str(urgent.pk)]
    assert event.ip_address == "203.0.113.9"
    assert event.path == url
    assert event.at.tzinfo is not None
    assert event.at.utcoffset() == UTC.utcoffset(None)
    assert event.detail == {"contact_details": True}


def test_a_list_page_records_the_ids_it_showed(as_reviewer, urgent, routine):
    as_reviewer.get(QUEUE, {"urgent__exact": "1"})
    event = only(AuditEvent.Action.LIST)
    assert event.object_ids == [str(urgent.pk)]
    # The filter is named, but its value would describe everyone listed, and
    # audit rows outlive a purge or an erasure.
    assert event.detail == {"filters": {"urgent__exact": "(withheld)"}}


def test_a_list_page_records_no_clinical_filter_value(as_reviewer, urgent, routine):
    as_reviewer.get(QUEUE, {"outcome__exact": "needs_review", "state__exact": "CA"})
    filters = only(AuditEvent.Action.LIST).detail["filters"]
    assert filters == {"outcome__exact": "(withheld)", "state__exact": "(withheld)"}


def test_an_empty_list_page_is_audited_too(as_reviewer):
    as_reviewer.get(QUEUE)
    assert only(AuditEvent.Action.LIST).object_ids == []


def test_a_contact_search_is_audited_without_the_query_or_its_token(
    as_reviewer, urgent
):
    search = reverse("admin:intake_assessment_search")
    location = as_reviewer.post(search, {"q": "ada@example.org"})["Location"]
    as_reviewer.get(location)
    event = only(AuditEvent.Action.LIST)
    assert event.object_ids == [str(urgent.pk)]
    assert event.detail["filters"]["contact"] == "search"
    assert "ada" not in str(event.detail).lower()


def test_a_change_is_audited_with_the_fields_not_the_values(as_lead, urgent, reviewer):
    url = reverse("admin:intake_assessment_change", args=[urgent.pk])
    as_lead.post(
        url,
        {
            "review_status": "contacted",
            "assigned_to": str(reviewer.pk),
            "note": "secret-note",
        },
    )
    event = only(AuditEvent.Action.CHANGE)
    assert event.object_ids == [str(urgent.pk)]
    assert event.detail == {
        "fields": ["review_status", "assigned_to"],
        "note_added": True,
    }
    assert event.actor_username == "leo"


def test_saving_without_changes_writes_no_change_row(as_reviewer, urgent):
    url = reverse("admin:intake_assessment_change", args=[urgent.pk])
    as_reviewer.post(url, {"review_status": "new"})
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CHANGE).exists()


def test_a_refused_change_still_records_the_look(as_reviewer, urgent):
    url = reverse("admin:intake_assessment_change", args=[urgent.pk])
    as_reviewer.post(url, {"review_status": "nonsense"})
    assert only(AuditEvent.Action.VIEW).object_ids == [str(urgent.pk)]
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CHANGE).exists()


def test_refused_visitors_leave_no_data_rows(editor, staff_client, urgent):
    client = staff_client(editor)
    client.get(QUEUE)
    client.get(reverse("admin:intake_assessment_change", args=[urgent.pk]))
    assert not AuditEvent.objects.filter(model="intake.assessment").exists()


def test_a_lead_reads_a_records_trail_in_the_admin(as_reviewer, as_lead, urgent):
    as_reviewer.get(reverse("admin:intake_assessment_change", args=[urgent.pk]))
    trail = as_lead.get(
        reverse("admin:ketacare_auditevent_changelist"), {"q": str(urgent.pk)}
    )
    assert trail.status_code == 200
    actions = {event.action for event in trail.context["cl"].result_list}
    assert AuditEvent.Action.VIEW in actions


def test_audit_rows_hold_no_contact_details_or_notes(as_lead, urgent):
    change = reverse("admin:intake_assessment_change", args=[urgent.pk])
    as_lead.get(change)
    as_lead.post(change, {"review_status": "contacted", "note": "canary-7f3a"})
    as_lead.post(reverse("admin:intake_assessment_search"), {"q": "Ada Lovelace"})
    as_lead.post(reverse("admin:intake_assessment_fhir", args=[urgent.pk]))
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM ketacare_auditevent")
        dumped = str(cursor.fetchall()).lower()
    for secret in ("lovelace", "ada@", "123-4567", "canary", "getting back"):
        assert secret not in dumped, secret
