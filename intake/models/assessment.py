from __future__ import annotations

import hashlib
from collections.abc import Mapping

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.functions import TransactionNow
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake import crypto
from intake.domain.instruments import PHQ9
from intake.domain.screen import SCREEN_VERSION
from intake.domain.triage import OUTCOME_LABELS
from intake.domain.workflow import (
    CLINICIAN_OUTCOMES,
    OPEN,
    REVIEW_LABELS,
    Priority,
    Review,
)
from intake.fields import EncryptedTextField

CONTACT_INDEXES = ("name_index", "email_index", "phone_index")


def hash_token(token: str) -> str:
    """The database keeps only a hash of the browser's token."""
    return hashlib.sha256(token.encode()).hexdigest()


# Every band key of either instrument: PHQ-9's five include GAD-7's four.
BAND_CHOICES = [(band.key, _(band.label)) for band in PHQ9.bands]


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def for_token(self, token: str) -> AssessmentQuerySet:
        return self.filter(token_hash=hash_token(token))

    def drafts(self) -> AssessmentQuerySet:
        return self.filter(status=Assessment.Status.DRAFT)

    def submitted(self) -> AssessmentQuerySet:
        return self.filter(status=Assessment.Status.SUBMITTED)

    def urgent(self) -> AssessmentQuerySet:
        return self.filter(urgent=True)

    def matching_contact(self, query: str) -> AssessmentQuerySet:
        """Exact match on email, phone or full name through the blind indexes."""
        return self.matching_indexes(crypto.contact_search_indexes(query))

    def matching_indexes(self, indexes: Mapping[str, str]) -> AssessmentQuerySet:
        """Rows whose blind index equals one of `indexes` (column -> keyed hash)."""
        condition = Q()
        for column, value in indexes.items():
            if column in CONTACT_INDEXES and value:
                condition |= Q(**{column: value})
        return self.filter(condition) if condition else self.none()

    def open(self) -> AssessmentQuerySet:
        """Still somebody's work: new, in review or contacted."""
        return self.filter(review_status__in=OPEN)

    def open_urgent(self) -> AssessmentQuerySet:
        return self.open().urgent()

    def in_queue_order(self) -> AssessmentQuerySet:
        """Open before finished, then urgent, then the outcomes a clinician must
        see, then the newest (by submission, or by start for a draft)."""
        return self.annotate(
            finished=Case(When(review_status__in=OPEN, then=Value(0)), default=1),
            priority=Case(
                When(urgent=True, then=Value(Priority.URGENT)),
                When(outcome__in=CLINICIAN_OUTCOMES, then=Value(Priority.CLINICIAN)),
                default=Value(Priority.OTHER),
            ),
            received_at=Coalesce("submitted_at", "created_at"),
        ).order_by(*QUEUE_ORDER)


QUEUE_ORDER = ("finished", "priority", "-received_at", "-pk")


# The review statuses and triage outcomes are defined once, in the domain
# (intake.domain.workflow.Review, intake.domain.triage.Outcome); the columns take
# their values and labels from there.
REVIEW_CHOICES = [(status.value, _(label)) for status, label in REVIEW_LABELS.items()]
OUTCOME_CHOICES = [
    (outcome.value, _(label)) for outcome, label in OUTCOME_LABELS.items()
]


class Assessment(models.Model):
    """One person's self-assessment, from the first answered step onwards.

    `answers` holds each step's answers as JSON (choices and numbers only);
    contact details and free text live in encrypted columns instead. The typed
    columns below are recomputed on the server from `answers` at every save.

    Two statuses: `status` is the person's side (draft -> submitted); the
    workflow fields (`review_status`, `assigned_to`) are the staff's side.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    class ContactMethod(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        max_length=16, choices=Status, default=Status.DRAFT, db_index=True
    )
    answers = models.JSONField(default=dict, blank=True)

    state = models.CharField(_("state"), max_length=16, blank=True, db_index=True)
    phq9_total = models.PositiveSmallIntegerField(
        _("PHQ-9 total"), null=True, blank=True
    )
    phq9_band = models.CharField(
        _("PHQ-9 band"), max_length=24, choices=BAND_CHOICES, blank=True
    )
    gad7_total = models.PositiveSmallIntegerField(
        _("GAD-7 total"), null=True, blank=True
    )
    gad7_band = models.CharField(
        _("GAD-7 band"), max_length=24, choices=BAND_CHOICES, blank=True
    )
    phq9_version = models.CharField(max_length=64, blank=True)
    gad7_version = models.CharField(max_length=64, blank=True)
    item9_positive = models.BooleanField(
        _("item 9 positive"),
        default=False,
        help_text=_("Item 9 is currently above 'Not at all'."),
    )
    urgent = models.BooleanField(
        default=False,
        db_index=True,
        # Set as soon as item 9 is answered above "Not at all", even on a draft,
        # and never cleared by the person changing that answer afterwards.
        help_text=_("Item 9 was positive at some point (sticky)."),
    )
    outcome = models.CharField(max_length=24, choices=OUTCOME_CHOICES, blank=True)
    reasons = models.JSONField(
        default=list, blank=True, help_text=_("Codes of the triage reasons.")
    )
    # Which questions the screen asked (intake.domain.screen); rows from before
    # version 2 keep version 1 (migration 0004).
    screen_version = models.PositiveSmallIntegerField(
        _("screen version"),
        default=SCREEN_VERSION,
        help_text=_("The version of the health screen the answers were given to."),
    )

    wants_contact = models.BooleanField(null=True, blank=True)
    contact_name = EncryptedTextField(blank=True)
    contact_email = EncryptedTextField(blank=True)
    contact_phone = EncryptedTextField(blank=True)
    contact_method = models.CharField(max_length=8, choices=ContactMethod, blank=True)
    name_index = models.CharField(
        max_length=64, blank=True, db_index=True, editable=False
    )
    email_index = models.CharField(
        max_length=64, blank=True, db_index=True, editable=False
    )
    phone_index = models.CharField(
        max_length=64, blank=True, db_index=True, editable=False
    )
    consented_at = models.DateTimeField(null=True, blank=True)
    hopes = EncryptedTextField(_("hopes for treatment"), blank=True)

    review_status = models.CharField(
        max_length=24, choices=REVIEW_CHOICES, default=Review.NEW, db_index=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_assessments",
    )

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("view_contact_details", _("Can see contact details")),
            ("export_contact_details", _("Can export contact details")),
            ("assign_assessment", _("Can assign assessments to staff")),
            ("erase_assessment", _("Can erase an assessment on request")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(phq9_total__isnull=True, phq9_band="")
                | Q(phq9_total__isnull=False, phq9_total__range=(0, 27))
                & ~Q(phq9_band=""),
                name="intake_assessment_phq9_total_and_band",
            ),
            models.CheckConstraint(
                condition=Q(gad7_total__isnull=True, gad7_band="")
                | Q(gad7_total__isnull=False, gad7_total__range=(0, 21))
                & ~Q(gad7_band=""),
                name="intake_assessment_gad7_total_and_band",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True)
                | Q(status="submitted", submitted_at__isnull=False),
                name="intake_assessment_submitted_at_iff_submitted",
            ),
            models.CheckConstraint(
                condition=Q(item9_positive=False) | Q(urgent=True),
                name="intake_assessment_item9_positive_is_urgent",
            ),
            models.CheckConstraint(
                condition=Q(contact_name="", contact_email="", contact_phone="")
                | Q(consented_at__isnull=False, wants_contact=True),
                name="intake_assessment_contact_details_need_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment {self.pk} ({self.get_status_display()})"


# What the history (pghistory) copies of an assessment at every change: the
# workflow and the summary staff filter on. Never contact details, free text or
# the answers themselves. History rows are append-only; they go only with their
# assessment, when it is purged or erased (intake.removal).
ASSESSMENT_HISTORY_FIELDS = [
    "status",
    "review_status",
    "assigned_to",
    "urgent",
    "item9_positive",
    "outcome",
    "phq9_total",
    "phq9_band",
    "gad7_total",
    "gad7_band",
    "submitted_at",
]
_BOOKKEEPING = {"id", "created_at", "updated_at"}
# Everything else: a change to these after submission is recorded (as a
# "content_changed" event), without their values. The app never makes one;
# a direct database change, or a key rotation re-encrypting them, does.
ASSESSMENT_CONTENT_COLUMNS = [
    field.column
    for field in Assessment._meta.concrete_fields
    if field.name not in {*ASSESSMENT_HISTORY_FIELDS, *_BOOKKEEPING}
]


def _changed_after_submission() -> pgtrigger.Condition:
    changed = " OR ".join(
        f'OLD."{column}" IS DISTINCT FROM NEW."{column}"'
        for column in ASSESSMENT_CONTENT_COLUMNS
    )
    return pgtrigger.Condition(f"OLD.\"status\" = 'submitted' AND ({changed})")


class AssessmentEvent(
    pghistory.create_event_model(
        Assessment,
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),  # any change to the copied fields
        pghistory.UpdateEvent("content_changed", condition=_changed_after_submission()),
        pghistory.DeleteEvent(),
        fields=ASSESSMENT_HISTORY_FIELDS,
        obj_field=pghistory.ObjForeignKey(related_name="history"),
        # Who and where (user id, URL path) is copied into each row, so it is
        # as append-only as the row itself.
        context_field=pghistory.ContextJSONField(),
        append_only=True,
        meta={"ordering": ["pgh_created_at", "pgh_id"]},
    )
):
    """Every change to an assessment, by any path, written by database triggers."""

    def __str__(self) -> str:
        return f"{self.pgh_label} of assessment {self.pgh_obj_id}"


NOTE_MAX_LENGTH = 5000


class AssessmentNote(models.Model):
    """A staff note on an assessment: append-only, its text encrypted at rest.

    Notes are clinical, so the text is encrypted like the person's own free
    text. A database trigger refuses UPDATE and DELETE from every path; only the
    retention purge, erasure on request and the key rotation lift it, for their
    own statements.
    """

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assessment_notes",
    )
    text = EncryptedTextField(
        _("note"), validators=[MaxLengthValidator(NOTE_MAX_LENGTH)]
    )
    # No updated_at: a note is never updated.
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""), name="intake_assessmentnote_text_not_empty"
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="note_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
        ]

    def __str__(self) -> str:
        return f"Note {self.pk} on assessment {self.assessment_id}"


NOTE_PROTECTION = "intake.AssessmentNote:note_append_only"


class AssessmentNoteEvent(
    pghistory.create_event_model(
        AssessmentNote,
        pghistory.InsertEvent(),
        pghistory.DeleteEvent(),
        fields=["assessment", "author", "created_at"],  # never the text
        obj_field=pghistory.ObjForeignKey(related_name="history"),
        context_field=pghistory.ContextJSONField(),
        append_only=True,
        meta={"ordering": ["pgh_created_at", "pgh_id"]},
    )
):
    """Notes written (rows go with their assessment when it is removed)."""

    def __str__(self) -> str:
        return f"{self.pgh_label} of note {self.pgh_obj_id}"


class AssessmentTombstone(models.Model):
    """What is left of a purged or erased assessment: that it existed, the day
    it was started, when and why it was removed. No health data, no contact
    details, no staff names (the audit trail says who erased it and why).

    Append-only: the site's database role may only SELECT and INSERT it
    (ketacare.db_roles), and the history of a removed assessment can only be
    deleted once its tombstone exists (intake migration 0005).
    """

    # Marks the table for ketacare.db_roles: SELECT and INSERT only.
    append_only_table = True

    class Reason(models.TextChoices):
        RETENTION = "retention", _("Retention period ended")
        REQUEST = "request", _("Erased on request")

    assessment_id = models.BigIntegerField(unique=True)
    started_on = models.DateField()
    removed_at = models.DateTimeField(db_default=TransactionNow())
    reason = models.CharField(max_length=16, choices=Reason)

    class Meta:
        ordering = ["-removed_at", "-assessment_id"]
        triggers = [
            pgtrigger.Protect(
                name="tombstone_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
        ]

    def __str__(self) -> str:
        return f"Removed assessment {self.assessment_id} ({self.reason})"


class StaffAlert(models.Model):
    """The email telling staff an assessment or a check-in is urgent (no
    health details).

    One row per assessment at most, and one per urgent check-in (its
    `check_in`), created in the same transaction that flags it urgent and sent
    after it commits; a failed send stays FAILED for `manage.py
    intake_send_alerts` to retry.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="staff_alerts"
    )
    check_in = models.OneToOneField(
        "intake.CheckIn",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="staff_alert",
    )
    status = models.CharField(
        max_length=8, choices=Status, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The response to the urgent flag (created_at is the moment of the flag):
    # the first time a staff member opened the record, and the first workflow
    # change after the flag (contacted, referred, ...).
    first_viewed_at = models.DateTimeField(null=True, blank=True)
    first_actioned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False)
                | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="intake_staffalert_sent_at_iff_sent",
            ),
            models.UniqueConstraint(
                fields=["assessment"],
                condition=Q(check_in__isnull=True),
                name="intake_staffalert_one_per_assessment",
            ),
        ]

    def __str__(self) -> str:
        return f"Staff alert {self.pk} ({self.get_status_display()})"


class Escalation(models.Model):
    """A reminder to the leads that an urgent record has not been opened:
    one row per alert and threshold (review-hour minutes after the flag),
    created and sent by `manage.py intake_send_alerts`; no health details."""

    alert = models.ForeignKey(
        StaffAlert, on_delete=models.CASCADE, related_name="escalations"
    )
    threshold_minutes = models.PositiveIntegerField()
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=8, choices=StaffAlert.Status, default=StaffAlert.Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "threshold_minutes"],
                name="intake_escalation_once_per_threshold",
            ),
        ]

    def __str__(self) -> str:
        return f"Escalation {self.pk} at {self.threshold_minutes} min"
