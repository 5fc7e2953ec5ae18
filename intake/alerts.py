"""Staff alerts for urgent assessments: emails with no health details in them.

Each urgent assessment gets a StaffAlert row in the transaction that flags it,
and a send is tried after that transaction commits. One email covers every
alert not yet sent, and at most one goes out per KETACARE_ALERT_INTERVAL_SECONDS
(a flood of urgent submissions is one email with a count, not hundreds). Alerts
held back by that interval, or whose send failed, go out with the next urgent
case or the next run of `manage.py intake_send_alerts` (schedule it every few
minutes). The state is the StaffAlert rows, so every worker and server keeps to
the same interval. The queue shows every urgent assessment at once regardless.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from intake.models import Assessment, CheckIn, StaffAlert

logger = logging.getLogger(__name__)

# pg_try_advisory_xact_lock key: one sender at a time, across servers.
SENDER_LOCK = 0x4B43_414C_4552_54  # "KCALERT"

SUBJECT = "Self-assessment or check-in flagged for prompt review"
SUBJECT_MANY = "{count} self-assessments or check-ins flagged for prompt review"
BODY = """\
A self-assessment or a follow-up check-in on the {clinic} site has been flagged
for prompt review.

Open it in the staff admin (sign-in required):
{url}

This email deliberately contains no personal or health details.
Alert reference: {reference}
"""
BODY_MANY = """\
{count} self-assessments or check-ins on the {clinic} site have been flagged for prompt
review since the last alert. The staff admin lists them first, urgent on top.

Open the queue in the staff admin (sign-in required):
{url}

This email deliberately contains no personal or health details. Alerts are
grouped: at most one email every {minutes} minutes.
Alert references: {references}
"""


def _queue(*, assessment_id: int, check_in: CheckIn | None) -> StaffAlert:
    alert, created = StaffAlert.objects.get_or_create(
        assessment_id=assessment_id, check_in=check_in
    )
    if created:
        transaction.on_commit(staff_alerts_send, robust=True)
    return alert


def staff_alert_queue(*, assessment: Assessment) -> StaffAlert:
    """Create the assessment's alert (once ever) and try to send after commit."""
    return _queue(assessment_id=assessment.pk, check_in=None)


def staff_alert_queue_check_in(*, check_in: CheckIn) -> StaffAlert:
    """Create an urgent check-in's alert (once) and try to send after commit."""
    return _queue(assessment_id=check_in.follow_up.assessment_id, check_in=check_in)


def admin_url(assessment_id: int | None = None) -> str:
    if assessment_id is None:
        path = reverse("admin:intake_assessment_changelist")
    else:
        path = reverse("admin:intake_assessment_change", args=[assessment_id])
    return f"{settings.KETACARE_SITE_URL}{path}"


def build_message(alerts: list[StaffAlert]) -> EmailMessage:
    clinic = settings.KETACARE_CLINIC_NAME
    if len(alerts) == 1:
        (alert,) = alerts
        subject = SUBJECT
        body = BODY.format(
            clinic=clinic,
            url=admin_url(alert.assessment_id),
            reference=f"A-{alert.pk}",
        )
    else:
        subject = SUBJECT_MANY.format(count=len(alerts))
        body = BODY_MANY.format(
            count=len(alerts),
            clinic=clinic,
            url=admin_url(),
            minutes=settings.KETACARE_ALERT_INTERVAL_SECONDS // 60,
            references=", ".join(f"A-{alert.pk}" for alert in alerts),
        )
    return EmailMessage(
        f"[{clinic}] {subject}", body, to=settings.KETACARE_STAFF_ALERT_EMAIL
    )


def _last_email_at() -> datetime | None:
    sent = StaffAlert.objects.filter(status=StaffAlert.Status.SENT)
    last: datetime | None = sent.aggregate(last=Max("sent_at"))["last"]
    return last


def staff_alerts_send() -> dict[str, int]:
    """Send one email for every alert not yet sent, unless one went out less
    than KETACARE_ALERT_INTERVAL_SECONDS ago. Returns counts of alerts:
    sent now, not sent (the send failed), waiting (held back by the interval,
    or another process is sending right now)."""
    counts = {"sent": 0, "not_sent": 0, "waiting": 0}
    with transaction.atomic():
        unsent = StaffAlert.objects.exclude(status=StaffAlert.Status.SENT)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [SENDER_LOCK])
            (mine,) = cursor.fetchone()
        now = timezone.now()
        last = _last_email_at()
        interval = timedelta(seconds=settings.KETACARE_ALERT_INTERVAL_SECONDS)
        if not mine or (last is not None and now - last < interval):
            counts["waiting"] = unsent.count()
            return counts
        alerts = list(unsent.select_for_update().order_by("pk"))
        if not alerts:
            return counts
        for alert in alerts:
            alert.attempts += 1
            alert.last_attempt_at = now
        fields = ["attempts", "last_attempt_at", "status", "updated_at"]
        try:
            if not settings.KETACARE_STAFF_ALERT_EMAIL:
                raise RuntimeError("KETACARE_STAFF_ALERT_EMAIL is not set")
            build_message(alerts).send()
        except Exception as error:  # any mail failure: keep the alerts for a retry
            for alert in alerts:
                alert.status = StaffAlert.Status.FAILED
                alert.updated_at = now
                # The alert id and the error type only: no address, no content.
                logger.warning(
                    "intake: staff alert %s not sent (attempt %d): %s",
                    alert.pk,
                    alert.attempts,
                    type(error).__name__,
                )
            StaffAlert.objects.bulk_update(alerts, fields)
            counts["not_sent"] = len(alerts)
            return counts
        for alert in alerts:
            alert.status = StaffAlert.Status.SENT
            alert.sent_at = alert.updated_at = now
        StaffAlert.objects.bulk_update(alerts, [*fields, "sent_at"])
        logger.info(
            "intake: staff alert email sent for %d alert(s): %s",
            len(alerts),
            ", ".join(str(alert.pk) for alert in alerts),
        )
        counts["sent"] = len(alerts)
        return counts


def staff_alerts_retry() -> dict[str, int]:
    """Send what is not yet sent; also queue any urgent assessment lacking an alert."""
    with_alert = StaffAlert.objects.filter(check_in__isnull=True)
    missing = Assessment.objects.urgent().exclude(
        pk__in=with_alert.values("assessment_id")
    )
    for assessment_id in missing.values_list("pk", flat=True):
        StaffAlert.objects.get_or_create(assessment_id=assessment_id, check_in=None)
    urgent_check_ins = CheckIn.objects.filter(urgent=True, staff_alert__isnull=True)
    for check_in in urgent_check_ins.select_related("follow_up"):
        StaffAlert.objects.get_or_create(
            assessment_id=check_in.follow_up.assessment_id, check_in=check_in
        )
    return staff_alerts_send()
