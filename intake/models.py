from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intake import crypto
from intake.fields import EncryptedTextField
from intake.triage import Outcome as TriageOutcome


def hash_token(token: str) -> str:
    """The database keeps only a hash of the browser's token."""
    return hashlib.sha256(token.encode()).hexdigest()


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
        query = query.strip()
        if not query:
            return self.none()
        condition = Q(name_index=crypto.name_index(query))
        if "@" in query:
            condition |= Q(email_index=crypto.email_index(query))
        phone = crypto.phone_index(query)
        if phone and sum(c.isdigit() for c in query) >= 7:
            condition |= Q(phone_index=phone)
        return self.filter(condition)


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

    class ReviewStatus(models.TextChoices):
        NEW = "new", _("New")
        IN_REVIEW = "in_review", _("In review")
        CONTACTED = "contacted", _("Contacted")
        CONSULT_BOOKED = "consult_booked", _("Consult booked")
        REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred elsewhere")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        LIKELY_SUITABLE = (
            TriageOutcome.LIKELY_SUITABLE,
            _("Likely suitable for a consultation"),
        )
        NEEDS_REVIEW = TriageOutcome.NEEDS_REVIEW, _("Needs a clinician's review")
        NOT_SUITABLE = (
            TriageOutcome.NOT_SUITABLE,
            _("Not suitable for at-home ketamine"),
        )

    class Band(models.TextChoices):
        MINIMAL = "minimal", _("Minimal")
        MILD = "mild", _("Mild")
        MODERATE = "moderate", _("Moderate")
        MODERATELY_SEVERE = "moderately_severe", _("Moderately severe")
        SEVERE = "severe", _("Severe")

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
        _("PHQ-9 band"), max_length=24, choices=Band, blank=True
    )
    gad7_total = models.PositiveSmallIntegerField(
        _("GAD-7 total"), null=True, blank=True
    )
    gad7_band = models.CharField(
        _("GAD-7 band"), max_length=24, choices=Band, blank=True
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
    outcome = models.CharField(max_length=24, choices=Outcome, blank=True)
    reasons = models.JSONField(
        default=list, blank=True, help_text=_("Codes of the triage reasons.")
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
        max_length=24, choices=ReviewStatus, default=ReviewStatus.NEW, db_index=True
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


class StaffAlert(models.Model):
    """The one email telling staff an assessment is urgent (no health details).

    One row per assessment at most (the one-to-one key), created in the same
    transaction that flags the assessment urgent and sent after it commits; a
    failed send stays FAILED for `manage.py intake_send_alerts` to retry.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="staff_alert"
    )
    status = models.CharField(
        max_length=8, choices=Status, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False)
                | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="intake_staffalert_sent_at_iff_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"Staff alert {self.pk} ({self.get_status_display()})"
