"""The start page: what the assessment is, and starting one."""

import pytest
from django.conf import settings
from django.urls import reverse

from intake.models import Assessment
from tests.intake import factories

START = reverse("intake:start")


@pytest.mark.django_db
def test_start_page_explains_the_assessment_and_offers_to_start(client):
    response = client.get(START)
    assert response.status_code == 200
    text = response.content.decode()
    assert "about 5 minutes" in text
    assert "not a diagnosis" in text
    assert reverse("privacy") in text
    assert "Start now" in text


@pytest.mark.django_db
def test_starting_gives_the_browser_a_random_token_and_stores_nothing_yet(client):
    response = client.post(START)
    assert response.status_code == 302
    assert response["Location"] == factories.url("about")
    token = factories.token_of(client)
    assert len(token) >= 40
    assert Assessment.objects.count() == 0


@pytest.mark.django_db
def test_each_start_gets_a_different_token(client):
    client.post(START)
    first = factories.token_of(client)
    client.post(START)
    assert factories.token_of(client) != first


@pytest.mark.django_db
def test_the_token_has_an_explicit_lifetime_not_a_restorable_session(client):
    # Mobile browsers restore "session" cookies: a Max-Age ends it anyway.
    response = client.post(START)
    cookie = response.cookies[settings.KETACARE_TOKEN_COOKIE]
    assert cookie["max-age"] == settings.KETACARE_DRAFT_IDLE_SECONDS
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_a_filled_honeypot_does_not_start_an_assessment(client):
    response = client.post(START, {"website": "http://spam.example"})
    assert response.status_code == 400
    assert factories.token_of(client) is None
    assert "We could not accept this form" in response.content.decode()


@pytest.mark.django_db
def test_an_assessment_in_progress_can_be_continued_from_the_start_page(client):
    factories.complete(client, upto="about")
    response = client.get(START)
    assert "Continue where you left off" in response.content.decode()
    assert factories.url("phq9") in response.content.decode()


@pytest.mark.django_db
def test_a_submitted_assessment_links_to_its_result_from_the_start_page(client):
    factories.submit(client)
    response = client.get(START)
    assert reverse("intake:result") in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_not_allowed(client, method):
    assert getattr(client, method)(START).status_code == 405
