"""The report of a gemeente whose figures are yearly totals of the gemeente as a whole (#14 items 2 and 3)."""

import datetime as dt

import pytest
from django.utils import translation

from veiligheidsbeeld.analyses.services import run_analysis
from veiligheidsbeeld.analyses.tests.test_precisions import YEARS, registrations
from veiligheidsbeeld.core.disclosure import DisclosurePolicy
from veiligheidsbeeld.reports.document import build_document, render_html
from veiligheidsbeeld.reports.services import resolve_figures

pytestmark = pytest.mark.django_db


def _totals(gemeente, *, wijk=False):
    counts = {}
    for k, year in enumerate(YEARS):  # 11 years of gemeente totals from a national table
        counts[("GM0999", "woninginbraak", dt.date(year, 1, 1))] = 14_000 + 96 * k
    if wijk:
        counts[("WK099900", "woninginbraak", dt.date(2024, 1, 1))] = 300
        counts[("WK099900", "woninginbraak", dt.date(2023, 1, 1))] = 280
    registrations(gemeente, counts)


@pytest.mark.parametrize("analysed", [False, True])
def test_yearly_gemeente_totals_are_the_report_key_figures(small_gemeente, analysed):
    _totals(small_gemeente)
    if analysed:  # the run on yearly figures must not turn the report into "no registrations"
        run_analysis(small_gemeente)
    figures = resolve_figures(small_gemeente)
    with translation.override("nl"):
        document = build_document(figures, DisclosurePolicy())
        html = render_html(document)
    [hic] = [row for row in document["key_figures"] if row["theme"].code == "hic"]
    assert hic["current"] == "14.960" and hic["earlier"] == "14.864"
    assert "Geen registraties in deze periode" not in html.split("</section>")[0]


def test_wijk_sum_and_the_unassignable_rest_are_both_in_the_report(small_gemeente):
    _totals(small_gemeente, wijk=True)
    figures = resolve_figures(small_gemeente)
    with translation.override("nl"):
        document = build_document(figures, DisclosurePolicy())
        html = render_html(document)
    [hic] = [row for row in document["key_figures"] if row["theme"].code == "hic"]
    assert hic["current"] == "15.260"  # 14.960 on the gemeente as a whole + 300 in Wijk 0
    assert "Proefdorp: niet aan een wijk toe te wijzen" in html


def test_report_never_gives_a_percentage_on_a_base_below_5():
    from veiligheidsbeeld.reports.changes import Change
    from veiligheidsbeeld.reports.content import _change_label

    assert _change_label(Change("all", "geweld", 3, 2, 50.0, 0.9, False)) == "2 → 3"
    assert _change_label(Change("all", "geweld", 12, 10, 20.0, 0.9, False)) == "+20,0%"


def test_run_report_counts_the_unassignable_part_once(small_gemeente):
    """A run's report reads the published linked table (#15) and shows the gemeente as a whole (#14): the row
    "not assignable to a wijk" is the table's remainder row, so the wijken and it add up to the gemeente figure
    (ALL) and nothing counts twice."""
    from conftest import monthly_registrations
    from veiligheidsbeeld.analyses.services import month_range
    from veiligheidsbeeld.reports.figures import figures_from_run
    from veiligheidsbeeld.reports.protection import ALL, publish

    counts = {}
    for month in month_range(dt.date(2023, 1, 1), dt.date(2024, 12, 1)):
        counts[("BU09990000", "woninginbraak", month)] = 3
        counts[("BU09990100", "woninginbraak", month)] = 2
        counts[("GM0999", "woninginbraak", month)] = 1  # on the gemeente, in no wijk
    monthly_registrations(small_gemeente, counts)
    run = run_analysis(small_gemeente)
    figures = figures_from_run(run)
    assert figures.whole is not None
    published = publish(figures, DisclosurePolicy())
    theme = next(t for t in figures.themes if t.code == "woninginbraak")
    whole = published.cell(figures.whole, theme)
    total = published.cell(ALL, theme)
    assert (whole.value, total.value) == (12, 72)  # 12 x 1 unassignable; 12 x (3 + 2 + 1) in the gemeente
    assert sum(published.cell(w, theme).value for w in figures.wijken) == total.value
