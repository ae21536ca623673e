"""The casusregie API: need-to-know, the known-check's exact shape, disclosures, scoped tokens."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from veiligheidsbeeld.accounts.services import create_api_token
from veiligheidsbeeld.cases import services
from veiligheidsbeeld.cases.models import Disclosure, KnownCheck
from veiligheidsbeeld.core.models import AuditEvent

from .conftest import BSN, OTHER_BSN

pytestmark = pytest.mark.django_db


def _client(user, small_gemeente, scopes):
    _row, token = create_api_token(user=user, name="test", scopes=scopes, gemeenten=[small_gemeente])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer {}".format(token))
    return client


def test_partner_without_participation_gets_404_on_the_api(case, partner, small_gemeente, coordinator, orgs):
    client = _client(partner, small_gemeente, ["case:read"])
    assert client.get("/api/cases/{}/".format(case.pk)).status_code == 404
    assert client.get("/api/cases/").json() == []
    services.grant_participation(case, orgs["wij"], categories=["gewoon"], legal_basis="WGS", purpose="p",
                                 actor=coordinator)
    response = client.get("/api/cases/{}/".format(case.pk))
    assert response.status_code == 200 and response.json()["reference"] == case.reference
    assert BSN not in response.content.decode()


def test_api_reads_are_audited(case, coordinator, small_gemeente):
    client = _client(coordinator, small_gemeente, ["case:read"])
    before = AuditEvent.objects.filter(action="person_data_viewed", object_id=str(case.pk)).count()
    client.get("/api/cases/")
    client.get("/api/cases/{}/".format(case.pk))
    assert AuditEvent.objects.filter(action="person_data_viewed", object_id=str(case.pk)).count() == before + 2


def test_known_check_answers_exactly_known_and_contact_and_is_audited(case, partner, small_gemeente, orgs):
    client = _client(partner, small_gemeente, ["known-check:write"])
    response = client.post("/api/known-checks/", {"bsn": BSN}, format="json")
    assert response.status_code == 200
    assert response.json() == {"known": True, "contact": orgs["zvh"].name}
    unknown = client.post("/api/known-checks/", {"bsn": OTHER_BSN}, format="json").json()
    assert unknown == {"known": False, "contact": None}
    assert set(unknown) == {"known", "contact"}
    events = AuditEvent.objects.filter(action="known_check_answered", actor=partner)
    assert events.count() == 2 and BSN not in str(list(events.values("object_id", "data")))
    assert KnownCheck.objects.filter(asked_by=partner).count() == 2
    assert client.post("/api/known-checks/", {"bsn": "123456789"}, format="json").status_code == 400


def test_known_check_needs_its_scope(case, partner, small_gemeente):
    client = _client(partner, small_gemeente, ["case:read"])
    assert client.post("/api/known-checks/", {"bsn": BSN}, format="json").status_code == 403


def test_disclosure_api_refuses_without_legal_basis(case, coordinator, small_gemeente, orgs):
    client = _client(coordinator, small_gemeente, ["case:read", "case:write"])
    body = {"case": case.pk, "bsn": BSN, "to_organisation": orgs["wij"].pk, "category": "zorg", "purpose": "plan"}
    refused = client.post("/api/disclosures/", body, format="json")
    assert refused.status_code == 400 and "legal_basis" in refused.json()
    assert not Disclosure.objects.exists()
    made = client.post("/api/disclosures/", {**body, "legal_basis": "WGS art. 2.7"}, format="json")
    assert made.status_code == 201 and made.json()["pseudonym"].startswith("p_")
    assert len(client.get("/api/disclosures/").json()) == 1


def test_case_api_create_and_transition(coordinator, small_gemeente, orgs):
    client = _client(coordinator, small_gemeente, ["case:read", "case:write"])
    made = client.post("/api/cases/", {"gemeente": small_gemeente.code, "case_type": "top_x",
                                       "reporter": orgs["politie"].pk}, format="json")
    assert made.status_code == 201
    pk = made.json()["id"]
    assert client.post("/api/cases/{}/transition/".format(pk), {"status": "uitvoering"}, format="json").status_code \
        == 400
    assert client.post("/api/cases/{}/transition/".format(pk), {"status": "triage"}, format="json").json()[
        "status"] == "triage"


def test_partner_may_not_hold_case_write(partner, small_gemeente):
    with pytest.raises(Exception):
        create_api_token(user=partner, name="x", scopes=["case:write"], gemeenten=[small_gemeente])


def test_the_known_check_scope_as_the_issue_names_it(case, partner, small_gemeente):
    """Issue 16 names the scope ``known-check``; it is stored as ``known-check:write`` and works the same."""
    client = _client(partner, small_gemeente, ["known-check"])
    assert client.post("/api/known-checks/", {"bsn": BSN}, format="json").status_code == 200
