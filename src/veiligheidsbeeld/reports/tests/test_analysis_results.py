"""Alerts, trends, hot spots and the index of a run as report data, under disclosure control."""

import datetime as dt
import re
from pathlib import Path

import pytest

from veiligheidsbeeld.analyses.models import Alert, Severity
from veiligheidsbeeld.analyses.workflow import AlertStatus
from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.disclosure import SECRET, DisclosurePolicy
from veiligheidsbeeld.frameworks.models import Theme
from veiligheidsbeeld.reports.analysis_results import (
    analysis_results,
    chapter_results,
    summary_results,
    wijk_results,
)
from veiligheidsbeeld.reports.services import generate_report, resolve_figures

pytestmark = pytest.mark.django_db


def _alert(run, area_code, theme_code, observed, status=AlertStatus.NIEUW):
    return Alert.objects.create(
        gemeente=run.gemeente, run=run, area=Area.objects.get(code=area_code),
        theme=Theme.objects.get(code=theme_code), month=dt.date(2023, 12, 1), observed=observed, expected=0.4,
        lower=0, upper=2, probability=1e-4, q_value=1e-3, p_month=1e-4, p_trend=0.5, severity=Severity.ALARM,
        explanation="raw text with the count {}".format(observed), status=status,
    )


def test_alert_counts_below_threshold_read_x_and_false_alarms_are_left_out(report_run):
    _alert(report_run, "BU09990000", "woninginbraak", 3)
    _alert(report_run, "WK099901", "cybercrime", 12)
    _alert(report_run, "BU09990100", "jeugdoverlast", 9, status=AlertStatus.VALS_ALARM)
    results = analysis_results(report_run, DisclosurePolicy(threshold=5))
    texts = [a["text"] for a in results.alerts if "2023" in a["text"]]
    assert len(texts) == 2
    small = next(t for t in texts if "Buurt 00" in t)
    assert re.search(r": {} \w".format(SECRET), small) and " 3 " not in small
    assert any(": 12 " in t for t in texts)
    wijk0 = Area.objects.get(code="WK099900")
    assert [a["text"] for a in wijk_results(results, wijk0)["alerts"] if "2023" in a["text"]] == [small]
    assert [a["text"] for a in chapter_results(results, {"woninginbraak"})["alerts"] if "2023" in a["text"]] == [
        small]


def test_trends_carry_significance_and_chapters_take_their_themes(report_run):
    results = analysis_results(report_run, DisclosurePolicy())
    assert results.available and results.trends and results.trends_tested == len(results.trends)
    gemeente = [t for t in results.trends if t["gemeente_level"]]
    assert {t["theme_code"] for t in gemeente} >= {"woninginbraak", "jeugdoverlast"}
    chapter = chapter_results(results, {"cybercrime", "digitale-veiligheid"})
    assert {t["theme_code"] for t in chapter["gemeente_trends"]} <= {"cybercrime", "digitale-veiligheid"}
    assert all(t["significance"] for t in chapter["gemeente_trends"])
    summary = summary_results(results)
    assert all(t["significant"] and t["gemeente_level"] for t in summary["trends"])
    assert summary["trends_count"] == sum(t["significant"] for t in results.trends)


def test_index_components_hide_small_counts_and_then_the_index(report_run):
    wijk0 = Area.objects.get(code="WK099900")
    shown = wijk_results(analysis_results(report_run, DisclosurePolicy(threshold=5)), wijk0)["index"]
    assert shown and shown[0]["year"] == 2023 and shown[0]["index"] != SECRET
    assert {c["sub_index"] for c in shown[0]["components"]} - {""} and SECRET not in {
        c["sub_index"] for c in shown[0]["components"]}
    hidden = wijk_results(analysis_results(report_run, DisclosurePolicy(threshold=10_000)), wijk0)["index"]
    assert hidden[0]["index"] == SECRET
    assert all(c["sub_index"] == SECRET and c["value"] == SECRET for c in hidden[0]["components"])


def test_report_without_run_says_results_are_not_available(report_run):
    results = analysis_results(None, DisclosurePolicy())
    assert not results.available and not summary_results(results)["available"]


def test_html_report_shows_alerts_trends_index(report_run):
    _alert(report_run, "WK099901", "cybercrime", 12)
    html = Path(generate_report(resolve_figures(run=report_run), fmt="html").file.path).read_text(encoding="utf-8")
    assert "Cybercrime in Wijk 1: 12 " in html
    assert html.count('class="num stat"><strong>') >= 2  # an index row in each wijk profile
    assert "Mann-Kendall" in html
