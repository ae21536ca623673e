"""Inzage (command and module part), retention to an anonymised residue, indicators, to-dos, demo."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from veiligheidsbeeld.cases import services
from veiligheidsbeeld.cases.models import (
    Case, CaseResidue, Disclosure, Information, KnownCheck, Measurement, Participation, Person,
)
from veiligheidsbeeld.core import retention
from veiligheidsbeeld.core.models import AuditEvent

from .conftest import BSN, OTHER_BSN, TO_EXECUTION, walk

pytestmark = pytest.mark.django_db


def _disclosures(case, coordinator, orgs, n):
    person = case.persons.get()
    for i in range(n):
        services.record_disclosure(gemeente=case.gemeente, case=case, pseudonym_=person.pseudonym,
                                   from_organisation=orgs["zvh"], to_organisation=orgs["wij"],
                                   category=["gewoon", "zorg", "bijzonder", "strafrechtelijk"][i % 4],
                                   legal_basis="WGS art. 2.7", purpose="p{}".format(i), actor=coordinator)


@pytest.mark.parametrize("n", [1, 3, 4])
def test_inzage_command_returns_every_disclosure_of_the_person(case, coordinator, orgs, tmp_path, capsys, n):
    _disclosures(case, coordinator, orgs, n)
    other = services.register_case(case.gemeente, case_type="top_x", reporter=orgs["politie"], actor=coordinator,
                                   coordinator=coordinator)
    services.add_person(other, bsn=BSN, name="Jan Fictief", role="systeemlid", informed=True, actor=coordinator)
    services.add_person(other, bsn=OTHER_BSN, name="Iemand Anders", role="hoofdbetrokkene", informed=True,
                        actor=coordinator)
    services.grant_participation(other, orgs["politie"], categories=["gewoon"], legal_basis="WGS", purpose="p",
                                 actor=coordinator)  # one disclosure per person: 1 of BSN, 1 of OTHER_BSN
    bsn_file = tmp_path / "bsn.txt"
    bsn_file.write_text(BSN + "\n")
    call_command("privacy", "inzage", "--bsn-file", str(bsn_file), "--json")
    body = json.loads(capsys.readouterr().out)
    assert set(body) >= {"person", "cases", "disclosures", "reads"}
    assert BSN not in body["person"]
    assert sorted(c["reference"] for c in body["cases"]) == sorted([case.reference, other.reference])
    assert len(body["disclosures"]) == n + 1
    assert Disclosure.objects.count() == n + 2  # the other person's disclosure is not in the export
    assert "Iemand Anders" not in json.dumps(body)


def test_inzage_reads_list_who_looked(case, coordinator, client, tmp_path, capsys):
    client.force_login(coordinator)
    client.get("/casussen/{}/".format(case.pk))
    bsn_file = tmp_path / "bsn.txt"
    bsn_file.write_text(BSN)
    call_command("privacy", "inzage", "--bsn-file", str(bsn_file), "--json")
    reads = json.loads(capsys.readouterr().out)["reads"]
    assert [r["by"] for r in reads] == [coordinator.username] and reads[0]["case"] == case.reference


def test_retention_leaves_only_the_anonymised_residue(case, coordinator, orgs, settings):
    person = case.persons.get()
    services.add_measurement(case, person, instrument="zrm", measured_on=dt.date(2024, 1, 1),
                             scores={"Financiën": 2, "Huisvesting": 3}, actor=coordinator)
    services.add_measurement(case, person, instrument="zrm", measured_on=dt.date(2024, 6, 1),
                             scores={"Financiën": 4, "Huisvesting": 3}, actor=coordinator)
    check = services.ask_known_check(case, person, orgs["politie"], actor=coordinator)
    services.answer_known_check(check, known=True, actor=coordinator)
    services.enrich(case, person, source=orgs["politie"], category="strafrechtelijk", content="geheim",
                    legal_basis="WGS", purpose="verrijking", actor=coordinator)
    long_ago = timezone.now() - dt.timedelta(days=1000)
    case = walk(case, TO_EXECUTION, coordinator, at=long_ago)
    services.grant_participation(case, orgs["wij"], categories=["zorg"], legal_basis="WGS", purpose="p",
                                 actor=coordinator, valid_from=long_ago)
    walk(case, ["afgeschaald", "afgesloten"], coordinator, at=long_ago + dt.timedelta(days=10))
    recent = services.register_case(case.gemeente, case_type="top_x", reporter=orgs["politie"], actor=coordinator)
    outcomes = {o.category: o for o in retention.run()}
    assert outcomes["cases_closed"].count == 1 and outcomes["cases_closed"].days == 730
    anonymised = AuditEvent.objects.get(action="cases_anonymised")  # the audit table names this test
    assert anonymised.data["cases"] == 1 and anonymised.object_type == "cases.case"
    assert list(Case.objects.all()) == [recent]
    for model in (Person, Participation, Disclosure, Information, Measurement):
        assert not model.objects.exists(), model
    assert not KnownCheck.objects.filter(case__isnull=False).exists()
    residue = CaseResidue.objects.get()
    assert (residue.case_type, residue.domains_measured, residue.domains_improved) == ("complexe_casus", 2, 1)
    assert residue.days_to_plan == 0 and residue.closed_year == (long_ago + dt.timedelta(days=10)).year
    from veiligheidsbeeld.cases.indicators import indicators

    result = indicators(case.gemeente)
    assert sum(result.registered.values()) == 2 and sum(result.closed.values()) == 1
    assert result.share_improved == 0.5


def test_module_is_registered_with_nav_todos_retention_and_register(coordinator, case):
    from veiligheidsbeeld.core.modules import nav_items, registered, todos_for
    from veiligheidsbeeld.core.processing_register import load_register

    assert "cases" in [m.name for m in registered()]
    cases_nav = [i.url_name for i in nav_items(coordinator) if i.url_name.startswith("cases:")]
    assert cases_nav == ["cases:list", "cases:figures"]  # other modules may add their own entries
    assert any(case.reference in t.title for t in todos_for(coordinator))
    assert any(a.id == "casusregie" for a in load_register().activities)


def test_demo_builder(small_gemeente, orgs, make_account):
    from veiligheidsbeeld.cases.demo import build_demo_cases
    from veiligheidsbeeld.cases.permissions import visible_cases

    users = {"procesregisseur": make_account("procesregisseur", "zvh"), "wijkteam": make_account("ketenpartner", "wij"),
             "politie": make_account("ketenpartner", "politie")}
    organisations = {"zvh": orgs["zvh"], "politie": orgs["politie"], "wijkteam": orgs["wij"]}
    summary = build_demo_cases(small_gemeente, users, organisations)
    assert summary["cases"] == 6
    assert len({c.status for c in Case.objects.all()}) >= 5
    assert visible_cases(users["wijkteam"], Case.objects.all()).count() == 1
    assert not visible_cases(users["politie"], Case.objects.all()).exists()  # its participation ended
