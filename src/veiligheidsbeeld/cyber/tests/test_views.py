"""Pages of the cyber module: need to know (404 outside the security group; the FG sees breaches), the forms
through the services (audited), and reads of incidents audited."""

from __future__ import annotations

import pytest

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.cyber import services
from veiligheidsbeeld.cyber.models import Incident

from .conftest import local

pytestmark = pytest.mark.django_db

OUTSIDERS = sorted(set(Role.values) - {Role.INFORMATIEBEVEILIGER, Role.FG})


@pytest.fixture
def records(make_incident, small_gemeente):
    plain = make_incident(title="Plain incident (fictief)")
    breach = make_incident(title="Breach incident (fictief)")
    services.record_breach(breach, aware_at=breach.discovered_at, risk="risk")
    exercise = services.create_exercise(small_gemeente, title="Oefening (fictief)", module=1,
                                        held_on=local(2026, 2, 1).date())
    services.add_action(exercise=exercise, description="Fix (fictief)", owner="x", due=local(2026, 3, 1).date())
    return {"plain": plain, "breach": breach, "exercise": exercise}


def incident_routes(records) -> list[str]:
    """Every incident route (and the reports that list incidents), GET."""
    return [
        "/cyber/incidenten/", "/cyber/incidenten/nieuw/",
        "/cyber/incidenten/{}/".format(records["plain"].pk), "/cyber/incidenten/{}/".format(records["breach"].pk),
        "/cyber/maandrapportage/", "/cyber/maandrapportage/?formaat=html", "/cyber/ensia/",
        "/cyber/crisisplan/", "/cyber/oefeningen/{}/".format(records["exercise"].pk), "/cyber/bewustwording/",
        "/api/cyber-incidents/", "/api/cyber-incidents/{}/".format(records["breach"].pk),
        "/api/exercises/", "/api/awareness-campaigns/",
    ]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_roles_outside_the_security_group_get_404_on_every_incident_route(role, client, make_user, records):
    client.force_login(make_user(role))
    for path in incident_routes(records):
        response = client.get(path)
        assert response.status_code == 404, (role, path, response.status_code)
        assert b"fictief" not in response.content
    for path in incident_routes(records)[:10]:
        assert client.post(path, {"form": "status", "status": "closed"}).status_code == 404, (role, path)
    assert not Incident.objects.filter(status="closed").exists()


def test_the_fg_sees_breaches_and_only_breaches(client, make_user, records):
    client.force_login(make_user(Role.FG))
    listing = client.get("/cyber/incidenten/")
    assert listing.status_code == 200
    assert b"Breach incident" in listing.content and b"Plain incident" not in listing.content
    assert client.get("/cyber/incidenten/{}/".format(records["breach"].pk)).status_code == 200
    assert client.get("/cyber/incidenten/{}/".format(records["plain"].pk)).status_code == 404
    api = client.get("/api/cyber-incidents/").json()
    assert [row["title"] for row in api] == ["Breach incident (fictief)"]
    # the FG reads; it does not change the register, and has no preparation pages
    response = client.post("/cyber/incidenten/{}/".format(records["breach"].pk), {"form": "status",
                                                                                  "status": "closed"})
    assert response.status_code == 404
    for path in ["/cyber/incidenten/nieuw/", "/cyber/crisisplan/", "/cyber/maandrapportage/", "/api/exercises/"]:
        assert client.get(path).status_code == 404, path
    assert client.get("/cyber/").status_code == 200  # the overview of aggregates


def test_reading_an_incident_is_audited(client, ciso, records):
    client.force_login(ciso)
    before = AuditEvent.objects.filter(action="person_data_viewed", object_type="cyber.incident").count()
    assert client.get("/cyber/incidenten/{}/".format(records["breach"].pk)).status_code == 200
    events = AuditEvent.objects.filter(action="person_data_viewed", object_type="cyber.incident")
    assert events.count() == before + 1 and events.last().object_id == str(records["breach"].pk)


def test_ciso_registers_an_incident_marks_it_a_breach_and_notifies_late_with_reason(client, ciso):
    client.force_login(ciso)
    response = client.post("/cyber/incidenten/nieuw/", {
        "title": "Lost USB stick (fictief)", "discovered_at": "2026-03-06T16:00", "reported_via": "meldloket",
        "process_owner": "Owner (fictief)", "category": "other", "type": "other", "impact_availability": 0,
        "impact_integrity": 0, "impact_confidentiality": 2, "crisis_level": "none",
    })
    assert response.status_code == 302, response.content[:500]
    incident = Incident.objects.get(title="Lost USB stick (fictief)")
    assert incident.reference == "CY-2026-001"
    url = "/cyber/incidenten/{}/".format(incident.pk)
    breach = {"form": "breach", "aware_at": "2026-03-06T16:00", "persons_affected": 12, "risk": "risk",
              "data_categories": ["contact", "bsn"], "ap_notified_at": "2026-03-10T09:00"}
    refused = client.post(url, breach)
    assert refused.status_code == 200 and "late_reason" in refused.context["forms"]["breach"].errors
    assert client.post(url, breach | {"late_reason": "Owner away (fictief)"}).status_code == 302
    incident.refresh_from_db()
    assert incident.breach.notified_late and incident.breach.data_categories == ["contact", "bsn"]
    assert AuditEvent.objects.filter(action="breach_recorded", object_id=str(incident.pk)).exists()
    assert client.post(url, {"form": "status", "status": "closed"}).status_code == 302
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.closed_at is not None
    page = client.get(url)
    assert "late" in page.content.decode() or "te laat" in page.content.decode()


def test_eCSIRT_type_must_belong_to_the_category(client, ciso):
    client.force_login(ciso)
    response = client.post("/cyber/incidenten/nieuw/", {
        "title": "x", "discovered_at": "2026-03-06T16:00", "reported_via": "meldloket", "process_owner": "o",
        "category": "fraud", "type": "ransomware", "impact_availability": 0, "impact_integrity": 0,
        "impact_confidentiality": 0, "crisis_level": "none",
    })
    assert response.status_code == 200 and "type" in response.context["form"].errors
    assert not Incident.objects.exists()


def test_exercise_findings_become_actions(client, ciso, records):
    client.force_login(ciso)
    url = "/cyber/oefeningen/{}/".format(records["exercise"].pk)
    response = client.post(url, {"form": "action", "finding": "No offline back-up", "description": "Make one",
                                 "owner": "I&A (fictief)", "due": "2026-06-01"})
    assert response.status_code == 302
    action = records["exercise"].actions.get(description="Make one")
    assert client.post(url, {"form": "done", "action": action.pk}).status_code == 302
    action.refresh_from_db()
    assert action.done_on is not None


def test_other_gemeente_is_not_found(client, make_user, make_incident, records):
    from conftest import build_small_gemeente

    other = build_small_gemeente("GM0997", "Verredorp", x0=7.0)
    foreign = make_incident(gemeente=other, title="Foreign incident (fictief)")
    client.force_login(make_user(Role.INFORMATIEBEVEILIGER))
    assert client.get("/cyber/incidenten/{}/".format(foreign.pk)).status_code == 404
    assert client.get("/api/cyber-incidents/{}/".format(foreign.pk)).status_code == 404
    assert client.get("/cyber/?gemeente=GM0997").status_code == 404
    assert b"Foreign" not in client.get("/cyber/incidenten/?gemeente=GM0997").content


@pytest.mark.parametrize("path", ["/cyber/", "/cyber/incidenten/", "/cyber/maandrapportage/?jaar=2026&maand=3",
                                  "/cyber/ensia/?jaar=2026", "/cyber/crisisplan/", "/cyber/bewustwording/"])
def test_pages_render_for_the_ciso(client, ciso, records, path):
    client.force_login(ciso)
    response = client.get(path)
    assert response.status_code == 200
    assert b"<h1" in response.content


def test_monthly_report_downloads_as_html_and_pdf(client, ciso, records):
    client.force_login(ciso)
    html = client.get("/cyber/maandrapportage/?jaar=2026&maand=3&formaat=html")
    assert html.status_code == 200 and b"Breach incident" in html.content
    assert html["Content-Disposition"].startswith("attachment")
    pdf = client.get("/cyber/ensia/?jaar=2026&formaat=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="cyber_report_exported").count() == 2


def test_bestuur_cannot_recompute_a_small_count_from_the_breach_share(client, make_user, make_incident, ciso):
    """5 of 6 breaches in time: the share (83 %) with its denominator gives the one late breach back."""
    for day in range(1, 7):
        incident = make_incident(local(2026, 3, day, 9))
        services.record_breach(incident, aware_at=local(2026, 3, day, 9), risk="risk",
                               ap_notified_at=local(2026, 3, day + (day == 6) * 5, 10),
                               late_reason="late (fictief)" if day == 6 else "")
    client.force_login(make_user(Role.BESTUUR))
    page = client.get("/cyber/?jaar=2026").content.decode()
    main = page[page.index("<main"):]
    assert "83%" not in main and "5 of 6" not in main and "6 incidents" in main
    assert "Not shown: fewer than 5 breaches behind the share" in main
    client.force_login(ciso)  # the security group holds the register: its own figures as they are
    page = client.get("/cyber/?jaar=2026").content.decode()
    assert "83%" in page and "5 of 6" in page
