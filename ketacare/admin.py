from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin
from django.http import HttpRequest

from ketacare.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, read-only. Visible to superusers and to staff holding
    the "Can view audit event" permission."""

    list_display = ["at", "actor_username", "action", "model", "ids", "ip_address"]
    list_filter = ["action", "model", ("actor", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "at"
    search_fields = ["=object_ids", "=actor_username"]
    search_help_text = "Exact record id or staff username."
    list_select_related = ["actor"]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # object_ids is an array: match an element exactly.
        if search_term.strip():
            term = search_term.strip()
            by_id = queryset.filter(object_ids__contains=[term])
            by_user = queryset.filter(actor_username=term)
            return by_id | by_user, False
        return queryset, False

    @admin.display(description="Records")
    def ids(self, event: AuditEvent) -> str:
        shown = ", ".join(event.object_ids[:10])
        extra = len(event.object_ids) - 10
        return f"{shown} (+{extra} more)" if extra > 0 else shown

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


# axes writes no per-failure or per-sign-in rows here (ketacare/signin.py; the
# audit trail keeps those): only its current attempts have an admin page.
admin.site.unregister([AccessLog, AccessFailureLog])
