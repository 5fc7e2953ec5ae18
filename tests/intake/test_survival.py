"""The Kaplan-Meier estimate, by hand and against lifelines."""

import itertools
import math

import lifelines
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.domain.survival import kaplan_meier

# Each has censoring and ties, including an event and a censoring at one time.
DATASETS = {
    "ties_and_censoring": [
        (3, True), (5, True), (5, True), (5, False), (8, False), (8, True),
        (12, True), (12, False), (15, False), (20, True), (21, False),
    ],
    "censored_before_first_event": [
        (1, False), (2, False), (4, True), (4, True), (6, False), (7, True),
        (9, True), (9, True), (10, False),
    ],
    "fractional_days": [
        (0.5, True), (1.25, False), (2.0, True), (2.0, True), (3.75, False),
        (3.75, False), (4.5, True), (6.0, False), (7.25, True), (8.0, False),
        (8.0, True), (9.5, True),
    ],
    "never_reaches_half": [
        (10, True), (14, False), (14, False), (20, True), (30, False),
        (30, False), (45, False), (60, False),
    ],
    "ends_in_an_event": [
        (2, True), (2, False), (4, True), (6, False), (8, True), (8, True),
    ],
}  # fmt: skip


def fit_lifelines(observations):
    fitter = lifelines.KaplanMeierFitter()
    durations = [d for d, _ in observations]
    events = [e for _, e in observations]
    return fitter.fit(durations, event_observed=events)


def lifelines_survival_at(fitter, t: float) -> float:
    return float(fitter.survival_function_at_times([t]).iloc[0])


@pytest.mark.parametrize("name", DATASETS)
def test_survival_at_each_time_matches_lifelines(name):
    observations = DATASETS[name]
    ours = kaplan_meier(observations)
    theirs = fit_lifelines(observations)
    times = sorted({d for d, _ in observations} | {0, 0.1, 100})
    for t in times:
        assert ours.survival_at(t) == pytest.approx(lifelines_survival_at(theirs, t))


@pytest.mark.parametrize("name", DATASETS)
def test_step_table_matches_the_lifelines_event_table(name):
    observations = DATASETS[name]
    ours = kaplan_meier(observations)
    table = fit_lifelines(observations).event_table
    event_rows = table[table["observed"] > 0]
    assert [s.time for s in ours.steps] == list(event_rows.index)
    assert [s.at_risk for s in ours.steps] == list(event_rows["at_risk"])
    assert [s.events for s in ours.steps] == list(event_rows["observed"])


@pytest.mark.parametrize("name", DATASETS)
def test_median_matches_lifelines(name):
    observations = DATASETS[name]
    ours = kaplan_meier(observations).median()
    theirs = fit_lifelines(observations).median_survival_time_
    if math.isinf(theirs):
        assert ours is None
    else:
        assert ours == theirs


@pytest.mark.parametrize("name", DATASETS)
def test_numbers_at_risk_match_lifelines(name):
    observations = DATASETS[name]
    ours = kaplan_meier(observations)
    table = fit_lifelines(observations).event_table
    for t, row in table.iterrows():
        assert ours.at_risk_at(t) == row["at_risk"]


@pytest.mark.parametrize("name", DATASETS)
def test_censored_counts_account_for_every_patient(name):
    estimate = kaplan_meier(DATASETS[name])
    assert (
        estimate.censored_before_first_event
        + sum(s.events + s.censored for s in estimate.steps)
        == estimate.n
    )


@pytest.mark.parametrize("name", DATASETS)
def test_each_step_starts_with_those_left_by_the_one_before(name):
    steps = kaplan_meier(DATASETS[name]).steps
    for before, after in itertools.pairwise(steps):
        assert after.at_risk == before.at_risk - before.events - before.censored


observation = st.tuples(
    st.integers(min_value=0, max_value=30).map(float), st.booleans()
)


@settings(max_examples=60, deadline=None)
@given(st.lists(observation, min_size=1, max_size=40))
def test_any_dataset_matches_lifelines(observations):
    ours = kaplan_meier(observations)
    theirs = fit_lifelines(observations)
    for t in range(32):
        assert ours.survival_at(t) == pytest.approx(lifelines_survival_at(theirs, t))


def test_hand_computed_curve_with_a_tie_between_an_event_and_a_censoring():
    # Day 2: one event and one censoring among four at risk; the censored
    # patient counts as at risk for that day's event, so S drops by 1/4.
    estimate = kaplan_meier([(1, True), (2, True), (2, False), (3, True), (4, False)])
    assert [(s.time, s.at_risk, s.events, s.censored) for s in estimate.steps] == [
        (1, 5, 1, 0),
        (2, 4, 1, 1),
        (3, 2, 1, 1),
    ]
    assert [s.survival for s in estimate.steps] == pytest.approx([0.8, 0.6, 0.3])


def test_survival_is_one_before_the_first_event():
    estimate = kaplan_meier([(5, True), (6, False)])
    assert estimate.survival_at(4.99) == 1.0


def test_survival_drops_at_the_event_time_itself():
    estimate = kaplan_meier([(5, True), (6, False)])
    assert estimate.survival_at(5) == 0.5


def test_survival_stays_at_its_last_value_after_the_last_observation():
    estimate = kaplan_meier([(5, True), (6, False)])
    assert estimate.survival_at(365) == 0.5


def test_median_is_the_time_the_curve_lands_exactly_on_one_half():
    # 3/4 * 2/3 is exactly 1/2 on day 2, so the median is day 2, not day 3.
    estimate = kaplan_meier([(1, True), (2, True), (3, True), (4, True)])
    assert estimate.median() == 2


def test_median_is_exact_where_summing_logarithms_would_round_past_one_half():
    # 5/6 * 4/5 * 3/4 is exactly 1/2 on day 3; lifelines (0.30) multiplies
    # through logarithms, lands a hair above 1/2 and reports day 4.
    estimate = kaplan_meier([(day, True) for day in range(1, 7)])
    assert estimate.median() == 3


def test_median_is_none_when_the_curve_stays_above_one_half():
    estimate = kaplan_meier([(1, True), (2, False), (3, False)])
    assert estimate.median() is None


def test_all_censored_input_has_no_steps_and_survival_of_one():
    estimate = kaplan_meier([(3, False), (7, False), (7, False)])
    assert estimate.steps == ()
    assert estimate.censored_before_first_event == 3
    assert estimate.survival_at(10) == 1.0
    assert estimate.median() is None


def test_all_censored_input_still_counts_those_at_risk():
    estimate = kaplan_meier([(3, False), (7, False), (7, False)])
    assert [estimate.at_risk_at(t) for t in (0, 3, 5, 7, 8)] == [3, 3, 2, 2, 0]


def test_empty_input_gives_an_empty_estimate():
    estimate = kaplan_meier([])
    assert estimate.n == 0
    assert estimate.steps == ()
    assert estimate.survival_at(1) == 1.0
    assert estimate.at_risk_at(0) == 0
    assert estimate.median() is None


def test_at_risk_counts_those_censored_on_that_very_day():
    estimate = kaplan_meier([(2, False), (2, True), (5, True)])
    assert estimate.at_risk_at(2) == 3
    assert estimate.at_risk_at(2.01) == 1


def test_everyone_having_an_event_brings_survival_to_zero():
    estimate = kaplan_meier([(1, True), (2, True)])
    assert estimate.survival_at(2) == 0.0


def test_events_are_counted():
    assert kaplan_meier([(1, True), (2, False), (3, True)]).events == 2


@pytest.mark.parametrize("duration", [-1, math.nan, math.inf, "3", None, True])
def test_it_refuses_a_duration_that_is_not_zero_or_more_days(duration):
    with pytest.raises(ValueError, match="duration"):
        kaplan_meier([(duration, True)])


@pytest.mark.parametrize("event", [1, 0, "yes", None])
def test_it_refuses_an_event_flag_that_is_not_a_bool(event):
    with pytest.raises(ValueError, match="event"):
        kaplan_meier([(3, event)])


def test_the_estimate_is_frozen():
    estimate = kaplan_meier([(1, True)])
    with pytest.raises(AttributeError):
        estimate.steps = ()
