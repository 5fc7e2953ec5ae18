"""Encryption at rest for contact details and free text, and keyed blind indexes.

- Field encryption: Fernet (AES-128-CBC + HMAC-SHA256) through MultiFernet.
  KETACARE_FIELD_KEYS lists keys newest first: new values are encrypted with
  the first, old values decrypt with any. Rotation = put a new key first, run
  `manage.py intake_rotate_keys`, then drop the old key.
- Blind index: HMAC-SHA256 of a normalised email address, phone number or name
  under a separate key (KETACARE_BLIND_INDEX_KEY), so staff can find an exact
  match without the database ever holding the plaintext.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


@functools.lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(
            "KETACARE_FIELD_KEYS is not set. Set it to one or more Fernet keys, "
            "comma-separated, newest first. Generate one with: python -c 'from "
            "cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        )
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "KETACARE_FIELD_KEYS holds a value that is not a Fernet key "
            "(32 url-safe base64-encoded bytes)."
        ) from error


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.KETACARE_FIELD_KEYS))


def newest_fernet() -> Fernet:
    """The first key alone: what every stored value must open with after a
    rotation, before the older keys are dropped."""
    fernet()  # the same checks and messages for a missing or malformed key
    return Fernet(settings.KETACARE_FIELD_KEYS[0])


def encrypt(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeError) as error:
        # Never include the value: it may be someone's contact details.
        raise DecryptionError("stored value does not decrypt with any key") from error


def _index_key() -> bytes:
    key = settings.KETACARE_BLIND_INDEX_KEY
    if not key:
        raise ImproperlyConfigured(
            "KETACARE_BLIND_INDEX_KEY is not set: a long random secret, different "
            "from the field encryption keys."
        )
    return key.encode()


def blind_index(kind: str, normalised: str) -> str:
    """Keyed hash of an already normalised value; "" for an empty value."""
    if not normalised:
        return ""
    message = f"{kind}:{normalised}".encode()
    return hmac.new(_index_key(), message, hashlib.sha256).hexdigest()


def normalise_email(value: str) -> str:
    return value.strip().lower()


def normalise_phone(value: str) -> str:
    """Digits with a leading +; a 10-digit US number gains its +1 country code."""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 10 and not value.strip().startswith("+"):
        digits = "1" + digits
    return "+" + digits if digits else ""


def normalise_name(value: str) -> str:
    return " ".join(value.split()).casefold()


def email_index(value: str) -> str:
    return blind_index("email", normalise_email(value))


def phone_index(value: str) -> str:
    return blind_index("phone", normalise_phone(value))


def name_index(value: str) -> str:
    return blind_index("name", normalise_name(value))


def contact_search_indexes(query: str) -> dict[str, str]:
    """The blind-index values an exact contact search looks for (column -> hash).

    Always the full name; an email address only when the query holds an "@";
    a phone number only when it has at least seven digits. Nothing partial:
    the indexes are keyed hashes of whole, normalised values.
    """
    query = query.strip()
    if not query:
        return {}
    indexes = {"name_index": name_index(query)}
    if "@" in query:
        indexes["email_index"] = email_index(query)
    phone = phone_index(query)
    if phone and sum(c.isdigit() for c in query) >= 7:
        indexes["phone_index"] = phone
    return indexes
