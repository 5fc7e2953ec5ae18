"""The audit trail's hash chain: how a row is sealed, and how the chain is checked.

Each audit row stores `prev_hash` (the previous row's `chain_hash`) and
`chain_hash = HMAC-SHA256(KETACARE_AUDIT_KEY, canonical(row) + prev_hash)`.
Someone who can rewrite the table but does not hold the key (a database
administrator, a restored backup, a stolen dump) cannot produce a valid seal for
a changed or invented row, and cannot remove a row without breaking the link of
the one after it. Removing rows from the end leaves no gap here; the exported
copy (`manage.py audit_export`) is what shows that.

The seal is computed in Python, not in the database, so the key never travels
to the database server (no pgcrypto, no key in a session setting or a statement
log). Writers are serialised by a transaction-level advisory lock: a writer
takes it and reads the transaction's timestamp and the newest row's hash (one
call to a database function), then inserts. The lock is held until its
transaction commits, so the next writer always sees the row before it. A
trigger (migration 0003, deliberately not a pgtrigger trigger, so
`pgtrigger.ignore` cannot switch it off) refuses any INSERT that does not
continue the chain, and stamps the row with the transaction's timestamp
whatever the INSERT says.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

# The fields a seal covers, in this order. `id` is left out: ids are assigned
# by the INSERT itself, and the order of rows is already fixed by prev_hash.
SEALED_FIELDS = (
    "at",
    "actor_id",
    "actor_username",
    "action",
    "model",
    "object_ids",
    "ip_address",
    "path",
    "detail",
)


def audit_key() -> bytes:
    key = settings.KETACARE_AUDIT_KEY
    if not key:
        raise ImproperlyConfigured(
            "KETACARE_AUDIT_KEY is not set: audit rows cannot be sealed."
        )
    return key.encode()


def canonical(values: dict[str, Any]) -> bytes:
    """One byte string per row content, identical before the INSERT and after
    reading the row back (the database normalises addresses and JSON)."""
    at: datetime = values["at"]
    ip = values["ip_address"]
    data = {
        **{name: values[name] for name in SEALED_FIELDS},
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "ip_address": str(ipaddress.ip_address(ip)) if ip else None,
        "object_ids": [str(pk) for pk in values["object_ids"]],
    }
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()


def seal(values: dict[str, Any], prev_hash: str) -> str:
    message = canonical(values) + b"\n" + prev_hash.encode()
    return hmac.new(audit_key(), message, hashlib.sha256).hexdigest()


def chain_head() -> tuple[datetime, str]:
    """Lock the chain for this transaction; return its timestamp and the newest
    row's hash. Call inside a transaction, right before the INSERT."""
    with connection.cursor() as cursor:
        # A database function (migration 0003): it reads the head only after
        # the lock is granted, so it sees the row the previous holder committed.
        cursor.execute("SELECT at, head FROM ketacare_audit_chain_head()")
        at, head = cursor.fetchone()
    return at, head or ""


@dataclass(frozen=True)
class Break:
    """One place where the stored chain disagrees with the key."""

    row_id: int
    problem: str

    def __str__(self) -> str:
        return f"audit row {self.row_id}: {self.problem}"


def chain_breaks(rows: Iterator[dict[str, Any]]) -> Iterator[Break]:
    """Walk rows in id order and yield every break.

    A changed or forged row fails its own seal. A row whose prev_hash is not the
    hash of the row stored before it means rows were deleted between the two,
    or it was inserted out of order.
    """
    previous: dict[str, Any] | None = None
    for row in rows:
        if seal(row, row["prev_hash"]) != row["chain_hash"]:
            yield Break(
                row["id"],
                "content does not match its seal (changed, or not written by "
                "the application)",
            )
        expected = previous["chain_hash"] if previous else ""
        if row["prev_hash"] != expected:
            where = f"row {previous['id']}" if previous else "the start of the chain"
            yield Break(
                row["id"],
                f"does not follow {where}: a row between them was deleted, or "
                "this row was inserted out of order",
            )
        previous = row
