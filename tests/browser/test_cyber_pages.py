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


def test_the_cbs_statistics_on_the_overview(browser, live_server, cyber_demo, axe_source):
    """Issue 19 item 7: online victimisation against Nederland and by age band, and the suspects' age profile,
    from the fixtures in the exact CBS shapes, as the bestuur sees them (small counts protected)."""
    from io import StringIO
    from pathlib import Path

    from django.core.management import call_command

    fixtures = Path(__file__).resolve().parents[2] / "src/veiligheidsbeeld/registrations/tests/fixtures"
    for kind, name in (("statline-survey", "85472NED_slachtofferschap_online_regio.csv"),
                       ("statline-survey", "85846NED_slachtofferschap_online_persoonskenmerken.csv"),
                       ("suspects", "85655NED_verdachten_leeftijd_woongemeente.csv"),
                       ("suspects", "politie_verdachten_delict_leeftijd_proefdorp.csv")):
        call_command("import", kind, str(fixtures / name), "--gemeente", "GM0999", stdout=StringIO())
    organisation = Organisation.objects.get(name="Gemeente Proefdorp")
    create_user(username="burgemeester", password="correct horse battery", role="bestuur",
                organisation=organisation, gemeenten=[cyber_demo])
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    page = context.new_page()
    log_in(page, live_server, "burgemeester")
    page.goto(live_server.url + "/cyber/")
    text = page.inner_text("#victimisation-nederland")
    assert "hoger dan Nederland" in text and "19,1 % (17,5 – 20,8)" in text
    assert "15 tot 25 jaar" in page.inner_text("#victimisation-ages")
    profile = page.inner_text("#offender-ages")
    assert "Overval" in profile and "12–17: 13%" in profile
    page.locator("#offender-ages").scroll_into_view_if_needed()
    assert_accessible(page, axe_source, "cyber-statistics")
    context.close()
