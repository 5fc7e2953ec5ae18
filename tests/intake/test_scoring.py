"""Scoring: totals, bands and the item-9 flag, checked exhaustively."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake.domain import scoring
from intake.domain.instruments import GAD7, PHQ9

PHQ9_BANDS = (
    [(t, "minimal") for t in range(0, 5)]
    + [(t, "mild") for t in range(5, 10)]
    + [(t, "moderate") for t in range(10, 15)]
    + [(t, "moderately_severe") for t in range(15, 20)]
    + [(t, "severe") for t in range(20, 28)]
)
GAD7_BANDS = (
    [(t, "minimal") for t in range(0, 5)]
    + [(t, "mild") for t in range(5, 10)]
    + [(t, "moderate") for t in range(10, 15)]
    + [(t, "severe") for t in range(15, 22)]
)


def answers_with_total(instrument, total):
    """A valid answer vector adding up to `total` (fills items with 3s first)."""
    values = []
    for _ in instrument.items:
        value = min(3, total - sum(values))
        values.append(value)
    return dict(zip(instrument.link_ids, values, strict=True))


@pytest.mark.parametrize(("total", "band"), PHQ9_BANDS)
def test_every_phq9_total_maps_to_its_band(total, band):
    result = scoring.score(PHQ9, answers_with_total(PHQ9, total))
    assert (result.total, result.band.key) == (total, band)


@pytest.mark.parametrize(("total", "band"), GAD7_BANDS)
def test_every_gad7_total_maps_to_its_band(total, band):
    result = scoring.score(GAD7, answers_with_total(GAD7, total))
    assert (result.total, result.band.key) == (total, band)


@pytest.mark.parametrize(
    ("low", "high"), [(4, 5), (9, 10), (14, 15), (19, 20)], ids=str
)
def test_phq9_band_boundaries_fall_between_the_published_cut_offs(low, high):
    assert scoring.band_for(PHQ9, low) != scoring.band_for(PHQ9, high)
    assert scoring.band_for(PHQ9, low).high == low
    assert scoring.band_for(PHQ9, high).low == high


@pytest.mark.parametrize(("low", "high"), [(4, 5), (9, 10), (14, 15)], ids=str)
def test_gad7_band_boundaries_fall_between_the_published_cut_offs(low, high):
    assert scoring.band_for(GAD7, low).high == low
    assert scoring.band_for(GAD7, high).low == high


@pytest.mark.parametrize("total", [-1, 28, 100])
def test_a_phq9_total_outside_0_to_27_has_no_band(total):
    with pytest.raises(scoring.ScoringError, match=r"outside 0\.\.27"):
        scoring.band_for(PHQ9, total)


def test_a_gad7_total_above_21_has_no_band():
    with pytest.raises(scoring.ScoringError, match=r"outside 0\.\.21"):
        scoring.band_for(GAD7, 22)


@pytest.mark.parametrize(
    ("value", "positive"), [(0, False), (1, True), (2, True), (3, True)]
)
def test_item9_is_positive_for_any_answer_above_not_at_all(value, positive):
    answers = {**answers_with_total(PHQ9, 0), "phq9_9": value}
    assert scoring.item9_positive(answers) is positive


def test_item9_flag_refuses_a_missing_answer():
    with pytest.raises(scoring.ScoringError, match="phq9_9 is not answered"):
        scoring.item9_positive({"phq9_1": 0})


def test_an_incomplete_questionnaire_is_refused_naming_the_missing_items():
    answers = answers_with_total(PHQ9, 5)
    del answers["phq9_4"], answers["phq9_7"]
    with pytest.raises(scoring.ScoringError, match=r"2 item.*phq9_4, phq9_7"):
        scoring.score(PHQ9, answers)


@pytest.mark.parametrize("bad", [4, -1, 99])
def test_an_out_of_range_answer_is_refused(bad):
    with pytest.raises(scoring.ScoringError, match=rf"is {bad}, outside 0\.\.3"):
        scoring.score(GAD7, {**answers_with_total(GAD7, 0), "gad7_3": bad})


@pytest.mark.parametrize("bad", ["2", 1.0, None, True, [1]])
def test_an_answer_that_is_not_a_whole_number_is_refused(bad):
    with pytest.raises(scoring.ScoringError, match="must be a whole number"):
        scoring.score(GAD7, {**answers_with_total(GAD7, 0), "gad7_3": bad})


def test_unscored_keys_such_as_the_difficulty_item_are_ignored():
    answers = {**answers_with_total(PHQ9, 7), "phq9_difficulty": "very"}
    assert scoring.score(PHQ9, answers).total == 7


def answer_vectors(instrument):
    return st.lists(
        st.integers(min_value=0, max_value=3),
        min_size=len(instrument.items),
        max_size=len(instrument.items),
    ).map(lambda values: dict(zip(instrument.link_ids, values, strict=True)))


@given(answer_vectors(PHQ9))
def test_any_valid_phq9_answers_score_in_range_as_the_sum_of_items(answers):
    result = scoring.score(PHQ9, answers)
    assert 0 <= result.total <= 27
    assert result.total == sum(answers.values())
    assert result.band.low <= result.total <= result.band.high


@given(answer_vectors(GAD7))
def test_any_valid_gad7_answers_score_in_range_as_the_sum_of_items(answers):
    result = scoring.score(GAD7, answers)
    assert 0 <= result.total <= 21
    assert result.total == sum(answers.values())
    assert result.band.low <= result.total <= result.band.high


@given(
    answer_vectors(PHQ9),
    st.sampled_from(PHQ9.link_ids),
    st.integers().filter(lambda n: not 0 <= n <= 3),
)
def test_any_out_of_range_value_anywhere_is_refused(answers, link_id, bad):
    with pytest.raises(scoring.ScoringError):
        scoring.score(PHQ9, {**answers, link_id: bad})
