"""The suitability screen: every stop and review rule, and how they combine."""

import pytest

from intake.screen import (
    MEDICINES,
    MENTAL_QUESTIONS,
    PHYSICAL_QUESTIONS,
    SCREEN_QUESTIONS,
    SOURCES,
    Rule,
)
from intake.triage import REASONS, Outcome, ScreenAnswers, triage

LICENSED = ["CA", "NY"]
STOP_QUESTIONS = ["pregnancy", "vascular", "intracranial", "allergy", "psychosis"]
REVIEW_QUESTIONS = [
    "blood_pressure", "heart_disease", "stroke", "bladder", "liver",
    "family_schizophrenia", "bipolar", "substance_use", "ketamine_misuse",
]  # fmt: skip


def clear(**changes) -> ScreenAnswers:
    """A complete screen with nothing to flag, then the given changes."""
    values = {
        "age": 40,
        "place": "CA",
        "screen": dict.fromkeys(SCREEN_QUESTIONS, "no"),
        "medicines": ["none"],
        "item9_positive": False,
    }
    screen = changes.pop("screen", {})
    values["screen"] = {**values["screen"], **screen}
    return ScreenAnswers(**{**values, **changes})


def sort(answers):
    return triage(answers, licensed_states=LICENSED)


def test_a_complete_screen_with_nothing_to_flag_is_likely_suitable():
    result = sort(clear())
    assert result.outcome == Outcome.LIKELY_SUITABLE
    assert result.reasons == ()
    assert not result.urgent


def test_the_questions_cover_every_stop_and_review_item_of_the_criteria():
    assert sorted(SCREEN_QUESTIONS) == sorted(STOP_QUESTIONS + REVIEW_QUESTIONS)
    assert {q.key for q in PHYSICAL_QUESTIONS} | {
        q.key for q in MENTAL_QUESTIONS
    } == set(SCREEN_QUESTIONS)


@pytest.mark.parametrize("key", STOP_QUESTIONS)
def test_yes_to_a_stop_question_makes_it_not_suitable_and_says_why(key):
    result = sort(clear(screen={key: "yes"}))
    assert result.outcome == Outcome.NOT_SUITABLE
    assert result.codes == [key]
    assert result.reasons[0].rule == Rule.STOP


@pytest.mark.parametrize("key", REVIEW_QUESTIONS)
def test_yes_to_a_review_question_needs_a_clinicians_review(key):
    result = sort(clear(screen={key: "yes"}))
    assert result.outcome == Outcome.NEEDS_REVIEW
    assert result.codes == [key]


@pytest.mark.parametrize("key", STOP_QUESTIONS + REVIEW_QUESTIONS)
def test_not_sure_to_any_question_needs_review_not_a_stop(key):
    result = sort(clear(screen={key: "not_sure"}))
    assert result.outcome == Outcome.NEEDS_REVIEW
    assert result.codes == [f"not_sure:{key}"]
    assert result.reasons[0].detail == SCREEN_QUESTIONS[key].text


@pytest.mark.parametrize("age", [0, 12, 17])
def test_under_18_is_not_suitable(age):
    result = sort(clear(age=age))
    assert (result.outcome, result.codes) == (Outcome.NOT_SUITABLE, ["under_18"])


def test_exactly_18_is_an_adult():
    assert sort(clear(age=18)).outcome == Outcome.LIKELY_SUITABLE


@pytest.mark.parametrize("place", ["FL", "TX", "outside_us"])
def test_living_outside_the_licensed_states_is_not_suitable(place):
    result = sort(clear(place=place))
    assert (result.outcome, result.codes) == (Outcome.NOT_SUITABLE, ["not_licensed"])


def test_with_no_licensed_states_configured_nobody_is_in_one():
    result = triage(clear(place="CA"), licensed_states=[])
    assert result.codes == ["not_licensed"]


@pytest.mark.parametrize("medicine", [m.key for m in MEDICINES])
def test_each_medicine_of_note_needs_review(medicine):
    result = sort(clear(medicines=[medicine]))
    assert (result.outcome, result.codes) == (Outcome.NEEDS_REVIEW, [medicine])


def test_not_sure_about_medicines_needs_review():
    result = sort(clear(medicines=["not_sure"]))
    assert result.codes == ["not_sure:medicines"]


def test_positive_item9_needs_review_and_is_urgent():
    result = sort(clear(item9_positive=True))
    assert (result.outcome, result.codes) == (Outcome.NEEDS_REVIEW, ["item9"])
    assert result.urgent


def test_positive_item9_stays_urgent_when_a_stop_rule_also_applies():
    result = sort(clear(item9_positive=True, screen={"psychosis": "yes"}))
    assert result.outcome == Outcome.NOT_SUITABLE
    assert result.urgent
    assert set(result.codes) == {"psychosis", "item9"}


def test_stop_reasons_are_listed_before_review_reasons():
    result = sort(
        clear(item9_positive=True, screen={"liver": "yes", "allergy": "yes"}, age=16)
    )
    rules = [reason.rule for reason in result.reasons]
    assert rules == sorted(rules, key=lambda rule: rule != Rule.STOP)
    assert result.codes[:2] == ["under_18", "allergy"]


def test_every_applicable_reason_is_listed_not_only_the_first():
    result = sort(clear(screen={"stroke": "yes", "bipolar": "yes"}, medicines=["maoi"]))
    assert result.codes == ["stroke", "bipolar", "maoi"]


def test_an_unfinished_screen_has_no_outcome_yet():
    result = sort(ScreenAnswers(age=40, place="CA"))
    assert result.outcome is None


def test_an_unfinished_screen_already_shows_a_stop():
    result = sort(ScreenAnswers(age=40, place="CA", screen={"pregnancy": "yes"}))
    assert result.outcome == Outcome.NOT_SUITABLE


def test_every_reason_has_words_a_rule_and_known_sources():
    for reason in REASONS.values():
        assert reason.text
        assert reason.rule in (Rule.STOP, Rule.REVIEW)
        assert reason.sources
        assert set(reason.sources) <= set(SOURCES)
