"""How the undermining module plugs into the platform (:mod:`veiligheidsbeeld.core.modules`): navigation, the
running Bibob clocks on the start page of the responsible user, the data-subject export, retention and the
register of processing activities."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.calendar import AMSTERDAM, ClockState
from veiligheidsbeeld.core.modules import DomainModule, NavItem, RetentionCategory, Todo

__all__ = ["MODULE", "inzage", "todos"]


def todos(user):
    """Open Bibob clocks of the dossiers ``user`` is responsible for: the LBB advice, else the decision."""
    from .models import BibobDossier

    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    now = timezone.now()
    items = []
    for dossier in BibobDossier.objects.filter(responsible=user, decided_on__isnull=True):
        clock = dossier.clock()
        url = reverse("undermining:bibob", args=[dossier.pk])
        if dossier.advice_requested_on and not dossier.advice_received_on:
            deadline = clock.advice_deadline()
            state = clock.advice_state(now)
            title = _("Bibob {ref}: LBB advice due").format(ref=dossier.reference)
        else:
            deadline = clock.decision_deadline(today)
            state = clock.decision_clock(today).state(now)
            title = _("Bibob {ref}: decision due").format(ref=dossier.reference)
        due = dt.datetime.combine(deadline, dt.time(23, 59), tzinfo=AMSTERDAM)  # the term ends with its last day
        items.append(Todo(str(title), due, url, "undermining", overdue=state == ClockState.OVERDUE))
    return items


def inzage(bsn: str, user) -> dict:
    """The data-subject's part: Bibob dossiers and network entities with their pseudonym (audited read)."""
    from veiligheidsbeeld.core import audit
    from veiligheidsbeeld.core.pseudonyms import pseudonym_for_bsn

    from .models import BibobDossier, Entity

    pseudonym = pseudonym_for_bsn(bsn)
    bibob = list(BibobDossier.objects.filter(betrokkene_pseudonym=pseudonym).order_by("reference"))
    entities = list(Entity.objects.filter(pseudonym=pseudonym).select_related("dossier"))
    if bibob or entities:
        audit.record_read(user, person=pseudonym, purpose="inzage (AVG art. 15)", module="undermining")
    return {
        "bibob_dossiers": [
            {"reference": d.reference, "decision_kind": d.decision_kind, "application_on": d.application_on.isoformat(),
             "name": d.betrokkene_name, "address": d.betrokkene_address, "outcome": d.outcome, "decision": d.decision}
            for d in bibob
        ],
        "network_entities": [
            {"dossier": e.dossier.reference, "schema": e.schema, "caption": e.caption, "properties": e.properties}
            for e in entities
        ],
    }


def _purge_signals(cutoff: dt.datetime, dry_run: bool) -> int:
    from .models import Signal

    due = Signal.objects.filter(status="afgesloten", received_on__lt=cutoff.date())
    count = due.count()
    if not dry_run and count:
        with transaction.atomic():
            due.delete()
    return count


def _purge_bibob(cutoff: dt.datetime, dry_run: bool) -> int:
    """Decided dossiers older than the cutoff, except those whose advice an open dossier still reuses."""
    from .models import BibobDossier

    due = [d.pk for d in BibobDossier.objects.filter(decided_on__lt=cutoff.date())
           if not d.reused_by.filter(decided_on__isnull=True).exists()]
    if not dry_run and due:
        with transaction.atomic():
            BibobDossier.objects.filter(reused_advice__in=due).update(reused_advice=None)
            BibobDossier.objects.filter(pk__in=due).delete()
    return len(due)


def _demo(gemeente, users, organisations):
    from .demo import build

    return build(gemeente, users, organisations)


def _indicators(gemeente, year, policy):
    from .indicators import module_indicators

    return module_indicators(gemeente, year, policy)


MODULE = DomainModule(
    "undermining",
    nav=(NavItem(_("Undermining"), "undermining:index", "undermining.access", "undermining"),),
    todos=todos,
    inzage=inzage,
    demo=_demo,
    indicators=_indicators,
    retention=(
        # ⚠ no RIEC retention figure was found (DOMAINS.md 3(c)): 5 years after receipt, configurable
        RetentionCategory("undermining_signals", "deleted (closed signals)", 5 * 365, _purge_signals, _("closed undermining signals")),
        # at least the 2-year reuse window of art. 29 after the decision, plus the objection and appeal period
        RetentionCategory("bibob_dossiers", "deleted (decided dossiers)", 3 * 365, _purge_bibob, _("decided Bibob dossiers")),
    ),
    processing_activities=(
        {
            "id": "undermining-signals",
            "name": "Ondermijning: signalen en integrale casussen (RIEC)",
            "purpose": "Signalen van ondermijning wegen en integraal aanpakken met de RIEC-partners",
            "legal_basis": "AVG art. 6(1)(e); art. 10 AVG met UAVG art. 33; WGS (samenwerkingsverband RIEC)",
            "data_categories": ["signalen", "strafrechtelijke gegevens (art. 10 AVG)", "netwerk van entiteiten"],
            "data_subjects": ["betrokkenen bij signalen", "personen en bedrijven in een dossiernetwerk"],
            "recipients": ["RIEC-partners in het dossierteam"],
            "retention": ["undermining_signals"],
        },
        {
            "id": "undermining-bibob",
            "name": "Bibob-onderzoek",
            "purpose": "Integriteitsbeoordeling van aanvragers van beschikkingen (Wet Bibob)",
            "legal_basis": "Wet Bibob art. 3, 7a, 9 en 28",
            "data_categories": ["art. 30-gegevens van de betrokkene", "advies Landelijk Bureau Bibob"],
            "data_subjects": ["aanvragers en hun zakelijke relaties"],
            "recipients": ["ontvangers van art. 28 Wet Bibob, elk vastgelegd"],
            "retention": ["bibob_dossiers"],
        },
    ),
)
