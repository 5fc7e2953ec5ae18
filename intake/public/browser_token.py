"""The browser's hold on its assessment: a random token in a signed cookie.

The cookie carries the token and nothing else; the database keeps only a hash
of it (Assessment.token_hash), so no copy of the database holds a token that
works. It is HttpOnly, SameSite=Lax and, over HTTPS, a __Host- cookie. It is
signed, so only tokens this server issued (under the start page's throttle)
are taken, and no session row is needed: a question page costs one query less.

A shared or borrowed phone must not show the last person's answers, and mobile
browsers restore "session" cookies, so the cookie has an explicit Max-Age and
the signature's own timestamp limits it again on the server (whichever server:
nothing is kept in a process):

- a draft: KETACARE_DRAFT_IDLE_SECONDS after the last saved step (each saved
  step signs the token again, so the time slides);
- after sending: the longer of that and KETACARE_RESULT_SECONDS (the result
  itself is shown only for KETACARE_RESULT_SECONDS, intake.public.views.result);
- "Finish and clear this device" ends it at once (`end`).
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

SALT = "intake.token"


def draft_lifetime() -> int:
    """Seconds a draft stays reachable from its browser after its last saved step."""
    return settings.KETACARE_DRAFT_IDLE_SECONDS


def lifetime_after_sending() -> int:
    """Seconds the browser keeps its cookie after sending its answers."""
    return max(settings.KETACARE_DRAFT_IDLE_SECONDS, settings.KETACARE_RESULT_SECONDS)


def _signer() -> signing.TimestampSigner:
    # Made per use: it reads SECRET_KEY and SECRET_KEY_FALLBACKS when made.
    return signing.TimestampSigner(salt=SALT)


def sign(token: str) -> str:
    """The cookie value for `token`."""
    return _signer().sign(token)


def unsign(value: str, *, max_age: int | None = None) -> str | None:
    """The token in a cookie value; None if forged or signed more than `max_age`
    seconds ago (by default the longest any cookie lives)."""
    try:
        return _signer().unsign(value, max_age=max_age or lifetime_after_sending())
    except (signing.BadSignature, ValueError):  # expired; or unencodable text
        return None


def read(request: HttpRequest, *, max_age: int | None = None) -> str | None:
    """This browser's token, or None (no cookie, a forged one, or too old).

    By default a token is too old once a draft would be: pass
    `max_age=lifetime_after_sending()` where a sent assessment is looked for.
    """
    value = request.COOKIES.get(settings.KETACARE_TOKEN_COOKIE)
    if not value:
        return None
    return unsign(value, max_age=max_age or draft_lifetime())


def _set(response: HttpResponse, token: str, max_age: int) -> None:
    response.set_cookie(
        settings.KETACARE_TOKEN_COOKIE,
        sign(token),
        max_age=max_age,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def issue(response: HttpResponse) -> str:
    """Give the browser a new token (replacing any earlier one); returns it."""
    token = secrets.token_urlsafe(32)
    _set(response, token, draft_lifetime())
    return token


def renew(response: HttpResponse, token: str, *, sent: bool = False) -> None:
    """Sign the token again, now: a saved step starts the idle time again;
    sending starts the time after sending."""
    _set(response, token, lifetime_after_sending() if sent else draft_lifetime())


def _ended_key(token: str) -> str:
    return "intake:ended:" + hashlib.sha256(token.encode()).hexdigest()


def end(response: HttpResponse, token: str | None) -> None:
    """ "Finish and clear this device": the token stops working on every server
    (for as long as its signature could still be taken), and the browser is
    told to delete the assessment and CSRF cookies."""
    if token:
        cache.set(_ended_key(token), True, timeout=lifetime_after_sending())
    response.delete_cookie(settings.KETACARE_TOKEN_COOKIE, samesite="Lax")
    response.delete_cookie(
        settings.CSRF_COOKIE_NAME,
        path=settings.CSRF_COOKIE_PATH,
        domain=settings.CSRF_COOKIE_DOMAIN,
        samesite=settings.CSRF_COOKIE_SAMESITE,
    )


def is_ended(token: str) -> bool:
    return bool(cache.get(_ended_key(token)))
