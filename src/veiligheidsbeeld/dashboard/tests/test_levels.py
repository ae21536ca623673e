"""Every level (#14 item 3): figures of the gemeente as a whole are its key figures, with what no wijk holds."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from veiligheidsbeeld.analyses.services import run_analysis
from veiligheidsbeeld.analyses.tests.test_precisions import YEARS, registrations

pytestmark = pytest.mark.django_db


@pytest.fixture
def yearly(small_gemeente):
    counts = {}
    for k, year in enumerate(YEARS):
        counts[("GM0999", "woninginbraak", dt.date(year, 1, 1))] = 1200 + 60 * k
        counts[("GM0999", "geweld", dt.date(year, 1, 1))] = 800
    counts[("WK099900", "woninginbraak", dt.date(2023, 1, 1))] = 480
    counts[("WK099900", "woninginbraak", dt.date(2024, 1, 1))] = 500
    registrations(small_gemeente, counts)
    return run_analysis(small_gemeente)


def test_yearly_gemeente_totals_are_the_key_figures_with_the_unassignable_part(logged_in, yearly):
    with translation.override("nl"):
        html = logged_in.get(reverse("dashboard:overview")).content.decode()
    cards = html[html.index('id="kerncijfers"'):html.index("</ul>", html.index('id="kerncijfers"'))]
    assert "Kerncijfers 2024" in cards
    assert "3.100" in cards  # 1.800 + 500 woninginbraak + 800 geweld: High Impact Crimes 2024
    assert "500 in de wijken, 2.600 niet aan een wijk toe te wijzen" in cards


def test_analyses_page_gives_the_reasons_of_analyse_json(logged_in, yearly):
    with translation.override("nl"):
        html = logged_in.get(reverse("dashboard:runs")).content.decode()
    import re
    text = re.sub(r"<[^>]+>", "", html)
    assert "minder dan 5 jaar (2): WK099900 woninginbraak" in text, text[text.find("Niet geanalyseerd"):][:1500]
    assert "vroegsignalering en hotspots: geen maandcijfers" in html


def test_gemeente_profile_shows_its_yearly_figures_with_their_changes(logged_in, yearly):
    with translation.override("nl"):
        html = logged_in.get(reverse("dashboard:area-profile", args=["GM0999"]), {"thema": "woninginbraak"}
                             ).content.decode()
    table = html[html.index('id="jaren-titel"'):]
    assert "Woninginbraak in Proefdorp per jaar" in table
    assert "2.300" in table  # 2024: 1.800 for the gemeente as a whole + 500 in Wijk 0
    assert "Jaarcijfers zoals de bron ze publiceert" in table


def test_monthly_registrations_can_be_read_per_year_on_the_priority_page(logged_in, small_gemeente):
    from conftest import monthly_registrations
    from veiligheidsbeeld.analyses.services import month_range

    monthly_registrations(small_gemeente, {("BU09990000", "geweld", m): 10 + (m.year - 2022) * 5
                                           for m in month_range(dt.date(2022, 1, 1), dt.date(2024, 12, 1))})
    run_analysis(small_gemeente, permutations=99)
    with translation.override("nl"):
        html = logged_in.get(reverse("dashboard:priority", args=["hic"]), {"thema": "geweld"}).content.decode()
    table = html[html.index('id="jaren-titel"'):]
    assert "Volledige kalenderjaren van de maandregistraties" in table
    assert "240" in table and "180" in table and "120" in table
    assert "▲" in table  # 180 -> 240 a year is a significant rise
