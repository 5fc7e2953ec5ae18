"""Measurement-based follow-up: a person's enrolment, their treatment events and
their check-ins.

- FollowUp: one per assessment, made by staff when the person consented to
  contact. It holds the schedule (intake.domain.followup) and its state; the
  person's own consent to check-ins is recorded at their first check-in, and
  the unsubscribe link stops everything at once.
- TreatmentEvent: the induction series and each session or booster, dated, as
  staff record them; the curve draws them, and the end of the series starts
  the clock for the person's own duration of response.
- CheckIn: one row per due date. The invitation email carries a link whose
  token only the hash of is stored; it works for that check-in only, until it
  is completed or expires. The answers are scored on the server, and the
  early-warning signals are derived from the whole series at each completion.
- FollowUpEvent: the audited workflow of the follow-up itself (enrolled,
  paused, resumed, stopped, schedule changed, event added, unsubscribed,
  invitation sent), shown on the record's timeline.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.postgres.functions import TransactionNow
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.domain.followup import Preset, Signal
from intake.models.assessment import Assessment

PRESET_CHOICES = [
    (Preset.WEEKLY_12_WEEKS.value, _("Weekly for 12 weeks")),
    (Preset.FORTNIGHTLY_6_MONTHS.value, _("Every 2 weeks for 6 months")),
    (Preset.MONTHLY_12_MONTHS.value, _("Monthly for 12 months")),
    (Preset.CUSTOM.value, _("Custom interval and end")),
]
SIGNAL_CHOICES = [
    (Signal.EARLY_WARNING.value, _("Early warning")),
    (Signal.POSSIBLE_RELAPSE.value, _("Possible relapse")),
]


class FollowUp(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        STOPPED = "stopped", _("Stopped")

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="follow_up"
    )
    status = models.CharField(
        max_length=8, choices=Status, default=Status.ACTIVE, db_index=True
    )
    preset = models.CharField(max_length=24, choices=PRESET_CHOICES)
    interval_days = models.PositiveSmallIntegerField(null=True, blank=True)
    interval_months = models.PositiveSmallIntegerField(null=True, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    # The person's own yes to check-ins, given on the first one.
    consented_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Derived at each completed check-in (intake.checkins), for the queue and
    # the dashboard: the strongest signal of the latest check-in, the first
    # early warning since the (latest) induction series ended, and the person's
    # own duration of response in days (from that end to that warning).
    latest_signal = models.CharField(
        max_length=16, choices=SIGNAL_CHOICES, blank=True, db_index=True
    )
    first_warning_on = models.DateField(null=True, blank=True)
    response_days = models.PositiveIntegerField(null=True, blank=True)
    last_check_in_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        permissions = [
            ("manage_follow_up", _("Can enrol people in check-ins and change them")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_days__isnull=True)
                ^ Q(interval_months__isnull=True),
                name="intake_followup_one_interval",
            ),
            models.CheckConstraint(
                condition=Q(interval_days__isnull=True)
                | Q(interval_days__range=(1, 90)),
                name="intake_followup_interval_days_range",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="intake_followup_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Follow-up {self.pk} ({self.get_status_display()})"


class TreatmentEvent(models.Model):
    class Kind(models.TextChoices):
        SERIES_START = "series_start", _("Induction series began")
        SESSION = "session", _("Session")
        SERIES_END = "series_end", _("Induction series ended (last session)")
        BOOSTER = "booster", _("Booster session")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="treatment_events"
    )
    kind = models.CharField(max_length=16, choices=Kind)
    on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on.isoformat()}"


class CheckInQuerySet(models.QuerySet["CheckIn"]):
    def completed(self) -> CheckInQuerySet:
        return self.filter(completed_at__isnull=False)

    def open_on(self, today: date) -> CheckInQuerySet:
        """Invited, not completed, link still valid."""
        return self.filter(
            completed_at__isnull=True,
            invitation_status=CheckIn.Invitation.SENT,
            expires_at__gt=timezone.now(),
            due_on__lte=today,
        )


class CheckIn(models.Model):
    class Invitation(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will retry")
        SKIPPED = "skipped", _("Not sent (follow-up paused, stopped or unsubscribed)")

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="check_ins"
    )
    sequence = models.PositiveSmallIntegerField()
    due_on = models.DateField(db_index=True)
    invitation_status = models.CharField(
        max_length=10, choices=Invitation, default=Invitation.SCHEDULED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Only a hash of the link's token; a new send replaces it.
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    answers = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    phq9_total = models.PositiveSmallIntegerField(null=True, blank=True)
    gad7_total = models.PositiveSmallIntegerField(null=True, blank=True)
    item9_positive = models.BooleanField(default=False)
    urgent = models.BooleanField(default=False, db_index=True)
    had_session = models.BooleanField(null=True, blank=True)
    session_on = models.DateField(null=True, blank=True)
    early_warning = models.BooleanField(default=False, db_index=True)
    possible_relapse = models.BooleanField(default=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["follow_up", "sequence"]
        indexes = [
            # The queue's "urgent check-in not yet acted on" flag looks up each
            # record's urgent completed check-ins: a few rows, found at once
            # (bench/scale.py).
            models.Index(
                fields=["follow_up", "completed_at"],
                condition=Q(urgent=True),
                name="intake_checkin_urgent_done",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "sequence"], name="intake_checkin_one_per_sequence"
            ),
            models.CheckConstraint(
                condition=Q(phq9_total__isnull=True) | Q(phq9_total__range=(0, 27)),
                name="intake_checkin_phq9_range",
            ),
            models.CheckConstraint(
                condition=Q(gad7_total__isnull=True) | Q(gad7_total__range=(0, 21)),
                name="intake_checkin_gad7_range",
            ),
            models.CheckConstraint(
                condition=Q(item9_positive=False) | Q(urgent=True),
                name="intake_checkin_item9_positive_is_urgent",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True)
                | Q(phq9_total__isnull=False, gad7_total__isnull=False),
                name="intake_checkin_completed_has_scores",
            ),
            models.CheckConstraint(
                condition=Q(invitation_status="sent", sent_at__isnull=False)
                | ~Q(invitation_status="sent"),
                name="intake_checkin_sent_at_when_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.sequence} of follow-up {self.follow_up_id}"


class FollowUpEvent(models.Model):
    """One workflow action on a follow-up, for the record's timeline. The app
    only adds rows (each staff action is also sealed in the audit trail); they
    go with their assessment when it is purged or erased."""

    class Action(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled in check-ins")
        SCHEDULE_CHANGED = "schedule_changed", _("Check-in schedule changed")
        PAUSED = "paused", _("Check-ins paused")
        RESUMED = "resumed", _("Check-ins resumed")
        STOPPED = "stopped", _("Check-ins stopped")
        EVENT_ADDED = "event_added", _("Treatment event recorded")
        CONSENTED = "consented", _("The person agreed to check-ins")
        UNSUBSCRIBED = "unsubscribed", _("The person unsubscribed from check-ins")
        INVITED = "invited", _("Check-in invitation sent")
        URGENT = "urgent", _("Check-in flagged urgent (PHQ-9 item 9)")
        COMPLETED = "completed", _("Check-in completed")

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(max_length=20, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    # What changed, never what anyone answered: a schedule, a date, a sequence.
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(db_default=TransactionNow())

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d})"
