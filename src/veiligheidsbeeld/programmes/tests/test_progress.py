import datetime as dt

import pytest
from django.utils import translation

from conftest import monthly_registrations
from veiligheidsbeeld.analyses.services import month_range, run_analysis
from veiligheidsbeeld.areas.models import Area, AreaGroup
from veiligheidsbeeld.frameworks.models import Theme
from veiligheidsbeeld.programmes import services
from veiligheidsbeeld.programmes.choices import KpiStatus
from veiligheidsbeeld.programmes.progress import classify, kpi_progress, priority_status

from .factories import programme_for

# baseline 100 -> target 50 over 2022-01-01..2024-01-01 (decrease); (value, as_of, expected status)
CLASSIFY_CASES = [
    (None, None, KpiStatus.UNKNOWN),
    (50, dt.date(2023, 1, 1), KpiStatus.ON_TRACK),  # target reached
    (75, dt.date(2023, 1, 1), KpiStatus.ON_TRACK),  # half way after half the time
    (85, dt.date(2023, 1, 1), KpiStatus.AT_RISK),  # 30 % of the way after 50 % of the time
    (95, dt.date(2023, 1, 1), KpiStatus.OFF_TRACK),  # 10 % after 50 %
    (110, dt.date(2022, 2, 1), KpiStatus.OFF_TRACK),  # worse than baseline
    (60, dt.date(2024, 6, 1), KpiStatus.OFF_TRACK),  # deadline passed
]


@pytest.mark.parametrize("value,as_of,expected", CLASSIFY_CASES)
def test_classify(value, as_of, expected):
    status, _progress, reason = classify(baseline=100, target=50, direction="decrease",
                                         baseline_date=dt.date(2022, 1, 1), deadline=dt.date(2024, 1, 1),
                                         value=value, as_of=as_of)
    assert status == expected and reason


def _registrations(gemeente, last: dt.date, per_month: int):
    counts = {}
    for month in month_range(dt.date(2023, 1, 1), last):
        counts[("BU09990000", "woninginbraak", month)] = per_month
        counts[("BU09990100", "woninginbraak", month)] = per_month
    monthly_registrations(gemeente, counts, file_name=f"{last}.csv")


@pytest.mark.django_db
def test_indicator_kpi_follows_a_new_analysis_run(small_gemeente):
    programme = programme_for(small_gemeente)
    theme = Theme.objects.get(code="woninginbraak")
    wijken = list(Area.objects.filter(gemeente=small_gemeente, level="wijk"))
    group = AreaGroup.objects.create(gemeente=small_gemeente, slug="alles", name="Alle wijken")
    group.members.set(wijken)
    common = dict(priority_code="veiligheid-zorg", kind="indicator", theme=theme, baseline_date=dt.date(2023, 12, 1),
                  deadline=dt.date(2025, 12, 31), direction="decrease")
    kpi_area = services.create_kpi(programme, title="Gemeente", area=Area.objects.get(code="GM0999"),
                                   indicator_measure="count", baseline=48, target=24, **common)
    kpi_group = services.create_kpi(programme, title="Groep", area_group=group, indicator_measure="rate",
                                    baseline=8.0, target=4.0, **common)
    assert kpi_progress(kpi_area).status == KpiStatus.UNKNOWN  # no run yet

    _registrations(small_gemeente, dt.date(2023, 12, 1), 2)
    run_analysis(small_gemeente)
    first = kpi_progress(kpi_area)
    assert first.value == 48 and first.as_of == dt.date(2023, 12, 31)
    assert kpi_progress(kpi_group).value == pytest.approx(48 / 6030 * 1000)

    # six more months with no registrations: a new run, and the KPI follows without any manual step
    monthly_registrations(small_gemeente, {("BU09990000", "geweld", dt.date(2024, 6, 1)): 1}, file_name="more.csv")
    run_analysis(small_gemeente)
    second = kpi_progress(kpi_area)
    assert second.value == 24 and second.as_of == dt.date(2024, 6, 30)
    assert second.status == KpiStatus.ON_TRACK and second.reason
    assert kpi_progress(kpi_group).value == pytest.approx(24 / 6030 * 1000)
    with translation.override("en"):
        status, reason = priority_status([second, kpi_progress(kpi_group)])
    assert status == KpiStatus.ON_TRACK and "2 of 2" in reason


@pytest.mark.django_db
def test_manual_kpi_takes_its_newest_value(small_gemeente):
    programme = programme_for(small_gemeente)
    kpi = services.create_kpi(programme, title="Training", priority_code="digitale-veiligheid", kind="manual",
                              baseline=20, baseline_date=dt.date(2022, 1, 1), target=80, direction="increase",
                              deadline=dt.date(2024, 1, 1))
    services.record_kpi_value(kpi, dt.date(2023, 1, 1), 30, "jaarverslag")
    progress = kpi_progress(kpi)
    assert progress.value == 30 and progress.source == "jaarverslag"
    assert progress.status == KpiStatus.OFF_TRACK  # 17 % of the way after 50 % of the time


def test_module_kpi_follows_a_module_indicator_as_published(small_gemeente):
    """Issue 16 item 10: a KPI bound to a module indicator (here the cases registered in the running year) reads
    the published value, and a small count stays hidden: the KPI then has no current value."""
    from django.core.exceptions import ValidationError

    from veiligheidsbeeld.cases.models import CaseResidue

    programme = programme_for(small_gemeente)
    common = dict(title="Casussen", priority_code="veiligheid-zorg", baseline=20, baseline_date=dt.date(2025, 1, 1),
                  target=10, direction="decrease", deadline=dt.date(2028, 1, 1))
    with pytest.raises(ValidationError, match="module_indicator"):
        services.create_kpi(programme, kind="module", module_indicator="cases.nonexistent", **common)
    with pytest.raises(ValidationError):  # a module KPI has no theme or area
        services.create_kpi(programme, kind="module", module_indicator="cases.registered",
                            theme=Theme.objects.first(), **common)
    kpi = services.create_kpi(programme, kind="module", module_indicator="cases.registered", **common)
    year = dt.date.today().year
    for _ in range(3):
        CaseResidue.objects.create(gemeente=small_gemeente, case_type="top_x", wijk_code="", registered_year=year)
    progress = kpi_progress(kpi)
    assert progress.value is None and progress.status == KpiStatus.UNKNOWN  # 3 is below the threshold
    for _ in range(12):
        CaseResidue.objects.create(gemeente=small_gemeente, case_type="top_x", wijk_code="", registered_year=year)
    progress = kpi_progress(kpi)
    assert progress.value == 15 and progress.as_of == dt.date.today()
    with pytest.raises(ValidationError):
        services.record_kpi_value(kpi, dt.date.today(), 3, "handmatig")
