"""Small crispy-forms layout objects for the public forms (GOV.UK question pages).

The pack's field templates put hints and errors after the input and mark
required fields with an asterisk; a question page wants the question as the
label or fieldset legend, then its hint, then its error, then the input. These
objects render the project's own templates under templates/bootstrap5/kc/.

Each form class builds its FormHelper once (`class_helper`): layouts hold no
per-request state, and building one per request would be wasted work.
"""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import LayoutObject
from crispy_forms.utils import TEMPLATE_PACK, render_field
from django import forms
from django.template.loader import get_template
from django.utils.safestring import SafeString

FIELDSET = "bootstrap5/kc/fieldset.html"
CHECKBOX = "bootstrap5/kc/checkbox.html"
INPUT = "bootstrap5/kc/input.html"


def field_template(field: forms.Field) -> str:
    """Radios and checkbox lists are a fieldset; a lone checkbox sits beside
    its label; anything else has its label above."""
    if field.widget.use_fieldset:
        return FIELDSET
    if isinstance(field.widget, forms.CheckboxInput):
        return CHECKBOX
    return INPUT


class Question(LayoutObject):
    """One question: label or legend, hint, error message, input.

    With `as_heading`, the legend holds the page's only h1 (the GOV.UK "legend
    as page heading" pattern), after the `caption` from the page's context.
    """

    def __init__(
        self,
        name: str,
        field: forms.Field,
        *,
        as_heading: bool = False,
        template: str = "",
    ):
        self.fields = [name]
        self.template = template or field_template(field)
        self.as_heading = as_heading

    def render(
        self, form: forms.Form, context: Any, template_pack: Any = TEMPLATE_PACK, **_
    ) -> SafeString:
        return render_field(
            self.fields[0],
            form,
            context,
            template=self.template,
            template_pack=template_pack,
            extra_context={"as_heading": self.as_heading},
        )


class Include(LayoutObject):
    """A template rendered with the page's context (a heading, a button)."""

    def __init__(self, template: str, **extra: Any):
        self.fields: list[str] = []
        self.template = template
        self.extra = extra

    def render(
        self, form: forms.Form, context: Any, template_pack: Any = TEMPLATE_PACK, **_
    ) -> SafeString:
        with context.push(form=form, **self.extra):
            return get_template(self.template).render(context.flatten())


class class_helper:  # used like @property
    """A FormHelper built once per form class by `build(form_class)`.

    Subclasses get their own (the layout lists each class's own fields).
    """

    def __init__(self, build: Any) -> None:
        self.build = build

    def __set_name__(self, owner: type, name: str) -> None:
        self.cache = f"_{name}_for_class"

    def __get__(self, form: Any, owner: type) -> FormHelper:
        helper = owner.__dict__.get(self.cache)
        if helper is None:
            helper = self.build(owner)
            setattr(owner, self.cache, helper)
        return helper
