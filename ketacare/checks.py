"""Deployment checks (`manage.py check --deploy`) for the audit trail and staff
access."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_audit_key(app_configs, **kwargs) -> list:
    key = settings.KETACARE_AUDIT_KEY
    if len(key) < 32:
        return [
            Error(
                "KETACARE_AUDIT_KEY must be a random secret of at least 32 "
                "characters: it seals the audit trail (manage.py audit_verify).",
                id="ketacare.E001",
            )
        ]
    others = {
        settings.SECRET_KEY,
        settings.KETACARE_BLIND_INDEX_KEY,
        *settings.KETACARE_FIELD_KEYS,
    }
    if key in others:
        return [
            Error(
                "KETACARE_AUDIT_KEY must differ from DJANGO_SECRET_KEY and the "
                "intake keys: a key that leaks with another must not also let "
                "someone forge audit rows.",
                id="ketacare.E002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_database_roles(app_configs, **kwargs) -> list:
    owner = settings.KETACARE_DATABASE_OWNER
    if owner is None:
        return []
    problems = []
    if owner["USER"] == settings.KETACARE_DATABASE_RUNTIME["USER"]:
        problems.append(
            Error(
                "DATABASE_OWNER_URL and DATABASE_URL name the same user: the site's "
                "role would own the audit trail it must not rewrite.",
                id="ketacare.E003",
            )
        )
    name = settings.KETACARE_DATABASE_OWNER_NAME
    if name and name != settings.DATABASES["default"]["NAME"]:
        problems.append(
            Error(
                "DATABASE_OWNER_URL must name the same database as DATABASE_URL.",
                id="ketacare.E004",
            )
        )
    return problems


@register(Tags.security, deploy=True)
def check_staff_sign_in(app_configs, **kwargs) -> list:
    if settings.KETACARE_REQUIRE_2FA:
        return []
    return [
        Error(
            "KETACARE_REQUIRE_2FA is off: staff could reach patient data with a "
            "password alone. Unset it in production (two-factor sign-in is on by "
            "default; only `make run` turns it off).",
            id="ketacare.E005",
        )
    ]
