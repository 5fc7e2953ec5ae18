from django import template
from django.conf import settings
from django.utils.translation import ngettext

from intake.public import browser_token

register = template.Library()


@register.simple_tag
def intake_retention() -> dict[str, int]:
    """Retention periods in days, for the privacy notice to state the real numbers."""
    return {
        "drafts": settings.KETACARE_DRAFT_RETENTION_DAYS,
        "urgent_drafts": settings.KETACARE_URGENT_DRAFT_RETENTION_DAYS,
        "submitted": settings.KETACARE_SUBMITTED_RETENTION_DAYS,
    }


def duration_words(seconds: int) -> str:
    """ "2 hours", "90 minutes": whole hours when it divides evenly."""
    if seconds >= 3600 and seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    minutes = max(1, -(-seconds // 60))  # rounded up: never promise less
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


@register.simple_tag
def intake_device_times() -> dict[str, str]:
    """How long this browser keeps an assessment, in words, from the settings
    (intake.public.browser_token), for the start page and the privacy notice."""
    return {
        "draft": duration_words(browser_token.draft_lifetime()),
        "result": duration_words(settings.KETACARE_RESULT_SECONDS),
        "after_sending": duration_words(browser_token.lifetime_after_sending()),
    }
