"""One form per question page. Forms validate and normalise; services store.

Every value a form returns is a choice key, a number or short text, so the
answers JSON never holds anything but what the person picked. Each form also
carries a honeypot field that people never see.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from intake.domain import steps
from intake.domain.instruments import GAD7, PHQ9, Instrument
from intake.domain.screen import (
    ANTIDEPRESSANTS_NOT_SURE,
    HOME_QUESTIONS,
    MEDICINES,
    MEDICINES_NOT_SURE,
    MENTAL_QUESTIONS,
    NO_MEDICINES,
    PHYSICAL_QUESTIONS,
    SUICIDE_QUESTIONS,
    Answer,
    ScreenQuestion,
)
from intake.domain.states import PLACES
from intake.models import Assessment
from intake.public.form_base import (
    ChoiceField,
    Radios,
    StepForm,
    TypedChoiceField,
    checkboxes,
    exclusive,
    plain_text,
    radios,
)


class AboutForm(StepForm):
    age = forms.IntegerField(
        label=_("How old are you?"),
        min_value=1,
        max_value=120,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "class": "form-control input-width-3",
                "spellcheck": "false",
            }
        ),
        error_messages={
            "required": _("Enter your age"),
            "invalid": _("Enter your age as a whole number, like 34"),
            "min_value": _("Enter your age in years, from 1 to 120"),
            "max_value": _("Enter your age in years, from 1 to 120"),
        },
    )
    state = ChoiceField(
        label=_("Which state do you live in?"),
        help_text=_(
            "The clinic can only treat people in the states where it is licensed."
        ),
        choices=[("", _("Select your state")), *PLACES],
        widget=forms.Select(attrs={"class": "form-select input-width-20"}),
        error_messages={
            "required": _("Select the state you live in"),
            "invalid_choice": _("Select the state you live in"),
        },
    )


def _instrument_form(instrument: Instrument) -> type[StepForm]:
    fields: dict[str, Any] = {}
    choices = [(option.value, _(option.label)) for option in instrument.options]
    for item in instrument.items:
        fields[item.link_id] = TypedChoiceField(
            label=format_lazy("{}. {}", item.number, _(item.text)),
            choices=choices,
            coerce=int,
            widget=Radios(),
            error_messages={
                "required": format_lazy(
                    _("Select an answer for question {number}"), number=item.number
                ),
                "invalid_choice": format_lazy(
                    _("Select an answer for question {number}"), number=item.number
                ),
            },
        )
    for extra in instrument.extra_items:
        fields[extra.link_id] = radios(
            _(extra.text),
            [(choice.value, _(choice.label)) for choice in extra.choices],
            _("Select one of the answers shown, or leave this question blank"),
            required=False,
            help_text=_("This question is optional."),
        )
    fields["instrument"] = instrument
    return type(f"{instrument.key.upper()}Form", (StepForm,), fields)


PHQ9Form = _instrument_form(PHQ9)
GAD7Form = _instrument_form(GAD7)

YES_NO_NOT_SURE = [
    (Answer.YES.value, _("Yes")),
    (Answer.NO.value, _("No")),
    (Answer.NOT_SURE.value, _("Not sure")),
]


def _screen_form(name: str, questions: tuple[ScreenQuestion, ...]) -> type[StepForm]:
    fields: dict[str, Any] = {}
    for question in questions:
        fields[question.key] = radios(
            _(question.text),
            YES_NO_NOT_SURE,
            format_lazy(
                _("Select yes, no or not sure: {question}"), question=_(question.text)
            ),
            help_text=_(question.hint) if question.hint else "",
        )
    return type(name, (StepForm,), fields)


PhysicalForm = _screen_form("PhysicalForm", PHYSICAL_QUESTIONS)
MentalForm = _screen_form("MentalForm", MENTAL_QUESTIONS)
SuicideForm = _screen_form("SuicideForm", SUICIDE_QUESTIONS)
HomeForm = _screen_form("HomeForm", HOME_QUESTIONS)


class TreatmentForm(StepForm):
    antidepressants = radios(
        _("How many different antidepressants have you tried?"),
        [
            ("0", _("None")),
            ("1", _("One")),
            ("2", _("Two")),
            ("3+", _("Three or more")),
            (ANTIDEPRESSANTS_NOT_SURE, _("I'm not sure")),
        ],
        _("Select how many antidepressants you have tried"),
        help_text=_("Count each medicine once, including ones you stopped."),
    )
    therapy = radios(
        _("Have you had talking therapy, such as CBT?"),
        [
            ("now", _("Yes, I am having it now")),
            ("past", _("Yes, in the past")),
            ("never", _("No")),
        ],
        _("Select whether you have had talking therapy"),
    )
    past_treatments = checkboxes(
        _("Have you had any of these treatments?"),
        [
            ("ketamine", _("Ketamine")),
            ("esketamine", _("Esketamine (Spravato)")),
            ("ect", _("Electroconvulsive therapy (ECT)")),
            ("tms", _("Transcranial magnetic stimulation (TMS)")),
            ("none", _("None of these")),
        ],
        _("Select the treatments you have had, or 'None of these'"),
        help_text=_("Select all that apply."),
    )

    def clean_past_treatments(self) -> list[str]:
        return exclusive(
            self.cleaned_data["past_treatments"],
            {"none"},
            _("Select the treatments you have had, or 'None of these', not both"),
        )


class MedicinesForm(StepForm):
    single_question = True
    medicines = checkboxes(
        _("Do you take any of these medicines?"),
        [
            *[(medicine.key, _(medicine.label)) for medicine in MEDICINES],
            (NO_MEDICINES, _("None of these")),
            (MEDICINES_NOT_SURE, _("I'm not sure")),
        ],
        _("Select the medicines you take, 'None of these' or 'I'm not sure'"),
        help_text=_("Select all that apply."),
        hints={medicine.key: _(medicine.hint) for medicine in MEDICINES},
    )

    def clean_medicines(self) -> list[str]:
        return exclusive(
            self.cleaned_data["medicines"],
            {NO_MEDICINES, MEDICINES_NOT_SURE},
            _(
                "Select the medicines you take, or one of 'None of these' and 'I'm"
                " not sure'"
            ),
        )


HOPES_MAX = 1000


class GoalsForm(StepForm):
    diagnoses = checkboxes(
        _("Has a clinician ever told you that you have any of these?"),
        [
            ("depression", _("Depression")),
            ("anxiety", _("Anxiety")),
            ("ptsd", _("Post-traumatic stress disorder (PTSD)")),
            ("ocd", _("Obsessive-compulsive disorder (OCD)")),
            ("chronic_pain", _("Chronic pain")),
            ("none", _("None of these")),
        ],
        _("Select the conditions you have been told you have, or 'None of these'"),
        help_text=_("Select all that apply."),
    )
    hopes = forms.CharField(
        label=_("What would you like treatment to help with? (optional)"),
        help_text=format_lazy(
            _("For example, getting back to work. Up to {limit} characters."),
            limit=HOPES_MAX,
        ),
        required=False,
        max_length=HOPES_MAX,
        validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        error_messages={
            "max_length": format_lazy(
                _("Keep your answer to {limit} characters or fewer"), limit=HOPES_MAX
            )
        },
    )

    def clean_diagnoses(self) -> list[str]:
        return exclusive(
            self.cleaned_data["diagnoses"],
            {"none"},
            _("Select the conditions, or 'None of these', not both"),
        )


class ContactForm(StepForm):
    single_question = True
    wants_contact = radios(
        _("Would you like the clinic to contact you?"),
        [
            ("yes", _("Yes, contact me about a consultation")),
            ("no", _("No, just show me my results")),
        ],
        _("Select whether you would like the clinic to contact you"),
        hints={
            "yes": _("You will give your name and how to reach you on the next page."),
            "no": _("We will not store your name or any way to contact you."),
        },
    )


PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().-]+$")


class DetailsForm(StepForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        validators=[plain_text],
        widget=forms.TextInput(
            attrs={
                "autocomplete": "name",
                "spellcheck": "false",
                "class": "form-control",
            }
        ),
        error_messages={
            "required": _("Enter your name"),
            "max_length": _("Name must be 200 characters or fewer"),
        },
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(
            attrs={
                "autocomplete": "email",
                "spellcheck": "false",
                "class": "form-control",
            }
        ),
        error_messages={
            "invalid": _(
                "Enter an email address in the correct format, like name@example.com"
            ),
            "max_length": _("Email address must be 254 characters or fewer"),
        },
    )
    phone = forms.CharField(
        label=_("Phone number"),
        help_text=_("For a number outside the US, include the country code."),
        required=False,
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "type": "tel",
                "autocomplete": "tel",
                "class": "form-control input-width-20",
            }
        ),
        error_messages={"max_length": _("Enter a phone number, like 555 123 4567")},
    )
    method = radios(
        _("How would you like us to contact you?"),
        Assessment.ContactMethod.choices,
        _("Select how you would like us to contact you"),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the clinic may store my answers and contact details, and "
            "contact me about a consultation."
        ),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _(
                "Tick the box to agree, or go back and choose 'just show me my results'"
            )
        },
    )

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        digits = sum(character.isdigit() for character in phone)
        if not PHONE_CHARACTERS.match(phone) or not 7 <= digits <= 15:
            raise ValidationError(_("Enter a phone number, like 555 123 4567"))
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        email, phone = cleaned.get("email"), cleaned.get("phone")
        method = cleaned.get("method")
        if "email" in cleaned and "phone" in cleaned and not email and not phone:
            self.add_error("email", _("Enter an email address or a phone number"))
        elif method == "email" and "email" in cleaned and not email:
            self.add_error(
                "email",
                _("Enter your email address, or choose another way to contact you"),
            )
        elif method in ("phone", "text") and "phone" in cleaned and not phone:
            self.add_error(
                "phone",
                _("Enter your phone number, or choose another way to contact you"),
            )
        return cleaned


FORMS: dict[str, type[StepForm]] = {
    steps.ABOUT.key: AboutForm,
    steps.PHQ9.key: PHQ9Form,
    steps.GAD7.key: GAD7Form,
    steps.PHYSICAL.key: PhysicalForm,
    steps.MENTAL.key: MentalForm,
    steps.SUICIDE.key: SuicideForm,
    steps.TREATMENT.key: TreatmentForm,
    steps.MEDICINES.key: MedicinesForm,
    steps.HOME.key: HomeForm,
    steps.GOALS.key: GoalsForm,
    steps.CONTACT.key: ContactForm,
    steps.DETAILS.key: DetailsForm,
}
