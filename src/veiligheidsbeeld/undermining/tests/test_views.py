"""Screens: need to know on the dossier (404 outside the team), audited reads, the Ondermijning page with the
enforcement caveat, signals without addresses, the Bibob clocks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.undermining import services

from .conftest import log_in

pytestmark = pytest.mark.django_db


def _dossier_paths(dossier):
    return ["/ondermijning/dossiers/{}/".format(dossier.pk), "/ondermijning/dossiers/{}/netwerk/".format(dossier.pk),
            "/ondermijning/dossiers/{}/ftm.json".format(dossier.pk)]


@pytest.mark.parametrize("who", ["wijkteam", "analist", "burgemeester", "procesregisseur", "fg", "publiek"])
def test_outside_the_team_the_dossier_does_not_exist(client, users, dossier, who):
    log_in(client, users[who])
    events = AuditEvent.objects.count()
    for path in _dossier_paths(dossier):
        response = client.get(path)
        assert response.status_code == 404, (who, path, response.status_code)
        assert b"Jan Test" not in response.content and b"RIEC-T-1" not in response.content
    assert client.get("/api/entities/").json() == []
    assert client.get("/api/entities/?dossier={}".format(dossier.pk)).json() == []
    ftm_id = dossier.entities.first().ftm_id
    assert client.get("/api/entities/{}/".format(ftm_id)).status_code == 404
    assert b"RIEC-T-1" not in client.get("/ondermijning/dossiers/").content
    assert AuditEvent.objects.count() == events  # nothing read, nothing logged


def test_a_partner_on_the_team_sees_the_dossier_and_every_read_is_logged(client, users, dossier):
    log_in(client, users["politie"])
    for path in _dossier_paths(dossier):
        before = AuditEvent.objects.filter(action="person_data_viewed", object_type="undermining.dossier").count()
        response = client.get(path)
        assert response.status_code == 200, path
        after = AuditEvent.objects.filter(action="person_data_viewed", object_type="undermining.dossier")
        assert after.count() == before + 1, path
        assert after.order_by("-id").first().purpose
    response = client.post(_dossier_paths(dossier)[0], {"form": "stuurgroep", "on": "2026-12-01"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert str(dossier.reported_to_stuurgroep_on) == "2026-12-01"
    page = client.get(_dossier_paths(dossier)[1]).content.decode()
    assert "Jan Test" in page and "vb-network-data" in page and "cytoscape.min.js" in page
    assert "<script>" not in page  # CSP: no inline script (the data block is application/json)
    records = client.get("/api/entities/").json()
    assert {r["schema"] for r in records} >= {"Person", "Ownership"}
    assert client.get("/api/entities/{}/".format(records[0]["id"])).status_code == 200


def test_overview_shows_signals_and_vulnerability_beside_registered_counts(client, users, small_gemeente):
    from veiligheidsbeeld.areas.models import Area

    buurt = Area.objects.get(code="BU09990000")
    for i in range(6):
        services.receive_signal(small_gemeente, actor=users["analist"], source="Handhaving",
                                received_on=timezone.localdate() - dt.timedelta(days=i * 10), theme="drugs",
                                sbi_code="5630", area=buurt, address="Geheimstraat {}".format(i))
    log_in(client, users["burgemeester"])
    page = client.get("/ondermijning/").content.decode()
    # the Dutch UI: the enforcement caveat, and signals and vulnerability beside the registered counts
    assert "Geregistreerde aantallen volgen de opsporingsinspanning." in page
    assert "Signalen, geregistreerde aantallen en kwetsbaarheid per wijk" in page
    assert "Kwetsbaarheidskaart: componenten per wijk" in page
    assert "Geheimstraat" not in page
    assert "signalen per 1.000 inwoners" in page and "registraties per 1.000 inwoners" in page  # components in words


def test_overview_suppresses_small_counts_for_the_administration(client, users, small_gemeente):
    from veiligheidsbeeld.areas.models import Area

    buurt = Area.objects.get(code="BU09990100")
    services.receive_signal(small_gemeente, actor=users["analist"], source="x", received_on=timezone.localdate(),
                            theme="fraude", area=buurt)
    log_in(client, users["burgemeester"])
    response = client.get("/ondermijning/")
    rows = response.context["wijken"]
    assert [r["signals"] for r in rows] == [0, "x"]
    log_in(client, users["analist"])  # may see small counts
    assert [r["signals"] for r in client.get("/ondermijning/").context["wijken"]] == [0, 1]


def test_signal_intake_list_and_workflow(client, users, small_gemeente):
    log_in(client, users["analist"])
    response = client.post("/ondermijning/signalen/", {
        "source": "Handhaving", "received_on": "2026-11-30", "theme": "mensenhandel", "exploitation": "arbeid",
        "sbi_code": "7820", "address": "Geheimstraat 9", "description": "uitzendbureau",
    })
    assert response.status_code == 302
    signal_url = response["Location"]
    listing = client.get("/ondermijning/signalen/").content.decode()
    assert "Geheimstraat" not in listing and "7820" in listing
    response = client.post(signal_url, {"status": "naar_riec"})
    assert "cannot change" in response.content.decode()
    response = client.post(signal_url, {"status": "gewogen", "weighing": ""})
    assert "weighing" in response.content.decode()
    assert client.post(signal_url, {"status": "gewogen", "weighing": "hoog"}).status_code == 302
    assert client.post(signal_url, {"status": "naar_riec"}).status_code == 302
    from veiligheidsbeeld.undermining.models import Signal

    signal = Signal.objects.get()
    assert (signal.status, signal.weighing) == ("naar_riec", "hoog")
    assert [h.new_status for h in signal.history.all()] == ["ontvangen", "gewogen", "naar_riec"]


@pytest.mark.parametrize("who, status", [("wijkteam", 403), ("politie", 403), ("burgemeester", 403),
                                         ("fg", 403)])
def test_signals_are_for_the_weighing_roles_only(client, users, who, status):
    log_in(client, users[who])
    assert client.get("/ondermijning/signalen/").status_code == status


def test_bibob_pages_show_the_clocks(client, users, small_gemeente):
    today = timezone.localdate()
    dossier = services.create_bibob_dossier(
        small_gemeente, actor=users["beleidsadviseur"], reference="BIB-T-1", subject="Exploitatievergunning",
        decision_kind="exploitatie", application_on=today - dt.timedelta(weeks=11), betrokkene_name="Nep B.V.",
        responsible=users["beleidsadviseur"])
    services.request_advice(dossier, today - dt.timedelta(weeks=10), actor=users["beleidsadviseur"])
    log_in(client, users["burgemeester"])
    listing = client.get("/ondermijning/bibob/").content.decode()
    assert "BIB-T-1" in listing and "vb-clock--overdue" in listing
    events = AuditEvent.objects.count()
    detail = client.get("/ondermijning/bibob/{}/".format(dossier.pk))
    assert detail.status_code == 200 and "Nep B.V." in detail.content.decode()
    assert AuditEvent.objects.count() == events + 1  # the read of the art. 30 data
    assert client.post("/ondermijning/bibob/{}/".format(dossier.pk), {"form": "step", "step": "receive",
                                                                        "on": str(today), "outcome": "geen"}
                       ).status_code == 403
    log_in(client, users["beleidsadviseur"])
    response = client.post("/ondermijning/bibob/{}/".format(dossier.pk), {
        "form": "step", "step": "receive", "on": str(today), "outcome": "geen"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.advice_received_on == today and dossier.outcome == "geen"
    response = client.post("/ondermijning/bibob/{}/".format(dossier.pk), {
        "form": "disclosure", "recipient_kind": "buurman", "recipient": "x", "purpose": "y"})
    assert response.status_code == 200 and not dossier.disclosures.exists()  # not an art. 28 recipient
    client.post("/ondermijning/bibob/{}/".format(dossier.pk), {
        "form": "disclosure", "recipient_kind": "rechter", "recipient": "Rechtbank (test)", "purpose": "beroep"})
    assert dossier.disclosures.get().recipient_kind == "rechter"
    for who in ("wijkteam", "analist", "procesregisseur"):
        log_in(client, users[who])
        assert client.get("/ondermijning/bibob/{}/".format(dossier.pk)).status_code == 404
        assert client.get("/ondermijning/bibob/").status_code == 403


def test_barrier_model_from_a_template(client, users, small_gemeente):
    log_in(client, users["beleidsadviseur"])
    response = client.post("/ondermijning/barrieres/", {"template": "mobiele-bendes"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Inreis" in page and "Gebruik opbrengst" in page
    from veiligheidsbeeld.undermining.models import BarrierModel

    model = BarrierModel.objects.get()
    assert model.steps.count() == 7
    step = model.steps.get(order=1)
    assert client.post(response["Location"], {"step": step.pk, "measure": "ANPR", "status": "actief"}
                       ).status_code == 302
    assert step.barriers.get().measure == "ANPR"
    log_in(client, users["politie"])
    assert client.get(response["Location"]).status_code == 200
    assert client.post(response["Location"], {"step": step.pk, "measure": "x", "status": "actief"}
                       ).status_code == 403


def test_objects_of_another_gemeente_are_refused(client, users, small_gemeente):
    """Even a team member and a Bibob reader of GM0999 get 404 on GM0997's dossier, signal, Bibob dossier and
    barrier model, and see none of them in the lists or the API."""
    from conftest import build_small_gemeente
    from veiligheidsbeeld.undermining.models import BarrierModel

    foreign = build_small_gemeente("GM0997", "Verredorp", x0=7.0)
    dossier = services.create_dossier(foreign, reference="RIEC-IDOR", title="Verredorp",
                                      team=[users["beleidsadviseur"], users["politie"]])  # on the team, wrong gemeente
    services.add_entity(dossier, schema="Company", caption="Verre B.V.")
    signal = services.receive_signal(foreign, source="x", received_on=dt.date(2026, 1, 1), theme="drugs")
    bibob = services.create_bibob_dossier(foreign, reference="BIB-IDOR", subject="x", decision_kind="subsidie",
                                          application_on=dt.date(2026, 1, 1), betrokkene_name="Verre B.V.")
    model = services.model_from_template(foreign, "hennep")
    assert BarrierModel.objects.filter(gemeente=foreign).exists()
    for who in ("beleidsadviseur", "politie", "analist", "burgemeester"):
        log_in(client, users[who])
        for path in ["/ondermijning/dossiers/{}/".format(dossier.pk),
                     "/ondermijning/dossiers/{}/netwerk/".format(dossier.pk),
                     "/ondermijning/dossiers/{}/ftm.json".format(dossier.pk),
                     "/ondermijning/signalen/{}/".format(signal.pk), "/ondermijning/bibob/{}/".format(bibob.pk),
                     "/ondermijning/barrieres/{}/".format(model.pk), "/api/bibob-dossiers/{}/".format(bibob.pk),
                     "/api/undermining-signals/{}/".format(signal.pk)]:
            response = client.get(path)
            assert response.status_code == 404, (who, path, response.status_code)
        for path in ["/ondermijning/?gemeente=GM0997", "/ondermijning/signalen/?gemeente=GM0997",
                     "/ondermijning/bibob/?gemeente=GM0997"]:
            assert client.get(path).status_code == 404, (who, path)
        for path in ["/api/entities/", "/api/bibob-dossiers/", "/api/undermining-signals/", "/ondermijning/dossiers/"]:
            assert b"IDOR" not in client.get(path).content and b"Verre" not in client.get(path).content


def test_bestuur_cannot_recompute_hidden_counts_from_shares_medians_or_densities(client, users, small_gemeente):
    """Bibob: 5 of 6 advices on time with the 6 gives the late one back, a median of 3 lead times nearly one of
    them; the vulnerability map: a signal density (or the z-scores' mean) with the population gives a hidden
    signal count back. None of it reaches the burgemeester; the analist (small-count rights) sees all."""
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.undermining.models import BibobDossier

    for i in range(6):
        services.create_bibob_dossier(small_gemeente, actor=users["beleidsadviseur"], reference="BIB-{}".format(i),
                                      subject="Vergunning", decision_kind="exploitatie",
                                      application_on=dt.date(2026, 1, 5), betrokkene_name="Nep B.V.")
    BibobDossier.objects.update(advice_requested_on=dt.date(2026, 2, 1), advice_received_on=dt.date(2026, 2, 20))
    BibobDossier.objects.filter(reference="BIB-0").update(advice_received_on=dt.date(2026, 6, 1))
    for code, n in (("BU09990000", 7), ("BU09990100", 1)):
        for _ in range(n):
            services.receive_signal(small_gemeente, actor=users["analist"], source="x", theme="fraude",
                                    received_on=timezone.localdate(), area=Area.objects.get(code=code))
    log_in(client, users["burgemeester"])
    context = client.get("/ondermijning/").context
    assert context["figures"].bibob["on_time"] is None and context["figures"].bibob["advised"] == "6"
    assert [r["signals"] for r in context["wijken"]] == ["x", "x"]  # 7 + 1: the 7 would give the 1 back
    density = [name for name, _w in context["components"]].index("signalen per 1.000 inwoners")
    assert all(row["z"][density] is None for row in context["vuln_rows"])
    log_in(client, users["analist"])
    context = client.get("/ondermijning/").context
    assert context["figures"].bibob["on_time"] == 5 and [r["signals"] for r in context["wijken"]] == [7, 1]
    assert all(row["z"][density] is not None for row in context["vuln_rows"])
