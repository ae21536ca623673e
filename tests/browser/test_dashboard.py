"""A user logs in and sees the map with its areas, switches theme, and opens an area profile from the map."""

import pytest

from .conftest import htmx_swap, log_in, screenshot

pytestmark = pytest.mark.browser


def map_fills(page):
    page.wait_for_selector(".vb-map path.leaflet-interactive")
    return page.eval_on_selector_all(".vb-map path.leaflet-interactive", "els => els.map(e => e.getAttribute('fill'))")


def test_login_map_theme_switch_and_profile(page, live_server, analyst, analysed):
    log_in(page, live_server)
    page.goto(live_server.url + "/?thema=woninginbraak&niveau=buurt&maat=count")
    fills = map_fills(page)
    assert len(fills) == 4  # one shape per buurt
    assert page.locator(".vb-legend").inner_text().strip()
    screenshot(page, "overview-woninginbraak-buurten")

    page.select_option("#f-thema", "geweld")  # choosing alone reloads nothing (WCAG 3.2.2, issue 21)
    assert "thema=woninginbraak" in page.url
    with htmx_swap(page):
        page.click("form.vb-filters button[type=submit]")
    page.wait_for_url("**thema=geweld**")
    assert map_fills(page) != fills  # the classes follow the theme
    assert page.locator(".vb-chart svg").count() == 1
    screenshot(page, "overview-geweld-buurten")

    page.locator(".vb-map path.leaflet-interactive").first.click()
    page.wait_for_url("**/gebieden/BU0999**")
    assert page.locator("h1").inner_text().startswith("Buurt")
    screenshot(page, "area-profile")
    assert not page.errors, page.errors


def test_wrong_password_is_refused(page, live_server, analyst):
    page.goto(live_server.url + "/inloggen/")
    page.fill("#id_username", "analist")
    page.fill("#id_password", "wrong password")
    page.click("button[type=submit]")
    assert page.locator("[role=alert]").count() == 1
    screenshot(page, "login-failed")
