"""How failed staff sign-ins are counted and kept (django-axes, configured).

- Lockout: AXES_FAILURE_LIMIT failures lock one username from one client
  network (an IPv4 address or an IPv6 /64), so a stranger cannot lock an
  on-call reviewer out from elsewhere; KETACARE_SIGNIN_ADDRESS_LIMIT failures
  from one network, whatever the usernames, lock that network.
- What the username field captured (sometimes a password typed in the wrong
  box) is kept only as a keyed hash: in axes' rows, and nowhere in clear.
- Bounded storage: one AccessAttempt row per (username hash, network), with a
  failure counter; attempts refused during a lockout are not recorded; rows are
  deleted once the cool-off has passed. So live rows are at most
  KETACARE_SIGNIN_ADDRESS_LIMIT per network that failed in the last cool-off,
  each with at most that many failures. axes' per-failure log and access log
  are off: the audit trail records sign-ins, sign-outs, and failures that name
  a real account (ketacare/auth_events.py).
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.http import HttpRequest
from django.utils.crypto import salted_hmac


def username_hash(value: str) -> str:
    """A keyed hash of whatever was typed as the username."""
    return salted_hmac(
        "ketacare.signin.username", value, algorithm="sha256"
    ).hexdigest()


def axes_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the hash, never the typed text."""
    field = get_user_model().USERNAME_FIELD
    if credentials:
        value = credentials.get(field)
    else:
        value = getattr(request, "POST", {}).get(field)
    return None if value is None else username_hash(str(value))


class SignInAttempts(AxesDatabaseHandler):
    """axes' database handler with two limits and one row per pair."""

    def _recent(self, request: HttpRequest):
        return AccessAttempt.objects.filter(
            attempt_time__gte=get_cool_off_threshold(request)
        )

    def _pair(self, request: HttpRequest, credentials: dict | None):
        return {
            "username": get_client_username(request, credentials),
            "ip_address": request.axes_ip_address,
        }

    def get_failures(self, request, credentials: dict | None = None) -> int:
        """Failures toward whichever lock is nearer, on the AXES_FAILURE_LIMIT
        scale: axes locks when this reaches that limit."""
        recent = self._recent(request)

        def failures(**match) -> int:
            total = recent.filter(**match).aggregate(n=Sum("failures_since_start"))
            return total["n"] or 0

        pair_limit = settings.AXES_FAILURE_LIMIT
        pair_left = pair_limit - failures(**self._pair(request, credentials))
        address_left = settings.KETACARE_SIGNIN_ADDRESS_LIMIT - failures(
            ip_address=request.axes_ip_address
        )
        return pair_limit - min(pair_left, address_left)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is not None:
            # One row per pair, however often the client changes its browser.
            request.axes_user_agent = ""
        super().user_login_failed(sender, credentials, request=request, **kwargs)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """A successful sign-in clears that pair only: the network keeps the
        failures it made on other usernames."""
        deleted, _ = AccessAttempt.objects.filter(
            **self._pair(request, credentials)
        ).delete()
        return deleted
