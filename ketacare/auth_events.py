"""Staff sign-ins and sign-outs go into the audit trail.

Django's auth views announce these only through signals, so the receivers live
here; they do nothing but write the audit row.
"""

from ketacare.audit import audit_record
from ketacare.models import AuditEvent


def logged_in(sender, request, user, **kwargs) -> None:
    audit_record(request=request, user=user, action=AuditEvent.Action.LOGIN)


def logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(request=request, user=user, action=AuditEvent.Action.LOGOUT)


def login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Only the username is kept (staff accounts, not patients); never a password.
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        request=request,
        action=AuditEvent.Action.LOGIN_FAILED,
        detail={"username": username},
    )
