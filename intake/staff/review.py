"""Staff work on an assessment: review status, assignment, notes.

Keyword-only services, each in one transaction with the row locked, so a
person saving a step and a staff member saving the workflow never overwrite
each other. The answers are never touched here. Who may do what is checked
again here, not only in the admin form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from intake import escalation
from intake.domain import workflow
from intake.models import Assessment, AssessmentNote

ASSIGN_PERMISSION = "intake.assign_assessment"
NOTE_PERMISSION = "intake.add_assessmentnote"
# The workflow never reads these: not loading them (nor decrypting) means a
# value that no key opens cannot stop a status change.
ENCRYPTED = ["contact_name", "contact_email", "contact_phone", "hopes"]


class Unchanged:
    """Marker: leave the assignment as it is."""


UNCHANGED = Unchanged()


@dataclass(frozen=True)
class ReviewChange:
    changed: list[str] = field(default_factory=list)
    note: AssessmentNote | None = None


def assignable_staff() -> QuerySet:
    """Active staff who may work the queue: superusers and intake group members."""
    can_work = Q(
        groups__permissions__codename="change_assessment",
        groups__permissions__content_type__app_label="intake",
    ) | Q(
        user_permissions__codename="change_assessment",
        user_permissions__content_type__app_label="intake",
    )
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    ids = users.filter(Q(is_superuser=True) | can_work).values("pk")
    return users.filter(pk__in=ids).order_by("username")


def assessment_note_add(
    *, assessment: Assessment, author: AbstractUser, text: str
) -> AssessmentNote:
    """Append a note to an assessment. Notes are never edited or deleted."""
    if not author.has_perm(NOTE_PERMISSION):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the note first.")})
    note = AssessmentNote(assessment=assessment, author=author, text=text)
    # The two keys are objects the caller already holds; no need to look them up.
    note.full_clean(exclude=["assessment", "author"], validate_constraints=False)
    note.save()
    return note


@transaction.atomic
def assessment_review_update(
    *,
    assessment_id: int,
    actor: AbstractUser,
    review_status: str,
    assigned_to: AbstractUser | Unchanged | None = UNCHANGED,
    note: str = "",
) -> ReviewChange:
    """Set the workflow fields and append a note, in one transaction.

    Raises ValidationError for a move the workflow forbids (back to "new") or
    an assignee who may not work the queue, and PermissionDenied when the actor
    assigns without the assign permission or writes a note without the note
    permission. Returns the names of the fields that changed, and the note.
    """
    assessment = (
        Assessment.objects.select_for_update().defer(*ENCRYPTED).get(pk=assessment_id)
    )
    changed = []
    if review_status != assessment.review_status:
        if not workflow.can_move(assessment.review_status, review_status):
            raise ValidationError(
                {"review_status": _("An assessment cannot go back to New.")}
            )
        assessment.review_status = review_status
        changed.append("review_status")
    if not isinstance(assigned_to, Unchanged):
        new_id = assigned_to.pk if assigned_to is not None else None
        if new_id != assessment.assigned_to_id:
            if not actor.has_perm(ASSIGN_PERMISSION):
                raise PermissionDenied
            if new_id is not None and not assignable_staff().filter(pk=new_id).exists():
                raise ValidationError(
                    {"assigned_to": _("Assign to a staff member who works the queue.")}
                )
            assessment.assigned_to_id = new_id
            changed.append("assigned_to")
    if changed:
        assessment.full_clean(
            exclude=["assigned_to", *ENCRYPTED],
            validate_unique=False,
            validate_constraints=False,
        )
        assessment.save(update_fields=[*changed, "updated_at"])
    if "review_status" in changed:
        # The response time of an urgent record ends at its first workflow change.
        escalation.alert_actioned(assessment_id=assessment.pk)
    added = (
        assessment_note_add(assessment=assessment, author=actor, text=note)
        if note.strip()
        else None
    )
    return ReviewChange(changed=changed, note=added)
