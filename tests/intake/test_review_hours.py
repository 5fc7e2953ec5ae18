"""Review hours, the escalation clock, and the dashboard's small formatters."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.domain.review_hours import (
    ReviewHours,
    escalations_due,
    format_wait,
    percentile,
)

LA = ZoneInfo("America/Los_Angeles")
WEEKDAYS = ReviewHours.parse("mon-fri 09:00-17:00 America/Los_Angeles")
SECOND = timedelta(seconds=1)
MINUTE = timedelta(minutes=1)


def la(text: str) -> datetime:
    """A wall-clock time in Los Angeles, "2026-01-02 16:59"."""
    return datetime.fromisoformat(text).replace(tzinfo=LA)


# Parsing


def test_it_parses_a_day_range():
    hours = ReviewHours.parse("mon-fri 09:00-17:00 America/Los_Angeles")
    assert hours.weekdays == frozenset({0, 1, 2, 3, 4})
    assert (hours.opens.hour, hours.closes.hour) == (9, 17)
    assert hours.zone == LA


def test_it_parses_a_comma_list_of_days():
    hours = ReviewHours.parse("mon,wed,fri 08:30-16:00 Europe/London")
    assert hours.weekdays == frozenset({0, 2, 4})
    assert (hours.opens.hour, hours.opens.minute) == (8, 30)


def test_it_parses_a_mix_of_ranges_and_single_days():
    assert ReviewHours.parse("mon-tue,sat 08:00-12:00 UTC").weekdays == {0, 1, 5}


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("", "should look like"),
        ("mon-fri 09:00-17:00", "should look like"),
        ("mon-fri 9:00-17:00 America/Los_Angeles", "should look like"),
        ("monday 09:00-17:00 UTC", "not a day"),
        ("mon- 09:00-17:00 UTC", "not a day"),
        ("fri-mon 09:00-17:00 UTC", "from mon to sun"),
        ("mon-fri 09:00-24:00 UTC", "not a time of day"),
        ("mon-fri 09:60-17:00 UTC", "not a time of day"),
        ("mon-fri 17:00-09:00 UTC", "close after they open"),
        ("mon-fri 09:00-09:00 UTC", "close after they open"),
        ("mon-fri 09:00-17:00 Mars/Olympus_Mons", "not a time zone"),
        ("mon-fri 09:00-17:00 ../etc/passwd", "not a time zone"),
    ],
)
def test_it_refuses_a_bad_setting_with_a_plain_message(setting, message):
    with pytest.raises(ValueError, match=message):
        ReviewHours.parse(setting)


# Open or closed


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2026-01-05 08:59", False),
        ("2026-01-05 09:00", True),
        ("2026-01-05 09:01", True),
        ("2026-01-05 16:59", True),
        ("2026-01-05 17:00", False),
        ("2026-01-05 17:01", False),
        ("2026-01-03 12:00", False),  # Saturday
        ("2026-01-04 12:00", False),  # Sunday
    ],
)
def test_it_is_open_from_the_opening_minute_until_the_closing_minute(at, expected):
    assert WEEKDAYS.is_open(la(at)) is expected


def test_it_is_open_judged_in_the_clinics_zone_whatever_zone_is_passed():
    # 17:30 UTC on a Monday in January is 09:30 in Los Angeles.
    assert WEEKDAYS.is_open(datetime(2026, 1, 5, 17, 30, tzinfo=UTC))


def test_it_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="no time zone"):
        WEEKDAYS.is_open(datetime(2026, 1, 5, 10, 0))


def test_next_opening_is_the_moment_itself_when_open():
    assert WEEKDAYS.next_opening(la("2026-01-05 10:00")) == la("2026-01-05 10:00")


def test_next_opening_before_hours_is_the_same_morning():
    assert WEEKDAYS.next_opening(la("2026-01-05 08:59")) == la("2026-01-05 09:00")


def test_next_opening_at_closing_is_the_next_morning():
    assert WEEKDAYS.next_opening(la("2026-01-05 17:00")) == la("2026-01-06 09:00")


def test_next_opening_on_saturday_is_monday_morning():
    assert WEEKDAYS.next_opening(la("2026-01-03 11:00")) == la("2026-01-05 09:00")


# The clock


def test_minutes_run_inside_hours():
    assert WEEKDAYS.add_review_minutes(la("2026-01-05 10:00"), 30) == la(
        "2026-01-05 10:30"
    )


def test_minutes_that_end_exactly_at_closing_end_at_closing():
    assert WEEKDAYS.add_review_minutes(la("2026-01-02 16:58"), 2) == la(
        "2026-01-02 17:00"
    )


def test_friday_1659_plus_two_minutes_is_monday_0901():
    assert WEEKDAYS.add_review_minutes(la("2026-01-02 16:59"), 2) == la(
        "2026-01-05 09:01"
    )


def test_a_flag_raised_on_saturday_starts_its_clock_on_monday_at_0900():
    assert WEEKDAYS.add_review_minutes(la("2026-01-03 14:00"), 0) == la(
        "2026-01-05 09:00"
    )
    assert WEEKDAYS.add_review_minutes(la("2026-01-03 14:00"), 60) == la(
        "2026-01-05 10:00"
    )


def test_a_flag_raised_one_minute_before_opening_starts_at_opening():
    assert WEEKDAYS.add_review_minutes(la("2026-01-05 08:59"), 1) == la(
        "2026-01-05 09:01"
    )


def test_a_flag_raised_one_minute_after_closing_starts_next_morning():
    assert WEEKDAYS.add_review_minutes(la("2026-01-05 17:01"), 1) == la(
        "2026-01-06 09:01"
    )


def test_a_flag_raised_at_opening_counts_from_opening():
    assert WEEKDAYS.add_review_minutes(la("2026-01-05 09:00"), 1) == la(
        "2026-01-05 09:01"
    )


def test_a_full_week_of_review_minutes_is_a_calendar_week():
    five_days = 5 * 8 * 60
    assert WEEKDAYS.add_review_minutes(la("2026-01-05 09:00"), five_days) == la(
        "2026-01-09 17:00"
    )


def test_seconds_in_the_start_are_kept():
    start = la("2026-01-05 10:00:30")
    assert WEEKDAYS.add_review_minutes(start, 1) == la("2026-01-05 10:01:30")


def test_it_refuses_negative_minutes():
    with pytest.raises(ValueError, match="zero or more"):
        WEEKDAYS.add_review_minutes(la("2026-01-05 10:00"), -1)


def test_the_clock_crosses_the_spring_forward_weekend_by_the_wall_clock():
    # Clocks go forward on Sunday 8 March 2026; Friday is PST, Monday PDT.
    deadline = WEEKDAYS.add_review_minutes(la("2026-03-06 16:59"), 2)
    assert deadline == la("2026-03-09 09:01")
    assert deadline.astimezone(UTC) == datetime(2026, 3, 9, 16, 1, tzinfo=UTC)


def test_the_clock_crosses_the_fall_back_weekend_by_the_wall_clock():
    # Clocks go back on Sunday 1 November 2026; Friday is PDT, Monday PST.
    deadline = WEEKDAYS.add_review_minutes(la("2026-10-30 16:59"), 2)
    assert deadline.astimezone(UTC) == datetime(2026, 11, 2, 17, 1, tzinfo=UTC)


def test_a_day_of_hours_on_the_spring_forward_day_is_eight_real_hours():
    sundays = ReviewHours.parse("sun 09:00-17:00 America/Los_Angeles")
    start = la("2026-03-08 09:00")
    assert sundays.review_minutes_between(start, la("2026-03-08 17:00")) == 480
    assert sundays.add_review_minutes(start, 480) == la("2026-03-08 17:00")


def test_hours_spanning_the_spring_gap_are_an_hour_shorter():
    # 01:00-05:00 on 8 March: 02:00 becomes 03:00, so three real hours.
    nights = ReviewHours.parse("sun 01:00-05:00 America/Los_Angeles")
    opening = la("2026-03-08 01:00")
    assert nights.review_minutes_between(opening, la("2026-03-08 05:00")) == 180
    assert nights.add_review_minutes(opening, 180) == la("2026-03-08 05:00")
    assert nights.add_review_minutes(opening, 181) == la("2026-03-15 01:01")


def test_hours_spanning_the_autumn_overlap_are_an_hour_longer():
    # 01:00-05:00 on 1 November: 01:00-02:00 happens twice, so five real hours.
    nights = ReviewHours.parse("sun 01:00-05:00 America/Los_Angeles")
    opening = la("2026-11-01 01:00")
    assert nights.review_minutes_between(opening, la("2026-11-01 05:00")) == 300
    assert nights.add_review_minutes(opening, 300) == la("2026-11-01 05:00")


def test_it_is_open_during_the_repeated_hour_of_the_autumn_overlap():
    nights = ReviewHours.parse("sun 01:00-05:00 America/Los_Angeles")
    second_0130 = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=LA)
    assert nights.is_open(second_0130)


def test_the_clock_works_in_london_across_its_own_change():
    # Europe/London goes forward on Sunday 29 March 2026, three weeks after LA.
    london = ReviewHours.parse("mon,wed,fri 08:30-16:00 Europe/London")
    uk = ZoneInfo("Europe/London")
    deadline = london.add_review_minutes(datetime(2026, 3, 27, 15, 59, tzinfo=uk), 2)
    assert deadline == datetime(2026, 3, 30, 8, 31, tzinfo=uk)
    assert deadline.astimezone(UTC) == datetime(2026, 3, 30, 7, 31, tzinfo=UTC)


def test_minutes_between_counts_only_review_hours():
    friday_noon, monday_noon = la("2026-01-02 12:00"), la("2026-01-05 12:00")
    assert WEEKDAYS.review_minutes_between(friday_noon, monday_noon) == 8 * 60


def test_minutes_between_is_zero_when_end_is_not_after_start():
    assert (
        WEEKDAYS.review_minutes_between(la("2026-01-05 12:00"), la("2026-01-05 11:00"))
        == 0
    )


def test_minutes_between_rounds_down_to_whole_minutes():
    start = la("2026-01-05 12:00")
    assert WEEKDAYS.review_minutes_between(start, start + 2 * MINUTE - SECOND) == 1


moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)
).map(lambda at: at.replace(tzinfo=UTC))
settings_strings = st.sampled_from(
    [
        "mon-fri 09:00-17:00 America/Los_Angeles",
        "mon,wed,fri 08:30-16:00 Europe/London",
        "sun 01:00-05:00 America/Los_Angeles",
        "sat-sun 00:00-23:59 Australia/Lord_Howe",
    ]
)


@settings(max_examples=300, deadline=None)
@given(settings_strings, moments, st.integers(min_value=0, max_value=20_000))
def test_minutes_between_undoes_add_review_minutes(setting, start, minutes):
    hours = ReviewHours.parse(setting)
    deadline = hours.add_review_minutes(start, minutes)
    assert hours.review_minutes_between(start, deadline) == minutes


@settings(max_examples=300, deadline=None)
@given(settings_strings, moments, st.integers(min_value=0, max_value=20_000))
def test_a_deadline_is_open_or_a_closing_time(setting, start, minutes):
    hours = ReviewHours.parse(setting)
    deadline = hours.add_review_minutes(start, minutes)
    assert hours.is_open(deadline) or hours.is_open(deadline - SECOND)


@settings(max_examples=300, deadline=None)
@given(settings_strings, moments, st.timedeltas(timedelta(0), timedelta(days=30)))
def test_adding_the_minutes_between_never_overshoots(setting, start, gap):
    hours = ReviewHours.parse(setting)
    end = start + gap
    minutes = hours.review_minutes_between(start, end)
    reached = hours.add_review_minutes(start, minutes)
    assert reached <= end or reached == hours.next_opening(start)
    assert hours.review_minutes_between(start, end + MINUTE) >= minutes


# Escalations

FLAGGED = la("2026-01-05 10:00")  # a Monday
THRESHOLDS = (30, 120)


def test_a_threshold_is_not_due_one_second_before_its_deadline():
    now = la("2026-01-05 10:30") - SECOND
    assert escalations_due(FLAGGED, None, now, WEEKDAYS, THRESHOLDS) == []


def test_a_threshold_is_due_exactly_at_its_deadline():
    now = la("2026-01-05 10:30")
    assert escalations_due(FLAGGED, None, now, WEEKDAYS, THRESHOLDS) == [30]


def test_a_threshold_is_due_one_second_after_its_deadline():
    now = la("2026-01-05 10:30") + SECOND
    assert escalations_due(FLAGGED, None, now, WEEKDAYS, THRESHOLDS) == [30]


def test_every_passed_threshold_is_due_in_ascending_order():
    now = la("2026-01-05 15:00")
    assert escalations_due(FLAGGED, None, now, WEEKDAYS, (120, 30, 30)) == [30, 120]


def test_a_view_one_second_before_the_deadline_cancels_that_threshold():
    viewed = la("2026-01-05 10:30") - SECOND
    now = la("2026-01-05 15:00")
    assert escalations_due(FLAGGED, viewed, now, WEEKDAYS, THRESHOLDS) == []


def test_a_view_exactly_at_the_deadline_cancels_that_threshold():
    viewed = la("2026-01-05 10:30")
    now = la("2026-01-05 15:00")
    assert escalations_due(FLAGGED, viewed, now, WEEKDAYS, THRESHOLDS) == []


def test_a_view_after_a_deadline_does_not_cancel_the_escalation_already_due():
    viewed = la("2026-01-05 10:30") + SECOND
    now = la("2026-01-05 15:00")
    assert escalations_due(FLAGGED, viewed, now, WEEKDAYS, THRESHOLDS) == [30]


def test_a_weekend_flag_is_not_due_before_monday_hours_run():
    saturday = la("2026-01-03 10:00")
    monday_0929 = la("2026-01-05 09:29")
    assert escalations_due(saturday, None, monday_0929, WEEKDAYS, THRESHOLDS) == []
    monday_0930 = la("2026-01-05 09:30")
    assert escalations_due(saturday, None, monday_0930, WEEKDAYS, THRESHOLDS) == [30]


def test_escalations_refuse_a_naive_now():
    with pytest.raises(ValueError, match="no time zone"):
        escalations_due(FLAGGED, None, datetime(2026, 1, 5), WEEKDAYS, THRESHOLDS)


# Formatting a wait


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(seconds=-90), "under 1 min"),
        (timedelta(0), "under 1 min"),
        (timedelta(seconds=59), "under 1 min"),
        (timedelta(seconds=60), "1 min"),
        (timedelta(minutes=12, seconds=59), "12 min"),
        (timedelta(minutes=59, seconds=59), "59 min"),
        (timedelta(hours=1), "1 h"),
        (timedelta(hours=2, minutes=10), "2 h 10 min"),
        (timedelta(hours=23, minutes=59), "23 h 59 min"),
        (timedelta(days=1), "1 d"),
        (timedelta(days=1, minutes=59), "1 d"),
        (timedelta(days=3, hours=4, minutes=30), "3 d 4 h"),
        (timedelta(days=40, hours=1), "40 d 1 h"),
    ],
)
def test_format_wait(delta, expected):
    assert format_wait(delta) == expected


# percentile_cont


def test_percentile_of_nothing_is_none():
    assert percentile([], 0.5) is None


def test_percentile_of_one_value_is_that_value():
    assert percentile([7.0], 0.9) == 7.0


def test_median_of_an_even_count_interpolates_between_the_middle_two():
    assert percentile([4, 1, 3, 2], 0.5) == 2.5


def test_ninetieth_percentile_interpolates_linearly():
    # Position 0.9 * (5 - 1) = 3.6: 40 + 0.6 * (50 - 40).
    assert percentile([10, 20, 30, 40, 50], 0.9) == pytest.approx(46.0)


def test_percentile_ends_are_the_minimum_and_maximum():
    assert (percentile([3, 1, 2], 0), percentile([3, 1, 2], 1)) == (1.0, 3.0)


@pytest.mark.parametrize("q", [-0.1, 1.1, float("nan")])
def test_percentile_refuses_q_outside_zero_to_one(q):
    with pytest.raises(ValueError, match="between 0 and 1"):
        percentile([1, 2], q)


def test_percentile_refuses_nan_values():
    with pytest.raises(ValueError, match="NaN"):
        percentile([1, float("nan")], 0.5)


@given(
    st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1),
    st.floats(min_value=0, max_value=1),
)
def test_percentile_matches_numpys_linear_method(values, q):
    expected = float(numpy.percentile(values, q * 100, method="linear"))
    assert percentile(values, q) == pytest.approx(expected, rel=1e-9, abs=1e-6)
