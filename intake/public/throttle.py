"""A per-client limit on starting new assessments, kept in the shared cache.

Fixed windows: at most KETACARE_START_LIMIT starts per client (an IPv4 address
or an IPv6 /64) per KETACARE_START_WINDOW_SECONDS, counted atomically across
every worker and server (ketacare/rate_limit.py).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from ketacare import rate_limit

SCOPE = "starts"


def start_allowed(request: HttpRequest) -> bool:
    """Count one start for this client; False once it is over the limit."""
    return rate_limit.allow(
        SCOPE,
        request,
        limit=settings.KETACARE_START_LIMIT,
        window=settings.KETACARE_START_WINDOW_SECONDS,
    )


def retry_after_seconds() -> int:
    return rate_limit.retry_after_seconds(settings.KETACARE_START_WINDOW_SECONDS)
