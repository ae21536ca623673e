import pytest
from django.db import transaction

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.models import AuditEvent

from .conftest import log_in

pytestmark = pytest.mark.django_db


def test_fg_sees_who_read_which_person_when_and_why(client, make_user):
    reader = make_user(Role.PROCESREGISSEUR)
    with audit.request_context("198.51.100.4"):
        audit.record_read(
            reader, person="p_123", purpose="zaak 2024-17", gemeente="GM0999", legal_basis="Wet Bibob"
        )
        audit.record_read(reader, person="p_456", purpose="casusoverleg", gemeente="GM0999")
    log_in(client, make_user(Role.FG))
    html = client.get("/privacy/inzage/").content.decode()
    for text in ["p_123", "zaak 2024-17", "Wet Bibob", "198.51.100.4", reader.username, "p_456"]:
        assert text in html
    filtered = client.get("/privacy/inzage/", {"person": "p_456"}).content.decode()
    assert "p_456" in filtered and "p_123" not in filtered


def test_fg_page_warns_when_the_log_was_tampered_with(client, make_user):
    log_in(client, make_user(Role.FG))
    with transaction.atomic():
        event = audit.record("thing_done")
    AuditEvent.objects.filter(pk=event.pk).update(action="other")
    html = client.get("/privacy/inzage/").content.decode()
    assert "#{}".format(event.pk) in html and "utrecht-alert--error" in html


def test_processing_register_page_and_exports(client, make_user):
    log_in(client, make_user(Role.BEHEERDER))
    html = client.get("/privacy/verwerkingsregister/").content.decode()
    assert "AVG art. 6(1)(e)" in html
    csv = client.get("/privacy/verwerkingsregister.csv")
    assert csv["Content-Type"].startswith("text/csv") and b"legal_basis" in csv.content
    assert client.get("/privacy/verwerkingsregister.json").json()["activities"]
    assert client.get("/privacy/verwerkingsregister.xml").status_code == 404


def test_privacy_link_in_the_navigation_only_for_those_allowed(client, make_user):
    log_in(client, make_user(Role.ANALIST))
    assert "/privacy/verwerkingsregister/" not in client.get("/").content.decode()
    client.logout()
    log_in(client, make_user(Role.FG))
    assert "/privacy/verwerkingsregister/" in client.get("/").content.decode()
