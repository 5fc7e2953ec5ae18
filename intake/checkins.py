"""Check-ins: the services behind measurement-based follow-up.

Staff enrol a person (who consented to contact) on a schedule; each due check-in
gets an email invitation with a link that works for that check-in only and
expires (KETACARE_CHECKIN_LINK_DAYS); the person answers the PHQ-9 and GAD-7 with
the same item-9 rules as the intake; every completion re-reads the whole series
with the rules of intake.domain.followup. Staff actions are audited and go on
the record's timeline (FollowUpEvent). Views are thin: they call these.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from intake import alerts
from intake.domain import followup, scoring
from intake.domain.followup import Preset, Reading, Schedule
from intake.domain.instruments import GAD7, PHQ9
from intake.models import (
    Assessment,
    CheckIn,
    FollowUp,
    FollowUpEvent,
    TreatmentEvent,
    hash_token,
)
from ketacare.audit import audit_record
from ketacare.models import AuditEvent

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "intake.checkins.unsubscribe"
# Kept small so a failing address does not retry for ever; staff see FAILED.
MAX_ATTEMPTS = 5
SESSION_KEY = "intake_check_in"


class NotEnrollable(ValidationError):
    """The assessment cannot be enrolled (no consent to contact, or no email)."""


class CheckInClosed(Exception):
    """The check-in was completed, expired, or its follow-up stopped."""


# --- schedules -----------------------------------------------------------------


def schedule_for(
    *,
    preset: str,
    starts_on: date,
    interval_days: int | None = None,
    ends_on: date | None = None,
) -> Schedule:
    """The schedule a staff form asked for; ValueError with a plain message."""
    try:
        if preset == Preset.CUSTOM:
            if interval_days is None or ends_on is None:
                raise ValueError("A custom schedule needs an interval and an end date.")
            return followup.custom_schedule(starts_on, interval_days, ends_on)
        return followup.preset_schedule(Preset(preset), starts_on)
    except OverflowError as error:  # a date near the end of the calendar
        raise ValueError("Choose dates within the next few years.") from error


def _staff(request: HttpRequest | None) -> AbstractBaseUser | None:
    """The signed-in staff member behind a request; None for the system."""
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _log(
    follow_up: FollowUp,
    action: FollowUpEvent.Action,
    *,
    user: AbstractBaseUser | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    FollowUpEvent.objects.create(
        follow_up=follow_up,
        action=action,
        actor=user,
        actor_name=user.get_username() if user else "",
        detail=detail or {},
    )


def _audit(
    request: HttpRequest | None, follow_up: FollowUp, action: str, **detail: Any
) -> None:
    audit_record(
        request=request,
        action=AuditEvent.Action.CHANGE,
        model="intake.followup",
        object_ids=[follow_up.assessment_id],
        detail={"follow_up": action, **detail},
    )


def _schedule_detail(follow_up: FollowUp) -> dict[str, Any]:
    return {
        "preset": follow_up.preset,
        "interval_days": follow_up.interval_days,
        "interval_months": follow_up.interval_months,
        "starts_on": follow_up.starts_on.isoformat(),
        "ends_on": follow_up.ends_on.isoformat(),
    }


def _plan_check_ins(follow_up: FollowUp, *, after: date | None = None) -> int:
    """Create the not-yet-created check-ins of the schedule, due after `after`
    and not before today: a schedule that started in the past (the series
    began last month) must not send a backlog of invitations at once."""
    schedule = Schedule(
        ends_on=follow_up.ends_on,
        interval_days=follow_up.interval_days,
        interval_months=follow_up.interval_months,
    )
    today = timezone.localdate()
    due = [
        day
        for day in followup.due_dates(follow_up.starts_on, schedule)
        if day >= today and (after is None or day > after)
    ]
    last = follow_up.check_ins.aggregate(last=Max("sequence"))["last"] or 0
    CheckIn.objects.bulk_create(
        CheckIn(follow_up=follow_up, sequence=last + n, due_on=day)
        for n, day in enumerate(due, start=1)
    )
    return len(due)


@transaction.atomic
def follow_up_enrol(
    *,
    assessment: Assessment,
    request: HttpRequest | None,
    preset: str,
    starts_on: date,
    interval_days: int | None = None,
    ends_on: date | None = None,
) -> FollowUp:
    """Enrol a submitted assessment's person in check-ins.

    Only someone who asked to be contacted and gave an email can be invited.
    Raises NotEnrollable, or ValueError for a schedule that makes no sense.
    """
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != Assessment.Status.SUBMITTED:
        raise NotEnrollable("Only a submitted assessment can be enrolled.")
    if not (assessment.wants_contact and assessment.consented_at):
        raise NotEnrollable("The person did not agree to be contacted.")
    if not assessment.contact_email:
        raise NotEnrollable("The person gave no email address for invitations.")
    if FollowUp.objects.filter(assessment=assessment).exists():
        raise NotEnrollable("This person is already enrolled in check-ins.")
    schedule = schedule_for(
        preset=preset, starts_on=starts_on, interval_days=interval_days, ends_on=ends_on
    )
    user = _staff(request)
    follow_up = FollowUp.objects.create(
        assessment=assessment,
        preset=preset,
        interval_days=schedule.interval_days,
        interval_months=schedule.interval_months,
        starts_on=starts_on,
        ends_on=schedule.ends_on,
        enrolled_by=user,
    )
    planned = _plan_check_ins(follow_up)
    detail = {**_schedule_detail(follow_up), "check_ins": planned}
    _log(follow_up, FollowUpEvent.Action.ENROLLED, user=user, detail=detail)
    _audit(request, follow_up, "enrolled", check_ins=planned)
    return follow_up


@transaction.atomic
def follow_up_change_schedule(
    *,
    follow_up: FollowUp,
    request: HttpRequest | None,
    preset: str,
    starts_on: date,
    interval_days: int | None = None,
    ends_on: date | None = None,
) -> FollowUp:
    """Replace the check-ins not yet sent with the new schedule's; those sent or
    completed stay as they are."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    schedule = schedule_for(
        preset=preset, starts_on=starts_on, interval_days=interval_days, ends_on=ends_on
    )
    follow_up.check_ins.filter(
        invitation_status__in=[CheckIn.Invitation.SCHEDULED, CheckIn.Invitation.FAILED],
        completed_at__isnull=True,
    ).delete()
    last_kept = follow_up.check_ins.aggregate(last=Max("due_on"))["last"]
    follow_up.preset = preset
    follow_up.starts_on = starts_on
    follow_up.interval_days = schedule.interval_days
    follow_up.interval_months = schedule.interval_months
    follow_up.ends_on = schedule.ends_on
    follow_up.full_clean()
    follow_up.save()
    planned = _plan_check_ins(follow_up, after=last_kept)
    user = _staff(request)
    detail = {**_schedule_detail(follow_up), "check_ins": planned}
    _log(follow_up, FollowUpEvent.Action.SCHEDULE_CHANGED, user=user, detail=detail)
    _audit(request, follow_up, "schedule_changed", check_ins=planned)
    return follow_up


STATUS_ACTIONS = {
    FollowUp.Status.PAUSED: FollowUpEvent.Action.PAUSED,
    FollowUp.Status.ACTIVE: FollowUpEvent.Action.RESUMED,
    FollowUp.Status.STOPPED: FollowUpEvent.Action.STOPPED,
}


@transaction.atomic
def follow_up_set_status(
    *, follow_up: FollowUp, request: HttpRequest | None, status: str
) -> FollowUp:
    """Pause, resume or stop. A stopped follow-up stays stopped; one the person
    unsubscribed from cannot be resumed by staff."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    target = FollowUp.Status(status)
    if follow_up.status == target:
        return follow_up
    if follow_up.status == FollowUp.Status.STOPPED:
        raise ValidationError("Check-ins were stopped; enrol again is not possible.")
    if follow_up.unsubscribed_at and target == FollowUp.Status.ACTIVE:
        raise ValidationError("The person unsubscribed; check-ins cannot resume.")
    follow_up.status = target
    follow_up.save(update_fields=["status", "updated_at"])
    user = _staff(request)
    _log(follow_up, STATUS_ACTIONS[target], user=user)
    _audit(request, follow_up, target.value)
    return follow_up


@transaction.atomic
def treatment_event_add(
    *, assessment: Assessment, request: HttpRequest | None, kind: str, on: date
) -> TreatmentEvent:
    user = _staff(request)
    event = TreatmentEvent(
        assessment=assessment,
        kind=kind,
        on=on,
        recorded_by=user,
    )
    event.full_clean()
    event.save()
    # Locked like a completion, so the two cannot derive signals from each
    # other's half of the series.
    follow_up = (
        FollowUp.objects.select_for_update().filter(assessment=assessment).first()
    )
    if follow_up is not None:
        detail = {"kind": kind, "on": on.isoformat()}
        _log(follow_up, FollowUpEvent.Action.EVENT_ADDED, user=user, detail=detail)
        follow_up_refresh(follow_up=follow_up)
    audit_record(
        request=request,
        action=AuditEvent.Action.CHANGE,
        model="intake.treatmentevent",
        object_ids=[assessment.pk],
        detail={"treatment_event": kind},
    )
    return event


# --- invitations ---------------------------------------------------------------


def unsubscribe_token(follow_up: FollowUp) -> str:
    """A signed, non-expiring token naming only the follow-up (no health data)."""
    return signing.dumps(follow_up.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def _invitation(check_in: CheckIn, token: str) -> EmailMessage:
    follow_up = check_in.follow_up
    site = settings.KETACARE_SITE_URL
    link = site + reverse("check_in:open", args=[token])
    stop = site + reverse("check_in:unsubscribe", args=[unsubscribe_token(follow_up)])
    clinic = settings.KETACARE_CLINIC_NAME
    days = settings.KETACARE_CHECKIN_LINK_DAYS
    body = (
        f"Hello,\n\n"
        f"It is time for your regular check-in with {clinic}. It takes about "
        f"three minutes.\n\n"
        f"{link}\n\n"
        f"The link works for this check-in only and expires in {days} days. "
        f"Do not forward it.\n\n"
        f"If you are in crisis, call or text 988 (US), or call 911 if you are "
        f"in immediate danger. This email is not watched for emergencies.\n\n"
        f"To stop all check-in emails: {stop}\n"
    )
    return EmailMessage(
        f"[{clinic}] Your check-in",
        body,
        to=[check_in.follow_up.assessment.contact_email],
    )


def check_in_invitations_send(*, now: datetime | None = None) -> dict[str, int]:
    """Send every invitation that is due: idempotent under re-runs, and under
    concurrent runs (each row is locked with SKIP LOCKED while it is sent, and a
    sent row is never picked again). A failed send stays FAILED and is retried
    on the next run, up to MAX_ATTEMPTS. Check-ins of a paused, stopped or
    unsubscribed follow-up are marked SKIPPED. Returns counts."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    due = CheckIn.objects.filter(
        due_on__lte=today,
        completed_at__isnull=True,
        invitation_status__in=[CheckIn.Invitation.SCHEDULED, CheckIn.Invitation.FAILED],
        attempts__lt=MAX_ATTEMPTS,
    )
    rows = due.order_by("due_on", "pk").values_list("pk", "follow_up_id")
    for pk, follow_up_id in list(rows):
        with transaction.atomic():
            # Locks in the order every other writer takes them (the follow-up,
            # then its check-ins), so a staff change or an unsubscribe running
            # now waits or is waited for, never deadlocks. Re-checked under the
            # locks: a concurrent run holds them (skipped here) or has already
            # sent this check-in (it no longer matches).
            locked = FollowUp.objects.select_for_update(skip_locked=True).filter(
                pk=follow_up_id
            )
            if not locked.exists():
                continue
            check_in = (
                due.select_for_update(skip_locked=True, of=("self",))
                .select_related("follow_up__assessment")
                .filter(pk=pk)
                .first()
            )
            if check_in is None:
                continue
            outcome = _send_one(check_in, now)
            counts[outcome] += 1
    return counts


def _send_one(check_in: CheckIn, now: datetime) -> str:
    follow_up = check_in.follow_up
    if follow_up.status != FollowUp.Status.ACTIVE or follow_up.unsubscribed_at:
        check_in.invitation_status = CheckIn.Invitation.SKIPPED
        check_in.save(update_fields=["invitation_status", "updated_at"])
        return "skipped"
    token = secrets.token_urlsafe(32)
    check_in.attempts += 1
    check_in.last_attempt_at = now
    try:
        _invitation(check_in, token).send()
    except Exception as error:  # any mail failure: retried on the next run
        check_in.invitation_status = CheckIn.Invitation.FAILED
        check_in.save(
            update_fields=[
                "attempts",
                "last_attempt_at",
                "invitation_status",
                "updated_at",
            ]
        )
        # Ids and the error type only: no address, no content.
        logger.warning(
            "intake: check-in %s invitation not sent (attempt %d): %s",
            check_in.pk,
            check_in.attempts,
            type(error).__name__,
        )
        return "failed"
    check_in.invitation_status = CheckIn.Invitation.SENT
    check_in.sent_at = now
    check_in.token_hash = hash_token(token)
    check_in.expires_at = now + timedelta(days=settings.KETACARE_CHECKIN_LINK_DAYS)
    check_in.save()
    _log(
        follow_up, FollowUpEvent.Action.INVITED, detail={"sequence": check_in.sequence}
    )
    return "sent"


# --- the person's side ---------------------------------------------------------


def check_in_for_token(token: str, *, now: datetime | None = None) -> CheckIn:
    """The open check-in a link's token unlocks; CheckIn.DoesNotExist for a
    wrong token, CheckInClosed for one completed, expired or stopped."""
    return _open(now, token_hash=hash_token(token))


def _check_open(check_in: CheckIn, now: datetime) -> None:
    follow_up = check_in.follow_up
    if (
        check_in.completed_at is not None
        or check_in.expires_at is None
        or check_in.expires_at <= now
        or follow_up.status == FollowUp.Status.STOPPED
        or follow_up.unsubscribed_at is not None
    ):
        raise CheckInClosed


def check_in_open(pk: int, *, now: datetime | None = None) -> CheckIn:
    """The check-in a browser's session holds, if it is still open."""
    return _open(now, pk=pk)


def _open(now: datetime | None, **lookup: Any) -> CheckIn:
    check_in = CheckIn.objects.select_related("follow_up__assessment").get(**lookup)
    _check_open(check_in, now or timezone.now())
    return check_in


@transaction.atomic
def check_in_consent(*, check_in: CheckIn) -> None:
    follow_up = FollowUp.objects.select_for_update().get(pk=check_in.follow_up_id)
    if follow_up.consented_at is None:
        follow_up.consented_at = timezone.now()
        follow_up.save(update_fields=["consented_at", "updated_at"])
        _log(follow_up, FollowUpEvent.Action.CONSENTED)


@transaction.atomic
def check_in_save_step(
    *, check_in: CheckIn, step: str, data: Mapping[str, Any]
) -> CheckIn:
    """Store one page's answers. A positive PHQ-9 item 9 flags the check-in
    urgent at once (sticky) and queues a staff alert, as at intake."""
    follow_up = FollowUp.objects.select_for_update().get(pk=check_in.follow_up_id)
    check_in = CheckIn.objects.select_for_update().get(pk=check_in.pk)
    check_in.follow_up = follow_up  # already read, under its lock
    _check_open(check_in, timezone.now())
    answers = dict(check_in.answers)
    answers[step] = dict(data)
    check_in.answers = answers
    check_in.started_at = check_in.started_at or timezone.now()
    became_urgent = False
    if step == PHQ9.key:
        check_in.item9_positive = scoring.item9_positive(data)
        became_urgent = check_in.item9_positive and not check_in.urgent
        check_in.urgent = check_in.urgent or check_in.item9_positive
    check_in.save()
    if became_urgent:
        alerts.staff_alert_queue_check_in(check_in=check_in)
        # On the record's timeline; which answer it was stays in the check-in.
        _log(
            follow_up,
            FollowUpEvent.Action.URGENT,
            detail={"sequence": check_in.sequence},
        )
    return check_in


@transaction.atomic
def check_in_complete(*, check_in: CheckIn) -> CheckIn:
    """Score and close the check-in, then re-read the series for signals.
    Completing twice returns the completed check-in."""
    # The follow-up first, then the check-in: the order every writer uses.
    follow_up = FollowUp.objects.select_for_update().get(pk=check_in.follow_up_id)
    check_in = CheckIn.objects.select_for_update().get(pk=check_in.pk)
    check_in.follow_up = follow_up  # already read, under its lock
    if check_in.completed_at is not None:
        return check_in
    _check_open(check_in, timezone.now())
    answers = check_in.answers
    check_in.phq9_total = scoring.score(PHQ9, answers.get(PHQ9.key, {})).total
    check_in.gad7_total = scoring.score(GAD7, answers.get(GAD7.key, {})).total
    session = answers.get("session", {})
    check_in.had_session = session.get("had_session")
    on = session.get("session_on")
    check_in.session_on = date.fromisoformat(on) if on else None
    check_in.completed_at = timezone.now()
    check_in.save()
    follow_up.last_check_in_at = check_in.completed_at
    follow_up.save(update_fields=["last_check_in_at", "updated_at"])
    _log(
        follow_up,
        FollowUpEvent.Action.COMPLETED,
        detail={"sequence": check_in.sequence},
    )
    follow_up_refresh(follow_up=follow_up)
    check_in.refresh_from_db()
    return check_in


def follow_up_unsubscribe(*, token: str) -> FollowUp | None:
    """Stop every check-in of the follow-up the signed token names. Idempotent;
    None for a token that is not ours."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().filter(pk=pk).first()
        if follow_up is None:
            return None
        if follow_up.unsubscribed_at is None:
            follow_up.unsubscribed_at = timezone.now()
            follow_up.save(update_fields=["unsubscribed_at", "updated_at"])
            _log(follow_up, FollowUpEvent.Action.UNSUBSCRIBED)
            follow_up.check_ins.filter(
                completed_at__isnull=True,
                invitation_status__in=[
                    CheckIn.Invitation.SCHEDULED,
                    CheckIn.Invitation.FAILED,
                ],
            ).update(invitation_status=CheckIn.Invitation.SKIPPED)
    return follow_up


# --- the series ----------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """A person's follow-up as the curve, the table and the rules see it."""

    baseline_phq9: int
    baseline_gad7: int | None
    baseline_on: date
    check_ins: list[CheckIn]
    events: list[TreatmentEvent]
    course: followup.Course
    series_end: date | None


def completed_on(check_in: CheckIn) -> date:
    if check_in.completed_at is None:
        raise ValueError(f"check-in {check_in.pk} is not completed")
    return timezone.localdate(check_in.completed_at)


def readings(check_ins: list[CheckIn]) -> list[Reading]:
    """One reading per day (completed check-ins only): when two were completed
    the same day, the later one stands for that day."""
    by_day: dict[date, CheckIn] = {}
    for check_in in sorted(check_ins, key=lambda c: (completed_on(c), c.completed_at)):
        by_day[completed_on(check_in)] = check_in
    return [
        Reading(on=day, phq9=c.phq9_total or 0, gad7=c.gad7_total)
        for day, c in sorted(by_day.items())
    ]


def follow_up_series(follow_up: FollowUp) -> Series:
    assessment = follow_up.assessment
    completed = list(follow_up.check_ins.completed().order_by("completed_at", "pk"))
    events = list(TreatmentEvent.objects.filter(assessment=assessment))
    ends = [e.on for e in events if e.kind == TreatmentEvent.Kind.SERIES_END]
    baseline = assessment.phq9_total or 0
    submitted = assessment.submitted_at or assessment.created_at
    return Series(
        baseline_phq9=baseline,
        baseline_gad7=assessment.gad7_total,
        baseline_on=timezone.localdate(submitted),
        check_ins=completed,
        events=events,
        course=followup.course(baseline, readings(completed)),
        series_end=max(ends) if ends else None,
    )


def follow_up_refresh(*, follow_up: FollowUp) -> FollowUp:
    """Re-derive the signals of every completed check-in and the follow-up's
    summary (latest signal, first warning, duration of response)."""
    series = follow_up_series(follow_up)
    flagged = {step.on: step.signals for step in series.course.checkins}
    changed = []
    for check_in in series.check_ins:
        signals = flagged.get(completed_on(check_in), frozenset())
        early = followup.Signal.EARLY_WARNING in signals
        relapse = followup.Signal.POSSIBLE_RELAPSE in signals
        if (check_in.early_warning, check_in.possible_relapse) != (early, relapse):
            check_in.early_warning, check_in.possible_relapse = early, relapse
            changed.append(check_in)
    CheckIn.objects.bulk_update(changed, ["early_warning", "possible_relapse"])
    latest = series.course.checkins[-1] if series.course.checkins else None
    strongest = latest.strongest if latest else None
    # The first warning since the (latest) induction series ended: a warning
    # before a second series belongs to the first one, and counting it would
    # drop the person from their own duration of response.
    first = next(
        (
            step
            for step in series.course.checkins
            if step.signals
            and (series.series_end is None or step.on >= series.series_end)
        ),
        None,
    )
    follow_up.latest_signal = strongest.value if strongest else ""
    follow_up.first_warning_on = first.on if first else None
    follow_up.response_days = followup.response_duration_days(
        series.series_end, follow_up.first_warning_on
    )
    follow_up.save(
        update_fields=[
            "latest_signal",
            "first_warning_on",
            "response_days",
            "updated_at",
        ]
    )
    return follow_up
