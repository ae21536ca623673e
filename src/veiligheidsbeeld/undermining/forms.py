"""Forms of the undermining screens; they validate input, the services write."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.models import Organisation

from .barrier_templates import TEMPLATES
from .choices import (
    AdviceOutcome,
    BarrierStatus,
    BibobDecision,
    DecisionKind,
    Exploitation,
    InterventionKind,
    Recipient,
    Relation,
    SignalStatus,
    SignalTheme,
    Weighing,
)
from .models.bibob import kvk_validator
from .models.signals import sbi_validator

__all__ = [
    "BarrierForm", "BarrierLinksForm", "BibobDossierForm", "BibobStepForm", "DisclosureForm", "DossierForm",
    "EntityToSignalForm", "ImportForm", "InterventionForm", "SignalToDossierForm",
    "SignalForm", "SignalStatusForm", "StuurgroepForm", "TemplateForm",
]


class _Dated(forms.DateInput):
    input_type = "date"


class SignalForm(forms.Form):
    source = forms.CharField(label=_("Source"), max_length=120)
    received_on = forms.DateField(label=_("Received on"), widget=_Dated)
    theme = forms.ChoiceField(label=_("Theme"), choices=SignalTheme.choices)
    exploitation = forms.ChoiceField(label=_("Form of exploitation (human trafficking only)"),
                                     choices=[("", "–")] + list(Exploitation.choices), required=False)
    sbi_code = forms.CharField(label=_("SBI code"), max_length=5, required=False, validators=[sbi_validator])
    area = forms.ModelChoiceField(label=_("Buurt"), queryset=Area.objects.none(), required=False)
    address = forms.CharField(label=_("Address (shown only inside a dossier)"), max_length=300, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, gemeente=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(gemeente=gemeente, level="buurt").order_by("name")


class SignalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=SignalStatus.choices)
    weighing = forms.ChoiceField(label=_("Weighing"), choices=[("", "–")] + list(Weighing.choices), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class DossierForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=200)
    strategy = forms.CharField(label=_("Intervention strategy"), widget=forms.Textarea(attrs={"rows": 3}),
                               required=False)


class InterventionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InterventionKind.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Organisation.objects.all())
    planned_on = forms.DateField(label=_("Planned on"), widget=_Dated, required=False)


class StuurgroepForm(forms.Form):
    on = forms.DateField(label=_("Reported to the stuurgroep on"), widget=_Dated)


class ImportForm(forms.Form):
    data = forms.CharField(label=_("FollowTheMoney entities (JSON lines)"), widget=forms.Textarea(attrs={"rows": 6}))
    provenance = forms.CharField(label=_("Provenance of links without their own"), max_length=300, required=False)
    legal_basis = forms.CharField(label=_("Legal basis of links without their own"), max_length=300, required=False)


STEPS = [
    ("own", _("Own investigation done (art. 7a)")),
    ("request", _("Advice requested from the LBB")),
    ("extend", _("Advice term extended by the LBB")),
    ("receive", _("Advice received")),
    ("art32", _("Betrokkene informed (art. 32)")),
    ("zienswijze_request", _("Zienswijze requested (art. 33)")),
    ("zienswijze_receive", _("Zienswijze received")),
    ("decide", _("Decision")),
]


class BibobStepForm(forms.Form):
    step = forms.ChoiceField(label=_("Step"), choices=STEPS)
    on = forms.DateField(label=_("Date"), widget=_Dated)
    weeks = forms.IntegerField(label=_("Extension (weeks)"), min_value=1, max_value=4, required=False)
    outcome = forms.ChoiceField(label=_("Outcome of the advice"), choices=[("", "–")] + list(AdviceOutcome.choices),
                                required=False)
    decision = forms.ChoiceField(label=_("Decision"), choices=[("", "–")] + list(BibobDecision.choices),
                                 required=False)
    findings = forms.CharField(label=_("Findings of the own investigation"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))


class DisclosureForm(forms.Form):
    recipient_kind = forms.ChoiceField(label=_("Recipient (art. 28)"), choices=Recipient.choices)
    recipient = forms.CharField(label=_("Recipient"), max_length=200)
    purpose = forms.CharField(label=_("Purpose"), max_length=300)


class TemplateForm(forms.Form):
    template = forms.ChoiceField(label=_("Template"), choices=[(k, v["phenomenon"]) for k, v in TEMPLATES.items()])


class BarrierForm(forms.Form):
    step = forms.IntegerField(widget=forms.HiddenInput)
    measure = forms.CharField(label=_("Measure"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Organisation.objects.all(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=BarrierStatus.choices)


# --- issue #18 follow-up: forms to work the dossiers (create a Bibob dossier, link signals, entities, barriers) ---

class BibobDossierForm(forms.Form):
    """A new Bibob test with the art. 30 data of the betrokkene (encrypted at rest; a BSN only as its pseudonym)."""

    reference = forms.CharField(label=_("Reference"), max_length=40)
    decision_kind = forms.ChoiceField(label=_("Kind of decision"), choices=DecisionKind.choices)
    subject = forms.CharField(label=_("Application"), max_length=200,
                              help_text=_("What is applied for, e.g. a licence."))
    application_on = forms.DateField(label=_("Application received on"), widget=_Dated)
    decision_term_weeks = forms.IntegerField(label=_("Decision term (weeks)"), min_value=1, max_value=52, initial=8)
    betrokkene_name = forms.CharField(label=_("Betrokkene (name)"), max_length=200)
    betrokkene_address = forms.CharField(label=_("Postal address"), max_length=300, required=False)
    bsn = forms.CharField(label=_("BSN (stored encrypted, with its pseudonym)"), max_length=9, required=False,
                          validators=[RegexValidator(r"^\d{9}$", _("A BSN has 9 digits."))])
    kvk_number = forms.CharField(label=_("KvK number"), max_length=8, required=False, validators=[kvk_validator])
    legal_form = forms.CharField(label=_("Legal form"), max_length=60, required=False)
    trade_names = forms.CharField(label=_("Trade names"), max_length=500, required=False)
    controllers = forms.CharField(label=_("Persons with management, control or capital"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    financing = forms.CharField(label=_("Financing"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    relation = forms.ChoiceField(label=_("Relation (art. 3 lid 4)"), choices=[("", "–")] + list(Relation.choices),
                                 required=False)


class SignalToDossierForm(forms.Form):
    signal = forms.ModelChoiceField(label=_("Signal"), queryset=None)

    def __init__(self, *args, signals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signal"].queryset = signals


class EntityToSignalForm(forms.Form):
    entity = forms.ModelChoiceField(label=_("Entity"), queryset=None)
    signal = forms.ModelChoiceField(label=_("Signal"), queryset=None)

    def __init__(self, *args, entities=None, signals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = entities
        self.fields["entity"].label_from_instance = lambda e: "{} ({})".format(e.caption, e.get_schema_display())
        self.fields["signal"].queryset = signals


class BarrierLinksForm(forms.Form):
    signals = forms.ModelMultipleChoiceField(label=_("Signals"), queryset=None, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    programme_measures = forms.ModelMultipleChoiceField(label=_("Programme measures"), queryset=None,
                                                        required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, signals=None, measures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signals"].queryset = signals
        self.fields["programme_measures"].queryset = measures
