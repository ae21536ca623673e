"""Forms of the import pages and the registrations browser."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.frameworks.models import Theme

from .importers import REGISTRY

__all__ = ["UploadForm", "BrowseForm"]

IMPORTER_LABELS = {
    "statline": _("StatLine table (OData, typed)"),
    "statline-csv": _("StatLine website CSV"),
    "bvh": _("Police incident export (BVH)"),
    "survey": _("Survey table (Veiligheidsmonitor)"),
    "table": _("Other table with a column mapping"),
    "pc4-events": _("Events by postcode (PC4, date, type)"),
}


class _Styled:
    """Widgets with the NL Design System (Utrecht) classes: selects, and text, date and file boxes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "utrecht-select")
            elif isinstance(widget, forms.widgets.Input) and widget.input_type != "checkbox":
                widget.attrs.setdefault("class", "utrecht-textbox")


class UploadForm(_Styled, forms.Form):
    importer = forms.ChoiceField(label=_("File format"))
    gemeente = forms.ModelChoiceField(queryset=None, label=_("Gemeente"))
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    mapping = forms.FileField(
        label=_("Column mapping (YAML)"), required=False, help_text=_("Only for 'other table'.")
    )
    replace = forms.BooleanField(label=_("Replaces an earlier import of this file"), required=False)
    accept_partial = forms.BooleanField(
        label=_("Accept a file that is cut off"), required=False,
        help_text=_("Import the rows of a file whose last line is incomplete or that lacks the closing line of a "
                    "StatLine download, instead of refusing it. The batch records it."),
    )

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        self.fields["importer"].choices = [
            (name, IMPORTER_LABELS.get(name, name)) for name, cls in REGISTRY.items() if cls.reads_files
        ]

    def clean_file(self):
        from django.conf import settings

        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is {size} MB, more than the limit of {limit} MB.").format(
                size=round(upload.size / 2**20, 1), limit=round(settings.UPLOAD_MAX_BYTES / 2**20, 1)))
        return upload

    def clean(self):
        data = super().clean()
        if data.get("importer") == "table" and not data.get("mapping"):
            self.add_error("mapping", _("A column mapping is needed for this format."))
        return data


class BrowseForm(_Styled, forms.Form):
    source = forms.CharField(label=_("Source system"), required=False)
    theme = forms.ModelChoiceField(queryset=Theme.objects.all(), label=_("Theme"), required=False,
                                   to_field_name="code", empty_label=_("All"))
    area = forms.CharField(label=_("Area code"), required=False, help_text=_("Buurt, wijk or gemeente code."))
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Up to and including"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))
