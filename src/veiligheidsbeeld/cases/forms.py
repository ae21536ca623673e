"""Forms of the case pages; they only validate input, the services apply the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.models import Organisation

from .choices import (
    INSTRUMENTS, PROTECTIVE_FACTORS, RISK_FACTORS, CaseType, Category, Confidentiality, Escalation, Instrument,
    InterventionKind, MeetingKind, NotInformedReason, PersonRole,
)


class CaseForm(forms.Form):
    case_type = forms.ChoiceField(label=_("Type"), choices=CaseType.choices)
    reporter = forms.ModelChoiceField(label=_("Reported by"), queryset=Organisation.objects.none())
    wijk = forms.ModelChoiceField(label=_("Wijk (for figures only)"), queryset=None, required=False)
    criterion_multiproblem = forms.BooleanField(
        label=_("1. Multiple problems on more than one life domain, leading to criminal or nuisance behaviour"),
        required=False)
    criterion_chains = forms.BooleanField(label=_("2. Cooperation across chains needed (drang and dwang)"),
                                          required=False)
    criterion_system = forms.BooleanField(label=_("3. Impact on the family system or surroundings"), required=False)
    criterion_area = forms.BooleanField(label=_("4. Serious local, area-bound safety problem"), required=False)
    reason = forms.CharField(label=_("Reason for registration"), widget=forms.Textarea(attrs={"rows": 3}))
    goal = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), choices=Confidentiality.choices,
                                        initial=Confidentiality.VERTROUWELIJK)
    risk_factors = forms.MultipleChoiceField(label=_("Risk factors"), choices=RISK_FACTORS, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    protective_factors = forms.MultipleChoiceField(label=_("Protective factors"), choices=PROTECTIVE_FACTORS,
                                                   required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, gemeente, **kwargs):
        from veiligheidsbeeld.areas.models import Area, AreaLevel

        super().__init__(*args, **kwargs)
        self.fields["reporter"].queryset = Organisation.objects.filter(gemeenten=gemeente)
        self.fields["wijk"].queryset = Area.objects.filter(gemeente=gemeente, level=AreaLevel.WIJK).order_by("code")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices


class EscalationForm(forms.Form):
    """An escalation decision: the level (the current one again: decided not to escalate) and the reason."""

    escalation = forms.ChoiceField(label=_("Escalation level"), choices=Escalation.choices)
    note = forms.CharField(label=_("Reason of the decision"), max_length=500)


class InboxAnswerForm(forms.Form):
    """A partner's answer to a known-check: known yes/no and the organisation to contact. Never content."""

    check = forms.IntegerField(widget=forms.HiddenInput)
    known = forms.TypedChoiceField(label=_("Known"), choices=[("1", _("yes")), ("0", _("no"))],
                                   coerce=lambda v: v == "1")
    contact = forms.ModelChoiceField(label=_("Contact organisation (when known)"), required=False,
                                     queryset=Organisation.objects.none())

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = organisations


class PersonForm(forms.Form):
    bsn = forms.CharField(label=_("BSN"), max_length=11)
    name = forms.CharField(label=_("Name"), max_length=200)
    birth_date = forms.DateField(label=_("Date of birth"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    address = forms.CharField(label=_("Home address"), required=False, max_length=300)
    role = forms.ChoiceField(label=_("Role"), choices=PersonRole.choices)
    informed = forms.BooleanField(label=_("Informed"), required=False)
    not_informed_reason = forms.ChoiceField(label=_("Reason not informed"), choices=NotInformedReason.choices,
                                            required=False)


def _organisations(gemeente):
    return Organisation.objects.filter(gemeenten=gemeente)


class ParticipationForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Partner organisation"), queryset=Organisation.objects.none())
    categories = forms.MultipleChoiceField(label=_("Data categories"), choices=Category.choices,
                                           widget=forms.CheckboxSelectMultiple)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, gemeente, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations(gemeente)


class KnownCheckForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person concerned"), queryset=None)
    organisation = forms.ModelChoiceField(label=_("Ask organisation"), queryset=Organisation.objects.none())

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = case.persons.all()
        self.fields["person"].label_from_instance = lambda p: "{} ({})".format(p.name, p.get_role_display())
        self.fields["organisation"].queryset = _organisations(case.gemeente)


class AnswerForm(forms.Form):
    check = forms.IntegerField(widget=forms.HiddenInput)
    known = forms.TypedChoiceField(label=_("Known"), choices=[("1", _("yes")), ("0", _("no"))], coerce=lambda v: v == "1")


class EnrichForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person concerned"), queryset=None)
    source = forms.ModelChoiceField(label=_("Source organisation"), queryset=Organisation.objects.none())
    category = forms.ChoiceField(label=_("Data category"), choices=Category.choices)
    content = forms.CharField(label=_("Information"), widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = case.persons.all()
        self.fields["person"].label_from_instance = lambda p: "{} ({})".format(p.name, p.get_role_display())
        self.fields["source"].queryset = _organisations(case.gemeente)


class MeasurementForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person concerned"), queryset=None)
    instrument = forms.ChoiceField(label=_("Instrument"), choices=Instrument.choices)
    measured_on = forms.DateField(label=_("Measured on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, case, instrument=Instrument.ZRM, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = case.persons.all()
        self.fields["person"].label_from_instance = lambda p: "{} ({})".format(p.name, p.get_role_display())
        self.domains = INSTRUMENTS[instrument]["domains"]
        for i, domain in enumerate(self.domains):
            self.fields["score_{}".format(i)] = forms.TypedChoiceField(
                label=domain, required=False, coerce=int, empty_value=None,
                choices=[("", "–")] + [(str(v), str(v)) for v in range(1, 6)],
            )

    def scores(self) -> dict:
        return {d: self.cleaned_data["score_{}".format(i)] for i, d in enumerate(self.domains)
                if self.cleaned_data.get("score_{}".format(i)) is not None}


class InterventionForm(forms.Form):
    domain = forms.CharField(label=_("Life domain"), max_length=60)
    goal = forms.CharField(label=_("Goal"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=InterventionKind.choices)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Organisation.objects.none())
    due = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, gemeente, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _organisations(gemeente)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    participants = forms.ModelMultipleChoiceField(label=_("Participating organisations"),
                                                  queryset=Organisation.objects.none(), required=False,
                                                  widget=forms.CheckboxSelectMultiple)
    decisions = forms.CharField(label=_("Decisions"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    actions = forms.CharField(label=_("Actions"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    ad_hoc_name = forms.CharField(label=_("Ad-hoc participant (name)"), required=False, max_length=200)
    ad_hoc_organisation = forms.CharField(label=_("Ad-hoc participant (organisation)"), required=False,
                                          max_length=200)
    ad_hoc_declaration = forms.BooleanField(label=_("The ad-hoc participant signed the confidentiality declaration"),
                                            required=False)

    def __init__(self, *args, gemeente, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = _organisations(gemeente)


class DisclosureForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person concerned"), queryset=None)
    to_organisation = forms.ModelChoiceField(label=_("To"), queryset=Organisation.objects.none())
    category = forms.ChoiceField(label=_("Data category"), choices=Category.choices)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = case.persons.all()
        self.fields["person"].label_from_instance = lambda p: "{} ({})".format(p.name, p.get_role_display())
        self.fields["to_organisation"].queryset = _organisations(case.gemeente)


class InzageForm(forms.Form):
    bsn = forms.CharField(label=_("BSN of the data subject"), max_length=11,
                          widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))


class _DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class WvggzReportForm(forms.Form):
    received_at = forms.DateTimeField(label=_("Report received at"), widget=_DateTimeInput)


class WvggzUpdateForm(forms.Form):
    report = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    explored_at = forms.DateTimeField(label=_("Exploratory investigation done at"), required=False,
                                      widget=_DateTimeInput)
    crisis_started_at = forms.DateTimeField(label=_("Crisis measure started at"), required=False,
                                            widget=_DateTimeInput)
    crisis_extended_at = forms.DateTimeField(label=_("Continuation granted at"), required=False,
                                             widget=_DateTimeInput)
    crisis_ended_at = forms.DateTimeField(label=_("Crisis measure ended at"), required=False, widget=_DateTimeInput)

    def __init__(self, *args, **kwargs):
        from .models import WvggzOutcome

        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", "–")] + list(WvggzOutcome.choices)


class TopXCriteriaForm(forms.Form):
    rules = forms.CharField(label=_("Selection rules (one per line)"), widget=forms.Textarea(attrs={"rows": 4}))
    peildatum = forms.DateField(label=_("Reference date"), widget=forms.DateInput(attrs={"type": "date"}))
    review_months = forms.IntegerField(label=_("Review every (months)"), min_value=1, max_value=24, initial=6)


class TopXInflowForm(forms.Form):
    case = forms.ModelChoiceField(label=_("Case"), queryset=None)
    reason = forms.CharField(label=_("Inflow reason"), max_length=300)

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases


class TopXReviewForm(forms.Form):
    placement = forms.IntegerField(widget=forms.HiddenInput)
    stays = forms.TypedChoiceField(label=_("Outcome of the review"), coerce=lambda v: v == "1",
                                   choices=[("1", _("stays on the list")), ("0", _("flows out"))])
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
