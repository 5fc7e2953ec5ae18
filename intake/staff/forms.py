"""Forms of the triage admin: the workflow fields of one assessment, and the
contact search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intake.domain import workflow
from intake.models import NOTE_MAX_LENGTH, REVIEW_CHOICES, Assessment
from intake.public.form_base import plain_text
from intake.removal import REASON_MAX_LENGTH

SEARCH_MAX_LENGTH = 254


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
