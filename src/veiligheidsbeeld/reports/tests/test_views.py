"""Report pages: listing per gemeente, generating for allowed roles, downloading with audit."""

from pathlib import Path

import pytest

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.services import create_user
from veiligheidsbeeld.core.models import AuditEvent, Gemeente, Organisation
from veiligheidsbeeld.reports.models import StoredReport
from veiligheidsbeeld.reports.services import generate_report, resolve_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def user_of(small_gemeente):
    organisation = Organisation.objects.create(name="Gemeente Proefdorp", kind="gemeente")
    organisation.gemeenten.add(small_gemeente)

    def make(role):
        return create_user(username=role, password="correct horse battery", role=role, organisation=organisation,
                           gemeenten=[small_gemeente])

    return make


@pytest.fixture
def stored(report_run):
    return generate_report(resolve_figures(run=report_run), fmt="html")


def test_list_shows_own_gemeente_reports_only(client, user_of, stored):
    other = Gemeente.objects.create(code="GM0998", name="Buurdorp")
    foreign = StoredReport.objects.create(gemeente=other, format="html", period_label="2023", data_hash="0" * 64,
                                          sha256="0" * 64, file="2026/foreign.html")
    client.force_login(user_of(Role.BESTUUR))
    page = client.get("/rapportage/").content.decode()
    assert "/rapportage/{}/download/".format(stored.pk) in page
    assert "/rapportage/{}/download/".format(foreign.pk) not in page
    assert 'action="/rapportage/genereren/"' in page  # issue 20: the bestuur makes reports too
    assert client.get("/rapportage/{}/download/".format(foreign.pk)).status_code == 404
    client.force_login(user_of(Role.KETENPARTNER))
    assert 'action="/rapportage/genereren/"' not in client.get("/rapportage/").content.decode()  # reads only


def test_publiek_has_no_access(client, user_of, stored):
    client.force_login(user_of(Role.PUBLIEK))
    assert client.get("/rapportage/").status_code == 403
    assert client.get("/rapportage/{}/download/".format(stored.pk)).status_code == 403


def test_analist_generates_a_report_of_the_latest_run(client, user_of, report_run, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # the worker
    user = user_of(Role.ANALIST)
    client.force_login(user)
    response = client.post("/rapportage/genereren/", {"gemeente": "GM0999", "format": "html"})
    assert response.status_code == 302  # to the job page (issue 15: made by the task worker)
    report = StoredReport.objects.get()
    assert report.run == report_run and report.created_by == user and report.format == "html"
    assert AuditEvent.objects.filter(action="report_generated", object_id=str(report.pk)).exists()


def test_generate_is_refused_to_readers_and_for_foreign_gemeenten(client, user_of, report_run):
    client.force_login(user_of(Role.KETENPARTNER))
    assert client.post("/rapportage/genereren/", {"gemeente": "GM0999", "format": "pdf"}).status_code == 403
    client.force_login(user_of(Role.ANALIST))
    page = client.post("/rapportage/genereren/", {"gemeente": "GM0998", "format": "pdf"})
    assert page.status_code == 200 and "GM0998" in page.content.decode()  # the form error names the choice
    assert not StoredReport.objects.exists()


def test_generate_without_a_run_explains(client, user_of, small_gemeente):
    client.force_login(user_of(Role.BELEIDSADVISEUR))
    page = client.post("/rapportage/genereren/", {"gemeente": "GM0999", "format": "pdf"}).content.decode()
    assert "Proefdorp" in page and not StoredReport.objects.exists()


def test_download_is_an_audited_attachment(client, user_of, stored):
    user = user_of(Role.KETENPARTNER)
    client.force_login(user)
    response = client.get("/rapportage/{}/download/".format(stored.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == Path(stored.file.path).read_bytes()
    event = AuditEvent.objects.get(action="report_downloaded")
    assert event.object_id == str(stored.pk) and event.actor_id == user.pk
