"""Public-order pages: the driehoek's week, the calendar, notices, events, cameras, tension signals, youth groups,
the map and the indicators. Thin: permissions via `rules`, writes via :mod:`.services`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from veiligheidsbeeld.accounts.services import gemeenten_for
from veiligheidsbeeld.core.calendar import AMSTERDAM, Clock
from veiligheidsbeeld.core.disclosure import policy_for
from veiligheidsbeeld.core.modules import todos_for

from . import forms, services
from .choices import DemonstrationStatus, RiskClass, SignalPhase, Step
from .deadlines import awb_decision_due, event_application_due, jaarplanning_due
from .indicators import indicators, published
from .models import (
    CameraDesignation,
    CameraUsePeriod,
    Demonstration,
    Event,
    PublicOrderSettings,
    TensionSignal,
    YouthGroup,
)
from .workflow import NAME_LIST_STEPS, STEP_TRANSITIONS, InvalidTransition


@dataclass
class Page:
    gemeente: object
    can_change: bool
    can_signal: bool
    can_youth: bool

    def query(self) -> str:
        return "gemeente={}".format(self.gemeente.code)


def _page(request, permission: str = "publicorder.view") -> Page:
    allowed = gemeenten_for(request.user)
    code = request.GET.get("gemeente") or request.POST.get("gemeente")
    gemeente = allowed.filter(code=code).first() if code else allowed.first()
    if gemeente is None:
        raise Http404(_("No gemeente available for this account."))
    if not rules.has_perm("publicorder.view", request.user, gemeente):
        raise PermissionDenied(_("Your role has no access to public order."))
    if permission != "publicorder.view" and not rules.has_perm(permission, request.user, gemeente):
        raise PermissionDenied(_("Your role may not do this."))
    user = request.user
    return Page(gemeente, rules.has_perm("publicorder.change", user, gemeente),
                rules.has_perm("publicorder.add_signal", user, gemeente),
                rules.has_perm("publicorder.change_youth_group", user, gemeente))


def _object(request, model, pk):
    """An object of one of the user's gemeenten where the user may view public order, else 404."""
    obj = model.objects.filter(pk=pk, gemeente__in=gemeenten_for(request.user)).first()
    if obj is None or not rules.has_perm("publicorder.view", request.user, obj.gemeente):
        raise Http404(_("Not found."))
    return obj


def _errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages if hasattr(exc, "messages") else str(exc))


def _render(request, template, page, **context):
    return render(request, "publicorder/" + template, {"page": page, "state": page, **context})


def _local(moment):
    return timezone.localtime(moment, AMSTERDAM)


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59), tzinfo=AMSTERDAM)


def _event_clock(event, conf):
    due = awb_decision_due(event.received_on, conf.decision_weeks)
    done = _end_of(event.decided_on) if event.decided_on else None
    return due, Clock(_end_of(due), done, dt.timedelta(days=7))


# -- the week and the calendar ---------------------------------------------------------------------------------------


@login_required
def week(request):
    """The driehoek's 'komende week': everything of the next seven days on one page."""
    page = _page(request)
    today = timezone.localdate()
    start = dt.datetime.combine(today, dt.time.min, tzinfo=AMSTERDAM)
    end = start + dt.timedelta(days=8)
    g = page.gemeente
    demos = list(Demonstration.objects.filter(gemeente=g).between(start, end).select_related("wijk")
                 .prefetch_related("decisions"))
    for d in demos:
        d.clock = Clock(d.notice_deadline, d.received_at)
    conf = PublicOrderSettings.for_gemeente(g)
    events = list(Event.objects.filter(gemeente=g, starts_at__lt=end, ends_at__gt=start).select_related("wijk"))
    for e in events:
        e.due, e.clock = _event_clock(e, conf)
    periods = CameraUsePeriod.objects.filter(designation__gemeente=g, starts_at__lt=end, ends_at__gt=start)\
        .select_related("designation")
    signals = TensionSignal.objects.filter(gemeente=g, closed_on__isnull=True,
                                           received_on__gte=today - dt.timedelta(days=14)).select_related("wijk")
    groups = YouthGroup.objects.filter(gemeente=g).exclude(step=Step.CLOSED).select_related("home_wijk")
    todos = [t for t in todos_for(request.user) if t.module == "publicorder"]
    from .models import Operation

    operations = Operation.objects.filter(gemeente=g, starts_on__lte=today + dt.timedelta(days=7),
                                          ends_on__gte=today).prefetch_related("areas")
    return _render(request, "week.html", page, today=today, last=today + dt.timedelta(days=7), demonstrations=demos,
                   events=events, periods=periods, signals=signals, groups=groups, todos=todos,
                   operations=operations)


@login_required
def calendar(request):
    """Demonstrations, events and camera periods of one month, per day."""
    page = _page(request)
    try:
        month = dt.date.fromisoformat((request.GET.get("maand") or "") + "-01")
    except ValueError:
        month = timezone.localdate().replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    start = dt.datetime.combine(month, dt.time.min, tzinfo=AMSTERDAM)
    end = dt.datetime.combine(following, dt.time.min, tzinfo=AMSTERDAM)
    days: dict[dt.date, list] = {}

    from django.urls import reverse

    def add(moment, kind, label, url=""):
        days.setdefault(_local(moment).date(), []).append((_local(moment), kind, label, url))

    g = page.gemeente
    for d in Demonstration.objects.filter(gemeente=g).between(start, end):
        add(max(d.starts_at, start), _("Demonstration"), str(d), reverse("publicorder:demonstration", args=[d.pk]))
    for e in Event.objects.filter(gemeente=g, starts_at__lt=end, ends_at__gt=start):
        add(max(e.starts_at, start), _("Event"), "{} ({})".format(e.name, e.risk_class or "?"), reverse("publicorder:event", args=[e.pk]))
    for p in CameraUsePeriod.objects.filter(designation__gemeente=g, starts_at__lt=end, ends_at__gt=start)\
            .select_related("designation"):
        add(max(p.starts_at, start), _("Cameras in use"), p.designation.title, "")
    rows = [(day, sorted(items, key=lambda i: i[0])) for day, items in sorted(days.items())]
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    return _render(request, "calendar.html", page, month=month, rows=rows, previous=previous, following=following)


# -- WOM notices -----------------------------------------------------------------------------------------------------


@login_required
def demonstrations(request):
    page = _page(request)
    year = int(request.GET.get("jaar") or timezone.localdate().year)
    demos = Demonstration.objects.filter(gemeente=page.gemeente, starts_at__year=year).select_related("wijk")\
        .prefetch_related("decisions")
    return _render(request, "demonstrations.html", page, demonstrations=demos, year=year)


@login_required
def demonstration_new(request):
    page = _page(request, "publicorder.change")
    form = forms.DemonstrationForm(request.POST or None, gemeente=page.gemeente)
    if request.method == "POST" and form.is_valid():
        try:
            demo = services.register_notice(page.gemeente, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Notice registered; on time: {}.").format(_("yes") if demo.on_time else _("no")))
            return redirect("publicorder:demonstration", demo.pk)
    conf = PublicOrderSettings.for_gemeente(page.gemeente)
    return _render(request, "form.html", page, form=form, title=_("Register a notice (WOM)"),
                   intro=_("Notice term of this gemeente: {} hours before the start{}. There is no field for the "
                           "content of the opinions: the WOM does not allow it as a ground.").format(
                       conf.notice_hours, _(", Saturdays, Sundays and public holidays not counted")
                       if conf.notice_working_days_only else ""))


@login_required
def demonstration_detail(request, pk):
    demo = _object(request, Demonstration, pk)
    page = _page(request)
    decision_form = forms.DecisionForm()
    evaluation_form = forms.EvaluationForm()
    purpose_form = forms.PurposeForm()
    organiser = None
    can_organiser = rules.has_perm("publicorder.view_organiser", request.user, demo.gemeente)
    if request.method == "POST":
        action = request.POST.get("form")
        if action == "organiser" and can_organiser:
            purpose_form = forms.PurposeForm(request.POST)
            if purpose_form.is_valid():
                organiser = services.organiser_data(demo, request.user, purpose=purpose_form.cleaned_data["purpose"])
        elif not page.can_change:
            raise PermissionDenied(_("Your role may not do this."))
        elif action == "decision":
            decision_form = forms.DecisionForm(request.POST)
            if decision_form.is_valid():
                try:
                    services.decide_on_demonstration(demo, actor=request.user, **decision_form.cleaned_data)
                except InvalidTransition as exc:
                    decision_form.add_error("ground", str(exc))
                except ValidationError as exc:
                    _errors(decision_form, exc)
                else:
                    messages.success(request, _("Decision recorded."))
                    return redirect("publicorder:demonstration", demo.pk)
        elif action == "known":
            decision = demo.decisions.filter(pk=request.POST.get("decision")).first()
            if decision is None:
                raise Http404(_("Not found."))
            services.make_decision_known(decision, actor=request.user)
            return redirect("publicorder:demonstration", demo.pk)
        elif action == "status":
            try:
                services.set_notice_status(demo, request.POST.get("status", ""), actor=request.user)
            except InvalidTransition as exc:
                messages.error(request, str(exc))
            return redirect("publicorder:demonstration", demo.pk)
        elif action == "evaluation":
            evaluation_form = forms.EvaluationForm(request.POST)
            if evaluation_form.is_valid():
                try:
                    services.evaluate_demonstration(demo, actor=request.user, **evaluation_form.cleaned_data)
                except InvalidTransition as exc:
                    evaluation_form.add_error(None, str(exc))
                else:
                    return redirect("publicorder:demonstration", demo.pk)
        else:
            raise Http404(_("Unknown form."))
    demo.clock = Clock(demo.notice_deadline, demo.received_at)
    decisions = list(demo.decisions.all())
    for d in decisions:
        d.clock = Clock(demo.starts_at, d.made_known_at)
    return _render(request, "demonstration.html", page, demo=demo, decisions=decisions, decision_form=decision_form,
                   evaluation_form=evaluation_form, purpose_form=purpose_form, organiser=organiser,
                   can_organiser=can_organiser, statuses=[DemonstrationStatus.HELD, DemonstrationStatus.WITHDRAWN])


# -- events ----------------------------------------------------------------------------------------------------------


@login_required
def events(request):
    page = _page(request)
    year = int(request.GET.get("jaar") or timezone.localdate().year)
    conf = PublicOrderSettings.for_gemeente(page.gemeente)
    rows = list(Event.objects.filter(gemeente=page.gemeente, starts_at__year=year).select_related("wijk"))
    for e in rows:
        e.due, e.clock = _event_clock(e, conf)
        first = _local(e.starts_at).date()
        e.application_due = event_application_due(first, conf.event_application_weeks)
        e.jaarplanning_due = jaarplanning_due(first, e.visitors, large=conf.jaarplanning_large,
                                              medium=conf.jaarplanning_medium)
    return _render(request, "events.html", page, events=rows, year=year, classes=RiskClass.choices)


@login_required
def event_new(request):
    page = _page(request, "publicorder.change")
    form = forms.EventForm(request.POST or None, gemeente=page.gemeente)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.register_event(page.gemeente, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            return redirect("publicorder:event", event.pk)
    return _render(request, "form.html", page, form=form, title=_("Register an event"), intro="")


@login_required
def event_detail(request, pk):
    event = _object(request, Event, pk)
    page = _page(request)
    classify = forms.ClassifyEventForm(instance=event)
    decide = forms.EventDecisionForm(initial={"decided_on": timezone.localdate()})
    evaluate = forms.EventEvaluationForm()
    if request.method == "POST":
        if not page.can_change:
            raise PermissionDenied(_("Your role may not do this."))
        action = request.POST.get("form")
        try:
            if action == "classify":
                classify = forms.ClassifyEventForm(request.POST, instance=Event.objects.get(pk=event.pk))
                if classify.is_valid():
                    data = dict(classify.cleaned_data)
                    services.classify_event(event, data.pop("risk_class"), actor=request.user, **data)
                    return redirect("publicorder:event", event.pk)
            elif action == "decide":
                decide = forms.EventDecisionForm(request.POST)
                if decide.is_valid():
                    services.decide_event(event, decide.cleaned_data["decision"],
                                          decided_on=decide.cleaned_data["decided_on"], actor=request.user)
                    return redirect("publicorder:event", event.pk)
            elif action == "evaluate":
                evaluate = forms.EventEvaluationForm(request.POST)
                if evaluate.is_valid():
                    services.evaluate_event(event, actor=request.user, **evaluate.cleaned_data)
                    return redirect("publicorder:event", event.pk)
            else:
                raise Http404(_("Unknown form."))
        except ValidationError as exc:
            event = Event.objects.get(pk=event.pk)
            _errors({"classify": classify, "decide": decide}.get(action, evaluate), exc)
    conf = PublicOrderSettings.for_gemeente(page.gemeente)
    event.due, event.clock = _event_clock(event, conf)
    first = _local(event.starts_at).date()
    event.application_due = event_application_due(first, conf.event_application_weeks)
    event.jaarplanning_due = jaarplanning_due(first, event.visitors, large=conf.jaarplanning_large,
                                              medium=conf.jaarplanning_medium)
    return _render(request, "event.html", page, event=event, classify=classify, decide=decide, evaluate=evaluate)


# -- cameras ---------------------------------------------------------------------------------------------------------


@login_required
def cameras(request):
    page = _page(request)
    period_form = forms.CameraPeriodForm()
    evaluation_form = forms.CameraEvaluationForm()
    if request.method == "POST":
        if not page.can_change:
            raise PermissionDenied(_("Your role may not do this."))
        action = request.POST.get("form")
        form = (forms.CameraPeriodForm if action == "period" else forms.CameraEvaluationForm)(request.POST)
        if action not in ("period", "evaluation"):
            raise Http404(_("Unknown form."))
        if form.is_valid():
            data = dict(form.cleaned_data)
            designation = CameraDesignation.objects.filter(gemeente=page.gemeente, pk=data.pop("designation")).first()
            if designation is None:
                raise Http404(_("Not found."))
            try:
                if action == "period":
                    services.add_camera_period(designation, actor=request.user, **data)
                else:
                    services.evaluate_cameras(designation, actor=request.user, **data)
            except ValidationError as exc:
                _errors(form, exc)
            else:
                return redirect("{}?{}".format(request.path, page.query()))
        if action == "period":
            period_form = form
        else:
            evaluation_form = form
    today = timezone.localdate()
    designations = list(CameraDesignation.objects.filter(gemeente=page.gemeente).prefetch_related("periods"))
    posted = str(request.POST.get("designation", ""))
    for c in designations:
        c.active = c.valid_from <= today <= c.valid_until
        c.period_form = period_form if posted == str(c.pk) and period_form.is_bound else forms.CameraPeriodForm(
            initial={"designation": c.pk}, auto_id="p{}_%s".format(c.pk))
        c.evaluation_form = (evaluation_form if posted == str(c.pk) and evaluation_form.is_bound
                             else forms.CameraEvaluationForm(initial={"designation": c.pk},
                                                             auto_id="e{}_%s".format(c.pk)))
        c.clock = Clock(_end_of(c.evaluation_due), _end_of(c.evaluated_on) if c.evaluated_on else None,
                        dt.timedelta(days=30))
    return _render(request, "cameras.html", page, designations=designations, period_form=period_form,
                   evaluation_form=evaluation_form)


@login_required
def camera_new(request):
    page = _page(request, "publicorder.change")
    form = forms.CameraForm(request.POST or None, gemeente=page.gemeente)
    if request.method == "POST" and form.is_valid():
        try:
            services.designate_cameras(page.gemeente, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            return redirect("{}?{}".format(reverse_cameras(), page.query()))
    return _render(request, "form.html", page, form=form, title=_("Designate camera surveillance (art. 151c)"),
                   intro=_("Only the decision is recorded: camera images never enter this system."))


def reverse_cameras():
    from django.urls import reverse

    return reverse("publicorder:cameras")


# -- tension signals -------------------------------------------------------------------------------------------------


@login_required
def signals(request):
    page = _page(request)
    form = forms.SignalForm(request.POST or None, gemeente=page.gemeente,
                            initial={"received_on": timezone.localdate()})
    if request.method == "POST":
        if not page.can_signal:
            raise PermissionDenied(_("Your role may not do this."))
        if form.is_valid():
            try:
                services.record_signal(page.gemeente, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, _("Signal recorded."))
                return redirect("{}?{}".format(request.path, page.query()))
    rows = TensionSignal.objects.filter(gemeente=page.gemeente).select_related("wijk")[:200]
    return _render(request, "signals.html", page, signals=rows, form=form)


# -- youth groups ----------------------------------------------------------------------------------------------------


@login_required
def youth_groups(request):
    """The tracker: groups per step of the 7-stappenmodel, with priority and mobility (aggregates, no names)."""
    page = _page(request)
    groups = list(YouthGroup.objects.filter(gemeente=page.gemeente).select_related("home_wijk")
                  .prefetch_related("seen_in"))
    columns = [(value, label, [g for g in groups if g.step == value]) for value, label in Step.choices]
    return _render(request, "youth_groups.html", page, columns=columns, groups=groups)


@login_required
def youth_group_new(request):
    page = _page(request, "publicorder.change_youth_group")
    form = forms.YouthGroupForm(request.POST or None, gemeente=page.gemeente)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            group = services.register_youth_group(page.gemeente, seen_in=data.pop("seen_in"), actor=request.user,
                                                  **data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            return redirect("publicorder:youth-group", group.pk)
    return _render(request, "form.html", page, form=form, title=_("Register a youth group (step 1)"),
                   intro=_("Use a working name (a place or code), never the name of a person."))


@login_required
def youth_group_detail(request, pk):
    group = _object(request, YouthGroup, pk)
    page = _page(request)
    allowed = STEP_TRANSITIONS[group.step]
    step_form = forms.StepForm(allowed=allowed)
    priority_form = forms.PriorityForm(initial={"priority": group.priority, "set_on": timezone.localdate()})
    duiding_form = forms.DuidingForm(instance=group, gemeente=page.gemeente)
    access_form = forms.NameListAccessForm(gemeente=page.gemeente)
    if request.method == "POST":
        action = request.POST.get("form")
        if action == "priority" and not page.can_change:
            raise PermissionDenied(_("Your role may not do this."))
        if action != "priority" and not page.can_youth:
            raise PermissionDenied(_("Your role may not do this."))
        try:
            if action == "step":
                step_form = forms.StepForm(request.POST, allowed=allowed)
                if step_form.is_valid():
                    services.change_step(group, step_form.cleaned_data["step"], note=step_form.cleaned_data["note"],
                                         actor=request.user)
                    return redirect("publicorder:youth-group", group.pk)
            elif action == "priority":
                priority_form = forms.PriorityForm(request.POST)
                if priority_form.is_valid():
                    services.set_youth_priority(group, priority_form.cleaned_data["priority"],
                                                set_on=priority_form.cleaned_data["set_on"], actor=request.user)
                    return redirect("publicorder:youth-group", group.pk)
            elif action == "duiding":
                duiding_form = forms.DuidingForm(request.POST, instance=YouthGroup.objects.get(pk=group.pk),
                                                 gemeente=page.gemeente)
                if duiding_form.is_valid():
                    data = dict(duiding_form.cleaned_data)
                    services.update_youth_duiding(group, seen_in=data.pop("seen_in"), actor=request.user, **data)
                    return redirect("publicorder:youth-group", group.pk)
            elif action == "access":
                access_form = forms.NameListAccessForm(request.POST, gemeente=page.gemeente)
                if access_form.is_valid():
                    services.grant_name_list_access(group, access_form.cleaned_data["organisation"],
                                                    legal_basis=access_form.cleaned_data["legal_basis"],
                                                    actor=request.user)
                    return redirect("publicorder:youth-group", group.pk)
            else:
                raise Http404(_("Unknown form."))
        except (ValidationError, InvalidTransition) as exc:
            messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
            return redirect("publicorder:youth-group", group.pk)
    return _render(request, "youth_group.html", page, group=group, step_form=step_form, allowed=allowed,
                   priority_form=priority_form, duiding_form=duiding_form, access_form=access_form,
                   history=group.history.select_related("changed_by"),
                   access=group.name_list_access.select_related("organisation"),
                   name_list_open=group.step in NAME_LIST_STEPS,
                   may_see_names=rules.has_perm("publicorder.view_name_list", request.user, group))


@login_required
def name_list(request, pk):
    """The name list: from step 2B, for the procesregisseur and partners with a recorded basis; reads audited."""
    group = _object(request, YouthGroup, pk)
    page = _page(request)
    if not rules.has_perm("publicorder.view_name_list", request.user, group):
        raise PermissionDenied(_("The name list opens from step 2B, for the procesregisseur and partners with a "
                                 "recorded legal basis."))
    purpose_form = forms.PurposeForm()
    member_form = forms.MemberForm()
    members = None
    if request.method == "POST":
        action = request.POST.get("form")
        if action == "read":
            purpose_form = forms.PurposeForm(request.POST)
            if purpose_form.is_valid():
                members = services.name_list(group, request.user, purpose=purpose_form.cleaned_data["purpose"])
        elif action == "add":
            member_form = forms.MemberForm(request.POST)
            if member_form.is_valid():
                services.add_member(group, actor=request.user, **member_form.cleaned_data)
                messages.success(request, _("Added to the name list."))
                return redirect("publicorder:name-list", group.pk)
        else:
            raise Http404(_("Unknown form."))
    return _render(request, "name_list.html", page, group=group, members=members, purpose_form=purpose_form,
                   member_form=member_form, count=group.members.count())


# -- map and indicators ----------------------------------------------------------------------------------------------


@login_required
def map_page(request):
    page = _page(request)
    return _render(request, "map.html", page)


@login_required
@require_GET
def map_geojson(request):
    """Camera areas, demonstration routes and events of the coming weeks, and tension signals per wijk (counts)."""
    page = _page(request)
    g = page.gemeente
    now = timezone.now()
    features = []
    for c in CameraDesignation.objects.filter(gemeente=g, valid_until__gte=timezone.localdate()):
        features.append({"type": "Feature", "geometry": c.area,
                         "properties": {"layer": "camera", "label": c.title, "mode": c.get_mode_display()}})
    for d in Demonstration.objects.filter(gemeente=g, ends_at__gte=now, route__isnull=False)[:100]:
        features.append({"type": "Feature", "geometry": d.route,
                         "properties": {"layer": "demonstration", "label": str(d)}})
    for e in Event.objects.filter(gemeente=g, ends_at__gte=now, geometry__isnull=False)[:100]:
        features.append({"type": "Feature", "geometry": e.geometry,
                         "properties": {"layer": "event", "label": "{} ({})".format(e.name, e.risk_class or "?")}})
    counts: dict[int, int] = {}
    since = timezone.localdate() - dt.timedelta(days=90)
    for wijk_id in TensionSignal.objects.filter(gemeente=g, received_on__gte=since).values_list("wijk", flat=True):
        counts[wijk_id] = counts.get(wijk_id, 0) + 1
    from veiligheidsbeeld.areas.models import Area

    for wijk in Area.objects.filter(pk__in=counts, geometry__isnull=False):
        features.append({"type": "Feature", "geometry": wijk.geometry,
                         "properties": {"layer": "signals", "label": "{}: {}".format(wijk.name, counts[wijk.pk]),
                                        "count": counts[wijk.pk]}})
    return JsonResponse({"type": "FeatureCollection", "features": features})


@login_required
def indicators_page(request):
    page = _page(request)
    year = int(request.GET.get("jaar") or timezone.localdate().year)
    policy = policy_for(request.user, page.gemeente)
    result = published(indicators(page.gemeente, year), policy)
    return _render(request, "indicators.html", page, ind=result, year=year, policy=policy, phases=dict(SignalPhase.choices),
                   steps=dict(Step.choices))


# -- operations (Oud & Nieuw) ----------------------------------------------------------------------------------------


@login_required
def operations(request):
    from .models import Operation

    page = _page(request)
    rows = Operation.objects.filter(gemeente=page.gemeente).prefetch_related("areas")
    return _render(request, "operations.html", page, operations=rows)


@login_required
def operation_new(request):
    page = _page(request, "publicorder.change")
    form = forms.OperationForm(request.POST or None, gemeente=page.gemeente)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            operation = services.create_operation(page.gemeente, themes=data.pop("themes"), actor=request.user,
                                                  **data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            return redirect("publicorder:operation", operation.pk)
    return _render(request, "form.html", page, form=form, title=_("New operation"),
                   intro=_("For example Oud & Nieuw: the period, the measures and the themes to compare year on year."))


@login_required
def operation_detail(request, pk):
    from .models import Operation
    from .operations import compare

    operation = _object(request, Operation, pk)
    page = _page(request)
    area_form = forms.OperationAreaForm(gemeente=page.gemeente)
    evaluation_form = forms.OperationEvaluationForm(initial={"evaluation": operation.evaluation})
    if request.method == "POST":
        if not page.can_change:
            raise PermissionDenied(_("Your role may not do this."))
        action = request.POST.get("form")
        if action == "area":
            area_form = forms.OperationAreaForm(request.POST, gemeente=page.gemeente)
            if area_form.is_valid():
                try:
                    services.add_operation_area(operation, actor=request.user, **area_form.cleaned_data)
                except ValidationError as exc:
                    _errors(area_form, exc)
                else:
                    return redirect("publicorder:operation", operation.pk)
        elif action == "evaluation":
            evaluation_form = forms.OperationEvaluationForm(request.POST)
            if evaluation_form.is_valid():
                services.evaluate_operation(operation, actor=request.user, **evaluation_form.cleaned_data)
                return redirect("publicorder:operation", operation.pk)
        else:
            raise Http404(_("Unknown form."))
    themes = list(operation.themes.order_by("code"))
    rows = compare(operation)
    table = [(row, [row.counts[t.code] for t in themes]) for row in rows]
    return _render(request, "operation.html", page, operation=operation, areas=operation.areas.select_related("wijk"),
                   themes=themes, table=table, area_form=area_form, evaluation_form=evaluation_form)
