"""Issue 15, finding 10: the report is made in the task worker with a progress page, and WeasyPrint fetches
only the application's own assets."""

import http.server
import threading

import pytest

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.services import create_user
from veiligheidsbeeld.core.models import Organisation
from veiligheidsbeeld.reports.models import JobStatus, ReportJob, StoredReport

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def analist(small_gemeente):
    organisation = Organisation.objects.create(name="Gemeente Proefdorp", kind="gemeente")
    organisation.gemeenten.add(small_gemeente)
    return create_user(username="analist", password="correct horse battery", role=Role.ANALIST,
                       organisation=organisation, gemeenten=[small_gemeente])


def test_attack_generating_a_report_does_not_hold_the_web_request(client, analist, report_run, settings,
                                                                  monkeypatch):
    """The report was made inside the request (15-25 s on 3 sync workers): a few requests stalled the site.
    Now the request only queues a job; with the database backend nothing is rendered until a worker runs it."""
    from veiligheidsbeeld.reports import services

    settings.TASKS = DATABASE
    rendered = []
    monkeypatch.setattr(services, "build_document", lambda *a, **k: rendered.append(1) or {})
    client.force_login(analist)
    response = client.post("/rapportage/genereren/", {"gemeente": "GM0999", "format": "html"})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == "/rapportage/taak/{}/".format(job.pk)
    assert not rendered and not StoredReport.objects.exists(), "nothing is made in the web request"
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in page and "<progress" in page and job.status == JobStatus.QUEUED


def test_the_worker_makes_the_report_and_the_page_shows_it(client, analist, report_run, settings):
    settings.TASKS = IMMEDIATE
    client.force_login(analist)
    response = client.post("/rapportage/genereren/", {"gemeente": "GM0999", "format": "html"})
    job = ReportJob.objects.get()
    assert (job.status, job.progress, job.report.run) == (JobStatus.DONE, 100, report_run)
    page = client.get(response["Location"]).content.decode()
    assert "/rapportage/{}/download/".format(job.report.pk) in page and "hx-trigger" not in page


def test_a_failing_job_shows_its_error(client, analist, report_run, settings, monkeypatch):
    from veiligheidsbeeld.reports import services

    settings.TASKS = IMMEDIATE

    def broken(*args, **kwargs):
        raise services.ReportError("no figures for this period")

    monkeypatch.setattr(services, "build_document", broken)
    client.force_login(analist)
    response = client.post("/rapportage/genereren/", {"gemeente": "GM0999", "format": "pdf"})
    job = ReportJob.objects.get()
    assert job.status == JobStatus.FAILED and "no figures" in client.get(response["Location"]).content.decode()


def test_a_job_is_seen_only_within_its_gemeente(client, analist, report_run, settings, django_user_model):
    settings.TASKS = DATABASE
    client.force_login(analist)
    client.post("/rapportage/genereren/", {"gemeente": "GM0999", "format": "html"})
    job = ReportJob.objects.get()
    client.force_login(django_user_model.objects.create(username="niemand"))
    assert client.get("/rapportage/taak/{}/".format(job.pk)).status_code == 404


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list = []

    def do_GET(self):  # noqa: N802
        _Recorder.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


def test_attack_weasyprint_fetches_nothing_outside_the_application(tmp_path):
    """A report's HTML could make the worker fetch internal URLs (SSRF) or local files into the PDF."""
    from veiligheidsbeeld.reports.document import render_pdf

    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: blue }")
    try:
        url = "http://127.0.0.1:{}/internal-admin".format(server.server_port)
        pdf = render_pdf('<html><head><link rel="stylesheet" href="{}"><link rel="stylesheet" href="file://{}">'
                         '</head><body><img src="{}/x.png">Rapport</body></html>'.format(url, secret, url))
    finally:
        server.shutdown()
        server.server_close()
    assert pdf.startswith(b"%PDF") and _Recorder.seen == [], _Recorder.seen


def test_the_fetcher_serves_the_applications_own_static_assets():
    from django.contrib.staticfiles import finders

    from veiligheidsbeeld.reports.document import asset_fetcher

    fetcher = asset_fetcher()
    icon = finders.find("veiligheidsbeeld/favicon.svg")
    served = fetcher.fetch("file://" + icon)
    assert served.read(4)
    served.close()
    assert fetcher.fetch("data:text/css,body{}").read() == b"body{}"
    for refused in ("file://{}/../../../../etc/passwd".format(icon.rsplit("/", 1)[0]), "file:///etc/passwd",
                    "http://169.254.169.254/latest/", "https://example.org/x.css"):
        with pytest.raises(ValueError, match="own assets"):
            fetcher.fetch(refused)
