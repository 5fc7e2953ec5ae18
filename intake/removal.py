"""Removing assessments for good: the retention purge and erasure on request.

Both take away every trace of an assessment: its row (answers, scores, outcome,
item 9, contact details, free text), its staff notes, its staff alert, the
admin's log entries about it, and its history rows (intake.AssessmentEvent and
intake.AssessmentNoteEvent). What is left is a tombstone
(intake.AssessmentTombstone: the number, the day it was started, when and why it
was removed) and the audit trail, which never holds health data.

The site's database role may not delete history rows. It calls
`intake_removed_history_delete`, a function owned by the owner role (intake
migration 0005) that deletes history only of assessments that no longer exist
and have a tombstone, in the same transaction as the delete.
"""

from __future__ import annotations

from collections.abc import Iterable

import pgtrigger
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.models import NOTE_PROTECTION, Assessment, AssessmentTombstone
from ketacare.audit import audit_record
from ketacare.models import AuditEvent

ERASE_PERMISSION = "intake.erase_assessment"
REASON_MAX_LENGTH = 300
AUDIT_MODEL = "intake.assessment"


@transaction.atomic
def assessments_remove(
    *, ids: Iterable[int], reason: AssessmentTombstone.Reason
) -> list[int]:
    """Delete these assessments and everything about them; leave a tombstone
    each. Returns the ids removed (ids that no longer exist are skipped)."""
    rows = list(
        Assessment.objects.select_for_update()
        .filter(pk__in=list(ids))
        .order_by("pk")
        .values_list("pk", "created_at")
    )
    removed = [pk for pk, _created in rows]
    if not removed:
        return []
    # Staff notes are append-only; removal is the one reason they go.
    with pgtrigger.ignore(NOTE_PROTECTION):
        Assessment.objects.filter(pk__in=removed).delete()
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Assessment),
        object_id__in=[str(pk) for pk in removed],
    ).delete()
    AssessmentTombstone.objects.bulk_create(
        AssessmentTombstone(
            assessment_id=pk, started_on=timezone.localdate(created), reason=reason
        )
        for pk, created in rows
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT intake_removed_history_delete(%s::bigint[])", [removed])
    return removed


@transaction.atomic
def assessment_erase(
    *,
    assessment_id: int,
    actor: AbstractBaseUser,
    reason: str,
    request: HttpRequest | None = None,
) -> None:
    """Erase one assessment on the person's request, and audit who, when, why.

    Raises PermissionDenied without the erase permission, ValidationError for
    an empty reason, Assessment.DoesNotExist when it is already gone.
    """
    if not actor.has_perm(ERASE_PERMISSION):
        raise PermissionDenied
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Say why the record is erased.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": _("Keep the reason short.")})
    removed = assessments_remove(
        ids=[assessment_id], reason=AssessmentTombstone.Reason.REQUEST
    )
    if not removed:
        raise Assessment.DoesNotExist
    audit_record(
        request=request,
        user=actor,
        action=AuditEvent.Action.ERASE,
        model=AUDIT_MODEL,
        object_ids=removed,
        detail={"removal": AssessmentTombstone.Reason.REQUEST.value, "reason": reason},
    )


def purge_audit(removed: list[int]) -> None:
    """The audit row of a retention purge (no request, no staff member)."""
    audit_record(
        request=None,
        action=AuditEvent.Action.ERASE,
        model=AUDIT_MODEL,
        object_ids=removed,
        detail={"removal": AssessmentTombstone.Reason.RETENTION.value},
    )
