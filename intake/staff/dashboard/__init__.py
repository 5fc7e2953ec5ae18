"""The staff dashboard: intake volume, open work, urgent response times,
check-ins and the clinic's own duration curve, for a date range.

Each figure comes from one aggregate query (two for check-ins), so the page
costs the same number of queries whatever the size of the data. Charts are
drawn on the server by ketacare.charts; every chart has a data table beside it
as its text alternative, built from the same numbers.
"""

from intake.staff.dashboard.queries import duration_observations, week_labels
from intake.staff.dashboard.views import dashboard_view

__all__ = ["dashboard_view", "duration_observations", "week_labels"]
