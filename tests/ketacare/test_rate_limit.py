"""Counting hits per client in the shared cache: atomic, with its own expiry,
surviving culls, one count per IPv6 /64, the client read through trusted proxies."""

import threading
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test import RequestFactory
from django.utils import timezone

from ketacare import rate_limit
from ketacare.client_address import client_address, client_network


def expiry_of(key: str):
    stored = cache.make_and_validate_key(key)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT expires FROM ketacare_cache WHERE cache_key = %s", [stored]
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_incr_keeps_the_expiry_the_counter_was_added_with():
    cache.add("counter", 1, timeout=3600)
    assert cache.incr("counter") == 2
    assert expiry_of("counter") > timezone.now() + timedelta(minutes=55)


@pytest.mark.django_db
def test_incr_of_a_missing_or_expired_key_is_refused():
    with pytest.raises(ValueError, match="not found"):
        cache.incr("never-added")
    cache.add("gone", 1, timeout=-1)
    with pytest.raises(ValueError, match="not found"):
        cache.incr("gone")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_hits_are_each_counted_once():
    threads, per_thread, seen = 6, 15, []
    lock = threading.Lock()

    def hammer():
        try:
            for _ in range(per_thread):
                value = rate_limit.count("burst", timeout=600)
                with lock:
                    seen.append(value)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=hammer) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(seen) == list(range(1, threads * per_thread + 1))


@pytest.mark.django_db
def test_a_counter_culled_between_add_and_incr_starts_again(monkeypatch):
    # add() says the key exists, then the row is gone (the cache culled it).
    real_add = cache.add
    calls = []

    def add_after_cull(key, value, timeout=None):
        calls.append(key)
        if len(calls) == 1:
            return False
        return real_add(key, value, timeout=timeout)

    monkeypatch.setattr(cache, "add", add_after_cull)
    assert rate_limit.count("culled", timeout=600) == 1
    monkeypatch.undo()
    assert rate_limit.count("culled", timeout=600) == 2
    assert expiry_of("culled") > timezone.now() + timedelta(minutes=9)


def request_from(remote: str, forwarded: str = ""):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_proxies_the_forwarded_header_is_ignored(settings):
    settings.KETACARE_PROXY_HOPS = 0
    assert client_address(request_from("192.0.2.1", "203.0.113.9")) == "192.0.2.1"


def test_one_proxy_hop_takes_the_last_forwarded_entry(settings):
    settings.KETACARE_PROXY_HOPS = 1
    request = request_from("10.0.0.1", "6.6.6.6, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"


def test_a_cdn_in_front_of_the_proxy_is_two_hops(settings):
    settings.KETACARE_PROXY_HOPS = 2
    # client-written, then the client as the CDN saw it, then the CDN's address
    request = request_from("10.0.0.1", "6.6.6.6, 203.0.113.9, 198.51.100.20")
    assert client_address(request) == "203.0.113.9"


def test_a_request_that_skipped_the_cdn_uses_what_the_proxy_saw(settings):
    settings.KETACARE_PROXY_HOPS = 2
    assert client_address(request_from("10.0.0.1", "203.0.113.9")) == "203.0.113.9"


def test_a_forwarded_entry_that_is_not_an_address_falls_back(settings):
    settings.KETACARE_PROXY_HOPS = 1
    assert client_address(request_from("10.0.0.1", "<script>")) == "10.0.0.1"


def test_ipv6_clients_count_per_64_network(settings):
    settings.KETACARE_PROXY_HOPS = 0
    one = client_network(request_from("2001:db8:1:2::1"))
    same = client_network(request_from("2001:db8:1:2:ffff:eeee:dddd:cccc"))
    other = client_network(request_from("2001:db8:1:3::1"))
    assert one == same == "2001:db8:1:2::"
    assert other != one
    assert client_network(request_from("::ffff:192.0.2.5")) == "192.0.2.5"
    assert client_network(request_from("192.0.2.5")) == "192.0.2.5"
