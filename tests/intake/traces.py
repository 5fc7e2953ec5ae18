"""An assessment full of canary values, and a scan of every table for them.

Used to prove that the purge and erasure leave nothing behind: the canaries are
searched for as plaintext, as the exact ciphertexts and blind indexes stored,
and the history tables are searched by the assessment's and its notes' ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from psycopg2 import sql

from intake.models import (
    Assessment,
    AssessmentEvent,
    AssessmentNote,
    AssessmentNoteEvent,
)
from intake.staff.review import assessment_review_update
from tests.intake.factories import build, phq9, valid_posts

NAME = "Zebedee Quuxworthy"
EMAIL = "zebedee.canary@quux.example"
PHONE = "+1 415 555 0199"
HOPES = "canary-hopes-7f3a sleeping through the night"
NOTE = "canary-note-91bd called back, left a voicemail"
ANSWER = "canary-answer-c0de"
ENCRYPTED = ["contact_name", "contact_email", "contact_phone", "hopes"]


@dataclass
class Canary:
    assessment: Assessment
    note_ids: list[int]
    needles: list[str]


def canary_assessment(actor) -> Canary:
    """Submitted, urgent, with contact details, free text, a note and a
    distinctive value among its answers; worked by `actor` in the admin's
    services so it has history rows of every kind."""
    posts = valid_posts()
    assessment = build(
        phq9=phq9(3, 3, 3, 2, 2, 2, 1, 1, 3),
        goals={**posts["goals"], "hopes": HOPES},
        details={**posts["details"], "name": NAME, "email": EMAIL, "phone": PHONE},
    )
    answers = {**assessment.answers, "canary": {"value": ANSWER}}
    Assessment.objects.filter(pk=assessment.pk).update(answers=answers)
    assessment_review_update(
        assessment_id=assessment.pk,
        actor=actor,
        review_status="contacted",
        assigned_to=actor,
        note=NOTE,
    )
    stored = Assessment.objects.filter(pk=assessment.pk)
    row = _raw(stored, [*ENCRYPTED, "name_index", "email_index", "phone_index"])
    row.append(stored.values_list("token_hash", flat=True).get())
    notes = AssessmentNote.objects.filter(assessment=assessment)
    note_ids = list(notes.values_list("pk", flat=True))
    note_tokens = [_raw(notes.filter(pk=pk), ["text"])[0] for pk in note_ids]
    needles = [NAME, EMAIL, "415 555 0199", HOPES, NOTE, ANSWER, *row, *note_tokens]
    return Canary(assessment, note_ids, [n.lower() for n in needles if n])


def _raw(queryset, columns: list[str]) -> list[str]:
    """The stored text of columns, without decrypting them."""
    table = queryset.model._meta.db_table
    [pk] = queryset.values_list("pk", flat=True)
    query = sql.SQL("SELECT {} FROM {} WHERE id = %s").format(
        sql.SQL(", ").join(
            sql.SQL("{}::text").format(sql.Identifier(c)) for c in columns
        ),
        sql.Identifier(table),
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [pk])
        return list(cursor.fetchone())


def tables_holding(needles: list[str]) -> dict[str, list[str]]:
    """Every table in the database whose rows contain one of the needles
    (case-insensitively), with the needles found."""
    found: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(
                sql.SQL("SELECT lower(t::text) FROM {} t").format(sql.Identifier(table))
            )
            text = "\n".join(row[0] for row in cursor.fetchall())
            hits = [needle for needle in needles if needle in text]
            if hits:
                found[table] = hits
    return found


def history_of(canary: Canary) -> dict[str, int]:
    pk = canary.assessment.pk
    return {
        "assessment events": AssessmentEvent.objects.filter(pgh_obj_id=pk).count(),
        "note events": AssessmentNoteEvent.objects.filter(assessment_id=pk).count()
        + AssessmentNoteEvent.objects.filter(pgh_obj_id__in=canary.note_ids).count(),
    }
