"""The queue: the work to do first, an urgent badge in words, drafts as drafts."""

from datetime import timedelta

import pytest
from django.contrib.admin.templatetags.admin_list import result_headers
from django.urls import reverse
from django.utils import timezone

from intake.domain.screen import PHYSICAL_QUESTIONS
from intake.models import Assessment
from tests.intake.factories import all_no, build
from tests.intake.staff.conftest import ITEM9_POSITIVE

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:intake_assessment_changelist")


def shown(response) -> list[int]:
    return [obj.pk for obj in response.context["cl"].result_list]


def aged(assessment: Assessment, *, days: int) -> Assessment:
    """Move an assessment `days` into the past (started and submitted)."""
    moment = timezone.now() - timedelta(days=days)
    submitted = moment if assessment.submitted_at else None
    Assessment.objects.filter(pk=assessment.pk).update(
        created_at=moment, submitted_at=submitted
    )
    return assessment


def not_suitable() -> Assessment:
    return build(physical={**all_no(PHYSICAL_QUESTIONS), "pregnancy": "yes"})


def needs_review() -> Assessment:
    return build(physical={**all_no(PHYSICAL_QUESTIONS), "blood_pressure": "yes"})


def test_urgent_first_then_clinician_outcomes_then_newest(as_reviewer):
    routine_new = aged(build(), days=1)
    routine_old = aged(build(), days=9)
    review_old = aged(needs_review(), days=8)
    stop_new = aged(not_suitable(), days=2)
    urgent_old = aged(build(phq9=ITEM9_POSITIVE), days=30)
    urgent_new = aged(build(phq9=ITEM9_POSITIVE), days=3)

    response = as_reviewer.get(QUEUE)

    assert shown(response) == [
        urgent_new.pk,
        urgent_old.pk,
        stop_new.pk,
        review_old.pk,
        routine_new.pk,
        routine_old.pk,
    ]


def test_finished_records_leave_the_default_queue_and_sort_last_in_all(as_reviewer):
    closed_urgent = build(phq9=ITEM9_POSITIVE)
    Assessment.objects.filter(pk=closed_urgent.pk).update(review_status="closed")
    routine = aged(build(), days=5)

    assert shown(as_reviewer.get(QUEUE)) == [routine.pk]
    everything = as_reviewer.get(QUEUE, {"review": "all"})
    assert shown(everything) == [routine.pk, closed_urgent.pk]


def test_the_columns_are_the_ones_a_coordinator_scans(as_reviewer, urgent):
    changelist = as_reviewer.get(QUEUE).context["cl"]
    headers = [str(header["text"]) for header in result_headers(changelist)]
    assert [h[:1].upper() + h[1:] for h in headers[1:]] == [  # after the checkbox
        "Received",
        "Urgent",
        "Check-ins",
        "PHQ-9",
        "GAD-7",
        "Outcome",
        "State",
        "Status",
        "Assigned to",
    ]


def test_an_urgent_row_carries_the_word_urgent_not_just_a_colour(
    as_reviewer, urgent, routine
):
    text = as_reviewer.get(QUEUE).content.decode()
    assert '<strong class="kc-urgent">Urgent</strong>' in text
    assert text.count("kc-urgent") == 1  # only the urgent row has the badge
    assert '<span class="kc-muted">No</span>' in text


def test_scores_bands_outcome_state_and_status_are_shown_in_words(as_reviewer, urgent):
    text = as_reviewer.get(QUEUE).content.decode()
    assert f"<strong>{urgent.phq9_total}</strong> Minimal" in text
    assert f"<strong>{urgent.gad7_total}</strong> Mild" in text
    assert "Needs review" in text
    assert ">CA<" in text
    assert ">New<" in text
    assert "Nobody" in text


def test_an_urgent_draft_is_in_the_queue_marked_as_a_draft(as_reviewer):
    draft = build(phq9=ITEM9_POSITIVE, upto="phq9")
    assert draft.status == Assessment.Status.DRAFT
    assert draft.urgent

    response = as_reviewer.get(QUEUE)

    assert shown(response) == [draft.pk]
    assert '<span class="kc-tag">Draft</span>' in response.content.decode()


def test_ordinary_drafts_wait_behind_the_drafts_filter(as_reviewer, routine):
    draft = build(upto="gad7")
    assert shown(as_reviewer.get(QUEUE)) == [routine.pk]
    assert shown(as_reviewer.get(QUEUE, {"stage": "draft"})) == [draft.pk]


def test_the_list_shows_no_contact_details(as_lead, urgent):
    text = as_lead.get(QUEUE).content.decode()
    assert "Ada Lovelace" not in text
    assert "ada@example.org" not in text


def test_a_page_holds_fifty_rows(as_reviewer):
    for _ in range(51):
        Assessment.objects.create(
            token_hash=f"{_:064d}",
            status="submitted",
            submitted_at=timezone.now(),
        )
    response = as_reviewer.get(QUEUE)
    assert len(shown(response)) == 50
    assert len(shown(as_reviewer.get(QUEUE, {"p": "2"}))) == 1
