"""/api/docs/ (issue 21): the Dutch introduction for partner developers and the vendored OpenAPI viewer."""

from pathlib import Path

import pytest

from veiligheidsbeeld.core.views import api_scopes

pytestmark = pytest.mark.django_db

VENDOR = Path(__file__).resolve().parents[1] / "static" / "vendor" / "swagger-ui"


def test_api_docs_page_is_public_and_dutch(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Een token krijgen", "Scopes", "Voorbeelden met curl", "Authorization: Bearer $VB_TOKEN",
                 "http://testserver/api/areas/", "registration:write"):
        assert text in html, text
    # the viewer: vendored files from our own origin, initialised by a file (no inline script), schema as JSON
    assert '/static/vendor/swagger-ui/swagger-ui-bundle.js' in html and "/static/veiligheidsbeeld/api-docs.js" in html
    assert 'data-schema-url="/api/schema/?format=json"' in html
    assert "<script>" not in html and "cdn" not in html.lower() and "unpkg" not in html


def test_the_viewer_is_vendored_with_its_licence():
    assert "Apache License" in (VENDOR / "LICENSE").read_text()
    assert (VENDOR / "swagger-ui-bundle.js").stat().st_size < 3 * 1024 * 1024
    third_party = (VENDOR.parent / "THIRD-PARTY.md").read_text()
    assert "`swagger-ui-dist` | 5.36.0 | Apache-2.0" in third_party


def test_scope_table_follows_what_the_api_enforces():
    from veiligheidsbeeld.accounts.api import roles_for_scope

    from django.utils import translation

    with translation.override("nl"):
        rows = {row["scope"]: row for row in api_scopes()}
    assert rows["registration:write"]["roles"] == ["Analist"]
    assert rows["area:read"]["all_roles"]
    assert "area:write" not in rows  # no role may write areas
    assert all(roles_for_scope(scope) for scope in rows)


def test_the_schema_is_served_as_json_for_the_viewer(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200 and response.json()["openapi"].startswith("3.")
