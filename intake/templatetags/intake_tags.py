from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def intake_retention() -> dict[str, int]:
    """Retention periods in days, for the privacy notice to state the real numbers."""
    return {
        "drafts": settings.KETACARE_DRAFT_RETENTION_DAYS,
        "urgent_drafts": settings.KETACARE_URGENT_DRAFT_RETENTION_DAYS,
        "submitted": settings.KETACARE_SUBMITTED_RETENTION_DAYS,
    }
