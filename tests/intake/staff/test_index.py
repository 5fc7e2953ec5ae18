"""The admin index counts the open urgent assessments and links to them."""

import pytest
from django.urls import reverse

from intake.models import Assessment
from tests.intake.factories import build
from tests.intake.staff.conftest import ITEM9_POSITIVE

pytestmark = pytest.mark.django_db
INDEX = reverse("admin:index")


def test_the_index_counts_open_urgent_assessments_drafts_included(as_reviewer):
    build(phq9=ITEM9_POSITIVE)
    build(phq9=ITEM9_POSITIVE, upto="phq9")  # an urgent draft counts too
    closed = build(phq9=ITEM9_POSITIVE)
    Assessment.objects.filter(pk=closed.pk).update(review_status="closed")
    build()

    text = as_reviewer.get(INDEX).content.decode()

    assert "2 open urgent assessments" in text
    assert "Review them now" in text


def test_the_count_links_to_exactly_the_records_it_counts(as_reviewer):
    first = build(phq9=ITEM9_POSITIVE)
    second = build(phq9=ITEM9_POSITIVE, upto="phq9")
    build()
    link = as_reviewer.get(INDEX).context["url"]

    listed = as_reviewer.get(link).context["cl"].result_list

    assert {obj.pk for obj in listed} == {first.pk, second.pk}


def test_no_urgent_work_is_said_plainly(as_reviewer, routine):
    text = as_reviewer.get(INDEX).content.decode()
    assert "No open urgent assessments" in text


def test_a_content_editor_sees_no_intake_count(editor, staff_client, urgent):
    text = staff_client(editor).get(INDEX).content.decode()
    assert "urgent" not in text.lower()
