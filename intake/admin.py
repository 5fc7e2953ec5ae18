"""A minimal, read-only view of assessments, so the staff alert's link opens.

The full triage admin (queue, filters, workflow, audit) is built on top of this
later; nothing here can change or delete an assessment.
"""

from django.contrib import admin
from django.http import HttpRequest

from intake.models import Assessment


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "status",
        "urgent",
        "phq9_total",
        "phq9_band",
        "gad7_total",
        "gad7_band",
        "outcome",
        "state",
        "review_status",
    )
    list_filter = ("urgent", "status", "outcome")
    fields = (
        ("status", "submitted_at", "created_at"),
        ("urgent", "item9_positive"),
        ("phq9_total", "phq9_band", "phq9_version"),
        ("gad7_total", "gad7_band", "gad7_version"),
        ("outcome", "reasons"),
        "state",
        ("wants_contact", "contact_method", "consented_at"),
        ("contact_name", "contact_email", "contact_phone"),
        "hopes",
        "answers",
        ("review_status", "assigned_to"),
    )
    readonly_fields = [
        name
        for group in fields
        for name in ((group,) if isinstance(group, str) else group)
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
