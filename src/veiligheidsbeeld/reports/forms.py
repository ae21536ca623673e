"""The form that generates a report of a gemeente's newest analysis run."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReportFormat

__all__ = ["GenerateReportForm"]


class GenerateReportForm(forms.Form):
    """Gemeente (one of ``gemeenten``, the ones the user may generate reports for) and format."""

    gemeente = forms.ChoiceField(label=_("Gemeente"))
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices, initial=ReportFormat.PDF)

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.gemeenten = {g.code: g for g in gemeenten}
        self.fields["gemeente"].choices = [(g.code, g.name) for g in gemeenten]

    def clean_gemeente(self):
        return self.gemeenten[self.cleaned_data["gemeente"]]
