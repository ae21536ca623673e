"""The cyber pages in the browser (issue 19): the CISO's register, incident with its clocks, monthly report, crisis
plan, exercise and campaigns with the demo records; the FG's view of breaches; axe-core (WCAG 2.1 AA) on each."""

import pytest

from veiligheidsbeeld.accounts.services import create_user
from veiligheidsbeeld.core.models import Organisation
from veiligheidsbeeld.cyber.demo import build
from veiligheidsbeeld.cyber.models import Exercise, Incident

from .conftest import log_in
from .test_pages import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def cyber_demo(small_gemeente):
    organisation = Organisation.objects.create(name="Gemeente Proefdorp", kind="gemeente")
    organisation.gemeenten.add(small_gemeente)
    users = {
        name: create_user(username=name, password="correct horse battery", role=role, organisation=organisation,
                          gemeenten=[small_gemeente])
        for name, role in (("ciso", "informatiebeveiliger"), ("fg", "fg"))
    }
    build(small_gemeente, users, {})
    return small_gemeente


def test_cyber_pages_are_accessible(page, live_server, cyber_demo, axe_source):
    log_in(page, live_server, "ciso")
    late = Incident.objects.get(title__startswith="E-mail met Wmo")
    pages = {
        "cyber-overview": "/cyber/",
        "cyber-incidents": "/cyber/incidenten/",
        "cyber-incident-breach": "/cyber/incidenten/{}/".format(late.pk),
        "cyber-incident-new": "/cyber/incidenten/nieuw/",
        "cyber-monthly": "/cyber/maandrapportage/?jaar={:%Y}&maand={:%m}".format(late.discovered_at,
                                                                                  late.discovered_at),
        "cyber-ensia": "/cyber/ensia/",
        "cyber-preparation": "/cyber/crisisplan/",
        "cyber-exercise": "/cyber/oefeningen/{}/".format(Exercise.objects.get().pk),
        "cyber-campaigns": "/cyber/bewustwording/",
    }
    for name, url in pages.items():
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        assert_accessible(page, axe_source, name)
    page.goto(live_server.url + "/cyber/incidenten/{}/".format(late.pk))
    assert "te laat" in page.inner_text("main")
    assert not page.errors, page.errors


def test_the_fg_sees_the_breaches(browser, live_server, cyber_demo, axe_source):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    page = context.new_page()
    log_in(page, live_server, "fg")
    page.goto(live_server.url + "/cyber/incidenten/")
    text = page.inner_text("main")
    assert "Wmo" in text and "laptop" in text and "Ransomware" not in text
    assert_accessible(page, axe_source, "cyber-incidents-fg")
    context.close()
