"""The queue's filters: review status, stage, bands, submitted dates, assignee,
check-ins, and the contact search (kept in the session, never in the URL)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from intake.domain.followup import Signal
from intake.domain.instruments import Instrument
from intake.domain.workflow import OPEN
from intake.models import (
    REVIEW_CHOICES,
    Assessment,
    AssessmentNote,
    CheckIn,
    FollowUp,
)

# Session key of the contact searches: random token -> blind-index hashes.
CONTACT_SEARCHES = "intake_contact_searches"
ALL = "all"


class DefaultFilter(admin.SimpleListFilter):
    """A filter that applies `default` until the user picks another choice
    (or "All"), so the queue opens on the work to do."""

    default: str = ""
    all_label = _("All")

    def effective(self) -> str:
        return self.value() or self.default

    def choices(self, changelist: Any):
        yield {
            "selected": self.effective() == ALL,
            "query_string": changelist.get_query_string({self.parameter_name: ALL}),
            "display": self.all_label,
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.effective() == str(lookup),
                "query_string": changelist.get_query_string(
                    {self.parameter_name: lookup}
                ),
                "display": title,
            }

    def condition(self, value: str) -> Q | None:
        raise NotImplementedError

    def queryset(self, request, queryset):
        value = self.effective()
        if value == ALL:
            return queryset
        known = {str(lookup) for lookup, _title in self.lookup_choices}
        if value not in known:
            raise IncorrectLookupParameters(f"unknown {self.parameter_name}")
        return queryset.filter(self.condition(value))


class ReviewStatusFilter(DefaultFilter):
    title = _("review status")
    parameter_name = "review"
    default = "open"

    def lookups(self, request, model_admin):
        return [
            ("open", _("Open (new, in review, contacted) or an urgent check-in")),
            *REVIEW_CHOICES,
        ]

    def condition(self, value: str) -> Q:
        if value == "open":
            # An urgent check-in nobody has acted on is work to do, whatever
            # the review status (needs the follow_up_flags annotations).
            return Q(review_status__in=OPEN) | Q(check_in_urgent=True)
        return Q(review_status=value)


class StageFilter(DefaultFilter):
    title = _("stage")
    parameter_name = "stage"
    default = "queue"

    def lookups(self, request, model_admin):
        return [
            ("queue", _("Submitted, and urgent drafts")),
            ("submitted", _("Submitted")),
            ("draft", _("Drafts (not submitted)")),
        ]

    def condition(self, value: str) -> Q:
        submitted = Q(status=Assessment.Status.SUBMITTED)
        if value == "queue":
            return submitted | Q(urgent=True)
        return submitted if value == "submitted" else ~submitted


class AssignedFilter(admin.SimpleListFilter):
    title = _("assigned to")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [
            ("me", _("Me")),
            ("nobody", _("Nobody")),
            ("others", _("Someone else")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assigned_to=request.user)
        if value == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        if value == "others":
            return queryset.exclude(assigned_to=request.user).exclude(
                assigned_to__isnull=True
            )
        return queryset


def band_filter(instrument: Instrument) -> type[admin.SimpleListFilter]:
    """A filter on one instrument's severity bands (GAD-7 has four, PHQ-9 five)."""

    class BandFilter(admin.SimpleListFilter):
        title = format_lazy(_("{name} band"), name=instrument.name)
        parameter_name = f"{instrument.key}_band"

        def lookups(self, request, model_admin):
            return [(band.key, _(band.label)) for band in instrument.bands]

        def queryset(self, request, queryset):
            value = self.value()
            if not value:
                return queryset
            if value not in {band.key for band in instrument.bands}:
                raise IncorrectLookupParameters(f"unknown {self.parameter_name}")
            return queryset.filter(**{f"{instrument.key}_band": value})

    BandFilter.__name__ = f"{instrument.key.upper()}BandFilter"
    return BandFilter


class DateRangeForm(forms.Form):
    submitted_from = forms.DateField(label=_("From"), required=False)
    submitted_to = forms.DateField(label=_("To (inclusive)"), required=False)


class SubmittedRangeFilter(admin.ListFilter):
    """Submitted between two dates (inclusive), as a small form in the sidebar."""

    title = _("submitted date")
    template = "admin/intake/assessment/date_range_filter.html"
    parameters = ("submitted_from", "submitted_to")

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        for name in self.parameters:
            if name in params:
                self.used_parameters[name] = params.pop(name)[-1]
        self.form = DateRangeForm(self.used_parameters or None)
        if self.used_parameters and not self.form.is_valid():
            raise IncorrectLookupParameters("submitted dates are not dates")

    def has_output(self) -> bool:
        return True

    def expected_parameters(self) -> list[str]:
        return list(self.parameters)

    def queryset(self, request, queryset):
        if not self.used_parameters:
            return queryset
        start, end = (self.form.cleaned_data[name] for name in self.parameters)
        zone = timezone.get_current_timezone()
        if start:
            queryset = queryset.filter(
                submitted_at__gte=datetime.combine(start, time.min, zone)
            )
        if end:
            queryset = queryset.filter(
                submitted_at__lt=datetime.combine(
                    end + timedelta(days=1), time.min, zone
                )
            )
        return queryset

    def choices(self, changelist: Any):
        # The template needs the other filters as hidden fields, and a link
        # that clears this one.
        others = {
            key: value
            for key, value in changelist.params.items()
            if key not in self.parameters
        }
        yield {
            "form": self.form,
            "hidden": sorted(others.items()),
            "clear_url": changelist.get_query_string(remove=list(self.parameters)),
            "active": bool(self.used_parameters),
        }


class ContactSearchFilter(admin.SimpleListFilter):
    """The result of a contact search. The URL carries only a random token; the
    keyed hashes it stands for stay in this staff member's session."""

    title = _("contact search")
    parameter_name = "contact"

    def lookups(self, request, model_admin):
        token = self.value()
        if not token:
            return []
        if token in request.session.get(CONTACT_SEARCHES, {}):
            return [(token, _("Your contact search"))]
        return [(token, _("An expired search: search again"))]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        indexes = request.session.get(CONTACT_SEARCHES, {}).get(self.value())
        if not isinstance(indexes, dict):
            return queryset.none()  # an old or foreign token finds nothing
        return queryset.matching_indexes(indexes)


# --- check-ins ---------------------------------------------------------------


def overdue_check_ins(today: date) -> Q:
    """Check-ins (CheckIn rows) the person should have answered by now: not
    completed, due more than KETACARE_CHECKIN_OVERDUE_DAYS ago, on a follow-up
    that is still running. One never sent because the follow-up was paused
    (skipped) is not the person's delay."""
    late = today - timedelta(days=settings.KETACARE_CHECKIN_OVERDUE_DAYS)
    return (
        Q(completed_at__isnull=True, due_on__lt=late)
        & ~Q(invitation_status=CheckIn.Invitation.SKIPPED)
        & Q(follow_up__status=FollowUp.Status.ACTIVE)
        & Q(follow_up__unsubscribed_at__isnull=True)
    )


def follow_up_flags(queryset: QuerySet, today: date) -> QuerySet:
    """The queue's check-in flags as annotations (subqueries in the one list
    query, so the list costs the same however many rows it shows):

    - check_in_urgent: a check-in flagged urgent since the last thing staff
      did to the record (a status or assignee change, or a note). The flag's
      moment is its StaffAlert's created_at, set when the PHQ-9 answer is
      saved: a person who stops right after it (the safety notice says they
      may) never completes the check-in, and must not be missed for that.
      Acting on the record is what clears it from the top of the queue.
    - check_in_signal: the follow-up's latest signal ("" without one).
    - check_in_overdue: a check-in overdue (overdue_check_ins).
    - check_in_enrolled: there is a follow-up.
    """
    last_note = (
        AssessmentNote.objects.filter(assessment=OuterRef("pk"))
        .values("assessment")
        .annotate(last=Max("created_at"))
        .values("last")[:1]
    )
    acted = Greatest(F("updated_at"), Subquery(last_note))
    # Every urgent check-in has its alert (made in the same transaction); the
    # completion stands in only for a row without one (data loaded by hand).
    urgent = (
        CheckIn.objects.filter(follow_up__assessment=OuterRef("pk"), urgent=True)
        .annotate(flagged_at=Coalesce("staff_alert__created_at", "completed_at"))
        .filter(flagged_at__gte=OuterRef("check_in_acted_at"))
    )
    overdue = CheckIn.objects.filter(
        Q(follow_up__assessment=OuterRef("pk")) & overdue_check_ins(today)
    )
    return queryset.annotate(check_in_acted_at=acted).annotate(
        check_in_urgent=Exists(urgent),
        check_in_signal=F("follow_up__latest_signal"),
        check_in_overdue=Exists(overdue),
        check_in_enrolled=Q(follow_up__isnull=False),
    )


class CheckInFilter(admin.SimpleListFilter):
    """Follow-up flags; needs the follow_up_flags annotations."""

    title = _("check-ins")
    parameter_name = "checkins"

    def lookups(self, request, model_admin):
        return [
            ("urgent", _("Urgent check-in, not yet acted on")),
            ("relapse", _("Possible relapse (latest check-in)")),
            ("warning", _("Early warning (latest check-in)")),
            ("overdue", _("Overdue check-in")),
            ("enrolled", _("Enrolled")),
            ("not_enrolled", _("Not enrolled")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        conditions = {
            "urgent": Q(check_in_urgent=True),
            "relapse": Q(check_in_signal=Signal.POSSIBLE_RELAPSE.value),
            "warning": Q(check_in_signal=Signal.EARLY_WARNING.value),
            "overdue": Q(check_in_overdue=True),
            "enrolled": Q(check_in_enrolled=True),
            "not_enrolled": Q(check_in_enrolled=False),
        }
        if value not in conditions:
            raise IncorrectLookupParameters(f"unknown {self.parameter_name}")
        return queryset.filter(conditions[value])
