"""Comparison lines from the registered figures of Nederland, the provincie and peer gemeenten (#14 item 3)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from veiligheidsbeeld.analyses.comparison import comparison_lines, peer_codes, size_class
from veiligheidsbeeld.areas.models import Area, AreaPopulation
from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.frameworks.models import Theme
from veiligheidsbeeld.registrations.models import CubeCell

pytestmark = pytest.mark.django_db

YEARS = (2021, 2022, 2023, 2024)


def _cell(area, theme, year, count, gemeente=None):
    nullable = CubeCell._meta.get_field("gemeente").null
    CubeCell.objects.create(
        gemeente=gemeente if gemeente is not None or nullable else Gemeente.objects.first(), area=area,
        theme=theme, source_system="cbs", category_code=theme.code, period_start=dt.date(year, 1, 1),
        precision="year", count=count,
    )


@pytest.fixture
def national(small_gemeente):
    """Nederland (NL00), provincie PV20 and a peer gemeente GM0998 with yearly woninginbraak and inhabitants."""
    theme = Theme.objects.get(code="woninginbraak")
    nl = Area.objects.create(gemeente=None, code="NL00", name="Nederland", level="land", year=2024)
    pv = Area.objects.create(gemeente=None, code="PV20", name="Groningen", level="provincie", year=2024)
    peer_gemeente = Gemeente.objects.create(code="GM0998", name="Buurdorp")
    peer = Area.objects.create(gemeente=peer_gemeente, code="GM0998", name="Buurdorp", level="gemeente", year=2024)
    own = Area.objects.get(code="GM0999")
    for year in YEARS:
        AreaPopulation.objects.create(area=nl, year=year, population=17_000_000)
        AreaPopulation.objects.create(area=pv, year=year, population=590_000)
        AreaPopulation.objects.create(area=peer, year=year, population=7_000)
        AreaPopulation.objects.create(area=own, year=year, population=6_030)
        _cell(nl, theme, year, 34_000)
        _cell(pv, theme, year, 1_500)
        _cell(peer, theme, year, 20, gemeente=peer_gemeente)
        _cell(own, theme, year, 30, gemeente=small_gemeente)
    return theme


def test_lines_for_nederland_provincie_and_peers_with_rates_and_intervals(national, settings):
    settings.PROVINCIES = "GM0999:PV20"
    own = Area.objects.get(code="GM0999")
    lines = {line.kind: line for line in comparison_lines(own, national)}
    assert set(lines) == {"gemeente", "land", "provincie", "peers"}
    nl_2024 = lines["land"].points[-1]
    assert nl_2024["rate"] == pytest.approx(2.0) and nl_2024["lower"] < 2.0 < nl_2024["upper"]
    assert lines["peers"].members == ["GM0998"]
    assert lines["gemeente"].points[-1]["rate"] == pytest.approx(30 / 6030 * 1000)


def test_peers_are_the_same_size_class_or_the_configured_list(national, settings):
    own = Area.objects.get(code="GM0999")
    assert size_class(6_030) == size_class(7_000) == 1 and size_class(250_000) == 7
    assert peer_codes(own, [national]) == ["GM0998"]
    settings.PEER_GEMEENTEN = "GM0999:GM0363,GM0599"
    assert peer_codes(own, [national]) == ["GM0363", "GM0599"]


def test_priority_page_compares_with_nederland_and_never_shows_a_setting(national, client, analyst):
    from veiligheidsbeeld.analyses.services import run_analysis

    run_analysis(Gemeente.objects.get(code="GM0999"))
    client.force_login(analyst)
    with translation.override("nl"):
        html = client.get(reverse("dashboard:priority", args=["hic"]), {"thema": "woninginbraak"}).content.decode()
    assert "VEILIGHEIDSBEELD_" not in html
    assert 'id="national-spec"' in html and "Nederland" in html and "per 1.000 inwoners" in html


def test_without_registered_comparison_figures_the_page_says_so_without_a_setting(small_gemeente, client, analyst):
    from conftest import monthly_registrations
    from veiligheidsbeeld.analyses.services import month_range, run_analysis

    monthly_registrations(small_gemeente, {("BU09990000", "woninginbraak", m): 2
                                           for m in month_range(dt.date(2023, 1, 1), dt.date(2024, 12, 1))})
    run_analysis(small_gemeente, permutations=99)
    client.force_login(analyst)
    html = client.get(reverse("dashboard:priority", args=["hic"]), {"thema": "woninginbraak"}).content.decode()
    assert "VEILIGHEIDSBEELD_" not in html and 'id="national-spec"' not in html


def test_verbinding_page_shows_e33_for_stad_regio_and_land(small_gemeente, client, analyst, settings):
    from veiligheidsbeeld.analyses.services import run_analysis

    settings.REGIONALE_EENHEDEN = "GM0999:RE01"
    theme = Theme.objects.get(code="verward-gedrag")
    nl = Area.objects.create(gemeente=None, code="NL00", name="Nederland", level="land", year=2024)
    re = Area.objects.create(gemeente=None, code="RE01", name="Noord-Nederland", level="regionale_eenheid", year=2024)
    own = Area.objects.get(code="GM0999")
    for k, year in enumerate(YEARS):
        for area, population, count in ((nl, 17_000_000, 100_000 + 9_000 * k), (re, 1_700_000, 9_000 + 800 * k),
                                        (own, 6_030, 40 + 4 * k)):
            AreaPopulation.objects.create(area=area, year=year, population=population)
            _cell(area, theme, year, count, gemeente=small_gemeente if area is own else None)
    run_analysis(small_gemeente)
    client.force_login(analyst)
    with translation.override("nl"):
        html = client.get(reverse("dashboard:priority", args=["veiligheid-zorg"])).content.decode()
    e33 = html[html.index('id="e33-titel"'):]
    assert 'id="e33-spec"' in e33 and "Noord-Nederland" in e33 and "Nederland:" in e33


def test_report_national_line_reads_what_is_registered_for_nederland(national, settings):
    from veiligheidsbeeld.reports.national import national_yearly

    settings.NATIONAL_TRENDS_DIR = "/nonexistent"
    assert national_yearly(national) == {year: 34_000 for year in YEARS}
    hic = Theme.objects.get(code="hic")
    assert national_yearly(hic) == {year: 34_000 for year in YEARS}  # a group sums its leaves


def test_report_compares_with_nederland_provincie_and_peers(national, settings):
    from veiligheidsbeeld.core.disclosure import DisclosurePolicy
    from veiligheidsbeeld.reports.document import build_document
    from veiligheidsbeeld.reports.services import resolve_figures

    settings.PROVINCIES = "GM0999:PV20"
    with translation.override("nl"):
        document = build_document(resolve_figures(Gemeente.objects.get(code="GM0999")), DisclosurePolicy())
    levels = document["levels"]
    assert levels["columns"] == ["Proefdorp", "Nederland", "Provincie", "Vergelijkbare gemeenten"]
    [row] = levels["rows"]
    assert row["theme"] == "High Impact Crimes" and row["year"] == 2024
    assert row["values"][1].startswith("2,0 (")  # 34.000 on 17 million: 2,0 per 1.000
