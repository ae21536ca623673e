import datetime as dt

import pytest

from conftest import monthly_registrations
from veiligheidsbeeld.analyses.services import month_range, run_analysis
from veiligheidsbeeld.programmes.estimates import estimate, scenarios
from veiligheidsbeeld.programmes.example import load_example_programme
from veiligheidsbeeld.programmes.models import Budget, Kpi, Measure
from veiligheidsbeeld.programmes.summary import programme_summary

from .factories import framework_for


def test_estimate_scales_with_group_size_and_rejects_bad_input():
    rows = scenarios(12000, {"laag": 10, "hoog": 30}, 3)
    assert [r.total for r in rows] == [360000, 1080000]
    with pytest.raises(ValueError, match="group size"):
        estimate(12000, 0, 3)
    with pytest.raises(ValueError, match="negative"):
        estimate(-1, 10, 3)


@pytest.mark.django_db
def test_example_programme_follows_the_framework_actions(small_gemeente):
    counts = {}
    for month in month_range(dt.date(2020, 12, 1), dt.date(2023, 6, 1)):
        counts[("BU09990000", "woninginbraak", month)] = 3
        counts[("BU09990001", "verward-gedrag", month)] = 2
        counts[("BU09990100", "drugscriminaliteit", month)] = 1
    monthly_registrations(small_gemeente, counts)
    run_analysis(small_gemeente)
    framework = framework_for(small_gemeente)
    programme, notes = load_example_programme(small_gemeente, framework)
    actions = sum(len(p["actions"]) for p in framework.content["priorities"])
    assert programme.is_example and Measure.objects.filter(programme=programme).count() == actions
    assert Budget.objects.filter(is_example=False).count() == 0
    assert any("groningen-noord" in note for note in notes)  # GM0999 has no such area group
    assert any(note.startswith("kpis[0]: no baseline") for note in notes)  # no population for 2021: no rate
    assert Kpi.objects.filter(kind="indicator").count() == 2 and Kpi.objects.filter(kind="manual").count() == 2
    assert Measure.objects.filter(status="afgerond").exists() and Measure.objects.filter(status="gestopt").exists()
    summary = programme_summary(small_gemeente)
    assert [p["code"] for p in summary["priorities"]] == [p["code"] for p in framework.content["priorities"]]
    assert sum(p["budget"]["planned"] for p in summary["priorities"]) == summary["total"]["planned"]
    assert all(k["status"] for p in summary["priorities"] for k in p["kpis"])
    again, notes = load_example_programme(small_gemeente, framework)
    assert again == programme and "exists already" in notes[0]
