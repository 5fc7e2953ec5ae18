"""Writing the audit trail. Call these from views and admin code, never from
signals on clinical models (a bulk update would bypass them; pghistory's
database triggers cover changes from every path)."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.http import HttpRequest

from ketacare import audit_chain
from ketacare.client_address import client_address
from ketacare.models import AuditEvent


def audit_record(
    *,
    request: HttpRequest | None,
    action: AuditEvent.Action,
    model: str = "",
    object_ids: Iterable[Any] = (),
    detail: dict[str, Any] | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
) -> AuditEvent:
    """Append one audit row, sealed into the hash chain.

    `model` is an app label like "intake.assessment". `detail` holds JSON
    strings, booleans, integers and lists of them (what was touched, never what
    it said). The chain lock is held until the surrounding transaction commits,
    so call this late in a long transaction, not early.
    """
    if user is None and request is not None:
        user = getattr(request, "user", None)
    actor = user if user is not None and user.is_authenticated else None
    event = AuditEvent(
        actor=actor,
        actor_username=actor.get_username() if actor else "",
        action=action,
        model=model,
        object_ids=[str(pk) for pk in object_ids],
        ip_address=(client_address(request) or None) if request is not None else None,
        path=request.path[:300] if request is not None else "",
        detail=detail or {},
    )
    # No savepoint of its own inside a caller's transaction: if the audit row
    # cannot be written, the action it records must not be committed either.
    with transaction.atomic(savepoint=False):
        at, event.prev_hash = audit_chain.chain_head()
        values = {name: getattr(event, name) for name in audit_chain.SEALED_FIELDS}
        event.chain_hash = audit_chain.seal({**values, "at": at}, event.prev_hash)
        event.save(force_insert=True)
    return event
