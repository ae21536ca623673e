"""Every write of the public-order module, each in one transaction with its audit event; and the audited reads.

Rules stated here, enforced here (views, forms and the API only call these functions):

- A notice's timeliness is computed from the gemeente's APV term at registration (:mod:`.deadlines`) and stored
  with the term applied, so later changes of the APV do not rewrite history.
- A decision on a manifestation needs a ground the WOM allows for its kind (:data:`.workflow.ALLOWED_GROUNDS`):
  a ban without a ground is refused.
- Organiser data (organiser, contact, feitelijk leider) are read only by the roles of ``view_organiser``, each read
  audited with its purpose, and removed by :func:`purge_organiser_data` after the event plus the objection period.
- A class B or C event is granted only with a safety plan.
- A youth group moves only along :data:`.workflow.STEP_TRANSITIONS`; its name list is written and read only at
  step 2B or later and by the roles of ``view_name_list``, every read audited.
"""

from __future__ import annotations

import datetime as dt
import secrets

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.calendar import AMSTERDAM

from . import deadlines
from .choices import DemonstrationStatus, EventDecision, RiskClass, SignalSource, Step
from .models import (
    CameraDesignation,
    CameraUsePeriod,
    Demonstration,
    DemonstrationDecision,
    Event,
    NameListAccess,
    Operation,
    OperationArea,
    PublicOrderSettings,
    TensionSignal,
    YouthGroup,
    YouthGroupMember,
    YouthGroupStepChange,
)
from .workflow import NAME_LIST_STEPS, InvalidTransition, check_ground, check_notice_transition, check_step

__all__ = [
    "add_camera_period", "add_member", "classify_event", "decide_event", "decide_on_demonstration",
    "designate_cameras", "evaluate_cameras", "evaluate_demonstration", "evaluate_event", "grant_name_list_access",
    "make_decision_known", "name_list", "organiser_data", "purge_organiser_data", "purge_stale_name_lists", "record_signal",
    "register_event", "register_notice", "register_youth_group", "set_notice_status", "set_youth_priority",
    "change_step", "update_youth_duiding", "create_operation", "add_operation_area", "evaluate_operation",
]

ORGANISER_FIELDS = ("organiser_name", "organiser_contact", "leader_name")


def _full_clean(obj, exclude=None):
    obj.full_clean(exclude=exclude, validate_unique=True)


# -- WOM notices ----------------------------------------------------------------------------------------------------


@transaction.atomic
def register_notice(gemeente, *, actor=None, **fields) -> Demonstration:
    """Register a kennisgeving; computes the notice deadline and whether it came on time."""
    conf = PublicOrderSettings.for_gemeente(gemeente)
    starts_at = fields["starts_at"]
    deadline = deadlines.notice_deadline(starts_at, conf.notice_hours, working_days_only=conf.notice_working_days_only)
    demo = Demonstration(
        gemeente=gemeente, created_by=actor if getattr(actor, "is_authenticated", False) else None,
        notice_deadline=deadline, notice_hours=conf.notice_hours, on_time=fields["received_at"] <= deadline,
        **fields,
    )
    _full_clean(demo)
    demo.save()
    audit.record(
        "demonstration_registered", actor=actor, gemeente=gemeente, obj=demo, on_time=demo.on_time,
        kind=demo.kind, starts_at=demo.starts_at.isoformat(),
    )
    return demo


@transaction.atomic
def decide_on_demonstration(
    demonstration, *, kind: str, ground: str, content: str, decided_at=None, made_known_at=None, actor=None
) -> DemonstrationDecision:
    """Record the burgemeester's decision. Raises :class:`InvalidTransition` for a ground the WOM does not allow."""
    check_ground(kind, ground)
    if demonstration.organiser_purged_at is not None:
        raise InvalidTransition("the notice is closed (organiser data removed); no new decisions")
    decision = DemonstrationDecision(
        demonstration=demonstration, kind=kind, ground=ground, content=content,
        decided_at=decided_at or timezone.now(), made_known_at=made_known_at,
        decided_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _full_clean(decision)
    decision.save()
    audit.record(
        "demonstration_decided", actor=actor, gemeente=demonstration.gemeente, obj=decision,
        demonstration=demonstration.pk, kind=kind, ground=ground,
    )
    return decision


@transaction.atomic
def make_decision_known(decision, *, made_known_at=None, actor=None) -> DemonstrationDecision:
    old = decision.made_known_at
    decision.made_known_at = made_known_at or timezone.now()
    decision.save(update_fields=["made_known_at"])
    audit.record(
        "demonstration_decision_made_known", actor=actor, gemeente=decision.demonstration.gemeente, obj=decision,
        changes={"made_known_at": [old.isoformat() if old else None, decision.made_known_at.isoformat()]},
    )
    return decision


@transaction.atomic
def set_notice_status(demonstration, status: str, *, actor=None) -> Demonstration:
    check_notice_transition(demonstration.status, status)
    old = demonstration.status
    demonstration.status = status
    demonstration.save(update_fields=["status"])
    audit.record(
        "demonstration_status_changed", actor=actor, gemeente=demonstration.gemeente, obj=demonstration,
        changes={"status": [old, status]},
    )
    return demonstration


@transaction.atomic
def evaluate_demonstration(demonstration, *, incidents: int, incident_notes: str = "", evaluation: str, actor=None):
    """Record incidents and the evaluation of a held manifestation (status held -> evaluated)."""
    check_notice_transition(demonstration.status, DemonstrationStatus.EVALUATED)
    demonstration.incidents = incidents
    demonstration.incident_notes = incident_notes
    demonstration.evaluation = evaluation
    demonstration.evaluated_at = timezone.now()
    demonstration.status = DemonstrationStatus.EVALUATED
    demonstration.save(update_fields=["incidents", "incident_notes", "evaluation", "evaluated_at", "status"])
    audit.record(
        "demonstration_evaluated", actor=actor, gemeente=demonstration.gemeente, obj=demonstration,
        incidents=incidents,
    )
    return demonstration


def organiser_data(demonstration, user, *, purpose: str) -> dict[str, str]:
    """The organiser data of a notice for a user allowed to see them; the read is audited with ``purpose``.

    Raises
    ------
    PermissionDenied
        Without ``publicorder.view_organiser`` on the notice's gemeente.
    """
    if not rules.has_perm("publicorder.view_organiser", user, demonstration.gemeente):
        raise PermissionDenied("no access to organiser data")
    if demonstration.organiser_purged_at is not None:
        return {}
    audit.record_read(
        user, person="publicorder.demonstration:{}".format(demonstration.pk), object_type="publicorder.demonstration",
        purpose=purpose, gemeente=demonstration.gemeente, legal_basis="WOM art. 4; AVG art. 9(2)(g)",
    )
    return {field: getattr(demonstration, field) for field in ORGANISER_FIELDS}


def purge_organiser_data(cutoff: dt.datetime, dry_run: bool) -> int:
    """Retention handler: remove the organiser data of notices whose manifestation ended before ``cutoff``.

    The notice itself stays (kind, dates, place, numbers, timeliness, decisions): the statistics.
    """
    due = Demonstration.objects.purge_due(cutoff)
    if dry_run:
        return due.count()
    count = 0
    now = timezone.now()
    for demonstration in due.select_for_update():
        for field in ORGANISER_FIELDS:
            setattr(demonstration, field, "")
        demonstration.organiser_purged_at = now
        demonstration.save(update_fields=[*ORGANISER_FIELDS, "organiser_purged_at"])
        count += 1
    if count:
        audit.record("demonstration_organiser_data_purged", object_type="publicorder.demonstration", removed=count,
                     cutoff=cutoff.isoformat())
    return count


# -- Events ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def register_event(gemeente, *, actor=None, **fields) -> Event:
    event = Event(gemeente=gemeente, **fields)
    _full_clean(event)
    event.save()
    audit.record("event_registered", actor=actor, gemeente=gemeente, obj=event, visitors=event.visitors)
    return event


@transaction.atomic
def classify_event(event, risk_class: str, *, actor=None, **advices) -> Event:
    """HEV step 3: set the risk class (A/B/C), with the advices of police, fire service and GHOR where given."""
    if risk_class not in RiskClass.values:
        raise ValidationError({"risk_class": "valid: {}".format(", ".join(RiskClass.values))})
    old = event.risk_class
    event.risk_class = risk_class
    for field in ("advice_police", "advice_fire", "advice_ghor", "safety_plan_received_on"):
        if field in advices:
            setattr(event, field, advices[field])
    _full_clean(event)
    event.save()
    audit.record("event_classified", actor=actor, gemeente=event.gemeente, obj=event,
                 changes={"risk_class": [old, risk_class]})
    return event


@transaction.atomic
def decide_event(event, decision: str, *, decided_on=None, actor=None) -> Event:
    """Grant, refuse or acknowledge. A class B or C event is granted only with a safety plan."""
    if decision not in (EventDecision.GRANTED, EventDecision.REFUSED, EventDecision.ACKNOWLEDGED):
        raise ValidationError({"decision": "valid: granted, refused, acknowledged"})
    if decision == EventDecision.GRANTED and not event.risk_class:
        raise ValidationError({"risk_class": "classify the event (A/B/C) before deciding"})
    if decision == EventDecision.GRANTED and event.risk_class in ("B", "C") and not event.safety_plan_received_on:
        raise ValidationError({"safety_plan_received_on": "a class B or C event needs a safety plan"})
    event.decision = decision
    event.decided_on = decided_on or timezone.localdate()
    _full_clean(event)
    event.save(update_fields=["decision", "decided_on"])
    audit.record("event_decided", actor=actor, gemeente=event.gemeente, obj=event, decision=decision)
    return event


@transaction.atomic
def evaluate_event(event, *, incidents: int, evaluation: str, actor=None) -> Event:
    event.incidents = incidents
    event.evaluation = evaluation
    event.evaluated_on = timezone.localdate()
    event.save(update_fields=["incidents", "evaluation", "evaluated_on"])
    audit.record("event_evaluated", actor=actor, gemeente=event.gemeente, obj=event, incidents=incidents)
    return event


# -- Camera designations --------------------------------------------------------------------------------------------


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@transaction.atomic
def designate_cameras(gemeente, *, actor=None, evaluation_due=None, **fields) -> CameraDesignation:
    """Record an art. 151c designation; the evaluation is due after the gemeente's evaluation term by default."""
    conf = PublicOrderSettings.for_gemeente(gemeente)
    designation = CameraDesignation(
        gemeente=gemeente,
        evaluation_due=evaluation_due or _add_months(fields["valid_from"], conf.camera_evaluation_months),
        **fields,
    )
    _full_clean(designation)
    designation.save()
    audit.record("camera_designation_registered", actor=actor, gemeente=gemeente, obj=designation,
                 mode=designation.mode)
    return designation


@transaction.atomic
def add_camera_period(designation, *, starts_at, ends_at, ovj_consulted_on, note="", actor=None) -> CameraUsePeriod:
    """A period of actual use, within the designation and after consulting the officier van justitie."""
    first = dt.datetime.combine(designation.valid_from, dt.time.min, tzinfo=AMSTERDAM)
    last = dt.datetime.combine(designation.valid_until, dt.time.max, tzinfo=AMSTERDAM)
    if starts_at < first or ends_at > last:
        raise ValidationError({"starts_at": "a period of use lies within the designation's validity"})
    if ovj_consulted_on > timezone.localtime(starts_at, AMSTERDAM).date():
        raise ValidationError({"ovj_consulted_on": "the officier van justitie is consulted before the use starts"})
    period = CameraUsePeriod(designation=designation, starts_at=starts_at, ends_at=ends_at,
                             ovj_consulted_on=ovj_consulted_on, note=note)
    _full_clean(period)
    period.save()
    audit.record("camera_period_added", actor=actor, gemeente=designation.gemeente, obj=period,
                 designation=designation.pk)
    return period


@transaction.atomic
def evaluate_cameras(designation, *, evaluation: str, evaluated_on=None, actor=None) -> CameraDesignation:
    designation.evaluation = evaluation
    designation.evaluated_on = evaluated_on or timezone.localdate()
    designation.save(update_fields=["evaluation", "evaluated_on"])
    audit.record("camera_designation_evaluated", actor=actor, gemeente=designation.gemeente, obj=designation,
                 on_time=designation.evaluated_on <= designation.evaluation_due)
    return designation


# -- Tension signals ------------------------------------------------------------------------------------------------


@transaction.atomic
def record_signal(gemeente, *, actor=None, **fields) -> TensionSignal:
    """Record a tension signal. A key figure's signal carries the key figure's network code, never a name."""
    if fields.get("source_type") == SignalSource.SLEUTELFIGUUR and not fields.get("source_pseudonym"):
        raise ValidationError({"source_pseudonym": "a key figure's signal needs the key figure's network code"})
    signal = TensionSignal(gemeente=gemeente, created_by=actor if getattr(actor, "is_authenticated", False) else None,
                           **fields)
    _full_clean(signal)
    signal.save()
    audit.record("tension_signal_recorded", actor=actor, gemeente=gemeente, obj=signal, theme=signal.theme,
                 phase=signal.phase)
    return signal


# -- Youth groups ---------------------------------------------------------------------------------------------------


@transaction.atomic
def register_youth_group(gemeente, *, seen_in=(), actor=None, **fields) -> YouthGroup:
    group = YouthGroup(gemeente=gemeente, step=Step.S1, **fields)
    _full_clean(group)
    group.save()
    group.seen_in.set(seen_in)
    YouthGroupStepChange.objects.create(group=group, old_step="", new_step=Step.S1, changed_at=timezone.now(),
                                        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
                                        note="registered")
    audit.record("youth_group_registered", actor=actor, gemeente=gemeente, obj=group)
    return group


@transaction.atomic
def change_step(group, new_step: str, *, note: str = "", actor=None) -> YouthGroup:
    """Move a group to the next step of the 7-stappenmodel (:data:`.workflow.STEP_TRANSITIONS`)."""
    check_step(group.step, new_step)
    old = group.step
    group.step = new_step
    group.save(update_fields=["step"])
    YouthGroupStepChange.objects.create(group=group, old_step=old, new_step=new_step, changed_at=timezone.now(),
                                        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
                                        note=note)
    if new_step == Step.CLOSED:
        removed = group.members.count()
        group.members.all().delete()  # the name list ends with the group's approach
    else:
        removed = 0
    audit.record("youth_group_step_changed", actor=actor, gemeente=group.gemeente, obj=group,
                 changes={"step": [old, new_step]}, members_removed=removed)
    return group


DUIDING_FIELDS = ("signals", "severity", "risks", "development", "impact", "group_scan_reference", "plan",
                  "monitoring", "next_review_on", "size", "age_bands")


@transaction.atomic
def update_youth_duiding(group, *, seen_in=None, actor=None, **fields) -> YouthGroup:
    unknown = set(fields) - set(DUIDING_FIELDS)
    if unknown:
        raise ValidationError("unknown fields: {}".format(", ".join(sorted(unknown))))
    changes = {f: [str(getattr(group, f)), str(v)] for f, v in fields.items() if getattr(group, f) != v}
    for field, value in fields.items():
        setattr(group, field, value)
    _full_clean(group)
    group.save()
    if seen_in is not None:
        group.seen_in.set(seen_in)
    audit.record("youth_group_updated", actor=actor, gemeente=group.gemeente, obj=group, changes=changes)
    return group


@transaction.atomic
def set_youth_priority(group, priority: str, *, set_on=None, actor=None) -> YouthGroup:
    """The driehoek's priority for the group (step 4: priority advice)."""
    old = group.priority
    group.priority = priority
    group.priority_set_on = set_on or timezone.localdate()
    _full_clean(group)
    group.save(update_fields=["priority", "priority_set_on"])
    audit.record("youth_group_prioritised", actor=actor, gemeente=group.gemeente, obj=group,
                 changes={"priority": [old, priority]})
    return group


@transaction.atomic
def grant_name_list_access(group, organisation, *, legal_basis: str, actor=None) -> NameListAccess:
    """Record a partner organisation's legal basis for the group's name list."""
    access = NameListAccess(group=group, organisation=organisation, legal_basis=legal_basis.strip(),
                            recorded_at=timezone.now(),
                            recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    _full_clean(access)
    access.save()
    audit.record("youth_group_name_list_access_granted", actor=actor, gemeente=group.gemeente, obj=access,
                 group=group.pk, organisation=organisation.pk, legal_basis=access.legal_basis)
    return access


def _require_name_list(group, user):
    if group.step not in NAME_LIST_STEPS:
        raise PermissionDenied("the name list opens from step 2B (the group is at step {})".format(group.step))
    if not rules.has_perm("publicorder.view_name_list", user, group):
        raise PermissionDenied("no recorded basis for this group's name list")


@transaction.atomic
def add_member(group, *, name: str, birth_year=None, role_in_group: str = "", bsn: str = "", actor) -> YouthGroupMember:
    """Add a person to the name list (step 2B or later, for a user who may see the list)."""
    _require_name_list(group, actor)
    bsn_pseudonym = ""
    if bsn:
        from veiligheidsbeeld.core.pseudonyms import pseudonym_for_bsn

        bsn_pseudonym = pseudonym_for_bsn(bsn)
    member = YouthGroupMember(group=group, name=name.strip(), birth_year=birth_year, role_in_group=role_in_group,
                              reference="m_" + secrets.token_hex(8), bsn_pseudonym=bsn_pseudonym,
                              added_at=timezone.now())
    _full_clean(member)
    member.save()
    audit.record("youth_group_member_added", actor=actor, gemeente=group.gemeente, obj=member, group=group.pk,
                 reference=member.reference)
    return member


def purge_stale_name_lists(cutoff: dt.datetime, dry_run: bool) -> int:
    """Retention handler: delete the name-list entries of groups whose step last changed before ``cutoff``."""
    from django.db.models import Max

    stale = YouthGroup.objects.annotate(last_change=Max("history__changed_at")).filter(last_change__lt=cutoff)
    due = YouthGroupMember.objects.filter(group__in=stale.values("pk"))
    if dry_run:
        return due.count()
    count = due.delete()[0]
    if count:
        audit.record("youth_group_name_lists_purged", object_type="publicorder.youthgroupmember", removed=count,
                     cutoff=cutoff.isoformat())
    return count


def name_list(group, user, *, purpose: str) -> list[YouthGroupMember]:
    """The group's name list for a user who may see it; the read is audited with ``purpose``.

    Raises
    ------
    PermissionDenied
        Before step 2B (for every role), or without ``publicorder.view_name_list`` for the group.
    """
    _require_name_list(group, user)
    members = list(group.members.all())
    audit.record_read(
        user, person="publicorder.youthgroup:{}".format(group.pk), object_type="publicorder.youthgroup",
        purpose=purpose, gemeente=group.gemeente, legal_basis="Convenant aanpak problematische jeugdgroepen",
        members=[m.reference for m in members],
    )
    return members


# -- Operations (Oud & Nieuw) ---------------------------------------------------------------------------------------


@transaction.atomic
def create_operation(gemeente, *, themes=(), actor=None, **fields) -> Operation:
    operation = Operation(gemeente=gemeente, **fields)
    _full_clean(operation)
    operation.save()
    operation.themes.set(themes)
    audit.record("operation_created", actor=actor, gemeente=gemeente, obj=operation, kind=operation.kind)
    return operation


@transaction.atomic
def add_operation_area(operation, *, actor=None, **fields) -> OperationArea:
    wijk = fields.get("wijk")
    if wijk is not None and wijk.gemeente_id != operation.gemeente_id:
        raise ValidationError({"wijk": "the wijk is not in the operation's gemeente"})
    area = OperationArea(operation=operation, **fields)
    _full_clean(area)
    area.save()
    audit.record("operation_area_added", actor=actor, gemeente=operation.gemeente, obj=area,
                 operation=operation.pk, kind=area.kind)
    return area


@transaction.atomic
def evaluate_operation(operation, *, evaluation: str, actor=None) -> Operation:
    operation.evaluation = evaluation
    operation.save(update_fields=["evaluation"])
    audit.record("operation_evaluated", actor=actor, gemeente=operation.gemeente, obj=operation)
    return operation
