"""Issues 16-19 in the browser: the priority page's section "Uit de modules" (a bestuur without small-count
rights: small figures hidden) and the same figures in the report's priority chapter; axe-core on both."""

import pytest

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.services import create_user
from veiligheidsbeeld.core.disclosure import policy_from_settings
from veiligheidsbeeld.core.models import Organisation
from veiligheidsbeeld.core.tests.module_records import make_module_records

from .conftest import log_in, screenshot
from .test_pages import assert_accessible

pytestmark = pytest.mark.browser


def test_the_priority_page_and_the_report_chapter_show_the_module_figures(page, live_server, small_gemeente,
                                                                           analysed, axe_source, settings):
    from pathlib import Path

    from veiligheidsbeeld.frameworks.services import load_framework
    from veiligheidsbeeld.reports.services import generate_report, resolve_figures

    settings.PSEUDONYM_KEY = "module-indicator-tests-" + "k" * 40
    load_framework(gemeente=small_gemeente)
    make_module_records(small_gemeente, analysed.last_month.year)
    organisation = Organisation.objects.create(name="Gemeente Proefdorp", kind="gemeente")
    organisation.gemeenten.add(small_gemeente)
    create_user(username="bestuur", password="correct horse battery", role=Role.BESTUUR, organisation=organisation,
                gemeenten=[small_gemeente])
    log_in(page, live_server, "bestuur")
    page.goto(live_server.url + "/prioriteit/ondermijning/")
    section = page.locator("#uit-de-modules")
    assert "Uit de modules" in section.inner_text()
    section.locator("details").first.click()
    assert section.locator("[data-indicator='undermining.signals']").inner_text() == "6"
    assert section.locator("[data-indicator='undermining.bibob_tests']").inner_text() == "x"
    section.scroll_into_view_if_needed()
    assert_accessible(page, axe_source, "module-indicators-priority-page")
    section.screenshot(path=str(screenshot(page, "module-indicators-priority-page").with_name(
        "module-indicators-priority-section.png")))

    report = generate_report(resolve_figures(run=analysed), fmt="html", policy=policy_from_settings())
    page.goto(Path(report.file.path).as_uri())
    chapter = page.locator("#chapter-ondermijning")
    assert chapter.locator("[data-indicator='undermining.signals']").inner_text() == "6"
    chapter.screenshot(path=str(screenshot(page, "module-indicators-report").with_name(
        "module-indicators-report-chapter.png")))
    assert not page.errors, page.errors
