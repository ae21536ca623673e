"""Screens of the undermining module: thin views over the services (writes) and the overview (reads)."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from veiligheidsbeeld.accounts.services import gemeenten_for
from veiligheidsbeeld.core.calendar import ClockState
from veiligheidsbeeld.core.disclosure import SECRET, policy_for, published_counts
from veiligheidsbeeld.core.visibility import filter_notice
from veiligheidsbeeld.undermining.vulnerability import COMPONENT_LABELS, weights_from_settings

from . import ftm, services
from .area_vulnerability import LEVELS, component_labels, vulnerability_rows
from .bibob_clock import ADVICE_WEEKS, MAX_EXTENSION_WEEKS
from .forms import (
    BarrierForm,
    BarrierLinksForm,
    BibobDossierForm,
    BibobStepForm,
    DisclosureForm,
    DossierForm,
    EntityToSignalForm,
    ImportForm,
    InterventionForm,
    SignalForm,
    SignalStatusForm,
    SignalToDossierForm,
    StuurgroepForm,
    TemplateForm,
)
from .models import Barrier, BarrierModel, BibobDossier, Dossier, Signal
from .overview import overview
from .permissions import visible_bibob, visible_dossiers, visible_signals
from .workflow import InvalidTransition, allowed_next

DOSSIER_PURPOSE = "RIEC dossier work (dossier team)"
BIBOB_PURPOSE = "Bibob procedure (Wet Bibob art. 28)"


def _gemeente(request, permission: str):
    allowed = gemeenten_for(request.user)
    code = request.GET.get("gemeente") or request.POST.get("gemeente")
    gemeente = allowed.filter(code=code).first() if code else allowed.first()
    if gemeente is None:
        raise Http404(_("No gemeente available for this account."))
    if not rules.has_perm(permission, request.user, gemeente):
        raise PermissionDenied(_("Your role has no access to this part of the undermining module."))
    return gemeente


def _errors(exc: ValidationError) -> str:
    return "; ".join(exc.messages)


@require_safe
@login_required
def overview_page(request):
    gemeente = _gemeente(request, "undermining.view_overview")
    policy = policy_for(request.user, gemeente)
    figures = overview(gemeente, timezone.localdate(), policy)
    themes, sectors, wijken, groups = figures.by_theme, figures.by_sector, figures.by_wijk, figures.by_group
    names = list(figures.weights)
    vuln_rows = [{"area": area, "z": [score.z.get(n) for n in names], "score": score.score}
                 for area, score in figures.vulnerability]
    return render(request, "undermining/overview.html", {
        "vuln_rows": vuln_rows,
        "gemeente": gemeente, "figures": figures, "themes": themes, "sectors": sectors, "wijken": wijken,
        "groups": groups, "components": [(COMPONENT_LABELS.get(name, name), weight) for name, weight in figures.weights.items()], "policy": policy,
        "can_signals": request.user.has_perm("undermining.view_signals", gemeente),
        "can_bibob": request.user.has_perm("undermining.view_bibob", gemeente),
    })


@login_required
def signals_page(request):
    gemeente = _gemeente(request, "undermining.view_signals")
    form = SignalForm(request.POST or None, gemeente=gemeente)
    if request.method == "POST" and form.is_valid():
        try:
            signal = services.receive_signal(gemeente, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("Signal registered."))
            return redirect("undermining:signal", signal.pk)
    signals = visible_signals(request.user, Signal.objects.filter(gemeente=gemeente)).select_related("area")
    theme = request.GET.get("theme")
    if theme:
        signals = signals.filter(theme=theme)
    return render(request, "undermining/signals.html", {"gemeente": gemeente, "signals": signals[:200],
                                                         "form": form})


@login_required
def signal_detail(request, pk):
    signal = get_object_or_404(visible_signals(request.user, Signal.objects.all()), pk=pk)
    form = SignalStatusForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("undermining.add_signal", signal.gemeente):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.change_signal_status(signal, form.cleaned_data["status"], actor=request.user,
                                              weighing=form.cleaned_data["weighing"], note=form.cleaned_data["note"])
            except (InvalidTransition, ValidationError) as exc:
                form.add_error(None, str(exc) if isinstance(exc, InvalidTransition) else _errors(exc))
            else:
                messages.success(request, _("Status changed."))
                return redirect("undermining:signal", signal.pk)
    return render(request, "undermining/signal.html", {
        "signal": signal, "form": form, "next": allowed_next(signal.status),
        "history": signal.history.select_related("changed_by"),
    })


@login_required
def dossiers_page(request):
    gemeente = _gemeente(request, "undermining.access")
    can_create = request.user.has_perm("undermining.add_dossier", gemeente)
    form = DossierForm(request.POST or None)
    if request.method == "POST":
        if not can_create:
            raise PermissionDenied
        if form.is_valid():
            try:
                dossier = services.create_dossier(gemeente, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                return redirect("undermining:dossier", dossier.pk)
    dossiers = visible_dossiers(request.user, Dossier.objects.filter(gemeente=gemeente))
    # every role sees only the dossiers of its teams; how many others exist is not revealed: no total
    notice = filter_notice(True, dossiers, what=_("dossiers"), reason=_("those whose team you are on"),
                           total_is_confidential=True)
    return render(request, "undermining/dossiers.html", {"gemeente": gemeente, "dossiers": dossiers, "form": form,
                                                          "can_create": can_create, "filter_notice": notice})


def _dossier(request, pk) -> Dossier:
    """The dossier if the user is on its team, else 404 (its existence is not revealed)."""
    dossier = visible_dossiers(request.user, Dossier.objects.all()).filter(pk=pk).first()
    if dossier is None or not request.user.has_perm("undermining.view_dossier", dossier):
        raise Http404(_("No such dossier."))
    return dossier


@login_required
def dossier_detail(request, pk):
    dossier = _dossier(request, pk)
    intervention_form = InterventionForm(request.POST if request.POST.get("form") == "intervention" else None)
    import_form = ImportForm(request.POST if request.POST.get("form") == "import" else None)
    stuurgroep_form = StuurgroepForm(request.POST if request.POST.get("form") == "stuurgroep" else None)
    if request.method == "POST":
        if not request.user.has_perm("undermining.change_dossier", dossier):
            raise PermissionDenied
        try:
            if request.POST.get("form") == "intervention" and intervention_form.is_valid():
                services.add_intervention(dossier, actor=request.user, **intervention_form.cleaned_data)
                messages.success(request, _("Intervention added."))
                return redirect("undermining:dossier", dossier.pk)
            if request.POST.get("form") == "stuurgroep" and stuurgroep_form.is_valid():
                services.report_to_stuurgroep(dossier, stuurgroep_form.cleaned_data["on"], actor=request.user)
                messages.success(request, _("Report to the stuurgroep recorded."))
                return redirect("undermining:dossier", dossier.pk)
            if request.POST.get("form") == "import" and import_form.is_valid():
                data = import_form.cleaned_data
                summary = services.import_network(dossier, data["data"], actor=request.user,
                                                  legal_basis=data["legal_basis"], provenance=data["provenance"])
                messages.success(request, _("Imported: {added} new entities, {links} links.").format(
                    added=summary["entities_added"], links=summary["links"]))
                return redirect("undermining:dossier", dossier.pk)
        except (ValidationError, ftm.FtmError) as exc:
            target = import_form if request.POST.get("form") == "import" else intervention_form
            target.add_error(None, _errors(exc) if isinstance(exc, ValidationError) else str(exc))
    services.read_dossier(dossier, actor=request.user, purpose=DOSSIER_PURPOSE)
    return render(request, "undermining/dossier.html", {
        "dossier": dossier,
        "interventions": dossier.interventions.select_related("owner"),
        "signals": dossier.signals.select_related("area"),
        "entities": dossier.entities.all(),
        "links": dossier.links.select_related("source", "target"),
        "team": dossier.team.order_by("username"),
        "intervention_form": intervention_form, "import_form": import_form, "stuurgroep_form": stuurgroep_form,
    })


@require_safe
@login_required
def dossier_network(request, pk):
    dossier = _dossier(request, pk)
    services.read_dossier(dossier, actor=request.user, purpose=DOSSIER_PURPOSE, what="network")
    entities = list(dossier.entities.all())
    links = list(dossier.links.select_related("source", "target"))
    graph = {
        "nodes": [{"id": e.ftm_id, "label": e.caption, "schema": e.schema} for e in entities],
        "edges": [{"id": link.ftm_id, "source": link.source.ftm_id, "target": link.target.ftm_id,
                   "label": link.get_schema_display() + (" {}%".format(format(link.percentage.normalize(), "f"))
                                                         if link.percentage is not None else ""),
                   "weight": link.weight} for link in links],
    }
    return render(request, "undermining/network.html", {"dossier": dossier, "graph": graph, "entities": entities,
                                                         "links": links})


@require_safe
@login_required
def dossier_export(request, pk):
    dossier = _dossier(request, pk)
    purpose = request.GET.get("purpose", "").strip() or "export to Aleph ({})".format(DOSSIER_PURPOSE)
    body = services.export_network(dossier, actor=request.user, purpose=purpose)
    response = HttpResponse(body, content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="{}.ftm.json"'.format(dossier.reference)
    return response


def _clock_rows(dossiers, today, now):
    rows = []
    for d in dossiers:
        clock = d.clock()
        advice_clock = clock.advice_clock()
        decision_clock = clock.decision_clock(today)
        rows.append({
            "dossier": d,
            "advice_deadline": clock.advice_deadline(),
            "advice_state": advice_clock.state(now) if advice_clock else None,
            "suspended_days": clock.suspended_days(today),
            "suspended": clock.is_suspended(today),
            "decision_deadline": clock.decision_deadline(today),
            "decision_state": decision_clock.state(now),
        })
    return rows


@require_safe
@login_required
def bibob_page(request):
    gemeente = _gemeente(request, "undermining.view_bibob")
    dossiers = visible_bibob(request.user, BibobDossier.objects.filter(gemeente=gemeente)).select_related(
        "responsible")
    rows = _clock_rows(dossiers, timezone.localdate(), timezone.now())
    return render(request, "undermining/bibob_list.html", {
        "gemeente": gemeente, "rows": rows, "advice_weeks": ADVICE_WEEKS, "extension_weeks": MAX_EXTENSION_WEEKS,
        "states": ClockState,
        "can_create": request.user.has_perm("undermining.change_bibob", gemeente),
    })


def _bibob_step(dossier, data, actor):
    step, on = data["step"], data["on"]
    if step == "own":
        return services.record_own_investigation(dossier, on, findings=data["findings"], actor=actor)
    if step == "request":
        return services.request_advice(dossier, on, actor=actor)
    if step == "extend":
        return services.extend_advice(dossier, data["weeks"] or 0, actor=actor)
    if step == "receive":
        return services.receive_advice(dossier, on, data["outcome"], actor=actor)
    if step == "art32":
        return services.notify_art32(dossier, on, actor=actor)
    if step == "zienswijze_request":
        return services.request_zienswijze(dossier, on, actor=actor)
    if step == "zienswijze_receive":
        return services.receive_zienswijze(dossier, on, actor=actor)
    return services.decide_bibob(dossier, data["decision"], on, actor=actor)


@login_required
def bibob_detail(request, pk):
    dossier = get_object_or_404(visible_bibob(request.user, BibobDossier.objects.all()), pk=pk)
    step_form = BibobStepForm(request.POST if request.POST.get("form") == "step" else None)
    disclosure_form = DisclosureForm(request.POST if request.POST.get("form") == "disclosure" else None)
    if request.method == "POST":
        if not request.user.has_perm("undermining.change_bibob", dossier.gemeente):
            raise PermissionDenied
        try:
            if request.POST.get("form") == "step" and step_form.is_valid():
                _bibob_step(dossier, step_form.cleaned_data, request.user)
                messages.success(request, _("Step recorded."))
                return redirect("undermining:bibob", dossier.pk)
            if request.POST.get("form") == "disclosure" and disclosure_form.is_valid():
                services.disclose_bibob(dossier, actor=request.user, **disclosure_form.cleaned_data)
                messages.success(request, _("Disclosure recorded."))
                return redirect("undermining:bibob", dossier.pk)
        except ValidationError as exc:
            target = step_form if request.POST.get("form") == "step" else disclosure_form
            target.add_error(None, _errors(exc))
    services.read_bibob(dossier, actor=request.user, purpose=BIBOB_PURPOSE)
    row = _clock_rows([dossier], timezone.localdate(), timezone.now())[0]
    return render(request, "undermining/bibob.html", {
        "dossier": dossier, "row": row, "step_form": step_form, "disclosure_form": disclosure_form,
        "disclosures": dossier.disclosures.select_related("disclosed_by"),
        "can_edit": request.user.has_perm("undermining.change_bibob", dossier.gemeente),
    })


@login_required
def barriers_page(request):
    gemeente = _gemeente(request, "undermining.view_barriers")
    can_edit = request.user.has_perm("undermining.change_barriers", gemeente)
    form = TemplateForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            model = services.model_from_template(gemeente, form.cleaned_data["template"], actor=request.user)
            return redirect("undermining:barrier", model.pk)
    models = BarrierModel.objects.filter(gemeente=gemeente).prefetch_related("steps__barriers")
    return render(request, "undermining/barriers.html", {"gemeente": gemeente, "models": models, "form": form,
                                                          "can_edit": can_edit})


@login_required
def barrier_detail(request, pk):
    model = get_object_or_404(BarrierModel.objects.filter(gemeente__in=gemeenten_for(request.user)), pk=pk)
    if not request.user.has_perm("undermining.view_barriers", model.gemeente):
        raise Http404
    can_edit = request.user.has_perm("undermining.change_barriers", model.gemeente)
    form = BarrierForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            step = get_object_or_404(model.steps, pk=form.cleaned_data["step"])
            try:
                services.add_barrier(step, measure=form.cleaned_data["measure"], owner=form.cleaned_data["owner"],
                                     status=form.cleaned_data["status"], actor=request.user)
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("Barrier added."))
                return redirect("undermining:barrier", model.pk)
    steps = model.steps.prefetch_related("barriers__owner", "barriers__signals", "barriers__programme_measures")
    return render(request, "undermining/barrier.html", {"model": model, "steps": steps, "form": form,
                                                         "can_edit": can_edit})


# --- issue #18 follow-up: screens to work the dossiers, and the vulnerability page per wijk or buurt ---

@login_required
def bibob_new(request):
    """Open a Bibob dossier (the editor of the gemeente becomes responsible); the steps are recorded on its page."""
    gemeente = _gemeente(request, "undermining.change_bibob")
    form = BibobDossierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            dossier = services.create_bibob_dossier(gemeente, actor=request.user, responsible=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("Bibob dossier opened."))
            return redirect("undermining:bibob", dossier.pk)
    return render(request, "undermining/bibob_new.html", {"gemeente": gemeente, "form": form})


@login_required
def dossier_links(request, pk):
    """Link signals of the gemeente to the dossier, and entities of the dossier to its signals (team only: 404)."""
    dossier = _dossier(request, pk)
    can_signals = request.user.has_perm("undermining.view_signals", dossier.gemeente)
    free = visible_signals(request.user, Signal.objects.filter(gemeente=dossier.gemeente, dossier__isnull=True))
    in_dossier = dossier.signals.all()
    which = request.POST.get("form")
    signal_form = SignalToDossierForm(request.POST if which == "signal" else None, signals=free)
    entity_form = EntityToSignalForm(request.POST if which == "entity" else None, entities=dossier.entities.all(),
                                     signals=in_dossier)
    if request.method == "POST":
        if not request.user.has_perm("undermining.change_dossier", dossier) or (which == "signal" and not can_signals):
            raise PermissionDenied
        try:
            if which == "signal" and signal_form.is_valid():
                services.link_signal_to_dossier(signal_form.cleaned_data["signal"], dossier, actor=request.user)
                messages.success(request, _("Signal linked to the dossier."))
                return redirect("undermining:dossier-links", dossier.pk)
            if which == "entity" and entity_form.is_valid():
                services.link_entity_to_signal(entity_form.cleaned_data["entity"], entity_form.cleaned_data["signal"],
                                               actor=request.user)
                messages.success(request, _("Entity linked to the signal."))
                return redirect("undermining:dossier-links", dossier.pk)
        except ValidationError as exc:
            (signal_form if which == "signal" else entity_form).add_error(None, _errors(exc))
    services.read_dossier(dossier, actor=request.user, purpose=DOSSIER_PURPOSE, what="links")
    return render(request, "undermining/dossier_links.html", {
        "dossier": dossier, "signals": in_dossier.select_related("area").prefetch_related("entities"),
        "signal_form": signal_form, "entity_form": entity_form, "can_signals": can_signals,
        "can_edit": request.user.has_perm("undermining.change_dossier", dossier),
    })


@login_required
def barrier_links(request, pk):
    """Link a barrier to the signals it answers and to programme measures (#12); editors of the barrier models."""
    barrier = get_object_or_404(Barrier.objects.filter(gemeente__in=gemeenten_for(request.user))
                                .select_related("step__model", "owner"), pk=pk)
    if not request.user.has_perm("undermining.change_barriers", barrier.gemeente):
        raise Http404
    from veiligheidsbeeld.programmes.models import Measure

    signals = visible_signals(request.user, Signal.objects.filter(gemeente=barrier.gemeente)).select_related("area")
    measures = Measure.objects.filter(gemeente=barrier.gemeente)
    initial = {"signals": barrier.signals.filter(pk__in=signals),
               "programme_measures": barrier.programme_measures.all()}
    form = BarrierLinksForm(request.POST or None, initial=initial, signals=signals, measures=measures)
    if request.method == "POST" and form.is_valid():
        hidden = barrier.signals.exclude(pk__in=signals)  # signals the editor may not see stay linked
        try:
            services.link_barrier(barrier, signals=list(form.cleaned_data["signals"]) + list(hidden),
                                  programme_measures=form.cleaned_data["programme_measures"], actor=request.user)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("Links of the barrier saved."))
            return redirect("undermining:barrier", barrier.step.model.pk)
    return render(request, "undermining/barrier_links.html", {"barrier": barrier, "model": barrier.step.model,
                                                               "form": form})


@require_safe
@login_required
def vulnerability_page(request):
    """The person-free vulnerability composite per wijk, per buurt (``?level=buurt``) or per bedrijventerrein
    (``?level=bedrijventerrein``, the gemeente's named sets of buurten); never an address."""
    gemeente = _gemeente(request, "undermining.view_overview")
    level = request.GET.get("level") if request.GET.get("level") in LEVELS else "wijk"
    policy = policy_for(request.user, gemeente)
    rows = vulnerability_rows(gemeente, timezone.localdate(), level=level, policy=policy)
    for row in rows:
        row["signals"] = SECRET if row["signals"] is None else row["signals"]
        row["registered"] = SECRET if row["registered"] is None else row["registered"]
    return render(request, "undermining/vulnerability.html", {
        "gemeente": gemeente, "rows": rows, "level": level, "policy": policy, "components": component_labels(level),
    })
