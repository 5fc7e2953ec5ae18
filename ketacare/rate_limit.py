"""Per-client limits in fixed time windows, counted in the shared cache.

Every worker and server shares the counts. Counting is atomic: `add` starts a
window's counter with its own expiry (the window), `incr` adds to it (Redis,
and ketacare.cache_backend on PostgreSQL, do both without a race). A counter
that vanished between the two (culled to make room, or expired) is simply
started again. Keys hold a keyed hash of the client's network, never the
address itself.
"""

import time

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from ketacare.client_address import client_network


def count(key: str, *, timeout: int) -> int:
    """Add one to the counter at `key` (created with `timeout`); the new count."""
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        if cache.add(key, 1, timeout=timeout):
            return 1
        return cache.incr(key)


def client_key(scope: str, request: HttpRequest, window: int) -> str:
    digest = salted_hmac(
        f"ketacare.rate_limit.{scope}", client_network(request), algorithm="sha256"
    ).hexdigest()[:32]
    # "throttle:" sorts after the page cache's keys, so the database cache
    # culls cached pages before it culls counters.
    return f"throttle:{scope}:{digest}:{int(time.time()) // window}"


def allow(scope: str, request: HttpRequest, *, limit: int, window: int) -> bool:
    """Count one hit for this client; False once it is over `limit` per window."""
    return count(client_key(scope, request, window), timeout=window) <= limit


def retry_after_seconds(window: int) -> int:
    return window - int(time.time()) % window
