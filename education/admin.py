from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from education.cache import content_cache_invalidate
from education.models import FaqCategory, FaqEntry, Reference, Reviewer, TopicPage


class InvalidatesPageCache:
    """Every save or delete here makes all cached public pages stale.

    save_related runs after the object and its inlines are saved (also for
    list_editable changes); the cache is cleared once the transaction commits,
    so no reader can cache the old text under the new generation.
    """

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        transaction.on_commit(content_cache_invalidate)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(content_cache_invalidate)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        transaction.on_commit(content_cache_invalidate)


class ReferenceInline(admin.TabularInline):
    model = Reference
    extra = 0
    fields = ("number", "citation", "url")
    ordering = ("number",)


@admin.register(TopicPage)
class TopicPageAdmin(InvalidatesPageCache, admin.ModelAdmin):
    list_display = ("title", "status", "order", "last_reviewed", "medical_reviewer")
    list_editable = ("status", "order")
    list_filter = ("status", "medical_reviewer")
    search_fields = ("title", "slug", "summary")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("related",)
    readonly_fields = ("created_at", "updated_at")
    inlines = [ReferenceInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body")}),
        (_("Search engines"), {"fields": ("meta_description",)}),
        (_("Publishing"), {"fields": ("status", "order", "related")}),
        (
            _("Review"),
            {
                "fields": ("last_reviewed", "medical_reviewer"),
                "description": _(
                    "Name a medical reviewer only after that clinician has "
                    "reviewed this version of the page. Until then the page says "
                    "that medical review is pending."
                ),
            },
        ),
        (_("History"), {"fields": ("created_at", "updated_at")}),
    )


@admin.register(Reviewer)
class ReviewerAdmin(InvalidatesPageCache, admin.ModelAdmin):
    list_display = ("name", "credentials", "updated_at")
    search_fields = ("name", "credentials")


@admin.register(FaqCategory)
class FaqCategoryAdmin(InvalidatesPageCache, admin.ModelAdmin):
    list_display = ("title", "order")
    list_editable = ("order",)
    prepopulated_fields = {"slug": ("title",)}


@admin.register(FaqEntry)
class FaqEntryAdmin(InvalidatesPageCache, admin.ModelAdmin):
    list_display = ("question", "category", "status", "order")
    list_editable = ("status", "order")
    list_filter = ("category", "status")
    search_fields = ("question", "answer", "slug")
    prepopulated_fields = {"slug": ("question",)}
    readonly_fields = ("created_at", "updated_at")
    fields = (
        "category",
        "question",
        "slug",
        "answer",
        "status",
        "order",
        "created_at",
        "updated_at",
    )
