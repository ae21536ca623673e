"""How the cyber module plugs into the platform (:mod:`veiligheidsbeeld.core.modules`): navigation, the running
clocks and open actions as to-dos, the demo records, retention and the processing register."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veiligheidsbeeld.core.calendar import AMSTERDAM
from veiligheidsbeeld.core.modules import DomainModule, NavItem, RetentionCategory, Todo

__all__ = ["MODULE", "RETENTION_CATEGORY", "todos"]

RETENTION_CATEGORY = "cyber_incidents"
#: ⚠ Not verified against the Archiefwet selectielijst: set RETENTION_DAYS["cyber_incidents"] locally.
DEFAULT_RETENTION_DAYS = 7 * 365


def todos(user):
    """The open clocks of the incidents the user may see, and the open actions (security group)."""
    from .models import Action, Incident
    from .permissions import visible_incidents, visible_rows

    now = timezone.now()
    result = []
    incidents = visible_incidents(user, Incident.objects.open()).select_related("breach", "cbw")
    for incident in incidents:
        url = reverse("cyber:incident", args=[incident.pk])
        for label, clock in incident.clocks():
            if clock.is_open():
                result.append(Todo("{}: {}".format(incident.reference, label), clock.deadline, url, "cyber",
                                   overdue=clock.deadline < now))
    today = timezone.localdate()
    for action in visible_rows(user, Action.objects.open()).select_related("incident", "exercise"):
        url = (reverse("cyber:incident", args=[action.incident_id]) if action.incident_id
               else reverse("cyber:exercise", args=[action.exercise_id]))
        # the end of the due day, as a datetime: the start page formats every due with a time
        due = dt.datetime.combine(action.due, dt.time(23, 59), tzinfo=AMSTERDAM)
        result.append(Todo(_("Action: {}").format(action.description), due, url, "cyber",
                           overdue=action.is_overdue(today)))
    return result


def _retention(cutoff: dt.datetime, dry_run: bool) -> int:
    """Closed incidents whose closing lies before ``cutoff`` are deleted with their breach, Cbw and actions."""
    from .models import Incident

    due = Incident.objects.filter(status="closed", closed_at__lt=cutoff)
    count = due.count()
    if not dry_run:
        due.delete()
    return count


def _demo(gemeente, users, organisations):
    from .demo import build

    return build(gemeente, users, organisations)


def _indicators(gemeente, year, policy):
    from .indicators import module_indicators

    return module_indicators(gemeente, year, policy)


MODULE = DomainModule(
    name="cyber",
    nav=(NavItem(gettext_lazy("Digital security"), "cyber:overview", "cyber.access_overview", "cyber"),),
    todos=todos,
    demo=_demo,
    indicators=_indicators,
    retention=(RetentionCategory(RETENTION_CATEGORY, "deleted", DEFAULT_RETENTION_DAYS, _retention, gettext_lazy("closed security incidents")),),
    processing_activities=(
        {
            "id": "cyber-incidents",
            "name": "Register van beveiligingsincidenten en datalekken",
            "purpose": "Beveiligingsincidenten afhandelen en melden: datalekken aan de Autoriteit "
                       "Persoonsgegevens (AVG art. 33-34), significante incidenten aan het CSIRT (Cbw), "
                       "maandrapportage BIO2 5.24.04 en ENSIA-verantwoording.",
            "legal_basis": "AVG art. 6(1)(c): wettelijke verplichting (AVG art. 33(5) documentatieplicht; "
                           "Cyberbeveiligingswet; BIO2).",
            "data_categories": ["namen van medewerkers (proceseigenaar, melder, actiehouders)",
                                "beschrijving van het incident en het datalek",
                                "aantallen en categorieën van betrokkenen (geen persoonsgegevens van betrokkenen)"],
            "data_subjects": ["medewerkers van de gemeente", "betrokkenen bij een datalek (alleen als aantal)"],
            "recipients": ["informatiebeveiliger en cybercrisisteam", "functionaris gegevensbescherming (datalekken)",
                           "Autoriteit Persoonsgegevens (melding)", "CSIRT / IBD (Cbw-melding)"],
            "retention": [RETENTION_CATEGORY],
            "security": "Alleen de rol informatiebeveiliger (en de FG voor datalekken), tweede factor, "
                        "elke inzage van een incident in de auditlog.",
        },
    ),
)
