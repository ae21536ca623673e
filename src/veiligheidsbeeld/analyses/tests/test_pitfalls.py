"""Known pitfalls of small-area statistics, through ``run_analysis`` on the test gemeente GM0999 (issue #4).

GM0999 (``conftest.small_gemeente``): wijk 0 with buurten 00 (1,000 inhabitants) and 01 (2,000) side by side,
wijk 1 with buurten 10 (3,000) and 11 (30, below the minimum population of 50). The two wijken do not touch,
so in the hot spot lattice (buurten 00, 01, 10) buurt 10 has no neighbour: an island.
"""

import datetime as dt

import numpy as np
import pytest

from conftest import monthly_registrations, square
from veiligheidsbeeld.analyses.models import HotSpot, IndicatorSeries
from veiligheidsbeeld.analyses.services import month_range, run_analysis
from veiligheidsbeeld.areas.models import Area, AreaPopulation

pytestmark = pytest.mark.django_db

BUURTEN = ("BU09990000", "BU09990001", "BU09990100", "BU09990101")


def _noise(months, themes, *, seed, mean=6.0):
    """Seeded Poisson counts without any change, for every buurt x theme x month."""
    rng = np.random.default_rng(seed)
    return {
        (code, theme, month): int(rng.poisson(mean))
        for code in BUURTEN
        for theme in themes
        for month in months
    }


def _series(run, theme):
    return {
        s.area.code: s
        for s in IndicatorSeries.objects.filter(run=run, theme__code=theme).select_related("area")
    }


def test_zero_population_gives_no_rate_and_leaves_other_areas_alone(small_gemeente):
    AreaPopulation.objects.filter(area__code="BU09990001").update(population=0)
    monthly_registrations(small_gemeente, _noise(month_range(dt.date(2022, 1, 1), dt.date(2024, 12, 1)),
                                                 ["woninginbraak"], seed=1))
    run = run_analysis(small_gemeente)
    series = _series(run, "woninginbraak")
    assert all(rate is None for rate in series["BU09990001"].rates)
    assert sum(series["BU09990001"].counts) > 0  # counted, just not divided by zero
    for code in ("BU09990000", "BU09990100", "WK099900", "WK099901", "GM0999"):
        assert all(rate is not None and np.isfinite(rate) for rate in series[code].rates), code
    assert series["WK099900"].population[0] == 1000  # 1,000 + 0
    assert "BU09990001" in run.summary["hotspots"]["left_out"]
    assert not HotSpot.objects.filter(run=run, area__code="BU09990001").exists()
    assert all(np.isfinite(v.index) for v in run.index_values.all())


def test_all_zero_series_are_stored_as_zeros_and_never_alerted_or_tested(small_gemeente):
    months = month_range(dt.date(2020, 1, 1), dt.date(2024, 12, 1))
    monthly_registrations(
        small_gemeente, {("BU09990000", "woninginbraak", month): 3 + k % 4 for k, month in enumerate(months)}
    )
    run = run_analysis(small_gemeente, alert_months=12)
    silent = _series(run, "woninginbraak")["BU09990001"]
    assert silent.counts == [0] * 60
    known = [rate for rate, population in zip(silent.rates, silent.population) if population is not None]
    assert known == [0.0] * 36  # inhabitants known for 2022-2024; a zero rate, never NaN
    assert not run.alerts.exclude(area__code="BU09990000", theme__code="woninginbraak").exists()
    tested = set(run.trends.values_list("area__code", "theme__code"))
    assert tested == {(area, theme) for area in ("WK099900", "GM0999") for theme in ("woninginbraak", "hic")}
    assert run.summary["hotspots"]["themes"] == 1  # only the theme with registrations


def test_a_single_month_runs_and_says_what_it_could_not_compute(small_gemeente):
    monthly_registrations(small_gemeente, {("BU09990100", "geweld", dt.date(2024, 5, 1)): 9})
    run = run_analysis(small_gemeente)
    assert run.summary["months"] == 1 and (run.first_month, run.last_month) == (dt.date(2024, 5, 1),) * 2
    assert _series(run, "geweld")["BU09990100"].counts == [9]
    assert _series(run, "geweld")["BU09990100"].rates == [pytest.approx(9 / 3000 * 1000)]
    assert run.summary["early_warning"]["insufficient_history"] == run.summary["early_warning"]["series"]
    assert run.summary["trends"]["note"] == "fewer than 24 months"
    assert run.summary["hotspots"]["note"] == "fewer than 12 months"
    assert run.summary["index"]["note"] == "no complete calendar year or no wijken"
    assert not (run.alerts.exists() or run.trends.exists() or run.hotspots.exists() or run.index_values.exists())


def test_island_is_masked_not_reported(small_gemeente):
    monthly_registrations(small_gemeente, _noise(month_range(dt.date(2023, 1, 1), dt.date(2024, 12, 1)),
                                                 ["woninginbraak"], seed=2))
    run = run_analysis(small_gemeente)
    assert run.summary["hotspots"]["islands"] == ["BU09990100"]
    assert run.summary["hotspots"]["left_out"] == ["BU09990101"]  # 30 inhabitants
    reported = set(HotSpot.objects.filter(run=run).values_list("area__code", flat=True))
    assert reported == {"BU09990000", "BU09990001"}
    assert all(np.isfinite(h.z) and 0 < h.p_value <= 1 for h in HotSpot.objects.filter(run=run))


def test_cbs_re_division_is_harmonised_by_overlap_in_whole_registrations(small_gemeente):
    """A 2017 buurt covering today's buurten 00 and 01 is split 50/50; counts stay whole and totals are kept."""
    old_wijk = Area.objects.create(gemeente=small_gemeente, code="WK099900", name="Wijk 0 (2017)", level="wijk",
                                   year=2017, geometry=square(6.0, 53.0, 0.01))
    Area.objects.create(gemeente=small_gemeente, code="BU09997700", name="Oud 00+01", level="buurt", year=2017,
                        parent=old_wijk, geometry={"type": "Polygon", "coordinates": [
                            [[6.0, 53.0], [6.01, 53.0], [6.01, 53.005], [6.0, 53.005], [6.0, 53.0]]]})
    Area.objects.create(gemeente=small_gemeente, code="BU09997701", name="Zonder grens", level="buurt",
                        year=2017, parent=old_wijk)
    Area.objects.create(gemeente=small_gemeente, code="BU09997702", name="Nergens", level="buurt", year=2017)
    months = month_range(dt.date(2023, 1, 1), dt.date(2024, 12, 1))
    counts = {}
    for month in months:
        counts[("BU09997700", "woninginbraak", month)] = 7  # odd: cannot be halved
        counts[("BU09997701", "woninginbraak", month)] = 2  # no boundary: to its wijk, whose code is unchanged
        counts[("BU09997702", "woninginbraak", month)] = 1  # no boundary, no parent: reported, left out
    monthly_registrations(small_gemeente, counts)

    run = run_analysis(small_gemeente)
    series = _series(run, "woninginbraak")
    assert series["BU09990000"].counts == [4] * 24 and series["BU09990001"].counts == [3] * 24
    assert series["WK099900"].counts == [7 + 2] * 24
    assert series["GM0999"].counts == [9] * 24
    assert all(type(c) is int for s in series.values() for c in s.counts)
    assert run.summary["registrations"] == 24 * 9 and run.summary["outside_indeling"] == 24
    report = {item["area"]: item for item in run.summary["harmonisation"]}
    assert report["BU09997700"]["method"] == "overlap"
    assert report["BU09997700"]["targets"] == {"BU09990000": 0.5, "BU09990001": 0.5}
    assert report["BU09997701"]["method"] == "parent" and report["BU09997701"]["targets"] == {"WK099900": 1.0}
    assert report["BU09997702"]["reason"] == "no boundary for BU09997702 (2017)"
    assert all(type(a.observed) is int for a in run.alerts.all())


def test_pure_noise_alerts_at_most_the_nominal_rate_after_fdr(small_gemeente):
    themes = ["woninginbraak", "geweld", "fietsdiefstal", "jeugdoverlast", "winkeldiefstal", "vernieling"]
    months = month_range(dt.date(2017, 1, 1), dt.date(2024, 12, 1))
    monthly_registrations(small_gemeente, _noise(months, themes, seed=2026))
    run = run_analysis(small_gemeente, alert_months=24, warning_family="fdr")
    evaluated = run.summary["early_warning"]["months"]
    assert len(evaluated) == 24 and run.summary["early_warning"]["insufficient_history"] == 0
    tests = (len(BUURTEN) + 2) * len(themes) * len(evaluated)  # series with registrations x months
    alerts = list(run.alerts.all())
    assert len(alerts) <= 0.05 * tests
    # Under the global null the false discovery rate is the chance of any alert in a month: at most 5 %.
    months_alerted = {a.month for a in alerts}
    assert len(months_alerted) <= 0.05 * len(evaluated)


def test_pure_noise_stays_within_the_monthly_false_alarm_budget(small_gemeente):
    # The default (#23): about budget_wijk + budget_buurt unjustified waarschuwingen a month, every month judged.
    themes = ["woninginbraak", "geweld", "fietsdiefstal", "jeugdoverlast", "winkeldiefstal", "vernieling"]
    months = month_range(dt.date(2017, 1, 1), dt.date(2024, 12, 1))
    monthly_registrations(small_gemeente, _noise(months, themes, seed=2026))
    run = run_analysis(small_gemeente)
    summary = run.summary["early_warning"]
    assert summary["family"] == "budget" and summary["budgets"] == {"wijk": 0.5, "buurt": 0.5}
    assert len(summary["months"]) == 96 - 24  # every month with two baseline years
    per_month = list(summary["per_month"].values())
    assert sum(per_month) == run.alerts.count()
    assert sum(per_month) / len(per_month) <= 1.0
    half = run_analysis(small_gemeente, budget_wijk=0.05, budget_buurt=0.05)
    assert half.alerts.count() < run.alerts.count()
