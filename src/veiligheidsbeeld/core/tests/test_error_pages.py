"""Branded Dutch error pages (issue 21): 400, 403, 404 and 500, with navigation and what to do next."""

import pytest
from django.test import RequestFactory
from django.views import defaults

pytestmark = pytest.mark.django_db

NEXT_STEPS = "Wat u kunt doen"


def test_404_is_dutch_and_branded(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Deze pagina bestaat niet" in html and NEXT_STEPS in html
    assert 'href="/"' in html and 'href="/inloggen/"' in html  # navigation: overview and log-in
    assert "Not Found" not in html and "<script>" not in html


def test_403_shows_the_navigation_for_a_signed_in_user(client, analyst):
    client.force_login(analyst)
    response = client.get("/privacy/inzage/")  # the FG's page
    assert response.status_code == 403
    html = response.content.decode()
    assert "U hebt geen toegang tot deze pagina" in html and NEXT_STEPS in html
    assert 'class="vb-nav"' in html and "Uitloggen" in html


def test_400_and_500_render_without_a_request_context():
    request = RequestFactory().get("/")
    for view, status, heading in [
        (lambda: defaults.bad_request(request, Exception("x")), 400, "Het verzoek kon niet worden verwerkt"),
        (lambda: defaults.server_error(request), 500, "Er ging iets mis aan onze kant"),
    ]:
        response = view()
        html = response.content.decode()
        assert response.status_code == status and heading in html and NEXT_STEPS in html
        assert "Server Error" not in html and "Bad Request" not in html


def test_csrf_failure_page_is_dutch(client, analyst):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post("/inloggen/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Het formulier is verlopen" in response.content.decode()


def test_the_api_answers_json_only(client, analyst):
    """No browsable HTML API (issue 21): a browser asking for HTML gets JSON; /api/docs/ explains the API."""
    client.force_login(analyst)
    response = client.get("/api/areas/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    response = client.get("/api/areas/?format=api")
    assert response.status_code == 404
