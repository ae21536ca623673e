"""Issue 20 in the browser: an analyst drills down into an alert and asks the politie to act; the politie's
ketenpartner takes it up with a note. Both pages pass axe (WCAG 2.1 AA) and are screenshotted."""

import datetime as dt

import pytest

from .conftest import log_in
from .test_pages import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def wijk_alert(analysed):
    from veiligheidsbeeld.analyses.models import Alert
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.frameworks.models import Theme

    return Alert.objects.create(
        gemeente=analysed.gemeente, run=analysed, area=Area.objects.get(code="WK099901", year=analysed.area_year),
        theme=Theme.objects.get(code="woninginbraak"), month=dt.date(2024, 12, 1), observed=5, expected=2.0,
        lower=0, upper=4, probability=0.001, q_value=0.02, p_month=0.001, p_trend=0.4, severity="alert",
        explanation="Woninginbraak in Wijk 1: 5 registraties in december 2024, verwacht 2 (0-4); hoger dan verwacht.",
    )


@pytest.fixture
def agent(small_gemeente):
    from veiligheidsbeeld.accounts.services import create_user
    from veiligheidsbeeld.core.models import Organisation

    politie = Organisation.objects.create(name="Politie Proefdorp", kind="politie")
    politie.gemeenten.add(small_gemeente)
    return create_user(username="agent", password="correct horse battery", role="ketenpartner",
                       organisation=politie, gemeenten=[small_gemeente])


def test_drill_down_then_the_partner_takes_the_alert_up(page, browser, live_server, analyst, agent, wijk_alert,
                                                        axe_source):
    url = "{}/signalen/{}/".format(live_server.url, wijk_alert.pk)
    log_in(page, live_server)
    page.goto(url)
    buurten = page.locator("#drill-buurten tbody tr")
    assert buurten.count() == 3  # Buurt 10, Buurt 11 and the wijk total
    assert "Buurt 10" in buurten.first.inner_text() and "5" in buurten.first.inner_text()
    assert page.locator("#drill-months tbody tr").count() == 7  # June up to December 2024 (the run ends there)
    assert page.locator("#drill-registrations tbody tr").count() >= 1
    assert_accessible(page, axe_source, "alert-drilldown-analist")

    page.select_option("#f-organisation", label="Politie Proefdorp")
    page.fill("#f-due", "2025-01-31")
    page.fill("#f-note", "Graag extra surveillance")
    page.click("form[action$='/opvolging/'] button[type=submit]")
    page.wait_for_selector("#alert-organisation:has-text('Politie Proefdorp')")
    assert "31 januari 2025" in page.locator("#alert-due").inner_text()

    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    partner = context.new_page()
    partner.errors = []
    partner.on("pageerror", lambda error: partner.errors.append(str(error)))
    try:
        log_in(partner, live_server, "agent")
        partner.goto(url)
        assert partner.locator("#drill-registrations").count() == 0  # registrations: analysts only
        assert partner.locator("#f-organisation").count() == 0  # the follow-up is the analyst's
        assert partner.locator("#s-status option").all_inner_texts() == ["Opgepakt"]
        partner.fill("#s-note", "Twee extra rondes per nacht")
        partner.click("form[action$='/status/'] button[type=submit]")
        partner.wait_for_selector("#alert-status:has-text('opgepakt')")
        history = partner.locator(".vb-history").inner_text()
        assert "agent (Politie Proefdorp)" in history and "Twee extra rondes per nacht" in history
        assert partner.locator("#s-status option").all_inner_texts() == ["Afgerond"]
        assert_accessible(partner, axe_source, "alert-follow-up-ketenpartner")
        assert not partner.errors, partner.errors
    finally:
        context.close()
    assert not page.errors, page.errors
