import pytest
from django.urls import reverse

from veiligheidsbeeld.core.models import Gemeente

pytestmark = pytest.mark.django_db


def test_pages_require_login(client, small_gemeente):
    for url in [reverse("dashboard:overview"), reverse("dashboard:area-profile", args=["WK099900"])]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_overview_shows_wijken_table_and_map(logged_in, analysed):
    response = logged_in.get(reverse("dashboard:overview"), {"thema": "woninginbraak", "periode": "2024-12"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wijk 0" in html and "Wijk 1" in html
    assert 'class="vb-map"' in html and "data-geojson-url" in html
    assert 'id="trend-spec"' in html
    assert "<script>" not in html.replace('<script type="application/json"', "")  # no inline script (CSP)


def test_map_geojson_has_one_feature_per_area_with_classes(logged_in, analysed):
    url = reverse("dashboard:map-geojson", args=["GM0999"])
    data = logged_in.get(url, {"thema": "woninginbraak", "niveau": "buurt", "periode": "2024-12"}).json()
    assert data["type"] == "FeatureCollection"
    assert sorted(f["properties"]["code"] for f in data["features"]) == [
        "BU09990000", "BU09990001", "BU09990100", "BU09990101",
    ]
    by_code = {f["properties"]["code"]: f["properties"] for f in data["features"]}
    assert by_code["BU09990101"]["value"] is None  # 30 inhabitants: no rate
    assert by_code["BU09990100"]["class"] > by_code["BU09990001"]["class"]
    assert data["legend"] and all(item["color"].startswith("#") for item in data["legend"])


def test_switching_theme_changes_the_classes(logged_in, analysed):
    url = reverse("dashboard:map-geojson", args=["GM0999"])

    def classes(theme):
        data = logged_in.get(url, {"thema": theme, "niveau": "buurt", "maat": "count"}).json()
        return {f["properties"]["code"]: f["properties"]["class"] for f in data["features"]}

    assert classes("woninginbraak") != classes("geweld")


def test_other_gemeente_is_not_visible(logged_in, analysed):
    Gemeente.objects.create(code="GM0998", name="Elders")
    assert logged_in.get(reverse("dashboard:map-geojson", args=["GM0998"])).status_code == 404
    assert logged_in.get(reverse("dashboard:overview"), {"gemeente": "GM0998"}).status_code == 404


def test_area_profile_lists_themes(logged_in, analysed):
    response = logged_in.get(reverse("dashboard:area-profile", args=["WK099901"]))
    assert response.status_code == 200
    assert "Woninginbraak" in response.content.decode()


def test_htmx_request_gets_the_partial(logged_in, analysed):
    response = logged_in.get(reverse("dashboard:overview"), {"thema": "geweld"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()


def test_security_headers(logged_in, analysed):
    response = logged_in.get(reverse("dashboard:overview"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
