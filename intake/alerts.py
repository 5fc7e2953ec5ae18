"""The staff alert for an urgent assessment: one email, no health details in it.

Queued in the transaction that flags the assessment urgent, sent after that
transaction commits, retried by `manage.py intake_send_alerts` when sending
fails. The assessment itself is already saved before any email is attempted.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from intake.models import Assessment, StaffAlert

logger = logging.getLogger(__name__)

SUBJECT = "Self-assessment flagged for prompt review"
BODY = """\
A self-assessment on the {clinic} site has been flagged for prompt review.

Open it in the staff admin (sign-in required):
{url}

This email deliberately contains no personal or health details.
Alert reference: {reference}
"""


def staff_alert_queue(*, assessment: Assessment) -> StaffAlert:
    """Create the assessment's alert (once ever) and send it after commit."""
    alert, created = StaffAlert.objects.get_or_create(assessment=assessment)
    if created:
        transaction.on_commit(lambda: staff_alert_send(alert_id=alert.pk), robust=True)
    return alert


def admin_url(assessment_id: int) -> str:
    path = reverse("admin:intake_assessment_change", args=[assessment_id])
    return f"{settings.KETACARE_SITE_URL}{path}"


def build_message(alert: StaffAlert) -> EmailMessage:
    body = BODY.format(
        clinic=settings.KETACARE_CLINIC_NAME,
        url=admin_url(alert.assessment_id),
        reference=f"A-{alert.pk}",
    )
    subject = f"[{settings.KETACARE_CLINIC_NAME}] {SUBJECT}"
    return EmailMessage(subject, body, to=settings.KETACARE_STAFF_ALERT_EMAIL)


def staff_alert_send(*, alert_id: int) -> bool:
    """Send one pending or failed alert. True if it was sent now.

    The row is locked while sending, so two senders never both send it; a row
    another process is sending right now is skipped.
    """
    with transaction.atomic():
        alert = (
            StaffAlert.objects.select_for_update(skip_locked=True)
            .filter(pk=alert_id)
            .exclude(status=StaffAlert.Status.SENT)
            .first()
        )
        if alert is None:
            return False
        alert.attempts += 1
        alert.last_attempt_at = timezone.now()
        try:
            if not settings.KETACARE_STAFF_ALERT_EMAIL:
                raise RuntimeError("KETACARE_STAFF_ALERT_EMAIL is not set")
            build_message(alert).send()
        except Exception as error:  # any mail failure: keep the alert for a retry
            alert.status = StaffAlert.Status.FAILED
            alert.save(
                update_fields=["attempts", "last_attempt_at", "status", "updated_at"]
            )
            # The alert id and the error type only: no address, no content.
            logger.warning(
                "intake: staff alert %s not sent (attempt %d): %s",
                alert.pk,
                alert.attempts,
                type(error).__name__,
            )
            return False
        alert.status = StaffAlert.Status.SENT
        alert.sent_at = timezone.now()
        alert.save(
            update_fields=[
                "attempts",
                "last_attempt_at",
                "status",
                "sent_at",
                "updated_at",
            ]
        )
        logger.info("intake: staff alert %s sent", alert.pk)
        return True


def staff_alerts_retry() -> dict[str, int]:
    """Send every alert not yet sent; also queue any urgent assessment lacking one."""
    missing = Assessment.objects.urgent().filter(staff_alert__isnull=True)
    for assessment_id in missing.values_list("pk", flat=True):
        StaffAlert.objects.get_or_create(assessment_id=assessment_id)
    counts = {"sent": 0, "not_sent": 0}
    unsent = StaffAlert.objects.exclude(status=StaffAlert.Status.SENT)
    for alert_id in unsent.order_by("pk").values_list("pk", flat=True):
        counts["sent" if staff_alert_send(alert_id=alert_id) else "not_sent"] += 1
    return counts
