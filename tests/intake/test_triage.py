"""The suitability screen: every rule, every outcome boundary, and how they combine."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake.domain.screen import (
    HOME_QUESTIONS,
    MEDICINES,
    MENTAL_QUESTIONS,
    PHYSICAL_QUESTIONS,
    SCREEN_QUESTIONS,
    SOURCES,
    SUICIDE_QUESTIONS,
    Rule,
    questions_of,
)
from intake.domain.triage import REASONS, Outcome, ScreenAnswers, triage

LICENSED = ["CA", "NY"]
STOP_QUESTIONS = ["pregnancy", "vascular", "intracranial", "allergy", "psychosis"]
REVIEW_QUESTIONS = [
    "blood_pressure", "heart_disease", "stroke", "bladder", "liver",
    "family_schizophrenia", "bipolar", "substance_use", "ketamine_misuse",
]  # fmt: skip
# Screen version 2: a "yes" routes to review, except adult_present (a "no" does).
NEW_YES_QUESTIONS = [
    "suicide_plan", "suicide_attempt", "alcohol", "sedatives", "breathing", "thyroid",
]  # fmt: skip
CLEAR_ANSWER = {key: "no" for key in SCREEN_QUESTIONS} | {"adult_present": "yes"}


def clear(**changes) -> ScreenAnswers:
    """A complete screen with nothing to flag, then the given changes."""
    values = {
        "age": 40,
        "place": "CA",
        "screen": CLEAR_ANSWER,
        "medicines": ["none"],
        "item9_positive": False,
        "phq9_total": 12,
        "gad7_total": 9,
        "antidepressants": "2",
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
    assert sorted(SCREEN_QUESTIONS) == sorted(
        STOP_QUESTIONS + REVIEW_QUESTIONS + NEW_YES_QUESTIONS + ["adult_present"]
    )
    pages = (PHYSICAL_QUESTIONS, MENTAL_QUESTIONS, SUICIDE_QUESTIONS, HOME_QUESTIONS)
    assert {q.key for page in pages for q in page} == set(SCREEN_QUESTIONS)


def test_version_1_asked_the_physical_and_mental_questions_only():
    assert sorted(questions_of(1)) == sorted(STOP_QUESTIONS + REVIEW_QUESTIONS)
    assert questions_of(2) == SCREEN_QUESTIONS


# --- STOP and REVIEW questions ---------------------------------------------------


@pytest.mark.parametrize("key", STOP_QUESTIONS)
def test_yes_to_a_stop_question_makes_it_not_suitable_and_says_why(key):
    result = sort(clear(screen={key: "yes"}))
    assert result.outcome == Outcome.NOT_SUITABLE
    assert result.codes == [key]
    assert result.reasons[0].rule == Rule.STOP


@pytest.mark.parametrize("key", REVIEW_QUESTIONS + NEW_YES_QUESTIONS)
def test_yes_to_a_review_question_needs_a_clinicians_review(key):
    result = sort(clear(screen={key: "yes"}))
    assert result.outcome == Outcome.NEEDS_REVIEW
    assert result.codes == [key]
    assert result.urgent == (key == "suicide_plan")


@pytest.mark.parametrize("key", NEW_YES_QUESTIONS)
def test_no_to_a_new_question_flags_nothing(key):
    assert sort(clear(screen={key: "no"})).outcome == Outcome.LIKELY_SUITABLE


def test_no_other_adult_during_and_after_a_dose_needs_review():
    result = sort(clear(screen={"adult_present": "no"}))
    assert (result.outcome, result.codes) == (Outcome.NEEDS_REVIEW, ["adult_present"])


def test_another_adult_present_flags_nothing():
    result = sort(clear(screen={"adult_present": "yes"}))
    assert result.outcome == Outcome.LIKELY_SUITABLE


@pytest.mark.parametrize("key", sorted(SCREEN_QUESTIONS))
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


# --- item 9 and the suicide questions ----------------------------------------------


def test_positive_item9_needs_review_and_is_urgent():
    result = sort(clear(item9_positive=True))
    assert (result.outcome, result.codes) == (Outcome.NEEDS_REVIEW, ["item9"])
    assert result.urgent


def test_positive_item9_stays_urgent_when_a_stop_rule_also_applies():
    result = sort(clear(item9_positive=True, screen={"psychosis": "yes"}))
    assert result.outcome == Outcome.NOT_SUITABLE
    assert result.urgent
    assert set(result.codes) == {"psychosis", "item9"}


@pytest.mark.parametrize("key", ["suicide_plan", "suicide_attempt"])
@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_a_suicide_answer_with_item9_positive_is_urgent_whatever_else(key, answer):
    result = sort(
        clear(
            item9_positive=True,
            screen={key: answer, "pregnancy": "yes"},
            phq9_total=3,
            gad7_total=0,
            antidepressants="0",
        )
    )
    assert result.urgent
    assert result.outcome == Outcome.NOT_SUITABLE
    assert "item9" in result.codes
    assert (key if answer == "yes" else f"not_sure:{key}") in result.codes


def test_a_plan_or_intent_now_is_urgent_even_with_item9_negative():
    result = sort(clear(item9_positive=False, screen={"suicide_plan": "yes"}))
    assert result.outcome == Outcome.NEEDS_REVIEW
    assert result.urgent


@pytest.mark.parametrize(
    ("key", "answer"),
    [("suicide_attempt", "yes"), ("suicide_plan", "not_sure")],
)
def test_a_past_attempt_or_an_unsure_answer_needs_review_but_is_not_urgent(key, answer):
    result = sort(clear(item9_positive=False, screen={key: answer}))
    assert result.outcome == Outcome.NEEDS_REVIEW
    assert not result.urgent


# --- symptoms and treatment history (OPTIONS) -----------------------------------


@pytest.mark.parametrize(
    ("phq9", "gad7", "minimal"),
    [
        (0, 0, True),
        (4, 4, True),
        (4, 0, True),
        (5, 4, False),  # PHQ-9 4/5: mild depression is not minimal
        (4, 5, False),  # GAD-7 4/5: mild anxiety is not minimal
        (5, 5, False),
        (27, 0, False),
        (0, 21, False),
    ],
)
def test_minimal_symptoms_on_both_questionnaires_give_a_consultation_on_options(
    phq9, gad7, minimal
):
    result = sort(clear(phq9_total=phq9, gad7_total=gad7))
    if minimal:
        assert result.outcome == Outcome.CONSULT_OPTIONS
        assert result.codes == ["minimal_symptoms"]
        assert result.reasons[0].rule == Rule.OPTIONS
    else:
        assert result.outcome == Outcome.LIKELY_SUITABLE
        assert result.codes == []


@pytest.mark.parametrize(
    ("tried", "codes"),
    [
        ("0", ["fewer_antidepressants"]),
        ("1", ["fewer_antidepressants"]),
        ("2", []),  # antidepressants 1/2: two tried is the usual threshold
        ("3+", []),
        ("not_sure", ["not_sure:antidepressants"]),
    ],
)
def test_fewer_than_two_antidepressants_give_a_consultation_on_options(tried, codes):
    result = sort(clear(antidepressants=tried))
    assert result.codes == codes
    expected = Outcome.CONSULT_OPTIONS if codes else Outcome.LIKELY_SUITABLE
    assert result.outcome == expected


def test_minimal_symptoms_and_one_antidepressant_give_both_reasons():
    result = sort(clear(phq9_total=2, gad7_total=1, antidepressants="1"))
    assert result.outcome == Outcome.CONSULT_OPTIONS
    assert result.codes == ["minimal_symptoms", "fewer_antidepressants"]


@pytest.mark.parametrize("key", ["liver", "alcohol", "adult_present"])
def test_a_review_rule_wins_over_options_and_both_reasons_are_listed(key):
    answer = "no" if key == "adult_present" else "yes"
    result = sort(
        clear(screen={key: answer}, phq9_total=0, gad7_total=0, antidepressants="0")
    )
    assert result.outcome == Outcome.NEEDS_REVIEW
    assert result.codes == [key, "minimal_symptoms", "fewer_antidepressants"]


def test_a_stop_rule_wins_over_options():
    result = sort(clear(screen={"allergy": "yes"}, antidepressants="1"))
    assert result.outcome == Outcome.NOT_SUITABLE
    assert result.codes == ["allergy", "fewer_antidepressants"]


def test_item9_wins_over_minimal_symptoms_and_stays_urgent():
    result = sort(clear(item9_positive=True, phq9_total=1, gad7_total=0))
    assert result.outcome == Outcome.NEEDS_REVIEW
    assert result.urgent
    assert result.codes == ["item9", "minimal_symptoms"]


def test_options_wait_for_the_rest_of_the_screen():
    """A review or stop may still come, so an unfinished screen with only an
    OPTIONS reason has no outcome yet."""
    partial = ScreenAnswers(age=40, place="CA", phq9_total=0, gad7_total=0)
    result = sort(partial)
    assert result.codes == ["minimal_symptoms"]
    assert result.outcome is None


# --- order, completeness, versions -----------------------------------------------


def test_reasons_are_listed_stop_then_review_then_options():
    result = sort(
        clear(
            item9_positive=True,
            screen={"liver": "yes", "allergy": "yes", "thyroid": "yes"},
            age=16,
            antidepressants="0",
        )
    )
    rules = [reason.rule for reason in result.reasons]
    assert rules == [Rule.STOP, Rule.STOP, Rule.REVIEW, Rule.REVIEW, Rule.REVIEW,
                     Rule.OPTIONS]  # fmt: skip
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


@pytest.mark.parametrize("key", ["alcohol", "suicide_plan", "adult_present"])
def test_a_current_screen_is_not_complete_without_the_new_questions(key):
    screen = {k: v for k, v in CLEAR_ANSWER.items() if k != key}
    answers = ScreenAnswers(**{**clear().__dict__, "screen": screen})
    assert not answers.complete
    assert sort(answers).outcome is None


def test_a_version_1_screen_is_complete_without_the_new_questions():
    old = {key: "no" for key in questions_of(1)}
    answers = ScreenAnswers(**{**clear().__dict__, "screen": old, "version": 1})
    assert answers.complete
    assert sort(answers).outcome == Outcome.LIKELY_SUITABLE


@pytest.mark.parametrize(
    "missing", ["phq9_total", "gad7_total", "antidepressants", "medicines"]
)
def test_the_screen_is_not_complete_without_symptoms_or_history(missing):
    answers = ScreenAnswers(**{**clear().__dict__, missing: None})
    assert not answers.complete
    assert sort(answers).outcome is None


# --- wording and sources --------------------------------------------------------


def test_every_reason_has_words_a_rule_and_known_sources():
    for reason in REASONS.values():
        assert reason.text
        assert reason.rule in (Rule.STOP, Rule.REVIEW, Rule.OPTIONS)
        assert reason.sources
        assert set(reason.sources) <= set(SOURCES)


VERDICTS = ["not safe", "would not be safe", "not suitable for you", "rules out"]


@pytest.mark.parametrize("code", sorted(REASONS))
def test_no_reason_pronounces_a_verdict(code):
    text = REASONS[code].text.lower()
    for verdict in VERDICTS:
        assert verdict not in text, (code, verdict)


def test_the_benzodiazepine_reason_says_may_and_how_weak_the_evidence_is():
    text = REASONS["benzodiazepines"].text
    assert "may weaken" in text
    assert "small" in text
    assert "low quality" in text
    assert "andrade2017" in REASONS["benzodiazepines"].sources


def test_the_interaction_source_is_andrade_part_5_in_full():
    source = SOURCES["andrade2017"]
    assert "Ketamine for depression, 5" in source
    assert "78(7):e858-e861" in source
    assert "e852" not in " ".join(SOURCES.values())


@pytest.mark.parametrize("key", sorted(SOURCES))
def test_every_source_is_complete(key):
    """Authors or publisher, a year, and pages, a version or an edition."""
    source = SOURCES[key]
    if key in ("screen", "clinic"):
        return  # the clinic's own policy, not a publication
    assert any(str(year) in source for year in range(1990, 2030)), source
    assert any(marker in source for marker in (":", "version", "edition", "October")), (
        source
    )


# --- properties ------------------------------------------------------------------

ANSWERS = st.sampled_from(["yes", "no", "not_sure"])
SCREENS = st.fixed_dictionaries({key: ANSWERS for key in SCREEN_QUESTIONS})
PEOPLE = st.builds(
    ScreenAnswers,
    age=st.integers(min_value=1, max_value=120),
    place=st.sampled_from(["CA", "NY", "FL", "outside_us"]),
    screen=SCREENS,
    medicines=st.sampled_from(
        [["none"], ["not_sure"], ["benzodiazepines"], ["maoi", "stimulants"]]
    ),
    item9_positive=st.booleans(),
    phq9_total=st.integers(min_value=0, max_value=27),
    gad7_total=st.integers(min_value=0, max_value=21),
    antidepressants=st.sampled_from(["0", "1", "2", "3+", "not_sure"]),
)
STRENGTH = {
    Outcome.LIKELY_SUITABLE: 0,
    Outcome.CONSULT_OPTIONS: 1,
    Outcome.NEEDS_REVIEW: 2,
    Outcome.NOT_SUITABLE: 3,
}
RULE_OUTCOME = {
    Rule.STOP: Outcome.NOT_SUITABLE,
    Rule.REVIEW: Outcome.NEEDS_REVIEW,
    Rule.OPTIONS: Outcome.CONSULT_OPTIONS,
}


@given(PEOPLE)
def test_the_outcome_is_the_strongest_reason_present(answers):
    result = sort(answers)
    expected = max(
        (RULE_OUTCOME[reason.rule] for reason in result.reasons),
        key=STRENGTH.__getitem__,
        default=Outcome.LIKELY_SUITABLE,
    )
    assert result.outcome == expected


@given(PEOPLE)
def test_likely_suitable_never_comes_with_minimal_symptoms_or_few_antidepressants(
    answers,
):
    result = sort(answers)
    if result.outcome == Outcome.LIKELY_SUITABLE:
        assert answers.phq9_total > 4 or answers.gad7_total > 4
        assert answers.antidepressants in ("2", "3+")


@given(PEOPLE)
def test_item9_positive_is_always_urgent_and_never_likely_suitable(answers):
    result = sort(answers)
    plan = answers.screen.get("suicide_plan") == "yes"
    assert result.urgent == bool(answers.item9_positive or plan)
    if answers.item9_positive:
        assert result.outcome in (Outcome.NEEDS_REVIEW, Outcome.NOT_SUITABLE)
