"""Forms of the second-factor pages and the FG review filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

__all__ = ["EnrolmentForm", "ReadReviewFilter", "TokenForm"]


class EnrolmentForm(forms.Form):
    code = forms.CharField(
        label=_("Enrolment code from your administrator"), max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Code from the authenticator app"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Enter the 6 digits the app shows.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class ReadReviewFilter(forms.Form):
    person = forms.CharField(label=_("Person (pseudonym)"), required=False)
    actor = forms.CharField(label=_("User"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
