"""The public veiligheidsbeeld in the browser (issue 20, item 5): without log-in, the overview and a wijk page,
axe-core (WCAG 2.1 AA) on each; from the log-in page by its link."""

import pytest

from .test_pages import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def published(analysed):
    from veiligheidsbeeld.frameworks.services import load_framework
    from veiligheidsbeeld.public.services import set_public

    load_framework(gemeente=analysed.gemeente)
    set_public(analysed.gemeente, True)
    return analysed


def test_public_pages_are_accessible_without_log_in(page, live_server, published, axe_source):
    page.goto(live_server.url + "/inloggen/")
    page.click("text=Openbaar veiligheidsbeeld van Proefdorp")
    page.wait_for_url("**/openbaar/GM0999/")
    assert_accessible(page, axe_source, "public-overview")
    main = page.inner_text("main")
    assert "Veiligheidsbeeld van Proefdorp" in main and "Open data" in main
    page.click("main >> text=Wijk 0")
    page.wait_for_url("**/openbaar/GM0999/wijk/WK099900/")
    assert_accessible(page, axe_source, "public-wijk")
    assert "Registraties per thema in Wijk 0" in page.inner_text("main")
    assert not page.errors, page.errors
