"""Forms of the beheer screens; choices are limited to what the beheerder manages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.core.models import OrganisationKind

from . import services

__all__ = ["AccountForm", "AreaUploadForm", "OrganisationForm", "RetentionForm", "TokenForm"]


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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files (an ``<input type="file" multiple>``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data] or single(None, initial)
        return [single(data, initial)]


class AreaUploadForm(forms.Form):
    """CBS area files for one of the beheerder's gemeenten (the files of ``gemeente setup``)."""

    gemeente = forms.ChoiceField(label=_("Gemeente"))
    files = MultipleFileField(
        label=_("CBS files"),
        help_text=_("The region file (e.g. 47018NED_WijkenEnBuurten.csv with its 47018NED_DataProperties.csv), "
                    "population (KWB), boundaries (GeoJSON, zipped shapefile or CSV with WKT) and postcode files. "
                    "Choose several files at once; they are recognised by their content."),
    )
    year = forms.IntegerField(
        label=_("Indeling year (optional)"), required=False, min_value=2000, max_value=2100,
        help_text=_("Only when the region file's metadata is not uploaded with it."),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [
            (g.code, "{} ({})".format(g.name, g.code)) for g in services.managed_gemeenten(actor).order_by("name")
        ]

    def clean_files(self):
        from django.conf import settings

        files = self.cleaned_data["files"]
        total = sum(f.size for f in files)
        if total > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The files are %(size)s MB together; the limit is %(limit)s MB."),
                params={"size": round(total / 2**20, 1), "limit": round(settings.UPLOAD_MAX_BYTES / 2**20, 1)},
            )
        if len(files) > services.MAX_AREA_FILES:
            raise forms.ValidationError(_("Upload at most %(max)d files at once."), params={"max": services.MAX_AREA_FILES})
        return files
