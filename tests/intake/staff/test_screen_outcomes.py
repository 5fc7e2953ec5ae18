"""Staff see what the person saw: the consultation-about-options outcome and its
reasons, the new screen questions, and records from screen version 1, in the
detail page, the queue, the CSV and the FHIR export."""

import csv
import io
import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from intake.domain.screen import HOME_QUESTIONS
from tests.intake.factories import (
    all_clear,
    build,
    build_version_1,
    gad7,
    phq9,
)

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:intake_assessment_changelist")
MINIMAL = {"phq9": phq9(1, 0, 0, 1, 0, 0, 0, 0, 0), "gad7": gad7(1, 0, 0, 0, 0, 0, 1)}


def one_antidepressant():
    return build(
        treatment={
            "antidepressants": "1",
            "therapy": "past",
            "past_treatments": ["none"],
        }
    )


def detail(client, assessment) -> str:
    response = client.get(
        reverse("admin:intake_assessment_change", args=[assessment.pk])
    )
    assert response.status_code == 200
    return response.content.decode()


def export(client, *assessments) -> list[dict]:
    response = client.post(
        QUEUE,
        {"action": "export_csv", ACTION_CHECKBOX_NAME: [a.pk for a in assessments]},
    )
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8")[1:])))


def fhir(client, assessment) -> dict:
    response = client.post(
        reverse("admin:intake_assessment_fhir", args=[assessment.pk])
    )
    assert response.status_code == 200
    return json.loads(response.content)


def test_minimal_symptoms_are_stored_as_a_consultation_about_options():
    assessment = build(**MINIMAL)
    assert (assessment.phq9_total, assessment.gad7_total) == (2, 2)
    assert assessment.outcome == "consult_options"
    assert assessment.reasons == ["minimal_symptoms"]


def test_one_antidepressant_is_stored_as_a_consultation_about_options():
    assessment = one_antidepressant()
    assert assessment.outcome == "consult_options"
    assert assessment.reasons == ["fewer_antidepressants"]


def test_the_detail_page_gives_the_options_outcome_and_its_reason(as_reviewer):
    text = detail(as_reviewer, one_antidepressant())
    assert "A consultation about treatment options" in text
    assert '<span class="kc-tag">Options</span>' in text
    assert "You have tried fewer than two antidepressants." in text
    assert "a clinician confirms each one" in text
    assert "Version 2 (current)" in text


def test_the_detail_page_shows_the_new_answers(as_reviewer):
    home = {**all_clear(HOME_QUESTIONS), "adult_present": "no"}
    text = detail(as_reviewer, build(home=home))
    assert "Treatment at home" in text
    assert "Thoughts of suicide" in text
    assert "Could another adult be with you during each dose" in text
    assert "You may not have another adult with you" in text


def test_the_queue_badge_and_filter_know_the_options_outcome(as_reviewer, routine):
    options = one_antidepressant()
    response = as_reviewer.get(QUEUE, {"outcome__exact": "consult_options"})
    assert {obj.pk for obj in response.context["cl"].result_list} == {options.pk}
    assert "Consult on options" in response.content.decode()
    text = as_reviewer.get(QUEUE).content.decode()
    assert "Likely suitable" in text  # the routine record, shown beside it


def test_the_csv_carries_the_options_outcome_reasons_and_screen_version(as_reviewer):
    [row] = export(as_reviewer, build(**MINIMAL, treatment={
        "antidepressants": "0", "therapy": "never", "past_treatments": ["none"],
    }))  # fmt: skip
    assert row["outcome"] == "consult_options"
    assert row["reasons"] == "minimal_symptoms fewer_antidepressants"
    assert row["screen_version"] == "2"


def test_a_version_1_record_displays_with_what_it_asked(as_reviewer):
    text = detail(as_reviewer, build_version_1())
    assert "Version 1: answered before the questions on thoughts of suicide" in text
    assert "Your physical health" in text
    assert "Thoughts of suicide</h3>" not in text
    assert "Treatment at home</h3>" not in text
    assert "Likely suitable for a consultation about ketamine" in text


def test_a_version_1_record_exports_to_csv(as_reviewer):
    old = build_version_1(outcome="needs_review", reasons=("liver",))
    [row] = export(as_reviewer, old)
    assert (row["outcome"], row["reasons"], row["screen_version"]) == (
        "needs_review",
        "liver",
        "1",
    )


def test_a_version_1_record_exports_to_fhir_naming_its_screen(as_reviewer):
    data = fhir(as_reviewer, build_version_1())
    Bundle.model_validate(data)
    [response] = [
        e["resource"]
        for e in data["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    assert response["questionnaire"] == "urn:ketacare:questionnaire:self-assessment|1"
    assert [group["linkId"] for group in response["item"]] == ["44249-1", "69737-5"]


def test_a_new_record_exports_to_fhir_naming_the_current_screen(as_reviewer, routine):
    data = fhir(as_reviewer, routine)
    [response] = [
        e["resource"]
        for e in data["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    assert response["questionnaire"].endswith("|2")
