"""Programme tables (issue #21 item 8): euros with their unit over every year of the framework period, over-spending
flagged, a chart per priority with its table, the preventie / zorg / repressie balance by number and by budget per
year, the Kostenraming with its defaults from the menu, and KPI counts without decimals."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest

from veiligheidsbeeld.programmes import services
from veiligheidsbeeld.programmes.tables import balance, table_years, year_cells
from veiligheidsbeeld.programmes.templatetags.programme_numbers import is_count, kpi_number

from veiligheidsbeeld.accounts.tests.conftest import log_in

from .factories import framework_for, organisation, programme_for, user



def test_years_cover_the_framework_period_and_stray_budget_years():
    framework = SimpleNamespace(period_start=2021, period_end=2024)
    assert table_years(framework, [2022, 2023]) == [2021, 2022, 2023, 2024]
    assert table_years(framework, [2025], [2019]) == [2019, 2021, 2022, 2023, 2024, 2025]
    assert table_years(None, [2023]) == [2023]


def test_over_spending_is_flagged_per_year():
    totals = SimpleNamespace(years={2021: {"planned": Decimal(100), "spent": Decimal(100)},
                                    2022: {"planned": Decimal(100), "spent": Decimal(130)},
                                    2023: {"planned": Decimal(0), "spent": Decimal(5)}})
    cells = year_cells(totals, [2021, 2022, 2023, 2024])
    assert [c.over for c in cells] == [False, True, True, False]  # equal is not over; no plan but spent is
    assert cells[1].overrun == 30 and cells[3].planned is None and cells[3].spent is None


def _measure(programme, owner, intervention, start, end=None, budgets=()):
    m = services.create_measure(programme, title="{} {}".format(intervention, start), priority_code="ondermijning",
                                owner=owner, start=start, end=end, intervention=intervention)
    for year, planned, spent in budgets:
        services.set_budget(m, year, "regulier", planned=Decimal(planned), spent=Decimal(spent))
    return m


@pytest.fixture
def programme(small_gemeente):
    framework = framework_for(small_gemeente)
    assert (framework.period_start, framework.period_end) == (2021, 2024)
    prog = programme_for(small_gemeente)
    org = organisation(small_gemeente, "Gemeente Proefdorp")
    _measure(prog, org, "preventie", dt.date(2021, 3, 1), dt.date(2022, 12, 31),
             [(2021, 100000, 90000), (2022, 100000, 125000)])
    _measure(prog, org, "repressie", dt.date(2022, 1, 1), None, [(2022, 50000, 40000), (2023, 60000, 20000)])
    _measure(prog, org, "repressie", dt.date(2023, 6, 1), dt.date(2024, 6, 30), [])
    prog.editor = user(small_gemeente, "beleid", "beleidsadviseur", org)
    return prog


@pytest.mark.django_db
def test_balance_counts_measures_in_their_years_and_budget_in_its_years(programme):
    mix = balance(programme.measures.prefetch_related("budgets"), [2021, 2022, 2023, 2024])
    rows = {r.intervention: r for r in mix.rows}
    assert [r.intervention for r in mix.rows] == ["preventie", "zorg", "repressie"]
    assert rows["preventie"].measures == [1, 1, 0, 0] and rows["preventie"].planned == [100000, 100000, 0, 0]
    assert rows["repressie"].measures == [0, 1, 2, 2]  # no end: runs to the last year of the table
    assert rows["repressie"].planned == [0, 50000, 60000, 0] and rows["zorg"].measures_total == 0
    assert mix.share(rows["repressie"], "measures") == 67 and mix.share(rows["preventie"], "planned") == 65


def _cells(html: str, caption: str) -> str:
    start = html.index(caption)
    return html[start:html.index("</table>", start)]


@pytest.mark.django_db
def test_the_programme_page_shows_years_euros_over_spending_charts_and_balance(client, programme):
    log_in(client, programme.editor)
    html = client.get("/programma/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    table = _cells(html, "Budget per jaar · bedragen in euro (EUR)")
    assert [int(y) for y in re.findall(r'<th scope="row" class="utrecht-table__cell">(\d{4})</th>', table)] == [
        2021, 2022, 2023, 2024]  # 2024 has no budget, yet is a row
    assert "€ 165.000" in table and "ja: € 15.000" in table  # 2022: 100,000 + 50,000 planned, 125,000 + 40,000 spent
    assert "overschreden in 2022" in html
    balance_table = _cells(html, "Balans per interventietype")
    assert "2 / € 60.000" in balance_table and "3 (100%)" not in balance_table and "2 (67%)" in balance_table
    # a chart per priority with measures: inline SVG (no script), captioned; the table is its text alternative
    section = html[html.index('id="prio-ondermijning"'):]
    assert section.count("<svg") >= 2 and 'role="figure"' in section
    assert html.count("<svg") == 2  # the other priorities have no measures, so no empty charts


@pytest.mark.django_db
def test_the_budgets_page_lists_every_year_with_the_unit(client, programme):
    log_in(client, programme.editor)
    html = client.get("/programma/begroting/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    head = html[html.index("<thead"):html.index("</thead>")]
    assert all(str(y) in head for y in (2021, 2022, 2023, 2024))
    assert "€ 250.000 / € 185.000" not in html and "€ 150.000 / € 165.000" in html
    assert "overschreden € 15.000" in html and "bedragen in euro (EUR)" in html


@pytest.mark.django_db
def test_the_cost_estimate_opens_with_its_defaults_from_the_menu(client, programme, small_gemeente):
    log_in(client, programme.editor)
    html = client.get("/programma/raming/?gemeente={}".format(small_gemeente.code),
                      HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "errorlist" not in html
    assert "€ 225.000" in html and "€ 2.400.000" in html  # 15,000 x 15 per year; 15,000 x 40 x 4
    html = client.get("/programma/raming/?gemeente={}&cost_per_person_per_year=1000&years=2&low=1&middle=2&high=3"
                      .format(small_gemeente.code)).content.decode()
    assert "€ 6.000" in html
    assert "errorlist" in client.get("/programma/raming/?years=0").content.decode()


def test_kpi_counts_have_no_decimals():
    persons = SimpleNamespace(kind="manual", indicator_measure="", unit="personen", baseline=40.0, target=80.0)
    percent = SimpleNamespace(kind="manual", indicator_measure="", unit="procent", baseline=20.0, target=90.0)
    count = SimpleNamespace(kind="indicator", indicator_measure="count", unit="", baseline=2215.0, target=2000.0)
    rate = SimpleNamespace(kind="indicator", indicator_measure="rate", unit="", baseline=3.4, target=3.0)
    assert is_count(persons) and not is_count(percent) and is_count(count) and not is_count(rate)
    assert kpi_number(48.0, persons) == "48 personen" and kpi_number(62.0, percent) == "62,0 procent"
    assert kpi_number(2215.0, count) == "2.215" and kpi_number(3.456, rate) == "3,5"
    assert kpi_number(None, persons) == "–"
