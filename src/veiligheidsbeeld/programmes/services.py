"""Writing the programme: measures, status changes, budgets and KPIs, each audited in its own transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from veiligheidsbeeld.core import audit
from veiligheidsbeeld.frameworks.models import Priority

from .choices import AreaScope, KpiKind
from .models import Budget, Kpi, KpiValue, Measure, MeasureStatusChange, Programme
from .workflow import check_transition

__all__ = [
    "MEASURE_FIELDS",
    "change_status",
    "create_kpi",
    "create_measure",
    "get_or_create_programme",
    "record_kpi_value",
    "set_budget",
    "update_measure",
]

#: the fields of a measure that :func:`create_measure` and :func:`update_measure` accept (status has its workflow)
MEASURE_FIELDS = (
    "title", "description", "priority_code", "theme", "action", "owner", "start", "end", "intervention", "scope",
    "area_group", "wijk",
)


def _plain(value):
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    return getattr(value, "pk", value)


def _check_measure(measure: Measure) -> None:
    measure.full_clean()
    errors = {}
    if measure.priority_code and not Priority.objects.filter(
        framework__gemeente=measure.gemeente, framework__slug=measure.programme.framework_slug,
        code=measure.priority_code,
    ).exists():
        errors["priority_code"] = f"{measure.priority_code!r} is not a priority of framework {measure.programme.framework_slug}"
    if measure.area_group_id and measure.area_group.gemeente_id != measure.gemeente_id:
        errors["area_group"] = f"area group {measure.area_group.slug} belongs to another gemeente"
    if measure.wijk_id and (measure.wijk.gemeente_id != measure.gemeente_id or measure.wijk.level != AreaScope.WIJK):
        errors["wijk"] = f"{measure.wijk.code} is not a wijk of {measure.gemeente.code}"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def get_or_create_programme(gemeente, framework_slug: str, title: str, *, is_example: bool = False, actor=None):
    """The gemeente's programme for a framework, created when missing."""
    programme, created = Programme.objects.get_or_create(
        gemeente=gemeente, framework_slug=framework_slug, defaults={"title": title, "is_example": is_example}
    )
    if created:
        audit.record("programme_created", actor=actor, gemeente=gemeente, obj=programme, framework=framework_slug)
    return programme


@transaction.atomic
def create_measure(programme: Programme, *, partners=(), actor=None, **fields) -> Measure:
    """Add a measure (status ``gepland``) with its first history row.

    Raises
    ------
    ValidationError
        Naming each invalid field (a priority not in the framework, an area of another gemeente, ...).
    """
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise ValueError("unknown measure fields: {}".format(", ".join(sorted(unknown))))
    measure = Measure(programme=programme, gemeente=programme.gemeente, **fields)
    _check_measure(measure)
    measure.save()
    measure.partners.set(partners)
    MeasureStatusChange.objects.create(measure=measure, new_status=measure.status, changed_by=_user(actor))
    audit.record(
        "measure_created", actor=actor, gemeente=programme.gemeente, obj=measure,
        fields={name: _plain(getattr(measure, name)) for name in MEASURE_FIELDS},
        partners=sorted(p.pk for p in partners),
    )
    return measure


@transaction.atomic
def update_measure(measure: Measure, *, partners=None, actor=None, **fields) -> Measure:
    """Change a measure's fields (not its status: see :func:`change_status`); the audit keeps old and new."""
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise ValueError("unknown measure fields: {}".format(", ".join(sorted(unknown))))
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    changes = {}
    for name, value in fields.items():
        old = getattr(measure, name)
        if _plain(old) != _plain(value):
            changes[name] = {"old": _plain(old), "new": _plain(value)}
            setattr(measure, name, value)
    _check_measure(measure)
    measure.save()
    if partners is not None:
        old_partners = sorted(measure.partners.values_list("pk", flat=True))
        new_partners = sorted(p.pk for p in partners)
        if old_partners != new_partners:
            measure.partners.set(partners)
            changes["partners"] = {"old": old_partners, "new": new_partners}
    if changes:
        audit.record("measure_updated", actor=actor, gemeente=measure.gemeente, obj=measure, changes=changes)
    return measure


@transaction.atomic
def change_status(measure: Measure, new_status: str, *, note: str = "", actor=None) -> Measure:
    """Move a measure to ``new_status`` if the workflow allows it, keeping the change in its history.

    Raises
    ------
    InvalidTransition
        When :data:`~veiligheidsbeeld.programmes.workflow.ALLOWED_TRANSITIONS` does not allow the change.
    """
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    old = measure.status
    check_transition(old, new_status)
    measure.status = new_status
    measure.save(update_fields=["status"])
    MeasureStatusChange.objects.create(
        measure=measure, old_status=old, new_status=new_status, changed_by=_user(actor), note=note
    )
    audit.record("measure_status_changed", actor=actor, gemeente=measure.gemeente, obj=measure,
                 old=old, new=new_status, note=note)
    return measure


@transaction.atomic
def set_budget(measure: Measure, year: int, source: str, *, planned, spent, is_example: bool = False,
               actor=None) -> Budget:
    """Create or change the budget of a measure for a year and funding source; the audit keeps old and new."""
    planned, spent = Decimal(str(planned)), Decimal(str(spent))
    budget = Budget.objects.select_for_update().filter(measure=measure, year=year, source=source).first()
    old = None if budget is None else _amounts(budget)
    if budget is None:
        budget = Budget(measure=measure, year=year, source=source)
    budget.planned, budget.spent, budget.is_example = planned, spent, is_example
    budget.full_clean()
    budget.save()
    audit.record(
        "budget_created" if old is None else "budget_changed", actor=actor, gemeente=measure.gemeente, obj=budget,
        measure=measure.pk, year=year, source=source, old=old,
        new=_amounts(budget),
    )
    return budget


@transaction.atomic
def create_kpi(programme: Programme, *, actor=None, **fields) -> Kpi:
    """Add a KPI to a priority of the programme (fields of :class:`Kpi`)."""
    kpi = Kpi(programme=programme, gemeente=programme.gemeente, **fields)
    kpi.full_clean()
    errors = {}
    if kpi.module_indicator:
        from django.utils import timezone

        from veiligheidsbeeld.core.module_indicators import module_indicators

        keys = {i.key for i in module_indicators(programme.gemeente, timezone.localdate().year, None)}
        if kpi.module_indicator not in keys:
            errors["module_indicator"] = "{!r} is no module indicator; known: {}".format(
                kpi.module_indicator, ", ".join(sorted(keys)))
    if kpi.measure_id and kpi.measure.programme_id != programme.pk:
        errors["measure"] = f"measure {kpi.measure_id} is not part of this programme"
    for name in ("area", "area_group"):
        related = getattr(kpi, name)
        if related is not None and related.gemeente_id != programme.gemeente_id:
            errors[name] = f"{related} belongs to another gemeente"
    if errors:
        raise ValidationError(errors)
    kpi.save()
    audit.record("kpi_created", actor=actor, gemeente=programme.gemeente, obj=kpi, kind=kpi.kind,
                 title=kpi.title, baseline=kpi.baseline, target=kpi.target)
    return kpi


@transaction.atomic
def record_kpi_value(kpi: Kpi, date: dt.date, value: float, evidence: str, *, actor=None) -> KpiValue:
    """Store a periodic value of a manual KPI with its evidence."""
    if kpi.kind != KpiKind.MANUAL:
        raise ValidationError({"kpi": f"KPI {kpi.title!r} follows an indicator; its values come from the analysis "
                                      "or the module"})
    entry = KpiValue(kpi=kpi, date=date, value=value, evidence=evidence, recorded_by=_user(actor))
    entry.full_clean()
    entry.save()
    audit.record("kpi_value_recorded", actor=actor, gemeente=kpi.gemeente, obj=entry, kpi=kpi.pk,
                 date=date.isoformat(), value=value)
    return entry


def _amounts(budget: Budget) -> dict[str, str]:
    return {"planned": f"{budget.planned:.2f}", "spent": f"{budget.spent:.2f}"}


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
