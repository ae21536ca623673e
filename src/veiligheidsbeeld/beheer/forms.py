"""Forms of the beheer screens; choices are limited to what the beheerder manages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.core.models import OrganisationKind

from . import services

__all__ = ["AccountForm", "OrganisationForm", "RetentionForm", "TokenForm"]


class _Scoped(forms.Form):
    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["gemeenten"].queryset = services.managed_gemeenten(actor).order_by("name")


class AccountForm(_Scoped):
    username = forms.RegexField(
        label=_("Username"), max_length=150, regex=r"^[\w.@+-]+$",
        help_text=_("Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("E-mail address"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    gemeenten = forms.ModelMultipleChoiceField(
        label=_("Gemeenten"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["organisation"].queryset = services.managed_organisations(actor)


class TokenForm(_Scoped):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. the system."))
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), widget=forms.CheckboxSelectMultiple,
        help_text=_("Only the scopes the account's role may hold are offered."),
    )
    gemeenten = forms.ModelMultipleChoiceField(
        label=_("Gemeenten"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=730, initial=90)

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [(s, s) for s in services.allowed_scopes(account)]
        self.fields["gemeenten"].queryset = self.fields["gemeenten"].queryset.filter(
            pk__in=account.profile.gemeenten.values("pk")
        )


class OrganisationForm(_Scoped):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    gemeenten = forms.ModelMultipleChoiceField(
        label=_("Gemeenten"), queryset=None, widget=forms.CheckboxSelectMultiple
    )


class RetentionForm(forms.Form):
    category = forms.CharField(widget=forms.HiddenInput)
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=services.MAX_RETENTION_DAYS)
