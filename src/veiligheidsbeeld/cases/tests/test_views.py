"""Case pages: need-to-know (404 without an active participation), audited reads, forms, figures, inzage."""

from __future__ import annotations

import pytest
from django.utils import timezone

from veiligheidsbeeld.cases import services
from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.models import AuditEvent

from .conftest import BSN, TO_EXECUTION, walk

pytestmark = pytest.mark.django_db


def _reads(case):
    return AuditEvent.objects.filter(action=audit.PERSON_READ, object_type="cases.case", object_id=str(case.pk))


def test_partner_without_active_participation_gets_404(client, case, partner, coordinator, orgs):
    client.force_login(partner)
    assert client.get("/casussen/{}/".format(case.pk)).status_code == 404
    assert b"ZVH-" not in client.get("/casussen/").content
    services.grant_participation(case, orgs["wij"], categories=["gewoon"], legal_basis="WGS art. 2.7",
                                 purpose="plan", actor=coordinator)
    page = client.get("/casussen/{}/".format(case.pk))
    assert page.status_code == 200 and b"Jan Fictief" in page.content
    assert BSN.encode() not in page.content  # the BSN stays with the coordinator
    assert case.reference.encode() in client.get("/casussen/").content
    # a partner may not change the case even with a participation
    assert client.post("/casussen/{}/".format(case.pk), {"form": "status", "status": "triage"}).status_code == 403


def test_partner_scope_limits_the_data_categories(client, case, partner, coordinator, orgs):
    import datetime as dt

    services.add_measurement(case, case.persons.get(), instrument="zrm", measured_on=dt.date(2026, 1, 1),
                             scores={"Financiën": 2}, actor=coordinator)
    services.grant_participation(case, orgs["wij"], categories=["strafrechtelijk"], legal_basis="WGS",
                                 purpose="plan", actor=coordinator)
    client.force_login(partner)
    content = client.get("/casussen/{}/".format(case.pk)).content
    assert b"Jan Fictief" not in content  # no "gewoon" in scope
    assert b"Financi" not in content  # no "zorg" in scope
    assert b"Zorgen (fictief)" not in content  # the reason stays with the coordinator


def test_every_read_of_a_case_is_audited(client, case, coordinator):
    client.force_login(coordinator)
    assert not _reads(case).exists()
    client.get("/casussen/{}/".format(case.pk))
    client.get("/casussen/{}/".format(case.pk))
    events = list(_reads(case))
    assert len(events) == 2
    assert events[0].actor_label == coordinator.username and case.reference in events[0].purpose
    assert events[0].data["persons"] == [case.persons.get().pseudonym]


@pytest.mark.parametrize("role", ["analist", "beleidsadviseur", "bestuur", "beheerder", "fg", "publiek"])
def test_other_roles_never_see_a_case(client, case, make_account, role):
    client.force_login(make_account(role))
    assert client.get("/casussen/{}/".format(case.pk)).status_code == 404
    assert not _reads(case).exists()


def test_coordinator_forms_drive_the_workflow(client, case, coordinator, orgs):
    client.force_login(coordinator)
    url = "/casussen/{}/".format(case.pk)
    assert client.post(url, {"form": "status", "status": "triage"}).status_code == 302
    case.refresh_from_db()
    assert case.status == "triage"
    client.post(url, {"form": "disclosure", "person": case.persons.get().pk, "to_organisation": orgs["wij"].pk,
                      "category": "gewoon", "legal_basis": "", "purpose": "x"})
    assert not case.disclosures.exists()  # refused without a legal basis
    response = client.post(url, {"form": "enrich", "person": case.persons.get().pk, "source": orgs["politie"].pk,
                                 "category": "gewoon", "content": "x", "legal_basis": "WGS", "purpose": "p"},
                           follow=True)
    assert "positive known-check" in response.content.decode() or "positieve bekendheidsvraag" in \
        response.content.decode()
    assert not case.information.exists()


def test_triage_board_and_create(client, small_gemeente, coordinator, orgs):
    client.force_login(coordinator)
    response = client.post("/casussen/nieuw/", {"case_type": "verward_gedrag", "reporter": orgs["wij"].pk,
                                                "reason": "zorgen", "confidentiality": "vertrouwelijk",
                                                "criterion_area": "on"})
    assert response.status_code == 302
    board = client.get("/casussen/triage/")
    assert board.status_code == 200 and b"ZVH-" in board.content


def test_figures_are_disclosure_controlled(client, case, make_account):
    client.force_login(make_account("bestuur"))
    response = client.get("/casussen/cijfers/")
    assert response.status_code == 200
    assert b"Jan Fictief" not in response.content
    assert b">x<" in response.content  # one case: below the threshold


def test_share_and_median_of_few_are_not_shown_to_bestuur(client, case, coordinator, make_account):
    """A share of 2 measured domains (50 %) or a median of one case would give the small counts back."""
    import datetime as dt

    from veiligheidsbeeld.cases import services

    person = case.persons.get()
    for day, score in ((dt.date(2026, 1, 1), 2), (dt.date(2026, 6, 1), 3)):
        services.add_measurement(case, person, instrument="zrm", measured_on=day,
                                 scores={"Financiën": score, "Huisvesting": 3}, actor=coordinator)
    client.force_login(make_account("bestuur"))
    page = client.get("/casussen/cijfers/").content.decode()
    assert "50%" not in page and "van 2 " not in page
    client.force_login(coordinator)  # small-count rights: the figures as they are
    assert "50%" in client.get("/casussen/cijfers/").content.decode()


def test_fg_inzage_page(client, case, coordinator, make_account):
    client.force_login(coordinator)
    client.get("/casussen/{}/".format(case.pk))
    fg = make_account("fg")
    client.force_login(fg)
    assert client.get("/casussen/inzage/").status_code == 200
    response = client.post("/casussen/inzage/", {"bsn": BSN, "format": "json"})
    body = response.json()
    assert set(body) >= {"person", "cases", "disclosures", "reads"}
    assert body["cases"][0]["reference"] == case.reference
    assert any(r["by"] == coordinator.username for r in body["reads"])
    assert AuditEvent.objects.filter(action=audit.PERSON_READ, actor=fg, object_id=body["person"]).exists()
    html = client.post("/casussen/inzage/", {"bsn": BSN}).content.decode()
    assert case.reference in html and "Complexe casus" in html and BSN not in html.replace('value="{}"'.format(BSN), "")


def test_participation_expiry_through_the_page(client, case, coordinator, orgs, partner):
    """Time travel on the page: active participation -> 200; the case scaled down -> 404."""
    t0 = timezone.now() - timezone.timedelta(days=30)
    case = walk(case, TO_EXECUTION, coordinator, at=t0)
    services.grant_participation(case, orgs["wij"], categories=["gewoon"], legal_basis="WGS", purpose="p",
                                 actor=coordinator, valid_from=t0)
    client.force_login(partner)
    assert client.get("/casussen/{}/".format(case.pk)).status_code == 200
    walk(case, ["afgeschaald"], coordinator)
    assert client.get("/casussen/{}/".format(case.pk)).status_code == 404
    assert client.get("/api/cases/{}/".format(case.pk)).status_code == 404


def test_coordinator_sets_an_intervention_status(client, case, coordinator, orgs):
    import datetime as dt

    intervention = services.add_intervention(case, domain="Financiën", goal="schuldhulp", kind="zorg",
                                             owner=orgs["wij"], due=dt.date(2027, 1, 1), actor=coordinator)
    client.force_login(coordinator)
    url = "/casussen/{}/".format(case.pk)
    client.post(url, {"form": "intervention-status", "intervention": intervention.pk, "status": "gereed"})
    intervention.refresh_from_db()
    assert intervention.status == "gereed"
    client.post(url, {"form": "intervention-status", "intervention": intervention.pk, "status": "bogus"})
    intervention.refresh_from_db()
    assert intervention.status == "gereed"


def test_partner_is_told_the_list_is_its_own_without_the_total(client, small_gemeente, case, partner, coordinator,
                                                               orgs):
    """Three cases, one with the partner's participation: the page says the list is narrowed, never "1 of 3"."""
    for _ in range(2):
        services.register_case(small_gemeente, case_type="complexe_casus", reporter=orgs["politie"],
                               actor=coordinator, coordinator=coordinator, reason="Zorgen (fictief)",
                               criteria={"multiproblem": 1, "chains": 1, "system": 1})
    services.grant_participation(case, orgs["wij"], categories=["gewoon"], legal_basis="WGS art. 2.7",
                                 purpose="plan", actor=coordinator)
    client.force_login(partner)
    page = client.get("/casussen/").content.decode()
    assert "U ziet alleen een deel van de casussen: die waaraan uw organisatie actief deelneemt (hier 1)." in page
    assert " 3 " not in page and "van de 3" not in page
    client.force_login(coordinator)  # sees every case: no notice
    assert "vb-filter-notice" not in client.get("/casussen/").content.decode()
