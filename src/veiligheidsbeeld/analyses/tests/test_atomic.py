"""``run_analysis`` is one transaction: a failure half-way (after the series, alerts and trends were stored, while
the hot spots are computed) leaves no partial run, no rows of it in any table and no audit event."""

import datetime as dt

import pytest

from conftest import fingerprint_changes, monthly_registrations, table_fingerprint
from veiligheidsbeeld.analyses import services
from veiligheidsbeeld.analyses.models import AnalysisRun, IndicatorSeries, TrendResult
from veiligheidsbeeld.core.models import AuditEvent

pytestmark = pytest.mark.django_db


class HalfWay(RuntimeError):
    pass


def test_failure_halfway_through_run_analysis_leaves_no_partial_run(small_gemeente, monkeypatch):
    counts = {("BU09990000", "woninginbraak", month): 2 + k % 3
              for k, month in enumerate(services.month_range(dt.date(2022, 1, 1), dt.date(2024, 12, 1)))}
    monthly_registrations(small_gemeente, counts)
    before = table_fingerprint()
    stored_before_failure = {}

    def failing_hotspots(run, *args, **kwargs):
        stored_before_failure.update(
            run=AnalysisRun.objects.filter(pk=run.pk).exists(),
            series=IndicatorSeries.objects.filter(run=run).count(),
            trends=TrendResult.objects.filter(run=run).count(),
        )
        raise HalfWay("the hot spot step failed")

    monkeypatch.setattr(services, "detect_hotspots", failing_hotspots)
    with pytest.raises(HalfWay, match="the hot spot step failed"):
        services.run_analysis(small_gemeente, permutations=99)

    # it really was half-way: the run and its series had been written in the transaction
    assert stored_before_failure["run"] and stored_before_failure["series"] > 0
    assert stored_before_failure["trends"] > 0
    assert fingerprint_changes(before, table_fingerprint()) == []
    assert not AnalysisRun.objects.exists() and not IndicatorSeries.objects.exists()
    assert not AuditEvent.objects.filter(action="analysis_completed").exists()

    monkeypatch.undo()  # and the next run completes
    run = services.run_analysis(small_gemeente, permutations=99)
    assert run.status == AnalysisRun.Status.DONE and AnalysisRun.objects.count() == 1
