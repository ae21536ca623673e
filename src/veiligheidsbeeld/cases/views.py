"""Case pages: the weekly triage board, the case list ("mijn casussen" for partners), the case page with its
forms, registration, the figures per type and wijk for the bestuur, and the FG's inzage page.

Need-to-know: a partner sees a case only through an active participation, and a case it may not see is a 404
(its existence is not confirmed). Every case page view is audited as a read (:func:`services.read_case`).
"""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from veiligheidsbeeld.accounts.permissions import role_of
from veiligheidsbeeld.accounts.services import gemeenten_for
from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.calendar import AMSTERDAM, Clock
from veiligheidsbeeld.core.visibility import filter_notice
from veiligheidsbeeld.core.disclosure import (
    policy_for,
    protect_table,
    published_count,
    published_median,
    published_share,
)

from . import forms, recidivism, services
from .charts import domain_chart
from .choices import CaseType, Escalation, InterventionStatus, Status
from .indicators import indicators
from .models import Case, WvggzOutcome
from .module import triage_deadline
from .permissions import visible_cases
from .terms import status_term
from .workflow import InvalidTransition, allowed_next


class _State:
    """Template state for the base layout (gemeente name in the header, fictitious banner)."""

    def __init__(self, gemeente):
        self.gemeente = gemeente

    def query(self) -> str:
        return "gemeente={}".format(self.gemeente.code) if self.gemeente else ""


def _gemeente(request):
    allowed = gemeenten_for(request.user)
    code = request.GET.get("gemeente") or request.POST.get("gemeente")
    gemeente = allowed.filter(code=code).first() if code else allowed.first()
    if gemeente is None:
        raise Http404(_("No gemeente available for this account."))
    return gemeente


def _require(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(_("Your role has no access to this page."))


@login_required
def case_list(request):
    """A procesregisseur: every case of the gemeente; a partner: "mijn casussen" (active participations only)."""
    _require(request, "cases.access_cases")
    gemeente = _gemeente(request)
    cases = visible_cases(request.user, Case.objects.filter(gemeente=gemeente)).select_related("wijk", "coordinator")
    show = request.GET.get("status", "")
    if show == "open":
        cases = cases.open()
    mine = role_of(request.user) == "ketenpartner"
    # the number of cases outside the partner's participations is not the partner's to know: no total
    notice = filter_notice(mine, cases, what=_("cases"), total_is_confidential=True,
                           reason=_("those in which your organisation has an active participation"),
                           extra=_("A participation ends when the case is scaled down or closed."))
    context = {"state": _State(gemeente), "cases": cases, "mine": mine, "filter_notice": notice,
               "can_register": request.user.has_perm("cases.register_case"), "show": show}
    return render(request, "cases/list.html", context)


@login_required
def triage_board(request):
    """The weekly triage: cases registered and in triage, with the triage day of their week."""
    _require(request, "cases.register_case")
    gemeente = _gemeente(request)
    now = timezone.now()
    rows = []
    for case in visible_cases(request.user, Case.objects.filter(
            gemeente=gemeente, status__in=[Status.AANGEMELD, Status.TRIAGE, Status.BEKENDHEIDSCHECK])):
        deadline = triage_deadline(case.registered_at)
        rows.append({"case": case, "deadline": deadline, "clock": Clock(deadline).state(now)})
    rows.sort(key=lambda r: r["deadline"])
    local = timezone.localtime(now, AMSTERDAM)
    monday = local.date() - dt.timedelta(days=local.weekday())
    columns = [(s, Status(s).label, [r for r in rows if r["case"].status == s])
               for s in (Status.AANGEMELD, Status.TRIAGE, Status.BEKENDHEIDSCHECK)]
    exceeded = []
    for case in visible_cases(request.user, Case.objects.filter(gemeente=gemeente)).open().order_by("registered_at"):
        term = status_term(case, now)
        if term is not None and term.exceeded(now):
            exceeded.append({"case": case, "term": term,
                             "proposal": Escalation(term.proposal).label if term.proposal else None})
    exceeded.sort(key=lambda r: r["term"].deadline)
    context = {"state": _State(gemeente), "columns": columns, "week_start": monday, "exceeded": exceeded,
               "exceeded_ids": {r["case"].pk: r for r in exceeded},
               "cutoff": dt.datetime.combine(monday, dt.time(12), tzinfo=AMSTERDAM)}
    return render(request, "cases/triage.html", context)


@login_required
def case_create(request):
    _require(request, "cases.register_case")
    gemeente = _gemeente(request)
    form = forms.CaseForm(request.POST or None, gemeente=gemeente)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.register_case(
                gemeente, case_type=data["case_type"], reporter=data["reporter"], actor=request.user,
                coordinator=request.user, wijk=data["wijk"], reason=data["reason"], goal=data["goal"],
                confidentiality=data["confidentiality"],
                criteria={k: data["criterion_" + k] for k in ("multiproblem", "chains", "system", "area")},
                risk_factors=data["risk_factors"], protective_factors=data["protective_factors"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Case {} registered.").format(case.reference))
            return redirect("cases:case", pk=case.pk)
    return render(request, "cases/create.html", {"state": _State(gemeente), "form": form})


def _case(request, pk) -> Case:
    case = (Case.objects.filter(pk=pk, gemeente__in=gemeenten_for(request.user))
            .select_related("gemeente", "wijk", "reporter", "coordinator").first())
    if case is None or not request.user.has_perm("cases.view_case", case):
        raise Http404(_("No such case."))
    return case


def _scope(request, case) -> set[str] | None:
    """The data categories the user may see in ``case`` (None: all, the coordinator)."""
    if request.user.has_perm("cases.change_case", case):
        return None
    active = case.participations.active().filter(organisation_id=request.user.profile.organisation_id)
    return {c for p in active for c in p.categories}


def _apply(request, case) -> bool:
    """Handle one of the case page's forms; returns True when it changed something."""
    kind = request.POST.get("form")
    user = request.user
    try:
        if kind == "status":
            form = forms.StatusForm(request.POST, choices=[(s, Status(s).label) for s in allowed_next(case.status)])
            if form.is_valid():
                services.change_status(case, form.cleaned_data["status"], actor=user, note=form.cleaned_data["note"])
                return True
        elif kind == "escalation":
            form = forms.EscalationForm(request.POST)
            if form.is_valid():
                services.decide_escalation(case, form.cleaned_data["escalation"], actor=user,
                                           reason=form.cleaned_data["note"])
                return True
        elif kind == "person":
            form = forms.PersonForm(request.POST)
            if form.is_valid():
                d = form.cleaned_data
                services.add_person(case, bsn=d["bsn"], name=d["name"], role=d["role"], actor=user,
                                    birth_date=d["birth_date"].isoformat() if d["birth_date"] else "",
                                    address=d["address"], informed=d["informed"],
                                    not_informed_reason=d["not_informed_reason"])
                return True
        elif kind == "participation":
            form = forms.ParticipationForm(request.POST, gemeente=case.gemeente)
            if form.is_valid():
                d = form.cleaned_data
                until = (dt.datetime.combine(d["valid_until"], dt.time(23, 59), tzinfo=AMSTERDAM)
                         if d["valid_until"] else None)
                services.grant_participation(case, d["organisation"], categories=d["categories"],
                                             legal_basis=d["legal_basis"], purpose=d["purpose"], actor=user,
                                             valid_until=until)
                return True
        elif kind == "end-participation":
            participation = case.participations.filter(pk=request.POST.get("participation")).first()
            if participation is not None:
                services.end_participation(participation, actor=user)
                return True
        elif kind == "known-check":
            form = forms.KnownCheckForm(request.POST, case=case)
            if form.is_valid():
                services.ask_known_check(case, form.cleaned_data["person"], form.cleaned_data["organisation"],
                                         actor=user)
                return True
        elif kind == "answer":
            form = forms.AnswerForm(request.POST)
            if form.is_valid():
                check = case.known_checks.filter(pk=form.cleaned_data["check"]).first()
                if check is not None:
                    services.answer_known_check(check, known=form.cleaned_data["known"], actor=user)
                    return True
        elif kind == "enrich":
            form = forms.EnrichForm(request.POST, case=case)
            if form.is_valid():
                d = form.cleaned_data
                services.enrich(case, d["person"], source=d["source"], category=d["category"], content=d["content"],
                                legal_basis=d["legal_basis"], purpose=d["purpose"], actor=user)
                return True
        elif kind == "measurement":
            form = forms.MeasurementForm(request.POST, case=case, instrument=request.POST.get("instrument", "zrm")
                                         if request.POST.get("instrument") in ("zrm", "pga") else "zrm")
            if form.is_valid():
                services.add_measurement(case, form.cleaned_data["person"], instrument=form.cleaned_data["instrument"],
                                         measured_on=form.cleaned_data["measured_on"], scores=form.scores(),
                                         actor=user)
                return True
        elif kind == "intervention":
            form = forms.InterventionForm(request.POST, gemeente=case.gemeente)
            if form.is_valid():
                services.add_intervention(case, actor=user, **form.cleaned_data)
                return True
        elif kind == "intervention-status":
            intervention = case.interventions.filter(pk=request.POST.get("intervention")).first()
            if intervention is not None and request.POST.get("status") in InterventionStatus.values:
                services.set_intervention_status(intervention, request.POST["status"], actor=user)
                return True
            messages.error(request, _("Unknown form."))
            return False
        elif kind == "meeting":
            form = forms.MeetingForm(request.POST, gemeente=case.gemeente)
            if form.is_valid():
                d = form.cleaned_data
                ad_hoc = []
                if d["ad_hoc_name"]:
                    ad_hoc = [(d["ad_hoc_name"], d["ad_hoc_organisation"],
                               timezone.now() if d["ad_hoc_declaration"] else None)]
                services.record_meeting(case, kind=d["kind"], held_on=d["held_on"], participants=d["participants"],
                                        decisions=d["decisions"], actions=d["actions"], ad_hoc=ad_hoc, actor=user)
                return True
        elif kind == "wvggz":
            form = forms.WvggzReportForm(request.POST)
            if form.is_valid():
                services.record_wvggz_report(case, received_at=form.cleaned_data["received_at"], actor=user)
                return True
        elif kind == "wvggz-update":
            form = forms.WvggzUpdateForm(request.POST)
            if form.is_valid():
                report = case.wvggz_reports.filter(pk=form.cleaned_data["report"]).first()
                if report is not None:
                    d = {k: v for k, v in form.cleaned_data.items() if k != "report"}
                    services.update_wvggz_report(report, actor=user, **d)
                    return True
        elif kind == "disclosure":
            form = forms.DisclosureForm(request.POST, case=case)
            if form.is_valid():
                d = form.cleaned_data
                services.record_disclosure(
                    gemeente=case.gemeente, case=case, pseudonym_=d["person"].pseudonym,
                    from_organisation=services._coordinating_organisation(case, user),
                    to_organisation=d["to_organisation"], category=d["category"], legal_basis=d["legal_basis"],
                    purpose=d["purpose"], actor=user)
                return True
        else:
            messages.error(request, _("Unknown form."))
            return False
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, "{}: {}".format(form.fields[field].label if field in form.fields else "",
                                                        error))
    except (ValidationError, InvalidTransition) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
    return False


@login_required
def case_detail(request, pk):
    case = _case(request, pk)
    can_change = request.user.has_perm("cases.change_case", case)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied(_("Only the case coordinator changes a case."))
        if _apply(request, case):
            messages.success(request, _("Saved."))
        return redirect("cases:case", pk=case.pk)
    services.read_case(case, request.user)
    scope = _scope(request, case)
    persons = list(case.persons.all())
    measurements = list(case.measurements.select_related("person"))
    main = next((p for p in persons if p.role == "hoofdbetrokkene"), persons[0] if persons else None)
    chart = domain_chart([m for m in measurements if m.person_id == getattr(main, "pk", None)])
    information = [i for i in case.information.select_related("source", "person")
                   if scope is None or i.category in scope]
    context = {
        "state": _State(case.gemeente), "case": case, "can_change": can_change, "scope": scope,
        "show_persons": scope is None or "gewoon" in scope,
        "show_domains": scope is None or "zorg" in scope,
        "persons": persons, "measurements": measurements, "chart": chart, "information": information,
        "interventions": case.interventions.select_related("owner"),
        "meetings": case.meetings.prefetch_related("participants", "ad_hoc_participants"),
        "history": case.history.select_related("changed_by"),
        "wvggz": [(r, r.exploration_clock(), r.crisis_clock()) for r in case.wvggz_reports.all()],
    }
    if can_change:
        now = timezone.now()
        term = status_term(case, now)
        exceeded = bool(term and term.exceeded(now))
        context.update({
            "term": term, "term_state": term.clock().state(now) if term else None, "term_exceeded": exceeded,
            "proposal": Escalation(term.proposal).label if exceeded and term.proposal else None,
            "escalation_decisions": case.escalation_decisions.select_related("decided_by"),
            "participations": [(p, p.is_active(now)) for p in case.participations.select_related("organisation")],
            "known_checks": case.known_checks.select_related("asked_of", "contact"),
            "disclosures": case.disclosures.select_related("from_organisation", "to_organisation"),
            "status_form": forms.StatusForm(choices=[(s, Status(s).label) for s in allowed_next(case.status)])
            if allowed_next(case.status) else None,
            "escalation_form": forms.EscalationForm(initial={
                "escalation": term.proposal if exceeded and term.proposal else case.escalation}),
            "person_form": forms.PersonForm(),
            "participation_form": forms.ParticipationForm(gemeente=case.gemeente),
            "known_check_form": forms.KnownCheckForm(case=case),
            "enrich_form": forms.EnrichForm(case=case),
            "measurement_form": forms.MeasurementForm(case=case, initial={"measured_on": timezone.localdate()}),
            "intervention_form": forms.InterventionForm(gemeente=case.gemeente),
            "meeting_form": forms.MeetingForm(gemeente=case.gemeente, initial={"held_on": timezone.localdate()}),
            "disclosure_form": forms.DisclosureForm(case=case),
            "wvggz_form": forms.WvggzReportForm(initial={"received_at": timezone.localtime().replace(second=0,
                                                                                                 microsecond=0)}),
            "outcomes": WvggzOutcome.choices,
            "intervention_statuses": InterventionStatus.choices,
            "wvggz_moments": [(n, forms.WvggzUpdateForm.base_fields[n].label) for n in (
                "explored_at", "crisis_started_at", "crisis_extended_at", "crisis_ended_at")],
        })
    return render(request, "cases/case.html", context)


@login_required
def figures(request):
    """Counts per type and wijk (registered, active, closed) after disclosure control, and the indicators."""
    _require(request, "cases.view_figures")
    gemeente = _gemeente(request)
    from veiligheidsbeeld.areas.models import Area, AreaLevel

    result = indicators(gemeente)
    names = dict(Area.objects.filter(gemeente=gemeente, level=AreaLevel.WIJK).values_list("code", "name"))
    codes = sorted({w for (_t, w) in result.registered})
    policy = policy_for(request.user, gemeente)
    tables = []
    for title, counter in ((_("Registered"), result.registered), (_("Active"), result.active),
                           (_("Closed"), result.closed)):
        values = result.table(counter, codes) if codes else [[0] * len(CaseType.values)]
        protected = protect_table(values, policy) if policy else None
        labels = protected.labels() if protected else None
        if labels is None:
            full = [row + [sum(row)] for row in values]
            full.append([sum(col) for col in zip(*full)])
            labels = [[str(v) for v in row] for row in full]
        rows = [(names.get(c, c or _("No wijk")), labels[i]) for i, c in enumerate(codes or [""])]
        tables.append({"title": title, "rows": rows, "total": labels[-1]})
    # For a viewer without small-count rights the share and the median are shown only when every count behind
    # them reaches the threshold: a share of n (or a median of few cases) gives the small counts back.
    share = published_share(result.domains_improved, result.domains_measured, policy)
    measured = None if share is None else published_count(result.domains_measured, policy)
    median = published_median(result.days_to_plan, policy)
    context = {"state": _State(gemeente), "tables": tables, "types": [CaseType(t).label for t in CaseType.values],
               "recidivism": recidivism.published(recidivism.topx_recidivism(gemeente), policy),
               "result": result, "policy": policy, "median": median, "measured": measured,
               "share": None if share is None else round(100 * share)}
    return render(request, "cases/figures.html", context)


@login_required
def inzage_page(request):
    """The FG as WGS contactpunt: one export per person (BSN posted, never in the URL) of every module."""
    _require(request, "cases.inzage")
    gemeente = _gemeente(request)
    form = forms.InzageForm(request.POST or None)
    export = None
    if request.method == "POST" and form.is_valid():
        from veiligheidsbeeld.core.modules import inzage

        from .identity import pseudonym

        try:
            person = pseudonym(form.cleaned_data["bsn"])
        except ValueError:
            form.add_error("bsn", _("Not a valid BSN (eleven test)."))
        else:
            parts = inzage(form.cleaned_data["bsn"], request.user)
            export = {"person": person, **parts.get("cases", {})}
            if request.POST.get("format") == "json":
                response = HttpResponse(json.dumps(export, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
                                        content_type="application/json")
                response["Content-Disposition"] = 'attachment; filename="inzage.json"'
                return response
    shown = None
    if export is not None:  # the page shows dates and labels; the JSON keeps ISO strings and codes
        when = dt.datetime.fromisoformat
        shown = {
            "cases": [{**c, "type": CaseType(c["type"]).label, "status": Status(c["status"]).label}
                      for c in export["cases"]],
            "disclosures": [{**d, "at": when(d["at"])} for d in export["disclosures"]],
            "reads": [{**r, "at": when(r["at"])} for r in export["reads"]],
        }
    return render(request, "cases/inzage.html", {"state": _State(gemeente), "form": form, "export": shown})


@login_required
def topx(request):
    """The Top-X list: published criteria versions, placements with their review dates, in- and outflow, and the
    programme's cost estimate fed by the list size."""
    _require(request, "cases.register_case")
    gemeente = _gemeente(request)
    from decimal import Decimal

    from django.conf import settings

    from veiligheidsbeeld.programmes.estimates import estimate

    from .models import TopXCriteria, TopXPlacement

    cases = visible_cases(request.user, Case.objects.filter(gemeente=gemeente, case_type="top_x")).open()
    placements = TopXPlacement.objects.filter(case__gemeente=gemeente)
    open_cases = cases.exclude(pk__in=placements.filter(outflow_on__isnull=True).values("case_id"))
    if request.method == "POST":
        kind = request.POST.get("form")
        try:
            if kind == "criteria":
                form = forms.TopXCriteriaForm(request.POST)
                if form.is_valid():
                    services.publish_topx_criteria(gemeente, rules=form.cleaned_data["rules"].splitlines(),
                                                   peildatum=form.cleaned_data["peildatum"], actor=request.user,
                                                   review_months=form.cleaned_data["review_months"])
            elif kind == "inflow":
                form = forms.TopXInflowForm(request.POST, cases=open_cases)
                if form.is_valid():
                    services.place_on_topx(form.cleaned_data["case"], reason=form.cleaned_data["reason"],
                                           actor=request.user)
            elif kind == "review":
                form = forms.TopXReviewForm(request.POST)
                if form.is_valid():
                    placement = placements.filter(pk=form.cleaned_data["placement"]).first()
                    if placement is not None:
                        services.review_topx(placement, stays=form.cleaned_data["stays"],
                                             reason=form.cleaned_data["reason"], actor=request.user)
            else:
                form = None
            for field, errors in (form.errors.items() if form is not None else []):
                for error in errors:
                    messages.error(request, error)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("cases:topx")
    today = timezone.localdate()
    year_ago = today - dt.timedelta(days=365)
    current = placements.filter(outflow_on__isnull=True).select_related("case", "criteria")
    size = current.count()
    cost = Decimal(str(getattr(settings, "TOPX_COST_PER_PERSON_PER_YEAR", 15000)))
    context = {
        "state": _State(gemeente),
        "criteria": TopXCriteria.objects.filter(gemeente=gemeente),
        "placements": [(p, Clock(dt.datetime.combine(p.next_review, dt.time(23, 59), tzinfo=AMSTERDAM))
                        .state(timezone.now())) for p in current],
        "size": size,
        "inflow": placements.filter(inflow_on__gte=year_ago).count(),
        "outflow": placements.filter(outflow_on__gte=year_ago).count(),
        "outflows": placements.filter(outflow_on__isnull=False).select_related("case").order_by("-outflow_on")[:20],
        "estimate": estimate(cost, size, 4, "Top-X") if size else None,
        "recidivism": recidivism.published(recidivism.topx_recidivism(gemeente), policy_for(request.user, gemeente)),
        "criteria_form": forms.TopXCriteriaForm(), "inflow_form": forms.TopXInflowForm(cases=open_cases),
        "review_form": forms.TopXReviewForm,
    }
    return render(request, "cases/topx.html", context)


@login_required
def known_check_inbox(request):
    """A partner's inbox of known-checks (bekendheidsvragen) asked of its organisation: answer known yes/no and the
    contact organisation, never content. A question of another organisation is a 404; showing the person to match
    is a read of person data and audited."""
    from .models import KnownCheck, Person

    _require(request, "cases.answer_known_checks")
    gemeente = _gemeente(request)
    organisation_id = request.user.profile.organisation_id
    mine = (KnownCheck.objects.filter(gemeente__in=gemeenten_for(request.user), asked_of_id=organisation_id,
                                      case__isnull=False)
            .exclude(case__status__in=[Status.AFGESLOTEN, Status.TERUGVERWEZEN]))
    open_checks = mine.filter(answered_at__isnull=True)
    organisations = forms._organisations(gemeente)
    if request.method == "POST":
        form = forms.InboxAnswerForm(request.POST, organisations=organisations)
        if form.is_valid():
            check = open_checks.filter(pk=form.cleaned_data["check"]).first()
            if check is None:
                raise Http404(_("No such known-check."))
            try:
                services.answer_known_check(check, known=form.cleaned_data["known"], actor=request.user,
                                            contact=form.cleaned_data["contact"])
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Answer recorded."))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect("cases:known-checks")
    now = timezone.now()
    rows = []
    for check in open_checks.select_related("case", "asked_by__profile__organisation").order_by("due_at", "pk"):
        person = Person.objects.filter(case_id=check.case_id, pseudonym=check.pseudonym).first()
        if person is not None:  # the partner needs the person's identity to look them up in its own files
            audit.record_read(request.user, person=person.pseudonym, purpose="bekendheidsvraag",
                              gemeente=check.gemeente, via="known-check inbox", known_check=check.pk)
        asker = getattr(getattr(check.asked_by, "profile", None), "organisation", None)
        rows.append({"check": check, "person": person, "asker": asker,
                     "clock": Clock(check.due_at).state(now) if check.due_at else None,
                     "form": forms.InboxAnswerForm(organisations=organisations,
                                                   initial={"check": check.pk, "contact": organisation_id})})
    answered = mine.filter(answered_at__isnull=False).select_related("contact").order_by("-answered_at")[:20]
    return render(request, "cases/known_checks.html",
                  {"state": _State(gemeente), "rows": rows, "answered": answered})


@login_required
def algorithm_register(request):
    """The Top-X selection as an Algoritmeregister entry (publicatiestandaard 1.0): the page, or ``?format=json``."""
    from django.http import JsonResponse

    from .algorithm_register import FIELDS, entry

    _require(request, "cases.view_algorithm_register")
    gemeente = _gemeente(request)
    data = entry(gemeente)
    if request.GET.get("format") == "json":
        if data is None:
            raise Http404(_("No Top-X criteria have been published."))
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = 'attachment; filename="algoritmeregister-top-x.json"'
        return response
    rows = []
    if data is not None:
        rows = [(FIELDS[k], ", ".join(v) if isinstance(v, list) else v) for k, v in data.items()]
    return render(request, "cases/algorithm_register.html", {"state": _State(gemeente), "rows": rows})
