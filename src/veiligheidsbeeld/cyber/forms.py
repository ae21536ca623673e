"""Forms of the cyber pages; they validate input, the services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import ECSIRT_TYPES, DataCategory
from .models import Action, AwarenessCampaign, CbwNotification, CrisisPlan, DataBreach, Exercise, Incident
from .services import BREACH_FIELDS, CBW_FIELDS, INCIDENT_FIELDS

__all__ = ["ActionForm", "BreachForm", "CampaignForm", "CbwForm", "ExerciseForm", "IncidentForm", "PlanForm",
           "StatusForm"]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _rows(n: int):
    return forms.Textarea(attrs={"rows": n})


class IncidentForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = list(INCIDENT_FIELDS)
        widgets = {"discovered_at": DateTimeInput(), "description": _rows(3)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = sorted({t for values in ECSIRT_TYPES.values() for t in values})
        self.fields["type"] = forms.ChoiceField(
            label=_("type (eCSIRT)"), required=False, choices=[("", "—")] + [(t, t) for t in types]
        )

    def clean(self):
        data = super().clean()
        category, type_ = data.get("category"), data.get("type")
        if category and type_ and type_ not in ECSIRT_TYPES.get(category, ()):
            self.add_error("type", _("This type is not in the eCSIRT category {}: choose one of {}.").format(
                category, ", ".join(ECSIRT_TYPES[category])))
        return data


class BreachForm(forms.ModelForm):
    data_categories = forms.MultipleChoiceField(
        label=_("data categories"), choices=DataCategory.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = DataBreach
        fields = list(BREACH_FIELDS)
        widgets = {
            "aware_at": DateTimeInput(), "ap_notified_at": DateTimeInput(), "subjects_informed_at": DateTimeInput(),
            "risk_reasoning": _rows(2), "late_reason": _rows(2), "subjects_not_informed_reason": _rows(2),
        }


class CbwForm(forms.ModelForm):
    class Meta:
        model = CbwNotification
        fields = list(CBW_FIELDS)
        widgets = {name: DateTimeInput() for name in CBW_FIELDS if name.endswith("_at")}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("new status"))
    note = forms.CharField(label=_("note"), required=False, widget=_rows(2))


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["finding", "description", "owner", "due"]
        widgets = {"due": DateInput(), "finding": _rows(2)}


class PlanForm(forms.ModelForm):
    class Meta:
        model = CrisisPlan
        fields = ["version", "status", "adopted_on", "scenarios", "escalation_criteria", "roles", "cold_phase"]
        widgets = {"adopted_on": DateInput(), "scenarios": _rows(3), "escalation_criteria": _rows(3),
                   "roles": _rows(3), "cold_phase": _rows(2)}


class ExerciseForm(forms.ModelForm):
    class Meta:
        model = Exercise
        fields = ["plan", "title", "module", "held_on", "participants", "evaluation"]
        widgets = {"held_on": DateInput(), "participants": _rows(2), "evaluation": _rows(3)}

    def __init__(self, *args, gemeente, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = CrisisPlan.objects.filter(gemeente=gemeente)


class CampaignForm(forms.ModelForm):
    class Meta:
        model = AwarenessCampaign
        fields = ["title", "target_group", "channel", "start", "end", "reach", "reach_unit", "effect_measure",
                  "effect_before", "effect_after", "measure"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args, gemeente, **kwargs):
        from veiligheidsbeeld.programmes.models import Measure

        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(gemeente=gemeente)
        self.fields["measure"].required = False
