"""Public order in the browser (issue 17): the bestuur's week page and every public-order page of the demo week,
screenshots in test-artifacts/ and axe-core (WCAG 2.1 AA) with no serious or critical violations."""

from __future__ import annotations

import pytest

from .conftest import log_in, screenshot, serious_violations

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


@pytest.fixture
def demo_week(small_gemeente):
    from veiligheidsbeeld.accounts.services import create_user
    from veiligheidsbeeld.core.models import Organisation
    from veiligheidsbeeld.publicorder.demo import build_demo

    organisations = {}
    for key, kind in (("gemeente", "gemeente"), ("politie", "politie"), ("zvh", "zvh")):
        organisations[key] = Organisation.objects.create(name="{} Proefdorp".format(key), kind=kind)
        organisations[key].gemeenten.add(small_gemeente)
    users = {
        username: create_user(username=username, password=PASSWORD, role=role, organisation=organisations[org],
                              gemeenten=[small_gemeente])
        for username, role, org in (("burgemeester", "bestuur", "gemeente"),
                                    ("beleidsadviseur", "beleidsadviseur", "gemeente"),
                                    ("procesregisseur", "procesregisseur", "zvh"))
    }
    build_demo(small_gemeente, users, organisations)
    return users


def _check(page, name, axe_source):
    screenshot(page, name)
    assert not page.errors, page.errors
    violations = serious_violations(page, axe_source)
    assert not violations, "{}: {}".format(name, violations)


def test_the_bestuur_week_and_every_page(page, live_server, demo_week, axe_source):
    from veiligheidsbeeld.publicorder.models import Demonstration, Event, Operation, YouthGroup

    log_in(page, live_server, "burgemeester")
    page.click("a.vb-nav__link[href^=\"/openbare-orde/\"]")
    page.wait_for_url("**/openbare-orde/**")
    assert page.locator("text=Festival Verzonnen Klanken").count() >= 1
    _check(page, "publicorder-week-bestuur", axe_source)
    demo = Demonstration.objects.order_by("starts_at").first()
    event = Event.objects.filter(risk_class="C").first()
    group = YouthGroup.objects.get(step="6")
    for name, path in (
        ("calendar", "kalender/"), ("demonstrations", "kennisgevingen/"), ("demonstration", f"kennisgevingen/{demo.pk}/"),
        ("events", "evenementen/"), ("event-c", f"evenementen/{event.pk}/"), ("cameras", "cameratoezicht/"),
        ("signals", "spanningen/"), ("youth-groups", "jeugdgroepen/"), ("youth-group", f"jeugdgroepen/{group.pk}/"),
        ("indicators", "indicatoren/"), ("operations", "operaties/"),
        ("operation", "operaties/{}/".format(Operation.objects.get().pk)),
    ):
        page.goto(live_server.url + "/openbare-orde/" + path)
        _check(page, "publicorder-" + name, axe_source)
    page.goto(live_server.url + "/openbare-orde/kaart/")
    page.wait_for_function("() => document.querySelectorAll('#po-list li').length > 0")
    page.wait_for_selector("#po-kaart path.leaflet-interactive")
    _check(page, "publicorder-map", axe_source)


def test_the_procesregisseur_reads_the_name_list(page, live_server, demo_week, axe_source):
    from veiligheidsbeeld.core.models import AuditEvent
    from veiligheidsbeeld.publicorder.models import YouthGroup

    group = YouthGroup.objects.get(step="6")
    log_in(page, live_server, "procesregisseur")
    page.goto(live_server.url + "/openbare-orde/jeugdgroepen/{}/namenlijst/".format(group.pk))
    _check(page, "publicorder-name-list-purpose", axe_source)
    page.fill("#id_purpose", "voorbereiding jeugdoverleg")
    page.click("form:has(input[value=read]) button[type=submit]")
    page.wait_for_selector("text=Fictief Persoon Een")
    _check(page, "publicorder-name-list", axe_source)
    assert AuditEvent.objects.filter(action="person_data_viewed", purpose="voorbereiding jeugdoverleg").exists()
