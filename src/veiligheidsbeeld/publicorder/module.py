"""How the public-order module plugs into the platform (:mod:`veiligheidsbeeld.core.modules`): navigation,
to-dos with their deadlines, the data-subject export, the demo records, retention and the processing register."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veiligheidsbeeld.core.calendar import AMSTERDAM
from veiligheidsbeeld.core.modules import DomainModule, NavItem, RetentionCategory, Todo, register

__all__ = ["ORGANISER_RETENTION", "inzage", "register_module", "todos"]

#: Retention category of the organiser data: days after the end of the manifestation (default: the six-week
#: objection period of Awb art. 6:7; not verified as the gemeente's own term, so configurable by RETENTION_DAYS).
ORGANISER_RETENTION = "publicorder_organiser_data"
#: Name-list entries of a youth group whose step has not changed for this long (default two years, not a term
#: from the law or a convenant we could verify: configurable). Closing a group removes its list at once.
NAME_LIST_RETENTION = "publicorder_name_lists"


def _moment(day: dt.date) -> dt.datetime:
    """A date term as the end of that day (the start page formats a due moment with its time)."""
    return dt.datetime.combine(day, dt.time(23, 59), tzinfo=AMSTERDAM)


def _url(name, *args):
    return reverse("publicorder:" + name, args=args)


def todos(user):
    """Open duties: decisions not yet made known, manifestations to evaluate, decisions on events due (Awb),
    camera evaluations due, youth-group reviews."""
    import rules

    from veiligheidsbeeld.accounts.services import gemeenten_for

    from .choices import DemonstrationStatus
    from .deadlines import awb_decision_due
    from .models import CameraDesignation, DemonstrationDecision, Event, PublicOrderSettings, YouthGroup

    now = timezone.now()
    items = []
    for gemeente in gemeenten_for(user):
        if rules.has_perm("publicorder.change", user, gemeente):
            for d in DemonstrationDecision.objects.filter(
                demonstration__gemeente=gemeente, made_known_at__isnull=True
            ).select_related("demonstration"):
                items.append(Todo(
                    str(_("Make known: {} on {}").format(d.get_kind_display(), d.demonstration)),
                    d.demonstration.starts_at, _url("demonstration", d.demonstration_id), "publicorder",
                    now > d.demonstration.starts_at,
                ))
            for demo in gemeente.demonstration_set.filter(status=DemonstrationStatus.RECEIVED, ends_at__lt=now):
                items.append(Todo(str(_("Record how it went: {}").format(demo)), demo.ends_at,
                                  _url("demonstration", demo.pk), "publicorder", False))
            conf = PublicOrderSettings.for_gemeente(gemeente)
            for event in Event.objects.filter(gemeente=gemeente, decision="", starts_at__gt=now):
                due = awb_decision_due(event.received_on, conf.decision_weeks)
                items.append(Todo(str(_("Decide on event: {}").format(event.name)), _moment(due), _url("event", event.pk),
                                  "publicorder", due < timezone.localdate()))
            for c in CameraDesignation.objects.filter(gemeente=gemeente, evaluated_on__isnull=True):
                if c.evaluation_due <= timezone.localdate() + dt.timedelta(days=60):
                    items.append(Todo(str(_("Evaluate camera designation: {}").format(c.title)), _moment(c.evaluation_due),
                                      _url("cameras"), "publicorder", c.evaluation_due < timezone.localdate()))
        if rules.has_perm("publicorder.change_youth_group", user, gemeente):
            for g in YouthGroup.objects.filter(gemeente=gemeente, next_review_on__isnull=False).exclude(step="closed"):
                items.append(Todo(str(_("Review youth group: {} (step {})").format(g.name, g.step)),
                                  _moment(g.next_review_on), _url("youth-group", g.pk), "publicorder",
                                  g.next_review_on < timezone.localdate()))
    return items


def inzage(bsn: str, user) -> dict:
    """A data subject's entries on youth-group name lists (by BSN pseudonym), audited. Organiser data of notices
    are not linked to a BSN; they are found by name on request (see the how-to)."""
    from veiligheidsbeeld.core import audit
    from veiligheidsbeeld.core.pseudonyms import PseudonymKeyMissing, pseudonym_for_bsn

    from .models import YouthGroupMember

    try:
        pseudonym = pseudonym_for_bsn(bsn)
    except PseudonymKeyMissing:
        return {"youth_group_members": [], "note": "no pseudonym key configured"}
    members = list(YouthGroupMember.objects.filter(bsn_pseudonym=pseudonym).select_related("group"))
    if members:
        audit.record_read(user, person=pseudonym, purpose="inzage (AVG art. 15)", legal_basis="AVG art. 15",
                          module="publicorder")
    return {
        "youth_group_members": [
            {"group": m.group.name, "name": m.name, "birth_year": m.birth_year, "role": m.role_in_group,
             "added_at": m.added_at.isoformat()}
            for m in members
        ]
    }


def _purge(cutoff, dry_run):
    from .services import purge_organiser_data

    return purge_organiser_data(cutoff, dry_run)


def _purge_name_lists(cutoff, dry_run):
    from .services import purge_stale_name_lists

    return purge_stale_name_lists(cutoff, dry_run)


def _demo(gemeente, users, organisations):
    from .demo import build_demo

    return build_demo(gemeente, users, organisations)


PROCESSING = (
    {
        "id": "publicorder-wom",
        "name": "Openbare orde: kennisgevingen van betogingen (WOM)",
        "purpose": "Behandelen van kennisgevingen en besluiten van de burgemeester over betogingen, vergaderingen "
        "en samenkomsten (Wet openbare manifestaties).",
        "legal_basis": "AVG art. 6(1)(e) en art. 9(2)(g): Wet openbare manifestaties art. 4-7 en de APV.",
        "data_categories": ["naam en contactgegevens van de organisator", "naam van de feitelijk leider",
                            "datum, tijd, plaats of route en verwacht aantal deelnemers"],
        "data_subjects": ["organisatoren en feitelijk leiders van manifestaties"],
        "recipients": ["burgemeester en adviseurs openbare orde", "politie (driehoek)"],
        "retention": [ORGANISER_RETENTION],
        "security": "Versleuteld opgeslagen, inzage alleen voor de behandelaars en gelogd met doel; na de "
        "bezwaartermijn verwijderd, statistiek blijft.",
    },
    {
        "id": "publicorder-youth-groups",
        "name": "Openbare orde: aanpak problematische jeugdgroepen (7-stappenmodel)",
        "purpose": "Regie op de integrale aanpak van problematische jeugdgroepen door burgemeester en partners.",
        "legal_basis": "AVG art. 6(1)(e): Gemeentewet art. 172 (openbare orde); convenant met de partners.",
        "data_categories": ["namenlijst per groep (vanaf stap 2B)", "geboortejaar", "rol in de groep"],
        "data_subjects": ["leden van problematische jeugdgroepen"],
        "recipients": ["procesregisseur", "partners met een vastgelegde grondslag"],
        "retention": [NAME_LIST_RETENTION],
        "security": "Namenlijst pas vanaf stap 2B, versleuteld, alleen procesregisseur en partners met grondslag, "
        "iedere inzage gelogd; verwijderd bij afsluiten van de aanpak.",
    },
)


def _indicators(gemeente, year, policy):
    from .indicators import module_indicators

    return module_indicators(gemeente, year, policy)


def register_module():
    register(
        DomainModule(
            "publicorder",
            nav=(NavItem(_("Public order"), "publicorder:week", "publicorder.access", "publicorder"),),
            todos=todos,
            inzage=inzage,
            demo=_demo,
            retention=(
                RetentionCategory(ORGANISER_RETENTION, "organiser data removed", 42, _purge, _("organiser data of demonstrations")),
                RetentionCategory(NAME_LIST_RETENTION, "name-list entries deleted", 730, _purge_name_lists, _("youth-group name lists")),
            ),
            processing_activities=PROCESSING,
            indicators=_indicators,
        )
    )


def local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment, AMSTERDAM)
