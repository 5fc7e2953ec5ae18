"""Small crispy-forms layout objects for the public forms (GOV.UK question pages).

The pack's field templates put hints and errors after the input and mark
required fields with an asterisk; a question page wants the question as the
label or fieldset legend, then its hint, then its error, then the input. These
objects render the project's own templates under templates/bootstrap5/kc/.

Each form class builds its FormHelper once (`class_helper`): layouts hold no
per-request state, and building one per request would be wasted work.

A multiple-choice question of an unbound form (a page shown, not a page sent
back with errors) is a pure function of its form class, its field, the option
it shows as chosen and the language: `Question` keeps the last few thousand such
fragments, so a question page renders each of its ten questions once per worker
and not once per view. Typed answers (names, emails, free text) are never kept.
Form fields are class attributes here, never changed per request; a form that
changed them could not use `Question`'s memo (it would show stale options).
"""

from __future__ import annotations

import html
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import LayoutObject
from crispy_forms.utils import TEMPLATE_PACK
from django import forms
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

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


def _escape(value: Any) -> str:
    # Django's conditional_escape, without its lazy-argument checks (it is
    # called a dozen times per option).
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def _option(data: dict[str, Any]) -> str:
    attrs = "".join(
        f" {name}" if value is True else f' {name}="{_escape(value)}"'
        for name, value in data["attrs"].items()
        if value is not False
    )
    option_id = _escape(data["attrs"]["id"])
    hint = (
        f'<div class="kc-hint kc-option__hint" id="{option_id}_hint">'
        f"{_escape(data['hint'])}</div>"
        if data.get("hint")
        else ""
    )
    return (
        f'<div class="form-check kc-option"><input type="{_escape(data["type"])}" '
        f'name="{_escape(data["name"])}" value="{_escape(data["value"])}"{attrs}>'
        f'<label class="form-check-label" for="{option_id}">'
        f"{_escape(data['label'])}</label>{hint}</div>"
    )


def choice_options(field: forms.BoundField) -> SafeString:
    """A radio or checkbox question's options, written in Python.

    The same markup as Django's option templates, which render one template
    per option: forty of them were most of the cost of the PHQ-9 page.
    """
    return mark_safe("".join(_option(option.data) for option in field))  # noqa: S308 - every value escaped above


class FragmentMemo:
    """A bounded, thread-safe memo of rendered fragments (least recently used
    out first). Per process, like Django's compiled-template cache: it holds
    markup, never data about anyone."""

    every: list[FragmentMemo] = []

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self.items: OrderedDict[Hashable, SafeString] = OrderedDict()
        self.lock = threading.Lock()
        FragmentMemo.every.append(self)

    def get(self, key: Hashable, render: Callable[[], SafeString]) -> SafeString:
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
                return found
        fragment = render()
        with self.lock:
            self.items[key] = fragment
            if len(self.items) > self.size:
                self.items.popitem(last=False)
        return fragment

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


QUESTIONS = FragmentMemo()


@receiver(setting_changed)
def _forget_fragments(**_: Any) -> None:
    # A settings override (in tests) may change what a page says.
    for memo in FragmentMemo.every:
        memo.clear()


def frozen(value: Any) -> Hashable:
    """A memo key for a value shown on a page: dicts and lists become sorted or
    ordered tuples, anything else its type and text (True and 1 differ)."""
    if isinstance(value, dict):
        return tuple(sorted((str(k), frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(frozen(item) for item in value)
    return (type(value).__name__, str(value))


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
        # The field template gets what it uses, not a copy of the whole page
        # context (crispy's render_field flattens it for every field).
        name = self.fields[0]
        form.rendered_fields.add(name)  # crispy's record of what the layout drew
        field = form[name]
        caption = context.get("caption", "")

        def render() -> SafeString:
            return get_template(self.template).render(
                {
                    "field": field,
                    "as_heading": self.as_heading,
                    "caption": caption,
                    "options": (
                        choice_options(field) if self.template == FIELDSET else ""
                    ),
                }
            )

        if form.is_bound or self.template == INPUT:
            # Sent back (its errors and values are this request's), or typed in:
            # a typed answer (a name, an email, hopes) is the person's own and
            # is never kept in memory beyond this request.
            return render()
        key = (
            type(form),
            form.prefix,
            name,
            self.template,
            self.as_heading,
            str(caption),
            get_language(),
            field.auto_id,
            frozen(field.value()),
        )
        return QUESTIONS.get(key, render)


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
