"""The read-only analyses API: scoping to the caller's gemeenten, read rules, token scopes and filters (issue #4)."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from conftest import monthly_registrations
from veiligheidsbeeld.accounts.services import create_api_token, create_user
from veiligheidsbeeld.analyses.services import month_range, run_analysis
from veiligheidsbeeld.core.models import Gemeente, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def runs(small_gemeente):
    """Two runs of GM0999 (the second is the newest) on five years with a woninginbraak spike in December 2024."""
    counts = {}
    for k, month in enumerate(month_range(dt.date(2020, 1, 1), dt.date(2024, 12, 1))):
        counts[("BU09990000", "woninginbraak", month)] = 40 if month == dt.date(2024, 12, 1) else 2 + k % 3
        counts[("BU09990100", "geweld", month)] = 3 + k // 12
    monthly_registrations(small_gemeente, counts)
    # The last month only: these tests are about the API (judging every month is tested in test_pitfalls and the
    # stats simulations). Since #23 the family of tests holds only series that can reach min_count, so the geweld
    # series' steady rise (3 -> 7 a month over five years) is a waarschuwing too, rightly.
    settings = {"permutations": 999, "alert_months": 1}
    return run_analysis(small_gemeente, **settings), run_analysis(small_gemeente, **settings)


def _client(user=None, token=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    if token is not None:
        client.credentials(HTTP_AUTHORIZATION="Bearer {}".format(token))
    return client


def _user(role, gemeente):
    organisation = Organisation.objects.create(name="Organisatie {}".format(gemeente.code), kind="gemeente")
    organisation.gemeenten.add(gemeente)
    return create_user(username="user-{}".format(role), password="correct horse battery", role=role,
                       organisation=organisation, gemeenten=[gemeente])


def test_lists_show_the_newest_run_of_the_callers_gemeenten(analyst, runs):
    first, newest = runs
    client = _client(analyst)
    listed = client.get("/api/analysis-runs/").json()
    assert [r["id"] for r in listed] == [newest.pk, first.pk]
    assert listed[0]["gemeente"] == "GM0999" and listed[0]["data_hash"] == newest.data_hash
    alerts = client.get("/api/alerts/").json()
    assert {(a["run"], a["area"], a["theme"]) for a in alerts} == {
        (newest.pk, "BU09990000", "woninginbraak"), (newest.pk, "WK099900", "woninginbraak"),
        (newest.pk, "BU09990100", "geweld"), (newest.pk, "WK099901", "geweld")}
    [alert] = [a for a in alerts if a["area_level"] == "buurt" and a["theme"] == "woninginbraak"]
    assert (alert["area"], alert["theme"], alert["month"], alert["observed"]) == (
        "BU09990000", "woninginbraak", "2024-12-01", 40)
    assert alert["explanation"].startswith("Woninginbraak in Buurt 00: 40 registraties in december 2024")
    assert [a["run"] for a in client.get("/api/alerts/", {"run": first.pk}).json()] == [first.pk] * 4
    assert client.get("/api/alerts/{}/".format(alert["id"])).json()["status"] == "nieuw"
    hot_spots = client.get("/api/hot-spots/").json()
    assert {h["run"] for h in hot_spots} == {newest.pk} and hot_spots == sorted(
        hot_spots, key=lambda h: (h["theme"] != "woninginbraak", -h["z"]))
    trends = client.get("/api/trends/", {"area": "GM0999", "theme": "geweld"}).json()
    assert [(t["area"], t["theme"], t["direction"]) for t in trends] == [  # the gemeente and its wijken
        ("GM0999", "geweld", "up"), ("WK099901", "geweld", "up")]


@pytest.mark.parametrize(
    "query,expected",
    [
        ({}, {"BU09990000", "WK099900", "BU09990100", "WK099901"}),
        ({"status": "nieuw"}, {"BU09990000", "WK099900", "BU09990100", "WK099901"}),
        ({"status": "bekeken,opgepakt"}, set()),
        ({"theme": "hic"}, {"BU09990000", "WK099900", "BU09990100", "WK099901"}),  # a group code gives its themes
        ({"theme": "geweld"}, {"BU09990100", "WK099901"}),
        ({"theme": "fietsdiefstal"}, set()),
        ({"area": "WK099900"}, {"BU09990000", "WK099900"}),  # a wijk code gives its buurten
        ({"area": "BU09990000"}, {"BU09990000"}),
        ({"area": "BU09990001"}, set()),
        ({"severity": "alarm", "month": "2024-12"}, {"BU09990000", "WK099900"}),
        ({"month": "2024-11"}, set()),
        ({"gemeente": "GM0014"}, set()),
    ],
)
def test_alert_filters(analyst, runs, query, expected):
    assert {a["area"] for a in _client(analyst).get("/api/alerts/", query).json()} == expected


@pytest.mark.parametrize(
    "path,query,message",
    [
        ("/api/alerts/", {"status": "open"}, "'open' is not valid; valid: nieuw, bekeken, opgepakt, vals-alarm"),
        ("/api/alerts/", {"month": "12-2024"}, "'12-2024' is not a month; use YYYY-MM"),
        ("/api/alerts/", {"run": "last"}, "'last' is not a run id"),
        ("/api/hot-spots/", {"significant": "ja"}, "'ja' is not valid; valid: true, false"),
        ("/api/trends/", {"direction": "sideways"}, "'sideways' is not valid; valid: up, down, none"),
    ],
)
def test_bad_filter_values_are_400_naming_parameter_and_valid_values(analyst, runs, path, query, message):
    response = _client(analyst).get(path, query)
    assert response.status_code == 400
    [(parameter, [text])] = response.json().items()
    assert parameter == next(iter(query)) and text.startswith(message)


def test_hot_spot_and_trend_filters(analyst, runs):
    client = _client(analyst)
    everything = client.get("/api/hot-spots/").json()
    significant = client.get("/api/hot-spots/", {"significant": "true"}).json()
    rest = client.get("/api/hot-spots/", {"significant": "false"}).json()
    assert len(significant) + len(rest) == len(everything) > 0
    assert all(h["category"] != "none" for h in significant) and all(h["category"] == "none" for h in rest)
    assert all(h["area_level"] == "buurt" for h in everything)
    rising = client.get("/api/trends/", {"direction": "up", "significant": "true"}).json()
    assert rising and all(t["significant"] and t["direction"] == "up" for t in rising)


def test_roles_without_small_counts_read_results_but_not_alerts(small_gemeente, runs):
    client = _client(_user("bestuur", small_gemeente))
    assert client.get("/api/alerts/").status_code == 403
    assert client.get("/api/trends/").status_code == 200 and client.get("/api/hot-spots/").status_code == 200
    assert client.get("/api/analysis-runs/").status_code == 200
    assert _client().get("/api/trends/").status_code in (401, 403)


def test_nothing_of_another_gemeente_is_visible(small_gemeente, runs):
    other = Gemeente.objects.create(code="GM0998", name="Buurdorp")
    stranger = _user("analist", other)
    client = _client(stranger)
    for path in ("/api/analysis-runs/", "/api/alerts/", "/api/hot-spots/", "/api/trends/"):
        assert client.get(path).json() == [], path
    newest = runs[1]
    assert client.get("/api/alerts/", {"run": newest.pk}).json() == []
    alert = newest.alerts.first()
    for path in ("/api/analysis-runs/{}/".format(newest.pk), "/api/alerts/{}/".format(alert.pk),
                 "/api/trends/{}/".format(newest.trends.first().pk)):
        assert client.get(path).status_code == 404, path


def test_token_needs_the_scope_of_each_resource(analyst, small_gemeente, runs):
    _, plaintext = create_api_token(user=analyst, name="partner", scopes=["alert:read", "analysis-run:read"],
                                    gemeenten=[small_gemeente])
    client = _client(token=plaintext)
    assert len(client.get("/api/alerts/").json()) == 4
    assert client.get("/api/analysis-runs/").status_code == 200
    for path in ("/api/trends/", "/api/hot-spots/"):
        response = client.get(path)
        assert response.status_code == 403 and "scope" in response.json()["detail"], path


def test_openapi_schema_documents_the_routes_with_summaries(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in ("/api/analysis-runs/", "/api/alerts/", "/api/alerts/{id}/", "/api/hot-spots/", "/api/trends/"):
        assert schema["paths"][path]["get"]["summary"], path
    parameters = {p["name"] for p in schema["paths"]["/api/alerts/"]["get"]["parameters"]}
    assert {"run", "gemeente", "status", "theme", "area", "severity", "month"} <= parameters
