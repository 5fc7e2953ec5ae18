"""The client's address, one way for every part of the app that records or
limits by it: the start throttle, the audit trail and django-axes' lockouts."""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind our proxy (DJANGO_BEHIND_PROXY) the address the
    proxy appended to X-Forwarded-For; earlier entries are client-supplied."""
    if settings.KETACARE_CLIENT_IP_FROM_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")
