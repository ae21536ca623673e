"""The wijkkaart in the browser (issue 20): the bestuur opens a wijk's page, axe-core (WCAG 2.1 AA) finds no
serious or critical violation, and the button makes and downloads the one-page PDF; screenshot in test-artifacts/."""

from __future__ import annotations

import pytest

from .conftest import log_in, screenshot, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def bestuur(small_gemeente, analysed):
    from veiligheidsbeeld.accounts.services import create_user
    from veiligheidsbeeld.core.models import Organisation
    from veiligheidsbeeld.frameworks.services import load_framework

    load_framework(gemeente=small_gemeente)
    organisation = Organisation.objects.create(name="Gemeente Proefdorp", kind="gemeente")
    organisation.gemeenten.add(small_gemeente)
    return create_user(username="burgemeester", password="correct horse battery", role="bestuur",
                       organisation=organisation, gemeenten=[small_gemeente])


def test_the_bestuur_opens_and_downloads_the_wijkkaart(page, live_server, bestuur, axe_source):
    log_in(page, live_server, "burgemeester")
    page.goto(live_server.url + "/rapportage/wijkkaart/WK099900/")
    assert page.locator("h1#wijkkaart-titel").inner_text().startswith("Wijkkaart")
    assert page.locator("#wk-prioriteiten").count() == 1
    screenshot(page, "wijkkaart-bestuur")
    assert not page.errors, page.errors
    violations = serious_violations(page, axe_source)
    assert not violations, violations
    with page.expect_download() as download:
        page.click("text=PDF maken en downloaden")
    assert download.value.suggested_filename.startswith("wijkkaart-WK099900")
