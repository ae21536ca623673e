import datetime as dt

import pytest

from conftest import monthly_registrations
from veiligheidsbeeld.analyses.indicators import area_values, quantile_classes
from veiligheidsbeeld.analyses.models import IndicatorSeries
from veiligheidsbeeld.analyses.services import NoDataError, month_range, run_analysis
from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.frameworks.models import Theme

pytestmark = pytest.mark.django_db


def _two_years(gemeente):
    counts = {}
    for month in month_range(dt.date(2023, 1, 1), dt.date(2024, 12, 1)):
        counts[("BU09990000", "woninginbraak", month)] = 1 if month.year == 2023 else 2
        counts[("BU09990100", "geweld", month)] = 3
        counts[("BU09990101", "woninginbraak", month)] = 1
    monthly_registrations(gemeente, counts)


def test_counts_roll_up_to_wijk_gemeente_and_theme_group(small_gemeente):
    _two_years(small_gemeente)
    run = run_analysis(small_gemeente)
    assert (run.first_month, run.last_month) == (dt.date(2023, 1, 1), dt.date(2024, 12, 1))
    woninginbraak, hic = Theme.objects.get(code="woninginbraak"), Theme.objects.get(code="hic")
    series = {
        (s.area.code, s.theme.code): s for s in IndicatorSeries.objects.filter(run=run).select_related("area", "theme")
    }
    assert series[("WK099900", "woninginbraak")].counts[0] == 1
    assert series[("WK099901", "woninginbraak")].counts[0] == 1
    assert series[("GM0999", "woninginbraak")].counts[-1] == 3
    assert series[("GM0999", "hic")].counts[-1] == 6  # woninginbraak 3 + geweld 3
    assert run.summary["registrations"] == (12 * 1 + 12 * 2) + 24 * 3 + 24 * 1
    gemeente = Area.objects.get(code="GM0999")
    [value] = area_values(run, woninginbraak, [gemeente], dt.date(2024, 12, 1))
    assert value.count == 36 and value.previous == 24
    assert value.change == pytest.approx(50.0)
    assert value.rate == pytest.approx(36 / 6030 * 1000)
    [group] = area_values(run, hic, [gemeente], dt.date(2024, 12, 1))
    assert group.count == 72


def test_tiny_population_gives_no_rate_but_keeps_counts(small_gemeente):
    _two_years(small_gemeente)
    run = run_analysis(small_gemeente)
    tiny = Area.objects.get(code="BU09990101")  # 30 inhabitants, below the minimum of 50
    [value] = area_values(run, Theme.objects.get(code="woninginbraak"), [tiny], dt.date(2024, 12, 1))
    assert value.count == 12 and value.rate is None


def test_same_input_gives_same_data_hash(small_gemeente):
    _two_years(small_gemeente)
    assert run_analysis(small_gemeente).data_hash == run_analysis(small_gemeente).data_hash


def test_different_input_gives_a_different_data_hash(small_gemeente):
    """One more registration, in a cell that had none, changes the hash (a constant hash would pass the test
    above); and so does a different analysis period over the same data."""
    _two_years(small_gemeente)
    first = run_analysis(small_gemeente, permutations=99).data_hash
    monthly_registrations(small_gemeente, {("BU09990001", "geweld", dt.date(2024, 6, 1)): 1}, file_name="extra.csv")
    second = run_analysis(small_gemeente, permutations=99).data_hash
    assert len(first) == len(second) == 64 and second != first
    shorter = run_analysis(small_gemeente, permutations=99, first_month=dt.date(2024, 1, 1)).data_hash
    assert shorter not in (first, second)


def test_no_registrations_is_a_clear_error(small_gemeente):
    with pytest.raises(NoDataError, match=r"no registrations \(monthly, quarterly or yearly\)"):
        run_analysis(small_gemeente)


@pytest.mark.parametrize(
    "values,expected",
    [
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]),
        ([None, 5, 5, 5], [None, 0, 0, 0]),
        ([None, None], [None, None]),
    ],
)
def test_quantile_classes(values, expected):
    classes, _ = quantile_classes(values, k=5)
    assert classes == expected
