"""The triage queue: assessments in the staff admin.

- The list opens on the work to do (open, then urgent, then the outcomes a
  clinician must see, then the newest) with an urgent badge in words.
- The detail page shows everything the person answered, read-only; staff change
  only the workflow fields and append notes (intake.staff.review).
- Contact search posts the query and keeps only keyed hashes in the session, so
  no one's email, phone or name ever appears in a URL or an access log; the
  list's audit row records those hashes, so "who looked this person up" has an
  answer.
- Every page that shows health data (the history page too), every export and
  every change writes an audit row (ketacare.audit); the database triggers of
  intake.AssessmentEvent record changes from every other path too. Exports are
  POSTs, so a link cannot start one.
- Encrypted columns are never loaded with a row: the list never decrypts, and
  the detail page decrypts each value on its own, marking one that no key opens.
- Leads erase a record on request (intake.staff.erase).
- Check-ins (intake.staff.follow_up): the detail page enrols a person and
  manages their follow-up; the queue shows each record's check-in flags in
  words, and an urgent check-in nobody has acted on goes to the top, even on
  a record whose review is finished.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from intake import escalation, removal
from intake.crypto import DecryptionError, contact_search_indexes
from intake.domain.instruments import GAD7, PHQ9
from intake.domain.triage import Outcome
from intake.exports import csv_rows, fhir
from intake.models import QUEUE_ORDER, Assessment
from intake.staff import detail, filters, follow_up, response, review, timeline
from intake.staff.erase import EraseMixin
from intake.staff.forms import (
    SEARCH_MAX_LENGTH,
    AssessmentReviewForm,
    ContactSearchForm,
)
from ketacare.audit import audit_record
from ketacare.models import AuditEvent

MODEL = "intake.assessment"
VIEW_CONTACT = "intake.view_contact_details"
EXPORT_CONTACT = "intake.export_contact_details"
VIEW_NOTES = "intake.view_assessmentnote"
ENCRYPTED = ["contact_name", "contact_email", "contact_phone", "hopes"]
CONTACT = ["contact_name", "contact_email", "contact_phone"]
RECENT_SEARCHES = 5
# The queue's narrow column; the detail page gives the full wording.
SHORT_OUTCOMES = {
    Outcome.LIKELY_SUITABLE: _("Likely suitable"),
    Outcome.CONSULT_OPTIONS: _("Consult on options"),
    Outcome.NEEDS_REVIEW: _("Needs review"),
    Outcome.NOT_SUITABLE: _("Likely not suitable"),
}


UNREADABLE_EXPORT = _(
    "Nothing was exported: contact details of a selected record cannot be "
    "decrypted with the current keys."
)


def _muted(text: Any) -> str:
    return format_html('<span class="kc-muted">{}</span>', text)


def _score(total: int | None, band: str) -> str:
    if total is None:
        return _muted(gettext("Not yet"))
    return format_html("<strong>{}</strong> {}", total, band)


# List filters whose values describe the people listed (see _audited_filters).
CLINICAL_FILTERS = (
    "urgent",
    "outcome",
    "phq9",
    "gad7",
    "state",
    "item9",
    "reasons",
    "checkins",
)
WITHHELD = "(withheld)"


@admin.register(Assessment)
class AssessmentAdmin(EraseMixin, admin.ModelAdmin):
    form = AssessmentReviewForm
    list_display = (
        "received",
        "urgent_badge",
        "check_ins",
        "phq9",
        "gad7",
        "outcome_text",
        "state",
        "status_text",
        "assignee",
    )
    list_display_links = ("received",)
    list_filter = (
        filters.ReviewStatusFilter,
        filters.StageFilter,
        "outcome",
        "urgent",
        filters.band_filter(PHQ9),
        filters.band_filter(GAD7),
        "state",
        filters.SubmittedRangeFilter,
        filters.AssignedFilter,
        filters.CheckInFilter,
        filters.ContactSearchFilter,
    )
    list_per_page = 50
    list_max_show_all = 200
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = ["export_csv"]
    search_help_text = _(
        "Finds exact matches only: a full email address, a full phone number (any "
        "spacing) or the full name as the person typed it (capitals and extra "
        "spaces ignored). Part of a name or address finds nothing: contact details "
        "are stored encrypted."
    )

    class Media:
        css = {"all": ["css/intake-admin.css"]}

    # --- the queue --------------------------------------------------------------

    def get_queryset(self, request: HttpRequest):
        # Not super(): it orders before the queue's annotations exist. The
        # encrypted columns are loaded only where they are shown (never in
        # the list), so one value that no key opens breaks nothing else.
        queryset = (
            Assessment.objects.select_related("assigned_to")
            .defer(*ENCRYPTED)
            .in_queue_order()
        )
        queryset = response.annotate_unopened(queryset)
        return filters.follow_up_flags(queryset, timezone.localdate()).order_by(
            *self.get_ordering(request)
        )

    def get_ordering(self, request: HttpRequest) -> list[str]:
        # An urgent check-in nobody has acted on comes before everything,
        # even on a record whose review is finished.
        return ["-check_in_urgent", *QUEUE_ORDER]

    @admin.display(description=_("Received"), ordering="received_at")
    def received(self, obj: Assessment) -> str:
        # Short and unambiguous: a narrow column on a small laptop.
        return date_format(timezone.localtime(obj.received_at), "j M Y, H:i")

    @admin.display(description=_("Urgent"), ordering="-urgent")
    def urgent_badge(self, obj: Assessment) -> str:
        # The wait of any unopened urgent flag: the assessment's own, or an
        # urgent check-in's on a record that was not urgent at intake.
        wait = response.queue_wait(
            getattr(obj, "unopened_since", None),
            now=timezone.now(),
            hours=escalation.review_hours(),
        )
        if not obj.urgent and wait is None:
            return _muted(gettext("No"))
        label = gettext("Urgent") if obj.urgent else gettext("Check-in")
        badge = format_html('<strong class="kc-urgent">{}</strong>', label)
        if wait is None:
            return badge
        if wait.late:
            # In words too: the highlight is not the only cue.
            return format_html(
                '{} <span class="kc-wait kc-wait--late">{}, {}</span>',
                badge,
                wait.text,
                gettext("past the promised time"),
            )
        return format_html('{} <span class="kc-wait">{}</span>', badge, wait.text)

    @admin.display(description=_("Check-ins"), ordering="-check_in_urgent")
    def check_ins(self, obj: Assessment) -> str:
        return follow_up.queue_flags(obj)

    @admin.display(description=_("PHQ-9"), ordering="phq9_total")
    def phq9(self, obj: Assessment) -> str:
        return _score(obj.phq9_total, obj.get_phq9_band_display())

    @admin.display(description=_("GAD-7"), ordering="gad7_total")
    def gad7(self, obj: Assessment) -> str:
        return _score(obj.gad7_total, obj.get_gad7_band_display())

    @admin.display(description=_("Outcome"), ordering="outcome")
    def outcome_text(self, obj: Assessment) -> str:
        if not obj.outcome:
            return _muted(gettext("Not yet"))
        return str(SHORT_OUTCOMES[obj.outcome])

    @admin.display(description=_("Status"), ordering="review_status")
    def status_text(self, obj: Assessment) -> str:
        if obj.status == Assessment.Status.DRAFT:
            return format_html(
                '{} <span class="kc-tag">{}</span>',
                obj.get_review_status_display(),
                gettext("Draft"),
            )
        return obj.get_review_status_display()

    @admin.display(description=_("Assigned to"), ordering="assigned_to__username")
    def assignee(self, obj: Assessment) -> str:
        if obj.assigned_to is None:
            return _muted(gettext("Nobody"))
        return obj.assigned_to.get_username()

    def changelist_view(self, request: HttpRequest, extra_context=None):
        if "q" in request.GET:
            # Searches are posted; a query in the address would reach the logs.
            messages.warning(request, gettext("Use the search form to search."))
            return redirect(reverse("admin:intake_assessment_changelist"))
        if any("\x00" in key + value for key, value in request.GET.items()):
            # PostgreSQL refuses NUL in text; treat it as any other bad filter.
            return redirect(f"{reverse('admin:intake_assessment_changelist')}?e=1")
        extra_context = {
            "search_max_length": SEARCH_MAX_LENGTH,
            **(extra_context or {}),
        }
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            shown = [obj.pk for obj in changelist.result_list]
            audit_record(
                request=request,
                action=AuditEvent.Action.LIST,
                model=MODEL,
                object_ids=shown,
                detail=self._audited_filters(request),
            )
        return response

    @staticmethod
    def _audited_filters(request: HttpRequest) -> dict[str, Any]:
        # A clinical filter's value beside the ids shown would say something
        # about each person ("urgent=1": these people flagged self-harm), and
        # audit rows outlive a purge or an erasure: such filters are recorded
        # by name only. The contact search token is replaced by a flag, and
        # what was searched is kept as its blind-index hashes (never the value).
        shown = {
            key: WITHHELD if key.startswith(CLINICAL_FILTERS) else value[:40]
            for key, value in request.GET.items()
        }
        audited: dict[str, Any] = {"filters": shown}
        if "contact" in shown:
            shown["contact"] = "search"
            searches = request.session.get(filters.CONTACT_SEARCHES, {})
            searched = searches.get(request.GET["contact"])
            if isinstance(searched, dict):
                audited["searched"] = {k: v for k, v in searched.items() if v}
        return audited

    # --- permissions ------------------------------------------------------------

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # assessments come from the public questionnaire only

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the retention purge deletes, nobody else

    # --- the detail page ----------------------------------------------------------

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fields = ["review_status", "assigned_to"]
        if self.has_change_permission(request, obj) and request.user.has_perm(
            review.NOTE_PERMISSION
        ):
            fields.append("note")
        return [(_("Workflow"), {"fields": fields})]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if request.user.has_perm(review.ASSIGN_PERMISSION):
            return []
        return ["assigned_to"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            kwargs["queryset"] = review.assignable_staff()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None:
            show_contact = request.user.has_perm(VIEW_CONTACT)
            unreadable = detail.load_encrypted(
                obj, ENCRYPTED if show_contact else ["hopes"]
            )
            panel = follow_up.panel(request, obj)
            context.update(
                detail=detail.staff_detail(obj, show_contact=show_contact),
                unreadable=unreadable,
                timeline=timeline.assessment_timeline(
                    obj,
                    show_notes=request.user.has_perm(VIEW_NOTES),
                    follow_up=panel.follow_up is not None,
                ),
                can_erase=request.user.has_perm(removal.ERASE_PERMISSION),
                follow_up=panel,
            )
            audit_record(
                request=request,
                action=AuditEvent.Action.VIEW,
                model=MODEL,
                object_ids=[obj.pk],
                detail={"contact_details": show_contact},
            )
            # The first staff view ends an urgent record's wait (and its
            # escalation clock); the page then shows that first view.
            escalation.alert_viewed(assessment_id=obj.pk)
            if obj.urgent:
                context["responses"] = response.record_responses(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change) -> None:
        data = form.cleaned_data
        try:
            result = review.assessment_review_update(
                assessment_id=obj.pk,
                actor=request.user,
                review_status=data.get("review_status", obj.review_status),
                assigned_to=data.get("assigned_to", review.UNCHANGED),
                note=data.get("note", ""),
            )
        except ValidationError as error:
            # The form already checked this; only a change made by someone else
            # in the same instant gets here.
            raise BadRequest("; ".join(error.messages)) from error
        if result.changed or result.note:
            audit_record(
                request=request,
                action=AuditEvent.Action.CHANGE,
                model=MODEL,
                object_ids=[obj.pk],
                detail={"fields": result.changed, "note_added": bool(result.note)},
            )

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        obj = getattr(response, "context_data", {}).get("object")
        if obj is not None:
            audit_record(
                request=request,
                action=AuditEvent.Action.VIEW,
                model=MODEL,
                object_ids=[obj.pk],
                detail={"page": "history"},
            )
        return response

    # --- exports and search -------------------------------------------------------

    @admin.action(
        description=_("Download the selected assessments as CSV"), permissions=["view"]
    )
    def export_csv(self, request: HttpRequest, queryset) -> HttpResponse:
        include_contact = request.user.has_perm(EXPORT_CONTACT)
        try:
            # Only an export with contact details decrypts anything.
            rows = list(queryset.defer(None) if include_contact else queryset)
        except DecryptionError:
            messages.error(request, UNREADABLE_EXPORT)
            return None
        audit_record(
            request=request,
            action=AuditEvent.Action.EXPORT,
            model=MODEL,
            object_ids=[row.pk for row in rows],
            detail={"format": "csv", "contact_details": include_contact},
        )
        body = csv_rows.assessments_csv(rows, include_contact=include_contact)
        response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = (
            f'attachment; filename="assessments-{stamp}.csv"'
        )
        return response

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "search/",
                wrap(self.contact_search_view),
                name="{}_{}_search".format(*info),
            ),
            path(
                "<path:object_id>/fhir/",
                wrap(self.fhir_view),
                name="{}_{}_fhir".format(*info),
            ),
            path(
                "<path:object_id>/follow-up/<slug:action>/",
                wrap(self.follow_up_view),
                name="{}_{}_follow_up".format(*info),
            ),
            path(
                "<path:object_id>/erase/",
                wrap(self.erase_view),
                name="{}_{}_erase".format(*info),
            ),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def contact_search_view(self, request: HttpRequest) -> HttpResponse:
        """Keep the query's keyed hashes in the session; the URL gets a token."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = reverse("admin:intake_assessment_changelist")
        form = ContactSearchForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("q", []):
                messages.error(request, error)
            return redirect(changelist)
        token = secrets.token_urlsafe(12)
        searches = dict(request.session.get(filters.CONTACT_SEARCHES, {}))
        searches[token] = contact_search_indexes(form.cleaned_data["q"])
        request.session[filters.CONTACT_SEARCHES] = dict(
            list(searches.items())[-RECENT_SEARCHES:]
        )
        # Find the person whatever the record's status or stage.
        query = {
            "contact": token,
            "review": filters.ALL,
            "stage": filters.ALL,
        }
        return redirect(f"{changelist}?{urlencode(query)}")

    @method_decorator(require_POST)
    def follow_up_view(
        self, request: HttpRequest, object_id: str, action: str
    ) -> HttpResponse:
        """Enrol, pause, resume, stop, change the schedule, add an event."""
        if action not in follow_up.ACTIONS:
            raise Http404
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_permission(request, obj) or not request.user.has_perm(
            follow_up.MANAGE_PERMISSION
        ):
            raise PermissionDenied
        follow_up.ACTIONS[action](request, obj)
        return redirect(
            reverse("admin:intake_assessment_change", args=[obj.pk]) + "#kc-check-ins"
        )

    @method_decorator(require_POST)
    def fhir_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """One assessment as a FHIR R4 Bundle, downloaded as JSON.

        Posted (a button in a form with the CSRF token), so a link on another
        site cannot make a signed-in lead's browser export a record."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        include_contact = request.user.has_perm(EXPORT_CONTACT)
        if include_contact:
            try:
                obj.refresh_from_db(fields=CONTACT)
            except DecryptionError:
                messages.error(request, UNREADABLE_EXPORT)
                return redirect(
                    reverse("admin:intake_assessment_change", args=[obj.pk])
                )
        bundle = fhir.assessment_bundle(obj, include_contact=include_contact)
        audit_record(
            request=request,
            action=AuditEvent.Action.EXPORT,
            model=MODEL,
            object_ids=[obj.pk],
            detail={"format": "fhir", "contact_details": include_contact},
        )
        response = JsonResponse(bundle, content_type="application/fhir+json")
        response["Content-Disposition"] = (
            f'attachment; filename="assessment-{obj.pk}-fhir.json"'
        )
        return response
