"""Pages that show or accept assessment data are never cached."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.intake import factories
from tests.intake.factories import phq9, url

pytestmark = pytest.mark.django_db


def assert_no_store(response):
    assert "no-store" in response["Cache-Control"], response.get("Cache-Control")


def test_every_intake_page_is_marked_no_store():
    client = Client()
    assert_no_store(client.get(reverse("intake:start")))
    assert_no_store(client.post(reverse("intake:start")))
    posts = factories.valid_posts(
        about={"age": "30", "state": "FL"}, phq9=phq9(0, 0, 0, 0, 0, 0, 0, 0, 1)
    )
    for key in [page for page in posts]:
        assert_no_store(client.get(url(key)))
        assert_no_store(client.post(url(key), {}))  # the error page
        assert_no_store(client.post(url(key), posts[key]))
    for notice in ("state_notice", "safety"):
        assert_no_store(client.get(url(notice)))
    assert_no_store(client.get(reverse("intake:check")))
    assert_no_store(client.post(reverse("intake:check")))
    assert_no_store(client.get(reverse("intake:result")))


def test_the_throttled_page_is_marked_no_store(settings):
    cache.clear()
    settings.KETACARE_START_LIMIT = 0
    response = Client().post(reverse("intake:start"))
    assert response.status_code == 429
    assert_no_store(response)
    cache.clear()


def test_the_under_18_page_is_marked_no_store():
    client = Client()
    factories.start(client)
    factories.answer(client, "about", {"age": "15", "state": "CA"})
    assert_no_store(client.get(url("adults_only")))
