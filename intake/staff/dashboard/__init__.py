"""The staff dashboard: intake volume, open work, urgent response times,
check-ins and the clinic's own duration curve, for a date range.

Each figure comes from one aggregate query (two for check-ins), so the page
costs the same number of queries whatever the size of the data. Charts are
drawn on the server by ketacare.charts; every chart has a data table beside it
as its text alternative, built from the same numbers.
"""

from intake.staff.dashboard.figures import (
    km_figure,
    open_work_figure,
    outcomes_figure,
    urgent_figure,
)
from intake.staff.dashboard.queries import (
    AGE_BUCKETS,
    NO_OUTCOME,
    CheckInCounts,
    Percentile,
    UrgentWeek,
    WeeklyOutcomes,
    check_in_counts,
    duration_observations,
    minimum_patients,
    open_work,
    submitted_per_week,
    urgent_view_times,
    week_label,
    week_labels,
    weeks_between,
)
from intake.staff.dashboard.views import (
    DEFAULT_WEEKS,
    LONGEST_RANGE,
    DashboardRangeForm,
    dashboard_range,
    dashboard_view,
    default_range,
)

__all__ = [
    "AGE_BUCKETS",
    "DEFAULT_WEEKS",
    "LONGEST_RANGE",
    "NO_OUTCOME",
    "CheckInCounts",
    "DashboardRangeForm",
    "Percentile",
    "UrgentWeek",
    "WeeklyOutcomes",
    "check_in_counts",
    "dashboard_range",
    "dashboard_view",
    "default_range",
    "duration_observations",
    "km_figure",
    "minimum_patients",
    "open_work",
    "open_work_figure",
    "outcomes_figure",
    "submitted_per_week",
    "urgent_figure",
    "urgent_view_times",
    "week_label",
    "week_labels",
    "weeks_between",
]
