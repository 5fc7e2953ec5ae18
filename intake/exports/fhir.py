"""FHIR R4 export of one assessment: what lets a clinic move a new patient into
its EHR.

A Bundle of type "collection" holding:
- a QuestionnaireResponse with the PHQ-9 (LOINC panel 44249-1) and GAD-7
  (69737-5) as groups; each answered item by its LOINC item code as linkId, the
  answer as a valueCoding with the LOINC answer code (LA...). Status
  "completed" once submitted, "in-progress" for a draft;
- one Observation per total score: PHQ-9 44261-6, GAD-7 70274-6; category
  survey, valueInteger, effectiveDateTime, derivedFrom the response; status
  "final" once submitted, "preliminary" for a draft;
- a Patient with name and telecom, only when the caller may export contact
  details; otherwise nothing in the bundle identifies the person.

Resources reference each other by urn:uuid full URLs, derived from the
assessment id so that exporting twice gives the same identifiers (an EHR can
recognise a repeated import). Texts are the instruments' published English
wording, never a translation. The response names the questionnaire with the
screen version the person answered (a canonical URL with "|version"), so an
assessment from an earlier screen says so. See docs/clinical.md (FHIR).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from django.utils import timezone

from intake.domain.instruments import GAD7, PHQ9, Instrument
from intake.models import Assessment

LOINC = "http://loinc.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ASSESSMENT_IDENTIFIER = "urn:ketacare:assessment"
QUESTIONNAIRE = "urn:ketacare:questionnaire:self-assessment"
# A fixed namespace for the resources' uuid5 identifiers.
NAMESPACE = uuid.UUID("6f1c2b3a-57a4-4c63-9a4e-8d0a2f6b9c11")

# LOINC long common names of the total-score codes.
TOTAL_DISPLAY = {
    PHQ9.total_loinc: "Patient Health Questionnaire 9 item (PHQ-9) total score "
    "[Reported]",
    GAD7.total_loinc: "Generalized anxiety disorder 7 item (GAD-7) total score "
    "[Reported.PHQ]",
}
FHIR_CONTACT_SYSTEM = {"email": "email", "phone": "phone", "text": "sms"}


def _instant(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _full_url(assessment: Assessment, kind: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'assessment/{assessment.pk}/{kind}')}"


def _coding(code: str, display: str) -> dict[str, str]:
    return {"system": LOINC, "code": code, "display": display}


def _group(instrument: Instrument, answers: dict[str, Any]) -> dict[str, Any] | None:
    items = []
    for item in instrument.items:
        value = answers.get(item.link_id)
        if isinstance(value, bool) or not isinstance(value, int):
            continue
        option = instrument.option(value)
        items.append(
            {
                "linkId": item.loinc,
                "text": item.text,
                "answer": [{"valueCoding": _coding(option.loinc, option.label)}],
            }
        )
    for extra in instrument.extra_items:
        chosen = answers.get(extra.link_id)
        choice = next((c for c in extra.choices if c.value == chosen), None)
        if choice is not None:
            items.append(
                {
                    "linkId": extra.loinc,
                    "text": extra.text,
                    "answer": [{"valueCoding": _coding(choice.loinc, choice.label)}],
                }
            )
    if not items:
        return None
    return {"linkId": instrument.panel_loinc, "text": instrument.name, "item": items}


def _patient(assessment: Assessment) -> dict[str, Any] | None:
    if not any(
        (assessment.contact_name, assessment.contact_email, assessment.contact_phone)
    ):
        return None
    telecom = []
    for system, value in (
        ("email", assessment.contact_email),
        ("phone", assessment.contact_phone),
    ):
        if value:
            telecom.append({"system": system, "value": value})
    preferred = FHIR_CONTACT_SYSTEM.get(assessment.contact_method)
    if preferred == "sms" and assessment.contact_phone:
        telecom.append({"system": "sms", "value": assessment.contact_phone})
    for entry in telecom:
        if entry["system"] == preferred:
            entry["rank"] = 1
    patient: dict[str, Any] = {"resourceType": "Patient", "telecom": telecom}
    if assessment.contact_name:
        patient["name"] = [{"text": assessment.contact_name}]
    return patient


def _observation(
    assessment: Assessment,
    instrument: Instrument,
    *,
    authored: str,
    response_url: str,
    subject: dict[str, str] | None,
) -> dict[str, Any] | None:
    total = getattr(assessment, f"{instrument.key}_total")
    if total is None:
        return None
    submitted = assessment.status == Assessment.Status.SUBMITTED
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final" if submitted else "preliminary",
        "category": [
            {
                "coding": [
                    {
                        "system": OBSERVATION_CATEGORY,
                        "code": "survey",
                        "display": "Survey",
                    }
                ]
            }
        ],
        "code": {
            "coding": [
                _coding(instrument.total_loinc, TOTAL_DISPLAY[instrument.total_loinc])
            ],
            "text": f"{instrument.name} total score",
        },
        "effectiveDateTime": authored,
        "valueInteger": total,
        "interpretation": [
            {"text": str(getattr(assessment, f"get_{instrument.key}_band_display")())}
        ],
        "derivedFrom": [{"reference": response_url}],
    }
    if subject:
        observation["subject"] = subject
    return observation


def assessment_bundle(
    assessment: Assessment, *, include_contact: bool
) -> dict[str, Any]:
    """The assessment as a FHIR R4 Bundle (a JSON-ready dict)."""
    submitted = assessment.status == Assessment.Status.SUBMITTED
    authored = _instant(assessment.submitted_at if submitted else assessment.updated_at)
    entries: list[dict[str, Any]] = []

    subject = None
    patient = _patient(assessment) if include_contact else None
    if patient is not None:
        patient_url = _full_url(assessment, "patient")
        entries.append({"fullUrl": patient_url, "resource": patient})
        subject = {"reference": patient_url}

    response_url = _full_url(assessment, "questionnaire-response")
    groups = [
        group
        for instrument in (PHQ9, GAD7)
        if (group := _group(instrument, assessment.answers.get(instrument.key) or {}))
    ]
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "identifier": {"system": ASSESSMENT_IDENTIFIER, "value": str(assessment.pk)},
        "questionnaire": f"{QUESTIONNAIRE}|{assessment.screen_version}",
        "status": "completed" if submitted else "in-progress",
        "authored": authored,
    }
    if groups:
        response["item"] = groups
    if subject:
        response["subject"] = subject
    entries.append({"fullUrl": response_url, "resource": response})

    for instrument in (PHQ9, GAD7):
        observation = _observation(
            assessment,
            instrument,
            authored=authored,
            response_url=response_url,
            subject=subject,
        )
        if observation is not None:
            entries.append(
                {
                    "fullUrl": _full_url(assessment, f"{instrument.key}-total"),
                    "resource": observation,
                }
            )
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _instant(timezone.now()),
        "entry": entries,
    }
