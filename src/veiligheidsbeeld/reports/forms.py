"""The form that asks for a report of a gemeente's newest analysis run: format, period, wijken and audience."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.analyses.models import AnalysisRun
from veiligheidsbeeld.areas.models import Area, AreaLevel

from .models import Audience, ReportFormat

__all__ = ["GenerateReportForm", "complete_years"]


def complete_years(run: AnalysisRun) -> list[int]:
    """The calendar years whose twelve months all lie in ``run`` (the periods a report of it can cover)."""
    first = run.first_month.year + (run.first_month.month > 1)
    return list(range(first, run.last_month.year + 1 if run.last_month.month == 12 else run.last_month.year))


class GenerateReportForm(forms.Form):
    """Gemeente (one of ``gemeenten``, the ones the user may generate reports for), format and the options of
    issue 20: ``period`` (empty: the newest twelve months of the run; or a complete calendar year), ``wijken``
    (empty: all) and ``audience`` (``intern`` only where the user may see small counts, ``small_counts``)."""

    gemeente = forms.ChoiceField(label=_("Gemeente"))
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices, initial=ReportFormat.PDF)
    period = forms.TypedChoiceField(label=_("Period"), required=False, coerce=int, empty_value=None,
                                    help_text=_("A calendar year the analysis run covers completely."))
    wijken = forms.MultipleChoiceField(label=_("Wijken"), required=False, widget=forms.CheckboxSelectMultiple,
                                       help_text=_("The wijk profiles to include; none ticked: all wijken. "
                                                   "Totals are always those of the whole gemeente."))
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices, initial=Audience.RAAD,
                                 widget=forms.RadioSelect, required=False)

    def __init__(self, *args, gemeenten, runs=None, small_counts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.gemeenten = {g.code: g for g in gemeenten}
        self.runs = dict(runs or {})  # gemeente code -> newest finished run (or None)
        self.small_counts = {g.code for g in small_counts}
        self.fields["gemeente"].choices = [(g.code, g.name) for g in gemeenten]
        years = sorted({y for run in self.runs.values() if run for y in complete_years(run)}, reverse=True)
        self.fields["period"].choices = [("", _("The newest twelve months"))] + [(y, str(y)) for y in years]
        several = len(gemeenten) > 1
        wijken = Area.objects.filter(
            level=AreaLevel.WIJK, gemeente__in=[g for g in gemeenten if self.runs.get(g.code)],
        ).select_related("gemeente").order_by("gemeente__name", "name")
        self.fields["wijken"].choices = [
            (w.code, "{} – {}".format(w.gemeente.name, w.name) if several else w.name)
            for w in wijken if w.year == self.runs[w.gemeente.code].area_year
        ]
        if not self.small_counts:
            self.fields["audience"].choices = [c for c in Audience.choices if c[0] == Audience.RAAD]

    def clean_gemeente(self):
        return self.gemeenten[self.cleaned_data["gemeente"]]

    def clean_audience(self):
        return self.cleaned_data.get("audience") or Audience.RAAD

    def clean(self):
        data = super().clean()
        gemeente = data.get("gemeente")
        if gemeente is None:
            return data
        run = self.runs.get(gemeente.code)
        if data.get("period") and run and data["period"] not in complete_years(run):
            self.add_error("period", _("The newest analysis run of {name} does not cover {year} completely.").format(
                name=gemeente.name, year=data["period"]))
        prefix = "WK" + gemeente.code[2:]
        if any(not code.startswith(prefix) for code in data.get("wijken") or ()):
            self.add_error("wijken", _("Choose wijken of {name} only.").format(name=gemeente.name))
        if data.get("audience") == Audience.INTERN and gemeente.code not in self.small_counts:
            self.add_error("audience", _("Your role may not see small counts: choose the raad audience."))
        return data
