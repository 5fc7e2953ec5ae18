"""The staff dashboard: each table matches a direct count, the range filter,
who may see it, its audit row and a constant number of queries."""

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.domain.survival import kaplan_meier
from intake.models import (
    Assessment,
    CheckIn,
    FollowUp,
    StaffAlert,
    TreatmentEvent,
    hash_token,
)
from intake.staff.dashboard import duration_observations, week_labels
from ketacare.models import AuditEvent

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # a Wednesday
URL = "/admin/dashboard/"
counter = iter(range(10**6))
CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)


@pytest.fixture(autouse=True)
def frozen(settings):
    settings.KETACARE_DASHBOARD_MIN_PATIENTS = 3
    with time_machine.travel(NOW, tick=False):
        yield


def submitted(days_ago, outcome="likely_suitable", review="new"):
    at = NOW - timedelta(days=days_ago)
    assessment = Assessment.objects.create(token_hash=hash_token(f"a{next(counter)}"))
    Assessment.objects.filter(pk=assessment.pk).update(
        status="submitted", submitted_at=at, outcome=outcome, review_status=review
    )
    return assessment


def alert(days_ago, viewed_after_minutes=None):
    assessment = submitted(days_ago)
    flagged = NOW - timedelta(days=days_ago)
    item = StaffAlert.objects.create(assessment=assessment)
    StaffAlert.objects.filter(pk=item.pk).update(
        created_at=flagged,
        first_viewed_at=(
            None
            if viewed_after_minutes is None
            else flagged + timedelta(minutes=viewed_after_minutes)
        ),
    )


def patient(series_end_days_ago, *, warning_days=None, done_days=None):
    assessment = submitted(series_end_days_ago + 30)
    end = NOW.date() - timedelta(days=series_end_days_ago)
    TreatmentEvent.objects.create(assessment=assessment, kind="series_end", on=end)
    follow_up = FollowUp.objects.create(
        assessment=assessment,
        preset="monthly_12_months",
        interval_months=1,
        starts_on=end,
        ends_on=end + timedelta(days=365),
        first_warning_on=(
            end + timedelta(days=warning_days) if warning_days is not None else None
        ),
        latest_signal="early_warning" if warning_days is not None else "",
    )
    if done_days is not None:
        CheckIn.objects.create(
            follow_up=follow_up,
            sequence=1,
            due_on=end + timedelta(days=done_days),
            phq9_total=3,
            gad7_total=3,
            # Midday on the clinic's clock: the day is the clinic's day.
            completed_at=datetime.combine(
                end + timedelta(days=done_days),
                time(12),
                tzinfo=ZoneInfo(settings.TIME_ZONE),
            ),
        )
    return follow_up


def table(response, table_id):
    html = response.content.decode()
    body = re.search(rf'<table id="{table_id}">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        [
            re.sub(r"\s+", " ", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in rows
    ]


def test_the_outcome_table_counts_each_weeks_submissions_by_outcome(as_reviewer):
    submitted(0, "likely_suitable")
    submitted(0, "needs_review")
    submitted(1, "needs_review")
    submitted(9, "not_suitable")
    rows = table(as_reviewer.get(URL), "table-outcomes")
    header, body = rows[0], rows[1:]
    totals = {r[0]: int(r[-1]) for r in body}
    assert (
        totals["30 Nov 2026"]
        == Assessment.objects.filter(submitted_at__date__gte=date(2026, 11, 30)).count()
    )
    assert totals["23 Nov 2026"] == 1
    needs_review = header.index("Needs a clinician&#x27;s review")
    assert int(dict((r[0], r) for r in body)["30 Nov 2026"][needs_review]) == 2


def test_the_open_work_table_buckets_open_records_by_age(as_reviewer):
    submitted(0, review="new")
    submitted(2, review="new")
    submitted(5, review="in_review")
    submitted(10, review="contacted")
    submitted(10, review="closed")
    rows = {r[0]: r[1:] for r in table(as_reviewer.get(URL), "table-work")[1:]}
    assert rows["New"] == ["1", "1", "0", "0", "2"]
    assert rows["In review"] == ["0", "0", "1", "0", "1"]
    assert rows["Contacted"] == ["0", "0", "0", "1", "1"]
    open_total = Assessment.objects.filter(
        review_status__in=["new", "in_review", "contacted"]
    ).count()
    assert sum(int(r[-1]) for r in rows.values()) == open_total


def test_the_urgent_table_gives_median_and_90th_percentile_minutes(as_reviewer):
    for minutes in (10, 20, 30, 40, 100):
        alert(1, minutes)
    alert(1)
    rows = {r[0]: r[1:] for r in table(as_reviewer.get(URL), "table-urgent")[1:]}
    # percentile_cont over 10, 20, 30, 40, 100: median 30, p90 40 + 0.6 * 60.
    assert rows["30 Nov 2026"] == ["6", "5", "1", "30.0", "76.0"]


def test_the_check_in_table_matches_direct_counts(as_reviewer, settings):
    settings.KETACARE_CHECKIN_OVERDUE_DAYS = 3
    follow_up = patient(40, warning_days=10)
    patient(40)
    CheckIn.objects.create(
        follow_up=follow_up,
        sequence=2,
        due_on=NOW.date() - timedelta(days=1),
        invitation_status="sent",
        sent_at=NOW,
        expires_at=NOW + timedelta(days=5),
    )
    CheckIn.objects.create(
        follow_up=follow_up, sequence=3, due_on=NOW.date() - timedelta(days=5)
    )
    rows = [r[1] for r in table(as_reviewer.get(URL), "table-checkins")]
    assert rows == [
        str(FollowUp.objects.filter(status="active").count()),
        "1",
        str(
            CheckIn.objects.filter(
                completed_at__isnull=True, due_on__lt=NOW.date() - timedelta(days=3)
            ).count()
        ),
        str(FollowUp.objects.exclude(latest_signal="").count()),
    ]


def follow_up_with_overdue(*, status="active", unsubscribed=False, skipped=False):
    assessment = submitted(30)
    follow_up = FollowUp.objects.create(
        assessment=assessment,
        status=status,
        preset="weekly_12_weeks",
        interval_days=7,
        starts_on=NOW.date() - timedelta(days=14),
        ends_on=NOW.date() + timedelta(days=70),
        unsubscribed_at=NOW - timedelta(days=1) if unsubscribed else None,
        latest_signal="early_warning",
    )
    CheckIn.objects.create(
        follow_up=follow_up,
        sequence=1,
        due_on=NOW.date() - timedelta(days=7),
        invitation_status="skipped" if skipped else "sent",
        sent_at=None if skipped else NOW - timedelta(days=7),
    )
    return follow_up


@pytest.fixture
def overdue_cases():
    follow_up_with_overdue()
    follow_up_with_overdue(skipped=True)
    follow_up_with_overdue(status="paused")
    follow_up_with_overdue(unsubscribed=True)


def test_the_overdue_count_equals_the_queues_overdue_filter(as_reviewer, overdue_cases):
    queue = as_reviewer.get(
        reverse("admin:intake_assessment_changelist"),
        {"review": "all", "stage": "all", "checkins": "overdue"},
    )
    listed = len(queue.context["cl"].result_list)
    assert as_reviewer.get(URL).context["check_ins"].overdue == listed == 1


def test_an_unsubscribed_follow_up_is_not_counted_as_enrolled(
    as_reviewer, overdue_cases
):
    counts = as_reviewer.get(URL).context["check_ins"]
    # Active and subscribed: the plain and the skipped cases.
    assert (counts.enrolled, counts.early_warnings) == (2, 2)


def test_the_duration_table_equals_kaplan_meier_on_the_same_patients(as_reviewer):
    patient(60, warning_days=10)
    patient(60, warning_days=20)
    patient(60, done_days=15)
    patient(60, done_days=30)
    start, end = NOW.date() - timedelta(weeks=12) + timedelta(days=1), NOW.date()
    fit = kaplan_meier(duration_observations(start, end))
    assert fit.n == 4
    rows = table(as_reviewer.get(URL), "table-km")[1:]
    assert rows == [
        [
            f"{s.time:.0f}",
            str(s.at_risk),
            str(s.events),
            str(s.censored),
            str(round(s.survival * 100)),
        ]
        for s in fit.steps
    ]


def test_the_duration_observations_are_warnings_or_last_check_ins():
    patient(60, warning_days=10)
    patient(60, done_days=15)
    patient(60)
    start, end = NOW.date() - timedelta(days=100), NOW.date()
    assert sorted(duration_observations(start, end)) == [
        (0.0, False),
        (10.0, True),
        (15.0, False),
    ]


def test_too_few_patients_shows_not_enough_data(as_reviewer):
    patient(60, warning_days=10)
    response = as_reviewer.get(URL)
    assert "Not enough data yet" in response.content.decode()
    assert 'id="table-km"' not in response.content.decode()


def test_the_date_range_changes_the_numbers(as_reviewer):
    submitted(1)
    submitted(40)

    def total(query):
        rows = table(as_reviewer.get(URL + query), "table-outcomes")[1:]
        return sum(int(r[-1]) for r in rows)

    assert total("") == 2
    assert total("?from=2026-11-20&to=2026-12-02") == 1


def test_invalid_dates_show_errors_and_the_default_range(as_reviewer):
    response = as_reviewer.get(URL + "?from=yesterday&to=2026-13-40")
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert "Showing 10 Sep 2026 to 2 Dec 2026." in response.content.decode()


def test_a_start_after_the_end_is_refused_without_an_error_page(as_reviewer):
    response = as_reviewer.get(URL + "?from=2026-12-01&to=2026-11-01")
    assert response.status_code == 200
    assert "errornote" in response.content.decode()


DEFAULT_SHOWN = "Showing 10 Sep 2026 to 2 Dec 2026."


@pytest.mark.parametrize(
    "query",
    [
        "?to=0001-01-01",
        "?to=9999-12-31",
        "?from=0001-01-01",
        "?from=9999-12-31",
        "?from=1999-12-31&to=2000-01-10",
        "?to=2027-12-03",
    ],
)
def test_a_date_outside_the_bounds_is_refused_without_an_error_page(as_reviewer, query):
    response = as_reviewer.get(URL + query)
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert DEFAULT_SHOWN in response.content.decode()


def test_a_start_alone_over_three_years_ago_is_refused(as_reviewer):
    response = as_reviewer.get(URL + "?from=2020-01-01")
    assert "Choose a range of three years or less." in response.content.decode()
    assert DEFAULT_SHOWN in response.content.decode()


def test_a_start_alone_within_three_years_runs_to_today(as_reviewer):
    response = as_reviewer.get(URL + "?from=2025-01-01")
    assert "Showing 1 Jan 2025 to 2 Dec 2026." in response.content.decode()


def test_the_earliest_and_latest_dates_are_accepted(as_reviewer):
    response = as_reviewer.get(URL + "?from=2027-01-01&to=2027-12-02")
    assert "Showing 1 Jan 2027 to 2 Dec 2027." in response.content.decode()


def test_week_labels_over_more_than_a_year_are_all_different(as_reviewer):
    response = as_reviewer.get(URL + "?from=2025-06-01&to=2026-12-02")
    labels = [tick.label for tick in response.context["outcomes_figure"].x_ticks]
    assert len(labels) == len(set(labels))
    assert labels[0] == "26 May 2025"


def test_week_labels_spanning_a_new_year_name_each_year():
    weeks = [date(2025, 12, 29), date(2026, 1, 5)]
    assert week_labels(weeks) == ["29 Dec 2025", "5 Jan 2026"]


def test_week_labels_within_one_year_leave_the_year_out(as_reviewer):
    figure = as_reviewer.get(URL).context["outcomes_figure"]
    assert figure.x_ticks[0].label == "7 Sep"


def test_the_date_fields_are_a_fieldset_with_a_legend(as_reviewer):
    page = as_reviewer.get(URL).content.decode()
    assert re.search(r"<fieldset[^>]*>\s*<legend>Date range</legend>", page)


def test_reviewers_and_leads_may_see_it(as_reviewer, as_lead):
    assert as_reviewer.get(URL).status_code == 200
    assert as_lead.get(URL).status_code == 200


def test_content_editors_may_not(editor, staff_client):
    assert staff_client(editor).get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_each_view_writes_one_audit_row(as_reviewer):
    as_reviewer.get(URL + "?from=2026-11-01&to=2026-12-01")
    rows = AuditEvent.objects.filter(model="intake.dashboard")
    assert rows.count() == 1
    assert rows.get().detail == {"from": "2026-11-01", "to": "2026-12-01"}
    assert rows.get().action == AuditEvent.Action.LIST


def test_the_number_of_queries_does_not_grow_with_the_data(as_reviewer):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert as_reviewer.get(URL).status_code == 200
        return len(captured)

    patient(60, warning_days=10)
    alert(2, 5)
    small = queries()
    for days in range(10):
        patient(50 + days, warning_days=days, done_days=days + 3)
        alert(days, days * 10)
        submitted(days, review="in_review")
    assert queries() == small


def test_the_admin_index_links_to_the_dashboard_for_reviewers(as_reviewer):
    assert URL in as_reviewer.get(reverse("admin:index")).content.decode()


def test_the_admin_index_has_no_dashboard_link_for_content_editors(
    editor, staff_client
):
    response = staff_client(editor).get(reverse("admin:index"))
    assert URL not in response.content.decode()
