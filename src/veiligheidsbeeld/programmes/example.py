"""Loading the example programme of a framework (``programmes/data/<framework slug>.yaml``).

Measures come from the framework's "hoe willen we dat bereiken" actions; every budget is stored with
``is_example=True`` and the programme is marked as an example. Owners and partners are framework partner codes,
resolved to the organisations :func:`~veiligheidsbeeld.frameworks.services.load_framework` created (or to the
organisations passed in ``organisations``). An area group the gemeente does not have falls back to the whole
gemeente, noted in the result. Indicator KPIs take their baseline from the newest analysis run at
``baseline_date`` (skipped, with a note, when there is no run or no value).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from django.db import transaction

from veiligheidsbeeld.analyses.models import AnalysisRun
from veiligheidsbeeld.areas.models import Area, AreaGroup, AreaLevel
from veiligheidsbeeld.core.models import Organisation
from veiligheidsbeeld.frameworks.models import Framework, Theme

from . import services
from .choices import AreaScope, Direction, KpiKind, Status
from .models import Kpi, Programme
from .progress import indicator_value

__all__ = ["DATA_DIR", "ExampleProgrammeError", "example_path", "load_example_programme"]

DATA_DIR = Path(__file__).resolve().parent / "data"
# the steps from gepland to each status, each checked by the workflow in services.change_status
_PATH = {
    Status.GEPLAND: [],
    Status.LOPEND: [Status.LOPEND],
    Status.AFGEROND: [Status.LOPEND, Status.AFGEROND],
    Status.GESTOPT: [Status.LOPEND, Status.GESTOPT],
}


class ExampleProgrammeError(ValueError):
    """An example programme file that does not fit its framework (names file, location and reason)."""

    def __init__(self, path: Path, location: str, reason: str) -> None:
        super().__init__(f"{path}: {location}: {reason}")


def example_path(framework: Framework) -> Path:
    return DATA_DIR / f"{framework.slug}.yaml"


def _date(path, where, value):
    if not isinstance(value, dt.date):
        raise ExampleProgrammeError(path, where, f"expected a date (YYYY-MM-DD), got {value!r}")
    return value


def _organisations(framework: Framework, overrides: dict) -> dict[str, Organisation]:
    result = {}
    for partner in framework.content["partners"]:
        organisation = overrides.get(partner["code"]) or Organisation.objects.filter(
            name=partner["name"], kind=partner["kind"]
        ).first()
        if organisation is not None:
            result[partner["code"]] = organisation
    return result


def _lookup(path, where, table: dict, code):
    if code not in table:
        raise ExampleProgrammeError(path, where, "unknown code {!r}; expected one of {}".format(code, ", ".join(sorted(table))))
    return table[code]


@transaction.atomic
def load_example_programme(gemeente, framework: Framework, *, organisations: dict | None = None,
                           actor=None) -> tuple[Programme, list[str]]:
    """Create the example programme of ``framework`` for ``gemeente``; returns it and notes.

    Does nothing (returns the existing programme) when the gemeente has a programme for the framework already.
    Call it after the first analysis run, so indicator KPIs get their baseline.

    Parameters
    ----------
    organisations : dict, optional
        Framework partner code -> Organisation, to use instead of the framework's own partner (e.g. the demo's
        fictitious police team for ``politie``).

    Raises
    ------
    ExampleProgrammeError
        When the file is missing or names an unknown priority, action, theme, partner, status or funding source.
    """
    path = example_path(framework)
    existing = Programme.objects.filter(gemeente=gemeente, framework_slug=framework.slug).first()
    if existing is not None:
        return existing, [f"programme {framework.slug} exists already"]
    if not path.exists():
        raise ExampleProgrammeError(path, "document", f"no example programme for framework {framework.slug}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if data.get("framework") != framework.slug:
        raise ExampleProgrammeError(path, "framework", "{!r} is not {}".format(data.get("framework"), framework.slug))
    notes: list[str] = []
    programme = services.get_or_create_programme(gemeente, framework.slug, data["title"], is_example=True, actor=actor)
    priorities = {p["code"]: p for p in framework.content["priorities"]}
    themes = {t.code: t for t in Theme.objects.all()}
    partners = _organisations(framework, organisations or {})
    groups = {g.slug: g for g in AreaGroup.objects.filter(gemeente=gemeente)}
    for index, item in enumerate(data["measures"]):
        where = f"measures[{index}]"
        priority = _lookup(path, where + ".priority", priorities, item["priority"])
        actions = priority["actions"]
        if not 1 <= item["action"] <= len(actions):
            raise ExampleProgrammeError(path, where + ".action", "priority {} has actions 1..{}".format(item["priority"], len(actions)))
        scope = {"scope": AreaScope.GEMEENTE}
        if item.get("area_group"):
            if item["area_group"] in groups:
                scope = {"scope": AreaScope.AREA_GROUP, "area_group": groups[item["area_group"]]}
            else:
                notes.append("{}: area group {} not found; scope is the whole gemeente".format(where, item["area_group"]))
        measure = services.create_measure(
            programme,
            title=item["title"],
            description=item["description"],
            priority_code=item["priority"],
            theme=_lookup(path, where + ".theme", themes, item["theme"]) if item.get("theme") else None,
            action=actions[item["action"] - 1],
            owner=_lookup(path, where + ".owner", partners, item["owner"]),
            start=_date(path, where + ".start", item["start"]),
            end=_date(path, where + ".end", item["end"]) if item.get("end") else None,
            intervention=item["intervention"],
            partners=[_lookup(path, where + ".partners", partners, code) for code in item["partners"]],
            actor=actor,
            **scope,
        )
        for status in _lookup(path, where + ".status", _PATH, item["status"]):
            services.change_status(measure, status, note="Voorbeeldprogramma", actor=actor)
        for budget in item["budgets"]:
            services.set_budget(measure, budget["year"], budget["source"], planned=budget["planned"],
                                spent=budget["spent"], is_example=True, actor=actor)
    run = AnalysisRun.objects.latest_for(gemeente)
    gemeente_area = Area.objects.filter(gemeente=gemeente, level=AreaLevel.GEMEENTE).order_by("-year").first()
    for index, item in enumerate(data["kpis"]):
        where = f"kpis[{index}]"
        _lookup(path, where + ".priority", priorities, item["priority"])
        common = {"priority_code": item["priority"], "title": item["title"], "kind": item["kind"],
                  "baseline_date": _date(path, where + ".baseline_date", item["baseline_date"]),
                  "deadline": _date(path, where + ".deadline", item["deadline"])}
        if item["kind"] == KpiKind.MODULE:  # follows a domain module's indicator (e.g. cases.topx_size)
            services.create_kpi(programme, module_indicator=item["indicator"], unit=item.get("unit", ""),
                                baseline=item["baseline"], target=item["target"],
                                direction=Direction.INCREASE if item["target"] > item["baseline"] else Direction.DECREASE,
                                actor=actor, **common)
            continue
        if item["kind"] == KpiKind.MANUAL:
            kpi = services.create_kpi(programme, unit=item["unit"], baseline=item["baseline"], target=item["target"],
                                      direction=Direction.INCREASE if item["target"] > item["baseline"] else Direction.DECREASE,
                                      actor=actor, **common)
            for value in item["values"]:
                services.record_kpi_value(kpi, value["date"], value["value"], value["evidence"], actor=actor)
            continue
        area = {"area": gemeente_area}
        if item.get("area_group"):
            if item["area_group"] not in groups:
                notes.append("{}: area group {} not found; KPI skipped".format(where, item["area_group"]))
                continue
            area = {"area_group": groups[item["area_group"]]}
        draft = Kpi(gemeente=gemeente, theme=_lookup(path, where + ".theme", themes, item["theme"]),
                    indicator_measure=item["measure"], **area)
        month = common["baseline_date"].replace(day=1)
        baseline = indicator_value(draft, run, month) if run and run.first_month <= month <= run.last_month else None
        if not baseline:
            notes.append(f"{where}: no baseline value in the analysis for {month}; KPI skipped")
            continue
        services.create_kpi(
            programme, area=draft.area, area_group=draft.area_group, theme=draft.theme,
            indicator_measure=draft.indicator_measure, baseline=round(baseline, 2),
            target=round(baseline * (1 + item["target_change"] / 100), 2),
            direction=Direction.DECREASE if item["target_change"] < 0 else Direction.INCREASE, actor=actor, **common,
        )
    return programme, notes
