"""The admin index's count of education content waiting for clinical review."""

from typing import Any

from django import template
from django.urls import reverse

from education.models import FaqEntry, TopicPage

register = template.Library()


@register.inclusion_tag("admin/education/review_banner.html", takes_context=True)
def content_review_banner(context: Any) -> dict[str, Any]:
    """Published pages and answers never reviewed, changed since, or overdue.

    Shown to staff who may read that content (editors and clinical reviewers).
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    rows = []
    for model in (TopicPage, FaqEntry):
        opts = model._meta
        if user is None or not user.has_perm(f"education.view_{opts.model_name}"):
            continue
        waiting = model.objects.published().needing_review().count()
        changelist = reverse(f"admin:education_{opts.model_name}_changelist")
        rows.append(
            {
                "kind": opts.model_name,
                "count": waiting,
                "url": f"{changelist}?review=needed&status__exact=published",
            }
        )
    return {"rows": rows, "total": sum(row["count"] for row in rows)}
