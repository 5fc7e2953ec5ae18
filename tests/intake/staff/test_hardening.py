"""The audit answers "who looked at this record's history" and "who looked this
person up"; a link cannot export; the list never decrypts and one broken value
breaks nothing; note text needs the note view permission."""

import pgtrigger
import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.db import connection
from django.urls import reverse

from intake import crypto
from intake.models import NOTE_PROTECTION
from intake.staff.review import assessment_note_add
from ketacare.models import AuditEvent

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:intake_assessment_changelist")
NOTE = "canary-note-5e1f rang twice"


def change_url(assessment) -> str:
    return reverse("admin:intake_assessment_change", args=[assessment.pk])


def break_ciphertext(assessment, column="contact_email") -> None:
    """Store a value that no configured key opens (a lost key, a bad restore)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE intake_assessment SET {column} = %s WHERE id = %s",  # noqa: S608
            ["gAAAAABnot-a-token-any-key-opens", assessment.pk],
        )


# --- the history page --------------------------------------------------------------


def test_opening_the_history_page_is_audited(as_reviewer, reviewer, urgent):
    url = reverse("admin:intake_assessment_history", args=[urgent.pk])
    assert as_reviewer.get(url).status_code == 200
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
    assert event.actor == reviewer
    assert event.object_ids == [str(urgent.pk)]
    assert event.path == url
    assert event.detail == {"page": "history"}


def test_a_missing_records_history_page_writes_no_row(as_reviewer):
    url = reverse("admin:intake_assessment_history", args=[999999])
    as_reviewer.get(url)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()


# --- contact searches ------------------------------------------------------------


def test_a_contact_search_records_the_searched_values_blind_index(as_reviewer, urgent):
    search = reverse("admin:intake_assessment_search")
    location = as_reviewer.post(search, {"q": "Ada@Example.org"})["Location"]
    as_reviewer.get(location)

    event = AuditEvent.objects.get(action=AuditEvent.Action.LIST)
    assert event.detail["searched"]["email_index"] == urgent.email_index
    assert event.detail["searched"] == crypto.contact_search_indexes("ada@example.org")
    assert "ada" not in str(event.detail).lower()


def test_who_looked_a_person_up_can_be_answered_from_the_audit(
    as_reviewer, reviewer, urgent, routine
):
    search = reverse("admin:intake_assessment_search")
    as_reviewer.get(as_reviewer.post(search, {"q": "(555) 123-4567"})["Location"])
    as_reviewer.get(QUEUE)  # an ordinary list page: no search

    phone = crypto.phone_index("555-123-4567")
    lookups = AuditEvent.objects.filter(detail__searched__phone_index=phone)
    assert [event.actor for event in lookups] == [reviewer]


# --- exports start only from a posted form -------------------------------------------


def test_a_link_cannot_start_the_csv_export(as_lead, urgent):
    response = as_lead.get(
        QUEUE, {"action": "export_csv", ACTION_CHECKBOX_NAME: urgent.pk}
    )
    assert not response.get("Content-Type", "").startswith("text/csv")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


# --- the list never decrypts; one broken value breaks nothing ------------------------


def test_the_list_decrypts_nothing(as_lead, urgent, routine, monkeypatch):
    calls = []
    real = crypto.decrypt
    monkeypatch.setattr(crypto, "decrypt", lambda token: calls.append(1) or real(token))
    response = as_lead.get(QUEUE)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 2
    assert calls == []


def test_one_undecryptable_row_does_not_break_the_queue(as_lead, urgent, routine):
    break_ciphertext(urgent)
    response = as_lead.get(QUEUE)
    assert response.status_code == 200
    assert {obj.pk for obj in response.context["cl"].result_list} == {
        urgent.pk,
        routine.pk,
    }


def test_the_detail_marks_a_value_that_cannot_be_decrypted(as_lead, urgent):
    break_ciphertext(urgent)
    response = as_lead.get(change_url(urgent))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Some stored values cannot be decrypted" in page
    assert "[Cannot be decrypted with the current keys]" in page
    assert "Ada Lovelace" in page  # the values that do open are still shown


def test_a_broken_value_does_not_stop_a_review_change(as_lead, urgent):
    break_ciphertext(urgent, "hopes")
    response = as_lead.post(change_url(urgent), {"review_status": "in_review"})
    assert response.status_code == 302
    urgent.refresh_from_db(fields=["review_status"])
    assert urgent.review_status == "in_review"


def test_an_export_of_a_broken_value_is_refused_with_a_message(as_lead, urgent):
    break_ciphertext(urgent)
    response = as_lead.post(
        QUEUE,
        {"action": "export_csv", ACTION_CHECKBOX_NAME: [urgent.pk]},
        follow=True,
    )
    assert "Nothing was exported" in response.content.decode()
    fhir = reverse("admin:intake_assessment_fhir", args=[urgent.pk])
    assert as_lead.post(fhir)["Location"] == change_url(urgent)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_a_reviewer_without_contact_access_decrypts_no_contact_details(
    reviewer, staff_client, urgent, monkeypatch
):
    reviewer.user_permissions.add(
        Permission.objects.get(codename="view_assessment"),
    )
    reviewer.groups.clear()
    calls = []
    real = crypto.decrypt
    monkeypatch.setattr(crypto, "decrypt", lambda token: calls.append(1) or real(token))
    assert staff_client(reviewer).get(change_url(urgent)).status_code == 200
    assert len(calls) == 1  # the free-text answer only


# --- note text needs the note view permission ------------------------------------


@pytest.fixture
def noted(urgent, lead):
    assessment_note_add(assessment=urgent, author=lead, text=NOTE)
    return urgent


def test_note_text_is_shown_with_the_note_view_permission(as_reviewer, noted):
    assert NOTE in as_reviewer.get(change_url(noted)).content.decode()


def test_note_text_is_hidden_without_the_note_view_permission(
    make_staff_user, staff_client, noted
):
    user = make_staff_user("desk")
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_assessment", "change_assessment"]
        )
    )
    page = staff_client(user).get(change_url(noted)).content.decode()
    assert NOTE not in page
    assert "only staff who may read notes see the text" in page
    assert "leo" in page  # who wrote it, and when, still show


def test_a_note_that_cannot_be_decrypted_is_marked(as_lead, noted):
    with pgtrigger.ignore(NOTE_PROTECTION), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE intake_assessmentnote SET text = 'gAAAAABnot-a-token'"
            " WHERE assessment_id = %s",
            [noted.pk],
        )
    response = as_lead.get(change_url(noted))
    assert response.status_code == 200
    assert "[Cannot be decrypted with the current keys]" in response.content.decode()
