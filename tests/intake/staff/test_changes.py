"""Staff change the workflow fields and append notes; nothing else changes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from intake import services
from intake.models import Assessment, AssessmentNote
from intake.public.forms import GAD7Form
from intake.staff.review import assessment_note_add, assessment_review_update
from tests.intake.factories import build, gad7
from tests.intake.staff.conftest import ITEM9_POSITIVE

pytestmark = pytest.mark.django_db


def change(client, assessment, **data):
    url = reverse("admin:intake_assessment_change", args=[assessment.pk])
    return client.post(url, {"review_status": assessment.review_status, **data})


def test_a_reviewer_changes_the_status_and_adds_a_note(as_reviewer, reviewer, urgent):
    response = change(
        as_reviewer, urgent, review_status="contacted", note="  Spoke on the phone. "
    )
    assert response.status_code == 302
    urgent.refresh_from_db()
    assert urgent.review_status == "contacted"
    note = urgent.notes.get()
    assert note.text == "Spoke on the phone."
    assert note.author == reviewer


def test_the_timeline_shows_the_change_and_the_note_with_who_and_when(
    as_reviewer, urgent
):
    change(as_reviewer, urgent, review_status="in_review", note="Looking at it now.")
    url = reverse("admin:intake_assessment_change", args=[urgent.pk])
    text = as_reviewer.get(url).content.decode()
    history = text.split('id="kc-history"')[1].split("</section>")[0]
    assert "Status changed from New to In review" in history
    assert "Looking at it now." in history
    assert history.count("rita") == 2  # the change and the note
    assert "Flagged urgent" in history
    assert "Submitted" in history


def test_an_empty_note_adds_nothing(as_reviewer, urgent):
    change(as_reviewer, urgent, review_status="in_review", note="   ")
    assert not AssessmentNote.objects.exists()


def test_a_note_longer_than_the_limit_is_refused_with_a_message(as_reviewer, urgent):
    response = change(as_reviewer, urgent, note="x" * 5001)
    assert response.status_code == 200
    assert "Ensure this value has at most 5000 characters" in response.content.decode()
    assert not AssessmentNote.objects.exists()


def test_a_record_cannot_go_back_to_new(as_reviewer, urgent):
    change(as_reviewer, urgent, review_status="in_review")
    urgent.refresh_from_db()
    response = change(as_reviewer, urgent, review_status="new")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    urgent.refresh_from_db()
    assert urgent.review_status == "in_review"


def test_an_unknown_status_is_refused(as_reviewer, urgent):
    response = change(as_reviewer, urgent, review_status="deleted")
    assert response.status_code == 200
    urgent.refresh_from_db()
    assert urgent.review_status == "new"


def test_a_reviewer_cannot_assign(as_reviewer, reviewer, urgent):
    response = change(as_reviewer, urgent, assigned_to=str(reviewer.pk))
    assert response.status_code == 302
    urgent.refresh_from_db()
    assert urgent.assigned_to is None
    url = reverse("admin:intake_assessment_change", args=[urgent.pk])
    assert 'name="assigned_to"' not in as_reviewer.get(url).content.decode()


def test_a_lead_assigns_to_someone_who_works_the_queue(as_lead, reviewer, urgent):
    change(as_lead, urgent, assigned_to=str(reviewer.pk))
    urgent.refresh_from_db()
    assert urgent.assigned_to == reviewer


def test_a_lead_cannot_assign_to_a_content_editor(as_lead, editor, urgent):
    response = change(as_lead, urgent, assigned_to=str(editor.pk))
    assert response.status_code == 200
    urgent.refresh_from_db()
    assert urgent.assigned_to is None


def test_the_service_refuses_assignment_without_the_permission(reviewer, urgent):
    with pytest.raises(PermissionDenied):
        assessment_review_update(
            assessment_id=urgent.pk,
            actor=reviewer,
            review_status="new",
            assigned_to=reviewer,
        )


def test_the_service_refuses_going_back_to_new(reviewer, urgent):
    Assessment.objects.filter(pk=urgent.pk).update(review_status="closed")
    with pytest.raises(ValidationError):
        assessment_review_update(
            assessment_id=urgent.pk, actor=reviewer, review_status="new"
        )


def test_notes_need_the_note_permission(editor, urgent):
    with pytest.raises(PermissionDenied):
        assessment_note_add(assessment=urgent, author=editor, text="hello")


def test_staff_work_on_a_draft_survives_the_person_carrying_on(as_reviewer):
    draft = build(phq9=ITEM9_POSITIVE, upto="phq9")
    change(as_reviewer, draft, review_status="contacted", note="Called them.")
    form = GAD7Form(gad7())
    assert form.is_valid()
    services.assessment_save_step(token=draft.token, step="gad7", data=form.answers())
    draft.refresh_from_db()
    assert draft.review_status == "contacted"
    assert draft.gad7_total == 7


def test_note_text_is_encrypted_at_rest(reviewer, urgent):
    note = assessment_note_add(
        assessment=urgent, author=reviewer, text="canary-note-1d4f Feeling unsafe"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT text FROM intake_assessmentnote WHERE id = %s", [note.pk]
        )
        stored = cursor.fetchone()[0]
    assert "canary" not in stored
    assert AssessmentNote.objects.get().text == "canary-note-1d4f Feeling unsafe"
