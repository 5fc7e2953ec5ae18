"""Forms of the triage admin: the workflow fields of one assessment, the
contact search, erasure, and the check-in (follow-up) actions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.domain import workflow
from intake.domain.followup import CUSTOM_INTERVAL_DAYS, Preset
from intake.models import (
    NOTE_MAX_LENGTH,
    REVIEW_CHOICES,
    Assessment,
    FollowUp,
    TreatmentEvent,
)
from intake.models.checkins import PRESET_CHOICES
from intake.public.form_base import plain_text
from intake.removal import REASON_MAX_LENGTH

SEARCH_MAX_LENGTH = 254
# The dates a check-in schedule may use: a series that began last month can be
# entered, a typo a century away cannot (nor thousands of check-ins).
START_BEFORE = timedelta(days=30)
START_AHEAD = timedelta(days=365)
LONGEST_CUSTOM = timedelta(days=730)


class AssessmentReviewForm(forms.ModelForm):
    """Only the staff's side: review status, assignee (leads), a new note.

    The admin leaves out what the user may not change: the assignee without
    the assign permission, the note without the note permission.
    """

    note = forms.CharField(
        label=_("Add a note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        strip=True,
        validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_(
            "Saved with your name and the time. Notes cannot be edited or deleted "
            "later; they go only with the whole record, when it is purged or erased."
        ),
    )

    class Meta:
        model = Assessment
        fields = ["review_status", "assigned_to"]
        help_texts = {
            "review_status": _(
                "Any status except New, once the record has left it: the history "
                "keeps every change."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields.get("review_status")
        if status is not None:
            current = self.instance.review_status
            labels = dict(REVIEW_CHOICES)
            status.choices = [
                (target, labels[target]) for target in workflow.targets(current)
            ]


class ContactSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find by contact details"),
        max_length=SEARCH_MAX_LENGTH,
        strip=True,
        validators=[plain_text],
        error_messages={
            "required": _("Type a full email address, phone number or name."),
            "max_length": _("That is longer than any email, phone number or name."),
        },
    )


class EraseForm(forms.Form):
    """Why an assessment is erased on request: kept in the audit trail as typed."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        strip=True,
        validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": _("Say why the record is erased.")},
        help_text=_(
            "Who asked, when and how, for example: “The person asked by email on "
            "3 March.” No health details or contact details: the audit trail keeps "
            "this text as you type it."
        ),
    )


class FollowUpScheduleForm(forms.Form):
    """A check-in schedule: a preset, or every so many days until an end date.

    Cleans to the keyword arguments of the follow-up services."""

    preset = forms.ChoiceField(
        label=_("How often"), choices=PRESET_CHOICES, widget=forms.RadioSelect
    )
    starts_on = forms.DateField(
        label=_("Start date"),
        help_text=_("The first check-in is one interval after this date."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    interval_days = forms.IntegerField(
        label=_("Custom: days between check-ins"),
        required=False,
        min_value=min(CUSTOM_INTERVAL_DAYS),
        max_value=max(CUSTOM_INTERVAL_DAYS),
        help_text=_("Only for a custom schedule: 1 to 90 days."),
    )
    ends_on = forms.DateField(
        label=_("Custom: last check-in on or before"),
        required=False,
        help_text=_("Only for a custom schedule."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, prefix: str = "schedule", **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"starts_on": timezone.localdate()})
        super().__init__(*args, prefix=prefix, **kwargs)

    def clean_starts_on(self) -> date:
        starts_on: date = self.cleaned_data["starts_on"]
        today = timezone.localdate()
        if starts_on < today - START_BEFORE:
            raise forms.ValidationError(
                _("Choose a start date no more than %(days)s days ago.")
                % {"days": START_BEFORE.days}
            )
        if starts_on > today + START_AHEAD:
            raise forms.ValidationError(_("Choose a start date within the next year."))
        return starts_on

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if (
            data.get("preset") == Preset.CUSTOM
            and starts_on
            and ends_on
            and ends_on > starts_on + LONGEST_CUSTOM
        ):
            self.add_error(
                "ends_on",
                _("Choose an end date no more than two years after the start."),
            )
        if data.get("preset") == Preset.CUSTOM:
            if data.get("interval_days") is None:
                self.add_error(
                    "interval_days", _("A custom schedule needs the days between.")
                )
            if data.get("ends_on") is None:
                self.add_error("ends_on", _("A custom schedule needs an end date."))
        else:
            # A preset sets its own interval and end; typed values are ignored.
            data["interval_days"] = None
            data["ends_on"] = None
        return data


class TreatmentEventForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happened"), choices=TreatmentEvent.Kind)
    on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, prefix="event", **kwargs)


class FollowUpStatusForm(forms.Form):
    """Pause, resume or stop. Stopping cannot be undone, so it needs the
    box that says so ticked as well."""

    status = forms.ChoiceField(choices=FollowUp.Status)
    confirm_stop = forms.BooleanField(
        label=_("I understand check-ins cannot be restarted"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") == FollowUp.Status.STOPPED and not data.get(
            "confirm_stop"
        ):
            self.add_error(
                "confirm_stop",
                _("Tick the box to confirm: stopped check-ins cannot be restarted."),
            )
        return data
