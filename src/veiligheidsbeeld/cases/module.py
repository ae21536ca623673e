"""What the casusregie plugs into the platform (:mod:`veiligheidsbeeld.core.modules`): to-dos, the inzage part,
retention with an anonymised residue, and the processing-register entry."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.calendar import AMSTERDAM

from .choices import InterventionStatus, Status
from .identity import pseudonym

__all__ = ["PROCESSING_ACTIVITY", "inzage", "residue_of", "retention_handler", "todos", "triage_deadline"]

RETENTION_CATEGORY = "cases_closed"


def triage_deadline(registered_at: dt.datetime) -> dt.datetime:
    """The weekly ZVH rhythm: registered before Monday 12:00, triaged on the Tuesday after (end of that day).

    A case registered after Monday 12:00 goes to the triage of the week after; a Tuesday that is a public holiday
    moves to the next working day.
    """
    local = timezone.localtime(registered_at, AMSTERDAM)
    monday = local.date() - dt.timedelta(days=local.weekday())
    cutoff = dt.datetime.combine(monday, dt.time(12), tzinfo=AMSTERDAM)
    tuesday = monday + dt.timedelta(days=1 if local < cutoff else 8)
    from veiligheidsbeeld.core.calendar import extend_to_working_day

    day = extend_to_working_day(tuesday)
    return dt.datetime.combine(day, dt.time(23, 59), tzinfo=AMSTERDAM)


def todos(user):
    """A procesregisseur: cases awaiting triage (by the weekly triage), plan reviews and overdue interventions.
    A partner: the open interventions its organisation owns in cases it participates in."""
    from veiligheidsbeeld.accounts.models import Role
    from veiligheidsbeeld.accounts.permissions import role_of
    from veiligheidsbeeld.core.modules import Todo

    from .models import Case, Intervention
    from .permissions import visible_cases

    role = role_of(user)
    if role not in (Role.PROCESREGISSEUR, Role.KETENPARTNER):
        return []

    def end_of(day):  # the start page shows a time: a date term runs to the end of that day
        return dt.datetime.combine(day, dt.time(23, 59), tzinfo=AMSTERDAM)

    now = timezone.now()
    cases = visible_cases(user, Case.objects.all())
    items = []
    if role == Role.PROCESREGISSEUR:
        for case in cases.filter(status__in=[Status.AANGEMELD, Status.TRIAGE]):
            due = triage_deadline(case.registered_at)
            items.append(Todo(_("Triage of case {}").format(case.reference), due,
                              reverse("cases:case", args=[case.pk]), "cases", overdue=due < now))
        for case in cases.filter(next_review__isnull=False).exclude(status=Status.AFGESLOTEN):
            items.append(Todo(_("Review of case {}").format(case.reference), end_of(case.next_review),
                              reverse("cases:case", args=[case.pk]), "cases",
                              overdue=case.next_review < timezone.localdate()))
        from .models import TopXPlacement, WvggzReport

        for placement in TopXPlacement.objects.filter(case__in=cases, outflow_on__isnull=True).select_related("case"):
            items.append(Todo(_("Top-X review of case {}").format(placement.case.reference),
                              end_of(placement.next_review), reverse("cases:topx"), "cases",
                              overdue=placement.next_review < timezone.localdate()))

        for report in WvggzReport.objects.filter(case__in=cases).select_related("case"):
            for title, clock in ((_("Exploratory investigation (Wvggz) in case {}"), report.exploration_clock()),
                                 (_("Crisis measure (Wvggz) ends, case {}"), report.crisis_clock())):
                if clock is not None and clock.is_open():
                    items.append(Todo(title.format(report.case.reference), clock.deadline,
                                      reverse("cases:case", args=[report.case_id]), "cases",
                                      overdue=clock.deadline < now))
        items.extend(_term_todos(cases.open(), now))
        items.extend(_overdue_answer_todos(cases, now))
        interventions = Intervention.objects.filter(case__in=cases, due__lt=timezone.localdate())
    else:
        items.extend(_known_check_todos(user, now))
        interventions = Intervention.objects.filter(case__in=cases, owner_id=user.profile.organisation_id)
    for item in interventions.exclude(status__in=[InterventionStatus.DONE, InterventionStatus.STOPPED]).select_related(
            "case"):
        items.append(Todo(_("Intervention {} in case {}").format(item.domain, item.case.reference), end_of(item.due),
                          reverse("cases:case", args=[item.case_id]), "cases",
                          overdue=item.due < timezone.localdate()))
    return items


def _term_todos(cases, now):
    """The procesregisseur: the status term of each open case, and past it the escalation proposal."""
    from veiligheidsbeeld.core.modules import Todo

    from .choices import Escalation
    from .terms import status_term

    for case in cases.filter(status__in=list(_terms())):
        term = status_term(case, now)
        if term is None:
            continue
        url = reverse("cases:case", args=[case.pk])
        if term.exceeded(now):
            title = (_("Term exceeded in case {}: escalate to {}?").format(case.reference,
                                                                          Escalation(term.proposal).label)
                     if term.proposal else _("Term exceeded in case {} (highest level)").format(case.reference))
            yield Todo(title, term.deadline, url, "cases", overdue=True)
        else:
            yield Todo(_("Term of status {} in case {}").format(Status(case.status).label, case.reference),
                       term.deadline, url, "cases")


def _terms():
    from .terms import status_terms

    return status_terms()


def _overdue_answer_todos(cases, now):
    """The procesregisseur: known-checks of its cases that a partner has not answered by their due time, so that
    a late answer is chased instead of waited for."""
    from veiligheidsbeeld.core.modules import Todo

    from .models import KnownCheck

    overdue = (KnownCheck.objects.filter(case__in=cases.open(), answered_at__isnull=True, due_at__lt=now)
               .select_related("case", "asked_of"))
    for check in overdue:
        yield Todo(_("Known-check in case {} not answered by {}").format(check.case.reference, check.asked_of),
                   check.due_at, reverse("cases:case", args=[check.case_id]), "cases", overdue=True)


def _known_check_todos(user, now):
    """A partner: the known-checks asked of its organisation, not yet answered (inbox), by their due time."""
    from veiligheidsbeeld.accounts.services import gemeenten_for
    from veiligheidsbeeld.core.modules import Todo

    from .models import KnownCheck

    url = reverse("cases:known-checks")
    checks = (KnownCheck.objects.filter(gemeente__in=gemeenten_for(user), case__isnull=False,
                                        answered_at__isnull=True, asked_of_id=user.profile.organisation_id)
              .exclude(case__status__in=[Status.AFGESLOTEN, Status.TERUGVERWEZEN]))
    for check in checks:
        yield Todo(_("Answer a known-check (asked {})").format(timezone.localtime(check.asked_at).strftime("%d-%m")),
                   check.due_at, url, "cases", overdue=bool(check.due_at and check.due_at < now))


def _person_part(person) -> dict:
    return {"role": person.role, "name": person.name, "birth_date": person.birth_date, "address": person.address,
            "informed": person.informed, "not_informed_reason": person.not_informed_reason}


def inzage(bsn: str, user, *, purpose: str = "inzageverzoek (AVG art. 15, WGS contactpunt)") -> dict:
    """The casusregie part of a data-subject export: every case of the person with its data, every disclosure
    about the person, and every read of those cases. The export is itself audited as a read."""
    from veiligheidsbeeld.core.models import AuditEvent

    from .models import Disclosure, KnownCheck, Person

    person_pseudonym = pseudonym(bsn)
    persons = list(Person.objects.filter(pseudonym=person_pseudonym).select_related("case__gemeente", "case__wijk"))
    cases = []
    for person in persons:
        case = person.case
        cases.append({
            "reference": case.reference, "gemeente": case.gemeente.code, "type": case.case_type,
            "status": case.status, "registered_at": case.registered_at.isoformat(),
            "closed_at": case.closed_at.isoformat() if case.closed_at else None,
            "reason": case.reason, "goal": case.goal, "person": _person_part(person),
            "risk_factors": case.risk_factors, "protective_factors": case.protective_factors,
            "participations": [
                {"organisation": p.organisation.name, "categories": p.categories, "legal_basis": p.legal_basis,
                 "valid_from": p.valid_from.isoformat(),
                 "valid_until": p.valid_until.isoformat() if p.valid_until else None,
                 "ended_at": p.ended_at.isoformat() if p.ended_at else None}
                for p in case.participations.select_related("organisation")
            ],
            "information": [
                {"source": i.source.name, "category": i.category, "content": i.content,
                 "recorded_at": i.recorded_at.isoformat()}
                for i in person.information.select_related("source")
            ],
            "measurements": [
                {"instrument": m.instrument, "measured_on": m.measured_on.isoformat(), "scores": m.scores}
                for m in person.measurements.all()
            ],
            "interventions": [
                {"domain": i.domain, "goal": i.goal, "kind": i.kind, "owner": i.owner.name,
                 "due": i.due.isoformat(), "status": i.status}
                for i in case.interventions.select_related("owner")
            ],
            "wvggz_reports": [
                {"received_at": r.received_at.isoformat(), "outcome": r.outcome,
                 "crisis_started_at": r.crisis_started_at.isoformat() if r.crisis_started_at else None,
                 "crisis_ended_at": r.crisis_ended_at.isoformat() if r.crisis_ended_at else None}
                for r in case.wvggz_reports.all()
            ],
            "meetings": [
                {"kind": m.kind, "held_on": m.held_on.isoformat(),
                 "participants": [o.name for o in m.participants.all()], "decisions": m.decisions,
                 "actions": m.actions}
                for m in case.meetings.all()
            ],
        })
    disclosures = [
        {"case": d.case.reference if d.case else None, "from": d.from_organisation.name,
         "to": d.to_organisation.name, "category": d.category, "legal_basis": d.legal_basis, "purpose": d.purpose,
         "at": d.disclosed_at.isoformat()}
        for d in Disclosure.objects.filter(pseudonym=person_pseudonym).select_related(
            "case", "from_organisation", "to_organisation").order_by("disclosed_at", "pk")
    ]
    known_checks = [
        {"asked_at": k.asked_at.isoformat(), "asked_of": k.asked_of.name if k.asked_of else None,
         "known": k.known, "contact": k.contact.name if k.contact else None}
        for k in KnownCheck.objects.filter(pseudonym=person_pseudonym).select_related("asked_of", "contact")
    ]
    case_ids = [str(p.case_id) for p in persons]
    events = AuditEvent.objects.filter(action=audit.PERSON_READ).filter(
        object_type="cases.case", object_id__in=case_ids
    ) | AuditEvent.objects.filter(action=audit.PERSON_READ, object_type="person", object_id=person_pseudonym)
    references = {str(p.case_id): p.case.reference for p in persons}
    reads = [
        {"at": e.created_at.isoformat(), "by": e.actor_label, "organisation": e.organisation,
         "case": references.get(e.object_id), "purpose": e.purpose}
        for e in events.order_by("id")
    ]
    gemeente = persons[0].case.gemeente if persons else None
    audit.record_read(user, person=person_pseudonym, purpose=purpose, gemeente=gemeente, export="inzage",
                      cases=len(cases), disclosures=len(disclosures))
    return {"cases": cases, "disclosures": disclosures, "known_checks": known_checks, "reads": reads}


def residue_of(case) -> dict:
    """The anonymised statistical residue of a case: type, wijk, years, days to plan, life domains improved."""
    days_to_plan = max(0, (case.plan_adopted_at - case.registered_at).days) if case.plan_adopted_at else None
    measured = improved = 0
    main = case.persons.filter(role="hoofdbetrokkene").first()
    if main is not None:
        measurements = list(main.measurements.order_by("measured_on", "pk"))
        if len(measurements) >= 2:
            first, last = measurements[0], measurements[-1]
            common = set(first.scores) & set(last.scores)
            measured = len(common)
            improved = sum(1 for d in common if last.scores[d] - first.scores[d] >= 1)
    return {
        "gemeente": case.gemeente, "case_type": case.case_type, "wijk_code": case.wijk.code if case.wijk else "",
        "registered_year": case.registered_at.year, "closed_year": case.closed_at.year if case.closed_at else None,
        "days_to_plan": days_to_plan, "domains_measured": measured, "domains_improved": improved,
    }


def retention_handler(cutoff: dt.datetime, dry_run: bool) -> int:
    """Cases closed (or referred back) before ``cutoff`` become a :class:`CaseResidue`; the case, its persons,
    participations, known-checks, information, disclosures, measurements, plan and meetings are deleted. Known-checks
    of the API (no case) older than ``cutoff`` are deleted too. Returns the number of cases."""
    from .models import Case, CaseResidue, KnownCheck

    due = Case.objects.filter(closed_at__lt=cutoff)
    if dry_run:
        return due.count()
    count = 0
    with transaction.atomic():
        for case in due.select_related("gemeente", "wijk"):
            CaseResidue.objects.create(**residue_of(case))
            case.delete()
            count += 1
        checks, _by_model = KnownCheck.objects.filter(case__isnull=True, asked_at__lt=cutoff).delete()
        if count or checks:  # the retention_run event records the counts anyway
            audit.record("cases_anonymised", object_type="cases.case", cases=count, known_checks=checks,
                         cutoff=cutoff.isoformat())
    return count


PROCESSING_ACTIVITY = {
    "id": "casusregie",
    "name": "Casusregie persoonsgerichte aanpak (Zorg- en Veiligheidshuis)",
    "purpose": "Multidisciplinaire aanpak van complexe casuïstiek: voorkomen van (herhaald) crimineel of "
               "overlastgevend gedrag en zorg voor betrokkenen (Top-X, verward gedrag, risicojeugd, radicalisering, "
               "huiselijk geweld, mensenhandel, nazorg).",
    "legal_basis": "Wet gegevensverwerking door samenwerkingsverbanden (WGS, Stb. 2024, 198) en Besluit (Stb. 2024, "
                   "380), sinds 1-3-2025; AVG art. 6(1)(e), 9(2)(g) en 10 met UAVG; convenant Zorg- en "
                   "Veiligheidshuis en privacyprotocol. Grondslag per verstrekking vastgelegd.",
    "data_categories": ["BSN, naam, geboortedatum, adres (versleuteld)", "leefgebieden (scores)",
                        "risico- en beschermende factoren", "zorggegevens", "strafrechtelijke gegevens (art. 10)",
                        "bijzondere persoonsgegevens (art. 9)", "verstrekkingen en inzage"],
    "data_subjects": ["hoofdbetrokkenen", "systeemleden", "slachtoffers"],
    "recipients": ["procesregisseurs", "ketenpartners met een actieve deelname (alleen hun gegevenscategorieën)"],
    "retention": [RETENTION_CATEGORY],
    "security": "Need-to-know per casus (deelname), versleuteling van identificerende velden, pseudoniem buiten de "
                "casus, audit van iedere inzage, tweede factor.",
}
