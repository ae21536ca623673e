"""Forms of the programme pages; they validate input, the services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.areas.models import Area, AreaGroup, AreaLevel
from veiligheidsbeeld.core.models import Organisation

from .choices import FundingSource
from .models import Measure
from .services import MEASURE_FIELDS

__all__ = ["BudgetForm", "EstimateForm", "MeasureForm", "StatusForm"]


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = [*MEASURE_FIELDS, "partners"]
        widgets = {"start": forms.DateInput(attrs={"type": "date"}), "end": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, gemeente, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(gemeenten=gemeente)
        self.fields["owner"].queryset = organisations
        self.fields["partners"].queryset = organisations
        self.fields["partners"].required = False
        self.fields["area_group"].queryset = AreaGroup.objects.filter(gemeente=gemeente)
        self.fields["wijk"].queryset = Area.objects.current(gemeente).filter(level=AreaLevel.WIJK)
        self.fields["priority_code"] = forms.ChoiceField(
            label=_("priority"), required=False, choices=[("", "—")] + [(p["code"], p["title"]) for p in priorities]
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("new status"))
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    source = forms.ChoiceField(label=_("funding source"), choices=FundingSource.choices)
    planned = forms.DecimalField(label=_("planned (EUR)"), min_value=0, max_digits=12, decimal_places=2)
    spent = forms.DecimalField(label=_("spent (EUR)"), min_value=0, max_digits=12, decimal_places=2)


class EstimateForm(forms.Form):
    cost_per_person_per_year = forms.DecimalField(
        label=_("cost per person per year (EUR)"), min_value=0, initial=15000, max_digits=12, decimal_places=2
    )
    years = forms.IntegerField(label=_("years"), min_value=1, max_value=20, initial=4)
    low = forms.IntegerField(label=_("group size, low scenario"), min_value=1, initial=15)
    middle = forms.IntegerField(label=_("group size, middle scenario"), min_value=1, initial=25)
    high = forms.IntegerField(label=_("group size, high scenario"), min_value=1, initial=40)
