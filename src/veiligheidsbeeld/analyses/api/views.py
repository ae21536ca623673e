"""Read-only API of stored analysis runs: ``analysis-runs``, ``alerts``, ``hot-spots`` and ``trends``.

Lists show the newest finished run of each gemeente the caller may read, or the run given by ``?run=<id>``;
``?gemeente=GM0014`` narrows to one gemeente. A detail route finds a result of any run of those gemeenten.
Filters take codes: ``area`` a CBS area code (also giving the areas directly below it: a wijk's buurten, a
gemeente's wijken), ``theme`` a theme code (a group code also gives its themes). A bad filter value is a 400 naming the parameter and the valid values.
Token scopes are ``<token_resource>:read`` (:mod:`veiligheidsbeeld.accounts.api`).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError

from veiligheidsbeeld.accounts.api import HasTokenScope

from ..models import Alert, AnalysisRun, HotSpot, HotSpotCategory, Severity, TrendDirection, TrendResult
from ..workflow import AlertStatus
from .permissions import HasReadRule, readable_gemeenten
from .serializers import AlertSerializer, AnalysisRunSerializer, HotSpotSerializer, TrendSerializer

__all__ = ["AlertViewSet", "AnalysisRunViewSet", "HotSpotViewSet", "TrendViewSet"]

BOOLEANS = {"true": True, "false": False}

RUN_PARAMETERS = [
    OpenApiParameter("run", int, description="Analysis run id (default: the newest run of each gemeente)"),
    OpenApiParameter("gemeente", str, description="CBS gemeente code, e.g. GM0014"),
]
AREA_THEME_PARAMETERS = [
    OpenApiParameter("area", str, description="CBS area code; also gives the areas directly below it (a wijk's buurten)"),
    OpenApiParameter("theme", str, description="Theme code; a group code also gives its themes"),
]


def _values(params, name: str, valid) -> list[str] | None:
    """The comma-separated values of query parameter ``name``, each checked against ``valid``."""
    raw = params.get(name)
    if not raw:
        return None
    values = [v.strip() for v in raw.split(",") if v.strip()]
    wrong = [v for v in values if v not in valid]
    if wrong:
        raise ValidationError(
            {name: ["{!r} is not valid; valid: {}".format(wrong[0], ", ".join(valid))]}
        )
    return values


def _boolean(params, name: str) -> bool | None:
    value = _values(params, name, list(BOOLEANS))
    return None if value is None else BOOLEANS[value[0]]


def _month(params, name: str) -> dt.date | None:
    raw = params.get(name)
    if not raw:
        return None
    try:
        return dt.datetime.strptime(raw, "%Y-%m").date()
    except ValueError:
        raise ValidationError({name: ["{!r} is not a month; use YYYY-MM, e.g. 2024-10".format(raw)]}) from None


class _StoredRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Scoping shared by the four resources: the caller's readable gemeenten, then the run(s) asked for."""

    permission_classes = [permissions.IsAuthenticated, HasTokenScope, HasReadRule]
    read_rule = "accounts.view_gemeente"

    def gemeenten(self) -> list:
        gemeenten = readable_gemeenten(self.request.user, self.read_rule)
        code = self.request.query_params.get("gemeente")
        return [g for g in gemeenten if g.code == code] if code else gemeenten

    def runs(self):
        """Finished runs to list: ``?run=<id>`` or the newest run of each gemeente."""
        gemeenten = self.gemeenten()
        raw = self.request.query_params.get("run")
        if raw:
            if not raw.isdigit():
                raise ValidationError({"run": ["{!r} is not a run id (a whole number)".format(raw)]})
            return AnalysisRun.objects.filter(pk=int(raw), gemeente__in=gemeenten, status=AnalysisRun.Status.DONE)
        newest = (AnalysisRun.objects.latest_for(gemeente) for gemeente in gemeenten)
        return AnalysisRun.objects.filter(pk__in=[run.pk for run in newest if run is not None])


class _ResultViewSet(_StoredRunViewSet):
    model = None
    related = ("area", "theme")

    def get_queryset(self):
        queryset = self.model.objects.select_related(*self.related)
        if self.action != "list":
            return queryset.filter(run__gemeente__in=readable_gemeenten(self.request.user, self.read_rule))
        queryset = queryset.filter(run__in=self.runs())
        params = self.request.query_params
        if params.get("area"):
            queryset = queryset.filter(Q(area__code=params["area"]) | Q(area__parent__code=params["area"]))
        if params.get("theme"):
            queryset = queryset.filter(Q(theme__code=params["theme"]) | Q(theme__parent__code=params["theme"]))
        return self.filter_list(queryset, params)

    def filter_list(self, queryset, params):
        return queryset


@extend_schema_view(
    list=extend_schema(summary="List analysis runs of the gemeenten the caller may see, newest first",
                       parameters=[RUN_PARAMETERS[1]]),
    retrieve=extend_schema(summary="One analysis run with its parameters, seed, data hash and summary"),
)
class AnalysisRunViewSet(_StoredRunViewSet):
    serializer_class = AnalysisRunSerializer
    token_resource = "analysis-run"

    def get_queryset(self):
        return AnalysisRun.objects.filter(gemeente__in=self.gemeenten()).select_related("gemeente").order_by(
            "-created_at", "-pk"
        )


@extend_schema_view(
    list=extend_schema(
        summary="List early-warning alerts (analist, procesregisseur), newest month and lowest q first",
        parameters=RUN_PARAMETERS + AREA_THEME_PARAMETERS + [
            OpenApiParameter("status", str, description="One or more of {} (comma-separated)".format(
                ", ".join(AlertStatus.values))),
            OpenApiParameter("severity", str, enum=Severity.values),
            OpenApiParameter("month", str, description="Evaluated month, YYYY-MM"),
        ],
    ),
    retrieve=extend_schema(summary="One early-warning alert with its Dutch explanation"),
)
class AlertViewSet(_ResultViewSet):
    serializer_class = AlertSerializer
    model = Alert
    related = ("area", "theme", "owner", "assigned_organisation")
    token_resource = "alert"
    read_rule = "accounts.view_small_counts"

    def filter_list(self, queryset, params):
        status = _values(params, "status", AlertStatus.values)
        severity = _values(params, "severity", Severity.values)
        month = _month(params, "month")
        if status:
            queryset = queryset.filter(status__in=status)
        if severity:
            queryset = queryset.filter(severity__in=severity)
        if month:
            queryset = queryset.filter(month=month)
        return queryset


class PublishedRates:
    """``hot spot -> rate`` as a caller under disclosure control may see it, or False for callers who may see
    small counts (the stored values are theirs). The rate is the empirical-Bayes smoothed rate of the published
    counts of the buurten (:func:`veiligheidsbeeld.dashboard.published.published_window`), None where hidden."""

    def __init__(self, user):
        self.user = user
        self.cache: dict = {}
        self.runs: dict = {}

    def __call__(self, hot_spot):
        from veiligheidsbeeld.areas.models import AreaLevel
        from veiligheidsbeeld.core.disclosure import policy_for
        from veiligheidsbeeld.dashboard.published import column_of, published_window
        from veiligheidsbeeld.stats.rates import eb_smooth

        if hot_spot.run_id not in self.runs:
            run = AnalysisRun.objects.select_related("gemeente").get(pk=hot_spot.run_id)
            self.runs[hot_spot.run_id] = (run, policy_for(self.user, run.gemeente))
        run, policy = self.runs[hot_spot.run_id]
        if policy is None:
            return False
        key = (run.pk, hot_spot.theme_id, hot_spot.period)
        if key not in self.cache:
            window = published_window(run, hot_spot.period, policy)
            rates = {}
            column = column_of(hot_spot.theme)
            if window is not None and column in window.columns:
                rows = [(pk, i) for pk, i in window.rows.items() if i in set(window.levels[AreaLevel.BUURT])]
                known = [(pk, window.count(pk, column), window.population[i]) for pk, i in rows]
                known = [(pk, c, p) for pk, c, p in known if c is not None and p > 0]
                if known:
                    smoothed = eb_smooth(np.array([c for _pk, c, _p in known], dtype=float),
                                         np.array([p for _pk, _c, p in known], dtype=float))
                    rates = {pk: None if np.isnan(v) else round(float(v), 1) for (pk, _c, _p), v in zip(known, smoothed)}
            self.cache[key] = rates
        return self.cache[key].get(hot_spot.area_id)


@extend_schema_view(
    list=extend_schema(
        summary="List Gi* hot spot results of the buurten, highest z first",
        parameters=RUN_PARAMETERS + AREA_THEME_PARAMETERS + [
            OpenApiParameter("category", str, description="One or more of {} (comma-separated)".format(
                ", ".join(HotSpotCategory.values))),
            OpenApiParameter("significant", bool, description="true: hot and cold spots only; false: the rest"),
        ],
    ),
    retrieve=extend_schema(summary="One hot spot result"),
)
class HotSpotViewSet(_ResultViewSet):
    serializer_class = HotSpotSerializer
    model = HotSpot
    token_resource = "hot-spot"

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["published_rate"] = PublishedRates(self.request.user)
        return context

    def filter_list(self, queryset, params):
        category = _values(params, "category", HotSpotCategory.values)
        significant = _boolean(params, "significant")
        if category:
            queryset = queryset.filter(category__in=category)
        if significant is not None:
            queryset = queryset.exclude(category=HotSpotCategory.NONE) if significant else queryset.filter(
                category=HotSpotCategory.NONE)
        return queryset.order_by("run", "theme__order", "-z", "area__code")


@extend_schema_view(
    list=extend_schema(
        summary="List seasonal Mann-Kendall trends of the wijken and the gemeente",
        parameters=RUN_PARAMETERS + AREA_THEME_PARAMETERS + [
            OpenApiParameter("direction", str, enum=TrendDirection.values),
            OpenApiParameter("significant", bool, description="Significant after FDR (true/false)"),
        ],
    ),
    retrieve=extend_schema(summary="One trend result"),
)
class TrendViewSet(_ResultViewSet):
    serializer_class = TrendSerializer
    model = TrendResult
    token_resource = "trend"

    def filter_list(self, queryset, params):
        direction = _values(params, "direction", TrendDirection.values)
        significant = _boolean(params, "significant")
        if direction:
            queryset = queryset.filter(direction__in=direction)
        if significant is not None:
            queryset = queryset.filter(significant=significant)
        return queryset.order_by("run", "area__code", "theme__order")
