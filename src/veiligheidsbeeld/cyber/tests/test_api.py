"""API of the cyber module with scoped tokens: only the security group (and the FG, for breaches) may hold the
read scopes; a token reads within its gemeenten."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.services import create_api_token
from veiligheidsbeeld.cyber import services

pytestmark = pytest.mark.django_db

SCOPES = ["cyber-incident:read", "exercise:read", "awareness-campaign:read"]


@pytest.fixture
def data(make_incident, small_gemeente):
    incident = make_incident(title="Ransomware (fictief)", category="malicious-code", type="ransomware")
    services.record_cbw(incident, aware_at=incident.discovered_at, early_warning_at=incident.discovered_at)
    services.create_campaign(small_gemeente, title="Phishingtest (fictief)", target_group="ambtenaren",
                             channel="phishing_test", start=incident.discovered_at.date(),
                             end=incident.discovered_at.date(), reach=100)
    return incident


def _client(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer {}".format(token))
    return client


def test_ciso_token_reads_incidents_with_clocks(ciso, small_gemeente, data):
    _row, token = create_api_token(user=ciso, name="siem", scopes=SCOPES, gemeenten=[small_gemeente])
    body = _client(token).get("/api/cyber-incidents/").json()
    assert len(body) == 1
    incident = body[0]
    assert incident["machine_tag"] == 'ecsirt:malicious-code="ransomware"'
    assert [c["label"] for c in incident["clocks"]] == [
        "Cbw early warning (24 h)", "Cbw notification (72 h)", "Cbw final report (1 month)"]
    assert incident["clocks"][0]["state"] == "met"
    assert _client(token).get("/api/awareness-campaigns/").json()[0]["reach"] == 100


def test_token_without_the_scope_is_refused(ciso, small_gemeente, data):
    _row, token = create_api_token(user=ciso, name="only campaigns", scopes=["awareness-campaign:read"],
                                   gemeenten=[small_gemeente])
    assert _client(token).get("/api/cyber-incidents/").status_code == 403
    assert _client(token).get("/api/awareness-campaigns/").status_code == 200


@pytest.mark.parametrize("role", sorted(set(Role.values) - {Role.INFORMATIEBEVEILIGER}))
def test_other_roles_cannot_hold_the_cyber_scopes(role, make_user, small_gemeente):
    user = make_user(role)
    allowed = ["cyber-incident:read"] if role == Role.FG else []
    for scope in SCOPES:
        if scope in allowed:
            create_api_token(user=user, name="ok", scopes=[scope], gemeenten=[small_gemeente])
        else:
            with pytest.raises(ValueError):
                create_api_token(user=user, name="no", scopes=[scope], gemeenten=[small_gemeente])


def test_the_api_is_read_only(client, ciso, data):
    client.force_login(ciso)
    assert client.post("/api/cyber-incidents/", {"title": "x"}).status_code == 405
    assert client.patch("/api/cyber-incidents/{}/".format(data.pk), {"title": "x"},
                        content_type="application/json").status_code == 405
