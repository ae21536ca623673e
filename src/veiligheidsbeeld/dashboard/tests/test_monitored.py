"""Issue 17 item 8: the page "Gemonitord". A made-up boa export imported with ``import table`` and the shipped
example mapping shows up per monitored topic and per wijk, under disclosure control for bestuur."""

import datetime as dt
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from veiligheidsbeeld.accounts.services import create_user
from veiligheidsbeeld.analyses.services import run_analysis
from veiligheidsbeeld.core.models import Organisation
from veiligheidsbeeld.demo.monitored import EXAMPLES
from veiligheidsbeeld.frameworks.services import load_framework

pytestmark = pytest.mark.django_db

HORECA = "Horeca: sluitingstijd overschreden"
COFFEESHOP = "Coffeeshop: gedoogcriteria"


def _boa_export(path):
    """2023-2024 in Proefdorp: horeca findings in Buurt 00 (6 a month in 2023, 8 in 2024, one on the first and
    one on the last day so that every month is whole), and two coffeeshop findings in Buurt 10 in 2024 (a small
    count)."""
    rows = []
    for year, per_month in ((2023, 6), (2024, 8)):
        for month in range(1, 13):
            last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
            for k in range(per_month):
                day = 1 if k == 0 else (last if k == per_month - 1 else 1 + k * 3)
                rows.append((dt.date(year, month, day), "BU09990000", HORECA, "waarschuwing"))
    rows += [(dt.date(2024, 6, 14), "BU09990100", COFFEESHOP, "rapport"),
             (dt.date(2024, 10, 3), "BU09990100", COFFEESHOP, "waarschuwing")]
    lines = ["Zaaknummer;Datum constatering;Buurtcode;Feitcategorie;Afdoening"]
    lines += ["H-{}-{:06d};{:%d-%m-%Y};{};{};{}".format(day.year, n, day, buurt, category, outcome)
              for n, (day, buurt, category, outcome) in enumerate(sorted(rows), start=1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def monitored(small_gemeente, tmp_path):
    load_framework(gemeente=small_gemeente)  # Groningen's framework: horeca, coffeeshops, ... are monitored
    out = StringIO()
    call_command("import", "table", str(_boa_export(tmp_path / "boa.csv")), "--mapping",
                 str(EXAMPLES / "boa-handhaving.yaml"), "--gemeente", "GM0999", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert (summary["accepted"], summary["rejected"]) == (6 * 12 + 8 * 12 + 2, 0)
    return run_analysis(small_gemeente)


def _user(gemeente, role):
    organisation = Organisation.objects.get_or_create(name="Gemeente Proefdorp", kind="gemeente")[0]
    return create_user(username=role, password="correct horse battery", role=role, organisation=organisation,
                       gemeenten=[gemeente])


def _cells(html, attribute, value):
    """The text of the cells of the table row ``<tr ... data-<attribute>="<value>">``."""
    row = re.search(r'<tr[^>]*data-{}="{}"[^>]*>(.*?)</tr>'.format(attribute, re.escape(value)), html, re.S)
    assert row, (attribute, value)
    return [re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>",
                                                                               row.group(1), re.S)]


def _section(html, code):
    start = html.index('id="wijken-{}"'.format(code))
    return html[start:html.index("</section>", start)]


def test_imported_boa_findings_appear_per_topic_and_per_wijk(client, small_gemeente, monitored):
    client.force_login(_user(small_gemeente, "analist"))
    response = client.get(reverse("dashboard:monitored"), {"periode": "2024-12"})
    assert response.status_code == 200
    html = response.content.decode()
    assert _cells(html, "topic", "horeca")[1:3] == ["96", "72"]
    assert _cells(html, "topic", "coffeeshops")[1:3] == ["2", "0"]
    assert _cells(html, "topic", "prostitutie")[1] == "0"
    assert "de module Openbare orde telt de demonstraties" in _cells(html, "topic", "demonstraties")[1]
    horeca = _section(html, "horeca")
    assert _cells(horeca, "area", "WK099900")[1:3] == ["96", "72"]
    assert _cells(horeca, "area", "WK099901")[1] == "0"
    assert _cells(_section(html, "coffeeshops"), "area", "WK099901")[1] == "2"


def test_bestuur_sees_no_small_count(client, small_gemeente, monitored):
    client.force_login(_user(small_gemeente, "bestuur"))
    html = client.get(reverse("dashboard:monitored"), {"periode": "2024-12"}).content.decode()
    assert _cells(html, "topic", "coffeeshops")[1] == "x"
    assert _cells(_section(html, "coffeeshops"), "area", "WK099901")[1] == "x"
    shown = []
    for match in re.finditer(r'<tr[^>]*data-(topic|area)="([^"]+)"', html):
        for cell in _cells(html[match.start():], match.group(1), match.group(2))[1:3]:
            if cell.replace(".", "").isdigit():
                shown.append(int(cell.replace(".", "")))
    assert shown and all(n == 0 or n >= 5 for n in shown), shown


def test_without_a_framework_nothing_is_monitored(client, small_gemeente):
    client.force_login(_user(small_gemeente, "analist"))
    html = client.get(reverse("dashboard:monitored")).content.decode()
    assert "geen veiligheidskader geladen" in html
