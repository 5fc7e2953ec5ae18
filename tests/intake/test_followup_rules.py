"""Follow-up rules: response, remission, early warning, relapse, wording, schedules."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake.domain.followup import (
    MINIMAL_IMPORTANT_CHANGE,
    RELAPSE_AT,
    REMISSION_BELOW,
    Preset,
    Reading,
    Schedule,
    Signal,
    change_sentence,
    course,
    custom_schedule,
    due_dates,
    preset_schedule,
    response_duration_days,
    response_line,
)

START = date(2026, 3, 2)
NONE: frozenset[Signal] = frozenset()
WARNING = frozenset({Signal.EARLY_WARNING})
RELAPSE = frozenset({Signal.POSSIBLE_RELAPSE})
BOTH = frozenset({Signal.EARLY_WARNING, Signal.POSSIBLE_RELAPSE})


def weekly(*scores: int) -> list[Reading]:
    """One reading a week after START, in order."""
    return [
        Reading(on=START + timedelta(weeks=week), phq9=score)
        for week, score in enumerate(scores, start=1)
    ]


def signals_of(baseline: int, *scores: int) -> list[frozenset[Signal]]:
    return [c.signals for c in course(baseline, weekly(*scores)).checkins]


# A 16-week course: baseline 18, response at week 2 (9 is exactly half),
# remission at week 3, lowest 2 at week 5, rising from week 9 by one a week
# until week 12 is five above the lowest.
SIXTEEN_WEEKS = (12, 9, 4, 3, 2, 3, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12)


def test_the_constants_are_the_published_numbers():
    assert (REMISSION_BELOW, MINIMAL_IMPORTANT_CHANGE, RELAPSE_AT) == (5, 5, 10)


# The simulated course


def test_sixteen_week_course_responds_at_week_two_and_remits_at_week_three():
    result = course(18, weekly(*SIXTEEN_WEEKS))
    assert result.first_response is not None
    assert result.first_remission is not None
    assert result.first_response.on == START + timedelta(weeks=2)
    assert result.first_remission.on == START + timedelta(weeks=3)


def test_sixteen_week_course_warns_first_at_week_twelve():
    result = course(18, weekly(*SIXTEEN_WEEKS))
    assert result.first_warning is not None
    assert result.first_warning.on == START + timedelta(weeks=12)
    assert result.first_warning.signals == WARNING


def test_sixteen_week_course_has_no_signal_before_week_twelve():
    result = course(18, weekly(*SIXTEEN_WEEKS))
    assert [c.signals for c in result.checkins[:11]] == [NONE] * 11


def test_sixteen_week_course_keeps_warning_and_adds_relapse_at_ten():
    result = course(18, weekly(*SIXTEEN_WEEKS))
    assert [c.signals for c in result.checkins[11:]] == [
        WARNING,  # week 12: 7, five above the lowest 2
        WARNING,  # week 13: 8
        BOTH,  # week 14: 10, above half of 18 and at the relapse threshold
        BOTH,
        BOTH,
    ]


def test_sixteen_week_course_lowest_is_the_lowest_follow_up_score():
    assert course(18, weekly(*SIXTEEN_WEEKS)).lowest == 2


def test_ever_flags_stay_set_after_scores_rise_again():
    last = course(18, weekly(*SIXTEEN_WEEKS)).checkins[-1]
    assert (last.responded, last.remitted) == (False, False)
    assert (last.responded_ever, last.remitted_ever) == (True, True)


# Response


def test_a_score_of_exactly_half_the_baseline_is_a_response():
    assert course(18, weekly(9)).checkins[0].responded


def test_a_score_one_above_half_the_baseline_is_not_a_response():
    assert not course(18, weekly(10)).checkins[0].responded


def test_with_an_odd_baseline_the_score_below_half_is_a_response():
    assert course(17, weekly(8)).checkins[0].responded


def test_with_an_odd_baseline_the_score_above_half_is_not_a_response():
    assert not course(17, weekly(9)).checkins[0].responded


def test_a_baseline_of_zero_can_never_respond():
    assert not course(0, weekly(0)).checkins[0].responded


def test_from_a_baseline_of_one_a_score_of_zero_is_a_response():
    assert course(1, weekly(0)).checkins[0].responded


def test_from_a_baseline_of_one_an_unchanged_score_is_not_a_response():
    assert not course(1, weekly(1)).checkins[0].responded


def test_response_line_is_exactly_half_the_baseline():
    assert [response_line(b) for b in (18, 17, 0, 1)] == [9.0, 8.5, 0.0, 0.5]


# Remission


def test_a_score_of_four_is_a_remission():
    assert course(18, weekly(4)).checkins[0].remitted


def test_a_score_of_five_is_not_a_remission():
    assert not course(18, weekly(5)).checkins[0].remitted


def test_a_baseline_below_five_is_not_itself_a_remission():
    result = course(3, [])
    assert result.first_remission is None


# Early warning


def test_no_warning_without_a_prior_response_however_far_scores_rise():
    assert signals_of(18, 12, 17, 20) == [NONE, NONE, NONE]


def test_the_reading_that_reaches_response_carries_no_warning():
    assert signals_of(18, 15, 9) == [NONE, NONE]


def test_a_rise_of_four_from_the_lowest_after_response_is_no_warning():
    assert signals_of(27, 2, 6) == [NONE, NONE]


def test_early_warning_fires_at_a_rise_of_five_from_the_lowest_score():
    assert signals_of(27, 2, 7) == [NONE, WARNING]


def test_the_rise_is_measured_from_the_lowest_not_the_latest_score():
    assert signals_of(27, 2, 5, 7) == [NONE, NONE, WARNING]


def test_the_lowest_score_updates_as_scores_fall_further():
    # 11 is only 3 above the response reading (8) but 5 above the later 6.
    assert signals_of(20, 8, 6, 10, 11) == [NONE, NONE, NONE, WARNING]


def test_a_return_to_exactly_half_the_baseline_is_no_warning():
    assert signals_of(18, 9, 9) == [NONE, NONE]


def test_a_return_above_half_the_baseline_warns_even_with_a_small_rise():
    assert signals_of(18, 9, 10) == [NONE, WARNING]


def test_with_an_odd_baseline_a_return_above_half_warns():
    assert signals_of(17, 8, 9) == [NONE, WARNING]


def test_from_a_baseline_of_one_a_return_to_one_warns():
    assert signals_of(1, 0, 1) == [NONE, WARNING]


def test_a_baseline_of_zero_never_warns():
    assert signals_of(0, 0, 4, 9) == [NONE, NONE, NONE]


def test_a_warning_fires_at_every_check_in_that_meets_it():
    assert signals_of(18, 9, 12, 3, 8) == [NONE, WARNING, NONE, WARNING]


# Possible relapse


def test_a_nine_after_remission_is_no_relapse():
    # Baseline 6 then 4: remission without a 50% reduction, so no early warning.
    assert signals_of(6, 4, 9) == [NONE, NONE]


def test_a_ten_after_remission_is_a_possible_relapse():
    assert signals_of(6, 4, 10) == [NONE, RELAPSE]


def test_no_relapse_without_a_prior_remission():
    assert signals_of(27, 14, 20) == [NONE, NONE]


def test_a_relapse_that_is_also_a_warning_carries_both_and_relapse_is_strongest():
    checkin = course(27, weekly(3, 10)).checkins[1]
    assert checkin.signals == BOTH
    assert checkin.strongest == Signal.POSSIBLE_RELAPSE


def test_a_check_in_with_only_a_warning_shows_the_warning():
    assert course(18, weekly(9, 10)).checkins[1].strongest == Signal.EARLY_WARNING


def test_a_check_in_without_signals_has_no_strongest():
    assert course(18, weekly(9)).checkins[0].strongest is None


def test_first_warning_counts_a_relapse_without_an_early_warning():
    result = course(6, weekly(4, 10))
    assert result.first_warning is result.checkins[1]


def test_from_a_baseline_of_zero_a_ten_after_remission_is_a_possible_relapse():
    assert signals_of(0, 0, 10) == [NONE, RELAPSE]


# Ordering and input


def test_readings_given_out_of_order_are_read_in_date_order():
    readings = weekly(*SIXTEEN_WEEKS)
    shuffled = readings[::-1]
    assert course(18, shuffled) == course(18, readings)


def test_two_readings_on_the_same_day_are_rejected():
    with pytest.raises(ValueError, match="two check-ins on 2026-03-09"):
        course(18, [Reading(START + timedelta(7), 9), Reading(START + timedelta(7), 8)])


def test_an_empty_course_has_no_firsts_and_no_lowest():
    result = course(18, [])
    assert (result.first_response, result.first_warning, result.lowest) == (
        None,
        None,
        None,
    )


@pytest.mark.parametrize("phq9", [-1, 28, True])
def test_a_reading_outside_the_phq9_range_is_rejected(phq9):
    with pytest.raises(ValueError, match="PHQ-9 total"):
        Reading(on=START, phq9=phq9)


def test_a_gad7_total_above_21_is_rejected():
    with pytest.raises(ValueError, match="GAD-7 total is 22"):
        Reading(on=START, phq9=3, gad7=22)


def test_a_baseline_above_27_is_rejected():
    with pytest.raises(ValueError, match="baseline PHQ-9 total is 28"):
        course(28, [])


# Properties

readings_strategy = st.lists(
    st.integers(min_value=0, max_value=27), min_size=0, max_size=20
)
baselines = st.integers(min_value=0, max_value=27)


@given(baselines, readings_strategy)
def test_no_early_warning_on_or_before_the_first_response(baseline, scores):
    checkins = course(baseline, weekly(*scores)).checkins
    for checkin in checkins:
        if checkin.responded:
            break
        assert Signal.EARLY_WARNING not in checkin.signals
    else:
        assert all(Signal.EARLY_WARNING not in c.signals for c in checkins)


@given(baselines, readings_strategy)
def test_no_relapse_on_or_before_the_first_remission(baseline, scores):
    checkins = course(baseline, weekly(*scores)).checkins
    before = []
    for checkin in checkins:
        before.append(checkin)
        if checkin.remitted:
            break
    assert all(Signal.POSSIBLE_RELAPSE not in c.signals for c in before)


@given(baselines, readings_strategy, st.randoms(use_true_random=False))
def test_the_order_readings_are_given_in_does_not_matter(baseline, scores, rnd):
    readings = weekly(*scores)
    shuffled = list(readings)
    rnd.shuffle(shuffled)
    assert course(baseline, shuffled) == course(baseline, readings)


# The change sentence


def test_change_sentence_for_a_fall():
    assert change_sentence(18, 6) == "18 at the start, 6 now: 67% lower."


def test_change_sentence_for_a_rise():
    assert change_sentence(6, 9) == "6 at the start, 9 now: 50% higher."


def test_change_sentence_when_nothing_changed():
    assert (
        change_sentence(12, 12) == "12 at the start, 12 now: the same as at the start."
    )


def test_change_sentence_rounds_a_half_percent_up():
    # 1 of 8 is 12.5%: half up gives 13 (Python's round() would give 12).
    assert change_sentence(8, 7) == "8 at the start, 7 now: 13% lower."


def test_change_sentence_rounds_below_a_half_down():
    # 1 of 16 is 6.25%.
    assert change_sentence(16, 15) == "16 at the start, 15 now: 6% lower."


def test_change_sentence_rounds_above_a_half_up():
    # 2 of 3 is 66.67%.
    assert change_sentence(3, 1) == "3 at the start, 1 now: 67% lower."


def test_change_sentence_from_zero_counts_points_not_percent():
    assert change_sentence(0, 3) == "0 at the start, 3 now: 3 points higher."


def test_change_sentence_from_zero_says_one_point():
    assert change_sentence(0, 1) == "0 at the start, 1 now: 1 point higher."


def test_change_sentence_at_zero_both_times_is_the_same():
    assert change_sentence(0, 0) == "0 at the start, 0 now: the same as at the start."


def test_change_sentence_rejects_a_total_above_27():
    with pytest.raises(ValueError, match="latest PHQ-9 total is 30"):
        change_sentence(18, 30)


# Duration of response


def test_response_duration_counts_days_from_series_end_to_first_warning():
    assert response_duration_days(date(2026, 1, 10), date(2026, 3, 1)) == 50


def test_response_duration_is_zero_when_the_warning_is_on_the_last_day():
    assert response_duration_days(date(2026, 1, 10), date(2026, 1, 10)) == 0


def test_response_duration_is_none_when_the_warning_came_before_the_series_end():
    assert response_duration_days(date(2026, 1, 10), date(2026, 1, 9)) is None


@pytest.mark.parametrize(
    ("series_end", "warning_on"),
    [(None, date(2026, 3, 1)), (date(2026, 1, 10), None), (None, None)],
)
def test_response_duration_is_none_when_a_date_is_missing(series_end, warning_on):
    assert response_duration_days(series_end, warning_on) is None


# Schedules


def test_weekly_preset_gives_twelve_check_ins_a_week_apart():
    dates = due_dates(START, preset_schedule(Preset.WEEKLY_12_WEEKS, START))
    assert dates == [START + timedelta(weeks=n) for n in range(1, 13)]


def test_fortnightly_preset_runs_six_calendar_months():
    dates = due_dates(START, preset_schedule(Preset.FORTNIGHTLY_6_MONTHS, START))
    assert (dates[0], dates[-1], len(dates)) == (
        date(2026, 3, 16),
        date(2026, 8, 31),
        13,
    )


def test_monthly_preset_gives_twelve_calendar_months():
    dates = due_dates(START, preset_schedule(Preset.MONTHLY_12_MONTHS, START))
    assert dates == [date(2026 + (3 + n) // 12, (3 + n) % 12 + 1, 2) for n in range(12)]


def test_monthly_check_ins_from_the_31st_fall_on_each_months_last_day_without_drift():
    start = date(2026, 1, 31)
    dates = due_dates(start, preset_schedule(Preset.MONTHLY_12_MONTHS, start))
    assert dates[:3] == [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]


def test_monthly_check_ins_reach_the_29th_of_february_in_a_leap_year():
    start = date(2027, 11, 30)
    dates = due_dates(start, preset_schedule(Preset.MONTHLY_12_MONTHS, start))
    assert dates[2] == date(2028, 2, 29)


def test_the_custom_preset_needs_its_own_interval_and_end():
    with pytest.raises(ValueError, match="custom schedule needs"):
        preset_schedule(Preset.CUSTOM, START)


def test_a_custom_schedule_includes_a_check_in_on_the_end_date():
    schedule = custom_schedule(START, 10, START + timedelta(days=30))
    assert due_dates(START, schedule) == [
        START + timedelta(days=d) for d in (10, 20, 30)
    ]


def test_a_custom_schedule_stops_before_a_date_past_the_end():
    schedule = custom_schedule(START, 10, START + timedelta(days=29))
    assert due_dates(START, schedule)[-1] == START + timedelta(days=20)


def test_an_end_before_the_first_interval_gives_no_check_ins():
    schedule = custom_schedule(START, 14, START + timedelta(days=13))
    assert due_dates(START, schedule) == []


@pytest.mark.parametrize("days", [1, 90])
def test_custom_intervals_of_one_and_ninety_days_are_allowed(days):
    schedule = custom_schedule(START, days, START + timedelta(days=365))
    assert schedule.interval_days == days


@pytest.mark.parametrize("days", [0, 91, -7])
def test_custom_intervals_outside_one_to_ninety_days_are_rejected(days):
    with pytest.raises(ValueError, match="must be 1 to 90 days apart"):
        custom_schedule(START, days, START + timedelta(days=365))


@pytest.mark.parametrize("ends_on", [START, START - timedelta(days=1)])
def test_a_custom_schedule_must_end_after_it_starts(ends_on):
    with pytest.raises(ValueError, match="must be after the start"):
        custom_schedule(START, 7, ends_on)


def test_due_dates_rejects_a_start_on_or_after_the_end():
    schedule = Schedule(ends_on=START, interval_days=7)
    with pytest.raises(ValueError, match="must be after the start"):
        due_dates(START, schedule)


def test_a_schedule_needs_exactly_one_interval():
    with pytest.raises(ValueError, match="interval in days or in months"):
        Schedule(ends_on=START, interval_days=7, interval_months=1)
