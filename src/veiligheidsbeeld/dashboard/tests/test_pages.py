import csv
import io

import pytest
from django.urls import reverse

from veiligheidsbeeld.analyses.indicators import AreaValue
from veiligheidsbeeld.core.disclosure import DisclosurePolicy
from veiligheidsbeeld.dashboard.figures import shown
from veiligheidsbeeld.dashboard.tests.test_disclosure_attack import YEARLY, attacked  # noqa: F401 (fixture)


def test_shown_hides_small_counts_and_their_rate_and_change():
    value = AreaValue(area=None, count=3, previous=10, population=1000, rate=3.0, change=-70.0)
    protected = shown(value, DisclosurePolicy(threshold=5))
    assert (protected.count, protected.previous, protected.rate, protected.change) == ("<5", "10", None, None)
    assert shown(value, None).count == "3" and shown(value, None).rate == 3.0
    big = shown(AreaValue(None, 1234, 1000, 5000, 246.8, 23.4), DisclosurePolicy(threshold=5))
    assert (big.count, big.change) == ("1.234", 23.4)


@pytest.mark.django_db
def test_priority_page_lists_the_group_themes(logged_in, analysed):
    response = logged_in.get(reverse("dashboard:priority", args=["hic"]), {"thema": "geweld"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Woninginbraak" in html and "Geweld" in html and 'id="kaart"' in html
    assert logged_in.get(reverse("dashboard:priority", args=["bestaat-niet"])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("level", ["buurt", "wijk"])
def test_export_csv_is_disclosure_controlled(logged_in, attacked, level):
    """Issue 22 item 2: the fixture has 12-month counts of 1-4 (``YEARLY``); none of them is in the file, and
    the subtraction attack on the file is tested in test_disclosure_attack.py."""
    assert any(0 < n < 5 for n in YEARLY.values())
    response = logged_in.get(reverse("dashboard:export-csv"), {"niveau": level, "periode": "2024-12"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][-1] and len(rows[1]) == len(rows[0])
    cells = [cell for row in rows[1:] if row and row[0][:2] in ("BU", "WK", "GM") for cell in row[2:]]
    assert "x" in cells and all(cell == "x" or cell == "0" or int(cell) >= 5 for cell in cells)


@pytest.mark.django_db
def test_runs_and_alerts_pages(logged_in, analysed):
    runs = logged_in.get(reverse("dashboard:runs")).content.decode()
    assert analysed.data_hash in runs
    assert logged_in.get(reverse("dashboard:alerts")).status_code == 200


@pytest.mark.django_db
def test_area_title_does_not_repeat_the_level(logged_in, analysed):
    html = logged_in.get(reverse("dashboard:area-profile", args=["WK099901"])).content.decode()
    assert '<h1 class="utrecht-heading-1">Wijk 1 <span' in html  # the name is "Wijk 1": not "Wijk Wijk 1"
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.dashboard.templatetags.vb import area_title

    assert area_title(Area(name="Oosterpark", level="wijk")) == "Wijk Oosterpark"
