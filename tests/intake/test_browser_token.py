"""The assessment cookie: only tokens this server issued, and not for ever."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings

from intake.models import Assessment
from intake.public import browser_token
from tests.intake import factories

pytestmark = pytest.mark.django_db


def test_an_unsigned_token_is_ignored_and_stores_nothing(client):
    # Otherwise anyone could mint tokens and skip the start page's throttle.
    client.cookies[settings.KETACARE_TOKEN_COOKIE] = "a-token-i-made-up"
    about = factories.valid_posts()["about"]
    response = factories.answer(client, "about", about)
    assert response.status_code == 302
    assert response["Location"] == "/assessment/"
    assert Assessment.objects.count() == 0


def test_a_token_signed_with_another_key_is_ignored(client, settings):
    factories.start(client)
    settings.SECRET_KEY = "another-deployment-" + "x" * 40
    assert factories.answer(client, "about", factories.valid_posts()["about"])[
        "Location"
    ] == ("/assessment/")
    assert Assessment.objects.count() == 0


def test_a_token_older_than_any_cookie_may_be_is_ignored(client):
    factories.start(client)
    token = factories.token_of(client)
    assert browser_token.unsign(browser_token.sign(token)) == token
    later = timedelta(seconds=browser_token.lifetime_after_sending() + 60)
    with time_machine.travel(later):
        assert factories.token_of(client) is None
        about = factories.valid_posts()["about"]
        assert factories.answer(client, "about", about)["Location"] == "/assessment/"


def test_patients_get_no_session_row(client):
    from django.contrib.sessions.models import Session

    factories.submit(client)
    assert client.get("/assessment/result/").status_code == 200
    assert Session.objects.count() == 0


def test_text_no_request_can_carry_is_no_token_either():
    assert browser_token.unsign("a:\ud800:\ud800") is None


@pytest.mark.parametrize(
    "value", ["", ":", "a:b:c", "x" * 10_000, "é:ü:ö", "\x00:\x00"]
)
def test_a_hostile_cookie_is_treated_as_no_token(client, value):
    assert browser_token.unsign(value) is None
    client.cookies[settings.KETACARE_TOKEN_COOKIE] = value
    response = factories.answer(client, "about", factories.valid_posts()["about"])
    assert response.status_code == 302
    assert response["Location"] == "/assessment/"
