"""The public-order pages: who sees what, the week page for the bestuur, decisions and the name list."""

from __future__ import annotations

import datetime as dt

import pytest

from veiligheidsbeeld.publicorder import services
from veiligheidsbeeld.publicorder.demo import build_demo
from veiligheidsbeeld.publicorder.models import DemonstrationDecision, YouthGroup

from .conftest import log_in

pytestmark = pytest.mark.django_db

PAGES = ["/openbare-orde/", "/openbare-orde/kalender/", "/openbare-orde/kennisgevingen/",
         "/openbare-orde/evenementen/", "/openbare-orde/cameratoezicht/", "/openbare-orde/spanningen/",
         "/openbare-orde/jeugdgroepen/", "/openbare-orde/kaart/", "/openbare-orde/kaart.geojson",
         "/openbare-orde/indicatoren/"]


@pytest.fixture
def demo_week(small_gemeente, make_user, organisations):
    users = {"beleidsadviseur": make_user("beleidsadviseur"),
             "procesregisseur": make_user("procesregisseur", organisation="zvh")}
    summary = build_demo(small_gemeente, users, organisations)
    return summary


def test_the_bestuur_sees_the_week_on_one_page(client, make_user, demo_week):
    assert demo_week["demonstrations"] == 3 and demo_week["late_notices"] == 1 and demo_week["youth_groups"] == 2
    log_in(client, make_user("bestuur"))
    page = client.get("/openbare-orde/").content.decode()
    for text in ("Grote Markt", "Stadhuisplein", "Park West",  # three demonstrations
                 "Buurtbarbecue", "Stadsloop", "Festival Verzonnen Klanken",  # an event of each class
                 "Flexibel cameratoezicht binnenstad",  # the period of camera use
                 "Oproep in een openbare chatgroep",  # a tension signal
                 "Groep Voorbeeldplein", "Groep Fictiefpark"):  # both youth groups
        assert text in page, text
    assert "Fictief Persoon" not in page and "Fictieve Leider" not in page  # no names on the week page


@pytest.mark.parametrize("role, allowed", [("beleidsadviseur", True), ("bestuur", True), ("analist", True),
                                           ("ketenpartner", True), ("procesregisseur", True), ("beheerder", False),
                                           ("fg", False), ("publiek", False)])
def test_pages_by_role(client, make_user, demo_week, role, allowed):
    log_in(client, make_user(role))
    for path in PAGES:
        status = client.get(path).status_code
        assert (status == 200) == allowed, (path, status)
    client.logout()
    assert client.get(PAGES[0]).status_code == 302  # to the log-in page


def test_every_detail_page_renders(client, demo_week, make_user, small_gemeente):
    from veiligheidsbeeld.publicorder.models import Demonstration, Event

    log_in(client, make_user("beleidsadviseur"))
    paths = [f"/openbare-orde/kennisgevingen/{d.pk}/" for d in Demonstration.objects.all()]
    paths += [f"/openbare-orde/evenementen/{e.pk}/" for e in Event.objects.all()]
    paths += [f"/openbare-orde/jeugdgroepen/{g.pk}/" for g in YouthGroup.objects.all()]
    paths += ["/openbare-orde/kennisgevingen/nieuw/", "/openbare-orde/evenementen/nieuw/",
              "/openbare-orde/cameratoezicht/nieuw/", "/openbare-orde/jeugdgroepen/nieuw/"]
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_a_ban_without_a_ground_is_refused_on_the_page(client, make_user, notice):
    log_in(client, make_user("bestuur"))
    url = "/openbare-orde/kennisgevingen/{}/".format(notice.pk)
    response = client.post(url, {"form": "decision", "kind": "verbod", "ground": "", "content": "Verboden"})
    assert response.status_code == 200 and "needs a ground" in response.content.decode()
    assert not DemonstrationDecision.objects.exists()
    response = client.post(url, {"form": "decision", "kind": "verbod", "ground": "late_notice", "content": "Te laat"})
    assert response.status_code == 302 and DemonstrationDecision.objects.get().ground == "late_notice"


def test_register_a_notice_on_the_page(client, make_user, wijk):
    log_in(client, make_user("beleidsadviseur"))
    response = client.post("/openbare-orde/kennisgevingen/nieuw/", {
        "kind": "betoging", "received_at": "2026-12-04T19:00", "starts_at": "2026-12-07T14:00",
        "ends_at": "2026-12-07T15:00", "place": "Stadhuisplein", "wijk": wijk.pk, "organiser_name": "Fictief",
        "route": '{"type": "Point", "coordinates": [6.005, 53.005]}',
    })
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Stadhuisplein" in page and "vb-clock--late" in page


def test_name_list_page(client, make_user, group, organisations):
    regisseur = make_user("procesregisseur", organisation="zvh")
    services.change_step(group, "2A", actor=regisseur)
    url = "/openbare-orde/jeugdgroepen/{}/namenlijst/".format(group.pk)
    log_in(client, regisseur)
    assert client.get(url).status_code == 403  # step 2A: refused, also to the procesregisseur
    services.change_step(group, "2B", actor=regisseur)
    assert client.get(url).status_code == 200
    client.post(url, {"form": "add", "name": "Fictief Persoon Twee", "birth_year": 2010})
    page = client.post(url, {"form": "read", "purpose": "voorbereiding jeugdoverleg"}).content.decode()
    assert "Fictief Persoon Twee" in page
    client.logout()
    log_in(client, make_user("ketenpartner", organisation="politie"))
    assert client.get(url).status_code == 403


def test_step_change_on_the_page(client, make_user, group):
    log_in(client, make_user("procesregisseur", organisation="zvh"))
    url = "/openbare-orde/jeugdgroepen/{}/".format(group.pk)
    assert client.post(url, {"form": "step", "step": "2A", "note": "signalen gedeeld"}).status_code == 302
    group.refresh_from_db()
    assert group.step == "2A"
    response = client.post(url, {"form": "step", "step": "5"})  # not allowed from 2A: the form refuses it
    group.refresh_from_db()
    assert group.step == "2A" and response.status_code == 200


def test_signal_form_for_partners(client, make_user, wijk):
    log_in(client, make_user("ketenpartner", organisation="wijkteam"))
    response = client.post("/openbare-orde/spanningen/", {
        "received_on": dt.date(2026, 12, 5).isoformat(), "source_type": "sleutelfiguur", "source_pseudonym": "SF-021",
        "wijk": wijk.pk, "theme": "intergroep", "phase": "latent", "urgency": "low", "summary": "Spanning bij school",
    })
    assert response.status_code == 302
    assert "SF-021" in client.get("/openbare-orde/spanningen/").content.decode()


def test_bestuur_cannot_recompute_a_small_count_from_the_indicators(client, notice, make_user):
    """6 notices, 5 on time: "on time 5, 83%" beside the 6 gives the one late notice back, so the share and the
    on-time count are not shown to a role without small-count rights."""
    from veiligheidsbeeld.publicorder.models import Demonstration

    for _ in range(5):
        notice.pk = None
        notice.save()
    Demonstration.objects.update(on_time=True)
    Demonstration.objects.filter(pk=Demonstration.objects.order_by("pk").first().pk).update(on_time=False)
    url = "/openbare-orde/indicatoren/?jaar=2026"
    log_in(client, make_user("bestuur"))
    response = client.get(url)
    main = response.content.decode()[response.content.decode().index("<main"):]
    assert "83%" not in main and ": 5," not in main
    assert response.context["ind"]["notices"] == "6" and response.context["ind"]["share_on_time"] is None
    log_in(client, make_user("analist"))  # small-count rights: the figures as they are
    assert "83%" in client.get(url).content.decode()
