from __future__ import annotations

from typing import Any

from django.db import models

from intake import crypto


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; Python code only ever sees the plaintext.

    The empty string is stored as itself (it reveals nothing), so "no value"
    stays cheap to test for. Lookups other than on the empty string cannot
    match (every encryption differs); search through a blind index instead.
    """

    description = "Text encrypted at rest (Fernet)"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)
