"""Every filter of the queue, and what bad filter input does (never a 500)."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.domain.screen import PHYSICAL_QUESTIONS
from intake.models import Assessment
from tests.intake.factories import all_no, build, gad7, phq9
from tests.intake.staff.conftest import ITEM9_POSITIVE

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:intake_assessment_changelist")


def listed(client, **params) -> set[int]:
    response = client.get(QUEUE, params)
    assert response.status_code == 200, response
    return {obj.pk for obj in response.context["cl"].result_list}


def set_review(assessment, status):
    Assessment.objects.filter(pk=assessment.pk).update(review_status=status)


@pytest.mark.parametrize("status", ["new", "in_review", "contacted", "closed"])
def test_review_status_filter(as_reviewer, status):
    wanted = build()
    set_review(wanted, status)
    other = build()
    set_review(other, "referred_elsewhere" if status != "referred_elsewhere" else "new")
    assert listed(as_reviewer, review=status) == {wanted.pk}


def test_outcome_filter(as_reviewer, routine):
    review = build(physical={**all_no(PHYSICAL_QUESTIONS), "stroke": "yes"})
    assert listed(as_reviewer, outcome__exact="needs_review") == {review.pk}
    assert listed(as_reviewer, outcome__exact="likely_suitable") == {routine.pk}


def test_urgent_filter(as_reviewer, urgent, routine):
    assert listed(as_reviewer, urgent__exact="1") == {urgent.pk}
    assert listed(as_reviewer, urgent__exact="0") == {routine.pk}


def test_band_filters_for_each_instrument(as_reviewer, routine):
    severe = build(phq9=phq9(3, 3, 3, 3, 3, 3, 2, 0, 0), gad7=gad7(3, 3, 3, 3, 3, 0, 0))
    assert severe.phq9_band == "severe"
    assert severe.gad7_band == "severe"
    assert listed(as_reviewer, phq9_band="severe") == {severe.pk}
    assert listed(as_reviewer, gad7_band="severe") == {severe.pk}
    assert listed(as_reviewer, phq9_band="mild") == {routine.pk}


def test_gad7_band_filter_offers_only_the_four_gad7_bands(as_reviewer, routine):
    text = as_reviewer.get(QUEUE).content.decode()
    gad7_part = text.split("By GAD-7 band")[1].split("</details>")[0]
    assert "Moderately severe" not in gad7_part
    assert "Severe" in gad7_part


def test_state_filter(as_reviewer, routine):
    texan = build(about={"age": "40", "state": "TX"})
    assert listed(as_reviewer, state="TX") == {texan.pk}
    assert listed(as_reviewer, state="CA") == {routine.pk}


def submitted_on(assessment, day: datetime) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=day)


def test_submitted_date_range_is_inclusive_at_both_ends(as_reviewer):
    start = timezone.make_aware(datetime(2026, 3, 1, 0, 0))
    before, first, last, after = build(), build(), build(), build()
    submitted_on(before, start - timedelta(minutes=1))
    submitted_on(first, start)
    submitted_on(last, start + timedelta(days=2, hours=23, minutes=59))
    submitted_on(after, start + timedelta(days=3))

    found = listed(as_reviewer, submitted_from="2026-03-01", submitted_to="2026-03-03")

    assert found == {first.pk, last.pk}
    assert listed(as_reviewer, submitted_from="2026-03-04") == {after.pk}
    assert listed(as_reviewer, submitted_to="2026-02-28") == {before.pk}


def test_the_date_form_keeps_the_other_filters(as_reviewer, routine):
    text = as_reviewer.get(QUEUE, {"urgent__exact": "1"}).content.decode()
    assert '<input type="hidden" name="urgent__exact" value="1">' in text


def test_assigned_to_me_nobody_and_someone_else(as_reviewer, reviewer, lead):
    mine, theirs, nobodys = build(), build(), build()
    Assessment.objects.filter(pk=mine.pk).update(assigned_to=reviewer)
    Assessment.objects.filter(pk=theirs.pk).update(assigned_to=lead)
    assert listed(as_reviewer, assigned="me") == {mine.pk}
    assert listed(as_reviewer, assigned="nobody") == {nobodys.pk}
    assert listed(as_reviewer, assigned="others") == {theirs.pk}


def test_drafts_versus_submitted(as_reviewer, routine):
    draft = build(upto="about")
    urgent_draft = build(phq9=ITEM9_POSITIVE, upto="phq9")
    assert listed(as_reviewer) == {routine.pk, urgent_draft.pk}
    assert listed(as_reviewer, stage="submitted") == {routine.pk}
    assert listed(as_reviewer, stage="draft") == {draft.pk, urgent_draft.pk}
    assert listed(as_reviewer, stage="all") == {routine.pk, draft.pk, urgent_draft.pk}


@pytest.mark.parametrize(
    "params",
    [
        {"review": "deleted"},
        {"stage": "<script>"},
        {"submitted_from": "2026-13-45"},
        {"submitted_to": "yesterday"},
        {"urgent__exact": "maybe"},
        {"p": "999"},
        {"o": "99"},
        {"phq9_band": "\x00"},
        {"phq9_band": "dreadful"},
        {"state": "C\x00A"},
        {"outcome__exact": "\x00"},
        {"contact": "\x00"},
        {"nonsense": "1"},
    ],
)
def test_bad_filter_input_is_answered_without_an_error(as_reviewer, routine, params):
    response = as_reviewer.get(QUEUE, params)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")
        assert as_reviewer.get(response["Location"]).status_code == 200
