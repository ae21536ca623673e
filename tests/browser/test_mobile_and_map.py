"""Issue 21, items 6 and 7 in the browser: no main page of the analyst scrolls sideways at 390 px (wide tables
scroll inside their own region, with a visible hint), filters wait for their button, the skip link reaches the
map, area names appear on the map when there is room, and the search box finds an area by name or code and shows
it on the map; axe-core (WCAG 2.1 AA) on the pages looked at."""

import pytest

from .conftest import log_in, screenshot, serious_violations
from .test_pages import alert  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def drawn(page):
    """Wait until the page's map shapes and charts are drawn (they can widen a page while they load)."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.vb-chart')].every(c => c.querySelector('svg, .vb-chart__message'))"
        " && [...document.querySelectorAll('.vb-map[data-geojson-url]')].every("
        "m => m.querySelector('path.leaflet-interactive, .vb-map__message'))"
    )


def test_no_main_page_scrolls_sideways_on_a_phone(browser, live_server, analyst, alert, axe_source):  # noqa: F811
    context = browser.new_context(viewport=PHONE, locale="nl-NL", has_touch=True, is_mobile=True)
    page = context.new_page()
    log_in(page, live_server)
    pages = {
        "overview": "/?thema=woninginbraak",
        "overview-buurten": "/?thema=woninginbraak&niveau=buurt",
        "priority": "/prioriteit/hic/?thema=woninginbraak",
        "area-profile": "/gebieden/WK099901/",
        "alerts": "/signalen/",
        "alert": "/signalen/{}/".format(alert.pk),
        "runs": "/analyses/",
        "registrations": "/registraties/",
        "import": "/registraties/import/",
        "reports": "/rapportage/",
        "programme": "/programma/",
        "area-search": "/kaart/GM0999/zoeken/?q=Buurt",
    }
    wide, hinted = [], 0
    for name, url in pages.items():
        page.goto(live_server.url + url)
        drawn(page)
        scroll_width, inner_width = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
        screenshot(page, "390-" + name)
        if scroll_width > inner_width:
            wide.append("{} ({}): {} px wide".format(name, url, scroll_width))
        # A table wider than the phone scrolls in its own focusable region, announced by a visible hint.
        for region in page.locator(".vb-table-wrapper--scrolls").all():
            hinted += 1
            assert region.get_attribute("tabindex") == "0" and region.get_attribute("aria-label")
            hint = page.locator(".vb-table-hint").first
            assert hint.is_visible() and "opzij" in hint.inner_text()
        violations = serious_violations(page, axe_source)
        assert not violations, "{}: {}".format(name, violations)
    assert not wide, wide
    assert hinted, "no wide table at 390 px: the hint is not tested"
    assert not page.errors if hasattr(page, "errors") else True
    context.close()


def test_filters_wait_for_their_button(page, live_server, analyst, analysed):
    log_in(page, live_server)
    page.goto(live_server.url + "/signalen/")
    page.focus("#a-ernst")
    for _ in range(2):
        page.keyboard.press("ArrowDown")
    assert page.url.endswith("/signalen/")  # no request on an arrow key
    page.click("form.vb-filters button[type=submit]")
    page.wait_for_url("**ernst=alert**")


def test_charts_have_their_figures_as_a_table(page, live_server, analyst, analysed, axe_source):
    log_in(page, live_server)
    page.goto(live_server.url + "/?thema=woninginbraak")
    drawn(page)
    details = page.locator("details.vb-chart__data")
    assert details.count() == page.locator(".vb-chart").count() == 1
    details.locator("summary").click()
    table = details.locator("table")
    headers = table.locator("thead th").all_inner_texts()
    assert headers[:3] == ["Maand", "Registraties per maand", "Gemiddelde"], headers
    rows = table.locator("tbody tr")
    assert rows.count() == 24  # every month of the run, January 2023 to December 2024
    assert rows.first.locator("th").inner_text() == "januari 2023"
    # the same figures as the chart: Buurt 00 + Buurt 10 had 1 + 5 woninginbraken in January 2023 (conftest)
    assert rows.first.locator("td").first.inner_text() == "6"
    violations = serious_violations(page, axe_source)
    assert not violations, violations


def test_the_skip_link_reaches_the_map(page, live_server, analyst, analysed):
    log_in(page, live_server)
    page.goto(live_server.url + "/?thema=woninginbraak")
    drawn(page)
    page.keyboard.press("Tab")  # "Naar de inhoud"
    page.keyboard.press("Tab")
    link = page.locator(".vb-skip-link[href='#kaart']")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#kaart" and link.is_visible()
    assert link.inner_text() == "Naar de kaart"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "kaart"
    page.keyboard.press("Tab")  # the next stop is an area on the map
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "link"
    assert not page.errors, page.errors


def test_labels_and_search_on_the_map(page, live_server, analyst, analysed, axe_source):
    log_in(page, live_server)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_server.url + "/?thema=woninginbraak&niveau=buurt")
    drawn(page)
    labels = page.locator(".vb-map__label-anchor--shown .vb-map__label")
    assert sorted(labels.all_inner_texts()) == ["Buurt 00", "Buurt 01", "Buurt 10", "Buurt 11"]
    assert page.locator(".vb-map__label-anchor").first.get_attribute("aria-hidden") == "true"
    screenshot(page, "1440-map-labels")

    page.fill("#kaart-zoek", "buurt 1")
    page.click(".vb-map-search button[type=submit]")
    results = page.locator("#kaart-zoek-resultaat")
    results.locator("li").first.wait_for()
    assert "2 gebieden gevonden" in results.inner_text()
    zoom_before = page.evaluate("() => document.querySelector('#kaart .leaflet-proxy').style.transform")
    results.get_by_role("button", name="Toon op de kaart: Buurt 11").click()
    focused = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert focused.startswith("Buurt 11")
    page.wait_for_function(
        "before => document.querySelector('#kaart .leaflet-proxy').style.transform !== before", arg=zoom_before)
    assert page.locator("#kaart path.vb-map__found").count() == 1
    screenshot(page, "1440-map-search")
    violations = serious_violations(page, axe_source)
    assert not violations, violations

    page.fill("#kaart-zoek", "WK099900")  # a wijk while the map shows buurten: a link to the wijk map
    page.click(".vb-map-search button[type=submit]")
    page.get_by_role("link", name="Toon de wijken op de kaart").click()
    page.wait_for_url("**niveau=wijk**#gebied-WK099900")
    drawn(page)
    page.wait_for_selector("#kaart path.vb-map__found")
    assert not page.errors, page.errors
