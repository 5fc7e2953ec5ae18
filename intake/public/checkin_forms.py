"""The check-in's forms: agreeing to check-ins, then the intake's own PHQ-9 and
GAD-7 forms (word for word the same questions), the GAD-7 page also asking
about a ketamine session since the last check-in.

Forms validate and normalise; intake.checkins stores.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from intake.domain.instruments import GAD7, PHQ9
from intake.public.form_base import (
    BUTTON_TEMPLATE,
    HONEYPOT_TEMPLATE,
    StepForm,
    radios,
    step_helper,
)
from intake.public.forms import FORMS
from ketacare.layout import Include, Question, class_helper

PHQ9Form = FORMS[PHQ9.key]
GAD7BaseForm = FORMS[GAD7.key]


def _consent_helper(form_class: type[StepForm]) -> FormHelper:
    # The page's explanation and heading come before the form, in the template.
    helper = step_helper(form_class)
    helper.layout = Layout(
        *[Question(name, field) for name, field in form_class.base_fields.items()],
        Include(HONEYPOT_TEMPLATE),
        Include(BUTTON_TEMPLATE),
    )
    return helper


class ConsentForm(StepForm):
    helper = class_helper(_consent_helper)
    agree = forms.BooleanField(
        label=_("I agree to answer regular check-ins from the clinic by email."),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _(
                "Tick the box to agree to check-ins, or use the link at the "
                "bottom of the email to stop them"
            )
        },
    )


YES, NO = "yes", "no"


class GAD7SessionForm(GAD7BaseForm):  # type: ignore[valid-type,misc]
    """The GAD-7, then: a ketamine session since the last check-in, and when."""

    had_session = radios(
        _("Have you had a ketamine session since the last check-in?"),
        [(YES, _("Yes")), (NO, _("No"))],
        _("Select yes if you have had a ketamine session since the last check-in"),
    )
    session_on = forms.DateField(
        label=_("Date of your last ketamine session (optional)"),
        help_text=_("Only if you answered yes. For example, 2026-03-27 or 03/27/2026."),
        required=False,
        # The date picker sends year-month-day; typed by hand, US readers write
        # month/day/year. Day-first forms are not taken: 03/04 would be ambiguous.
        input_formats=["%Y-%m-%d", "%m/%d/%Y"],
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control input-width-10"},
            format="%Y-%m-%d",
        ),
        error_messages={
            "invalid": _(
                "Enter the date of the session as a real date, like 2026-03-27 "
                "or 03/27/2026 (month/day/year)"
            )
        },
    )

    def __init__(
        self, *args: Any, enrolled_on: date, today: date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.enrolled_on = enrolled_on
        self.today = today

    def clean_had_session(self) -> bool:
        return bool(self.cleaned_data["had_session"] == YES)

    def clean_session_on(self) -> date | None:
        on: date | None = self.cleaned_data.get("session_on")
        if on is None:
            return None
        if on > self.today:
            raise ValidationError(_("The date of the session must be today or before"))
        if on < self.enrolled_on:
            raise ValidationError(
                _(
                    "The date of the session must be on or after %(day)s, "
                    "when check-ins began"
                ),
                params={"day": f"{self.enrolled_on.day} {self.enrolled_on:%B %Y}"},
            )
        return on

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        if cleaned.get("session_on") and cleaned.get("had_session") is False:
            self.add_error(
                "session_on",
                _(
                    "Leave the date empty, or answer yes to the question "
                    "about a session"
                ),
            )
        return cleaned

    def instrument_answers(self) -> dict[str, Any]:
        """The GAD-7's own answers, as the intake stores them."""
        names = set(GAD7BaseForm.base_fields)
        return {k: v for k, v in self.answers().items() if k in names}

    def session_answers(self) -> dict[str, Any]:
        on = self.cleaned_data.get("session_on")
        return {
            "had_session": self.cleaned_data["had_session"],
            "session_on": on.isoformat() if on else None,
        }


class StopForm(StepForm):
    """The unsubscribe confirmation: no questions, one button (in the template)."""
