"""A shared or borrowed phone does not show the last person's assessment.

The assessment cookie has a Max-Age; a draft is reachable from its browser for
KETACARE_DRAFT_IDLE_SECONDS after its last saved step, the result is shown for
KETACARE_RESULT_SECONDS after sending, and "Finish and clear this device" ends
the token and deletes the cookies. Signed cookies read time.time() and the
database stores updated_at/submitted_at, so time-machine moves both.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from intake.models import Assessment
from tests.intake import factories
from tests.intake.factories import answer, url, valid_posts

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
IDLE = 2 * 60 * 60
RESULT = 60 * 60
SCORES = "Your scores"


@pytest.fixture(autouse=True)
def lifetimes(settings):
    settings.KETACARE_DRAFT_IDLE_SECONDS = IDLE
    settings.KETACARE_RESULT_SECONDS = RESULT


def later(seconds: float):
    return time_machine.travel(NOW + timedelta(seconds=seconds), tick=False)


def token_cookie(response):
    return response.cookies[settings.KETACARE_TOKEN_COOKIE]


def test_the_defaults_are_two_hours_and_one_hour():
    from ketacare import settings as project

    assert project.KETACARE_DRAFT_IDLE_SECONDS == 2 * 60 * 60
    assert project.KETACARE_RESULT_SECONDS == 60 * 60


def test_the_cookie_issued_at_start_has_the_draft_lifetime_as_max_age(client):
    response = client.post(reverse("intake:start"))
    assert token_cookie(response)["max-age"] == IDLE


def test_every_saved_step_renews_the_cookie_with_the_same_max_age(client):
    factories.start(client)
    response = answer(client, "about", valid_posts()["about"])
    assert token_cookie(response)["max-age"] == IDLE


def test_the_max_age_follows_the_setting(client, settings):
    settings.KETACARE_DRAFT_IDLE_SECONDS = 900
    response = client.post(reverse("intake:start"))
    assert token_cookie(response)["max-age"] == 900


def test_a_draft_is_reachable_until_its_idle_time_is_over(client):
    with later(0):
        factories.start(client)
        answer(client, "about", valid_posts()["about"])
    with later(IDLE - 1):
        assert client.get(url("phq9")).status_code == 200


def test_a_draft_left_idle_is_no_longer_reachable_from_that_browser(client):
    with later(0):
        factories.start(client)
        answer(client, "about", valid_posts()["about"])
    with later(IDLE + 1):
        assert client.get(url("phq9"))["Location"] == reverse("intake:start")
        text = client.get(reverse("intake:start")).content.decode()
        assert "Continue where you left off" not in text
        assert client.get(reverse("intake:check")).status_code == 404


def test_each_saved_step_starts_the_idle_time_again(client):
    with later(0):
        factories.start(client)
        answer(client, "about", valid_posts()["about"])
    with later(IDLE - 60):
        response = answer(client, "phq9", valid_posts()["phq9"])
        assert response["Location"] == url("gad7")
    with later(2 * IDLE - 120):
        assert client.get(url("gad7")).status_code == 200
    with later(2 * IDLE):
        assert client.get(url("gad7"))["Location"] == reverse("intake:start")


def test_sending_sets_the_cookie_for_the_longer_of_the_two_times(client, settings):
    with later(0):
        factories.complete(client)
        response = client.post(reverse("intake:check"))
    assert token_cookie(response)["max-age"] == IDLE
    settings.KETACARE_RESULT_SECONDS = 3 * IDLE
    with later(0):
        other = Client()
        factories.complete(other)
        assert token_cookie(other.post(reverse("intake:check")))["max-age"] == 3 * IDLE


def test_the_result_is_shown_until_its_time_is_over(client):
    with later(0):
        factories.submit(client)
    with later(RESULT - 1):
        assert SCORES in client.get(reverse("intake:result")).content.decode()


def test_after_its_time_only_a_plain_sent_page_is_shown(client):
    with later(0):
        factories.submit(client, phq9=factories.phq9(3, 3, 3, 3, 3, 3, 3, 3, 3))
    with later(RESULT):
        response = client.get(reverse("intake:result"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Your answers were sent" in text
    for private in (SCORES, "out of 27", "Ada Lovelace", "Please reach out"):
        assert private not in text


def test_once_the_cookie_is_over_the_browser_holds_nothing(client):
    with later(0):
        factories.submit(client)
    with later(IDLE + 1):
        assert client.get(reverse("intake:result")).status_code == 404


def test_finish_ends_the_token_and_deletes_both_cookies(client):
    factories.submit(client)
    client.get(reverse("intake:result"))  # sets the CSRF cookie
    assert settings.CSRF_COOKIE_NAME in client.cookies
    response = client.post(reverse("intake:finish"))
    assert response.status_code == 303
    assert response["Location"] == reverse("intake:cleared")
    for name in (settings.KETACARE_TOKEN_COOKIE, settings.CSRF_COOKIE_NAME):
        assert response.cookies[name].value == ""
        assert response.cookies[name]["max-age"] == 0
    text = client.get(reverse("intake:cleared")).content.decode()
    assert "This device is cleared" in text
    assert SCORES not in text


def test_a_cleared_device_can_no_longer_see_the_result(client):
    factories.submit(client)
    kept = client.cookies[settings.KETACARE_TOKEN_COOKIE].value
    client.post(reverse("intake:finish"))
    assert client.get(reverse("intake:result")).status_code == 404
    # Even a browser that kept (or restored) the old cookie: the token ended.
    client.cookies[settings.KETACARE_TOKEN_COOKIE] = kept
    assert client.get(reverse("intake:result")).status_code == 404
    assert client.get(url("gad7"))["Location"] == url("about")  # nothing held
    assert 'value="34"' not in client.get(url("about")).content.decode()
    start = client.get(reverse("intake:start")).content.decode()
    assert "You have already sent an assessment" not in start
    assert "in progress" not in start
    assert Assessment.objects.get().status == Assessment.Status.SUBMITTED


def test_finish_needs_a_post():
    assert Client().get(reverse("intake:finish")).status_code == 405


def test_the_result_page_offers_to_finish_and_clear_with_a_form(client):
    factories.submit(client)
    text = client.get(reverse("intake:result")).content.decode()
    assert f'method="post" action="{reverse("intake:finish")}"' in text
    assert "Finish and clear this device" in text


def test_the_csrf_cookie_on_public_pages_ends_with_the_browser(client):
    response = client.get(reverse("intake:start"))
    csrf = response.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["max-age"] == ""
    assert csrf["expires"] == ""
    assert csrf["httponly"]
    assert csrf["samesite"] == "Lax"


def test_pages_without_a_form_set_no_csrf_cookie(client):
    for name in ("privacy", "help-now", "education:home"):
        response = client.get(reverse(name))
        assert settings.CSRF_COOKIE_NAME not in response.cookies, name


def test_the_start_page_says_plainly_when_a_draft_is_forgotten(client, settings):
    settings.KETACARE_DRAFT_IDLE_SECONDS = 3 * 60 * 60
    text = " ".join(client.get(reverse("intake:start")).content.decode().split())
    assert (
        "If you leave it for 3 hours without answering a page, this browser forgets"
        " your answers and you start again." in text
    )


def test_the_privacy_notice_follows_the_settings(client, settings):
    settings.KETACARE_DRAFT_IDLE_SECONDS = 90 * 60
    settings.KETACARE_RESULT_SECONDS = 30 * 60
    text = " ".join(client.get(reverse("privacy")).content.decode().split())
    assert "keeps the code for 90 minutes after the last page you answered" in text
    assert "shows your result for 30 minutes" in text
    assert "It forgets the code 90 minutes after you send." in text
    assert "only until you close the browser" not in text
