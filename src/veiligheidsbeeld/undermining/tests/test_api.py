"""The API with scoped tokens: /api/undermining-signals/, /api/bibob-dossiers/, /api/entities/ (FtM JSON)."""

from __future__ import annotations

import pytest
from followthemoney import model
from rest_framework.test import APIClient

from veiligheidsbeeld.accounts.services import create_api_token

pytestmark = pytest.mark.django_db


def _client(user, scopes, gemeente):
    _token, plaintext = create_api_token(user=user, name="test", scopes=scopes, gemeenten=[gemeente])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer {}".format(plaintext))
    return client


def test_signal_intake_needs_the_write_scope(users, small_gemeente):
    body = {"source": "Politie (API)", "received_on": "2026-11-30", "theme": "omg", "area": "BU09990000",
            "address": "Geheimstraat 1"}
    reader = _client(users["analist"], ["undermining-signal:read"], small_gemeente)
    assert reader.post("/api/undermining-signals/", body, format="json").status_code == 403
    writer = _client(users["analist"], ["undermining-signal:read", "undermining-signal:write"], small_gemeente)
    response = writer.post("/api/undermining-signals/", body, format="json")
    assert response.status_code == 201, response.content
    assert "address" not in response.json() and response.json()["status"] == "ontvangen"
    listed = writer.get("/api/undermining-signals/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [s["theme"] for s in rows] == ["omg"]
    assert b"Geheimstraat" not in writer.get("/api/undermining-signals/").content


def test_a_partner_cannot_hold_the_signal_write_scope(users, small_gemeente):
    with pytest.raises(Exception, match="undermining-signal:write"):
        create_api_token(user=users["politie"], name="x", scopes=["undermining-signal:write"],
                         gemeenten=[small_gemeente])


def test_entities_as_followthemoney_for_the_team_only(users, small_gemeente, dossier):
    team = _client(users["politie"], ["entity:read"], small_gemeente)
    records = team.get("/api/entities/").json()
    assert len(records) == 13 and {r["dossier"] for r in records} == {dossier.pk}
    for record in records:
        proxy = model.get_proxy({k: v for k, v in record.items() if k in ("id", "schema", "properties")})
        assert proxy.schema.name == record["schema"]
    outsider = _client(users["wijkteam"], ["entity:read"], small_gemeente)
    assert outsider.get("/api/entities/").json() == []
    assert outsider.get("/api/entities/{}/".format(records[0]["id"])).status_code == 404
    no_scope = _client(users["politie"], ["area:read"], small_gemeente)
    assert no_scope.get("/api/entities/").status_code == 403


def test_bibob_clock_in_the_api(users, small_gemeente):
    import datetime as dt

    from veiligheidsbeeld.undermining import services

    d = services.create_bibob_dossier(small_gemeente, reference="BIB-API", subject="s", decision_kind="subsidie",
                                      application_on=dt.date(2026, 1, 5), betrokkene_name="Geheim B.V.")
    services.request_advice(d, dt.date(2026, 1, 5))
    client = _client(users["burgemeester"], ["bibob-dossier:read"], small_gemeente)
    row = client.get("/api/bibob-dossiers/{}/".format(d.pk)).json()
    assert row["advice_deadline"] == "2026-03-02" and row["reference"] == "BIB-API"
    assert b"Geheim" not in client.get("/api/bibob-dossiers/{}/".format(d.pk)).content  # no art. 30 data
    other = _client(users["analist"], ["bibob-dossier:read"], small_gemeente)
    assert other.get("/api/bibob-dossiers/{}/".format(d.pk)).status_code == 404
