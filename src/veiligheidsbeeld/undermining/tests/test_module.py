"""The module in the platform: running Bibob clocks on the responsible user's start page, the data-subject export,
retention, and the demo records (every clock state, a dossier with a network)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from veiligheidsbeeld.core import modules, retention
from veiligheidsbeeld.core.calendar import ClockState
from veiligheidsbeeld.undermining import services
from veiligheidsbeeld.undermining.models import BibobDossier, Signal

from .conftest import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(small_gemeente, users, organisation):
    from veiligheidsbeeld.undermining.demo import build

    return build(small_gemeente, users, {"gemeente": organisation, "politie": organisation})


def test_demo_has_every_clock_state_and_a_network(demo, small_gemeente):
    now = timezone.now()
    today = timezone.localdate()
    states = {}
    for dossier in BibobDossier.objects.filter(gemeente=small_gemeente):
        clock = dossier.clock()
        states[dossier.reference] = clock.advice_state(now)
    assert set(demo["bibob"]) == {"running", "due_soon", "overdue", "met", "late", "reuse"}
    for state in ("running", "due_soon", "overdue", "met", "late"):
        assert states[demo["bibob"][state]] == ClockState(state), state
    reuse = BibobDossier.objects.get(reference=demo["bibob"]["reuse"])
    assert reuse.reused_advice.reference == demo["bibob"]["met"] and reuse.clock().decision_deadline(today)
    assert demo["entities"] == 7 and demo["links"] == 7
    assert Signal.objects.filter(gemeente=small_gemeente).count() == demo["signals"] >= 30
    assert set(Signal.objects.values_list("theme", flat=True)) == {
        "drugs", "witwassen", "fraude", "milieu", "omg", "mensenhandel"}


def test_running_clocks_are_on_the_start_page_of_the_responsible(client, demo, users):
    todos = [t for t in modules.todos_for(users["beleidsadviseur"]) if t.module == "undermining"]
    assert len(todos) == 4  # running, due soon, overdue and the reused one awaiting its decision
    assert sum(t.overdue for t in todos) == 1
    assert modules.todos_for(users["analist"]) == [] or all(
        t.module != "undermining" for t in modules.todos_for(users["analist"]))
    log_in(client, users["beleidsadviseur"])
    page = client.get("/").content.decode()
    assert "LBB-advies verwacht" in page and "BIB-DEMO-3" in page  # Dutch UI


def test_demo_overview_and_network_pages(client, demo, users):
    log_in(client, users["politie"])
    from veiligheidsbeeld.undermining.models import Dossier

    dossier = Dossier.objects.get(reference="RIEC-DEMO-001")
    assert client.get("/ondermijning/dossiers/{}/netwerk/".format(dossier.pk)).status_code == 200
    log_in(client, users["wijkteam"])
    assert client.get("/ondermijning/dossiers/{}/".format(dossier.pk)).status_code == 404
    assert client.get("/ondermijning/").status_code == 200


def test_inzage_finds_bibob_dossiers_and_entities_by_bsn(demo, users):
    result = modules.inzage("999990032", users["fg"])["undermining"]
    assert [d["reference"] for d in result["bibob_dossiers"]] == ["BIB-DEMO-4", "BIB-DEMO-6"]
    assert modules.inzage("999990019", users["fg"])["undermining"]["network_entities"][0]["caption"] == "Jan Fictief"


def test_retention_removes_closed_signals_and_old_decided_bibob_dossiers(small_gemeente, users):
    old = services.receive_signal(small_gemeente, actor=users["analist"], source="x",
                                  received_on=dt.date(2015, 1, 1), theme="drugs")
    services.change_signal_status(old, "gewogen", weighing="laag", actor=users["analist"])
    services.change_signal_status(old, "afgesloten", actor=users["analist"])
    services.receive_signal(small_gemeente, actor=users["analist"], source="x", received_on=dt.date(2015, 1, 1),
                            theme="drugs")  # open: kept
    decided = services.create_bibob_dossier(small_gemeente, reference="B-OLD", subject="x", decision_kind="subsidie",
                                            application_on=dt.date(2019, 1, 1), betrokkene_name="x")
    services.decide_bibob(decided, "verleend", dt.date(2019, 2, 1))
    outcomes = {o.category: o for o in retention.run(dry_run=True)}
    assert outcomes["undermining_signals"].count == 1 and outcomes["bibob_dossiers"].count == 1
    retention.run()
    assert Signal.objects.count() == 1 and not BibobDossier.objects.exists()
