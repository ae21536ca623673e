"""Writing the cyber module: incidents, breaches, Cbw notifications, actions, crisis plans, exercises and
campaigns. Each write runs in one transaction with its audit event; reads of incident records are audited too.

Rules enforced here (beside the model constraints):

- an AP notification later than 72 hours after awareness needs its reason (AVG art. 33(1));
- a breach that is not notified needs its documented risk assessment (art. 33(5));
- a Cbw report cannot be dated before the awareness of the significant incident, nor the notification before
  the early warning;
- incident status changes follow :mod:`.workflow`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veiligheidsbeeld.core import audit

from .choices import IncidentStatus
from .models import Action, AwarenessCampaign, CbwNotification, CrisisPlan, DataBreach, Exercise, Incident
from .workflow import check_transition

__all__ = [
    "BREACH_FIELDS", "CBW_FIELDS", "INCIDENT_FIELDS", "add_action", "change_status", "complete_action", "create_campaign", "create_exercise",
    "create_incident", "create_plan", "next_reference", "record_breach", "record_cbw", "update_incident",
    "view_incident",
]

INCIDENT_FIELDS = (
    "title", "description", "discovered_at", "reported_via", "process_owner", "category", "type",
    "impact_availability", "impact_integrity", "impact_confidentiality", "crisis_level", "cvd_source",
)
BREACH_FIELDS = (
    "aware_at", "persons_affected", "data_categories", "risk", "risk_reasoning", "ap_notified_at", "ap_reference",
    "late_reason", "subjects_informed_at", "subjects_not_informed_reason",
)
CBW_FIELDS = ("aware_at", "csirt", "early_warning_at", "notification_at", "final_report_at")


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime, Decimal)):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return getattr(value, "pk", value)


def _apply(obj, fields: tuple[str, ...], values: dict) -> dict:
    """Set ``values`` (only names in ``fields``) on ``obj``; return ``{field: [old, new]}`` of what changed."""
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError("unknown fields {}; valid: {}".format(sorted(unknown), ", ".join(fields)))
    changes = {}
    for name, new in values.items():
        old = getattr(obj, name, None)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
            setattr(obj, name, new)
    return changes


def next_reference(gemeente, year: int) -> str:
    """``CY-<year>-<nnn>``: the next free number of the gemeente's incidents of ``year``."""
    prefix = "CY-{}-".format(year)
    numbers = [
        int(ref[len(prefix):]) for ref in
        Incident.objects.filter(gemeente=gemeente, reference__startswith=prefix).values_list("reference", flat=True)
        if ref[len(prefix):].isdigit()
    ]
    return "{}{:03d}".format(prefix, max(numbers, default=0) + 1)


@transaction.atomic
def create_incident(gemeente, *, actor=None, **fields) -> Incident:
    incident = Incident(gemeente=gemeente, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    _apply(incident, INCIDENT_FIELDS, fields)
    incident.reference = next_reference(gemeente, timezone.localtime(incident.discovered_at).year)
    incident.full_clean()
    incident.save()
    audit.record("incident_registered", actor=actor, gemeente=gemeente, obj=incident,
                 category=incident.category, severity=incident.severity)
    return incident


@transaction.atomic
def update_incident(incident: Incident, *, actor=None, **fields) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    changes = _apply(incident, INCIDENT_FIELDS, fields)
    incident.full_clean()
    incident.save()
    audit.record("incident_changed", actor=actor, gemeente=incident.gemeente, obj=incident, changes=changes)
    return incident


@transaction.atomic
def change_status(incident: Incident, new_status: str, *, note: str = "", actor=None, at=None) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    old = incident.status
    check_transition(old, new_status)
    incident.status = new_status
    incident.closed_at = (at or timezone.now()) if new_status == IncidentStatus.CLOSED else None
    incident.save(update_fields=["status", "closed_at"])
    audit.record("incident_status_changed", actor=actor, gemeente=incident.gemeente, obj=incident,
                 old=old, new=new_status, note=note)
    return incident


def _check_breach(breach: DataBreach) -> None:
    breach.full_clean(exclude=["incident"], validate_constraints=False)  # the named rules below say more
    errors = {}
    if breach.notified_late and not breach.late_reason.strip():
        errors["late_reason"] = _("The AP was notified more than 72 hours after awareness: give the reason "
                                  "for the delay (AVG art. 33(1)).")
    if not breach.must_notify and not breach.risk_reasoning.strip():
        errors["risk_reasoning"] = _("A breach that is not notified is documented with its risk assessment "
                                     "(AVG art. 33(5)).")
    if breach.ap_notified_at and breach.ap_notified_at < breach.aware_at:
        errors["ap_notified_at"] = _("The notification cannot precede the awareness of the breach.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_breach(incident: Incident, *, actor=None, **fields) -> DataBreach:
    """Mark ``incident`` as a data breach, or change its breach details (the AP notification, art. 34)."""
    breach = DataBreach.objects.select_for_update().filter(incident=incident).first()
    created = breach is None
    if created:
        breach = DataBreach(incident=incident)
    changes = _apply(breach, BREACH_FIELDS, fields)
    _check_breach(breach)
    breach.save()
    audit.record("breach_recorded" if created else "breach_changed", actor=actor, gemeente=incident.gemeente,
                 obj=incident, changes=changes, legal_basis="AVG art. 33")
    return breach


@transaction.atomic
def record_cbw(incident: Incident, *, actor=None, **fields) -> CbwNotification:
    """Mark ``incident`` as significant under the Cbw, or record the reports sent to the CSIRT."""
    cbw = CbwNotification.objects.select_for_update().filter(incident=incident).first()
    created = cbw is None
    if created:
        cbw = CbwNotification(incident=incident)
    changes = _apply(cbw, CBW_FIELDS, fields)
    cbw.full_clean(exclude=["incident"])
    errors = {}
    for name in ("early_warning_at", "notification_at", "final_report_at"):
        sent = getattr(cbw, name)
        if sent and sent < cbw.aware_at:
            errors[name] = _("A report cannot precede the awareness of the incident.")
    if cbw.final_report_at and not cbw.notification_at:
        errors["final_report_at"] = _("The final report follows the incident notification.")
    if errors:
        raise ValidationError(errors)
    cbw.save()
    audit.record("cbw_notification_recorded" if created else "cbw_notification_changed", actor=actor,
                 gemeente=incident.gemeente, obj=incident, changes=changes, legal_basis="Cbw (NIS2 art. 23)")
    return cbw


def view_incident(incident: Incident, user, *, purpose: str = "incident handling") -> None:
    """Audit a read of an incident record (it may name staff and hold breach details)."""
    audit.record_read(user, person=str(incident.pk), object_type="cyber.incident", purpose=purpose,
                      gemeente=incident.gemeente)


@transaction.atomic
def add_action(*, incident: Incident | None = None, exercise: Exercise | None = None, description: str,
               owner: str, due: dt.date, finding: str = "", actor=None) -> Action:
    source = incident or exercise
    if source is None:
        raise ValueError("an action belongs to an incident or an exercise")
    action = Action(gemeente=source.gemeente, incident=incident, exercise=exercise, description=description,
                    owner=owner, due=due, finding=finding)
    action.full_clean()
    action.save()
    audit.record("action_added", actor=actor, gemeente=source.gemeente, obj=action,
                 source=source._meta.label_lower, source_id=source.pk, due=due.isoformat())
    return action


@transaction.atomic
def complete_action(action: Action, *, done_on: dt.date | None = None, actor=None) -> Action:
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.done_on is not None:
        raise ValidationError({"done_on": _("This action is done already.")})
    action.done_on = done_on or timezone.localdate()
    action.save(update_fields=["done_on"])
    audit.record("action_completed", actor=actor, gemeente=action.gemeente, obj=action,
                 done_on=action.done_on.isoformat(), on_time=action.closed_on_time)
    return action


def _create(model, action_name: str, gemeente, actor, fields: dict):
    obj = model(gemeente=gemeente, **fields)
    obj.full_clean()
    obj.save()
    audit.record(action_name, actor=actor, gemeente=gemeente, obj=obj)
    return obj


@transaction.atomic
def create_plan(gemeente, *, actor=None, **fields) -> CrisisPlan:
    """Add a version of the crisis plan; adopting it supersedes the previously adopted version."""
    plan = _create(CrisisPlan, "crisis_plan_added", gemeente, actor, fields)
    if plan.status == "adopted":
        CrisisPlan.objects.filter(gemeente=gemeente, status="adopted").exclude(pk=plan.pk).update(
            status="superseded")
    return plan


@transaction.atomic
def create_exercise(gemeente, *, actor=None, **fields) -> Exercise:
    if fields.get("plan") is not None and fields["plan"].gemeente_id != gemeente.pk:
        raise ValidationError({"plan": _("The crisis plan belongs to another gemeente.")})
    return _create(Exercise, "exercise_added", gemeente, actor, fields)


@transaction.atomic
def create_campaign(gemeente, *, actor=None, **fields) -> AwarenessCampaign:
    measure = fields.get("measure")
    if measure is not None and measure.gemeente_id != gemeente.pk:
        raise ValidationError({"measure": _("The programme measure belongs to another gemeente.")})
    return _create(AwarenessCampaign, "awareness_campaign_added", gemeente, actor, fields)
