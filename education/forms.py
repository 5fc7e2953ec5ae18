from django import forms
from django.utils.translation import gettext_lazy as _


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
