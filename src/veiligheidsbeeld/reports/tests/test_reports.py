"""Reports end to end: PDF text and page images, reproducible figures, disclosure control, real data."""

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from veiligheidsbeeld.core.disclosure import DisclosurePolicy
from veiligheidsbeeld.frameworks.models import Framework
from veiligheidsbeeld.reports.services import export_opendata, generate_report, resolve_figures
from veiligheidsbeeld.testing import require_shared_data

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts" / "reports"


def _pdftotext(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_pdf_has_priorities_wijken_run_id_and_page_images(report_run, tmp_path):
    report = generate_report(resolve_figures(run=report_run), fmt="pdf")
    text = _pdftotext(report.file.path)
    framework = Framework.objects.get(gemeente=report_run.gemeente)
    titles = [p["title"] for p in framework.content["priorities"]]
    assert len(titles) == 4
    for title in titles + ["Wijk 0", "Wijk 1"]:
        assert title in text
    assert "run {}".format(report_run.pk) in text
    info = subprocess.run(["pdfinfo", report.file.path], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE).group(1))
    subprocess.run(["pdftoppm", "-r", "50", "-png", report.file.path, str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))  # a fresh folder: only this report's pages
    assert len(images) == pages >= 10
    assert all(image.stat().st_size > 1000 for image in images)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)  # kept for a person to look at
    for image in images:
        shutil.copy(image, ARTIFACTS / image.name.replace("page", "small", 1))


def _numbers(path) -> list[str]:
    text = _pdftotext(path)
    text = re.sub(r"\d{1,2} \w+ \d{4}", "", text)  # the date the report was made
    return re.findall(r"[+-]?\d[\d.]*(?:,\d+)?%?|\bx\b", text)


def test_regenerating_gives_identical_figures(report_run):
    first = generate_report(resolve_figures(run=report_run), fmt="pdf")
    second = generate_report(resolve_figures(run=report_run), fmt="pdf")
    assert _numbers(first.file.path) == _numbers(second.file.path)
    assert first.data_hash == second.data_hash == report_run.data_hash


def test_no_published_cell_below_threshold(report_run, tmp_path):
    policy = DisclosurePolicy(threshold=5)
    figures = resolve_figures(run=report_run)
    export_opendata(figures, tmp_path, policy=policy)
    rows = list(csv.DictReader((tmp_path / "indicatoren.csv").open(encoding="utf-8")))
    assert rows and any(r["status"] == "x" for r in rows)  # the tiny openbare-orde figures are hidden
    for row in rows:
        for column in ("aantal", "aantal_vorige_periode"):
            if row[column]:
                assert int(row[column]) == 0 or int(row[column]) >= 5, row
    meta = json.loads((tmp_path / "metadata.json").read_text())
    assert meta["disclosure"]["threshold"] == 5 and meta["licence"] == "CC BY 4.0"
    html = Path(generate_report(figures, fmt="html", policy=policy).file.path).read_text()
    html = html.split('id="verantwoording"')[0]  # figure tables only (the sources table counts files)
    for table in re.findall(r"<table[^>]*>.*?</table>", html, flags=re.S):
        for cell in re.findall(r'<td class="num">([\d.]+)</td>', table):
            value = int(cell.replace(".", ""))
            assert value == 0 or value >= 5, cell


def test_report_command_writes_copy(report_run, tmp_path):
    out = tmp_path / "rapport.html"
    call_command("report", "--run", str(report_run.pk), "--format", "html", "--area", "WK099901", "--out",
                 str(out))
    html = out.read_text()
    assert "Wijk 1" in html and 'id="wijk-WK099900"' not in html


@pytest.mark.realdata
def test_groningen_47018_yearly_totals():
    folder = ("groningen", "politie-47018-buurt-2023-groningen")
    call_command("areas", "import", "regions", str(require_shared_data(*folder, "47018NED_WijkenEnBuurten.csv")),
                 "--gemeente", "GM0014")
    call_command("import", "statline",
                 str(require_shared_data(*folder, "47018NED_2023_totaal_misdrijven_buurten_GM0014.csv")))
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.core.models import Gemeente

    gemeente = Gemeente.objects.get(code="GM0014")
    report = generate_report(resolve_figures(gemeente, period=2023), fmt="pdf")
    text = _pdftotext(report.file.path)
    assert "14.990" in text
    wijken = list(Area.objects.current(gemeente).wijken().values_list("name", flat=True))
    assert len(wijken) == 20
    flat = " ".join(text.split())
    for name in wijken:
        assert name in flat, name
    assert "Bron: CBS / Politie" in flat
