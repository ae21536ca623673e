"""The CBS statistics of the Digitale veiligheid page (issue #19 item 7): online victimisation of the gemeente
against Nederland and by age band with 95 % intervals, and the age profile of registered suspects, from the
fixtures in the exact CBS shapes (``registrations/tests/fixtures``)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from veiligheidsbeeld.cyber.statistics import offender_profile, online_victimisation

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[2] / "registrations" / "tests" / "fixtures"


def _import(kind, name):
    call_command("import", kind, str(FIXTURES / name), "--gemeente", "GM0999", stdout=StringIO(), stderr=StringIO())


@pytest.fixture
def statistics(small_gemeente):
    _import("statline-survey", "85472NED_slachtofferschap_online_regio.csv")
    _import("statline-survey", "85846NED_slachtofferschap_online_persoonskenmerken.csv")
    _import("suspects", "85655NED_verdachten_leeftijd_woongemeente.csv")
    _import("suspects", "politie_verdachten_delict_leeftijd_proefdorp.csv")
    return small_gemeente


def test_the_gemeente_against_nederland_with_intervals(statistics):
    comparison = online_victimisation(statistics)["comparison"]
    assert comparison["year"] == 2023
    rows = {r["indicator"]: r for r in comparison["rows"]}
    total = rows["Online criminaliteit / Totaal slachtoffers"]
    assert (total["gemeente"].value, total["gemeente"].low, total["gemeente"].high) == (19.1, 17.5, 20.8)
    assert (total["nederland"].value, total["nederland"].low, total["nederland"].high) == (15.6, 15.4, 15.9)
    assert total["difference"] == "higher"  # 17.5 > 15.9: the intervals are apart
    assert rows["Hacken / Totaal slachtoffers"]["difference"] == "same"  # 5.2-7.3 overlaps 5.4-5.6
    # Noord-Nederland (a landsdeel) is neither the gemeente nor Nederland
    assert all(r["gemeente"].value != 15.1 for r in comparison["rows"])


def test_nederland_by_age_band(statistics):
    ages = online_victimisation(statistics)["ages"]
    assert ages["bands"] == ["15 tot 25 jaar", "25 tot 45 jaar", "45 tot 65 jaar", "65 jaar of ouder"]
    total = next(r for r in ages["rows"] if r["indicator"] == "Online criminaliteit / Totaal slachtoffers")
    assert [f.value for f in total["figures"]] == [18.9, 17.2, 16.1, 11.4]
    assert (total["figures"][0].low, total["figures"][0].high) == (17.5, 20.6)


def test_offender_age_profile_without_nested_classes(statistics):
    profile = offender_profile(statistics, None)
    assert profile["year"] == 2023
    assert profile["columns"] == ["12 tot 18 jaar", "12-17", "18 tot 25 jaar", "18 jaar of ouder", "25 tot 45 jaar",
                                  "45 jaar of ouder"]
    total = next(r for r in profile["rows"] if r["offence"] == "Totaal verdachten van misdrijven")
    # 12 tot 25 jaar (120) nests 12 tot 18 and 18 tot 25: left out, so known ages add up to 310, not 430
    assert total["total"] == 310
    assert [n for n, _share in total["cells"]] == [40, "", 80, "", 110, 80]
    assert (total["young_span"], round(total["young_share"], 1)) == ("12–17", 12.9)


def test_offender_profile_protects_small_counts(statistics):
    from veiligheidsbeeld.core.disclosure import DisclosurePolicy

    rows = {r["offence"]: r for r in offender_profile(statistics, DisclosurePolicy())["rows"]}
    overval = rows["Overval"]  # 3 aged 12-17, 6 older: the 3 is hidden and so is the 6 (the total is shown)
    assert [n for n, _share in overval["cells"]][1] == "x" and overval["young_share"] is None
    assert [n for n, _share in rows["Mishandeling"]["cells"]][1] == 14


def test_the_page_shows_both_tables_and_hides_small_counts_from_the_bestuur(statistics, client, make_user):
    client.force_login(make_user("bestuur"))
    page = client.get("/cyber/").content.decode()
    assert "19,1 % (17,5 – 20,8)" in page and "15,6 % (15,4 – 15,9)" in page
    assert 'id="victimisation-ages"' in page and "18,9 % (17,5 – 20,6)" in page
    assert 'id="offender-ages"' in page and "12–17: 13%" in page
    client.force_login(make_user("informatiebeveiliger"))
    page = client.get("/cyber/").content.decode()
    assert ">3 (33%)<" in page  # the security group reads the counts as they are
