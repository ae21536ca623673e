"""Every precision, mergers and coverage (#14 items 2, 4, 5, 8): yearly figures are analysed at their own precision."""

import datetime as dt
import json
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command

from veiligheidsbeeld.analyses import mergers
from veiligheidsbeeld.analyses.coverage import month_coverage, partial_months
from veiligheidsbeeld.analyses.models import ChangeResult, PeriodSeries, SafetyIndexValue, TrendResult
from veiligheidsbeeld.analyses.services import month_range, run_analysis
from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.models import Gemeente

pytestmark = pytest.mark.django_db

YEARS = list(range(2014, 2025))  # 11 years of totals, as a national police table gives them


def registrations(gemeente, counts, *, precision="year", source="cbs", file_name="yearly.csv"):
    """Store {(area code, theme code, period start): count} at ``precision`` through the import service."""
    from veiligheidsbeeld.frameworks.models import Theme
    from veiligheidsbeeld.registrations.models import ImportBatch, Registration
    from veiligheidsbeeld.registrations.services import import_registrations

    areas = {a.code: a for a in Area.objects.filter(gemeente=gemeente)}
    themes = {t.code: t for t in Theme.objects.all()}
    batch = ImportBatch.objects.create(
        gemeente=gemeente, source_system=source, importer="test", file_name=file_name, content_hash="1" * 64
    )
    rows = [
        Registration(
            source_system=source, source_ref="{}:{}:{}:{}".format(code, theme, start.isoformat(), k),
            kind="aggregate" if precision != "day" else "incident", theme=themes[theme], category_code=theme,
            period_start=start, precision=precision, area=areas[code], count=n,
        )
        for k, ((code, theme, start), n) in enumerate(counts.items())
    ]
    return import_registrations(batch, rows)


def _yearly_totals(gemeente, *, rising=True):
    counts = {}
    for k, year in enumerate(YEARS):
        counts[("GM0999", "woninginbraak", dt.date(year, 1, 1))] = 1200 + (60 * k if rising else 0)
        counts[("GM0999", "geweld", dt.date(year, 1, 1))] = 800 + (25 if year == 2020 else 0)
    registrations(gemeente, counts)


def _analyse_json(*args) -> dict:
    out = StringIO()
    call_command("analyse", "--gemeente", "GM0999", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_yearly_only_gemeente_gets_a_yearly_trend_changes_and_reasons(small_gemeente):
    _yearly_totals(small_gemeente)
    result = _analyse_json()
    assert (result["first_month"], result["last_month"]) == ("2014-01", "2024-12")
    [trend] = [t for t in result["trends"] if (t["area"], t["theme"]) == ("GM0999", "woninginbraak")]
    assert trend == {"area": "GM0999", "theme": "woninginbraak", "from": "2014-01", "to": "2024-12",
                     "precision": "year", "slope": 60.0, "p": pytest.approx(trend["p"]), "direction": "up"}
    assert trend["p"] < 0.001
    assert {"area", "theme", "reason"} == set(result["skipped"][0])
    assert any(s["theme"] is None and "early warning" in s["reason"] for s in result["skipped"])
    changes = ChangeResult.objects.filter(area__code="GM0999", theme__code="woninginbraak", precision="year")
    assert changes.count() == 10
    last = changes.get(period=dt.date(2024, 1, 1))
    assert (last.count, last.previous_count) == (1800, 1740)
    assert last.lower < last.rate_ratio < last.upper
    # Nothing is stored as months: the yearly totals are a yearly series.
    series = PeriodSeries.objects.get(area__code="GM0999", theme__code="woninginbraak")
    assert series.precision == "year" and series.origin == "native" and series.counts[0] == 1200
    assert not small_gemeente.analysisrun_set.get().series.exists()


def test_a_slope_that_rounds_to_zero_is_never_rising(small_gemeente):
    counts = {}
    for k, year in enumerate(YEARS):  # one more in the last 3 years: significant by rank, Sen slope 0
        counts[("GM0999", "geweld", dt.date(year, 1, 1))] = 1000 + (1 if k >= 8 else 0)
    registrations(small_gemeente, counts)
    run = run_analysis(small_gemeente)
    trend = TrendResult.objects.get(run=run, area__code="GM0999", theme__code="geweld")
    assert trend.significant and trend.slope_total == 0  # the test alone would call it rising
    assert trend.precision == "year" and trend.direction == "none"


def test_yearly_series_shorter_than_five_years_is_skipped_with_its_reason(small_gemeente):
    registrations(small_gemeente, {("WK099900", "geweld", dt.date(y, 1, 1)): 40 + y % 3 for y in (2022, 2023, 2024)})
    result = _analyse_json()
    assert result["trends"] == [] or all(t["area"] != "WK099900" for t in result["trends"])
    assert {"area": "WK099900", "theme": "geweld", "reason": "fewer than 5 years (3)"} in result["skipped"]


def test_veiligheidsindex_on_yearly_wijk_figures(small_gemeente):
    counts = {}
    for year in (2022, 2023, 2024):
        counts[("BU09990000", "geweld", dt.date(year, 1, 1))] = 30
        counts[("BU09990100", "geweld", dt.date(year, 1, 1))] = 10
        counts[("BU09990000", "jeugdoverlast", dt.date(year, 1, 1))] = 12
        counts[("BU09990100", "jeugdoverlast", dt.date(year, 1, 1))] = 12
    registrations(small_gemeente, counts)
    run = run_analysis(small_gemeente)
    assert run.summary["index"]["source"] == "years"
    values = {(v.area.code, v.year): v.index for v in SafetyIndexValue.objects.filter(run=run)}
    assert set(values) == {(w, y) for w in ("WK099900", "WK099901") for y in (2022, 2023, 2024)}
    assert values[("WK099900", 2022)] > values[("WK099901", 2022)]


def test_monthly_registrations_are_also_read_per_complete_year(small_gemeente):
    from conftest import monthly_registrations

    counts = {("BU09990000", "geweld", m): 10 for m in month_range(dt.date(2022, 1, 1), dt.date(2024, 6, 1))}
    monthly_registrations(small_gemeente, counts)
    run = run_analysis(small_gemeente, permutations=99)
    series = PeriodSeries.objects.get(run=run, area__code="GM0999", theme__code="geweld")
    assert series.origin == "months"
    assert series.periods == ["2022-01-01", "2023-01-01"] and series.counts == [120, 120]  # 2024 is incomplete
    change = ChangeResult.objects.get(run=run, area__code="GM0999", theme__code="geweld")
    assert (change.period, change.count, change.previous_count, change.direction) == (
        dt.date(2023, 1, 1), 120, 120, "none")


def test_partial_first_and_last_months_of_event_data_are_known_and_left_out(small_gemeente):
    days = {}
    day = dt.date(2021, 3, 15)
    while day <= dt.date(2024, 12, 10):
        days[("BU09990000", "geweld", day)] = 1
        day += dt.timedelta(days=1)
    registrations(small_gemeente, days, precision="day", source="bvh", file_name="events.csv")
    assert month_coverage(small_gemeente) == {dt.date(2021, 3, 1): (17, 31), dt.date(2024, 12, 1): (10, 31)}
    run = run_analysis(small_gemeente, permutations=99)
    assert partial_months(run) == {dt.date(2021, 3, 1): (17, 31), dt.date(2024, 12, 1): (10, 31)}
    series = PeriodSeries.objects.get(run=run, area__code="GM0999", theme__code="geweld")
    assert series.periods == ["2022-01-01", "2023-01-01"]  # 2021 and 2024 hold a partial month
    assert "coverage_note" in run.summary


def _merged(monkeypatch):
    monkeypatch.setattr(mergers, "predecessors_of", lambda code: [("GM0998", "Oud-Proef", dt.date(2018, 12, 31))]
                        if code == "GM0999" else [])


def test_series_across_a_merger_without_predecessor_figures_has_a_break(small_gemeente, monkeypatch):
    _merged(monkeypatch)
    counts = {("GM0999", "geweld", dt.date(y, 1, 1)): (600 if y < 2019 else 1000) for y in YEARS}
    registrations(small_gemeente, counts)
    run = run_analysis(small_gemeente)
    series = PeriodSeries.objects.get(run=run, area__code="GM0999", theme__code="geweld")
    assert series.breaks == [YEARS.index(2019)]
    periods = set(ChangeResult.objects.filter(run=run, area__code="GM0999", theme__code="geweld")
                  .values_list("period", flat=True))
    assert dt.date(2019, 1, 1) not in periods and dt.date(2020, 1, 1) in periods
    trend = TrendResult.objects.get(run=run, area__code="GM0999", theme__code="geweld")
    assert trend.first_period == dt.date(2019, 1, 1) and trend.direction == "none"  # flat after the break
    assert any(note["method"] == "break" for note in run.summary["mergers"])


def test_series_across_a_merger_is_harmonised_with_registered_predecessor_figures(small_gemeente, monkeypatch):
    _merged(monkeypatch)
    old = Gemeente.objects.create(code="GM0998", name="Oud-Proef")
    Area.objects.create(gemeente=old, code="GM0998", name="Oud-Proef", level="gemeente", year=2018)
    registrations(old, {("GM0998", "geweld", dt.date(y, 1, 1)): 400 for y in YEARS if y < 2019}, file_name="old.csv")
    registrations(small_gemeente, {("GM0999", "geweld", dt.date(y, 1, 1)): (600 if y < 2019 else 1000)
                                   for y in YEARS})
    run = run_analysis(small_gemeente)
    series = PeriodSeries.objects.get(run=run, area__code="GM0999", theme__code="geweld")
    assert series.breaks == [] and set(series.counts) == {1000}
    assert ChangeResult.objects.filter(run=run, area__code="GM0999", theme__code="geweld",
                                       period=dt.date(2019, 1, 1), significant=False).exists()


def test_pure_noise_yearly_series_show_at_most_the_nominal_share_of_significant_changes_and_trends(small_gemeente):
    """Seeded simulation: 8 leaf themes x 4 buurten x 11 years of Poisson noise (no change, no trend)."""
    rng = np.random.default_rng(20261206)
    themes = ["woninginbraak", "geweld", "fietsdiefstal", "jeugdoverlast", "vernieling", "zakkenrollerij",
              "straatroof", "winkeldiefstal"]
    from veiligheidsbeeld.frameworks.models import Theme

    themes = [t for t in themes if Theme.objects.filter(code=t).exists()]
    counts = {}
    for buurt in ("BU09990000", "BU09990001", "BU09990100", "BU09990101"):
        for theme in themes:
            for year in YEARS:
                counts[(buurt, theme, dt.date(year, 1, 1))] = int(rng.poisson(40)) or 1
    registrations(small_gemeente, counts)
    run = run_analysis(small_gemeente)
    changes = ChangeResult.objects.filter(run=run)
    trends = TrendResult.objects.filter(run=run)
    assert changes.count() > 300 and trends.count() > 30
    shown_changes = changes.exclude(direction="none").count() / changes.count()
    shown_trends = trends.exclude(direction="none").count() / trends.count()
    assert shown_changes <= 0.05 and shown_trends <= 0.05


def test_groningen_2019_merger_from_the_shipped_register(db):
    """GM0014 took Haren (GM0017) and Ten Boer (GM0009) whole on 1 January 2019 (areas/data/herindelingen.yaml).
    Haren's yearly figures are registered, Ten Boer's are not: the series is summed where it can be and broken
    after the last year without Ten Boer."""
    from veiligheidsbeeld.areas.services import load_herindelingen

    load_herindelingen()
    groningen = Gemeente.objects.create(code="GM0014", name="Groningen")
    Area.objects.create(gemeente=groningen, code="GM0014", name="Groningen", level="gemeente", year=2024)
    haren = Gemeente.objects.create(code="GM0017", name="Haren")
    Area.objects.create(gemeente=haren, code="GM0017", name="Haren", level="gemeente", year=2018)
    registrations(haren, {("GM0017", "geweld", dt.date(y, 1, 1)): 50 for y in (2016, 2017, 2018)}, file_name="h.csv")
    registrations(groningen, {("GM0014", "geweld", dt.date(y, 1, 1)): (5000 if y < 2019 else 5400)
                              for y in range(2016, 2025)})
    assert [p[0] for p in mergers.predecessors_of("GM0014")] == ["GM0009", "GM0017"]
    run = run_analysis(groningen)
    series = PeriodSeries.objects.get(run=run, area__code="GM0014", theme__code="geweld")
    assert series.counts[:3] == [5050, 5050, 5050]  # Haren summed in
    assert series.breaks == [3]  # Ten Boer missing up to 2018: a break before 2019
    notes = {(n["predecessor"], n["method"]) for n in run.summary["mergers"]}
    assert {("GM0017", "summed"), ("GM0009", "break")} <= notes
