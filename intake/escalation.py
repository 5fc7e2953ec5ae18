"""Urgent records answered in minutes: response times and escalation.

Every urgent assessment or check-in has a StaffAlert, created in the
transaction that flags it; its `created_at` is the moment of the flag. The
admin stamps `first_viewed_at` when a staff member first opens the record, and
the review service stamps `first_actioned_at` at the first workflow change.

When nobody has opened an urgent record within KETACARE_ESCALATION_MINUTES of
review hours (KETACARE_REVIEW_SCHEDULE; outside them the clock waits for the next
opening, intake.domain.review_hours), the leads get an email, once per
threshold. `manage.py intake_send_alerts` creates and sends them: each threshold
is a unique row (so concurrent runs create it once), a send locks the rows it
sends (SKIP LOCKED), and a failed send stays FAILED for the next run. An
escalation is only sent while the record is still unopened: an email after
someone has looked would only teach the leads to ignore them.
"""

from __future__ import annotations

import functools
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from intake.alerts import admin_url
from intake.domain.review_hours import ReviewHours, escalations_due
from intake.models import Escalation, StaffAlert

logger = logging.getLogger(__name__)

# Alerts older than this are not escalated any more (the queue still shows them).
LOOKBACK = timedelta(days=30)
MAX_ATTEMPTS = 10

BODY = """\
{count} urgent record(s) on the {clinic} site have not been opened by anyone
within the clinic's escalation time ({thresholds} minutes of review hours).

Open the queue in the staff admin (sign-in required); urgent records are on top:
{url}

This email deliberately contains no personal or health details.
References: {references}
"""


def review_hours() -> ReviewHours:
    # Parsed once per setting value: the queue asks for it on every urgent row.
    return _parse(settings.KETACARE_REVIEW_SCHEDULE)


@functools.lru_cache(maxsize=8)
def _parse(schedule: str) -> ReviewHours:
    return ReviewHours.parse(schedule)


def alert_viewed(*, assessment_id: int, at: datetime | None = None) -> int:
    """Stamp the first staff view on the record's open urgent alerts."""
    return StaffAlert.objects.filter(
        assessment_id=assessment_id, first_viewed_at__isnull=True
    ).update(first_viewed_at=at or timezone.now())


def alert_actioned(*, assessment_id: int, at: datetime | None = None) -> int:
    """Stamp the first workflow change on the record's urgent alerts (a change
    is also a view)."""
    at = at or timezone.now()
    alert_viewed(assessment_id=assessment_id, at=at)
    return StaffAlert.objects.filter(
        assessment_id=assessment_id, first_actioned_at__isnull=True
    ).update(first_actioned_at=at)


def escalations_plan(*, now: datetime | None = None) -> int:
    """Create the escalation rows whose threshold has passed on an unopened
    alert. Returns how many were created now."""
    now = now or timezone.now()
    hours = review_hours()
    created = 0
    unopened = StaffAlert.objects.filter(
        first_viewed_at__isnull=True, created_at__gte=now - LOOKBACK
    )
    done = set(
        Escalation.objects.filter(alert__created_at__gte=now - LOOKBACK).values_list(
            "alert_id", "threshold_minutes"
        )
    )
    thresholds = settings.KETACARE_ESCALATION_MINUTES
    for alert_id, flagged_at in unopened.values_list("pk", "created_at"):
        for minutes in escalations_due(flagged_at, None, now, hours, thresholds):
            if (alert_id, minutes) in done:
                continue
            due_at = hours.add_review_minutes(flagged_at, minutes)
            try:
                with transaction.atomic():
                    Escalation.objects.create(
                        alert_id=alert_id, threshold_minutes=minutes, due_at=due_at
                    )
                created += 1
            except IntegrityError:
                pass  # a concurrent run created it
    return created


def _message(escalations: list[Escalation]) -> EmailMessage:
    body = BODY.format(
        count=len({e.alert_id for e in escalations}),
        clinic=settings.KETACARE_CLINIC_NAME,
        thresholds=", ".join(
            str(m) for m in sorted({e.threshold_minutes for e in escalations})
        ),
        url=admin_url(),
        references=", ".join(f"E-{e.pk}" for e in escalations),
    )
    return EmailMessage(
        f"[{settings.KETACARE_CLINIC_NAME}] Urgent record not yet opened",
        body,
        to=settings.KETACARE_LEAD_ALERT_EMAIL,
    )


def escalations_send(*, now: datetime | None = None) -> dict[str, int]:
    """Plan, then send every pending escalation whose record is still unopened,
    in one email; returns counts (sent, not_sent)."""
    now = now or timezone.now()
    escalations_plan(now=now)
    counts = {"sent": 0, "not_sent": 0}
    with transaction.atomic():
        # A record opened before its email went needs no escalation: its rows
        # stay unsent, on the record as "not needed".
        pending = list(
            Escalation.objects.select_for_update(skip_locked=True, of=("self",))
            .exclude(status=StaffAlert.Status.SENT)
            .filter(attempts__lt=MAX_ATTEMPTS, alert__first_viewed_at__isnull=True)
            .order_by("pk")
        )
        if not pending:
            return counts
        for escalation in pending:
            escalation.attempts += 1
        try:
            if not settings.KETACARE_LEAD_ALERT_EMAIL:
                raise RuntimeError("KETACARE_LEAD_ALERT_EMAIL is not set")
            _message(pending).send()
        except Exception as error:  # any mail failure: retried on the next run
            for escalation in pending:
                escalation.status = StaffAlert.Status.FAILED
            logger.warning(
                "intake: %d escalation(s) not sent: %s",
                len(pending),
                type(error).__name__,
            )
            counts["not_sent"] = len(pending)
        else:
            for escalation in pending:
                escalation.status = StaffAlert.Status.SENT
                escalation.sent_at = now
            counts["sent"] = len(pending)
        Escalation.objects.bulk_update(pending, ["attempts", "status", "sent_at"])
    return counts
