"""The staff dashboard: intake volume, open work, urgent response times,
check-ins and the clinic's own duration curve, for a date range.

Each figure comes from one aggregate query (two for check-ins), so the page
costs the same number of queries whatever the size of the data. Charts are
drawn on the server by ketacare.charts; every chart has a data table beside it
as its text alternative, built from the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Aggregate,
    Count,
    F,
    FloatField,
    Func,
    Max,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import TruncWeek
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from intake.domain.survival import KaplanMeier, kaplan_meier
from intake.domain.triage import OUTCOME_LABELS
from intake.domain.workflow import OPEN, REVIEW_LABELS
from intake.models import Assessment, CheckIn, FollowUp, StaffAlert, TreatmentEvent
from ketacare.audit import audit_record
from ketacare.charts import (
    TEXTURES,
    AxisRow,
    Figure,
    RefLine,
    Series,
    Stack,
    bar_chart,
    line_chart,
    nice_step,
)
from ketacare.models import AuditEvent

DEFAULT_WEEKS = 12
# A wider range would draw hundreds of weekly bars; a year and a bit is plenty.
LONGEST_RANGE = timedelta(days=3 * 366)
AGE_BUCKETS = (
    ("under_1", _("Under 1 day")),
    ("d1_3", _("1 to 3 days")),
    ("d3_7", _("3 to 7 days")),
    ("over_7", _("Over 7 days")),
)
NO_OUTCOME = _("No outcome")


# --- The date range -----------------------------------------------------------


class DashboardRangeForm(forms.Form):
    """`from` and `to` (inclusive dates); either may be left out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end:
            if start > end:
                raise forms.ValidationError(
                    _("The start date must be on or before the end date.")
                )
            if end - start > LONGEST_RANGE:
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


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in the site's time zone."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def weeks_between(start: date, end: date) -> list[date]:
    """The Mondays of every week that overlaps the range."""
    monday = start - timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append(monday)
        monday += timedelta(weeks=1)
    return weeks


def week_label(monday: date) -> str:
    return f"{monday.day} {monday:%b}"


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date()
    return value


# --- 1. Submitted assessments per week, by outcome ----------------------------


@dataclass(frozen=True)
class WeeklyOutcomes:
    weeks: list[date]
    outcomes: list[tuple[str, str]]  # (value, label)
    counts: dict[tuple[date, str], int]

    def rows(self) -> list[tuple[date, list[int], int]]:
        result = []
        for week in self.weeks:
            cells = [
                self.counts.get((week, value), 0) for value, _label in self.outcomes
            ]
            result.append((week, cells, sum(cells)))
        return result


def submitted_per_week(start: date, end: date) -> WeeklyOutcomes:
    low, high = _bounds(start, end)
    rows = (
        Assessment.objects.filter(
            status=Assessment.Status.SUBMITTED,
            submitted_at__gte=low,
            submitted_at__lt=high,
        )
        .annotate(week=TruncWeek("submitted_at"))
        .values("week", "outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {(_as_date(r["week"]), r["outcome"]): r["n"] for r in rows}
    outcomes = [(o.value, str(label)) for o, label in OUTCOME_LABELS.items()]
    if any(outcome == "" for _week, outcome in counts):
        outcomes.append(("", str(NO_OUTCOME)))
    return WeeklyOutcomes(weeks_between(start, end), outcomes, counts)


# --- 2. Open work by status and age --------------------------------------------


def open_work(start: date, end: date, now: datetime) -> dict[str, dict[str, int]]:
    """Open records submitted in the range, by review status and by how long
    ago they were submitted."""
    low, high = _bounds(start, end)
    day = timedelta(days=1)
    rows = (
        Assessment.objects.filter(
            status=Assessment.Status.SUBMITTED,
            review_status__in=OPEN,
            submitted_at__gte=low,
            submitted_at__lt=high,
        )
        .values("review_status")
        .annotate(
            under_1=Count("id", filter=Q(submitted_at__gt=now - day)),
            d1_3=Count(
                "id",
                filter=Q(submitted_at__lte=now - day, submitted_at__gt=now - 3 * day),
            ),
            d3_7=Count(
                "id",
                filter=Q(
                    submitted_at__lte=now - 3 * day, submitted_at__gt=now - 7 * day
                ),
            ),
            over_7=Count("id", filter=Q(submitted_at__lte=now - 7 * day)),
        )
        .order_by()
    )
    found = {r["review_status"]: r for r in rows}
    return {
        status: {key: found.get(status, {}).get(key, 0) for key, _label in AGE_BUCKETS}
        for status in _open_statuses()
    }


def _open_statuses() -> list[str]:
    # In the workflow's own order, not the set's.
    return [status for status in REVIEW_LABELS if status in OPEN]


# --- 3. Urgent alerts: minutes to the first view --------------------------------


class Percentile(Aggregate):
    """PostgreSQL's percentile_cont: the interpolated `fraction` percentile."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        super().__init__(expression, fraction=float(fraction), **extra)


def _minutes_between(first: str, then: str) -> Func:
    return Func(
        F(then) - F(first),
        template="EXTRACT(EPOCH FROM %(expressions)s) / 60.0",
        output_field=FloatField(),
    )


@dataclass(frozen=True)
class UrgentWeek:
    week: date
    alerts: int
    viewed: int
    unviewed: int
    median: float | None
    p90: float | None


def urgent_view_times(start: date, end: date) -> list[UrgentWeek]:
    low, high = _bounds(start, end)
    minutes = _minutes_between("created_at", "first_viewed_at")
    viewed = Q(first_viewed_at__isnull=False)
    rows = (
        StaffAlert.objects.filter(created_at__gte=low, created_at__lt=high)
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(
            alerts=Count("id"),
            viewed=Count("id", filter=viewed),
            median=Percentile(minutes, 0.5, filter=viewed),
            p90=Percentile(minutes, 0.9, filter=viewed),
        )
        .order_by()
    )
    found = {_as_date(r["week"]): r for r in rows}
    weeks = []
    for week in weeks_between(start, end):
        r = found.get(week, {})
        alerts, seen = r.get("alerts", 0), r.get("viewed", 0)
        weeks.append(
            UrgentWeek(week, alerts, seen, alerts - seen, r.get("median"), r.get("p90"))
        )
    return weeks


# --- 4. Check-ins ------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInCounts:
    enrolled: int
    due: int
    overdue: int
    early_warnings: int


def check_in_counts(start: date, end: date, now: datetime) -> CheckInCounts:
    """Follow-ups as they stand now; check-ins due in the range."""
    today = timezone.localdate(now)
    people = FollowUp.objects.aggregate(
        enrolled=Count("id", filter=Q(status=FollowUp.Status.ACTIVE)),
        early_warnings=Count(
            "id", filter=Q(status=FollowUp.Status.ACTIVE) & ~Q(latest_signal="")
        ),
    )
    overdue_before = today - timedelta(days=settings.KETACARE_CHECKIN_OVERDUE_DAYS)
    check_ins = CheckIn.objects.filter(
        due_on__gte=start, due_on__lte=end, completed_at__isnull=True
    ).aggregate(
        due=Count(
            "id",
            filter=Q(invitation_status=CheckIn.Invitation.SENT)
            & (Q(expires_at__isnull=True) | Q(expires_at__gt=now)),
        ),
        overdue=Count("id", filter=Q(due_on__lt=overdue_before)),
    )
    return CheckInCounts(
        enrolled=people["enrolled"],
        due=check_ins["due"],
        overdue=check_ins["overdue"],
        early_warnings=people["early_warnings"],
    )


# --- 5. The duration curve ----------------------------------------------------------


def duration_observations(start: date, end: date) -> list[tuple[float, bool]]:
    """(days, event) per enrolled patient whose induction series ended in the
    range: days from the latest series end to the first early warning, or to
    the last completed check-in (censored; 0 days with none yet).

    A warning dated before the series end is not a warning after induction, so
    such a patient is left out rather than given a negative time.
    """
    series_end = (
        TreatmentEvent.objects.filter(
            assessment=OuterRef("assessment"), kind=TreatmentEvent.Kind.SERIES_END
        )
        .order_by("-on", "-pk")
        .values("on")[:1]
    )
    last_done = (
        CheckIn.objects.filter(follow_up=OuterRef("pk"), completed_at__isnull=False)
        .order_by()
        .values("follow_up")
        .annotate(last=Max("completed_at"))
        .values("last")
    )
    rows = (
        FollowUp.objects.annotate(
            series_end=Subquery(series_end), last_done=Subquery(last_done)
        )
        .filter(series_end__gte=start, series_end__lte=end)
        .values("series_end", "first_warning_on", "last_done")
        .order_by("pk")
    )
    observations = []
    for r in rows:
        began: date = r["series_end"]
        if r["first_warning_on"] is not None:
            days, event = (r["first_warning_on"] - began).days, True
        elif r["last_done"] is not None:
            days, event = max(0, (_as_date(r["last_done"]) - began).days), False
        else:
            days, event = 0, False
        if days >= 0:
            observations.append((float(days), event))
    return observations


def minimum_patients() -> int:
    return getattr(settings, "KETACARE_DASHBOARD_MIN_PATIENTS", 10)


# --- Charts ----------------------------------------------------------------------


def _stacks(labels: list[str], columns: list[list[int]]) -> list[Stack]:
    return [
        Stack(label, values, f"stack-{i + 1}", TEXTURES[i % len(TEXTURES)])
        for i, (label, values) in enumerate(zip(labels, columns, strict=True))
    ]


def outcomes_figure(data: WeeklyOutcomes) -> Figure:
    rows = data.rows()
    columns = [[cells[i] for _w, cells, _t in rows] for i in range(len(data.outcomes))]
    return bar_chart(
        [week_label(w) for w in data.weeks],
        _stacks([label for _v, label in data.outcomes], columns),
        title=str(_("Submitted assessments per week, by outcome")),
        y_label=str(_("Assessments")),
        x_label=str(_("Week beginning")),
    )


def open_work_figure(work: dict[str, dict[str, int]]) -> Figure:
    statuses = list(work)
    columns = [[work[s][key] for s in statuses] for key, _label in AGE_BUCKETS]
    return bar_chart(
        [str(REVIEW_LABELS[s]) for s in statuses],
        _stacks([str(label) for _k, label in AGE_BUCKETS], columns),
        title=str(_("Open records by status and time since submission")),
        y_label=str(_("Records")),
        x_label=str(_("Review status")),
    )


def urgent_figure(weeks: list[UrgentWeek], promise: int) -> Figure:
    highest = max(
        [promise, *(w.p90 or 0 for w in weeks), *(w.median or 0 for w in weeks)]
    )
    step = nice_step(highest)
    y_max = max(step, -(-highest // step) * step)
    return line_chart(
        [
            Series(
                str(_("Median")),
                [w.median for w in weeks],
                "series-median",
                marker="circle",
            ),
            Series(
                str(_("90th percentile")),
                [w.p90 for w in weeks],
                "series-p90",
                marker="triangle",
                dash="dashed",
            ),
        ],
        title=str(_("Minutes from an urgent flag to the first staff view")),
        y_max=y_max,
        y_label=str(_("Minutes")),
        x_labels=[week_label(w.week) for w in weeks],
        x_label=str(_("Week beginning")),
        hlines=[RefLine(promise, str(_("Promise: %(n)s min")) % {"n": promise})],
    )


def _km_points(fit: KaplanMeier) -> tuple[list[float], list[float]]:
    """The curve's corners in percent: the start, each drop, the last follow-up."""
    xs, ys = [0.0], [100.0]
    for step in fit.steps:
        if step.time == 0:
            ys[0] = step.survival * 100
            continue
        xs.append(step.time)
        ys.append(step.survival * 100)
    last = fit.durations[-1] if fit.durations else 0.0
    if last > xs[-1]:
        xs.append(last)
        ys.append(ys[-1])
    return xs, ys


def km_figure(fit: KaplanMeier) -> tuple[Figure, list[tuple[float, int]]]:
    xs, ys = _km_points(fit)
    longest = xs[-1]
    step = nice_step(longest) if longest > 0 else 1.0
    ticks = [i * step for i in range(int(longest // step) + 1)]
    at_risk = [(t, fit.at_risk_at(t)) for t in ticks]
    figure = line_chart(
        [Series(str(_("Without an early warning")), ys, "series-km", marker="none")],
        title=str(_("Share of patients without an early warning after induction")),
        y_max=100,
        y_label=str(_("Per cent")),
        x_values=xs,
        x_ticks=ticks,
        x_label=str(_("Days since the end of the induction series")),
        rows=[AxisRow(str(_("At risk")), [(t, str(n)) for t, n in at_risk])],
        step=True,
    )
    return figure, at_risk


# --- The view ---------------------------------------------------------------------


@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("intake.view_assessment"):
        raise PermissionDenied
    now = timezone.now()
    form = DashboardRangeForm(request.GET or None)
    start, end = dashboard_range(form, timezone.localdate(now))

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
