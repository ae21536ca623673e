"""The report's figure "Suspects aged 12-17 per offence type" from imported suspect counts (issue #19 item 7):
filled from a police table and CBS 85655NED in the exact shapes, with disclosure control of the small counts."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from veiligheidsbeeld.core.disclosure import DisclosurePolicy
from veiligheidsbeeld.reports.services import generate_report, resolve_figures

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[2] / "registrations" / "tests" / "fixtures"


def _section(report) -> str:
    html = Path(report.file.path).read_text()
    return html.split('id="young-suspects"')[1].split("<h3>")[0]


def _rows(section: str) -> dict[str, list[str]]:
    rows = {}
    for row in re.findall(r"<tr><td>(.*?)</tr>", section, flags=re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", "<td>" + row)
        rows[cells[0]] = cells[1:]
    return rows


def test_not_available_without_suspect_counts(report_run):
    section = _section(generate_report(resolve_figures(run=report_run), fmt="html"))
    assert "veiligheidsbeeld import suspects" in section and "<table>" not in section


def test_suspects_12_17_per_offence_with_small_counts_hidden(report_run):
    for name in ("politie_verdachten_delict_leeftijd_proefdorp.csv", "85655NED_verdachten_leeftijd_woongemeente.csv"):
        call_command("import", "suspects", str(FIXTURES / name), "--gemeente", "GM0999", stdout=StringIO())
    report = generate_report(resolve_figures(run=report_run), fmt="html", policy=DisclosurePolicy(threshold=5))
    rows = _rows(_section(report))
    assert rows["Straatroof"] == ["7", "12", "58 %"]
    assert rows["Mishandeling"] == ["14", "75", "19 %"]
    assert rows["Overval"] == ["x", "9", ""]  # 3 aged 12-17, so the 6 older ones are hidden too
    assert rows["Openlijk geweld"] == ["x", "13", ""]  # 2 older: the 11 would give them away
    # 85655NED: 12 tot 18 jaar (not the nested 12 tot 25 jaar) against all ages
    assert rows["Totaal verdachten van misdrijven"] == ["40", "310", "13 %"]
