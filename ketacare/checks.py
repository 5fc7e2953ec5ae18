"""Deployment checks (`manage.py check --deploy`) for staff access."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_staff_sign_in(app_configs, **kwargs) -> list:
    if settings.KETACARE_REQUIRE_2FA:
        return []
    return [
        Error(
            "KETACARE_REQUIRE_2FA is off: staff could reach patient data with a "
            "password alone. Unset it in production (two-factor sign-in is on by "
            "default; only `make run` turns it off).",
            id="ketacare.E001",
        )
    ]
