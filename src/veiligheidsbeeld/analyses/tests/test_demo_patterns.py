"""The analysis on the demo gemeente Voorbeeldstad finds the planted patterns, and only those (issue #4).

One module-scoped demo build (``build_demo`` runs the first analysis, in one process); a second run on the same
data, with the hot spot statistics in a pool of two worker processes, checks that every stored result is
reproduced exactly (whatever the number of workers). Its run time is measured in
``benchmarks/bench_demo_analysis.py``, not asserted here (issue 22: no timing in tests).
"""

import pytest

from veiligheidsbeeld.analyses.models import Alert, AnalysisRun, HotSpot, IndicatorSeries, SafetyIndexValue, TrendResult
from veiligheidsbeeld.analyses.queries import alerts_for, hotspots_for, index_for, trends_for
from veiligheidsbeeld.analyses.services import run_analysis

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

@pytest.fixture(scope="module")
def demo(demo_build, django_db_blocker):
    """The demo build (its first analysis run) plus a second run on the same data."""
    from veiligheidsbeeld.core.models import Gemeente

    with django_db_blocker.unblock():
        gemeente = Gemeente.objects.get(code=demo_build["gemeente"])
        first = AnalysisRun.objects.get(pk=demo_build["run"])
        second = run_analysis(gemeente, workers=2)
        yield {"run": first, "rerun": second,
               "planted": {p["pattern"]: p for p in demo_build["planted"]}}


def test_rising_jeugdoverlast_wijk_is_alerted(demo):
    # Smoke test of the whole pipeline on the demo's planted rise, restored in #23 to the realistic 1.5x -> 3x over
    # six months (it had been raised to 2x -> 4x so that run-wide Benjamini-Hochberg found it). Documented outcome
    # for demo seed 2024 under the default false-alarm budget: the wijk series is flagged in the last three months
    # of the rise (and, every month being judged, in August-September 2020, when the demo's national jeugdoverlast
    # rate jumps). Its detection rate over many seeds is a measured result in
    # stats/tests/test_early_warning_simulation.py, not this one draw.
    planted = demo["planted"]["jeugdoverlast-rising"]
    alerts = alerts_for(demo["run"], theme="jeugdoverlast").filter(area__code=planted["areas"][0])
    flagged = sorted(a.month.strftime("%Y-%m") for a in alerts)
    assert set(planted["months"][-3:]) <= set(flagged)
    alert = next(a for a in alerts if a.month.strftime("%Y-%m") == planted["months"][-1])
    assert alert.observed > alert.upper >= alert.expected
    assert alert.explanation.startswith("Jeugdoverlast in ")
    assert "registraties in december" in alert.explanation and "verwacht" in alert.explanation
    assert "We accepteren gemiddeld één onterechte waarschuwing per maand" in alert.explanation
    assert "keer in de" in alert.explanation  # how surprising: "ongeveer eens in de ... maanden"


def test_oud_en_nieuw_peak_is_not_alerted(demo):
    planted = demo["planted"]["oud-en-nieuw"]
    run = demo["run"]
    assert run.last_month.month in (12, 1)  # the last evaluated month lies in the peak
    # The peak is expected: vuurwerk (ten times its usual level) never warns in December or January, and the three
    # peak themes together stay within the monthly budget (one chance waarschuwing at most) in the last month.
    peak_months = [m for m in alerts_for(run, theme="vuurwerk").values_list("month", flat=True) if m.month in (12, 1)]
    assert not peak_months
    assert alerts_for(run).filter(theme__code__in=planted["themes"], month=run.last_month).count() <= 1


def test_few_false_alerts_besides_the_planted_ones(demo):
    # Every month of the window is judged (#14); over the last twelve months, outside the planted patterns (the
    # rising jeugdoverlast wijk, the woninginbraak hot spot, the verward-gedrag rise everywhere, the Oud en Nieuw
    # themes), the waarschuwingen stay near the budget of one unjustified waarschuwing a month.
    planted = demo["planted"]
    run = demo["run"]
    expected = set(planted["jeugdoverlast-rising"]["areas"] + planted["jeugdoverlast-rising"]["buurten"])
    hot = set(planted["woninginbraak-hotspot"]["areas"])
    months = sorted(run.summary["early_warning"]["per_month"])[-12:]
    alerts = [a for a in alerts_for(run) if a.month.strftime("%Y-%m") in months]
    others = [
        a for a in alerts
        if not (a.theme.code == "jeugdoverlast" and a.area.code in expected)
        and not (a.theme.code == "woninginbraak" and a.area.code in hot)
        and a.theme.code != "verward-gedrag" and a.theme.code not in planted["oud-en-nieuw"]["themes"]
    ]
    assert len(others) / len(months) <= 1.5
    assert run.summary["early_warning"]["family"] == "budget"


def test_woninginbraak_cluster_is_a_hot_spot(demo):
    cluster = set(demo["planted"]["woninginbraak-hotspot"]["areas"])
    hot = {h.area.code for h in hotspots_for(demo["run"], theme="woninginbraak") if h.z > 0}
    assert len(cluster & hot) >= len(cluster) // 2
    assert len(hot - cluster) <= len(cluster)
    patterns = {h.pattern for h in HotSpot.objects.filter(run=demo["run"], area__code__in=cluster & hot)}
    assert patterns & {"new_hot_spot", "consecutive_hot_spot", "sporadic_hot_spot", "oscillating_hot_spot"}


def test_e33_gemeente_trend_is_significantly_upward(demo):
    [trend] = trends_for(demo["run"], area="GM9999", theme="verward-gedrag")
    assert trend.significant and trend.direction == "up" and trend.slope_per_year > 0


def test_index_per_wijk_is_100_on_average_in_the_base_year(demo):
    run = demo["run"]
    values = list(index_for(run, year=run.summary["index"]["base_year"]))
    assert len(values) == 20
    assert all(v.crime is not None and v.nuisance is not None for v in values)
    assert all(not v.complete for v in values)  # the demo has no survey: flagged
    assert run.summary["index"]["perception"].startswith("not available")
    series = {s.area_id: s for s in IndicatorSeries.objects.filter(run=run, theme__code="hic")}
    assert series  # indicators are stored alongside
    population = [series[v.area_id].population[0] for v in values]
    average = sum(v.crime * p for v, p in zip(values, population)) / sum(population)
    assert average == pytest.approx(100.0, rel=1e-6)


def _stored(run):
    def rows(model, *fields):
        return sorted(tuple(str(v) for v in row) for row in model.objects.filter(run=run).values_list(*fields))

    return {
        "series": rows(IndicatorSeries, "area_id", "theme_id", "counts", "population", "rates"),
        "alerts": rows(Alert, "area_id", "theme_id", "month", "observed", "expected", "lower", "upper",
                       "probability", "q_value", "p_month", "p_trend", "severity", "explanation"),
        "trends": rows(TrendResult, "area_id", "theme_id", "months", "tau", "p_value", "q_value",
                       "slope_per_year", "significant", "direction"),
        "hotspots": rows(HotSpot, "area_id", "theme_id", "period", "rate", "z", "p_value", "q_value", "category",
                         "pattern"),
        "index": rows(SafetyIndexValue, "area_id", "year", "index", "crime", "nuisance", "perception",
                      "components", "weights", "complete"),
    }


def test_rerun_reproduces_every_stored_result(demo):
    first, second = demo["run"], demo["rerun"]
    assert (first.data_hash, first.parameters, first.seed, first.software_version) == (
        second.data_hash, second.parameters, second.seed, second.software_version)
    assert first.summary == second.summary
    stored_first, stored_second = _stored(first), _stored(second)
    assert all(stored_first[name] for name in ("series", "trends", "hotspots", "index"))
    assert stored_first == stored_second
