"""The dashboard's numbers for a date range. Each figure comes from one
aggregate query (two for check-ins), so the page costs the same number of
queries whatever the size of the data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
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
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.domain.triage import OUTCOME_LABELS
from intake.domain.workflow import OPEN, REVIEW_LABELS
from intake.models import Assessment, CheckIn, FollowUp, StaffAlert, TreatmentEvent
from intake.staff.filters import overdue_check_ins

AGE_BUCKETS = (
    ("under_1", _("Under 1 day")),
    ("d1_3", _("1 to 3 days")),
    ("d3_7", _("3 to 7 days")),
    ("over_7", _("Over 7 days")),
)
NO_OUTCOME = _("No outcome")


# --- Days and weeks ----------------------------------------------------------


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


def week_label(monday: date, *, with_year: bool = False) -> str:
    return f"{monday.day} {monday:%b %Y}" if with_year else f"{monday.day} {monday:%b}"


def week_labels(mondays: list[date]) -> list[str]:
    """One label per week, each different: the year is added when the weeks
    span more than one (a range over a year would repeat "6 Jan")."""
    with_year = len({monday.year for monday in mondays}) > 1
    return [week_label(monday, with_year=with_year) for monday in mondays]


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
    """Follow-ups as they stand now; check-ins due in the range. Enrolled and
    overdue mean what they mean in the queue: a person who unsubscribed gets no
    invitations, and overdue is filters.overdue_check_ins."""
    today = timezone.localdate(now)
    running = Q(status=FollowUp.Status.ACTIVE, unsubscribed_at__isnull=True)
    people = FollowUp.objects.aggregate(
        enrolled=Count("id", filter=running),
        early_warnings=Count("id", filter=running & ~Q(latest_signal="")),
    )
    check_ins = CheckIn.objects.filter(
        due_on__gte=start, due_on__lte=end, completed_at__isnull=True
    ).aggregate(
        due=Count(
            "id",
            filter=Q(invitation_status=CheckIn.Invitation.SENT)
            & (Q(expires_at__isnull=True) | Q(expires_at__gt=now)),
        ),
        overdue=Count("id", filter=overdue_check_ins(today)),
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
    return settings.KETACARE_DASHBOARD_MIN_PATIENTS
