"""The map's area search (issue 21, item 6): a wijk or buurt by name, CBS code or PC4, within the user's gemeente
and the run's indeling; JSON for the search box, a page of links without script."""

import pytest
from django.urls import reverse

from conftest import build_small_gemeente
from veiligheidsbeeld.areas.models import PostcodeAllocation

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def search(client, q, **extra):
    response = client.get(reverse("dashboard:area-search", args=["GM0999"]), {"q": q, **extra}, **JSON)
    assert response.status_code == 200
    return response.json()


def codes(result):
    return [m["code"] for m in result["matches"]]


def test_by_name_wijken_before_buurten(logged_in, analysed):
    result = search(logged_in, "wijk 1")
    assert codes(result) == ["WK099901"]
    assert result["matches"][0] == {
        "code": "WK099901", "name": "Wijk 1", "level": "wijk", "level_label": "wijk", "parent": "", "share": None,
    }
    buurten = search(logged_in, "buurt 1")
    assert codes(buurten) == ["BU09990100", "BU09990101"]
    assert buurten["matches"][0]["parent"] == "Wijk 1"  # the wijk says where the buurt lies


def test_by_code_exact_first_and_by_prefix(logged_in, analysed):
    assert codes(search(logged_in, "bu09990001")) == ["BU09990001"]
    assert codes(search(logged_in, "WK0999")) == ["WK099900", "WK099901"]
    assert codes(search(logged_in, "BU099901")) == ["BU09990100", "BU09990101"]


def test_by_postcode_with_address_shares(logged_in, analysed):
    for buurt, wijk, n in (("BU09990100", "WK099901", 60), ("BU09990101", "WK099901", 20), ("BU09990000", "WK099900", 20)):
        PostcodeAllocation.objects.create(pc4="9711", year=2024, buurt_code=buurt, wijk_code=wijk,
                                          gemeente_code="GM0999", addresses=n)
    result = search(logged_in, "9711 AB")
    assert result["pc4"] == "9711" and result["postcodes_registered"]
    shares = {m["code"]: m["share"] for m in result["matches"]}
    assert shares == {"WK099901": 0.8, "WK099900": 0.2, "BU09990100": 0.6, "BU09990101": 0.2, "BU09990000": 0.2}
    assert codes(search(logged_in, "1234"))[:1] == [] and search(logged_in, "1234")["postcodes_registered"]


def test_postcode_without_a_postcode_file_says_so(logged_in, analysed):
    result = search(logged_in, "9711")
    assert result == {"query": "9711", "pc4": "9711", "postcodes_registered": False, "matches": [], "truncated": False}


def test_only_the_users_gemeente(logged_in, analysed):
    build_small_gemeente("GM0998", "Buurdorp", x0=7.0)
    assert codes(search(logged_in, "WK0998")) == []
    response = logged_in.get(reverse("dashboard:area-search", args=["GM0998"]), {"q": "Wijk"}, **JSON)
    assert response.status_code == 404


def test_empty_query_and_no_run(logged_in, small_gemeente):
    assert search(logged_in, "Wijk")["matches"] == []  # no analysis run: the map draws nothing either


def test_without_script_one_match_opens_its_profile(logged_in, analysed):
    response = logged_in.get(reverse("dashboard:area-search", args=["GM0999"]), {"q": "Wijk 1", "thema": "geweld"})
    assert response.status_code == 302
    assert response["Location"].startswith("/gebieden/WK099901/?") and "thema=geweld" in response["Location"]


def test_without_script_several_matches_are_listed(logged_in, analysed):
    response = logged_in.get(reverse("dashboard:area-search", args=["GM0999"]), {"q": "Buurt"})
    html = response.content.decode()
    assert response.status_code == 200 and 'role="search"' in html
    assert html.count('href="/gebieden/BU0999') == 4


def test_the_map_has_a_search_box_and_a_skip_link(logged_in, analysed):
    html = logged_in.get(reverse("dashboard:overview"), {"thema": "woninginbraak"}).content.decode()
    assert 'data-map-search="kaart"' in html and 'for="kaart-zoek"' in html and 'id="kaart-zoek-resultaat"' in html
    assert 'class="vb-skip-link" href="#kaart"' in html and 'id="kaart" tabindex="-1"' in html
