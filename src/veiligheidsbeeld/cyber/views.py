"""Cyber pages: the Digitale veiligheid overview, the incident register with its clocks, the monthly BIO2 report
and ENSIA evidence, the crisis plan with its exercises, and the awareness campaigns.

Need to know: a user outside the security group gets 404 on every incident route (the FG sees breaches only);
see :mod:`.permissions`.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from veiligheidsbeeld.accounts.services import gemeenten_for
from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.calendar import AMSTERDAM
from veiligheidsbeeld.core.disclosure import policy_for
from veiligheidsbeeld.core.visibility import filter_notice

from . import services
from .choices import IncidentStatus
from .forms import (ActionForm, BreachForm, CampaignForm, CbwForm, ExerciseForm, IncidentForm, PlanForm,
                    StatusForm)
from .models import Action, AwarenessCampaign, CrisisPlan, Exercise, Incident
from .permissions import visible_incidents, visible_rows
from .reporting import ensia_evidence, indicators, monthly_report, published_indicators
from .statistics import offender_profile, online_victimisation
from .workflow import InvalidTransition, allowed_next


class State:
    """The chosen gemeente (for the header, the navigation and links)."""

    def __init__(self, gemeente):
        self.gemeente = gemeente

    def query(self) -> str:
        return "gemeente={}".format(self.gemeente.code)


def _state(request, permission: str) -> State:
    """The requested (or first) gemeente of the user, if ``permission`` holds on it; else 404 (need to know)."""
    allowed = gemeenten_for(request.user)
    code = request.GET.get("gemeente") or request.POST.get("gemeente")
    gemeente = allowed.filter(code=code).first() if code else allowed.first()
    if gemeente is None or not request.user.has_perm(permission, gemeente):
        raise Http404(_("Page not found."))
    return State(gemeente)


def _int(value, default: int, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default


def _context(request, state, **extra) -> dict:
    user = request.user
    return {
        "state": state,
        "can_change": user.has_perm("cyber.change_incident", state.gemeente),
        "can_prepare": user.has_perm("cyber.view_preparation", state.gemeente),
        "can_register": user.has_perm("cyber.access_register"),
        **extra,
    }


def _errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def overview(request):
    state = _state(request, "cyber.view_overview")
    now = timezone.now()
    year = _int(request.GET.get("jaar"), now.astimezone(AMSTERDAM).year, 2000, 2100)
    figures = indicators(state.gemeente, year, now=now)
    # the security group reads every incident of the register: its own counts are not hidden from it
    policy = None if request.user.has_perm("cyber.change_incident", state.gemeente) else policy_for(
        request.user, state.gemeente)
    shown = published_indicators(figures, policy)
    return render(request, "cyber/overview.html", _context(request, state, figures=figures, year=year,
                                                            shown=shown, policy=policy,
                                                            online=online_victimisation(state.gemeente),
                                                            offenders=offender_profile(state.gemeente, policy)))


@login_required
def incident_list(request):
    state = _state(request, "cyber.access_register")
    incidents = visible_incidents(request.user, Incident.objects.filter(gemeente=state.gemeente))
    rows = [(i, i.clocks()) for i in incidents.select_related("breach", "cbw")]
    # the FG reads the breaches only; the number of other incidents is the security group's (the overview gives
    # the FG the year's total after disclosure control): no total here
    notice = filter_notice(not request.user.has_perm("cyber.change_incident", state.gemeente), len(rows),
                           what=_("incidents"), reason=_("the data breaches, in which the FG is always involved"),
                           total_is_confidential=True)
    return render(request, "cyber/incidents.html", _context(request, state, rows=rows, now=timezone.now(),
                                                            filter_notice=notice))


@login_required
def incident_create(request):
    state = _state(request, "cyber.change_incident")
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.create_incident(state.gemeente, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("{}?{}".format(reverse("cyber:incident", args=[incident.pk]), state.query()))
    return render(request, "cyber/incident_form.html", _context(request, state, form=form))


def _incident(request, pk: int) -> Incident:
    incident = (
        visible_incidents(request.user, Incident.objects.filter(pk=pk)).select_related("gemeente", "breach", "cbw")
        .first()
    )
    if incident is None or not request.user.has_perm("cyber.view_incident", incident):
        raise Http404(_("Page not found."))
    return incident


_INCIDENT_FORMS = {"status", "breach", "cbw", "action", "done"}


@login_required
def incident_detail(request, pk: int):
    incident = _incident(request, pk)
    state = State(incident.gemeente)
    can_change = request.user.has_perm("cyber.change_incident", incident.gemeente)
    posted = request.POST.get("form") if request.method == "POST" else None
    if posted and (not can_change or posted not in _INCIDENT_FORMS):
        raise Http404(_("Page not found."))
    breach = getattr(incident, "breach", None)
    cbw = getattr(incident, "cbw", None)
    forms = {
        "status": StatusForm(request.POST if posted == "status" else None),
        "breach": BreachForm(request.POST if posted == "breach" else None, instance=breach,
                             initial={} if breach else {"aware_at": incident.discovered_at}),
        "cbw": CbwForm(request.POST if posted == "cbw" else None, instance=cbw,
                       initial={} if cbw else {"aware_at": incident.discovered_at}),
        "action": ActionForm(request.POST if posted == "action" else None),
    }
    forms["status"].fields["status"].choices = [(s, IncidentStatus(s).label) for s in allowed_next(incident.status)]
    if posted:
        done = _handle_incident_post(request, incident, posted, forms)
        if done:
            messages.success(request, _("Saved."))
            return redirect("{}?{}".format(reverse("cyber:incident", args=[incident.pk]), state.query()))
    else:
        services.view_incident(incident, request.user)
    actions = Action.objects.filter(incident=incident).order_by("due", "pk")
    context = _context(request, state, incident=incident, clocks=incident.clocks(), actions=actions, forms=forms,
                       today=timezone.localdate(), can_change=can_change, now=timezone.now())
    return render(request, "cyber/incident.html", context)


def _handle_incident_post(request, incident, posted: str, forms: dict) -> bool:
    user = request.user
    if posted == "done":
        action = Action.objects.filter(incident=incident, pk=request.POST.get("action")).first()
        if action is None:
            raise Http404(_("Page not found."))
        try:
            services.complete_action(action, actor=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return False
        return True
    form = forms[posted]
    if not form.is_valid():
        return False
    try:
        if posted == "status":
            services.change_status(incident, form.cleaned_data["status"], note=form.cleaned_data["note"], actor=user)
        elif posted == "breach":
            services.record_breach(incident, actor=user, **form.cleaned_data)
        elif posted == "cbw":
            services.record_cbw(incident, actor=user, **form.cleaned_data)
        elif posted == "action":
            services.add_action(incident=incident, actor=user, **form.cleaned_data)
    except InvalidTransition as error:
        form.add_error(None, str(error))
        return False
    except ValidationError as error:
        _errors(form, error)
        return False
    return True


def _document(request, state, template: str, context: dict, filename: str, fmt: str):
    """A standalone HTML or PDF document (like the veiligheidsbeeld report), audited as an export."""
    with translation.override(translation.get_language()):
        html = render_to_string(template, {**context, "state": state})
    with transaction.atomic():
        audit.record("cyber_report_exported", actor=request.user, gemeente=state.gemeente, document=filename,
                     format=fmt)
    if fmt == "pdf":
        from veiligheidsbeeld.reports.document import render_pdf

        response = HttpResponse(render_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="{}.pdf"'.format(filename)
        return response
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="{}.html"'.format(filename)
    return response


@login_required
def monthly(request):
    state = _state(request, "cyber.change_incident")
    now = timezone.now()
    local = now.astimezone(AMSTERDAM)
    year = _int(request.GET.get("jaar"), local.year, 2000, 2100)
    month = _int(request.GET.get("maand"), local.month, 1, 12)
    report = monthly_report(state.gemeente, year, month, now=now)
    fmt = request.GET.get("formaat")
    if fmt in ("html", "pdf"):
        return _document(request, state, "cyber/monthly_document.html", {"report": report},
                         "bio2-maandrapportage-{}-{}-{:02d}".format(state.gemeente.code, year, month), fmt)
    months = [(m, dt.date(2000, m, 1)) for m in range(1, 13)]
    return render(request, "cyber/monthly.html", _context(request, state, report=report, months=months))


@login_required
def ensia(request):
    state = _state(request, "cyber.change_incident")
    now = timezone.now()
    year = _int(request.GET.get("jaar"), now.astimezone(AMSTERDAM).year, 2000, 2100)
    evidence = ensia_evidence(state.gemeente, year, now=now)
    fmt = request.GET.get("formaat")
    if fmt in ("html", "pdf"):
        return _document(request, state, "cyber/ensia_document.html", {"evidence": evidence},
                         "ensia-{}-{}".format(state.gemeente.code, year), fmt)
    return render(request, "cyber/ensia.html", _context(request, state, evidence=evidence))


@login_required
def preparation(request):
    state = _state(request, "cyber.view_preparation")
    posted = request.POST.get("form") if request.method == "POST" else None
    if posted and posted not in ("plan", "exercise"):
        raise Http404(_("Page not found."))
    plan_form = PlanForm(request.POST if posted == "plan" else None)
    exercise_form = ExerciseForm(request.POST if posted == "exercise" else None, gemeente=state.gemeente)
    form = {"plan": plan_form, "exercise": exercise_form}.get(posted)
    if form is not None and form.is_valid():
        create = services.create_plan if posted == "plan" else services.create_exercise
        try:
            create(state.gemeente, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("{}?{}".format(reverse("cyber:preparation"), state.query()))
    plans = CrisisPlan.objects.filter(gemeente=state.gemeente).order_by("-pk")
    exercises = Exercise.objects.filter(gemeente=state.gemeente).prefetch_related("actions")
    context = _context(request, state, plans=plans, current=plans.filter(status="adopted").first(),
                       exercises=exercises, plan_form=plan_form, exercise_form=exercise_form)
    return render(request, "cyber/preparation.html", context)


@login_required
def exercise_detail(request, pk: int):
    exercise = visible_rows(request.user, Exercise.objects.filter(pk=pk)).select_related("gemeente", "plan").first()
    if exercise is None or not request.user.has_perm("cyber.view_preparation", exercise.gemeente):
        raise Http404(_("Page not found."))
    state = State(exercise.gemeente)
    posted = request.POST.get("form") if request.method == "POST" else None
    if posted and posted not in ("action", "done"):
        raise Http404(_("Page not found."))
    form = ActionForm(request.POST if posted == "action" else None)
    if posted == "done":
        action = Action.objects.filter(exercise=exercise, pk=request.POST.get("action")).first()
        if action is None:
            raise Http404(_("Page not found."))
        try:
            services.complete_action(action, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("{}?{}".format(reverse("cyber:exercise", args=[exercise.pk]), state.query()))
    if posted == "action" and form.is_valid():
        try:
            services.add_action(exercise=exercise, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("{}?{}".format(reverse("cyber:exercise", args=[exercise.pk]), state.query()))
    actions = exercise.actions.order_by("due", "pk")
    return render(request, "cyber/exercise.html", _context(request, state, exercise=exercise, actions=actions,
                                                            form=form, today=timezone.localdate()))


@login_required
def campaigns(request):
    state = _state(request, "cyber.view_preparation")
    form = CampaignForm(request.POST or None, gemeente=state.gemeente)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_campaign(state.gemeente, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("{}?{}".format(reverse("cyber:campaigns"), state.query()))
    rows = AwarenessCampaign.objects.filter(gemeente=state.gemeente).select_related("measure")
    return render(request, "cyber/campaigns.html", _context(request, state, campaigns=rows, form=form))
