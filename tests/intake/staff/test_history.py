"""Changes by any path are recorded by database triggers; the records, and the
notes, cannot be rewritten; nothing identifying is copied into the history."""

from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from intake.models import (
    Assessment,
    AssessmentEvent,
    AssessmentNote,
    AssessmentNoteEvent,
    AssessmentTombstone,
)
from intake.staff.review import assessment_note_add
from intake.staff.timeline import assessment_timeline

pytestmark = pytest.mark.django_db


def events(assessment, label=None):
    found = AssessmentEvent.objects.filter(pgh_obj_id=assessment.pk)
    return list(found.filter(pgh_label=label) if label else found)


def test_a_bulk_update_is_recorded_with_the_new_values(urgent):
    Assessment.objects.filter(pk=urgent.pk).update(review_status="closed")
    last = events(urgent, "update")[-1]
    assert last.review_status == "closed"
    assert last.pgh_context is None  # not through the web app


def test_a_change_in_the_admin_records_who_and_where(as_reviewer, reviewer, urgent):
    url = reverse("admin:intake_assessment_change", args=[urgent.pk])
    as_reviewer.post(url, {"review_status": "in_review"})
    last = events(urgent, "update")[-1]
    assert last.review_status == "in_review"
    assert last.pgh_context["user"] == reviewer.pk
    assert last.pgh_context["url"] == url


def test_a_change_to_the_answers_after_submission_is_recorded_without_values(urgent):
    Assessment.objects.filter(pk=urgent.pk).update(contact_email="changed")
    [event] = events(urgent, "content_changed")
    assert not hasattr(event, "contact_email")
    entries = assessment_timeline(Assessment.objects.get(pk=urgent.pk), show_notes=True)
    assert entries[0].text == (
        "Stored answers or contact details were rewritten after submission"
    )
    assert entries[0].by == "outside the web app (shell or database)"


def test_the_persons_own_saves_are_not_content_changes(urgent):
    assert events(urgent, "content_changed") == []
    assert events(urgent, "insert")


@pytest.mark.parametrize("model", [AssessmentEvent, AssessmentNoteEvent])
def test_history_rows_cannot_be_changed_or_deleted(urgent, reviewer, model):
    assessment_note_add(assessment=urgent, author=reviewer, text="A note")
    row = model.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(pgh_label="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        model.objects.filter(pk=row.pk).delete()
    table = model._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute(f"DELETE FROM {table}")  # noqa: S608 (a fixed table name)
    assert model.objects.filter(pk=row.pk, pgh_label=row.pgh_label).exists()


def test_notes_cannot_be_edited_or_deleted_by_any_path(urgent, reviewer):
    note = assessment_note_add(assessment=urgent, author=reviewer, text="Original")
    note.text = "Rewritten"
    with pytest.raises(DatabaseError), transaction.atomic():
        note.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        AssessmentNote.objects.all().delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute("UPDATE intake_assessmentnote SET text = 'x'")
    assert AssessmentNote.objects.get().text == "Original"


def test_an_assessment_cannot_be_deleted_while_it_has_notes_except_by_the_purge(
    urgent, reviewer, settings
):
    assessment_note_add(assessment=urgent, author=reviewer, text="Keep this")
    with pytest.raises(DatabaseError), transaction.atomic():
        Assessment.objects.filter(pk=urgent.pk).delete()

    settings.KETACARE_SUBMITTED_RETENTION_DAYS = 30
    old = timezone.now() - timedelta(days=31)
    Assessment.objects.filter(pk=urgent.pk).update(submitted_at=old)
    call_command("intake_purge")

    assert not Assessment.objects.exists()
    assert not AssessmentNote.objects.exists()
    # ...and its history with it; a tombstone says it was purged.
    assert events(urgent) == []
    assert not AssessmentNoteEvent.objects.exists()
    assert AssessmentTombstone.objects.filter(assessment_id=urgent.pk).exists()


def test_rotation_re_encrypts_notes_too(urgent, reviewer, settings):
    old_key = settings.KETACARE_FIELD_KEYS[0]
    assessment_note_add(assessment=urgent, author=reviewer, text="Rotate me")
    new_key = Fernet.generate_key().decode()
    settings.KETACARE_FIELD_KEYS = [new_key, old_key]

    call_command("intake_rotate_keys")

    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM intake_assessmentnote")
        stored = cursor.fetchone()[0]
    assert Fernet(new_key).decrypt(stored.encode()).decode() == "Rotate me"


def test_history_holds_nothing_identifying_or_free_text(as_lead, urgent):
    url = reverse("admin:intake_assessment_change", args=[urgent.pk])
    as_lead.post(url, {"review_status": "contacted", "note": "canary-note-77e1"})
    Assessment.objects.filter(pk=urgent.pk).update(contact_name="canary-name-2")
    dumped = []
    with connection.cursor() as cursor:
        for table in (
            "intake_assessmentevent",
            "intake_assessmentnoteevent",
            "pghistory_context",
        ):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed names)
            dumped.append(str(cursor.fetchall()))
    text = " ".join(dumped).lower()
    # Distinctive strings only: hex ids could contain "ada" or "555" by chance.
    for secret in ("lovelace", "ada@", "example.org", "123-4567", "canary", "getting"):
        assert secret not in text, secret
    assert urgent.name_index not in text
