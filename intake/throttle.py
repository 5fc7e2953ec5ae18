"""A per-client limit on starting new assessments, kept in the shared cache.

Fixed windows: at most KETACARE_START_LIMIT starts per client address per
KETACARE_START_WINDOW_SECONDS. The cache key holds a keyed hash of the address,
never the address itself. The read-then-write is not atomic on every cache
backend, so a burst of simultaneous requests can pass the limit by a few; the
limit is there to stop bulk spam, not to count exactly.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from ketacare.client_address import client_address


def _key(request: HttpRequest, window: int) -> str:
    digest = salted_hmac(
        "intake.throttle", client_address(request), algorithm="sha256"
    ).hexdigest()[:32]
    return f"intake:starts:{digest}:{int(time.time()) // window}"


def start_allowed(request: HttpRequest) -> bool:
    """Count one start for this client; False once it is over the limit."""
    window = settings.KETACARE_START_WINDOW_SECONDS
    key = _key(request, window)
    count = cache.get(key, 0) + 1
    cache.set(key, count, timeout=window)
    return count <= settings.KETACARE_START_LIMIT


def retry_after_seconds() -> int:
    window = settings.KETACARE_START_WINDOW_SECONDS
    return window - int(time.time()) % window
