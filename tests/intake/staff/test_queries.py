"""The list and the detail page cost the same number of SQL queries whatever
the number of rows, notes and history entries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.models import Assessment
from intake.staff.review import assessment_review_update
from tests.intake.factories import build
from tests.intake.staff.conftest import ITEM9_POSITIVE

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:intake_assessment_changelist")


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_rows(count: int, assignees) -> None:
    for number in range(count):
        assessment = build(phq9=ITEM9_POSITIVE) if number % 3 == 0 else build()
        Assessment.objects.filter(pk=assessment.pk).update(
            assigned_to=assignees[number % len(assignees)]
        )


def work(assessment, actor, rounds: int) -> None:
    statuses = ["in_review", "contacted", "closed"]
    for number in range(rounds):
        assessment_review_update(
            assessment_id=assessment.pk,
            actor=actor,
            review_status=statuses[number % 3],
            assigned_to=actor if number % 2 else None,
            note=f"Note {number}",
        )


def test_the_list_costs_the_same_for_3_and_for_45_rows(
    as_lead, lead, reviewer, django_assert_num_queries
):
    add_rows(3, [lead, reviewer, None])
    queries(as_lead, QUEUE)  # the first request also sets the session up
    few = queries(as_lead, QUEUE)
    add_rows(42, [lead, reviewer, None])
    assert len(as_lead.get(QUEUE).context["cl"].result_list) == 45
    with django_assert_num_queries(few):
        as_lead.get(QUEUE)
    # 13: the list's audit row costs two (the chain head, then the insert).
    assert few <= 13


def test_the_detail_costs_the_same_with_1_and_with_20_history_rounds(
    as_lead, lead, django_assert_num_queries
):
    small, large = build(phq9=ITEM9_POSITIVE), build(phq9=ITEM9_POSITIVE)
    work(small, lead, 1)
    work(large, lead, 20)
    url = reverse("admin:intake_assessment_change", args=[small.pk])
    queries(as_lead, url)
    few = queries(as_lead, url)
    many_url = reverse("admin:intake_assessment_change", args=[large.pk])
    with django_assert_num_queries(few):
        response = as_lead.get(many_url)
    assert response.content.decode().count("Note 1") == 11  # 1, 10..19
    # 16, plus the urgent record's response times: stamping the first view,
    # then its alerts with their escalations (the timeline's escalations ride
    # in the same constant count).
    assert few <= 19
