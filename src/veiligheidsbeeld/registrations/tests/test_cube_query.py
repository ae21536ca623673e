"""``cube query`` answers for a gemeente or wijk whose total no source published: the sum of its stored buurt (or
wijk) counts, marked ``"aggregated": true``; and never prints an empty answer without saying why."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from conftest import monthly_registrations
from veiligheidsbeeld.areas.models import Area

pytestmark = pytest.mark.django_db

MARCH, APRIL = dt.date(2024, 3, 1), dt.date(2024, 4, 1)


def _query(*args) -> tuple[list[dict], str]:
    out, err = StringIO(), StringIO()
    call_command("cube", "query", *args, "--json", stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


@pytest.fixture
def buurt_counts(small_gemeente):
    monthly_registrations(small_gemeente, {
        ("BU09990000", "woninginbraak", MARCH): 4, ("BU09990001", "woninginbraak", MARCH): 2,
        ("BU09990100", "woninginbraak", MARCH): 1, ("BU09990000", "woninginbraak", APRIL): 5,
    })
    return small_gemeente


def test_a_gemeente_without_a_stored_total_answers_with_the_sum_of_its_buurten(buurt_counts):
    rows, err = _query("--area", "GM0999")
    assert rows == [
        {"area": "GM0999", "theme": "woninginbraak", "period": "2024-03", "precision": "month", "count": 7,
         "source": "test", "estimated": False, "aggregated": True},
        {"area": "GM0999", "theme": "woninginbraak", "period": "2024-04", "precision": "month", "count": 5,
         "source": "test", "estimated": False, "aggregated": True},
    ] and err == ""
    rows, _ = _query("--area", "WK099900", "--period", "2024-03")
    assert [(r["count"], r["aggregated"]) for r in rows] == [(6, True)]
    rows, _ = _query("--area", "BU09990000", "--period", "2024-03")
    assert [(r["count"], r["aggregated"]) for r in rows] == [(4, False)]


def test_a_stored_total_is_preferred_and_never_added_to_its_parts(buurt_counts):
    """A count the source published for the gemeente itself is the answer; its buurten are not summed on top."""
    monthly_registrations(buurt_counts, {("GM0999", "woninginbraak", MARCH): 9}, file_name="totals.csv")
    rows, _ = _query("--area", "GM0999")
    assert [(r["period"], r["count"], r["aggregated"]) for r in rows] == [("2024-03", 9, False),
                                                                          ("2024-04", 5, True)]


def test_buurten_of_two_indeling_years_are_not_both_summed(buurt_counts):
    """One level and one indeling year per figure: the newest year that has counts."""
    old_wijk = Area.objects.create(gemeente=buurt_counts, code="WK099900", name="Wijk 0", level="wijk", year=2017)
    Area.objects.create(gemeente=buurt_counts, code="BU09990000", name="Buurt 00", level="buurt", year=2017,
                        parent=old_wijk)
    from veiligheidsbeeld.frameworks.models import Theme
    from veiligheidsbeeld.registrations.models import CubeCell

    old = Area.objects.get(code="BU09990000", year=2017)
    theme = Theme.objects.get(code="woninginbraak")
    for month, count in ((MARCH, 100), (dt.date(2024, 2, 1), 30)):
        CubeCell.objects.create(gemeente=buurt_counts, area=old, theme=theme, source_system="test",
                                category_code="woninginbraak", period_start=month, precision="month", count=count)
    rows, _ = _query("--area", "GM0999")
    assert [(r["period"], r["count"]) for r in rows] == [("2024-02", 30), ("2024-03", 7), ("2024-04", 5)]


def test_an_empty_answer_says_why(buurt_counts):
    Area.objects.create(gemeente=None, code="NL00", name="Nederland", level="land", year=2024)
    rows, err = _query("--area", "NL00")
    assert rows == [] and "not summed from gemeenten" in err
    rows, err = _query("--area", "GM0999", "--period", "2023")
    assert rows == [] and "nor on its wijken or buurten" in err
    out = StringIO()
    call_command("cube", "query", "--area", "NL00", stdout=out)
    assert "no counts in the cube" in out.getvalue()
