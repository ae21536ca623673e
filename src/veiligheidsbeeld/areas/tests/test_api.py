"""``/api/areas/`` lists the areas above the gemeente (Nederland, provincies, politie regionale eenheden) once
registered, next to the areas of the caller's own gemeenten, and never another gemeente's areas."""

import pytest

from conftest import build_small_gemeente
from veiligheidsbeeld.areas.models import Area

pytestmark = pytest.mark.django_db


@pytest.fixture
def supra(small_gemeente):
    nl = Area.objects.create(gemeente=None, code="NL00", name="Nederland", level="land", year=2024)
    Area.objects.create(gemeente=None, code="PV20", name="Groningen (PV)", level="provincie", year=2024, parent=nl)
    Area.objects.create(gemeente=None, code="PV31", name="Limburg (PV)", level="provincie", year=2024, parent=nl)
    Area.objects.create(gemeente=None, code="RE01", name="Noord-Nederland", level="regionale_eenheid", year=2024,
                        parent=nl)
    build_small_gemeente("GM0998", "Buurdorp", x0=7.0)


def _codes(client, **params) -> list[str]:
    response = client.get("/api/areas/", {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    body = response.json()
    return [area["code"] for area in (body["results"] if isinstance(body, dict) else body)]


def test_areas_above_the_gemeente_are_listed_with_the_callers_own(client, analyst, supra):
    client.force_login(analyst)
    codes = _codes(client)
    assert {"NL00", "PV20", "PV31", "RE01"} <= set(codes)
    assert "GM0999" in codes and "BU09990101" in codes
    assert not [code for code in codes if "0998" in code]  # another gemeente's areas stay hidden


def test_areas_above_the_gemeente_by_level_and_with_their_parent(client, analyst, supra):
    client.force_login(analyst)
    assert _codes(client, level="provincie") == ["PV20", "PV31"]
    assert _codes(client, level="land") == ["NL00"]
    assert _codes(client, level="regionale_eenheid") == ["RE01"]
    response = client.get("/api/areas/", {"level": "provincie"}).json()
    first = (response["results"] if isinstance(response, dict) else response)[0]
    assert (first["name"], first["parent"], first["level"]) == ("Groningen (PV)", "NL00", "provincie")
    # a gemeente filter gives that gemeente's own areas only: the areas above it belong to no gemeente
    assert "NL00" not in _codes(client, gemeente="GM0999")


def test_an_area_above_the_gemeente_can_be_retrieved(client, analyst, supra):
    client.force_login(analyst)
    response = client.get("/api/areas/{}/".format(Area.objects.get(code="PV20").pk))
    assert response.status_code == 200 and response.json()["code"] == "PV20"
