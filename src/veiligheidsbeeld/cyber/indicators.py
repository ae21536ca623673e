"""Digitale veiligheid in the veiligheidsbeeld (issue 19, :mod:`veiligheidsbeeld.core.module_indicators`), from
the figures of :func:`.reporting.indicators` (the module's own overview and ENSIA evidence): security incidents
per category and per severity, data breaches notified to the AP within 72 hours, cyber exercises and their actions
closed on time, and the reach of awareness campaigns per target group.

Counts of the gemeente's own incidents, no persons: nothing to audit.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core import module_indicators as mi
from veiligheidsbeeld.core.disclosure import DisclosurePolicy

from .choices import IncidentCategory
from .reporting import indicators

__all__ = ["PRIORITY", "module_indicators"]

PRIORITY = "digitale-veiligheid"


def module_indicators(gemeente, year: int, policy: DisclosurePolicy | None) -> list[mi.Indicator]:
    figures = indicators(gemeente, year)
    per_category = {category: sum(counts.values()) for category, counts in figures.by_category.items()}
    rows = [(label, per_category.get(str(label), 0)) for _value, label in IncidentCategory.choices]
    severities = [(label, sum(counts.get(label, 0) for counts in figures.by_category.values()))
                  for label in figures.severities]
    reach = list(figures.reach_by_group.items())
    reach_value, reach_status = mi.count(sum(n for _label, n in reach), policy)
    incidents, incidents_status = mi.count(figures.incidents, policy)
    breaches, breaches_status = mi.share(figures.breaches_in_time, figures.breaches_to_notify, policy)
    exercises, exercises_status = mi.count(figures.exercises, policy)
    actions, actions_status = mi.share(figures.actions_on_time, figures.actions_due, policy)
    return [
        mi.Indicator("cyber.incidents", _("Security incidents"), incidents, "aantal", PRIORITY, incidents_status,
                     mi.breakdown(rows, policy), _("per category"),
                     _("Information security incidents of the gemeente's own organisation discovered in the year "
                       "(BIO2 incident register), by category.")),
        mi.Indicator("cyber.breaches_in_time", _("Data breaches notified to the AP within 72 hours"), breaches, "%",
                     PRIORITY, breaches_status,
                     note=_("Share of the data breaches that had to be notified (AVG art. 33) whose notification "
                            "reached the Autoriteit Persoonsgegevens within 72 hours.")),
        mi.Indicator("cyber.exercises", _("Cyber exercises held"), exercises, "aantal", PRIORITY, exercises_status,
                     note=_("Exercises of the cyber crisis plan held in the year.")),
        mi.Indicator("cyber.actions_on_time", _("Exercise actions closed on time"), actions, "%", PRIORITY,
                     actions_status,
                     note=_("Share of the improvement actions from exercises, due in the year up to today, that were "
                            "closed by their deadline.")),
        mi.Indicator("cyber.incidents_by_severity", _("Security incidents per severity"), incidents, "aantal",
                     PRIORITY, incidents_status, mi.breakdown(severities, policy), _("per severity"),
                     _("The same incidents by their severity (the highest of their availability, integrity and confidentiality impacts).")),
        mi.Indicator("cyber.campaign_reach", _("Reach of awareness campaigns"), reach_value, "aantal", PRIORITY,
                     reach_status, mi.breakdown(reach, policy), _("per target group"),
                     _("Participants or impressions of the awareness campaigns running in the year, as each "
                       "campaign counts its reach.")),
    ]
