"""Check-ins on the staff side: the detail page's section and its actions.

The section shows a person's follow-up (schedule, state, treatment events,
every check-in with its scores and flags, and the curve) to anyone who may open
the record; enrolling and changing it takes intake.manage_follow_up. Each
action is a POST that validates a form, calls one service of intake.checkins
(which writes the FollowUpEvent and the audit row), leaves a message and goes
back to the record: a refusal is an error message, never an error page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from intake import checkins
from intake.curve import curve_context
from intake.domain.followup import Preset, Signal
from intake.models import Assessment, CheckIn, FollowUp, TreatmentEvent
from intake.staff.forms import (
    FollowUpScheduleForm,
    FollowUpStatusForm,
    TreatmentEventForm,
)

MANAGE_PERMISSION = "intake.manage_follow_up"
CURVE_TEMPLATE = "intake/includes/curve.html"
# OverflowError: a date near the calendar's end; a refusal, never an error page.
REFUSED = (ValueError, OverflowError, ValidationError, checkins.NotEnrollable)


# --- the queue's column --------------------------------------------------------


def queue_flags(obj: Assessment) -> str:
    """The follow-up flags of a queue row (follow_up_flags annotations), in
    words: a badge with text, never colour alone."""
    flags: list[tuple[str, str]] = []
    if obj.check_in_urgent:
        flags.append(("kc-urgent", _("Urgent check-in")))
    if obj.check_in_signal == Signal.POSSIBLE_RELAPSE:
        flags.append(("kc-flag kc-flag--strong", _("Possible relapse")))
    elif obj.check_in_signal == Signal.EARLY_WARNING:
        flags.append(("kc-flag", _("Early warning")))
    if obj.check_in_overdue:
        flags.append(("kc-flag", _("Overdue check-in")))
    if flags:
        return format_html_join(" ", '<strong class="{}">{}</strong>', flags)
    if obj.check_in_enrolled:
        return format_html('<span class="kc-muted">{}</span>', _("Enrolled"))
    return format_html('<span class="kc-muted">{}</span>', _("Not enrolled"))


# --- the detail page -----------------------------------------------------------


@dataclass(frozen=True)
class CheckInRow:
    check_in: CheckIn
    invitation: str
    completed_on: date | None
    signal: str
    overdue: bool


@dataclass
class Panel:
    can_manage: bool
    follow_up: FollowUp | None = None
    why_not: str = ""
    schedule: str = ""
    enrol_form: forms.Form | None = None
    schedule_form: forms.Form | None = None
    event_form: forms.Form | None = None
    statuses: list[tuple[str, str]] = field(default_factory=list)
    rows: list[CheckInRow] = field(default_factory=list)
    events: list[TreatmentEvent] = field(default_factory=list)
    curve: SafeString | None = None
    overdue_days: int = field(
        default_factory=lambda: settings.KETACARE_CHECKIN_OVERDUE_DAYS
    )


def why_not_enrollable(assessment: Assessment) -> str:
    """Why the person cannot be invited to check-ins, or "" when they can.
    Reads no encrypted column: the email's blind index says one was given."""
    if assessment.status != Assessment.Status.SUBMITTED:
        return _("The assessment was not submitted, so check-ins cannot start.")
    if not (assessment.wants_contact and assessment.consented_at):
        return _(
            "The person did not agree to be contacted, so they cannot be invited "
            "to check-ins."
        )
    if not assessment.email_index:
        return _(
            "The person gave no email address, so check-in invitations cannot "
            "reach them."
        )
    return ""


def schedule_text(follow_up: FollowUp) -> str:
    if follow_up.preset == Preset.CUSTOM:
        how = _("Every %(days)s days") % {"days": follow_up.interval_days}
    else:
        how = str(follow_up.get_preset_display())
    return _("%(how)s, from %(start)s to %(end)s") % {
        "how": how,
        "start": _date(follow_up.starts_on),
        "end": _date(follow_up.ends_on),
    }


def _date(day: date) -> str:
    return date_format(day, "j M Y")


def invitation_text(check_in: CheckIn) -> str:
    if check_in.invitation_status == CheckIn.Invitation.FAILED:
        return _("Failed after %(count)s attempts, will retry") % {
            "count": check_in.attempts
        }
    return str(check_in.get_invitation_status_display())


def is_overdue(check_in: CheckIn, follow_up: FollowUp, today: date) -> bool:
    """The same rule as the queue's filter (filters.overdue_check_ins)."""
    late = today - timedelta(days=settings.KETACARE_CHECKIN_OVERDUE_DAYS)
    return (
        check_in.completed_at is None
        and check_in.due_on < late
        and check_in.invitation_status != CheckIn.Invitation.SKIPPED
        and follow_up.status == FollowUp.Status.ACTIVE
        and follow_up.unsubscribed_at is None
    )


def _signal_text(check_in: CheckIn) -> str:
    if check_in.possible_relapse:
        return _("Possible relapse")
    if check_in.early_warning:
        return _("Early warning")
    return ""


def _row(check_in: CheckIn, follow_up: FollowUp, today: date) -> CheckInRow:
    completed = check_in.completed_at
    return CheckInRow(
        check_in=check_in,
        invitation=invitation_text(check_in),
        completed_on=timezone.localdate(completed) if completed else None,
        signal=_signal_text(check_in),
        overdue=is_overdue(check_in, follow_up, today),
    )


def _curve(follow_up: FollowUp, series: checkins.Series | None = None) -> SafeString:
    series = series or checkins.follow_up_series(follow_up)
    context = curve_context(series, staff=True)
    return render_to_string(
        CURVE_TEMPLATE, {**context, "curve_id": "kc-curve", "curve_heading_level": 3}
    )


def _statuses(follow_up: FollowUp) -> list[tuple[str, str]]:
    """The status buttons that make sense now (value, label)."""
    if follow_up.status == FollowUp.Status.STOPPED:
        return []
    buttons = []
    if follow_up.status == FollowUp.Status.ACTIVE:
        buttons.append((FollowUp.Status.PAUSED.value, _("Pause check-ins")))
    elif not follow_up.unsubscribed_at:
        buttons.append((FollowUp.Status.ACTIVE.value, _("Resume check-ins")))
    buttons.append((FollowUp.Status.STOPPED.value, _("Stop check-ins")))
    return buttons


def panel(request: HttpRequest, assessment: Assessment) -> Panel:
    """The check-ins section of one record's detail page."""
    can_manage = request.user.has_perm(MANAGE_PERMISSION)
    # The admin's queryset already says whether there is one (no query then).
    enrolled = getattr(assessment, "check_in_enrolled", True)
    follow_up = (
        FollowUp.objects.filter(assessment=assessment).first() if enrolled else None
    )
    if follow_up is None:
        why_not = why_not_enrollable(assessment)
        return Panel(
            can_manage=can_manage,
            why_not=why_not,
            enrol_form=FollowUpScheduleForm() if can_manage and not why_not else None,
        )
    follow_up.assessment = assessment  # the series reads the baseline from it
    series = checkins.follow_up_series(follow_up)  # its events serve the list too
    today = timezone.localdate()
    rows = [_row(c, follow_up, today) for c in follow_up.check_ins.order_by("due_on")]
    schedule_form = None
    if can_manage and follow_up.status != FollowUp.Status.STOPPED:
        schedule_form = FollowUpScheduleForm(
            initial={
                "preset": follow_up.preset,
                "starts_on": follow_up.starts_on,
                "interval_days": follow_up.interval_days,
                "ends_on": follow_up.ends_on,
            }
        )
    return Panel(
        can_manage=can_manage,
        follow_up=follow_up,
        schedule=schedule_text(follow_up),
        schedule_form=schedule_form,
        event_form=TreatmentEventForm() if can_manage else None,
        statuses=_statuses(follow_up) if can_manage else [],
        rows=rows,
        events=series.events,
        curve=_curve(follow_up, series),
    )


# --- the actions ---------------------------------------------------------------


def _refused(request: HttpRequest, what: str, error: Exception) -> None:
    reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
    messages.error(request, f"{what} {' '.join(reasons)}")


def _invalid(request: HttpRequest, what: str, form: forms.Form) -> None:
    reasons = [
        f"{form.fields[name].label}: {error}" if name in form.fields else str(error)
        for name, errors in form.errors.items()
        for error in errors
    ]
    messages.error(request, f"{what} {' '.join(reasons)}")


def _follow_up(request: HttpRequest, assessment: Assessment) -> FollowUp | None:
    found = FollowUp.objects.filter(assessment=assessment).first()
    if found is None:
        messages.error(request, _("This person is not enrolled in check-ins."))
    return found


def enrol(request: HttpRequest, assessment: Assessment) -> None:
    what = _("The person was not enrolled.")
    form = FollowUpScheduleForm(request.POST)
    if not form.is_valid():
        _invalid(request, what, form)
        return
    try:
        follow_up = checkins.follow_up_enrol(
            assessment=assessment, request=request, **form.cleaned_data
        )
    except REFUSED as error:
        _refused(request, what, error)
        return
    messages.success(
        request,
        _("Enrolled in check-ins: %(count)s planned.")
        % {"count": follow_up.check_ins.count()},
    )


def change_schedule(request: HttpRequest, assessment: Assessment) -> None:
    what = _("The schedule was not changed.")
    follow_up = _follow_up(request, assessment)
    form = FollowUpScheduleForm(request.POST)
    if follow_up is None:
        return
    if not form.is_valid():
        _invalid(request, what, form)
        return
    if follow_up.status == FollowUp.Status.STOPPED:
        messages.error(request, f"{what} {_('Check-ins were stopped.')}")
        return
    try:
        checkins.follow_up_change_schedule(
            follow_up=follow_up, request=request, **form.cleaned_data
        )
    except REFUSED as error:
        _refused(request, what, error)
        return
    messages.success(request, _("The check-in schedule was changed."))


STATUS_DONE = {
    FollowUp.Status.PAUSED: _("Check-ins paused: no invitations until resumed."),
    FollowUp.Status.ACTIVE: _("Check-ins resumed."),
    FollowUp.Status.STOPPED: _("Check-ins stopped."),
}


def set_status(request: HttpRequest, assessment: Assessment) -> None:
    what = _("The check-ins were not changed.")
    follow_up = _follow_up(request, assessment)
    form = FollowUpStatusForm(request.POST)
    if follow_up is None:
        return
    if not form.is_valid():
        _invalid(request, what, form)
        return
    status = FollowUp.Status(form.cleaned_data["status"])
    try:
        checkins.follow_up_set_status(
            follow_up=follow_up, request=request, status=status
        )
    except REFUSED as error:
        _refused(request, what, error)
        return
    messages.success(request, str(STATUS_DONE[status]))


def add_event(request: HttpRequest, assessment: Assessment) -> None:
    what = _("The treatment event was not recorded.")
    form = TreatmentEventForm(request.POST)
    if not form.is_valid():
        _invalid(request, what, form)
        return
    try:
        event = checkins.treatment_event_add(
            assessment=assessment, request=request, **form.cleaned_data
        )
    except REFUSED as error:
        _refused(request, what, error)
        return
    messages.success(request, _("Recorded: %(event)s.") % {"event": event})


ACTIONS: dict[str, Callable[[HttpRequest, Assessment], Any]] = {
    "enrol": enrol,
    "schedule": change_schedule,
    "status": set_status,
    "event": add_event,
}
