"""The email's link: it opens one check-in for this browser and leaves the
address bar; a wrong, expired or used link opens nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.checkins import SESSION_KEY
from tests.intake.checkins.public_factories import answer_all, enrol, invite, opened

pytestmark = pytest.mark.django_db


def test_the_link_puts_the_check_in_in_the_session_and_leaves_the_address_bar(client):
    check_in, token = invite(enrol())
    response = client.get(reverse("check_in:open", args=[token]))
    assert response.status_code == 303
    assert response["Location"] == reverse("check_in:start")
    assert client.session[SESSION_KEY] == check_in.pk


def test_the_check_in_address_sends_a_new_person_to_the_agreement(client):
    _check_in, token = invite(enrol())
    client.get(reverse("check_in:open", args=[token]))
    response = client.get(reverse("check_in:start"))
    assert response["Location"] == reverse("check_in:consent")


def test_a_link_followed_from_a_mail_site_moves_on_from_a_page_of_our_own(client):
    _check_in, token = invite(enrol())
    response = client.get(
        reverse("check_in:open", args=[token]), headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 200
    assert b'http-equiv="refresh" content="0; url=/check-in/"' in response.content


def test_a_made_up_token_says_the_link_does_not_work(client):
    invite(enrol())
    response = client.get(reverse("check_in:open", args=["made-up-token"]))
    assert response.status_code == 404
    assert "This link does not work" in response.text
    assert "988" in response.text
    assert SESSION_KEY not in client.session


def test_an_expired_link_says_so_with_status_410(client):
    check_in, token = invite(enrol())
    check_in.expires_at = timezone.now() - timedelta(seconds=1)
    check_in.save()
    response = client.get(reverse("check_in:open", args=[token]))
    assert response.status_code == 410
    assert "expired or was already used" in response.text
    assert SESSION_KEY not in client.session


def test_a_used_link_says_so_with_status_410(client):
    _check_in, token = invite(enrol())
    opened(client, token)
    answer_all(client)
    response = client.get(reverse("check_in:open", args=[token]))
    assert response.status_code == 410


def test_another_persons_link_opens_their_check_in_and_not_this_ones(client):
    mine, my_token = invite(enrol())
    theirs, their_token = invite(enrol())
    opened(client, my_token)
    client.get(reverse("check_in:open", args=[their_token]))
    assert client.session[SESSION_KEY] == theirs.pk != mine.pk


def test_the_link_is_not_cached(client):
    _check_in, token = invite(enrol())
    response = client.get(reverse("check_in:open", args=[token]))
    assert "no-store" in response["Cache-Control"]
