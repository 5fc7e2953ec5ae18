from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from education.cache import content_cache_invalidate
from education.forms import SignoffForm
from education.markdown import render_body, render_markdown
from education.models import (
    FaqCategory,
    FaqEntry,
    FaqEntrySignoff,
    Reference,
    TopicPage,
    TopicPageSignoff,
)
from education.review import ReviewState
from education.services import (
    StaleVersion,
    content_signoff,
    reviewer_last_details,
    signoff_permission,
)


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


class ReviewStateFilter(admin.SimpleListFilter):
    title = _("clinical review")
    parameter_name = "review"
    NEEDED = "needed"

    def lookups(self, request, model_admin):
        return [(self.NEEDED, _("Needs review (any below)")), *ReviewState.choices]

    def queryset(self, request, queryset):
        if self.value() == self.NEEDED:
            return queryset.exclude(review_state=ReviewState.CURRENT)
        if self.value() in ReviewState.values:
            return queryset.filter(review_state=self.value())
        return queryset


class SignoffInline(admin.TabularInline):
    """Every sign-off of the item, newest first; nobody edits or deletes them."""

    extra = 0
    can_delete = False
    fields = (
        "signed_at",
        "reviewer_name",
        "reviewer_credentials",
        "review_due",
        "signed_by",
        "version",
    )
    readonly_fields = fields
    ordering = ("-signed_at", "-pk")

    @admin.display(description=_("version signed"))
    def version(self, signoff) -> str:
        # The start of the SHA-256 is enough to tell versions apart by eye.
        return f"{signoff.fingerprint[:12]}…"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TopicPageSignoffInline(SignoffInline):
    model = TopicPageSignoff


class FaqEntrySignoffInline(SignoffInline):
    model = FaqEntrySignoff


class ClinicalReviewAdmin(admin.ModelAdmin):
    """A list filter and column for the clinical review, and the sign-off page.

    Signing is a page of its own (GET shows the exact version with a form; POST
    signs it), open to users with the model's "Can sign off" permission.
    """

    change_form_template = "admin/education/review_change_form.html"
    signoff_template = "admin/education/signoff.html"
    version_template = ""  # the item as the reviewer reads it before signing

    def get_queryset(self, request):
        return super().get_queryset(request).with_review()

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        signoff = path(
            "<path:object_id>/signoff/",
            self.admin_site.admin_view(self.signoff_view),
            name="{}_{}_signoff".format(*info),
        )
        # Before the defaults: their "<path:object_id>/" would swallow it.
        return [signoff, *super().get_urls()]

    @admin.display(description=_("clinical review"), ordering="review_state")
    def review_column(self, obj) -> str:
        review = obj.review
        if review.is_signed_off:
            due = formats.date_format(review.due_on, "SHORT_DATE_FORMAT")
            if review.is_overdue:
                return _("Overdue since %(date)s") % {"date": due}
            return _("Reviewed; next due %(date)s") % {"date": due}
        return review.state.label

    @admin.display(description=_("clinical review"))
    def review_summary(self, obj) -> str:
        if obj is None or obj.pk is None:
            return ReviewState.NEVER.label
        review = obj.review
        if not review.is_signed_off:
            return review.state.label
        values = {
            "name": review.reviewer_name,
            "credentials": review.reviewer_credentials,
            "date": formats.date_format(review.reviewed_on),
            "due": formats.date_format(review.due_on),
        }
        if review.is_overdue:
            text = _(
                "Reviewed by %(name)s, %(credentials)s on %(date)s; "
                "overdue since %(due)s"
            )
        else:
            text = _(
                "Reviewed by %(name)s, %(credentials)s on %(date)s; "
                "next review due %(due)s"
            )
        return text % values

    def change_view(self, request, object_id, form_url="", extra_context=None):
        can_sign_off = request.user.has_perm(signoff_permission(self.model))
        return super().change_view(
            request,
            object_id,
            form_url,
            {"can_sign_off": can_sign_off, **(extra_context or {})},
        )

    def version_context(self, item) -> dict:
        raise NotImplementedError

    def signoff_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        if not request.user.has_perm(signoff_permission(self.model)):
            raise PermissionDenied
        item = self.get_object(request, unquote(object_id))
        if item is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[quote(item.pk)],
        )
        if request.method == "POST":
            form = SignoffForm(request.POST)
            if form.is_valid():
                try:
                    signoff = content_signoff(
                        item=item,
                        user=request.user,
                        reviewer_name=form.cleaned_data["reviewer_name"],
                        reviewer_credentials=form.cleaned_data["reviewer_credentials"],
                        fingerprint=form.cleaned_data["fingerprint"],
                        request=request,
                    )
                except StaleVersion:
                    messages.error(
                        request,
                        _(
                            "Nothing was signed: this text changed while you were "
                            "reading it. Read the new version below."
                        ),
                    )
                    return redirect(request.path)
                self.log_change(request, item, _("Signed off by a clinical reviewer."))
                messages.success(
                    request,
                    _("Signed off. The next review is due on %(date)s.")
                    % {"date": formats.date_format(signoff.review_due)},
                )
                return redirect(change_url)
        else:
            name, credentials = reviewer_last_details(request.user)
            form = SignoffForm(
                initial={
                    "reviewer_name": name,
                    "reviewer_credentials": credentials,
                    "fingerprint": item.content_fingerprint,
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Sign off: %(item)s") % {"item": item},
            "opts": self.opts,
            "original": item,
            "change_url": change_url,
            "form": form,
            "review": self.review_summary(item),
            "version_template": self.version_template,
            **self.version_context(item),
        }
        return TemplateResponse(request, self.signoff_template, context)


class ReferenceInline(admin.TabularInline):
    model = Reference
    extra = 0
    fields = ("number", "citation", "url")
    ordering = ("number",)


@admin.register(TopicPage)
class TopicPageAdmin(InvalidatesPageCache, ClinicalReviewAdmin):
    list_display = ("title", "status", "order", "review_column", "last_reviewed")
    list_editable = ("status", "order")
    list_filter = (ReviewStateFilter, "status")
    search_fields = ("title", "slug", "summary")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("related",)
    readonly_fields = ("review_summary", "created_at", "updated_at")
    inlines = [ReferenceInline, TopicPageSignoffInline]
    version_template = "admin/education/signoff_topicpage.html"
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body")}),
        (_("Search engines"), {"fields": ("meta_description",)}),
        (_("Publishing"), {"fields": ("status", "order", "related")}),
        (
            _("Review"),
            {
                "fields": ("review_summary", "last_reviewed"),
                "description": _(
                    "A clinician in the Clinical reviewer group signs off each "
                    "version of the page (Sign off this version, above). Any "
                    "change to the title, descriptions, text or references "
                    "needs a new sign-off; until then the public page says it "
                    "has changed since its last clinical review."
                ),
            },
        ),
        (_("History"), {"fields": ("created_at", "updated_at")}),
    )

    def version_context(self, item) -> dict:
        references = list(item.references.order_by("number"))
        return {
            "body": render_body(item.body, references=[r.number for r in references]),
            "references": references,
        }


@admin.register(FaqCategory)
class FaqCategoryAdmin(InvalidatesPageCache, admin.ModelAdmin):
    list_display = ("title", "order")
    list_editable = ("order",)
    prepopulated_fields = {"slug": ("title",)}


@admin.register(FaqEntry)
class FaqEntryAdmin(InvalidatesPageCache, ClinicalReviewAdmin):
    list_display = ("question", "category", "status", "order", "review_column")
    list_editable = ("status", "order")
    list_filter = (ReviewStateFilter, "category", "status")
    search_fields = ("question", "answer", "slug")
    prepopulated_fields = {"slug": ("question",)}
    readonly_fields = ("review_summary", "created_at", "updated_at")
    inlines = [FaqEntrySignoffInline]
    version_template = "admin/education/signoff_faqentry.html"
    fields = (
        "category",
        "question",
        "slug",
        "answer",
        "status",
        "order",
        "review_summary",
        "created_at",
        "updated_at",
    )

    def version_context(self, item) -> dict:
        return {"answer": render_markdown(item.answer)}
