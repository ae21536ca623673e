"""The public-order API: gemeente scoping, no organiser data or names out, scoped tokens, writes via services."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from veiligheidsbeeld.accounts.api import scope_allowed
from veiligheidsbeeld.accounts.services import create_api_token
from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.publicorder import services
from veiligheidsbeeld.publicorder.models import Demonstration, TensionSignal

pytestmark = pytest.mark.django_db

NOTICE = {"gemeente_code": "GM0999", "kind": "betoging", "received_at": "2026-12-04T18:00:00Z",
          "starts_at": "2026-12-07T13:00:00Z", "ends_at": "2026-12-07T15:00:00Z", "place": "Stadhuisplein",
          "organiser_name": "Fictieve Organisator API"}


def _token_client(user, scopes, gemeente):
    _row, plaintext = create_api_token(user=user, name="e-formulier", scopes=scopes, gemeenten=[gemeente])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer {}".format(plaintext))
    return client


def test_lists_hide_organiser_data_and_names(client, adviser, notice, group, make_user):
    from .conftest import log_in

    regisseur = make_user("procesregisseur", organisation="zvh")
    for step in ("2A", "2B"):
        services.change_step(group, step, actor=regisseur)
    services.add_member(group, name="Fictief Persoon Een", actor=regisseur)
    log_in(client, adviser)
    for path in ("/api/demonstrations/", "/api/demonstrations/{}/".format(notice.pk), "/api/youth-groups/",
                 "/api/youth-groups/{}/".format(group.pk)):
        response = client.get(path)
        assert response.status_code == 200
        assert b"Fictieve" not in response.content and b"Fictief Persoon" not in response.content, path
    body = client.get("/api/demonstrations/{}/".format(notice.pk)).json()
    assert body["on_time"] is True and body["gemeente"] == "GM0999"


def test_other_roles_see_nothing(client, notice, make_user):
    from .conftest import log_in

    for role in ("fg", "beheerder", "publiek"):
        log_in(client, make_user(role))
        for path in ("/api/demonstrations/", "/api/tension-signals/", "/api/youth-groups/"):
            body = client.get(path).json()
            assert (body.get("results") if isinstance(body, dict) else body) == [], (role, path)
        assert client.get("/api/demonstrations/{}/".format(notice.pk)).status_code == 404
        client.logout()


def test_scoped_token_registers_a_notice(adviser, small_gemeente, make_user):
    reader = _token_client(adviser, ["demonstration:read"], small_gemeente)
    assert reader.get("/api/demonstrations/").status_code == 200
    assert reader.post("/api/demonstrations/", NOTICE, format="json").status_code == 403  # no write scope
    assert reader.get("/api/events/").status_code == 403  # no event:read
    writer = _token_client(adviser, ["demonstration:write", "demonstration:read"], small_gemeente)
    response = writer.post("/api/demonstrations/", NOTICE, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["on_time"] is False  # Friday 19:00 for Monday 14:00 (Amsterdam)
    assert "organiser_name" not in response.json()
    assert Demonstration.objects.get().organiser_name == "Fictieve Organisator API"
    assert AuditEvent.objects.filter(action="demonstration_registered").exists()
    assert not scope_allowed(make_user("analist"), "demonstration:write")
    assert scope_allowed(make_user("ketenpartner", organisation="politie"), "tension-signal:write")
    assert not scope_allowed(make_user("fg"), "tension-signal:read")


def test_partner_posts_a_signal_and_a_wrong_wijk_is_refused(make_user, small_gemeente, other_wijk, wijk):
    partner = make_user("ketenpartner", organisation="politie")
    client = _token_client(partner, ["tension-signal:write"], small_gemeente)
    body = {"gemeente_code": "GM0999", "received_on": "2026-12-05", "source_type": "wijkagent", "wijk": wijk.pk,
            "theme": "intergroep", "phase": "latent", "urgency": "low", "summary": "Spanning op het plein"}
    assert client.post("/api/tension-signals/", body, format="json").status_code == 201
    assert client.post("/api/tension-signals/", {**body, "wijk": other_wijk.pk}, format="json").status_code == 400
    assert client.post("/api/tension-signals/", {**body, "gemeente_code": "GM0998"}, format="json").status_code == 403
    assert TensionSignal.objects.count() == 1


@pytest.fixture
def other_wijk(db):
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.core.models import Gemeente

    gemeente = Gemeente.objects.create(code="GM0998", name="Buurdorp")
    return Area.objects.create(gemeente=gemeente, code="WK099800", name="Buurwijk", level="wijk", year=2024)
