"""Building blocks of the step forms: option hints, the honeypot, the base form.

Also the small validators and field shapes every question page uses.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ketacare.layout import Include, Question, class_helper

logger = logging.getLogger(__name__)

HONEYPOT = "website"


class OptionsWithHints:
    """Radio/checkbox widgets whose options can carry a hint of their own."""

    attrs: dict[str, Any]  # provided by the Django widget it is mixed into

    def __init__(self, *args: Any, hints: dict[str, Any] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.attrs.setdefault("class", "form-check-input")
        self.hints = hints or {}

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        # Shares the option list, as SharedChoices does for the field.
        widget = copy.copy(self)
        widget.attrs = self.attrs.copy()
        memo[id(self)] = widget
        return widget

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)  # type: ignore[misc]
        option["hint"] = self.hints.get(str(option["value"]), "")
        if option["hint"] and option["attrs"].get("id"):
            option["attrs"]["aria-describedby"] = option["attrs"]["id"] + "_hint"
        return option


class Radios(OptionsWithHints, forms.RadioSelect):
    pass


class Checkboxes(OptionsWithHints, forms.CheckboxSelectMultiple):
    pass


class SharedChoices:
    """A choice field whose per-form copy shares its option list.

    Django deep-copies every field for each form instance, option lists
    included, and deep-copying translatable labels is most of what setting up
    a question page costs. The lists are never changed in place (a form that
    needs other options assigns a new list), so sharing them is safe.
    """

    _choices: Any

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        result = forms.Field.__deepcopy__(self, memo)  # type: ignore[arg-type]
        result._choices = self._choices
        return result


class ChoiceField(SharedChoices, forms.ChoiceField):
    pass


class TypedChoiceField(SharedChoices, forms.TypedChoiceField):
    pass


class MultipleChoiceField(SharedChoices, forms.MultipleChoiceField):
    pass


class HoneypotField(forms.Field):
    """Hidden from people (CSS and the accessibility tree); bots fill it in."""

    def __init__(self) -> None:
        super().__init__(required=False, label=_("Leave this field empty"))
        self.widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean(self, value: Any) -> bool:
        return bool(value)


def step_helper(form_class: type[StepForm]) -> FormHelper:
    """The question page's layout: heading, questions, honeypot, one button.

    The start page's form (StepForm itself) has no questions: its template
    keeps its own <form> and button, and the layout gives only the honeypot.
    """
    helper = FormHelper()
    helper.form_show_errors = False  # the page's error summary lists them
    helper.include_media = False
    helper.attrs = {"novalidate": True}
    # A notice above the form (safety, licensing) links past itself to here.
    helper.form_id = "questions"
    fields = form_class.base_fields
    questions = [
        Question(name, field, as_heading=form_class.single_question)
        for name, field in fields.items()
    ]
    honeypot = Include(HONEYPOT_TEMPLATE)
    if not questions:
        helper.form_tag = False
        helper.disable_csrf = True  # the template's <form> has its token
        helper.layout = Layout(honeypot)
        return helper
    heading = [] if form_class.single_question else [Include(HEADING_TEMPLATE)]
    helper.layout = Layout(*heading, *questions, honeypot, Include(BUTTON_TEMPLATE))
    return helper


HEADING_TEMPLATE = "intake/includes/step_heading.html"
HONEYPOT_TEMPLATE = "bootstrap5/kc/honeypot.html"
BUTTON_TEMPLATE = "bootstrap5/kc/continue.html"


class StepForm(forms.Form):
    """Base of every step form: the honeypot, and the page's crispy layout."""

    # The page heading is the only question's legend (GOV.UK "legend as heading").
    single_question = False
    helper = class_helper(step_helper)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT] = HoneypotField()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get(HONEYPOT):
            logger.info("intake: honeypot field filled in; form refused")
            raise ValidationError(
                _("We could not accept this form. Please try again."), code="honeypot"
            )
        return cleaned

    @property
    def questions(self) -> list[forms.BoundField]:
        return [field for field in self if field.name != HONEYPOT]

    @property
    def honeypot(self) -> forms.BoundField:
        return self[HONEYPOT]

    def answers(self) -> dict[str, Any]:
        """The cleaned answers, without the honeypot."""
        return {k: v for k, v in self.cleaned_data.items() if k != HONEYPOT}


def radios(label: Any, choices: Any, required_message: Any, **kwargs: Any) -> Any:
    hints = kwargs.pop("hints", None)
    return ChoiceField(
        label=label,
        choices=choices,
        widget=Radios(hints=hints),
        error_messages={
            "required": required_message,
            "invalid_choice": required_message,
        },
        **kwargs,
    )


def checkboxes(label: Any, choices: Any, required_message: Any, **kwargs: Any) -> Any:
    hints = kwargs.pop("hints", None)
    return MultipleChoiceField(
        label=label,
        choices=choices,
        widget=Checkboxes(hints=hints),
        error_messages={
            "required": required_message,
            "invalid_choice": _("Select only the options shown"),
            "invalid_list": _("Select only the options shown"),
        },
        **kwargs,
    )


# Control characters (other than tab and line breaks) and lone surrogates have
# no place in a name or an answer, and a surrogate cannot even be encrypted.
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def plain_text(value: str) -> None:
    if UNPRINTABLE.search(value):
        raise ValidationError(
            _("Remove the unusual characters from your answer"), code="unprintable"
        )


def exclusive(values: list[str], exclusive: set[str], message: Any) -> list[str]:
    """A "None of these" or "Not sure" option cannot be combined with others."""
    if len(values) > 1 and exclusive & set(values):
        raise ValidationError(message)
    return values
