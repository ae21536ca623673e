"""The rules of the casusregie services (issue 16, "Done when")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from veiligheidsbeeld.cases import services
from veiligheidsbeeld.cases.models import Case, Disclosure, Participation, Person
from veiligheidsbeeld.cases.workflow import InvalidTransition
from veiligheidsbeeld.core.models import AuditEvent

from .conftest import BSN, OTHER_BSN, TO_EXECUTION, walk

pytestmark = pytest.mark.django_db


def test_identifying_fields_are_encrypted_at_rest(case):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn, name, birth_date, pseudonym FROM cases_person")
        bsn, name, born, pseudonym = cursor.fetchone()
    assert bsn.startswith("enc1:") and name.startswith("enc1:") and born.startswith("enc1:")
    assert BSN not in bsn and "Fictief" not in name
    assert pseudonym.startswith("p_") and BSN not in pseudonym
    assert Person.objects.get().bsn == BSN


def test_bsn_must_pass_the_eleven_test(case, coordinator):
    with pytest.raises(ValidationError, match="elfproef"):
        services.add_person(case, bsn="123456789", name="X", role="systeemlid", informed=True, actor=coordinator)


def test_not_informed_needs_a_reason(case, coordinator):
    with pytest.raises(ValidationError):
        services.add_person(case, bsn=OTHER_BSN, name="Y", role="systeemlid", informed=False, actor=coordinator)
    person = services.add_person(case, bsn=OTHER_BSN, name="Y", role="systeemlid", informed=False,
                                 not_informed_reason="veiligheid", actor=coordinator)
    assert person.not_informed_reason == "veiligheid"


def test_workflow_follows_the_transition_table(case, coordinator):
    with pytest.raises(InvalidTransition, match="allowed: triage"):
        services.change_status(case, "uitvoering", actor=coordinator)
    case = walk(case, TO_EXECUTION, coordinator)
    assert case.status == "uitvoering" and case.plan_adopted_at is not None
    assert [h.new_status for h in case.history.all()] == ["aangemeld", *TO_EXECUTION]
    case = walk(case, ["afgeschaald", "afgesloten"], coordinator)
    assert case.closed_at is not None
    with pytest.raises(InvalidTransition, match="final"):
        services.change_status(case, "uitvoering", actor=coordinator)


def test_participation_expires_at_afschaling_time_travel(case, coordinator, orgs, partner):
    """Issue 16 "Done when": a Deelname expires at afschaling. Time travel: the case is scaled down at t1; at t0
    the participation was active, from t1 on it is not, and the partner loses the case."""
    from veiligheidsbeeld.cases.permissions import visible_cases

    t0 = timezone.now() - dt.timedelta(days=60)
    t1 = timezone.now() - dt.timedelta(days=10)
    case = walk(case, TO_EXECUTION, coordinator, at=t0)
    participation = services.grant_participation(case, orgs["wij"], categories=["gewoon", "zorg"],
                                                 legal_basis="WGS art. 2.7", purpose="plan", actor=coordinator,
                                                 valid_from=t0)
    assert participation.is_active(t0 + dt.timedelta(days=1))
    assert list(visible_cases(partner, Case.objects.all())) == [case]
    assert partner.has_perm("cases.view_case", case)
    services.change_status(case, "afgeschaald", actor=coordinator, at=t1)
    participation.refresh_from_db()
    assert participation.ended_at == t1
    assert participation.is_active(t1 - dt.timedelta(seconds=1)) is False  # ended (not only future-dated)
    assert not Participation.objects.active(t1 + dt.timedelta(seconds=1)).exists()
    assert not partner.has_perm("cases.view_case", case)
    assert not visible_cases(partner, Case.objects.all()).exists()


def test_participation_ends_by_itself_at_valid_until(case, coordinator, orgs, partner):
    from veiligheidsbeeld.cases.permissions import visible_cases

    now = timezone.now()
    services.grant_participation(case, orgs["wij"], categories=["gewoon"], legal_basis="WGS", purpose="p",
                                 actor=coordinator, valid_from=now - dt.timedelta(days=5),
                                 valid_until=now + dt.timedelta(days=5))
    assert visible_cases(partner, Case.objects.all()).exists()
    assert not visible_cases(partner, Case.objects.all(), now=now + dt.timedelta(days=6)).exists()


def test_enrichment_before_a_positive_known_check_is_refused(case, coordinator, orgs):
    person = case.persons.get()
    kwargs = dict(source=orgs["politie"], category="strafrechtelijk", content="drie registraties",
                  legal_basis="WGS art. 2.7", purpose="verrijking", actor=coordinator)
    with pytest.raises(services.Refused, match="positieve bekendheidsvraag"):
        services.enrich(case, person, **kwargs)
    check = services.ask_known_check(case, person, orgs["politie"], actor=coordinator)
    with pytest.raises(services.Refused):  # asked, not answered
        services.enrich(case, person, **kwargs)
    services.answer_known_check(check, known=False, actor=coordinator)
    with pytest.raises(services.Refused):  # answered "not known"
        services.enrich(case, person, **kwargs)
    other = services.ask_known_check(case, person, orgs["wij"], actor=coordinator)
    services.answer_known_check(other, known=True, actor=coordinator)
    with pytest.raises(services.Refused):  # positive, but of another organisation
        services.enrich(case, person, **kwargs)
    # only the known-checks' own disclosures (the identifying data shown to each partner asked), never content
    assert sorted(Disclosure.objects.values_list("category", "to_organisation__name", "purpose")) == sorted(
        ("gewoon", org.name, "bekendheidscheck: bekend ja/nee en contactorganisatie")
        for org in (orgs["politie"], orgs["wij"]))
    positive = services.ask_known_check(case, person, orgs["politie"], actor=coordinator)
    services.answer_known_check(positive, known=True, actor=coordinator)
    info = services.enrich(case, person, **kwargs)
    assert info.disclosure.from_organisation == orgs["politie"] and info.disclosure.to_organisation == orgs["zvh"]
    assert info.disclosure.pseudonym == person.pseudonym


@pytest.mark.parametrize("basis, purpose", [("", "doel"), ("   ", "doel"), ("WGS", "")])
def test_a_disclosure_without_legal_basis_is_refused(case, coordinator, orgs, basis, purpose):
    events = AuditEvent.objects.count()
    with pytest.raises(services.Refused):
        services.record_disclosure(gemeente=case.gemeente, case=case, pseudonym_=case.persons.get().pseudonym,
                                   from_organisation=orgs["zvh"], to_organisation=orgs["wij"], category="gewoon",
                                   legal_basis=basis, purpose=purpose, actor=coordinator)
    with pytest.raises(services.Refused):
        services.grant_participation(case, orgs["wij"], categories=["gewoon"], legal_basis=basis, purpose=purpose,
                                     actor=coordinator)
    assert not Disclosure.objects.exists() and not Participation.objects.exists()
    assert AuditEvent.objects.count() == events


def test_the_database_refuses_a_disclosure_without_legal_basis_too(case, orgs):
    with pytest.raises(IntegrityError), transaction.atomic():
        Disclosure.objects.create(gemeente=case.gemeente, case=case, pseudonym="p_x", from_organisation=orgs["zvh"],
                                  to_organisation=orgs["wij"], category="gewoon", legal_basis="", purpose="doel")


def test_a_participation_discloses_every_person_per_category(case, coordinator, orgs):
    services.add_person(case, bsn=OTHER_BSN, name="Y", role="systeemlid", informed=True, actor=coordinator)
    services.grant_participation(case, orgs["wij"], categories=["gewoon", "zorg"], legal_basis="WGS art. 2.7",
                                 purpose="plan", actor=coordinator)
    assert Disclosure.objects.filter(to_organisation=orgs["wij"]).count() == 4


def test_ad_hoc_participant_needs_a_signed_declaration(case, coordinator, orgs):
    with pytest.raises(services.Refused, match="geheimhoudingsverklaring"):
        services.record_meeting(case, kind="ico", held_on=dt.date(2026, 12, 1), participants=[orgs["wij"]],
                                ad_hoc=[("M. Fictief", "Corporatie", None)], actor=coordinator)
    meeting = services.record_meeting(case, kind="ico", held_on=dt.date(2026, 12, 1), participants=[orgs["wij"]],
                                      ad_hoc=[("M. Fictief", "Corporatie", timezone.now())], actor=coordinator)
    assert meeting.ad_hoc_participants.get().declaration_signed_at is not None


def test_measurements_store_domain_names_and_scores_only(case, coordinator):
    person = case.persons.get()
    with pytest.raises(ValidationError):
        services.add_measurement(case, person, instrument="zrm", measured_on=dt.date(2026, 1, 1),
                                 scores={"Financiën": 6}, actor=coordinator)
    with pytest.raises(ValidationError):
        services.add_measurement(case, person, instrument="zrm", measured_on=dt.date(2026, 1, 1),
                                 scores={"Dagbesteding": 3}, actor=coordinator)  # a PGA domain, not ZRM
    m = services.add_measurement(case, person, instrument="pga", measured_on=dt.date(2026, 1, 1),
                                 scores={"Dagbesteding": 3}, actor=coordinator)
    assert m.scores == {"Dagbesteding": 3}


def test_every_write_is_audited(case, coordinator, orgs):
    before = AuditEvent.objects.count()
    services.change_status(case, "triage", actor=coordinator)
    services.set_escalation(case, "tactisch", actor=coordinator, note="geen voortgang")
    services.add_intervention(case, domain="Financiën", goal="schuldhulp", kind="zorg", owner=orgs["wij"],
                              due=dt.date(2027, 1, 1), actor=coordinator)
    actions = list(AuditEvent.objects.order_by("id")[before:].values_list("action", flat=True))
    assert actions == ["case_status_changed", "case_escalated", "intervention_added"]


def test_triage_deadline_follows_the_weekly_rhythm():
    from veiligheidsbeeld.cases.module import triage_deadline
    from veiligheidsbeeld.core.calendar import AMSTERDAM

    monday_morning = dt.datetime(2026, 12, 7, 11, 59, tzinfo=AMSTERDAM)
    monday_afternoon = dt.datetime(2026, 12, 7, 12, 1, tzinfo=AMSTERDAM)
    assert triage_deadline(monday_morning).date() == dt.date(2026, 12, 8)
    assert triage_deadline(monday_afternoon).date() == dt.date(2026, 12, 15)
    # Christmas: registered Monday 21 Dec 2026 morning -> Tuesday 22 Dec; a week later the Tuesday is 29 Dec
    assert triage_deadline(dt.datetime(2026, 12, 24, 9, tzinfo=AMSTERDAM)).date() == dt.date(2026, 12, 29)
