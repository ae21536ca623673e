"""Programme pages: measures, budgets and KPI progress per priority, a measure page, and the Top-X estimate."""

from __future__ import annotations

from dataclasses import dataclass

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from veiligheidsbeeld.accounts.permissions import role_of
from veiligheidsbeeld.accounts.services import gemeenten_for
from veiligheidsbeeld.core.visibility import filter_notice
from veiligheidsbeeld.frameworks.models import Theme
from veiligheidsbeeld.frameworks.versioning import current_framework

from . import services
from .estimates import scenarios
from .finances import budget_overview
from .forms import BudgetForm, EstimateForm, MeasureForm, StatusForm
from .models import Kpi, Measure, Programme
from .permissions import READ_ALL_ROLES, sees_own_measures_only, visible_measures
from .progress import kpi_progress, priority_status
from .tables import balance, balance_chart, budget_chart, table_years, year_cells
from .workflow import InvalidTransition, allowed_next


@dataclass
class Page:
    """What every programme page needs: the gemeente, its framework and programme, and the user's rights."""

    gemeente: object
    framework: object
    programme: Programme | None
    can_edit: bool

    def query(self) -> str:
        return f"gemeente={self.gemeente.code}"


def _page(request) -> Page:
    allowed = gemeenten_for(request.user)
    code = request.GET.get("gemeente")
    gemeente = allowed.filter(code=code).first() if code else allowed.first()
    if gemeente is None:
        raise Http404(_("No gemeente available for this account."))
    if not rules.has_perm("programmes.view_programme", request.user, gemeente):
        raise PermissionDenied(_("Your role has no access to the programme."))
    framework = current_framework(gemeente)
    programme = (
        Programme.objects.filter(gemeente=gemeente, framework_slug=framework.slug).first() if framework else None
    )
    return Page(gemeente, framework, programme, rules.has_perm("programmes.change_programme", request.user, gemeente))


def _notice(request, page: Page, measures, *, extra: str = ""):
    """The "you see x of y measures" notice for partner roles (None for roles that read the whole programme)."""
    total = Measure.objects.filter(programme=page.programme) if page.programme else 0
    return filter_notice(sees_own_measures_only(request.user), measures, total, what=_("measures"),
                         reason=_("those of which your organisation is owner or partner"), extra=extra)


def _measures(request, page: Page):
    if page.programme is None:
        return Measure.objects.none()
    return visible_measures(request.user, Measure.objects.filter(programme=page.programme)).select_related(
        "owner", "theme", "area_group", "wijk"
    )


@login_required
def programme_page(request):
    page = _page(request)
    measures = list(_measures(request, page).prefetch_related("budgets"))
    overview = budget_overview(Measure.objects.filter(pk__in=[m.pk for m in measures]))
    years = table_years(page.framework, overview.years)
    visible = {m.pk for m in measures}
    kpis = Kpi.objects.filter(programme=page.programme).select_related("area", "area_group", "theme")
    if role_of(request.user) not in READ_ALL_ROLES:  # partner roles: only KPIs of their measures
        kpis = kpis.filter(measure__in=visible)
    priorities = []
    for p in page.framework.content["priorities"] if page.framework else []:
        progresses = [kpi_progress(k) for k in kpis if k.priority_code == p["code"]]
        status, reason = priority_status(progresses)
        own = [m for m in measures if m.priority_code == p["code"]]
        cells = year_cells(overview.by_priority.get(p["code"]), years)
        mix = balance(own, years)
        priorities.append(
            {
                "priority": p,
                "measures": own,
                "budget": overview.by_priority.get(p["code"]),
                "cells": cells,
                "over": [c for c in cells if c.over],
                "budget_svg": budget_chart(cells, "b-" + p["code"]) if own else "",
                "balance": mix,
                "balance_rows": [(row, mix.share(row, "measures"), mix.share(row, "planned")) for row in mix.rows],
                "balance_svg": balance_chart(mix, "m-" + p["code"]) if own else "",
                "kpis": progresses,
                "status": status,
                "reason": reason,
            }
        )
    notice = _notice(request, page, measures, extra=_("The budgets and the KPIs on this page are those of these "
                                                      "measures only."))
    context = {"page": page, "state": page, "priorities": priorities, "overview": overview, "years": years,
               "filter_notice": notice}
    return render(request, "programmes/programme.html", context)


def _rows(years: list[int], split: dict, labels: dict, missing: str) -> list[tuple]:
    """(label, per-year cells, totals) for the budget tables."""
    return [
        (labels.get(code, code) if code else missing, year_cells(totals, years), totals)
        for code, totals in split.items()
    ]


@login_required
def budgets_page(request):
    page = _page(request)
    measures = _measures(request, page)
    overview = budget_overview(measures)
    years = table_years(page.framework, overview.years)
    titles = {p["code"]: p["title"] for p in page.framework.content["priorities"]} if page.framework else {}
    themes = {t.code: t.name for t in Theme.objects.all()}
    context = {
        "page": page,
        "state": page,
        "overview": overview,
        "years": years,
        "by_theme": sorted(_rows(years, overview.by_theme, themes, _("No theme")), key=lambda r: r[0]),
        "by_priority": _rows(years, overview.by_priority, titles, _("No priority")),
        "total_cells": year_cells(overview.total, years),
        "filter_notice": _notice(request, page, measures, extra=_("The budget and its totals are those of these "
                                                                  "measures only, not of the whole programme.")),
    }
    return render(request, "programmes/budgets.html", context)


def _measure(request, page: Page, pk: int) -> Measure:
    measure = _measures(request, page).filter(pk=pk).first()
    if measure is None:
        raise Http404(_("Unknown measure or no access."))
    return measure


@login_required
def measure_detail(request, pk: int):
    page = _page(request)
    measure = _measure(request, page, pk)
    choices = [(s, s) for s in allowed_next(measure.status)]
    status_form = StatusForm(choices=choices)
    budget_form = BudgetForm()
    if request.method == "POST":
        if not page.can_edit:
            raise PermissionDenied(_("Only a policy advisor changes the programme."))
        try:
            if request.POST.get("form") == "status":
                status_form = StatusForm(request.POST, choices=choices)
                if status_form.is_valid():
                    services.change_status(measure, status_form.cleaned_data["status"],
                                           note=status_form.cleaned_data["note"], actor=request.user)
                    messages.success(request, _("Status changed."))
                    return redirect(f"{request.path}?{page.query()}")
            else:
                budget_form = BudgetForm(request.POST)
                if budget_form.is_valid():
                    data = budget_form.cleaned_data
                    services.set_budget(measure, data["year"], data["source"], planned=data["planned"],
                                        spent=data["spent"], actor=request.user)
                    messages.success(request, _("Budget saved."))
                    return redirect(f"{request.path}?{page.query()}")
        except (InvalidTransition, ValidationError) as exc:
            messages.error(request, str(exc))
    context = {
        "page": page,
        "state": page,
        "measure": measure,
        "history": measure.history.select_related("changed_by"),
        "budgets": measure.budgets.all(),
        "kpis": [kpi_progress(k) for k in measure.kpis.select_related("area", "area_group", "theme")],
        "status_form": status_form if choices else None,
        "budget_form": budget_form,
    }
    return render(request, "programmes/measure.html", context)


@login_required
def measure_form(request, pk: int | None = None):
    page = _page(request)
    if not page.can_edit or page.programme is None:
        raise PermissionDenied(_("Only a policy advisor changes the programme."))
    measure = _measure(request, page, pk) if pk else None
    form = MeasureForm(request.POST or None, instance=measure, gemeente=page.gemeente,
                       priorities=page.framework.content["priorities"])
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partners = data.pop("partners")
        try:
            if measure is None:
                measure = services.create_measure(page.programme, partners=partners, actor=request.user, **data)
            else:
                services.update_measure(measure, partners=partners, actor=request.user, **data)
            return redirect(f"{measure_url(measure)}?{page.query()}")
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(request, "programmes/measure_form.html", {"page": page, "state": page, "form": form, "measure": measure})


def measure_url(measure: Measure) -> str:
    return reverse("programmes:measure", args=[measure.pk])


@login_required
def estimate_page(request):
    page = _page(request)
    # from the menu (no estimate fields in the query) the page opens with the form's defaults, calculated
    given = any(name in request.GET for name in EstimateForm.base_fields)
    form = EstimateForm(request.GET if given else {name: f.initial for name, f in EstimateForm.base_fields.items()})
    rows = []
    if form.is_valid():
        data = form.cleaned_data
        rows = scenarios(
            data["cost_per_person_per_year"],
            {_("low"): data["low"], _("middle"): data["middle"], _("high"): data["high"]},
            data["years"],
        )
    return render(request, "programmes/estimate.html", {"page": page, "state": page, "form": form, "rows": rows})
