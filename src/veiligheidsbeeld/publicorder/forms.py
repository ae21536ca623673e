"""Forms of the public-order pages: declarative; the views hand the cleaned data to :mod:`.services`."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.areas.models import Area

from .choices import DecisionGround, DecisionKind, Step, YouthPriority
from .models import CameraDesignation, Demonstration, Event, TensionSignal, YouthGroup

__all__ = [
    "CameraForm", "CameraPeriodForm", "ClassifyEventForm", "DecisionForm", "DemonstrationForm", "EvaluationForm",
    "EventDecisionForm", "EventForm", "MemberForm", "NameListAccessForm", "PriorityForm", "PurposeForm",
    "SignalForm", "StepForm", "YouthGroupForm",
]

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GeoJSONField(forms.JSONField):
    """A GeoJSON geometry (Point, LineString or Polygon), e.g. drawn on a map or pasted."""

    def __init__(self, *args, types=("Point", "LineString", "Polygon", "MultiPolygon"), **kwargs):
        self.types = types
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value in (None, ""):
            return
        if not isinstance(value, dict) or value.get("type") not in self.types or "coordinates" not in value:
            raise forms.ValidationError(
                _("Give a GeoJSON geometry of type {}.").format(", ".join(self.types))
            )


class _GemeenteForm(forms.ModelForm):
    def __init__(self, *args, gemeente=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("wijk", "home_wijk"):
            if name in self.fields:
                self.fields[name].queryset = Area.objects.filter(gemeente=gemeente, level="wijk").order_by("code")
        if "seen_in" in self.fields:
            self.fields["seen_in"].queryset = Area.objects.filter(gemeente=gemeente, level="wijk").order_by("code")


class DemonstrationForm(_GemeenteForm):
    route = GeoJSONField(label=_("place or route (GeoJSON)"), required=False)

    class Meta:
        model = Demonstration
        fields = ["kind", "received_at", "organiser_name", "organiser_contact", "leader_name", "starts_at", "ends_at",
                  "place", "wijk", "route", "expected_participants", "organiser_measures"]
        widgets = {"received_at": DATETIME, "starts_at": DATETIME, "ends_at": DATETIME,
                   "organiser_name": forms.TextInput, "organiser_contact": forms.TextInput,
                   "leader_name": forms.TextInput, "organiser_measures": forms.Textarea(attrs={"rows": 3})}


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=DecisionKind.choices)
    ground = forms.ChoiceField(label=_("ground"), choices=[("", "–")] + list(DecisionGround.choices), required=False)
    content = forms.CharField(label=_("what was decided"), widget=forms.Textarea(attrs={"rows": 3}))
    made_known_at = forms.DateTimeField(label=_("made known at"), required=False, widget=DATETIME)


class EvaluationForm(forms.Form):
    incidents = forms.IntegerField(label=_("incidents"), min_value=0)
    incident_notes = forms.CharField(label=_("incidents (description)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evaluation = forms.CharField(label=_("evaluation"), widget=forms.Textarea(attrs={"rows": 3}))


class EventForm(_GemeenteForm):
    class Meta:
        model = Event
        fields = ["name", "kind", "organiser", "received_on", "starts_at", "ends_at", "location", "wijk", "visitors",
                  "activity_profile", "audience_profile", "spatial_profile", "organisation_profile"]
        widgets = {"received_on": DATE, "starts_at": DATETIME, "ends_at": DATETIME,
                   **{f: forms.Textarea(attrs={"rows": 2}) for f in ("activity_profile", "audience_profile",
                                                                      "spatial_profile", "organisation_profile")}}


class ClassifyEventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["risk_class", "advice_police", "advice_fire", "advice_ghor", "safety_plan_received_on"]
        widgets = {"safety_plan_received_on": DATE,
                   **{f: forms.Textarea(attrs={"rows": 2}) for f in ("advice_police", "advice_fire", "advice_ghor")}}


class EventDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("decision"), choices=[
        ("granted", _("Granted")), ("refused", _("Refused")), ("acknowledged", _("Notification accepted"))])
    decided_on = forms.DateField(label=_("decided on"), widget=DATE)


class EventEvaluationForm(forms.Form):
    incidents = forms.IntegerField(label=_("incidents"), min_value=0)
    evaluation = forms.CharField(label=_("evaluation"), widget=forms.Textarea(attrs={"rows": 3}))


class CameraForm(_GemeenteForm):
    area = GeoJSONField(label=_("area (GeoJSON polygon)"), types=("Polygon", "MultiPolygon"))

    class Meta:
        model = CameraDesignation
        fields = ["title", "mode", "decided_on", "valid_from", "valid_until", "wijk", "area", "reason"]
        widgets = {"decided_on": DATE, "valid_from": DATE, "valid_until": DATE,
                   "reason": forms.Textarea(attrs={"rows": 2})}


class CameraPeriodForm(forms.Form):
    designation = forms.IntegerField(widget=forms.HiddenInput)
    starts_at = forms.DateTimeField(label=_("starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("ends at"), widget=DATETIME)
    ovj_consulted_on = forms.DateField(label=_("officier van justitie consulted on"), widget=DATE)
    note = forms.CharField(label=_("note"), required=False, max_length=300)


class CameraEvaluationForm(forms.Form):
    designation = forms.IntegerField(widget=forms.HiddenInput)
    evaluation = forms.CharField(label=_("evaluation"), widget=forms.Textarea(attrs={"rows": 2}))


class SignalForm(_GemeenteForm):
    class Meta:
        model = TensionSignal
        fields = ["received_on", "source_type", "source_pseudonym", "wijk", "theme", "phase", "urgency", "summary",
                  "interpretation", "follow_up"]
        widgets = {"received_on": DATE, **{f: forms.Textarea(attrs={"rows": 2})
                                           for f in ("summary", "interpretation", "follow_up")}}


class YouthGroupForm(_GemeenteForm):
    class Meta:
        model = YouthGroup
        fields = ["name", "home_wijk", "seen_in", "first_signal_on", "signals", "size"]
        widgets = {"first_signal_on": DATE, "signals": forms.Textarea(attrs={"rows": 2}),
                   "seen_in": forms.CheckboxSelectMultiple}


class DuidingForm(_GemeenteForm):
    age_bands = forms.JSONField(label=_("members per age band"), required=False,
                                widget=forms.TextInput, help_text=_("e.g. {\"12-15\": 4, \"16-17\": 6}"))

    class Meta:
        model = YouthGroup
        fields = ["signals", "severity", "risks", "development", "impact", "group_scan_reference", "plan",
                  "monitoring", "next_review_on", "size", "age_bands", "seen_in"]
        widgets = {"next_review_on": DATE, "seen_in": forms.CheckboxSelectMultiple,
                   **{f: forms.Textarea(attrs={"rows": 2}) for f in ("signals", "severity", "risks", "development",
                                                                      "impact", "plan", "monitoring")}}

    def clean_age_bands(self):
        value = self.cleaned_data.get("age_bands") or {}
        if isinstance(value, str):
            value = json.loads(value)
        if not isinstance(value, dict) or not all(isinstance(v, int) and v >= 0 for v in value.values()):
            raise forms.ValidationError(_("Give counts per age band, e.g. {\"12-15\": 4}."))
        return value


class StepForm(forms.Form):
    step = forms.ChoiceField(label=_("next step"), choices=Step.choices)
    note = forms.CharField(label=_("note"), required=False, max_length=500)

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(v, label) for v, label in Step.choices if v in allowed]


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(label=_("priority (driehoek)"), choices=YouthPriority.choices, required=False)
    set_on = forms.DateField(label=_("set on"), widget=DATE)


class NameListAccessForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("organisation"), queryset=None)
    legal_basis = forms.CharField(label=_("legal basis"), max_length=300)

    def __init__(self, *args, gemeente=None, **kwargs):
        super().__init__(*args, **kwargs)
        from veiligheidsbeeld.core.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.filter(gemeenten=gemeente)


class PurposeForm(forms.Form):
    purpose = forms.CharField(label=_("purpose of this read"), max_length=200,
                              help_text=_("Recorded in the audit log, e.g. \"preparing the driehoek of 8 December\"."))


class MemberForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    birth_year = forms.IntegerField(label=_("year of birth"), required=False, min_value=1950, max_value=2030)
    role_in_group = forms.CharField(label=_("role in the group"), required=False, max_length=100)


class OperationForm(forms.ModelForm):
    class Meta:
        from .models import Operation

        model = Operation
        fields = ["name", "kind", "starts_on", "ends_on", "measures", "themes"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "measures": forms.Textarea(attrs={"rows": 3}),
                   "themes": forms.CheckboxSelectMultiple}

    def __init__(self, *args, gemeente=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = self.fields["themes"].queryset.order_by("code")


class OperationAreaForm(_GemeenteForm):
    geometry = GeoJSONField(label=_("area (GeoJSON)"), required=False, types=("Polygon", "MultiPolygon"))

    class Meta:
        from .models import OperationArea

        model = OperationArea
        fields = ["name", "kind", "wijk", "streets", "geometry"]
        widgets = {"streets": forms.Textarea(attrs={"rows": 2})}


class OperationEvaluationForm(forms.Form):
    evaluation = forms.CharField(label=_("evaluation"), widget=forms.Textarea(attrs={"rows": 3}))
