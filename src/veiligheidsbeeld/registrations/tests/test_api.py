"""The partner API: POST /api/registrations/ with a scoped token; same validation and quarantine as files."""

import pytest
from rest_framework.test import APIClient

from veiligheidsbeeld.accounts.services import create_api_token, create_user
from veiligheidsbeeld.core.models import Organisation
from veiligheidsbeeld.registrations.models import CubeCell, ImportBatch, Registration, RejectedRow

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(small_gemeente):
    organisation = Organisation.objects.create(name="WIJ Proefdorp", kind="wij")
    organisation.gemeenten.add(small_gemeente)
    # The service account of the submitting system holds the import right (issue 15: a token of a ketenpartner
    # account cannot get registration:write).
    return create_user(username="wij", password="correct horse battery", role="analist",
                       organisation=organisation, gemeenten=[small_gemeente])


def _client(user, scopes, gemeenten):
    _, plaintext = create_api_token(user=user, name="WIJ-systeem", scopes=scopes, gemeenten=gemeenten)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer " + plaintext)
    return client


BODY = {
    "gemeente": "GM0999",
    "source_system": "politie-overlast",
    "registrations": [
        {"source_ref": "S1", "category": "E35", "date": "2024-03-01", "area": "BU09990000", "kind": "signaal"},
        {"source_ref": "S2", "category": "E33", "period": "2024MM03", "area": "WK099901", "count": 4,
         "kind": "aggregate", "attributes": {"urgentie": "hoog"}},
        {"source_ref": "S3", "category": "E35", "date": "2024-03-01", "area": "BU09990000",
         "attributes": {"Straatnaam": "Geheimstraat", "urgentie": "laag"}},
        {"source_ref": "S4", "category": "XX", "date": "morgen", "area": "BU0999ZZZZ", "count": -1},
    ],
}


def test_partner_submits_registrations_with_quarantine(partner, small_gemeente):
    client = _client(partner, ["registration:write"], [small_gemeente])
    response = client.post("/api/registrations/", BODY, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["rows"], data["accepted"], data["rejected"], data["total_count"]) == (4, 2, 2, 5)
    assert data["rejected_reasons"] == {"address": 1, "bad_count": 1, "bad_date": 1, "unknown_area": 1,
                                        "unknown_category": 1}
    assert [r["row"] for r in data["rejected_rows"]] == [3, 4]
    assert sum(CubeCell.objects.values_list("count", flat=True)) == 5
    batch = ImportBatch.objects.get()
    assert batch.importer == "api" and batch.organisation.name == "WIJ Proefdorp"
    assert "Geheimstraat" not in str(list(RejectedRow.objects.values_list("raw", flat=True)))
    again = client.post("/api/registrations/", BODY, format="json")
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    assert Registration.objects.count() == 2


def test_token_scope_and_gemeente_are_enforced(partner, small_gemeente):
    read_only = _client(partner, ["registration:read"], [small_gemeente])
    assert read_only.post("/api/registrations/", BODY, format="json").status_code == 403
    writer = _client(partner, ["registration:write"], [small_gemeente])
    other = {**BODY, "gemeente": "GM0014"}
    assert writer.post("/api/registrations/", other, format="json").status_code == 403
    assert APIClient().post("/api/registrations/", BODY, format="json").status_code in (401, 403)
    assert not ImportBatch.objects.exists()


def test_malformed_request_is_refused(partner, small_gemeente):
    client = _client(partner, ["registration:write"], [small_gemeente])
    response = client.post("/api/registrations/", {"gemeente": "GM0999", "registrations": []}, format="json")
    assert response.status_code == 400 and {"source_system", "registrations"} <= set(response.json())
