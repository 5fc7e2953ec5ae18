"""The email's stop link: a GET only asks (mail scanners follow links); the
button's POST stops every check-in email."""

import pytest
from django.urls import reverse

from intake.checkins import unsubscribe_token
from tests.intake.checkins.public_factories import enrol

pytestmark = pytest.mark.django_db


def test_opening_the_stop_link_asks_and_does_not_unsubscribe(client):
    follow_up = enrol()
    response = client.get(
        reverse("check_in:unsubscribe", args=[unsubscribe_token(follow_up)])
    )
    assert response.status_code == 200
    assert "Stop all check-in emails" in response.text
    follow_up.refresh_from_db()
    assert follow_up.unsubscribed_at is None


def test_the_button_unsubscribes_and_confirms(client):
    follow_up = enrol()
    url = reverse("check_in:unsubscribe", args=[unsubscribe_token(follow_up)])
    response = client.post(url)
    assert response.status_code == 303
    assert response["Location"] == reverse("check_in:stopped")
    follow_up.refresh_from_db()
    assert follow_up.unsubscribed_at is not None
    assert "Check-in emails stopped" in client.get(response["Location"]).text


def test_pressing_the_button_twice_is_fine(client):
    url = reverse("check_in:unsubscribe", args=[unsubscribe_token(enrol())])
    client.post(url)
    assert client.post(url).status_code == 303


def test_a_tampered_stop_link_is_not_found(client):
    token = unsubscribe_token(enrol())
    url = reverse("check_in:unsubscribe", args=[token[:-2] + "xx"])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_the_stop_button_is_csrf_protected(client):
    from django.test import Client

    follow_up = enrol()
    url = reverse("check_in:unsubscribe", args=[unsubscribe_token(follow_up)])
    assert Client(enforce_csrf_checks=True).post(url).status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.unsubscribed_at is None


def test_the_stop_page_does_not_promise_a_restart_and_keeps_the_crisis_lines(client):
    url = reverse("check_in:unsubscribe", args=[unsubscribe_token(enrol())])
    text = client.get(url).text
    assert "start check-ins again" not in text
    assert "cannot be started again" in text
    assert "talk with you about follow-up" in text
    assert 'href="tel:988"' in text


def test_the_stopped_page_does_not_promise_a_restart_and_keeps_the_crisis_lines(
    client,
):
    url = reverse("check_in:unsubscribe", args=[unsubscribe_token(enrol())])
    text = client.get(client.post(url)["Location"]).text
    assert "start check-ins again" not in text
    assert "cannot be started again" in text
    assert "talk with you about follow-up" in text
    assert 'href="tel:988"' in text
