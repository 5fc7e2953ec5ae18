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
  details; otherwise nothing in the bundle identifies the person;
- for each completed check-in of the person's follow-up (oldest first), its own
  QuestionnaireResponse (status "completed", authored when it was completed,
  the same PHQ-9 and GAD-7 groups and codes) and the same two total-score
  Observations, effective when it was completed and derived from that response.
  A check-in still open is not exported. The check-in response names its own
  questionnaire (CHECK_IN_QUESTIONNAIRE): it holds only the two instruments,
  not the self-assessment screen the intake's response names.

Resources reference each other by urn:uuid full URLs, derived from the
assessment id (and a check-in's own id) so that exporting twice gives the same
identifiers (an EHR can recognise a repeated import) and a URL tells nothing
about the person. Texts are the instruments' published English
wording, never a translation. The response names the questionnaire with the
screen version the person answered (a canonical URL with "|version"), so an
assessment from an earlier screen says so. See docs/clinical.md (FHIR).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from intake.domain import scoring
from intake.domain.instruments import GAD7, PHQ9, Instrument
from intake.models import Assessment, CheckIn

LOINC = "http://loinc.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ASSESSMENT_IDENTIFIER = "urn:ketacare:assessment"
QUESTIONNAIRE = "urn:ketacare:questionnaire:self-assessment"
CHECK_IN_IDENTIFIER = "urn:ketacare:check-in"
# The check-in asks the PHQ-9 and GAD-7 as the intake does; its version changes
# only if the check-in's questions do.
CHECK_IN_QUESTIONNAIRE = "urn:ketacare:questionnaire:check-in"
CHECK_IN_VERSION = 1
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
    instrument: Instrument,
    *,
    total: int | None,
    band: str,
    final: bool,
    authored: str,
    response_url: str,
    subject: dict[str, str] | None,
) -> dict[str, Any] | None:
    if total is None:
        return None
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final" if final else "preliminary",
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
        "interpretation": [{"text": band}],
        "derivedFrom": [{"reference": response_url}],
    }
    if subject:
        observation["subject"] = subject
    return observation


def _response(
    answers: dict[str, Any],
    *,
    identifier: dict[str, str],
    questionnaire: str,
    completed: bool,
    authored: str,
    subject: dict[str, str] | None,
) -> dict[str, Any]:
    groups = [
        group
        for instrument in (PHQ9, GAD7)
        if (group := _group(instrument, answers.get(instrument.key) or {}))
    ]
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "identifier": identifier,
        "questionnaire": questionnaire,
        "status": "completed" if completed else "in-progress",
        "authored": authored,
    }
    if groups:
        response["item"] = groups
    if subject:
        response["subject"] = subject
    return response


def _band(instrument: Instrument, total: int | None) -> str:
    # As the intake's Observation reads its band: the label, in the language active.
    return "" if total is None else gettext(scoring.band_for(instrument, total).label)


def _check_in_url(check_in: CheckIn, kind: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'check-in/{check_in.pk}/{kind}')}"


def _check_in_entries(
    check_in: CheckIn, *, subject: dict[str, str] | None
) -> list[dict[str, Any]]:
    """A completed check-in as its response and total-score Observations, shaped
    as the intake's own."""
    if check_in.completed_at is None:
        raise ValueError(f"check-in {check_in.pk} is not completed")
    authored = _instant(check_in.completed_at)
    response_url = _check_in_url(check_in, "questionnaire-response")
    response = _response(
        check_in.answers,
        identifier={"system": CHECK_IN_IDENTIFIER, "value": str(check_in.pk)},
        questionnaire=f"{CHECK_IN_QUESTIONNAIRE}|{CHECK_IN_VERSION}",
        completed=True,
        authored=authored,
        subject=subject,
    )
    entries = [{"fullUrl": response_url, "resource": response}]
    for instrument in (PHQ9, GAD7):
        total = getattr(check_in, f"{instrument.key}_total")
        observation = _observation(
            instrument,
            total=total,
            band=_band(instrument, total),
            final=True,
            authored=authored,
            response_url=response_url,
            subject=subject,
        )
        if observation is not None:
            entries.append(
                {
                    "fullUrl": _check_in_url(check_in, f"{instrument.key}-total"),
                    "resource": observation,
                }
            )
    return entries


def assessment_bundle(
    assessment: Assessment, *, include_contact: bool
) -> dict[str, Any]:
    """The assessment, and its completed check-ins, as a FHIR R4 Bundle (a
    JSON-ready dict). Reads the check-ins in one query of its own."""
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
    response = _response(
        assessment.answers,
        identifier={"system": ASSESSMENT_IDENTIFIER, "value": str(assessment.pk)},
        questionnaire=f"{QUESTIONNAIRE}|{assessment.screen_version}",
        completed=submitted,
        authored=authored,
        subject=subject,
    )
    entries.append({"fullUrl": response_url, "resource": response})

    for instrument in (PHQ9, GAD7):
        observation = _observation(
            instrument,
            total=getattr(assessment, f"{instrument.key}_total"),
            band=str(getattr(assessment, f"get_{instrument.key}_band_display")()),
            final=submitted,
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

    check_ins = CheckIn.objects.completed().filter(
        follow_up__assessment_id=assessment.pk
    )
    for check_in in check_ins.order_by("completed_at", "pk"):
        entries.extend(_check_in_entries(check_in, subject=subject))
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _instant(timezone.now()),
        "entry": entries,
    }
