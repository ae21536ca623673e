"""Issue 17 item 8: the Gemonitord page for bestuur, at 1440 and 390 px, with axe; screenshots to look at."""

import pytest

from veiligheidsbeeld.dashboard.tests.test_monitored import _user, monitored  # noqa: F401 (fixture)

from .conftest import log_in, screenshot, serious_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1440, 390])
def test_monitored_page_for_bestuur(page, live_server, small_gemeente, monitored, axe_source, width):  # noqa: F811
    _user(small_gemeente, "bestuur")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, username="bestuur")
    page.goto(live_server.url + "/gemonitord/?periode=2024-12")
    assert page.locator("h1").inner_text() == "Gemonitord"
    assert page.locator("tr[data-topic=coffeeshops] td").first.inner_text() == "x"
    row = page.locator("#wijken-horeca + details tr[data-area=WK099900]")
    assert not row.is_visible()
    page.locator("#wijken-horeca + details summary").click()
    assert row.is_visible()
    cell = row.locator("td").first.inner_text()  # 96, or x where it would give the coffeeshops' 2 away
    assert cell == "x" or int(cell) >= 5
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), "scrolls sideways"
    screenshot(page, "monitored-bestuur-{}".format(width))
    assert not serious_violations(page, axe_source)
    assert not page.errors, page.errors
