"""When the database cannot be reached: a calm page, and nothing already saved lost."""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from intake.models import Assessment
from tests.intake import factories
from tests.intake.factories import url, valid_posts


@contextmanager
def database_unreachable():
    """Point the connection at a socket directory where no server listens."""
    connection.close()
    real_host = connection.settings_dict["HOST"]
    connection.settings_dict["HOST"] = "/nonexistent/ketacare-test-socket"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["HOST"] = real_host


def browser() -> Client:
    # Like a real browser: a server error arrives as the response it renders.
    return Client(raise_request_exception=False)


@pytest.fixture
def halfway():
    client = browser()
    factories.complete(client, upto="gad7")
    return client


@pytest.mark.django_db(transaction=True)
def test_a_step_posted_while_the_database_is_down_gets_a_friendly_503(halfway):
    with database_unreachable():
        response = halfway.post(url("physical"), valid_posts()["physical"])
    assert response.status_code == 503
    text = response.content.decode()
    assert "Please try again in a moment" in text
    assert "Nothing you have already saved is lost" in text
    assert "988" in text
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_answers_saved_before_the_outage_are_still_there_afterwards(halfway):
    with database_unreachable():
        halfway.post(url("physical"), valid_posts()["physical"])
    assessment = Assessment.objects.get()
    assert set(assessment.answers) == {"about", "phq9", "gad7"}
    assert assessment.phq9_total == 8
    # The person picks up where they left off.
    assert halfway.get(url("medicines"))["Location"] == url("physical")
    assert halfway.post(url("physical"), valid_posts()["physical"]).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_submitting_while_the_database_is_down_leaves_a_draft_to_submit_later():
    client = browser()
    factories.complete(client)
    with database_unreachable():
        assert client.post(reverse("intake:check")).status_code == 503
    assert Assessment.objects.get().status == Assessment.Status.DRAFT
    assert client.post(reverse("intake:check"))["Location"] == reverse("intake:result")
