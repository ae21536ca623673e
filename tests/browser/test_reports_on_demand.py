"""Issue 20, item 3 in the browser: the bestuur asks for a report, follows its progress on the job page (updated
by htmx while the task worker makes it) and is told on the start page when it is ready; axe-core on each page."""

import pytest

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.services import create_user
from veiligheidsbeeld.core.models import Organisation
from veiligheidsbeeld.reports.models import JobStatus, ReportJob

from .conftest import log_in
from .test_pages import assert_accessible

pytestmark = pytest.mark.browser


def test_the_bestuur_requests_a_report_and_sees_progress_and_ready(page, live_server, small_gemeente, analysed,
                                                                   axe_source, settings):
    from veiligheidsbeeld.reports.services import run_report_job

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued until the "worker" runs
    organisation = Organisation.objects.create(name="Gemeente Proefdorp", kind="gemeente")
    organisation.gemeenten.add(small_gemeente)
    create_user(username="bestuur", password="correct horse battery", role=Role.BESTUUR, organisation=organisation,
                gemeenten=[small_gemeente])
    log_in(page, live_server, "bestuur")
    page.goto(live_server.url + "/rapportage/")
    assert_accessible(page, axe_source, "reports-request")
    page.select_option("select[name=format]", "html")
    page.check("input[name=wijken][value=WK099901]")
    page.click("form.vb-form button[type=submit]")
    page.wait_for_url("**/rapportage/taak/*/")
    job = ReportJob.objects.get()
    assert job.status == JobStatus.QUEUED and job.parameters["areas"] == ["WK099901"]
    status = page.locator("[role=status][aria-live=polite]")
    assert "In de wachtrij" in status.inner_text()
    assert_accessible(page, axe_source, "reports-job-queued")

    run_report_job(job.pk)  # what `veiligheidsbeeld worker` does
    page.wait_for_selector("#report-job[data-status=done]", timeout=15_000)  # the page's own poll, no reload
    assert "Het rapport is klaar." in status.inner_text()
    assert page.locator("#report-job a[href$='/download/']").count() == 1
    assert_accessible(page, axe_source, "reports-job-done")

    page.goto(live_server.url + "/")
    notice = page.locator(".vb-todos a[href='/rapportage/taak/{}/']".format(job.pk))
    assert notice.count() == 1 and "Rapport klaar" in notice.inner_text()
    assert not page.errors, page.errors
