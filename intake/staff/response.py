"""How long urgent records wait, as staff see it: in the queue ("waiting 2 h
10 min", marked once past the clinic's promise) and on the record (each urgent
flag, when it was first opened and first acted on, and the escalations sent).

The flag is a StaffAlert's `created_at`; intake.escalation stamps the first
view and the first workflow change. The promise is counted in review-hour
minutes (KETACARE_REVIEW_PROMISE_MINUTES on KETACARE_REVIEW_SCHEDULE), the same
clock as the escalations; the wait shown is plain elapsed time, as a person
would count it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Min, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.domain.review_hours import ReviewHours, format_wait
from intake.escalation import review_hours
from intake.models import Assessment, StaffAlert


def annotate_unopened(queryset: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Add `unopened_since`: the oldest urgent flag nobody has opened yet."""
    oldest = (
        StaffAlert.objects.filter(
            assessment=OuterRef("pk"), first_viewed_at__isnull=True
        )
        .values("assessment")
        .annotate(since=Min("created_at"))
        .values("since")
    )
    return queryset.annotate(unopened_since=Subquery(oldest))


@dataclass(frozen=True)
class Wait:
    text: str
    late: bool


def is_late(since: datetime, until: datetime, hours: ReviewHours) -> bool:
    promise = settings.KETACARE_REVIEW_PROMISE_MINUTES
    return hours.review_minutes_between(since, until) >= promise


def queue_wait(
    since: datetime | None, *, now: datetime, hours: ReviewHours
) -> Wait | None:
    if since is None:
        return None
    text = _("waiting %(time)s") % {"time": format_wait(now - since)}
    return Wait(text=text, late=is_late(since, now, hours))


@dataclass(frozen=True)
class Response:
    what: str
    flagged_at: datetime
    opened: str
    acted: str
    late: bool
    escalations: list[str]


def _after(flagged: datetime, at: datetime | None, now: datetime) -> str:
    if at is None:
        return _("not yet (%(time)s so far)") % {"time": format_wait(now - flagged)}
    return _("after %(time)s") % {"time": format_wait(at - flagged)}


def record_responses(assessment: Assessment) -> list[Response]:
    """Each urgent flag of the record, oldest first: two queries."""
    now = timezone.now()
    hours = review_hours()
    alerts = (
        StaffAlert.objects.filter(assessment=assessment)
        .select_related("check_in")
        .prefetch_related("escalations")
        .order_by("created_at", "pk")
    )
    responses = []
    for alert in alerts:
        what = (
            _("Check-in %(number)s") % {"number": alert.check_in.sequence}
            if alert.check_in is not None
            else _("Self-assessment")
        )
        escalations = [
            _("leads emailed at %(minutes)s review minutes")
            % {"minutes": escalation.threshold_minutes}
            for escalation in alert.escalations.all()
            if escalation.sent_at is not None
        ]
        responses.append(
            Response(
                what=what,
                flagged_at=alert.created_at,
                opened=_after(alert.created_at, alert.first_viewed_at, now),
                acted=_after(alert.created_at, alert.first_actioned_at, now),
                late=is_late(alert.created_at, alert.first_viewed_at or now, hours),
                escalations=escalations,
            )
        )
    return responses
