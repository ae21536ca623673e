"""Running the analysis and changing alert statuses: the only writes of the analyses app.

:func:`run_analysis` turns the cube into arrays (:mod:`.arrays`), computes indicators, early warning
(:mod:`.alerts`), trends (:mod:`.trends`), hot spots (:mod:`.hotspots`) and the veiligheidsindex
(:mod:`.safety_index`), and stores everything with its parameters, seed, software version and data hash as
one :class:`AnalysisRun`. The same inputs and parameters give the same stored results.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

import veiligheidsbeeld
from veiligheidsbeeld.core import audit
from veiligheidsbeeld.registrations.models import PerceptionResult
from veiligheidsbeeld.stats import FAMILIES, RUN_SETTINGS

from .alerts import detect_alerts
from .arrays import NoDataError, build_arrays, month_range
from .coverage import month_coverage
from .hotspots import detect_hotspots
from .models import (
    Alert,
    AlertStatusChange,
    AnalysisRun,
    ChangeResult,
    HotSpot,
    IndicatorSeries,
    PeriodSeries,
    SafetyIndexValue,
    SeriesPrecision,
    TrendResult,
)
from .periods import build_period_arrays, compute_changes, store_period_series
from .safety_index import compute_index, resolve_weights
from .trends import detect_trends, skip
from .workflow import AlertStatus, check_status_change

__all__ = [
    "DEFAULTS",
    "NoDataError",
    "carry_over_follow_up",
    "change_alert_status",
    "month_range",
    "run_analysis",
    "set_alert_follow_up",
]

logger = logging.getLogger("veiligheidsbeeld.analyses")

DEFAULTS = {
    "min_population": 50,
    "alert_months": None,
    "warning_family": RUN_SETTINGS["family"],
    "budget_wijk": RUN_SETTINGS["budgets"]["wijk"],
    "budget_buurt": RUN_SETTINGS["budgets"]["buurt"],
    "seed": 20240101,
    "permutations": 4999,
    "hotspot_tolerance": 1e-4,
    "index_base_year": None,
}
"""Run parameters and their defaults (see ``docs/explanation/analysis.md``)."""


def _perception_inputs(gemeente) -> list:
    return list(
        PerceptionResult.objects.filter(gemeente=gemeente)
        .order_by("area_id", "indicator", "period_start", "region")
        .values_list("area_id", "indicator", "period_start", "value")
    )


@transaction.atomic
def run_analysis(
    gemeente,
    *,
    user=None,
    first_month: dt.date | None = None,
    last_month: dt.date | None = None,
    min_population: int | None = None,
    area_year: int | None = None,
    alert_months: int | None = None,
    warning_family: str | None = None,
    budget_wijk: float | None = None,
    budget_buurt: float | None = None,
    seed: int | None = None,
    permutations: int | None = None,
    hotspot_tolerance: float | None = None,
    index_weights: dict | None = None,
    index_base_year: int | None = None,
    workers: int | None = None,
) -> AnalysisRun:
    """Run the veiligheidsanalyse of a gemeente on the cube and store it as an :class:`AnalysisRun`.

    Parameters
    ----------
    gemeente : Gemeente
    user : User, optional
        Who started the run (audited).
    first_month, last_month : datetime.date, optional
        The months analysed; default the first and last month with registrations.
    min_population : int, optional
        Areas with fewer inhabitants get no rate (and no hot spot); default 50.
    area_year : int, optional
        CBS indeling year to analyse on; default the newest indeling of the gemeente. Registrations on areas
        of other indelingen are harmonised into it (:mod:`.harmonisation`) or reported in
        ``summary["harmonisation"]``.
    alert_months : int, optional
        Early warning for each of the last ``alert_months`` months; default every month of the window with
        enough history, each judged on the data before it (as it would have been raised at the time).
    warning_family : {"budget", "theme_fdr", "fdr"}, optional
        How a "waarschuwing" controls false signals (default "budget": a false-alarm budget per month).
    budget_wijk, budget_buurt : float, optional
        Expected unjustified waarschuwingen a month accepted for the wijk and the buurt series (default 0.5 and
        0.5: about one a month for the gemeente).
    seed, permutations : int, optional
        Seed and number of permutations of the hot spot inference (default 20240101 and 4,999). The smallest
        attainable p-value, 2e-4, is fine enough for Benjamini-Hochberg over the few hundred buurten of a
        gemeente (999 permutations bound p at 0.001-0.002, too coarse: a cluster of 7 among 150 buurten does not
        survive); 4,999 keeps a run on a gemeente of 150 buurten and 33 themes x 10 yearly windows to seconds.
    hotspot_tolerance : float, optional
        Distance in degrees within which buurten count as neighbours (sliver gaps); default 1e-4 (about 10 m).
    index_weights : dict, optional
        Weights of the veiligheidsindex components (see :mod:`.safety_index`).
    index_base_year : int, optional
        The year whose gemeente average is 100; default the first complete year.
    workers : int, optional
        Processes for the hot spot statistics, one theme per task (default ``settings.ANALYSIS_WORKERS``, from
        ``VEILIGHEIDSBEELD_ANALYSIS_WORKERS``). Not a run parameter: the results do not depend on it.

    Every precision is analysed at its own (:mod:`.periods`): yearly and quarterly figures get year-on-year
    changes, trends and (yearly) the veiligheidsindex; monthly registrations are also summed per complete year.
    What could not be analysed is listed with its reason in ``summary["skipped"]``.

    Raises
    ------
    NoDataError
        Without areas, or without registrations of any precision in the period.
    """
    given = {
        "min_population": min_population,
        "alert_months": alert_months,
        "warning_family": warning_family,
        "budget_wijk": budget_wijk,
        "budget_buurt": budget_buurt,
        "seed": seed,
        "permutations": permutations,
        "hotspot_tolerance": hotspot_tolerance,
        "index_base_year": index_base_year,
    }
    parameters = {name: DEFAULTS[name] if value is None else value for name, value in given.items()}
    parameters["min_population"] = int(parameters["min_population"])
    if parameters["warning_family"] not in FAMILIES:
        raise ValueError("warning_family={!r} is not valid: use one of {}".format(
            parameters["warning_family"], ", ".join(FAMILIES)))
    for name in ("budget_wijk", "budget_buurt"):
        try:
            parameters[name] = float(parameters[name])
        except (TypeError, ValueError):
            raise ValueError("{}={!r} is not valid: use a number of expected false warnings a month".format(
                name, parameters[name])) from None
        if not parameters[name] > 0:
            raise ValueError("{}={!r} is not valid: it must be above 0".format(name, parameters[name]))
    parameters["index_weights"] = resolve_weights(index_weights)
    perception = _perception_inputs(gemeente)
    data = build_arrays(
        gemeente, area_year=area_year, first_month=first_month, last_month=last_month, extra_hash=perception,
        allow_no_months=True,
    )
    partial = month_coverage(gemeente, data.months[0], data.months[-1]) if data.months else {}
    period_arrays = [
        arrays
        for precision in (SeriesPrecision.YEAR, SeriesPrecision.QUARTER)
        if (arrays := build_period_arrays(gemeente, data, precision, partial=partial, first=first_month,
                                          last=last_month)) is not None
    ]
    native = [pa for pa in period_arrays if pa.native.any()]
    if not data.months and not native:
        raise NoDataError(
            "gemeente {} has no registrations (monthly, quarterly or yearly) in this period".format(gemeente.code)
        )
    parameters["window"] = "month" if data.months else period_arrays[0].precision
    parameters["area_year"] = data.areas[0].year
    first, last = _run_period(data, period_arrays)
    run = AnalysisRun.objects.create(
        gemeente=gemeente,
        user=user if getattr(user, "is_authenticated", False) else None,
        parameters=parameters,
        seed=parameters["seed"],
        software_version=veiligheidsbeeld.__version__,
        data_hash=_combined_hash(data, period_arrays),
        first_month=first,
        last_month=last,
        area_year=data.areas[0].year,
    )
    run.summary = {
        "areas": len(data.areas),
        "themes": len(data.themes),
        "months": len(data.months),
        "registrations": data.registrations + sum(pa.registrations for pa in native),
        "outside_indeling": data.outside + sum(pa.outside for pa in native),
        "harmonisation": data.harmonisation.report,
        "precisions": ([SeriesPrecision.MONTH] if data.months else []) + [pa.precision for pa in native],
        "coverage": {month.strftime("%Y-%m"): list(days) for month, days in partial.items()},
        "mergers": data.mergers + [note for pa in period_arrays for note in pa.mergers],
        "skipped": [],
    }
    if partial:
        run.summary["coverage_note"] = (
            "{} month(s) only partly covered by event data; left out of changes and trends".format(len(partial))
        )
    if data.months:
        _store_series(run, data, parameters["min_population"])
        Alert.objects.bulk_create(
            detect_alerts(
                run,
                data,
                alert_months=parameters["alert_months"],
                warning_family=parameters["warning_family"],
                budget_wijk=parameters["budget_wijk"],
                budget_buurt=parameters["budget_buurt"],
                coverage=_coverage_fractions(data.months, partial),
            ),
            batch_size=2000,
        )
    else:
        skip(run, gemeente.code, None, "early warning and hot spots: no monthly registrations (figures are {})"
             .format(" and ".join(pa.precision for pa in native)))
    PeriodSeries.objects.bulk_create(store_period_series(run, data, period_arrays), batch_size=2000)
    ChangeResult.objects.bulk_create(compute_changes(run, data, period_arrays), batch_size=2000)
    TrendResult.objects.bulk_create(detect_trends(run, data, period_arrays, partial=partial), batch_size=2000)
    if data.months:
        HotSpot.objects.bulk_create(
            detect_hotspots(
                run,
                data,
                min_population=parameters["min_population"],
                tolerance=float(parameters["hotspot_tolerance"]),
                permutations=int(parameters["permutations"]),
                workers=workers if workers is not None else settings.ANALYSIS_WORKERS,
            ),
            batch_size=2000,
        )
    yearly = next((pa for pa in period_arrays if pa.precision == SeriesPrecision.YEAR), None)
    SafetyIndexValue.objects.bulk_create(
        compute_index(
            run,
            data,
            weights=parameters["index_weights"],
            base_year=parameters["index_base_year"],
            min_population=parameters["min_population"],
            yearly=yearly,
        ),
        batch_size=2000,
    )
    carry_over_follow_up(run, actor=user)
    run.status = AnalysisRun.Status.DONE
    run.finished_at = timezone.now()
    run.save()
    audit.record("analysis_completed", actor=user, gemeente=gemeente, obj=run, data_hash=run.data_hash)
    logger.info("analysis_completed run=%s gemeente=%s %s", run.pk, gemeente.code, json.dumps(run.summary)[:2000])
    return run


def _run_period(data, period_arrays) -> tuple[dt.date, dt.date]:
    """First and last month the run covers: its months, else the first and last month of its periods."""
    if data.months:
        return data.months[0], data.months[-1]
    first = min(pa.periods[0] for pa in period_arrays)
    ends = []
    for pa in period_arrays:
        last = pa.periods[-1]
        months = 11 if pa.precision == SeriesPrecision.YEAR else 2
        ends.append(dt.date(last.year + (last.month - 1 + months) // 12, (last.month - 1 + months) % 12 + 1, 1))
    return first, max(ends)


def _combined_hash(data, period_arrays) -> str:
    """The run's data hash: the monthly input's, extended with the yearly and quarterly series when present."""
    if not period_arrays and not data.mergers:
        return data.data_hash
    digest = hashlib.sha256(data.data_hash.encode())
    for pa in period_arrays:
        digest.update(pa.precision.encode())
        digest.update(repr([p.isoformat() for p in pa.periods]).encode())
        digest.update(np.nan_to_num(pa.counts, nan=-1).astype(np.int64).tobytes())
    digest.update(repr(data.mergers).encode())
    return digest.hexdigest()


def _store_series(run, data, min_population: int) -> None:
    usable = ~np.isnan(data.population) & (data.population >= min_population)
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = np.where(usable[:, None, :], data.counts / data.population[:, None, :] * 1000.0, np.nan)
    pop_lists = [[None if np.isnan(v) else int(v) for v in row] for row in data.population]
    IndicatorSeries.objects.bulk_create(
        (
            IndicatorSeries(
                run=run,
                area=area,
                theme=theme,
                counts=data.counts[i, j].tolist(),
                population=pop_lists[i],
                rates=[None if np.isnan(v) else round(float(v), 6) for v in rates[i, j]],
            )
            for i, area in enumerate(data.areas)
            for j, theme in enumerate(data.themes)
        ),
        batch_size=2000,
    )


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


def _organisation_of(actor):
    profile = getattr(actor, "profile", None) if _actor(actor) else None
    return profile.organisation if profile is not None else None


@transaction.atomic
def change_alert_status(alert: Alert, status: str, *, note: str = "", actor=None, partner: bool = False) -> Alert:
    """Change an alert's status along :data:`~.workflow.ALLOWED_STATUS_CHANGES`, with history and audit.

    With ``partner`` the change is a partner organisation's (a ketenpartner on an alert assigned to its
    organisation; the caller checks ``analyses.change_alert_status``): only the changes of
    :data:`~.workflow.PARTNER_STATUS_CHANGES` are allowed.

    Raises
    ------
    veiligheidsbeeld.analyses.workflow.InvalidStatusChange
        When the change is not allowed (the message lists what is).
    """
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    check_status_change(alert.status, status, partner=partner)
    old = alert.status
    alert.status = status
    alert.status_changed_at = timezone.now()
    alert.save(update_fields=["status", "status_changed_at"])
    AlertStatusChange.objects.create(
        alert=alert, old_status=old, new_status=status, user=_actor(actor), organisation=_organisation_of(actor),
        note=note,
    )
    audit.record(
        "alert_status_changed", actor=actor, gemeente=alert.gemeente, obj=alert,
        changes={"status": [old, status]}, note=note,
    )
    logger.info("alert_status_changed alert=%s %s->%s", alert.pk, old, status)
    return alert


_UNSET = object()


def _label(value) -> str:
    """A follow-up value as the history and the audit log keep it: a user name, an organisation, a date."""
    if value is None:
        return ""
    if hasattr(value, "get_username"):
        return value.get_username()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@transaction.atomic
def set_alert_follow_up(
    alert: Alert, *, owner=_UNSET, organisation=_UNSET, due_date=_UNSET, note: str = "", actor=None
) -> Alert:
    """Set who follows an alert up: its ``owner`` (a user), the partner ``organisation`` asked to act and the
    ``due_date`` (each left alone when not given; None clears it). Writes a history row listing what changed
    and an audit event; nothing when nothing changes.

    Raises
    ------
    ValueError
        When the organisation does not work for the alert's gemeente, or the owner cannot see it.
    """
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    wanted = {"owner": owner, "assigned_organisation": organisation, "due_date": due_date}
    if organisation not in (_UNSET, None) and not organisation.gemeenten.filter(pk=alert.gemeente_id).exists():
        raise ValueError(
            "organisation {!r} does not work for gemeente {}".format(str(organisation), alert.gemeente.code))
    if owner not in (_UNSET, None) and not owner.has_perm("accounts.view_gemeente", alert.gemeente):
        raise ValueError("user {!r} cannot see gemeente {}".format(owner.get_username(), alert.gemeente.code))
    changes = {}
    for field, value in wanted.items():
        if value is _UNSET:
            continue
        current = getattr(alert, field)
        if _label(current) != _label(value):
            changes[field] = [_label(current), _label(value)]
            setattr(alert, field, value)
    if not changes:
        return alert
    alert.save(update_fields=list(changes))
    AlertStatusChange.objects.create(
        alert=alert, old_status=alert.status, new_status=alert.status, user=_actor(actor),
        organisation=_organisation_of(actor), note=note, changes=changes,
    )
    audit.record("alert_follow_up_changed", actor=actor, gemeente=alert.gemeente, obj=alert, changes=changes,
                 note=note)
    logger.info("alert_follow_up_changed alert=%s %s", alert.pk, sorted(changes))
    return alert


def carry_over_follow_up(run: AnalysisRun, *, actor=None) -> int:
    """Give the alerts of ``run`` the status, follow-up and history of the same alert in an earlier run.

    "The same alert" is the same area (by CBS code, so a run on another indeling year still matches) x theme x
    month in the newest earlier run of the gemeente that has one with a status other than ``nieuw`` or any
    follow-up. Its history rows are copied with their own times (the earlier run may be deleted later), and the
    new alert points back to it (``carried_from``). Returns the number of alerts carried over; writes one audit
    event when that is above zero.
    """
    new_alerts = list(Alert.objects.filter(run=run).select_related("area"))
    if not new_alerts:
        return 0
    cells = {(a.area.code, a.theme_id, a.month): a for a in new_alerts}
    earlier = (
        Alert.objects.filter(gemeente=run.gemeente, month__in={a.month for a in new_alerts},
                             theme_id__in={a.theme_id for a in new_alerts})
        .exclude(run=run)
        .filter(Q(status__in=[s for s in AlertStatus.values if s != AlertStatus.NIEUW])
                | Q(owner__isnull=False) | Q(assigned_organisation__isnull=False) | Q(due_date__isnull=False))
        .select_related("area")
        .order_by("-run__created_at", "-run_id")
    )
    sources: dict = {}
    for old in earlier:
        key = (old.area.code, old.theme_id, old.month)
        if key in cells and key not in sources:
            sources[key] = old
    if not sources:
        return 0
    fields = ["status", "status_changed_at", "owner_id", "assigned_organisation_id", "due_date"]
    updated = []
    for key, old in sources.items():
        alert = cells[key]
        for field in fields:
            setattr(alert, field, getattr(old, field))
        alert.carried_from_id = old.pk
        updated.append(alert)
    Alert.objects.bulk_update(updated, fields + ["carried_from"], batch_size=500)
    target = {old.pk: cells[key].pk for key, old in sources.items()}
    AlertStatusChange.objects.bulk_create(
        [
            AlertStatusChange(
                alert_id=target[change.alert_id], old_status=change.old_status, new_status=change.new_status,
                user_id=change.user_id, organisation_id=change.organisation_id, changed_at=change.changed_at,
                note=change.note, changes=change.changes,
            )
            for change in AlertStatusChange.objects.filter(alert_id__in=list(target)).order_by("changed_at", "pk")
        ],
        batch_size=2000,
    )
    audit.record("alert_follow_up_carried_over", actor=actor, gemeente=run.gemeente, obj=run,
                 alerts=len(updated), runs=sorted({old.run_id for old in sources.values()}))
    logger.info("alert_follow_up_carried_over run=%s alerts=%s", run.pk, len(updated))
    return len(updated)


def _coverage_fractions(months, partial) -> list[float] | None:
    """Covered fraction of each month for early warning (1.0 whole; days covered / days for a partial month of
    event data, from :func:`~veiligheidsbeeld.analyses.coverage.month_coverage`); None when every month is whole."""
    if not partial:
        return None
    return [partial[month][0] / partial[month][1] if month in partial else 1.0 for month in months]
