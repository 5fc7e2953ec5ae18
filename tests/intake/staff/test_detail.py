"""The detail page: every answer in words, scores, reasons, consent, contact."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from intake.domain.instruments import GAD7, PHQ9
from intake.models import Assessment, hash_token
from tests.intake.factories import build, valid_posts

pytestmark = pytest.mark.django_db


def page(client, assessment) -> str:
    response = client.get(
        reverse("admin:intake_assessment_change", args=[assessment.pk])
    )
    assert response.status_code == 200
    return response.content.decode()


def test_answers_are_grouped_by_instrument_with_text_option_and_score(
    as_reviewer, urgent
):
    text = page(as_reviewer, urgent)
    phq9_part = text.split("Patient Health Questionnaire (PHQ-9)")[1].split("</table>")[
        0
    ]
    gad7_part = text.split("Generalized Anxiety Disorder scale (GAD-7)")[1].split(
        "</table>"
    )[0]
    for item in PHQ9.items:
        assert item.text in phq9_part
    for item in GAD7.items:
        assert item.text in gad7_part
    assert "More than half the days" in phq9_part  # item 9's answer
    assert "<td>2</td>" in phq9_part  # ...and its score
    assert "Several days" in gad7_part
    assert "Somewhat difficult" in phq9_part  # the unscored difficulty item


def test_totals_and_bands_are_shown(as_reviewer, urgent):
    text = page(as_reviewer, urgent)
    assert f"<strong>{urgent.phq9_total}</strong> / 27, Minimal" in text
    assert f"<strong>{urgent.gad7_total}</strong> / 21, Mild" in text


def test_an_urgent_record_opens_with_the_item_9_answer(as_reviewer, urgent):
    text = page(as_reviewer, urgent)
    alert = text.split('class="kc-alert"')[1].split("</div>")[0]
    assert "Urgent" in alert
    assert "“More than half the days”" in alert
    assert text.index('class="kc-alert"') < text.index("Summary")


def test_a_routine_record_has_no_urgent_alert(as_reviewer, routine):
    assert 'class="kc-alert"' not in page(as_reviewer, routine)


def test_suitability_reasons_are_listed(as_reviewer, urgent):
    text = page(as_reviewer, urgent)
    assert "Suitability reasons" in text
    assert "thoughts of being better off dead" in text
    assert "Needs a clinician&#x27;s review" in text


def test_the_other_answers_appear_as_the_person_saw_them(as_reviewer, urgent):
    text = page(as_reviewer, urgent)
    assert "Your physical health" in text
    assert "How many different antidepressants have you tried?" in text
    assert "Getting back to work" in text  # free text, decrypted


def test_consent_and_contact_details_for_staff_who_may_see_them(as_reviewer, urgent):
    text = page(as_reviewer, urgent)
    assert "to the clinic storing these answers and contacting them" in text
    assert "Ada Lovelace" in text
    assert "ada@example.org" in text
    assert "(555) 123-4567" in text


def test_contact_details_stay_hidden_without_the_permission(
    make_staff_user, staff_client, urgent
):
    viewer = make_staff_user("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_assessment"))
    text = page(staff_client(viewer), urgent)
    assert "Ada Lovelace" not in text
    assert "ada@example.org" not in text
    assert "Your account may not see contact details." in text
    assert "Getting back to work" in text  # the answers themselves are shown


def test_results_only_people_are_shown_as_such(as_reviewer):
    anonymous = build(contact={"wants_contact": "no"})
    assert "Chose to see the results only" in page(as_reviewer, anonymous)


def test_a_draft_shows_what_was_answered_so_far(as_reviewer):
    draft = build(upto="phq9")
    text = page(as_reviewer, draft)
    assert "Not submitted." in text
    assert "Little interest or pleasure in doing things" in text
    assert "Not answered" in text  # the GAD-7 items


def test_an_empty_draft_opens_without_error(as_reviewer):
    empty = Assessment.objects.create(token_hash=hash_token("empty"))
    text = page(as_reviewer, empty)
    assert "Not answered yet." in text


def test_submitted_answers_are_read_only(as_lead, urgent):
    text = page(as_lead, urgent)
    form_fields = {"review_status", "assigned_to", "note"}
    names = {part.split('"')[0] for part in text.split(' name="')[1:] if '"' in part}
    assert form_fields <= names
    assert not names & {"answers", "phq9_total", "contact_name", "hopes", "outcome"}


def test_posted_answers_and_scores_are_ignored(as_lead, urgent):
    url = reverse("admin:intake_assessment_change", args=[urgent.pk])
    as_lead.post(
        url,
        {
            "review_status": "in_review",
            "phq9_total": "0",
            "urgent": "",
            "contact_name": "Someone Else",
            "answers": "{}",
        },
    )
    urgent.refresh_from_db()
    assert urgent.review_status == "in_review"
    assert urgent.phq9_total == 2
    assert urgent.urgent
    assert urgent.contact_name == valid_posts()["details"]["name"]


def test_a_missing_record_is_handled(as_reviewer):
    url = reverse("admin:intake_assessment_change", args=[999999])
    response = as_reviewer.get(url)
    assert response.status_code == 302  # the admin's "doesn't exist" redirect
    assert (
        as_reviewer.get(
            reverse("admin:intake_assessment_change", args=["x"])
        ).status_code
        == 302
    )


def test_the_fhir_download_is_offered(as_reviewer, urgent):
    assert reverse("admin:intake_assessment_fhir", args=[urgent.pk]) in page(
        as_reviewer, urgent
    )


def test_the_stage_says_when_it_was_submitted(as_reviewer, urgent):
    text = page(as_reviewer, urgent)
    assert "Submitted on " in text
    assert "SubmittedNov" not in text
