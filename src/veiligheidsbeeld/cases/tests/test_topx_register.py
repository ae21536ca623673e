"""Top-X recidivism after outflow (counts only, disclosure-controlled) and the algorithm register entry."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command

from veiligheidsbeeld.cases import services
from veiligheidsbeeld.cases.recidivism import published, topx_recidivism
from veiligheidsbeeld.core.calendar import AMSTERDAM

pytestmark = pytest.mark.django_db

BSNS = ["999990032", "999990044", "999990056", "999990068", "999990081"]


def _topx_person(gemeente, orgs, coordinator, bsn, inflow, outflow=None, registered=None):
    case = services.register_case(gemeente, case_type="top_x", reporter=orgs["politie"], actor=coordinator,
                                  registered_at=dt.datetime.combine(registered or inflow, dt.time(10),
                                                                    tzinfo=AMSTERDAM))
    services.add_person(case, bsn=bsn, name="Fictief " + bsn[-3:], role="hoofdbetrokkene", informed=True,
                        actor=coordinator)
    placement = services.place_on_topx(case, reason="voldoet", actor=coordinator, on=inflow)
    if outflow:
        services.review_topx(placement, stays=False, reason="voldoet niet meer", actor=coordinator, on=outflow)
    return case


@pytest.fixture
def outflows(small_gemeente, orgs, coordinator):
    services.publish_topx_criteria(small_gemeente, rules=["1 HIC-aanhouding in 5 jaar en 3 veroordelingen"],
                                   peildatum=dt.date(2023, 1, 1), actor=coordinator)
    d = dt.date
    a = _topx_person(small_gemeente, orgs, coordinator, BSNS[0], d(2023, 2, 1), d(2024, 1, 10))
    _topx_person(small_gemeente, orgs, coordinator, BSNS[1], d(2023, 2, 1), d(2024, 2, 1))  # B: stays away
    _topx_person(small_gemeente, orgs, coordinator, BSNS[2], d(2023, 2, 1), d(2025, 6, 1))  # C: too recent
    dcase = _topx_person(small_gemeente, orgs, coordinator, BSNS[3], d(2023, 2, 1), d(2024, 3, 1))
    # A: a new (complex) case 5 months after the outflow
    new = services.register_case(small_gemeente, case_type="complexe_casus", reporter=orgs["politie"],
                                 actor=coordinator, registered_at=dt.datetime(2024, 6, 1, 10, tzinfo=AMSTERDAM))
    services.add_person(new, bsn=BSNS[0], name="Fictief A", role="hoofdbetrokkene", informed=True,
                        actor=coordinator)
    # D: back on the list in the same case after 18 months
    services.place_on_topx(dcase, reason="opnieuw", actor=coordinator, on=d(2025, 9, 1))
    # a person who never flowed out does not count
    _topx_person(small_gemeente, orgs, coordinator, BSNS[4], d(2024, 1, 1))
    return a


def test_recidivism_counts_returns_within_12_and_24_months(small_gemeente, outflows):
    rows = {r.months: r for r in topx_recidivism(small_gemeente, today=dt.date(2026, 3, 1))}
    assert (rows[12].followed, rows[12].returned) == (3, 1)  # A, B, D followed; A back (C: window open)
    assert (rows[24].followed, rows[24].returned) == (3, 2)  # A and D back
    early = {r.months: r for r in topx_recidivism(small_gemeente, today=dt.date(2025, 2, 1))}
    assert (early[12].followed, early[24].followed) == (2, 0)  # D: 12 months end on 1 March 2025


def test_recidivism_is_disclosure_controlled_for_the_bestuur(client, small_gemeente, outflows, make_account):
    from veiligheidsbeeld.core.disclosure import policy_from_settings

    policy = policy_from_settings()
    shown = published(topx_recidivism(small_gemeente, today=dt.date(2026, 3, 1)), policy)
    assert all(row["share"] is None for row in shown)  # 1 of 3: the share would give the small counts back
    assert all(isinstance(row["returned"], str) for row in shown)  # "<5" (or rounded), never the raw 1 or 2
    full = published(topx_recidivism(small_gemeente, today=dt.date(2026, 3, 1)), None)
    assert full[0] == {"months": 12, "followed": 3, "returned": 1, "share": 33}
    client.force_login(make_account("bestuur"))
    page = client.get("/casussen/cijfers/").content.decode()
    assert "Terugkeer na uitstroom" in page


def test_algorithm_register_entry(client, small_gemeente, coordinator, make_account, outflows):
    from veiligheidsbeeld.cases.algorithm_register import FIELDS, entry

    services.publish_topx_criteria(small_gemeente, rules=["2 HIC-aanhoudingen", "jonger dan 23"],
                                   peildatum=dt.date(2026, 7, 1), actor=coordinator)
    data = entry(small_gemeente)
    assert set(data) == set(FIELDS)
    assert data["publication_category"] == "Impactvolle algoritmes" and data["status"] == "In gebruik"
    assert data["organization"] == "Gemeente Proefdorp" and data["standard_version"] == "1.0"
    assert "versie 2" in data["methods_and_models"] and "jonger dan 23" in data["methods_and_models"]
    assert "3 veroordelingen" not in data["methods_and_models"].split("Versies:")[0]  # only the newest rules apply
    assert data["contact_email"] == "ZVH Proefdorp"  # the publisher's organisation without a configured contact
    client.force_login(make_account("bestuur"))
    response = client.get("/casussen/top-x/algoritmeregister/?format=json")
    assert response.status_code == 200 and response.json() == json.loads(json.dumps(data))
    assert "Menselijke tussenkomst" in client.get("/casussen/top-x/algoritmeregister/").content.decode()
    client.force_login(make_account("ketenpartner", "politie"))
    assert client.get("/casussen/top-x/algoritmeregister/").status_code == 403


def test_algorithm_register_cli(small_gemeente, coordinator, capsys, settings):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no Top-X criteria"):
        call_command("cases", "algoritmeregister", "--json", "--gemeente", small_gemeente.code)
    settings.CASES_ALGORITHM_CONTACT = "algoritmes@proefdorp.example"
    services.publish_topx_criteria(small_gemeente, rules=["1 HIC-aanhouding"], peildatum=dt.date(2026, 1, 1),
                                   actor=coordinator)
    call_command("cases", "algoritmeregister", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "Selectie Top-X persoonsgerichte aanpak"
    assert data["contact_email"] == "algoritmes@proefdorp.example"
