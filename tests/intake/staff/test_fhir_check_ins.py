"""Completed check-ins in the FHIR export: each its own QuestionnaireResponse
with its total-score Observations, shaped as the intake's; open ones left out."""

import json
import secrets
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from intake.checkins import check_in_complete, check_in_save_step, follow_up_enrol
from intake.domain.instruments import GAD7, PHQ9
from intake.exports.fhir import assessment_bundle
from intake.models import CheckIn, FollowUp, hash_token
from intake.public.forms import FORMS
from tests.intake.factories import build, gad7, phq9
from tests.intake.staff.test_fhir import download, resources

pytestmark = pytest.mark.django_db
TOTALS = [("44261-6", "phq9_total"), ("70274-6", "gad7_total")]


def enrol(assessment) -> FollowUp:
    return follow_up_enrol(
        assessment=assessment,
        request=None,
        preset="weekly_12_weeks",
        starts_on=timezone.localdate(),
    )


def invite(check_in: CheckIn, at: datetime) -> None:
    """What sending the invitation does to the row (intake.checkins._send_one)."""
    check_in.invitation_status = CheckIn.Invitation.SENT
    check_in.sent_at = at
    check_in.token_hash = hash_token(secrets.token_urlsafe(32))
    check_in.expires_at = at + timedelta(days=7)
    check_in.save()


def answer(check_in: CheckIn, step: str, data: dict) -> None:
    form = FORMS[step](data)
    assert form.is_valid(), form.errors
    check_in_save_step(check_in=check_in, step=step, data=form.answers())


def complete(
    follow_up: FollowUp, sequence: int, *, at: datetime, phq9_data, gad7_data
) -> CheckIn:
    check_in = follow_up.check_ins.get(sequence=sequence)
    with time_machine.travel(at, tick=False):
        invite(check_in, at)
        answer(check_in, "phq9", phq9_data)
        answer(check_in, "gad7", gad7_data)
        return check_in_complete(check_in=check_in)


def open_one(follow_up: FollowUp, sequence: int, *, at: datetime) -> CheckIn:
    """Invited and half answered, not completed."""
    check_in = follow_up.check_ins.get(sequence=sequence)
    with time_machine.travel(at, tick=False):
        invite(check_in, at)
        answer(check_in, "phq9", phq9(3, 3, 3, 3, 3, 3, 3, 3, 0))
    check_in.refresh_from_db()
    return check_in


def later(days: int) -> datetime:
    return (timezone.now() + timedelta(days=days)).replace(microsecond=0)


def make_series(assessment) -> tuple[list[CheckIn], CheckIn]:
    """Enrol the assessment and give it two completed check-ins and one open."""
    follow_up = enrol(assessment)
    first = complete(
        follow_up,
        1,
        at=later(7) + timedelta(hours=1, seconds=17),
        phq9_data=phq9(2, 2, 1, 1, 1, 1, 0, 0, 0),
        gad7_data=gad7(1, 1, 1, 1, 1, 1, 1),
    )
    second = complete(
        follow_up,
        2,
        at=later(14),
        phq9_data=phq9(0, 0, 0, 1, 0, 0, 0, 0, 0),
        gad7_data=gad7(0, 0, 1, 0, 0, 0, 0),
    )
    still_open = open_one(follow_up, 3, at=later(21))
    return [first, second], still_open


@pytest.fixture
def series(routine):
    """The routine assessment with two completed check-ins and one open."""
    completed, still_open = make_series(routine)
    return routine, completed, still_open


def check_in_entries(bundle: dict) -> list[dict]:
    """The entries after the intake's own (Patient?, response, two Observations)."""
    intake_response = next(
        i
        for i, e in enumerate(bundle["entry"])
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    )
    return bundle["entry"][intake_response + 3 :]


def check_in_responses(bundle: dict) -> list[dict]:
    return [
        r
        for r in resources(bundle, "QuestionnaireResponse")
        if r["identifier"]["system"] == "urn:ketacare:check-in"
    ]


def observation_for(bundle: dict, response_url: str, code: str) -> dict:
    [observation] = [
        o
        for o in resources(bundle, "Observation")
        if o["derivedFrom"] == [{"reference": response_url}]
        and o["code"]["coding"][0]["code"] == code
    ]
    return observation


def response_url_of(bundle: dict, check_in: CheckIn) -> str:
    [entry] = [
        e
        for e in bundle["entry"]
        if e["resource"].get("identifier")
        == {"system": "urn:ketacare:check-in", "value": str(check_in.pk)}
    ]
    return entry["fullUrl"]


def test_two_completed_check_ins_add_two_responses_each_with_two_observations(
    as_reviewer, series
):
    assessment, _, _ = series
    bundle = download(as_reviewer, assessment)
    kinds = [e["resource"]["resourceType"] for e in check_in_entries(bundle)]
    assert kinds == ["QuestionnaireResponse", "Observation", "Observation"] * 2
    assert len(resources(bundle, "QuestionnaireResponse")) == 3


def test_the_bundle_with_check_ins_validates_as_fhir(as_reviewer, series):
    assessment, _, _ = series
    bundle = Bundle.model_validate(download(as_reviewer, assessment))
    assert len(bundle.entry) == 9


def test_a_leads_bundle_with_check_ins_validates_as_fhir(as_lead, series):
    assessment, _, _ = series
    bundle = Bundle.model_validate(download(as_lead, assessment))
    assert len(bundle.entry) == 10


def test_an_open_check_in_is_not_exported(as_reviewer, series):
    assessment, completed, still_open = series
    bundle = download(as_reviewer, assessment)
    values = [r["identifier"]["value"] for r in check_in_responses(bundle)]
    assert values == [str(c.pk) for c in completed]
    assert str(still_open.pk) not in values


def test_each_check_in_response_is_completed_and_authored_when_completed(
    as_reviewer, series
):
    assessment, completed, _ = series
    responses = check_in_responses(download(as_reviewer, assessment))
    assert [r["status"] for r in responses] == ["completed", "completed"]
    assert [r["authored"] for r in responses] == [
        c.completed_at.astimezone(UTC).isoformat(timespec="seconds") for c in completed
    ]


def test_a_check_in_response_has_the_intakes_groups_and_loinc_codes(
    as_reviewer, series
):
    assessment, _, _ = series
    bundle = download(as_reviewer, assessment)
    [intake] = [
        r
        for r in resources(bundle, "QuestionnaireResponse")
        if r["identifier"]["system"] == "urn:ketacare:assessment"
    ]
    response = check_in_responses(bundle)[0]
    assert [g["linkId"] for g in response["item"]] == ["44249-1", "69737-5"]
    shape = [[i["linkId"] for i in g["item"]] for g in response["item"]]
    assert shape == [[i["linkId"] for i in g["item"]] for g in intake["item"]]
    phq9_codes = [
        item["answer"][0]["valueCoding"]["code"] for item in response["item"][0]["item"]
    ]
    assert phq9_codes[:2] == ["LA6570-1", "LA6570-1"]  # "More than half the days"
    assert [i["linkId"] for i in response["item"][1]["item"]] == [
        item.loinc for item in GAD7.items
    ]


def test_a_check_in_response_names_the_check_in_questionnaire(as_reviewer, series):
    assessment, _, _ = series
    [first, _] = check_in_responses(download(as_reviewer, assessment))
    assert first["questionnaire"] == "urn:ketacare:questionnaire:check-in|1"


@pytest.mark.parametrize(("code", "field"), TOTALS)
def test_check_in_observations_carry_the_stored_totals_when_completed(
    as_reviewer, series, code, field
):
    assessment, completed, _ = series
    bundle = download(as_reviewer, assessment)
    for check_in in completed:
        observation = observation_for(bundle, response_url_of(bundle, check_in), code)
        assert observation["valueInteger"] == getattr(check_in, field)
        assert observation["effectiveDateTime"] == check_in.completed_at.astimezone(
            UTC
        ).isoformat(timespec="seconds")
        assert observation["status"] == "final"
        assert observation["code"]["coding"][0]["system"] == "http://loinc.org"


def test_the_stored_totals_are_the_ones_answered(series):
    _, [first, second], _ = series
    assert (first.phq9_total, first.gad7_total) == (8, 7)
    assert (second.phq9_total, second.gad7_total) == (1, 1)


def test_a_check_in_observation_reads_its_band(as_reviewer, series):
    assessment, [first, _], _ = series
    bundle = download(as_reviewer, assessment)
    observation = observation_for(bundle, response_url_of(bundle, first), "44261-6")
    assert observation["interpretation"] == [{"text": "Mild"}]


def test_a_leads_bundle_gives_check_ins_the_patient_as_subject(as_lead, series):
    assessment, _, _ = series
    bundle = download(as_lead, assessment)
    [patient_entry] = [
        e for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    ]
    for entry in check_in_entries(bundle):
        assert entry["resource"]["subject"] == {"reference": patient_entry["fullUrl"]}


def test_a_reviewers_check_ins_identify_nobody(as_reviewer, series):
    assessment, _, _ = series
    bundle = download(as_reviewer, assessment)
    for entry in check_in_entries(bundle):
        assert "subject" not in entry["resource"]
    assert "example.org" not in json.dumps(bundle).lower()


def test_check_ins_export_with_the_same_identifiers_each_time(as_reviewer, series):
    assessment, _, _ = series
    first = [e["fullUrl"] for e in download(as_reviewer, assessment)["entry"]]
    again = [e["fullUrl"] for e in download(as_reviewer, assessment)["entry"]]
    assert first == again
    assert all(url.startswith("urn:uuid:") for url in first)
    assert len(set(first)) == len(first)


def test_check_ins_are_read_in_one_query_however_many(
    series, django_assert_num_queries
):
    assessment, _, _ = series
    without = build()
    with django_assert_num_queries(1):
        assessment_bundle(without, include_contact=False)
    with django_assert_num_queries(1):
        assessment_bundle(assessment, include_contact=False)


def test_an_assessment_without_follow_up_exports_as_before(as_reviewer, urgent):
    bundle = download(as_reviewer, urgent)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds == ["QuestionnaireResponse", "Observation", "Observation"]
    assert PHQ9.panel_loinc in json.dumps(bundle)
