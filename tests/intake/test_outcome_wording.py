"""From self-report nothing is decided: every outcome the person or staff see
leaves the decision to a clinician, and none reads as a verdict."""

import re

import pytest
from django.urls import reverse

from intake.domain.triage import REASONS, Outcome
from intake.models import OUTCOME_CHOICES
from tests.intake import factories
from tests.intake.factories import gad7, phq9

RESULT = reverse("intake:result")
VERDICTS = re.compile(
    r"not safe|would not be safe|not suitable for you|rules? out ketamine|"
    r"you cannot have|you are not eligible",
    re.IGNORECASE,
)
MINIMAL = {"phq9": phq9(0, 1, 0, 0, 0, 0, 0, 0, 0), "gad7": gad7(0, 0, 0, 0, 0, 0, 0)}


def outcome_section(client, **overrides) -> str:
    factories.submit(client, **overrides)
    text = client.get(RESULT).content.decode()
    return text.split('id="outcome-heading"')[1].split("</section>")[0]


def posts_with(step: str, **changes) -> dict:
    return {**factories.valid_posts()[step], **changes}


@pytest.mark.django_db
def test_minimal_symptoms_offer_a_consultation_about_options_and_say_why(client):
    section = outcome_section(client, **MINIMAL)
    assert "A consultation about your treatment options" in section
    assert "ketamine among them" in section
    assert "a clinician would need to confirm it with you" in section
    assert "in the minimal range (0 to 4)" in section
    assert "Likely suitable" not in section


@pytest.mark.django_db
def test_one_antidepressant_offers_a_consultation_about_options_and_says_why(client):
    section = outcome_section(
        client, treatment=posts_with("treatment", antidepressants="1")
    )
    assert "A consultation about your treatment options" in section
    assert "You have tried fewer than two antidepressants." in section


HEALTH_STOP = (
    "Ketamine at home is usually not advised with these answers; a clinician would "
    "need to confirm"
)
CLINIC_LIMIT = "This clinic cannot offer you treatment, because of your age or where"


@pytest.mark.django_db
def test_a_stop_rule_is_worded_as_usually_not_advised_for_a_clinician_to_confirm(
    client,
):
    section = outcome_section(client, physical=posts_with("physical", allergy="yes"))
    assert HEALTH_STOP in section
    assert "a clinician would need to confirm it with you" in section
    assert CLINIC_LIMIT not in section


@pytest.mark.django_db
def test_a_stop_for_the_clinics_licence_alone_has_its_own_heading(client):
    # (Under-18s are stopped before the questions, so only the licence reaches
    # the result page on its own.)
    section = outcome_section(client, about={"age": "40", "state": "FL"})
    assert CLINIC_LIMIT in section
    assert "not about your health" in section
    assert HEALTH_STOP not in section


@pytest.mark.django_db
def test_a_health_stop_with_a_licence_stop_takes_the_health_heading(client):
    section = outcome_section(
        client,
        about={"age": "40", "state": "FL"},
        physical=posts_with("physical", allergy="yes"),
    )
    assert HEALTH_STOP in section
    assert CLINIC_LIMIT not in section


@pytest.mark.django_db
def test_a_new_at_home_answer_is_reviewed_with_its_reason(client):
    section = outcome_section(client, home=posts_with("home", breathing="yes"))
    assert "A clinician needs to review your answers" in section
    assert "slow your breathing" in section


@pytest.mark.django_db
def test_a_not_sure_to_a_new_question_is_reviewed_and_names_it(client):
    section = outcome_section(
        client, suicide=posts_with("suicide", suicide_plan="not_sure")
    )
    assert "A clinician needs to review your answers" in section
    assert "You were not sure about this" in section
    assert "thoughts of ending your life that come with a plan" in section


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {},
        MINIMAL,
        {"physical": {**factories.valid_posts()["physical"], "pregnancy": "yes"}},
        {"mental": {**factories.valid_posts()["mental"], "psychosis": "yes"}},
        {"about": {"age": "40", "state": "FL"}},
        {"home": {**factories.valid_posts()["home"], "adult_present": "no"}},
    ],
    ids=["likely", "options", "pregnancy", "psychosis", "licence", "adult"],
)
def test_no_outcome_on_the_result_page_reads_as_a_verdict(client, overrides):
    section = outcome_section(client, **overrides)
    assert not VERDICTS.search(section), VERDICTS.search(section)


def test_no_outcome_label_staff_see_reads_as_a_verdict():
    for value, label in OUTCOME_CHOICES:
        assert not VERDICTS.search(str(label)), value
    assert {value for value, _ in OUTCOME_CHOICES} == set(Outcome)


@pytest.mark.parametrize("code", sorted(REASONS))
def test_no_reason_reads_as_a_verdict(code):
    assert not VERDICTS.search(REASONS[code].text), code


@pytest.mark.django_db
def test_a_suicide_plan_points_to_the_help_on_the_same_page(client):
    factories.submit(client, suicide=posts_with("suicide", suicide_plan="yes"))
    text = client.get(RESULT).content.decode()
    assert "do not wait for us: get help now" in text
    assert ">If you need help now</h2>" in text  # the part the reason points to
