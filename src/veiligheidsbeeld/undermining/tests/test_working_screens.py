"""Screens to work the module (issue #18 follow-up): open a Bibob dossier and record its steps, link signals and
entities inside a dossier (team only, 404 outside), link barriers to signals and programme measures, and the
vulnerability page per wijk or buurt with small counts suppressed."""

from __future__ import annotations

import datetime as dt

import pytest

from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.undermining import services
from veiligheidsbeeld.undermining.models import BibobDossier, Signal

from veiligheidsbeeld.accounts.tests.conftest import other_gemeente  # noqa: F401

from .conftest import log_in

pytestmark = pytest.mark.django_db


def _events(action):
    return AuditEvent.objects.filter(action=action).count()


def test_a_bibob_dossier_is_opened_and_worked_through_the_forms(client, users, small_gemeente):
    log_in(client, users["beleidsadviseur"])
    response = client.post("/ondermijning/bibob/nieuw/", {
        "reference": "BIB-F-1", "decision_kind": "exploitatie", "subject": "Horecavergunning Testcafé",
        "application_on": "2026-01-05", "decision_term_weeks": 8, "betrokkene_name": "Test Horeca B.V.",
        "bsn": "999990019", "kvk_number": "99000002"})
    assert response.status_code == 302
    dossier = BibobDossier.objects.get(reference="BIB-F-1")
    assert response["Location"] == "/ondermijning/bibob/{}/".format(dossier.pk)
    assert dossier.responsible == users["beleidsadviseur"] and dossier.betrokkene_pseudonym
    assert AuditEvent.objects.filter(action="bibob_dossier_created", object_id=str(dossier.pk)).exists()
    steps = [{"step": "own", "on": "2026-01-12", "findings": "art. 7a vragen beantwoord"},
             {"step": "request", "on": "2026-01-19"}, {"step": "extend", "on": "2026-03-09", "weeks": 4},
             {"step": "art32", "on": "2026-01-20"}, {"step": "receive", "on": "2026-04-01", "outcome": "ernstig_a"},
             {"step": "zienswijze_request", "on": "2026-04-02"}, {"step": "zienswijze_receive", "on": "2026-04-10"},
             {"step": "decide", "on": "2026-04-20", "decision": "geweigerd"}]
    for step in steps:
        response = client.post("/ondermijning/bibob/{}/".format(dossier.pk), {"form": "step", **step})
        assert response.status_code == 302, (step, response.content.decode()[:2000])
    dossier.refresh_from_db()
    assert dossier.advice_extension_weeks == 4 and dossier.decision == "geweigerd"
    assert dossier.clock().advice_deadline() == dt.date(2026, 4, 13)  # 8 + 4 weeks after 19 January
    assert AuditEvent.objects.filter(object_id=str(dossier.pk), action__startswith="bibob_").count() == 9
    # the page of the list offers the form to the editor only
    assert "/ondermijning/bibob/nieuw/" in client.get("/ondermijning/bibob/").content.decode()
    log_in(client, users["burgemeester"])
    assert "/ondermijning/bibob/nieuw/" not in client.get("/ondermijning/bibob/").content.decode()
    assert client.post("/ondermijning/bibob/nieuw/", {"reference": "BIB-F-2"}).status_code == 403
    assert not BibobDossier.objects.filter(reference="BIB-F-2").exists()


def test_an_invalid_bibob_form_says_why_in_dutch(client, users, small_gemeente):
    log_in(client, users["beleidsadviseur"])
    page = client.post("/ondermijning/bibob/nieuw/", {"reference": "X", "bsn": "12"},
                       HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Een BSN heeft 9 cijfers." in page
    assert not BibobDossier.objects.exists()


@pytest.fixture
def signal(small_gemeente):
    from veiligheidsbeeld.areas.models import Area

    return services.receive_signal(small_gemeente, source="Handhaving", received_on=dt.date(2026, 11, 2),
                                   theme="drugs", area=Area.objects.get(code="BU09990000"),
                                   address="Teststraat 1")


def test_the_team_links_signals_and_entities(client, users, dossier, signal):
    url = "/ondermijning/dossiers/{}/koppelingen/".format(dossier.pk)
    log_in(client, users["beleidsadviseur"])
    assert client.post(url, {"form": "signal", "signal": signal.pk}).status_code == 302
    signal.refresh_from_db()
    assert signal.dossier == dossier and signal.status == "ontvangen"
    assert _events("signal_linked_to_dossier") == 1
    jan = next(e for e in dossier.entities.all() if e.caption == "Jan Test")
    log_in(client, users["politie"])  # a partner on the team: entities yes, the gemeente's signal list no
    page = client.get(url).content.decode()
    assert "Jan Test" in page and 'value="signal"' not in page
    assert client.post(url, {"form": "signal", "signal": signal.pk}).status_code == 403
    assert client.post(url, {"form": "entity", "entity": jan.pk, "signal": signal.pk}).status_code == 302
    assert list(signal.entities.all()) == [jan] and _events("entity_linked_to_signal") == 1
    assert AuditEvent.objects.filter(action="person_data_viewed", object_type="undermining.dossier").exists()


@pytest.mark.parametrize("who", ["wijkteam", "analist"])
def test_outside_the_team_the_link_page_does_not_exist(client, users, dossier, signal, who):
    url = "/ondermijning/dossiers/{}/koppelingen/".format(dossier.pk)
    log_in(client, users[who])
    assert client.get(url).status_code == 404
    assert client.post(url, {"form": "signal", "signal": signal.pk}).status_code == 404
    signal.refresh_from_db()
    assert signal.dossier is None


def test_a_signal_of_another_dossier_or_gemeente_is_not_linked(dossier, signal, users, small_gemeente):
    from django.core.exceptions import ValidationError

    other = services.create_dossier(small_gemeente, reference="RIEC-T-2", title="Ander", actor=users["beleidsadviseur"])
    services.link_signal_to_dossier(signal, other)
    with pytest.raises(ValidationError):
        services.link_signal_to_dossier(signal, dossier)
    with pytest.raises(ValidationError):  # the entity is of RIEC-T-1, the signal of RIEC-T-2
        services.link_entity_to_signal(dossier.entities.first(), signal)


@pytest.fixture
def measure(small_gemeente, organisation):
    from veiligheidsbeeld.programmes.models import Measure, Programme

    programme = Programme.objects.create(gemeente=small_gemeente, framework_slug="test", title="Programma")
    return Measure.objects.create(gemeente=small_gemeente, programme=programme, title="Keurmerk Veilig Ondernemen",
                                  priority_code="ondermijning", owner=organisation, start=dt.date(2026, 1, 1),
                                  intervention="preventie")


def test_a_barrier_is_linked_to_signals_and_programme_measures(client, users, small_gemeente, signal, measure,
                                                               other_gemeente):
    model = services.model_from_template(small_gemeente, "hennep")
    barrier = services.add_barrier(model.steps.first(), measure="Controle energieverbruik")
    foreign = services.receive_signal(other_gemeente, source="X", received_on=dt.date(2026, 11, 1), theme="drugs")
    url = "/ondermijning/barrieres/maatregelen/{}/koppelingen/".format(barrier.pk)
    log_in(client, users["beleidsadviseur"])
    assert "/koppelingen/" in client.get("/ondermijning/barrieres/{}/".format(model.pk)).content.decode()
    assert client.post(url, {"signals": [foreign.pk]}).status_code == 200  # not a choice: refused
    assert not barrier.signals.exists()
    response = client.post(url, {"signals": [signal.pk], "programme_measures": [measure.pk]})
    assert response.status_code == 302
    assert list(barrier.signals.all()) == [signal] and list(barrier.programme_measures.all()) == [measure]
    event = AuditEvent.objects.get(action="barrier_linked")
    assert event.changes["signals"] == [[], [signal.pk]]
    for who in ("analist", "politie", "burgemeester"):
        log_in(client, users[who])
        assert client.post(url, {"signals": []}).status_code == 404, who
    assert barrier.signals.count() == 1


def test_vulnerability_per_buurt_suppresses_small_counts(client, users, small_gemeente, signal):
    from veiligheidsbeeld.undermining.area_vulnerability import vulnerability_rows
    from veiligheidsbeeld.core.disclosure import policy_from_settings

    today = dt.date(2026, 12, 1)
    open_rows = {r["area"].code: r for r in vulnerability_rows(small_gemeente, today, level="buurt")}
    assert set(open_rows) == {"BU09990000", "BU09990001", "BU09990100", "BU09990101"}
    assert open_rows["BU09990000"]["signals"] == 1
    # 1 signal per 1,000 inhabitants in buurt 00, 0 elsewhere: buurt 00 ranks first on signal density
    assert open_rows["BU09990000"]["z"][0] > 0 and open_rows["BU09990000"]["score"] > 0
    protected = {r["area"].code: r for r in vulnerability_rows(small_gemeente, today, level="buurt",
                                                               policy=policy_from_settings())}
    assert protected["BU09990000"]["signals"] is None and protected["BU09990000"]["z"][0] is None
    assert protected["BU09990001"]["signals"] == 0  # zero reveals no one
    log_in(client, users["burgemeester"])  # no small-count right
    page = client.get("/ondermijning/kwetsbaarheid/?level=buurt").content.decode()
    assert "Buurt 00" in page and "Teststraat" not in page and 'aria-current="page">per buurt' in page
    log_in(client, users["analist"])  # small-count right
    page = client.get("/ondermijning/kwetsbaarheid/").content.decode()
    assert "Wijk 0" in page and "Buurt 00" not in page


def test_the_cbs_buurt_population_extract_is_read(tmp_path):
    from veiligheidsbeeld.undermining.kwb import import_kwb
    from veiligheidsbeeld.undermining.models import AreaIndicator

    path = tmp_path / "Population85984_2024_buurten_NL.csv"
    path.write_text('"","nhood_id","population"\n"1","BU16800000",3455\n"2","BU16800009",140\n', encoding="utf-8")
    assert import_kwb(path, year=2024) == {"inhabitants": 2}
    assert AreaIndicator.objects.get(area_code="BU16800009").value == 140
