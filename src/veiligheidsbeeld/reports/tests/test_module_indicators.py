"""The modules' indicators in the priority chapter of the report, on the dashboard's priority page and in the
open data: one function, identical numbers, nothing below the threshold in public files (issues 16-19)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.services import create_user
from veiligheidsbeeld.core.disclosure import DisclosurePolicy, policy_from_settings
from veiligheidsbeeld.core.models import Organisation
from veiligheidsbeeld.core.tests.module_records import make_module_records
from veiligheidsbeeld.reports.services import export_opendata, generate_report, resolve_figures

pytestmark = pytest.mark.django_db

YEAR = 2023  # the report run covers 2022-2023
PRIORITIES = ("ondermijning", "digitale-veiligheid", "onrust-polarisatie", "veiligheid-zorg")


@pytest.fixture
def with_records(report_run, small_gemeente, settings):
    settings.PSEUDONYM_KEY = "module-indicator-tests-" + "k" * 40
    make_module_records(small_gemeente, YEAR)
    return report_run


def _user(gemeente, role):
    organisation = Organisation.objects.create(name="Gemeente Proefdorp ({})".format(role), kind="gemeente")
    organisation.gemeenten.add(gemeente)
    return create_user(username=role, password="correct horse battery", role=role, organisation=organisation,
                       gemeenten=[gemeente])


def _figures(html: str) -> dict[str, str]:
    return {key: value.strip() for key, value in re.findall(r'data-indicator="([^"]+)">([^<]*)<', html)}


def _chapter(html: str, code: str) -> str:
    start = html.index('id="chapter-{}"'.format(code))
    return html[start:html.index("</section>", start)]


@pytest.mark.parametrize("role", [Role.BESTUUR, Role.ANALIST])
def test_dashboard_and_report_show_the_same_module_figures(client, with_records, small_gemeente, role):
    user = _user(small_gemeente, role)
    policy = None if user.has_perm("accounts.view_small_counts", small_gemeente) else policy_from_settings()
    # the report under the same rules: the raad's for bestuur, every count (threshold 1) for the analyst
    report_policy = policy or DisclosurePolicy(threshold=1)
    report = generate_report(resolve_figures(run=with_records), fmt="html", policy=report_policy)
    report_html = Path(report.file.path).read_text(encoding="utf-8")
    client.force_login(user)
    seen = 0
    for code in PRIORITIES:
        page = client.get("/prioriteit/{}/?gemeente={}".format(code, small_gemeente.code))
        assert page.status_code == 200
        html = page.content.decode()
        assert "Uit de modules" in html
        dashboard = _figures(html[html.index('id="uit-de-modules"'):])
        in_report = _figures(_chapter(report_html, code))
        assert dashboard and dashboard == in_report, code
        seen += len(dashboard)
    assert seen >= 14
    shown = _figures(report_html)
    if policy is None:
        assert shown["undermining.bibob_tests"] == "3" and shown["publicorder.notices_on_time"] == "86 %"
    else:
        assert shown["undermining.bibob_tests"] == "x" and shown["publicorder.notices_on_time"] == "x"
    assert shown["cases.registered"] == "8" and shown["cyber.incidents"] == "6"


def test_each_priority_gets_only_its_own_module(with_records):
    report = generate_report(resolve_figures(run=with_records), fmt="html", policy=policy_from_settings())
    html = Path(report.file.path).read_text(encoding="utf-8")
    modules = {"ondermijning": "undermining", "digitale-veiligheid": "cyber", "onrust-polarisatie": "publicorder",
               "veiligheid-zorg": "cases"}
    for code, module in modules.items():
        keys = {key.split("|")[0].split(".")[0] for key in _figures(_chapter(html, code))}
        assert keys == {module}, code


def test_the_pdf_has_the_module_figures(with_records):
    from .test_reports import _pdftotext

    report = generate_report(resolve_figures(run=with_records), fmt="pdf", policy=policy_from_settings())
    text = _pdftotext(report.file.path)
    assert "Uit de modules, 2023" in text and "Ondermijningssignalen ontvangen" in text


def test_open_data_writes_the_module_figures_and_nothing_below_the_threshold(with_records, tmp_path):
    figures = resolve_figures(run=with_records)
    paths = export_opendata(figures, tmp_path, policy=DisclosurePolicy(threshold=5))
    assert {"module-indicatoren.csv", "module-indicatoren.json"} <= {p.name for p in paths}
    rows = list(csv.DictReader((tmp_path / "module-indicatoren.csv").open(encoding="utf-8")))
    assert rows == [{k: "" if v is None else str(v) for k, v in row.items()}
                    for row in json.loads((tmp_path / "module-indicatoren.json").read_text(encoding="utf-8"))]
    keys = {row["sleutel"] for row in rows}
    assert {"cases.registered", "publicorder.tension_signals", "undermining.signals", "cyber.incidents"} <= keys
    assert all(row["jaar"] == "2023" for row in rows)
    for row in rows:
        if row["eenheid"] == "aantal" and row["waarde"]:
            assert float(row["waarde"]) == 0 or float(row["waarde"]) >= 5, row
        if row["status"] == "x":
            assert row["waarde"] == "", row
    hidden = {(row["sleutel"], row["categorie"]) for row in rows if row["status"] == "x"}
    assert ("undermining.bibob_tests", "") in hidden and ("cyber.exercises", "") in hidden
    # the one fraud signal and its complement are hidden, the total of 6 is shown
    assert sum(1 for key, category in hidden if key == "undermining.signals") >= 2
    assert next(r for r in rows if r["sleutel"] == "undermining.signals" and not r["categorie"])["waarde"] == "6"
    meta = json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))
    assert meta["module_indicators"]["year"] == 2023
    assert meta["module_indicators"]["columns"][0] == "gemeente"


def test_open_data_without_a_policy_is_still_protected(with_records):
    from veiligheidsbeeld.reports.opendata import module_rows

    rows = module_rows(resolve_figures(run=with_records), None)
    assert all(row["waarde"] is None or row["eenheid"] != "aantal" or row["waarde"] == 0 or row["waarde"] >= 5
               for row in rows)
