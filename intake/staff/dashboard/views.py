"""The dashboard page: the date-range form and the view, which reads every
figure for the range and records the read in the audit log."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from intake.domain.survival import kaplan_meier
from intake.domain.workflow import REVIEW_LABELS
from intake.staff.dashboard.figures import (
    km_figure,
    open_work_figure,
    outcomes_figure,
    urgent_figure,
)
from intake.staff.dashboard.queries import (
    AGE_BUCKETS,
    check_in_counts,
    duration_observations,
    minimum_patients,
    open_work,
    submitted_per_week,
    urgent_view_times,
)
from ketacare.audit import audit_record
from ketacare.models import AuditEvent

DEFAULT_WEEKS = 12
# A wider range would draw hundreds of weekly bars; a year and a bit is plenty.
LONGEST_RANGE = timedelta(days=3 * 366)
# The dates a range may use: nothing was recorded before the clinic's system
# existed, and a date near the calendar's end would overflow the week maths.
EARLIEST = date(2000, 1, 1)
LATEST_AHEAD = timedelta(days=365)


# --- The date range -----------------------------------------------------------


class DashboardRangeForm(forms.Form):
    """`from` and `to` (inclusive dates); either may be left out. Each lies
    between EARLIEST and a year from today, and the range the page would show
    (a missing end is today, a missing start 12 weeks before the end) is at
    most LONGEST_RANGE."""

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        latest = self.today + LATEST_AHEAD
        bounded = {
            "min_value": EARLIEST,
            "max_value": latest,
            "error_messages": {
                "min_value": _("Choose a date from %(earliest)s on.")
                % {"earliest": EARLIEST.isoformat()},
                "max_value": _("Choose a date before %(latest)s.")
                % {"latest": latest.isoformat()},
            },
        }
        # "from" is a Python keyword, so the fields are added here by name.
        self.fields["from"] = forms.DateField(
            label=_("From"),
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}),
        )
        self.fields["to"] = forms.DateField(
            label=_("To"),
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}),
        )
        for name in ("from", "to"):
            self._bound(self.fields[name], **bounded)

    @staticmethod
    def _bound(
        field: forms.Field,
        *,
        min_value: date,
        max_value: date,
        error_messages: dict[str, str],
    ) -> None:
        field.validators += [
            MinValueValidator(min_value, message=error_messages["min_value"]),
            MaxValueValidator(max_value, message=error_messages["max_value"]),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The start date must be on or before the end date.")
            )
        shown_end = end or self.today
        shown_start = start or default_range(shown_end)[0]
        if shown_end - shown_start > LONGEST_RANGE:
            raise forms.ValidationError(_("Choose a range of three years or less."))
        return cleaned


def default_range(today: date) -> tuple[date, date]:
    return today - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1), today


def dashboard_range(form: DashboardRangeForm, today: date) -> tuple[date, date]:
    """The range the form asks for, or the last 12 weeks where it is invalid
    or empty; a missing end is today, a missing start 12 weeks before the end."""
    if not form.is_valid():
        return default_range(today)
    end = form.cleaned_data.get("to") or today
    start = form.cleaned_data.get("from") or default_range(end)[0]
    if start > end:  # only an end before the default start was given
        return default_range(today)
    return start, end


# --- The view ---------------------------------------------------------------------


@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("intake.view_assessment"):
        raise PermissionDenied
    now = timezone.now()
    today = timezone.localdate(now)
    form = DashboardRangeForm(request.GET or None, today=today)
    start, end = dashboard_range(form, today)

    outcomes = submitted_per_week(start, end)
    work = open_work(start, end, now)
    urgent = urgent_view_times(start, end)
    promise = settings.KETACARE_REVIEW_PROMISE_MINUTES
    observations = duration_observations(start, end)
    enough = len(observations) >= minimum_patients()
    fit = kaplan_meier(observations) if enough else None
    km, at_risk = km_figure(fit) if fit is not None else (None, [])

    audit_record(
        request=request,
        action=AuditEvent.Action.LIST,
        model="intake.dashboard",
        detail={"from": start.isoformat(), "to": end.isoformat()},
    )
    context = {
        **admin.site.each_context(request),
        "title": _("Dashboard"),
        "form": form,
        "start": start,
        "end": end,
        "outcomes": outcomes,
        "outcome_rows": outcomes.rows(),
        "outcomes_figure": outcomes_figure(outcomes),
        "age_buckets": [label for _k, label in AGE_BUCKETS],
        "work_rows": [
            (REVIEW_LABELS[s], [ages[k] for k, _l in AGE_BUCKETS], sum(ages.values()))
            for s, ages in work.items()
        ],
        "work_figure": open_work_figure(work),
        "urgent": urgent,
        "urgent_figure": urgent_figure(urgent, promise),
        "unviewed": sum(w.unviewed for w in urgent),
        "promise": promise,
        "check_ins": check_in_counts(start, end, now),
        "overdue_days": settings.KETACARE_CHECKIN_OVERDUE_DAYS,
        "enough": enough,
        "patients": len(observations),
        "minimum_patients": minimum_patients(),
        "km": fit,
        "km_figure": km,
        "at_risk": at_risk,
    }
    return render(request, "admin/intake/dashboard.html", context)
