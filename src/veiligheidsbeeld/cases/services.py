"""Every write of the casusregie: each function runs in ``transaction.atomic`` with its audit event.

Rules enforced here (issue 16):

- status changes follow :mod:`.workflow`; scaling down and closing end every participation;
- a participation and a disclosure need a legal basis (and a disclosure a purpose), else :class:`Refused`;
- enrichment (sharing content) from a partner needs a *positive* known-check of that partner for that person,
  and is recorded in the disclosure ledger;
- the known-check of the API answers only ``known`` and ``contact`` and is audited with the pseudonym;
- a known-check asked of a partner is due in working days and answered only by that organisation (or the
  coordinator), with yes/no and a contact;
- an escalation is a recorded decision with its reason (:func:`decide_escalation`), and restarts the status term;
- an ad-hoc meeting participant needs a signed confidentiality declaration;
- every read of a case is audited (:func:`read_case`).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veiligheidsbeeld.core import audit

from .choices import INSTRUMENTS, Category, Escalation, NotInformedReason, Status
from .identity import normalise_bsn, pseudonym
from .models import (
    AdHocParticipant, Case, Disclosure, EscalationDecision, Information, Intervention, KnownCheck, Measurement,
    Meeting, Participation,
    Person, StatusChange, TopXCriteria, TopXPlacement, WvggzReport,
)
from .terms import known_check_due
from .workflow import ENDS_PARTICIPATIONS, check_transition

__all__ = [
    "Refused", "add_intervention", "add_measurement", "add_person", "answer_known_check", "ask_known_check",
    "change_status", "decide_escalation", "end_participation", "enrich", "grant_participation", "known_check",
    "read_case",
    "record_disclosure", "record_meeting", "register_case", "set_escalation", "set_intervention_status",
]


class Refused(ValidationError):
    """A request the rules of need-to-know refuse (no legal basis, no positive known-check, ...)."""


def _organisation_of(user):
    profile = getattr(user, "profile", None)
    return profile.organisation if profile is not None else None


def _coordinating_organisation(case: Case, actor):
    coordinator = case.coordinator or actor
    return _organisation_of(coordinator) or _organisation_of(actor)


def _next_reference(gemeente, year: int) -> str:
    prefix = "ZVH-{}-".format(year)
    taken = Case.objects.filter(gemeente=gemeente, reference__startswith=prefix).values_list("reference", flat=True)
    number = max((int(r[len(prefix):]) for r in taken if r[len(prefix):].isdigit()), default=0) + 1
    return "{}{:04d}".format(prefix, number)


def register_case(gemeente, *, case_type: str, reporter, actor, coordinator=None, wijk=None, reason: str = "",
                  goal: str = "", confidentiality: str = "vertrouwelijk", criteria: dict | None = None,
                  risk_factors=(), protective_factors=(), registered_at: dt.datetime | None = None) -> Case:
    """Register (aanmelden) a case; it starts ``aangemeld``."""
    registered_at = registered_at or timezone.now()
    with transaction.atomic():
        case = Case(
            gemeente=gemeente, reference=_next_reference(gemeente, registered_at.year), case_type=case_type,
            reporter=reporter, coordinator=coordinator, wijk=wijk, reason=reason, goal=goal,
            confidentiality=confidentiality, risk_factors=list(risk_factors),
            protective_factors=list(protective_factors), registered_at=registered_at,
            **{"criterion_" + k: bool(v) for k, v in (criteria or {}).items()},
        )
        case.full_clean()
        case.save()
        StatusChange.objects.create(case=case, new_status=Status.AANGEMELD, changed_at=registered_at,
                                    changed_by=actor if getattr(actor, "pk", None) else None)
        audit.record("case_registered", actor=actor, gemeente=gemeente, obj=case, case_type=case_type)
    return case


def change_status(case: Case, new: str, *, actor, note: str = "", at: dt.datetime | None = None) -> Case:
    """Move ``case`` to ``new`` if the workflow allows it; ends every participation at afschaling or closing."""
    at = at or timezone.now()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        old = case.status
        check_transition(old, new)
        case.status = new
        if new == Status.PLAN_VASTGESTELD and case.plan_adopted_at is None:
            case.plan_adopted_at = at
        if new in (Status.AFGESLOTEN, Status.TERUGVERWEZEN):
            case.closed_at = at
        case.save()
        StatusChange.objects.create(case=case, old_status=old, new_status=new, changed_at=at,
                                    changed_by=actor if getattr(actor, "pk", None) else None, note=note)
        ended = 0
        if new in ENDS_PARTICIPATIONS:
            for participation in case.participations.active(at):
                _end(participation, at, "case {}".format(new), actor)
                ended += 1
        audit.record("case_status_changed", actor=actor, gemeente=case.gemeente, obj=case,
                     changes={"status": [old, new]}, note=note, participations_ended=ended)
    return case


def decide_escalation(case: Case, level: str, *, actor, reason: str,
                      at: dt.datetime | None = None) -> EscalationDecision:
    """Record an escalation decision (who, when, why) and set the case's level to ``level``.

    ``level`` above the current one escalates; the same level records a decision not to escalate (the delay is
    explained). Either restarts the status term (:mod:`.terms`). A lower level is de-escalation and allowed too,
    always with a reason. Refused without a reason and on a final case.
    """
    from .terms import status_term

    if not (reason or "").strip():
        raise Refused({"reason": _("Give the reason of the escalation decision.")})
    if level not in Escalation.values:
        raise ValidationError({"escalation": _("Unknown escalation level.")})
    at = at or timezone.now()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status in (Status.AFGESLOTEN, Status.TERUGVERWEZEN):
            raise Refused(_("A closed case is not escalated."))
        term = status_term(case, now=at)
        decision = EscalationDecision.objects.create(
            case=case, status=case.status, from_level=case.escalation, to_level=level,
            term_exceeded=bool(term and term.exceeded(at)), reason=reason.strip(), decided_at=at,
            decided_by=actor if getattr(actor, "pk", None) else None)
        old = case.escalation
        case.escalation = level
        case.save(update_fields=["escalation"])
        audit.record("case_escalated", actor=actor, gemeente=case.gemeente, obj=case,
                     changes={"escalation": [old, level]}, note=decision.reason, status=case.status,
                     term_exceeded=decision.term_exceeded)
    return decision


def set_escalation(case: Case, level: str, *, actor, note: str = "") -> Case:
    """Set the escalation level: a recorded decision (:func:`decide_escalation`), so ``note`` (the reason) is
    required."""
    decide_escalation(case, level, actor=actor, reason=note)
    case.refresh_from_db(fields=["escalation"])
    return case


def add_person(case: Case, *, bsn: str, name: str, role: str, actor, birth_date: str = "", address: str = "",
               informed: bool = False, not_informed_reason: str = "") -> Person:
    """Add a person concerned; the BSN must pass the eleven test; without ``informed`` a reason is required."""
    try:
        bsn = normalise_bsn(bsn)
    except ValueError as exc:
        raise ValidationError({"bsn": _("Not a valid BSN (eleven test).")}) from exc
    if informed:
        not_informed_reason = NotInformedReason.NONE
    elif not not_informed_reason:
        raise ValidationError({"not_informed_reason": _("Give the reason when the person has not been informed.")})
    with transaction.atomic():
        person = Person(case=case, pseudonym=pseudonym(bsn), bsn=bsn, name=name, birth_date=birth_date,
                        address=address, role=role, informed=informed, not_informed_reason=not_informed_reason)
        person.full_clean()
        person.save()
        audit.record("case_person_added", actor=actor, gemeente=case.gemeente, obj=case, person=person.pseudonym,
                     role=role)
    return person


def _require_basis(legal_basis: str, purpose: str | None = None) -> None:
    errors = {}
    if not (legal_basis or "").strip():
        errors["legal_basis"] = _("Refused: a disclosure without a legal basis is not allowed.")
    if purpose is not None and not (purpose or "").strip():
        errors["purpose"] = _("Refused: a disclosure needs its purpose.")
    if errors:
        raise Refused(errors)


def record_disclosure(*, gemeente, pseudonym_: str, from_organisation, to_organisation, category: str,
                      legal_basis: str, purpose: str, actor, case: Case | None = None,
                      at: dt.datetime | None = None) -> Disclosure:
    """Write one disclosure to the ledger; refused (:class:`Refused`) without legal basis or purpose."""
    _require_basis(legal_basis, purpose)
    if category not in Category.values:
        raise ValidationError({"category": _("Unknown data category.")})
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            gemeente=gemeente, case=case, pseudonym=pseudonym_, from_organisation=from_organisation,
            to_organisation=to_organisation, category=category, legal_basis=legal_basis.strip(),
            purpose=purpose.strip(), disclosed_at=at or timezone.now(), recorded_by=actor if getattr(actor, "pk", None)
            else None,
        )
        audit.record("disclosure_recorded", actor=actor, gemeente=gemeente, obj=disclosure, person=pseudonym_,
                     category=category, legal_basis=disclosure.legal_basis, purpose=disclosure.purpose,
                     to=to_organisation.name)
    return disclosure


def grant_participation(case: Case, organisation, *, categories, legal_basis: str, purpose: str, actor,
                        valid_from: dt.datetime | None = None, valid_until: dt.datetime | None = None) -> Participation:
    """Give a partner access to the case for ``categories``; every person's data in those categories is disclosed
    to the partner, so each is recorded in the ledger."""
    _require_basis(legal_basis, purpose)
    categories = [c for c in Category.values if c in set(categories)]
    if not categories:
        raise ValidationError({"categories": _("Choose at least one data category.")})
    if case.status in (Status.AFGESCHAALD, Status.AFGESLOTEN, Status.TERUGVERWEZEN):
        raise Refused(_("A scaled-down or closed case gets no new participations."))
    valid_from = valid_from or timezone.now()
    with transaction.atomic():
        participation = Participation(case=case, organisation=organisation, categories=categories,
                                      legal_basis=legal_basis.strip(), valid_from=valid_from, valid_until=valid_until)
        participation.full_clean()
        participation.save()
        source = _coordinating_organisation(case, actor)
        for person in case.persons.all():
            for category in categories:
                record_disclosure(gemeente=case.gemeente, case=case, pseudonym_=person.pseudonym,
                                  from_organisation=source, to_organisation=organisation, category=category,
                                  legal_basis=legal_basis, purpose=purpose, actor=actor, at=valid_from)
        audit.record("participation_granted", actor=actor, gemeente=case.gemeente, obj=case,
                     organisation=organisation.name, categories=categories, legal_basis=participation.legal_basis)
    return participation


def _end(participation: Participation, at, reason: str, actor) -> None:
    participation.ended_at = at
    participation.end_reason = reason[:200]
    participation.save(update_fields=["ended_at", "end_reason"])
    audit.record("participation_ended", actor=actor, gemeente=participation.case.gemeente, obj=participation.case,
                 organisation=participation.organisation.name, reason=reason)


def end_participation(participation: Participation, *, actor, reason: str = "") -> Participation:
    with transaction.atomic():
        if participation.ended_at is None:
            _end(participation, timezone.now(), reason or "ended by the case coordinator", actor)
    return participation


#: The legal basis recorded for the identifying data a known-check shows the partner asked (setting
#: ``CASES_KNOWN_CHECK_LEGAL_BASIS`` names the gemeente's own convenant article).
KNOWN_CHECK_LEGAL_BASIS = "Wet gegevensverwerking door samenwerkingsverbanden (WGS): bekendheidscheck"


def ask_known_check(case: Case, person: Person, organisation, *, actor,
                    at: dt.datetime | None = None) -> KnownCheck:
    """Ask a partner whether it knows ``person`` (answer: yes/no and a contact; never content). The question lands
    in the partner's inbox, due ``CASES_KNOWN_CHECK_DAYS`` working days later (:func:`.terms.known_check_due`).

    The inbox shows the partner the person's identifying data so that it can look the person up: that is a
    disclosure (category *gewoon*), recorded in the ledger with ``CASES_KNOWN_CHECK_LEGAL_BASIS``, so that an
    inzage lists it."""
    from django.conf import settings

    if case.status in (Status.AFGESLOTEN, Status.TERUGVERWEZEN):
        raise Refused(_("A closed case asks no known-checks."))
    with transaction.atomic():
        asked_at = at or timezone.now()
        check = KnownCheck.objects.create(gemeente=case.gemeente, case=case, pseudonym=person.pseudonym,
                                          asked_by=actor if getattr(actor, "pk", None) else None,
                                          asked_of=organisation, asked_at=asked_at, due_at=known_check_due(asked_at))
        source = _coordinating_organisation(case, actor)
        if source is not None:  # a person asks for an organisation; a system job without one discloses nothing
            record_disclosure(gemeente=case.gemeente, case=case, pseudonym_=person.pseudonym,
                              from_organisation=source, to_organisation=organisation, category=Category.GEWOON,
                              legal_basis=getattr(settings, "CASES_KNOWN_CHECK_LEGAL_BASIS", KNOWN_CHECK_LEGAL_BASIS),
                              purpose="bekendheidscheck: bekend ja/nee en contactorganisatie", actor=actor,
                              at=asked_at)
        audit.record("known_check_asked", actor=actor, gemeente=case.gemeente, obj=case, person=person.pseudonym,
                     asked_of=organisation.name)
    return check


def answer_known_check(check: KnownCheck, *, known: bool, actor, contact=None,
                       at: dt.datetime | None = None) -> KnownCheck:
    """Record a partner's answer: ``known`` yes/no and, when known, the organisation to contact. Never content.

    A ketenpartner answers only questions asked of its own organisation (else :class:`Refused`); the case's
    coordinator may record an answer given by telephone. Only a positive answer opens enrichment (:func:`enrich`).
    """
    from veiligheidsbeeld.accounts.models import Role
    from veiligheidsbeeld.accounts.permissions import role_of

    if check.answered_at is not None:
        raise Refused(_("This known-check has been answered already."))
    if role_of(actor) == Role.KETENPARTNER and (
            check.asked_of_id is None or getattr(_organisation_of(actor), "pk", None) != check.asked_of_id):
        raise Refused(_("Only the organisation asked answers this known-check."))
    with transaction.atomic():
        check.known = bool(known)
        check.contact = (contact or check.asked_of) if known else None
        check.answered_at = at or timezone.now()
        check.answered_by = actor if getattr(actor, "pk", None) else None
        check.save(update_fields=["known", "contact", "answered_at", "answered_by"])
        audit.record("known_check_answered", actor=actor, gemeente=check.gemeente, obj=check.case,
                     person=check.pseudonym, known=check.known,
                     contact=check.contact.name if check.contact else None,
                     asked_of=check.asked_of.name if check.asked_of else None,
                     late=bool(check.due_at and check.answered_at > check.due_at))
    return check


def known_check(user, gemeenten, bsn: str) -> dict:
    """The API's bekendheidsvraag: ``{"known": bool, "contact": organisation name or None}``, nothing else.

    Known means: the person is in an open case of one of ``gemeenten`` (a queryset); the contact is the organisation of that case's
    coordinator (the Zorg- en Veiligheidshuis). Recorded as a :class:`KnownCheck` and audited with the pseudonym.
    """
    person_pseudonym = pseudonym(bsn)  # ValueError on an invalid BSN
    person = (
        Person.objects.filter(pseudonym=person_pseudonym, case__gemeente__in=gemeenten)
        .exclude(case__status__in=[Status.AFGESLOTEN, Status.TERUGVERWEZEN])
        .select_related("case__coordinator__profile__organisation").order_by("-case__registered_at").first()
    )
    contact = None
    gemeente = gemeenten.first()
    if person is not None:
        contact = _coordinating_organisation(person.case, None)
        gemeente = person.case.gemeente
    with transaction.atomic():
        KnownCheck.objects.create(gemeente=gemeente, pseudonym=person_pseudonym, asked_by=user,
                                  known=person is not None, contact=contact, answered_at=timezone.now())
        audit.record("known_check_answered", actor=user, gemeente=gemeente, object_type="person",
                     object_id=person_pseudonym, person=person_pseudonym, known=person is not None, via="api")
    return {"known": person is not None, "contact": contact.name if contact is not None else None}


def enrich(case: Case, person: Person, *, source, category: str, content: str, legal_basis: str, purpose: str,
           actor) -> Information:
    """Share content from ``source`` about ``person`` (verrijking). Refused unless ``source`` answered a
    known-check on this person in this case with *known*, and without a legal basis and purpose."""
    _require_basis(legal_basis, purpose)
    positive = KnownCheck.objects.filter(case=case, pseudonym=person.pseudonym, asked_of=source, known=True)
    if not positive.exists():
        raise Refused(_("Refused: enrichment needs a positive known-check of {} for this person first.").format(
            source.name))
    if not content.strip():
        raise ValidationError({"content": _("Nothing to share.")})
    with transaction.atomic():
        disclosure = record_disclosure(
            gemeente=case.gemeente, case=case, pseudonym_=person.pseudonym, from_organisation=source,
            to_organisation=_coordinating_organisation(case, actor), category=category, legal_basis=legal_basis,
            purpose=purpose, actor=actor,
        )
        info = Information.objects.create(case=case, person=person, source=source, category=category,
                                          content=content, disclosure=disclosure)
        audit.record("case_enriched", actor=actor, gemeente=case.gemeente, obj=case, person=person.pseudonym,
                     source=source.name, category=category)
    return info


def add_measurement(case: Case, person: Person, *, instrument: str, measured_on: dt.date, scores: dict,
                    actor) -> Measurement:
    """Store a life-domain measurement: the instrument's domain names with scores in its range only."""
    spec = INSTRUMENTS.get(instrument)
    if spec is None:
        raise ValidationError({"instrument": _("Unknown instrument.")})
    unknown = sorted(set(scores) - set(spec["domains"]))
    bad = sorted(d for d, v in scores.items() if not (isinstance(v, int) and spec["min"] <= v <= spec["max"]))
    if unknown or bad or not scores:
        raise ValidationError({"scores": _("Scores are whole numbers {lo}-{hi} for the domains of the instrument "
                                           "(unknown: {unknown}; out of range: {bad}).").format(
            lo=spec["min"], hi=spec["max"], unknown=", ".join(unknown) or "-", bad=", ".join(bad) or "-")})
    with transaction.atomic():
        measurement = Measurement.objects.create(case=case, person=person, instrument=instrument,
                                                 measured_on=measured_on, scores=dict(scores))
        audit.record("case_measured", actor=actor, gemeente=case.gemeente, obj=case, person=person.pseudonym,
                     instrument=instrument, domains=len(scores))
    return measurement


def add_intervention(case: Case, *, domain: str, goal: str, kind: str, owner, due: dt.date, actor) -> Intervention:
    with transaction.atomic():
        intervention = Intervention(case=case, domain=domain, goal=goal, kind=kind, owner=owner, due=due)
        intervention.full_clean()
        intervention.save()
        audit.record("intervention_added", actor=actor, gemeente=case.gemeente, obj=case, kind=kind,
                     owner=owner.name, due=due.isoformat())
    return intervention


def set_intervention_status(intervention: Intervention, status: str, *, actor) -> Intervention:
    with transaction.atomic():
        old = intervention.status
        intervention.status = status
        intervention.full_clean()
        intervention.save(update_fields=["status"])
        audit.record("intervention_changed", actor=actor, gemeente=intervention.case.gemeente,
                     obj=intervention.case, changes={"status": [old, status]}, intervention=intervention.pk)
    return intervention


def record_meeting(case: Case, *, kind: str, held_on: dt.date, participants=(), decisions: str = "",
                   actions: str = "", ad_hoc=(), actor) -> Meeting:
    """Record a case meeting; ``ad_hoc`` is ``[(name, organisation, declaration_signed_at)]`` and every ad-hoc
    participant needs a signed confidentiality declaration (else :class:`Refused`)."""
    if any(signed is None for _name, _org, signed in ad_hoc):
        raise Refused(_("Refused: an ad-hoc participant must sign the confidentiality declaration first."))
    with transaction.atomic():
        meeting = Meeting(case=case, kind=kind, held_on=held_on, decisions=decisions, actions=actions)
        meeting.full_clean()
        meeting.save()
        meeting.participants.set(participants)
        for name, organisation, signed in ad_hoc:
            AdHocParticipant.objects.create(meeting=meeting, name=name, organisation=organisation,
                                            declaration_signed_at=signed)
        audit.record("case_meeting_recorded", actor=actor, gemeente=case.gemeente, obj=case, kind=kind,
                     participants=[o.name for o in participants], ad_hoc=len(ad_hoc))
    return meeting


def read_case(case: Case, user, *, purpose: str = "casusregie", via: str = "page") -> None:
    """Audit a read of a case (and so of its persons): one event, with the persons' pseudonyms."""
    audit.record_read(
        user, person=str(case.pk), object_type="cases.case", gemeente=case.gemeente,
        purpose="{} ({})".format(purpose, case.reference), via=via,
        persons=list(case.persons.values_list("pseudonym", flat=True)),
    )


def record_wvggz_report(case: Case, *, received_at: dt.datetime, actor) -> WvggzReport:
    """Register a Wvggz melding; the exploratory investigation's clock starts at ``received_at``."""
    with transaction.atomic():
        report = WvggzReport.objects.create(case=case, received_at=received_at)
        audit.record("wvggz_report_received", actor=actor, gemeente=case.gemeente, obj=case, report=report.pk)
    return report


def update_wvggz_report(report: WvggzReport, *, actor, outcome: str | None = None, explored_at=None,
                        crisis_started_at=None, crisis_extended_at=None, crisis_ended_at=None) -> WvggzReport:
    """Record the outcome of the exploratory investigation and the steps of a crisis measure. A continuation
    without a started crisis measure, or an end before its start, is refused."""
    changes = {}
    for name, value in (("outcome", outcome), ("explored_at", explored_at), ("crisis_started_at", crisis_started_at),
                        ("crisis_extended_at", crisis_extended_at), ("crisis_ended_at", crisis_ended_at)):
        if value not in (None, ""):
            changes[name] = [str(getattr(report, name) or ""), str(value)]
            setattr(report, name, value)
    if report.crisis_extended_at and not report.crisis_started_at:
        raise Refused(_("A continuation needs a started crisis measure."))
    if report.crisis_ended_at and report.crisis_started_at and report.crisis_ended_at < report.crisis_started_at:
        raise Refused(_("A crisis measure cannot end before it started."))
    with transaction.atomic():
        report.full_clean()
        report.save()
        audit.record("wvggz_report_updated", actor=actor, gemeente=report.case.gemeente, obj=report.case,
                     report=report.pk, changes=changes)
    return report


def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def publish_topx_criteria(gemeente, *, rules, peildatum: dt.date, actor, review_months: int = 6) -> TopXCriteria:
    """Publish a new version of the Top-X selection criteria (the previous versions stay as they were)."""
    rules = [r.strip() for r in rules if r and r.strip()]
    if not rules:
        raise ValidationError({"rules": _("Give at least one selection rule.")})
    with transaction.atomic():
        last = TopXCriteria.objects.select_for_update().filter(gemeente=gemeente).order_by("-version").first()
        criteria = TopXCriteria.objects.create(
            gemeente=gemeente, version=(last.version + 1) if last else 1, peildatum=peildatum, rules=rules,
            review_months=review_months, published_by=actor if getattr(actor, "pk", None) else None)
        audit.record("topx_criteria_published", actor=actor, gemeente=gemeente, obj=criteria,
                     version=criteria.version, rules=rules, peildatum=peildatum.isoformat())
    return criteria


def place_on_topx(case: Case, *, reason: str, actor, on: dt.date | None = None) -> TopXPlacement:
    """Inflow: a Top-X case goes on the list under the newest published criteria; its first review is
    ``review_months`` later."""
    if case.case_type != "top_x":
        raise Refused(_("Only a Top-X case goes on the Top-X list."))
    criteria = TopXCriteria.objects.filter(gemeente=case.gemeente).order_by("-version").first()
    if criteria is None:
        raise Refused(_("Publish the Top-X selection criteria first."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason of the inflow.")})
    on = on or timezone.localdate()
    with transaction.atomic():
        placement = TopXPlacement(case=case, criteria=criteria, inflow_on=on, inflow_reason=reason.strip(),
                                  next_review=_add_months(on, criteria.review_months))
        placement.full_clean()
        placement.save()
        audit.record("topx_inflow", actor=actor, gemeente=case.gemeente, obj=case, criteria=criteria.version,
                     reason=placement.inflow_reason)
    return placement


def review_topx(placement: TopXPlacement, *, stays: bool, reason: str, actor,
                on: dt.date | None = None) -> TopXPlacement:
    """The periodic review: the person stays (next review ``review_months`` later) or flows out with a reason."""
    on = on or timezone.localdate()
    if placement.outflow_on is not None:
        raise Refused(_("This placement has ended already."))
    if not stays and not reason.strip():
        raise ValidationError({"reason": _("Give the reason of the outflow.")})
    with transaction.atomic():
        if stays:
            placement.next_review = _add_months(on, placement.criteria.review_months)
        else:
            placement.outflow_on, placement.outflow_reason = on, reason.strip()
        placement.save()
        audit.record("topx_reviewed", actor=actor, gemeente=placement.case.gemeente, obj=placement.case,
                     stays=stays, reason=reason)
    return placement
