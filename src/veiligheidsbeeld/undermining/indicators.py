"""Ondermijning in the veiligheidsbeeld (issue 18, :mod:`veiligheidsbeeld.core.module_indicators`): the signals,
Bibob tests and interventions of a calendar year. The module's own page (:mod:`.overview`) shows the last 24
months; this is the same kind of count per year, for the priority page, the report and the open data.

Person-free counts only (no addresses, no names): nothing to audit.
"""

from __future__ import annotations

from collections import Counter

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core import module_indicators as mi
from veiligheidsbeeld.core.disclosure import DisclosurePolicy

from .bibob_clock import ADVICE_WEEKS, MAX_EXTENSION_WEEKS
from .choices import BarrierStatus, BibobDecision, InterventionKind, SignalTheme
from .models import Barrier, BibobDossier, Intervention, Signal
from .models.signals import sbi_section

__all__ = ["PRIORITY", "module_indicators", "year_figures"]

PRIORITY = "ondermijning"


def year_figures(gemeente, year: int) -> dict:
    """The raw counts of ``year``: signals per theme, sector (SBI section) and wijk, Bibob tests (application in
    the year), advice lead times (advice received in the year, days from request), Bibob decisions per kind
    (decided in the year), interventions done per kind, and the barriers of the gemeente's barrier models per
    status (as they stand)."""
    from .overview import _wijk_of

    signals = Signal.objects.filter(gemeente=gemeente, received_on__year=year)
    themes = Counter(signals.values_list("theme", flat=True))
    sectors = Counter(sbi_section(code) or "?" for code in signals.values_list("sbi_code", flat=True))
    wijken = Counter()
    for signal in signals.select_related("area__parent"):
        wijk = _wijk_of(signal.area)
        wijken[wijk.name if wijk else str(_("not in a wijk"))] += 1
    decisions = Counter(BibobDossier.objects.filter(gemeente=gemeente, decided_on__year=year)
                        .exclude(decision="").values_list("decision", flat=True))
    barriers = Counter(Barrier.objects.filter(gemeente=gemeente).values_list("status", flat=True))
    tests = BibobDossier.objects.filter(gemeente=gemeente, application_on__year=year).count()
    lead = [(received - requested).days for requested, received in BibobDossier.objects.filter(
        gemeente=gemeente, advice_received_on__year=year, advice_requested_on__isnull=False
    ).values_list("advice_requested_on", "advice_received_on")]
    kinds = Counter(Intervention.objects.filter(gemeente=gemeente, done_on__year=year).values_list("kind", flat=True))
    return {
        "signals": [(label, themes.get(value, 0)) for value, label in SignalTheme.choices],
        "bibob_tests": tests,
        "advice_days": lead,
        "interventions": [(label, kinds.get(value, 0)) for value, label in InterventionKind.choices],
        "sectors": sorted(sectors.items()),
        "wijken": sorted(wijken.items()),
        "decisions": [(label, decisions.get(value, 0)) for value, label in BibobDecision.choices],
        "barriers": [(label, barriers.get(value, 0)) for value, label in BarrierStatus.choices],
    }


def module_indicators(gemeente, year: int, policy: DisclosurePolicy | None) -> list[mi.Indicator]:
    figures = year_figures(gemeente, year)
    signals = figures["signals"]
    interventions = figures["interventions"]
    s_value, s_status = mi.count(sum(n for _label, n in signals), policy)
    t_value, t_status = mi.count(figures["bibob_tests"], policy)
    d_value, d_status = mi.median(figures["advice_days"], policy)
    i_value, i_status = mi.count(sum(n for _label, n in interventions), policy)

    def per(key, label, pairs, breakdown, note):
        value, status = mi.count(sum(n for _label, n in pairs), policy)
        return mi.Indicator(key, label, value, "aantal", PRIORITY, status, mi.breakdown(pairs, policy), breakdown,
                            note)

    return [
        mi.Indicator("undermining.signals", _("Undermining signals received"), s_value, "aantal", PRIORITY,
                     s_status, mi.breakdown(signals, policy), _("per theme"),
                     _("Signals of undermining registered by the gemeente and its RIEC partners, by date of "
                       "receipt.")),
        mi.Indicator("undermining.bibob_tests", _("Bibob tests started"), t_value, "aantal", PRIORITY, t_status,
                     note=_("Bibob dossiers whose application was received in the year.")),
        mi.Indicator("undermining.bibob_advice_days", _("Median days to the LBB advice"), d_value, "dagen",
                     PRIORITY, d_status,
                     note=format_lazy(_("Days from the request to the advice of the Landelijk Bureau Bibob, for "
                                        "advice received in the year (legal term {term} weeks, at most {extra} "
                                        "more)."), term=ADVICE_WEEKS, extra=MAX_EXTENSION_WEEKS)),
        mi.Indicator("undermining.interventions", _("Interventions completed"), i_value, "aantal", PRIORITY,
                     i_status, mi.breakdown(interventions, policy), _("per kind"),
                     _("Administrative, criminal-law and fiscal interventions of the integrated approach done in "
                       "the year.")),
        per("undermining.signals_by_sector", _("Undermining signals per sector"), figures["sectors"],
            _("per SBI section"), _("Signals received in the year by the SBI section of the business concerned "
                                    "(? where no SBI code was recorded).")),
        per("undermining.signals_by_wijk", _("Undermining signals per wijk"), figures["wijken"], _("per wijk"),
            _("Signals received in the year by the wijk of their buurt; never an address.")),
        per("undermining.bibob_decisions", _("Bibob decisions"), figures["decisions"], _("per decision"),
            _("Decisions on Bibob-tested applications taken in the year.")),
        per("undermining.barriers", _("Barriers in the barrier models"), figures["barriers"], _("per status"),
            _("The barriers of the gemeente's barrier models as they stand, by status.")),
    ]
