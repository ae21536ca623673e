"""The partner inbox of known-checks (issue 16): due in working days, answered only by the organisation asked,
yes/no plus a contact, audited, a 404 for other organisations, a to-do until answered; enrichment only after yes."""

from __future__ import annotations

import datetime as dt

import pytest

from veiligheidsbeeld.cases import services
from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.calendar import AMSTERDAM
from veiligheidsbeeld.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def at(*args):
    return dt.datetime(*args, tzinfo=AMSTERDAM)


@pytest.mark.parametrize("asked, due", [
    # asked                 due (2 working days, end of day)
    (at(2026, 12, 1, 9), at(2026, 12, 3, 23, 59)),    # Tuesday -> Thursday
    (at(2026, 12, 4, 16), at(2026, 12, 8, 23, 59)),   # Friday -> weekend skipped -> Tuesday
    (at(2026, 12, 24, 10), at(2026, 12, 29, 23, 59)),  # Thursday; Christmas, weekend -> Tuesday
    (at(2026, 12, 26, 10), at(2026, 12, 29, 23, 59)),  # asked on a holiday Saturday: Mon, Tue
])
def test_known_check_is_due_two_working_days_later(case, coordinator, orgs, asked, due):
    check = services.ask_known_check(case, case.persons.get(), orgs["wij"], actor=coordinator, at=asked)
    assert check.due_at == due


def test_due_time_is_configurable(case, coordinator, orgs, settings):
    settings.CASES_KNOWN_CHECK_DAYS = 5
    check = services.ask_known_check(case, case.persons.get(), orgs["wij"], actor=coordinator,
                                     at=at(2026, 12, 4, 16))
    assert check.due_at == at(2026, 12, 11, 23, 59)


def test_inbox_shows_the_question_only_to_the_organisation_asked(client, case, coordinator, partner, orgs,
                                                                  make_account):
    check = services.ask_known_check(case, case.persons.get(), orgs["wij"], actor=coordinator)
    police = make_account("ketenpartner", "politie")
    client.force_login(police)
    page = client.get("/casussen/bekendheidsvragen/")
    assert page.status_code == 200 and b"Jan Fictief" not in page.content
    # another organisation answering by id: 404, and nothing changes
    response = client.post("/casussen/bekendheidsvragen/", {"check": check.pk, "known": "1"})
    assert response.status_code == 404
    check.refresh_from_db()
    assert check.answered_at is None
    with pytest.raises(services.Refused):
        services.answer_known_check(check, known=True, actor=police)

    client.force_login(partner)
    reads = AuditEvent.objects.filter(action=audit.PERSON_READ).count()
    page = client.get("/casussen/bekendheidsvragen/")
    assert b"Jan Fictief" in page.content and b"999990019" in page.content  # to look the person up
    assert AuditEvent.objects.filter(action=audit.PERSON_READ).count() == reads + 1  # the read is audited
    assert case.reference.encode() not in page.content and b"Zorgen" not in page.content  # no case content


def test_partner_answers_yes_then_enrichment_is_possible(client, case, coordinator, partner, orgs):
    person = case.persons.get()
    check = services.ask_known_check(case, person, orgs["wij"], actor=coordinator)
    with pytest.raises(services.Refused):
        services.enrich(case, person, source=orgs["wij"], category="zorg", content="x", legal_basis="WGS",
                        purpose="verrijking", actor=coordinator)
    client.force_login(partner)
    response = client.post("/casussen/bekendheidsvragen/", {"check": check.pk, "known": "1",
                                                            "contact": orgs["wij"].pk})
    assert response.status_code == 302
    check.refresh_from_db()
    assert (check.known, check.contact, check.answered_by) == (True, orgs["wij"], partner)
    event = AuditEvent.objects.filter(action="known_check_answered").latest("id")
    assert event.data["known"] is True and event.data["contact"] == orgs["wij"].name
    assert set(event.data) >= {"known", "contact", "person"} and "999990019" not in str(event.data)
    services.enrich(case, person, source=orgs["wij"], category="zorg", content="Bekend bij het wijkteam (fictief).",
                    legal_basis="WGS", purpose="verrijking", actor=coordinator)
    # answered once only
    assert client.post("/casussen/bekendheidsvragen/", {"check": check.pk, "known": "0"}).status_code == 404


def test_a_no_keeps_enrichment_closed(client, case, coordinator, partner, orgs):
    person = case.persons.get()
    check = services.ask_known_check(case, person, orgs["wij"], actor=coordinator)
    client.force_login(partner)
    client.post("/casussen/bekendheidsvragen/", {"check": check.pk, "known": "0", "contact": orgs["wij"].pk})
    check.refresh_from_db()
    assert (check.known, check.contact) == (False, None)  # no contact without "known"
    with pytest.raises(services.Refused):
        services.enrich(case, person, source=orgs["wij"], category="zorg", content="x", legal_basis="WGS",
                        purpose="verrijking", actor=coordinator)


def test_open_question_is_a_partner_todo_until_answered(case, coordinator, partner, orgs):
    from veiligheidsbeeld.core.modules import todos_for

    past = dt.datetime.now(tz=AMSTERDAM) - dt.timedelta(days=10)
    check = services.ask_known_check(case, case.persons.get(), orgs["wij"], actor=coordinator, at=past)
    items = [t for t in todos_for(partner) if t.url == "/casussen/bekendheidsvragen/"]
    assert len(items) == 1 and items[0].overdue and items[0].due == check.due_at
    services.answer_known_check(check, known=False, actor=partner)
    assert not [t for t in todos_for(partner) if t.url == "/casussen/bekendheidsvragen/"]


def test_an_overdue_answer_is_a_todo_of_the_procesregisseur(case, coordinator, partner, orgs):
    from veiligheidsbeeld.core.modules import todos_for

    def chase():
        return [t for t in todos_for(coordinator) if "not answered" in t.title or "niet beantwoord" in t.title]

    check = services.ask_known_check(case, case.persons.get(), orgs["wij"], actor=coordinator)
    assert not chase()  # not yet due
    check.due_at = dt.datetime.now(tz=AMSTERDAM) - dt.timedelta(hours=1)
    check.save(update_fields=["due_at"])
    (item,) = chase()
    assert item.overdue and item.due == check.due_at and case.reference in item.title
    services.answer_known_check(check, known=False, actor=partner)
    assert not chase()


def test_closed_case_leaves_the_inbox(client, case, coordinator, partner, orgs):
    services.ask_known_check(case, case.persons.get(), orgs["wij"], actor=coordinator)
    services.change_status(case, "triage", actor=coordinator)
    case = services.change_status(case, "afgesloten", actor=coordinator)
    client.force_login(partner)
    assert b"Jan Fictief" not in client.get("/casussen/bekendheidsvragen/").content
    with pytest.raises(services.Refused):
        services.ask_known_check(case, case.persons.get(), orgs["wij"], actor=coordinator)


@pytest.mark.parametrize("role", ["procesregisseur", "bestuur", "analist", "fg"])
def test_only_partners_have_an_inbox(client, make_account, role, small_gemeente):
    client.force_login(make_account(role))
    assert client.get("/casussen/bekendheidsvragen/").status_code == 403


def test_an_answer_must_be_chosen_explicitly(client, case, coordinator, partner, orgs):
    """The inbox offers no default answer: a form sent without choosing stores nothing."""
    check = services.ask_known_check(case, case.persons.get(), orgs["wij"], actor=coordinator)
    client.force_login(partner)
    page = client.get("/casussen/bekendheidsvragen/").content.decode()
    assert '<option value="" selected>' in page and 'value="0" selected' not in page
    client.post("/casussen/bekendheidsvragen/", {"check": check.pk, "known": ""})
    check.refresh_from_db()
    assert check.answered_at is None and check.known is None
