"""Staff sign-ins and sign-outs go into the audit trail.

Django's auth views announce these only through signals, so the receivers live
here; they do nothing but write the audit row.
"""

from django.contrib.auth import get_user_model

from ketacare.audit import audit_record
from ketacare.models import AuditEvent


def logged_in(sender, request, user, **kwargs) -> None:
    audit_record(request=request, user=user, action=AuditEvent.Action.LOGIN)


def logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(request=request, user=user, action=AuditEvent.Action.LOGOUT)


def login_failed(sender, credentials, request=None, **kwargs) -> None:
    """A failed sign-in that names a real account and that django-axes counted.

    Failures naming no account stay in axes' bounded, expiring rows
    (ketacare/signin.py) and attempts refused during a lockout are not counted,
    so anonymous traffic cannot grow this append-only table at will. The row
    names the account by its id: never what was typed.
    """
    # axes' receiver runs first (its app is listed earlier) and sets this only
    # when it recorded the failure.
    if request is None or getattr(request, "axes_failures_since_start", None) is None:
        return
    user_model = get_user_model()
    typed = credentials.get(user_model.USERNAME_FIELD)
    if typed is None:
        return
    account = (
        user_model._default_manager.filter(**{user_model.USERNAME_FIELD: str(typed)})
        .values_list("pk", flat=True)
        .first()
    )
    if account is None:
        return
    audit_record(
        request=request,
        action=AuditEvent.Action.LOGIN_FAILED,
        model=user_model._meta.label_lower,
        object_ids=[account],
        detail={"locked_out": bool(getattr(request, "axes_locked_out", False))},
    )
