"""Issue 20, item 3: reports on demand in the background -- the bestuur asks for and downloads one, the options
period / wijken / audience, the raad audience under the public disclosure rules, a tagged PDF (PDF/UA-1), the
notification when ready, and a map legend in the dashboard's colours with distinct class bounds."""

import re
import shutil
import subprocess
import zlib

import pytest

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.services import create_user
from veiligheidsbeeld.core.models import Organisation
from veiligheidsbeeld.reports.models import JobStatus, ReportJob, StoredReport

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def user_of(small_gemeente):
    organisation = Organisation.objects.create(name="Gemeente Proefdorp", kind="gemeente")
    organisation.gemeenten.add(small_gemeente)
    return lambda role: create_user(username=role, password="correct horse battery", role=role,
                                    organisation=organisation, gemeenten=[small_gemeente])


def _pdf_objects(data: bytes) -> bytes:
    """The PDF with every Flate stream inflated (object streams hide the catalogue from a plain search)."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"".join(parts)


def test_the_bestuur_asks_for_a_tagged_pdf_with_options_and_downloads_it(client, user_of, report_run, settings,
                                                                          tmp_path):
    settings.TASKS = IMMEDIATE
    bestuur = user_of(Role.BESTUUR)
    client.force_login(bestuur)
    form = client.get("/rapportage/").content.decode()
    assert 'value="2022"' in form and 'value="WK099900"' in form and 'value="intern"' not in form
    response = client.post("/rapportage/genereren/", {"gemeente": "GM0999", "format": "pdf", "period": "2022",
                                                      "wijken": ["WK099900"], "audience": "raad"})
    job = ReportJob.objects.get()
    assert response["Location"] == "/rapportage/taak/{}/".format(job.pk)
    assert (job.status, job.progress, job.parameters) == (
        JobStatus.DONE, 100, {"period": 2022, "areas": ["WK099900"], "audience": "raad"})
    report = job.report
    assert report.created_by == bestuur and "2022" in report.period_label and report.parameters["areas"] == [
        "WK099900"]
    # notified on the start page until downloaded
    assert "/rapportage/taak/{}/".format(job.pk) in client.get("/").content.decode()
    download = client.get("/rapportage/{}/download/".format(report.pk))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "/rapportage/taak/{}/".format(job.pk) not in client.get("/").content.decode()
    data = b"".join(download.streaming_content)
    objects = _pdf_objects(data)
    assert b"/StructTreeRoot" in objects and b"/Marked true" in objects and b"/Lang (nl)" in objects
    assert re.search(rb"pdfuaid:part[^0-9]{0,3}1", objects), "PDF/UA-1 identification in the XMP metadata"
    if shutil.which("pdfinfo"):
        path = tmp_path / "report.pdf"
        path.write_bytes(data)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+yes", info, re.M), info


def test_the_raad_audience_hides_small_counts_and_intern_is_for_small_count_readers(client, user_of, report_run,
                                                                                   settings):
    from veiligheidsbeeld.reports.protection import publish
    from veiligheidsbeeld.reports.services import audience_policy, resolve_figures

    settings.TASKS = IMMEDIATE
    figures = resolve_figures(run=report_run)
    small = lambda policy: [c.value for c in publish(figures, policy).cells.values()  # noqa: E731
                            if c.value is not None and 0 < c.value < 5]
    assert small(audience_policy("intern")), "the fixture has counts below the threshold"
    assert small(audience_policy("raad")) == [], "the raad report publishes no count below the threshold"

    bestuur = user_of(Role.BESTUUR)
    client.force_login(bestuur)
    refused = client.post("/rapportage/genereren/", {"gemeente": "GM0999", "format": "html", "audience": "intern"})
    assert refused.status_code == 200 and not ReportJob.objects.exists()  # no small-count right: form error
    analist = user_of(Role.ANALIST)
    client.force_login(analist)
    client.post("/rapportage/genereren/", {"gemeente": "GM0999", "format": "html", "audience": "intern"})
    client.post("/rapportage/genereren/", {"gemeente": "GM0999", "format": "html", "audience": "raad"})
    intern, raad = (StoredReport.objects.get(parameters__audience=a) for a in ("intern", "raad"))
    assert raad.parameters["disclosure"]["threshold"] == settings.DISCLOSURE_THRESHOLD
    assert intern.parameters["disclosure"]["threshold"] == 1
    assert client.get("/rapportage/{}/download/".format(intern.pk)).status_code == 200
    client.force_login(bestuur)
    page = client.get("/rapportage/").content.decode()
    assert "/rapportage/{}/download/".format(raad.pk) in page
    assert "/rapportage/{}/download/".format(intern.pk) not in page
    assert client.get("/rapportage/{}/download/".format(intern.pk)).status_code == 403


def test_the_job_page_shows_the_steps_with_their_state(client, user_of, report_run, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(user_of(Role.BESTUUR))
    client.post("/rapportage/genereren/", {"gemeente": "GM0999", "format": "pdf"})
    job = ReportJob.objects.get()
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress=70, stage="Making the PDF")
    page = client.get("/rapportage/taak/{}/".format(job.pk)).content.decode()
    assert 'aria-live="polite"' in page and 'value="70"' in page
    assert page.count("vb-steps__item--done") == 4 and 'aria-current="step">PDF maken' in page


def test_the_legend_has_distinct_bounds_and_the_dashboard_colours():
    from veiligheidsbeeld.analyses.indicators import quantile_classes
    from veiligheidsbeeld.dashboard.overview import PALETTE
    from veiligheidsbeeld.reports.scales import choropleth_spec, map_classes

    # quantile breaks closer together than the printed rounding (one decimal)
    crowded = [1.01, 1.02, 1.03, 1.04, 1.06, 1.07, 1.5, 2.0, 7.3, 12.9, None]
    classes, legend = map_classes(crowded)
    labels = [c.label for c in legend]
    bounds = [part for label in labels for part in label.split(" – ")]
    assert len(set(labels)) == len(labels) and all(" – " in label for label in labels), labels
    assert all(lo != hi for lo, hi in (label.split(" – ") for label in labels)), labels
    assert len(bounds) == 2 * len(labels) and len(set(bounds)) == len(labels) + 1, bounds  # shared edges only
    assert [classes[i] for i in (0, 9)] == [0, len(legend) - 1] and classes[-1] is None
    assert all(c.low <= v <= c.high for v, k in zip(crowded, classes) if k is not None for c in [legend[k]])
    # well separated values: exactly the dashboard's classes and colours
    spread = [float(v) for v in range(1, 21)]
    dashboard_classes, breaks = quantile_classes(spread)
    classes, legend = map_classes(spread)
    n = len(breaks) - 1
    assert classes == dashboard_classes
    assert [c.colour for c in legend] == [PALETTE[round(i * 4 / max(n - 1, 1))] for i in range(n)]
    spec = choropleth_spec([{"name": "A", "value": None, "geometry": {
        "type": "Polygon", "coordinates": [[[6, 53], [6.1, 53], [6.1, 53.1], [6, 53]]]}}],
        legend_title="t", missing_label="geen cijfer")
    assert spec["encoding"]["color"]["scale"] == {"domain": ["geen cijfer"], "range": ["#d9d9d9"]}
