"""Issue 15 in the browser: enrolling the second factor with an administrator's code, and a report made by the
task worker with its progress page."""

import pytest
from django_otp.oath import totp

from .conftest import screenshot
from .test_pages import assert_accessible

pytestmark = pytest.mark.browser


def test_enrolment_with_a_code_then_the_authenticator(page, live_server, analyst, axe_source):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from veiligheidsbeeld.accounts.services import create_enrolment_code

    code = create_enrolment_code(analyst)
    page.goto(live_server.url + "/inloggen/")
    page.fill("#id_username", "analist")
    page.fill("#id_password", "correct horse battery")
    page.click("button[type=submit]")
    page.wait_for_url("**/inloggen/tweede-factor/**")
    assert page.locator("svg").count() == 0, "no QR code with the password alone"
    assert_accessible(page, axe_source, "otp-enrol")
    page.fill("input[name=code]", code)
    page.click("form:has(input[name=code]) button[type=submit]")
    page.wait_for_selector(".vb-qr svg")
    assert_accessible(page, axe_source, "otp-setup-qr")
    device = TOTPDevice.objects.get(user=analyst, confirmed=False)
    page.fill("input[name=token]", "{:06d}".format(totp(device.bin_key)))
    page.click("form:has(input[name=token]) button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    assert not page.errors, page.errors


def test_report_job_page_shows_progress(page, live_server, analyst, analysed, settings, axe_source):
    from .conftest import log_in

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # no worker: stays queued
    log_in(page, live_server)
    page.goto(live_server.url + "/rapportage/")
    page.select_option("select[name=format]", "html")
    page.click("main form[action$='/genereren/'] button[type=submit]")
    page.wait_for_url("**/rapportage/taak/*/")
    assert page.locator("progress").count() == 1
    assert_accessible(page, axe_source, "report-job")
    screenshot(page, "report-job")
