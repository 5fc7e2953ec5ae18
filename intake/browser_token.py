"""The browser's hold on its assessment: a random token in a signed cookie.

The cookie carries the token and nothing else; the database keeps only a hash
of it (Assessment.token_hash), so no copy of the database holds a token that
works. The cookie ends when the browser closes (kinder to a shared device),
is HttpOnly, SameSite=Lax and, over HTTPS, a __Host- cookie. It is signed, so
only tokens this server issued (under the start page's throttle) are taken,
and no session row is needed: a question page costs one query less.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

SALT = "intake.token"


def _signer() -> signing.TimestampSigner:
    # Made per use: it reads SECRET_KEY and SECRET_KEY_FALLBACKS when made.
    return signing.TimestampSigner(salt=SALT)


def sign(token: str) -> str:
    """The cookie value for `token`."""
    return _signer().sign(token)


def unsign(value: str) -> str | None:
    """The token in a cookie value; None if forged or older than a session may be."""
    try:
        return _signer().unsign(value, max_age=settings.SESSION_COOKIE_AGE)
    except (signing.BadSignature, ValueError):  # expired; or unencodable text
        return None


def read(request: HttpRequest) -> str | None:
    """This browser's token, or None (no cookie, a forged one, or too old)."""
    value = request.COOKIES.get(settings.KETACARE_TOKEN_COOKIE)
    return unsign(value) if value else None


def issue(response: HttpResponse) -> str:
    """Give the browser a new token (replacing any earlier one); returns it."""
    token = secrets.token_urlsafe(32)
    response.set_cookie(
        settings.KETACARE_TOKEN_COOKIE,
        sign(token),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return token
