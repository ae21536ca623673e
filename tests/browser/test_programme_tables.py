"""The programme pages in the browser (issue #21 item 8) at 1440 and 390 px: the example programme's tables with
every framework year, euros, over-spending, a chart and the balance per priority, and the cost estimate opened
from the menu. axe on each page, no sideways scrolling of the page on 390 px; screenshots to look at."""

import pytest

from .conftest import log_in, screenshot, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def example_programme(small_gemeente):
    from veiligheidsbeeld.accounts.services import create_user
    from veiligheidsbeeld.core.models import Organisation
    from veiligheidsbeeld.frameworks.services import load_framework
    from veiligheidsbeeld.programmes.example import load_example_programme

    framework = load_framework(gemeente=small_gemeente)[0]
    programme, _notes = load_example_programme(small_gemeente, framework)
    org = Organisation.objects.create(name="Gemeente Proefdorp", kind="gemeente")
    create_user(username="beleidsadviseur", password="correct horse battery", role="beleidsadviseur",
                organisation=org, gemeenten=[small_gemeente])
    return programme


@pytest.mark.parametrize("width", [1440, 390])
def test_programme_tables_at_desktop_and_phone_width(browser, live_server, example_programme, axe_source, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        log_in(page, live_server, "beleidsadviseur")
        page.goto(live_server.url + "/programma/")
        page.wait_for_load_state("networkidle")
        section = page.locator("section[aria-labelledby=prio-ondermijning]")
        assert section.locator("svg").count() == 2 and section.locator("[role=figure]").count() == 2
        assert "2024" in section.locator("table", has_text="bedragen in euro").inner_text()
        assert "€" in section.inner_text() and "Balans tussen preventie, zorg en repressie" in section.inner_text()
        screenshot(page, "programme-{}".format(width))
        assert not serious_violations(page, axe_source)
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
        page.goto(live_server.url + "/programma/begroting/")
        page.wait_for_load_state("networkidle")
        assert "overschreden" in page.content()
        screenshot(page, "programme-budgets-{}".format(width))
        assert not serious_violations(page, axe_source)
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
        page.click("a:has-text('Kostenraming')")  # from the programme menu
        page.wait_for_load_state("networkidle")
        assert page.locator("table", has_text="€").count() == 1 and page.locator(".errorlist").count() == 0
        screenshot(page, "programme-estimate-{}".format(width))
        assert not serious_violations(page, axe_source)
        assert not errors, errors
    finally:
        context.close()
