"""The FHIR export validates (fhir.resources' R4B models: the library's 8.x line
ships R5 at its root and R4B as the nearest to R4) and carries the right codes.
The library checks structure and types, not code values, so the codes are
checked here one by one."""

import json

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from intake.domain.instruments import GAD7, PHQ9
from ketacare.models import AuditEvent
from tests.intake.factories import build

pytestmark = pytest.mark.django_db
LOINC = "http://loinc.org"
ANSWER_CODES = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]


def download(client, assessment) -> dict:
    response = client.post(
        reverse("admin:intake_assessment_fhir", args=[assessment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    return json.loads(response.content)


def resources(bundle: dict, kind: str) -> list[dict]:
    return [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind
    ]


def test_the_bundle_validates_as_fhir(as_reviewer, urgent):
    data = download(as_reviewer, urgent)
    bundle = Bundle.model_validate(data)
    assert bundle.type == "collection"
    kinds = [type(entry.resource).__name__ for entry in bundle.entry]
    assert kinds == ["QuestionnaireResponse", "Observation", "Observation"]


def test_the_validator_would_catch_a_broken_bundle(as_reviewer, urgent):
    data = download(as_reviewer, urgent)
    resources(data, "Observation")[0]["valueInteger"] = "twenty"
    with pytest.raises(ValidationError):
        Bundle.model_validate(data)


def test_the_questionnaire_response_is_completed_and_authored_at_submission(
    as_reviewer, urgent
):
    [response] = resources(download(as_reviewer, urgent), "QuestionnaireResponse")
    assert response["status"] == "completed"
    assert response["authored"] == urgent.submitted_at.isoformat(timespec="seconds")
    assert [group["linkId"] for group in response["item"]] == ["44249-1", "69737-5"]


def test_items_are_linked_by_loinc_code_with_loinc_answer_codes(as_reviewer, urgent):
    [response] = resources(download(as_reviewer, urgent), "QuestionnaireResponse")
    phq9_group, gad7_group = response["item"]
    phq9_answers = urgent.answers["phq9"]
    expected = [
        (item.loinc, ANSWER_CODES[phq9_answers[item.link_id]]) for item in PHQ9.items
    ] + [("69722-7", "LA6573-5")]  # the difficulty item: "Somewhat difficult"
    got = [
        (item["linkId"], item["answer"][0]["valueCoding"]["code"])
        for item in phq9_group["item"]
    ]
    assert got == expected
    assert got[8] == ("44260-8", "LA6570-1")  # item 9: "More than half the days"
    assert [item["linkId"] for item in gad7_group["item"]] == [
        item.loinc for item in GAD7.items
    ]
    codings = [
        answer["valueCoding"]
        for group in response["item"]
        for item in group["item"]
        for answer in item["answer"]
    ]
    assert {coding["system"] for coding in codings} == {LOINC}


@pytest.mark.parametrize(
    ("code", "field"), [("44261-6", "phq9_total"), ("70274-6", "gad7_total")]
)
def test_observations_carry_the_totals(as_reviewer, urgent, code, field):
    bundle = download(as_reviewer, urgent)
    [response_entry] = [
        e
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    [observation] = [
        o
        for o in resources(bundle, "Observation")
        if o["code"]["coding"][0]["code"] == code
    ]
    assert observation["code"]["coding"][0]["system"] == LOINC
    assert observation["status"] == "final"
    assert observation["category"][0]["coding"][0] == {
        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
        "code": "survey",
        "display": "Survey",
    }
    assert observation["valueInteger"] == getattr(urgent, field)
    assert observation["effectiveDateTime"] == urgent.submitted_at.isoformat(
        timespec="seconds"
    )
    assert observation["derivedFrom"] == [{"reference": response_entry["fullUrl"]}]


def test_the_same_assessment_exports_with_the_same_identifiers(as_reviewer, urgent):
    first = [e["fullUrl"] for e in download(as_reviewer, urgent)["entry"]]
    again = [e["fullUrl"] for e in download(as_reviewer, urgent)["entry"]]
    assert first == again
    assert all(url.startswith("urn:uuid:") for url in first)
    assert len(set(first)) == len(first)


def test_a_reviewers_bundle_identifies_nobody(as_reviewer, urgent):
    data = download(as_reviewer, urgent)
    text = json.dumps(data)
    assert "Lovelace" not in text
    assert "example.org" not in text
    assert not resources(data, "Patient")
    assert "subject" not in resources(data, "QuestionnaireResponse")[0]


def test_a_leads_bundle_names_the_patient(as_lead, urgent):
    data = download(as_lead, urgent)
    Bundle.model_validate(data)
    [patient] = resources(data, "Patient")
    assert patient["name"] == [{"text": "Ada Lovelace"}]
    assert {"system": "email", "value": "ada@example.org", "rank": 1} in patient[
        "telecom"
    ]
    patient_url = data["entry"][0]["fullUrl"]
    for resource in resources(data, "QuestionnaireResponse") + resources(
        data, "Observation"
    ):
        assert resource["subject"] == {"reference": patient_url}


def test_a_draft_exports_as_in_progress_with_what_it_has(as_reviewer):
    draft = build(upto="phq9")
    data = download(as_reviewer, draft)
    Bundle.model_validate(data)
    [response] = resources(data, "QuestionnaireResponse")
    assert response["status"] == "in-progress"
    assert [group["linkId"] for group in response["item"]] == ["44249-1"]
    [observation] = resources(data, "Observation")
    assert observation["status"] == "preliminary"
    assert observation["code"]["coding"][0]["code"] == "44261-6"


def test_an_export_is_audited(as_reviewer, reviewer, urgent):
    download(as_reviewer, urgent)
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.object_ids == [str(urgent.pk)]
    assert event.actor == reviewer
    assert event.detail == {"format": "fhir", "contact_details": False}


@pytest.mark.parametrize("object_id", ["999999", "abc", "1%00"])
def test_a_missing_record_is_a_404(as_reviewer, urgent, object_id):
    url = reverse("admin:intake_assessment_fhir", args=[urgent.pk]).replace(
        f"/{urgent.pk}/", f"/{object_id}/"
    )
    assert as_reviewer.post(url).status_code == 404


def test_the_download_is_an_attachment_never_cached(as_reviewer, urgent):
    response = as_reviewer.post(
        reverse("admin:intake_assessment_fhir", args=[urgent.pk])
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="assessment-{urgent.pk}-fhir.json"'
    )
    assert "no-store" in response["Cache-Control"]


def test_fhir_is_post_only_so_a_link_cannot_export(as_lead, urgent):
    url = reverse("admin:intake_assessment_fhir", args=[urgent.pk])
    assert as_lead.get(url).status_code == 405
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_fhir_needs_the_csrf_token(as_lead, urgent):
    as_lead.handler.enforce_csrf_checks = True
    url = reverse("admin:intake_assessment_fhir", args=[urgent.pk])
    assert as_lead.post(url).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_detail_page_offers_the_export_as_a_posted_button(as_reviewer, urgent):
    page = as_reviewer.get(
        reverse("admin:intake_assessment_change", args=[urgent.pk])
    ).content.decode()
    url = reverse("admin:intake_assessment_fhir", args=[urgent.pk])
    assert f'<form method="post" action="{url}"' in page
    assert f'href="{url}"' not in page
