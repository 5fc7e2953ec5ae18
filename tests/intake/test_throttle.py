"""The per-address limit on starting assessments."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.intake import factories

START = reverse("intake:start")


@pytest.fixture
def limit_of_two(settings):
    cache.clear()
    settings.KETACARE_START_LIMIT = 2
    settings.KETACARE_START_WINDOW_SECONDS = 3600
    yield
    cache.clear()


@pytest.mark.django_db
def test_starts_beyond_the_limit_get_a_kind_429_page(client, limit_of_two):
    assert client.post(START).status_code == 302
    assert client.post(START).status_code == 302
    response = client.post(START)
    assert response.status_code == 429
    text = response.content.decode()
    assert "Please wait a little before starting again" in text
    assert "988" in text
    assert 0 < int(response["Retry-After"]) <= 3600


@pytest.mark.django_db
def test_the_limit_is_per_address(limit_of_two):
    first = Client(REMOTE_ADDR="203.0.113.1")
    other = Client(REMOTE_ADDR="203.0.113.2")
    for _ in range(2):
        first.post(START)
    assert first.post(START).status_code == 429
    assert other.post(START).status_code == 302


@pytest.mark.django_db
def test_the_limit_is_shared_by_every_browser_on_one_address(limit_of_two):
    for _ in range(2):
        Client(REMOTE_ADDR="198.51.100.7").post(START)
    assert Client(REMOTE_ADDR="198.51.100.7").post(START).status_code == 429


@pytest.mark.django_db
def test_behind_a_proxy_the_address_the_proxy_saw_counts(settings, limit_of_two):
    settings.KETACARE_PROXY_HOPS = 1

    def via_proxy(client_ip):
        # The client may send its own X-Forwarded-For; the proxy appends the real one.
        return Client(
            REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"1.1.1.1, {client_ip}"
        )

    for _ in range(2):
        via_proxy("192.0.2.10").post(START)
    assert via_proxy("192.0.2.10").post(START).status_code == 429
    assert via_proxy("192.0.2.11").post(START).status_code == 302


@pytest.mark.django_db
def test_a_throttled_start_issues_no_token(client, limit_of_two):
    client.post(START)
    client.post(START)
    token = factories.token_of(client)
    client.post(START)
    assert factories.token_of(client) == token


@pytest.mark.django_db
def test_the_cache_never_holds_the_address_itself(limit_of_two):
    from django.db import connection

    Client(REMOTE_ADDR="203.0.113.99").post(START)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM ketacare_cache")
        rows = cursor.fetchall()
    assert rows
    assert not any("203.0.113.99" in key + value for key, value in rows)


@pytest.mark.django_db
def test_looking_at_pages_does_not_count_as_starting(client, limit_of_two):
    for _ in range(5):
        client.get(START)
    assert client.post(START).status_code == 302


@pytest.mark.django_db
def test_addresses_in_one_ipv6_64_share_the_limit(limit_of_two):
    Client(REMOTE_ADDR="2001:db8:aa:bb::1").post(START)
    Client(REMOTE_ADDR="2001:db8:aa:bb::2").post(START)
    assert Client(REMOTE_ADDR="2001:db8:aa:bb::3").post(START).status_code == 429
    assert Client(REMOTE_ADDR="2001:db8:aa:bc::1").post(START).status_code == 302


@pytest.mark.django_db
def test_behind_a_cdn_and_a_proxy_the_address_the_cdn_saw_counts(
    settings, limit_of_two
):
    settings.KETACARE_PROXY_HOPS = 2

    def via_cdn(client_ip):
        return Client(
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.1.1.1, {client_ip}, 198.51.100.20",
        )

    for _ in range(2):
        via_cdn("192.0.2.10").post(START)
    assert via_cdn("192.0.2.10").post(START).status_code == 429
    assert via_cdn("192.0.2.11").post(START).status_code == 302
