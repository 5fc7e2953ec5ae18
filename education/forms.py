from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from education.search import MAX_QUERY_LENGTH
from ketacare.layout import Question, class_helper


def _search_helper(form_class: type[forms.Form]) -> FormHelper:
    helper = FormHelper()
    helper.form_method = "get"
    helper.form_action = "education:faq"
    helper.form_class = "faq-search"
    helper.attrs = {"role": "search"}
    helper.form_show_errors = False  # shown beside the box; there is only one
    helper.include_media = False
    query = form_class.base_fields["q"]
    helper.layout = Layout(Question("q", query, template=SEARCH_TEMPLATE))
    return helper


SEARCH_TEMPLATE = "bootstrap5/kc/search.html"


class SearchForm(forms.Form):
    """The FAQ search box (home, FAQ and results pages). The view searches for
    the normalised text whatever is typed; the form shows what was searched."""

    q = forms.CharField(
        label=_("Search the questions and topic pages"),
        help_text=_("For example: side effects, maintenance, insurance, driving."),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput(attrs={"class": "form-control"}),
        error_messages={
            "max_length": _("Search for %(limit_value)d characters or fewer"),
        },
    )
    helper = class_helper(_search_helper)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "faq-%s")
        super().__init__(*args, **kwargs)


class SignoffForm(forms.Form):
    """A clinician's sign-off of the version shown beside the form."""

    reviewer_name = forms.CharField(
        label=_("Your name, as the public page will show it"),
        max_length=120,
        help_text=_("For example: Dr Jane Doe."),
        widget=forms.TextInput(attrs={"class": "vTextField", "autocomplete": "name"}),
    )
    reviewer_credentials = forms.CharField(
        label=_("Your credentials"),
        max_length=160,
        help_text=_("For example: MD, board-certified psychiatrist."),
        widget=forms.TextInput(
            attrs={"class": "vTextField", "autocomplete": "honorific-suffix"}
        ),
    )
    fingerprint = forms.RegexField(
        regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput, max_length=64
    )
    confirm = forms.BooleanField(
        label=_(
            "I have read this version in full and it is accurate and suitable "
            "for this clinic's patients."
        ),
    )
