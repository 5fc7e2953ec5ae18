"""Deployment checks (`manage.py check --deploy`): a production server must not
start without the keys that protect health data, or with alerts going nowhere."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from intake import crypto
from intake.domain.review_hours import ReviewHours


@register(Tags.security, deploy=True)
def check_intake_settings(app_configs, **kwargs) -> list:
    problems: list = []
    try:
        crypto.fernet()
    except ImproperlyConfigured as error:
        problems.append(Error(str(error), id="intake.E001"))
    if len(settings.KETACARE_BLIND_INDEX_KEY) < 32:
        problems.append(
            Error(
                "KETACARE_BLIND_INDEX_KEY must be a random secret of at least 32 "
                "characters, different from the field keys.",
                id="intake.E002",
            )
        )
    elif settings.KETACARE_BLIND_INDEX_KEY in (
        settings.SECRET_KEY,
        *settings.KETACARE_FIELD_KEYS,
    ):
        problems.append(
            Error(
                "KETACARE_BLIND_INDEX_KEY must be its own secret, not SECRET_KEY "
                "or one of KETACARE_FIELD_KEYS: a leak of one would then expose "
                "the other. Change it, then run `manage.py intake_reindex`.",
                id="intake.E004",
            )
        )
    if not settings.KETACARE_SITE_URL.startswith("https://"):
        problems.append(
            Error(
                "KETACARE_SITE_URL must be the site's https:// address: urgent "
                "alerts link staff to the record with it.",
                id="intake.E003",
            )
        )
    if not settings.KETACARE_STAFF_ALERT_EMAIL:
        problems.append(
            Warning(
                "KETACARE_STAFF_ALERT_EMAIL is empty: nobody is emailed when an "
                "assessment is flagged urgent.",
                id="intake.W001",
            )
        )
    try:
        ReviewHours.parse(settings.KETACARE_REVIEW_SCHEDULE)
    except ValueError as error:
        problems.append(
            Error(
                f"KETACARE_REVIEW_SCHEDULE: {error} The escalation clock of urgent "
                "records runs on it (e.g. 'mon-fri 09:00-17:00 America/New_York').",
                id="intake.E005",
            )
        )
    if not settings.KETACARE_LEAD_ALERT_EMAIL:
        problems.append(
            Warning(
                "KETACARE_LEAD_ALERT_EMAIL is empty: nobody is told when an urgent "
                "record stays unopened past the escalation time.",
                id="intake.W003",
            )
        )
    if not settings.KETACARE_LICENSED_STATES:
        problems.append(
            Warning(
                "KETACARE_LICENSED_STATES is empty: everyone is told the clinic "
                "is not licensed where they live.",
                id="intake.W002",
            )
        )
    return problems
