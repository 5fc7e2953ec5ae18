"""The admin index's count of open urgent assessments."""

from typing import Any

from django import template
from django.urls import reverse

from intake.models import Assessment

register = template.Library()


@register.inclusion_tag("admin/intake/urgent_banner.html", takes_context=True)
def open_urgent_banner(context: Any) -> dict[str, Any]:
    """Only for staff who may see assessments; a count is intake data too."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("intake.view_assessment"):
        return {"show": False}
    changelist = reverse("admin:intake_assessment_changelist")
    return {
        "show": True,
        "count": Assessment.objects.open_urgent().count(),
        # The queue opens on open records; this narrows it to the urgent ones.
        "url": f"{changelist}?urgent__exact=1",
    }
