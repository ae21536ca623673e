"""Issue 15, finding 7: spreadsheet (CSV) injection in what the application writes and reads."""

import csv
import io

import pytest

from veiligheidsbeeld.core.spreadsheet import is_formula, neutralise

PAYLOADS = ['=HYPERLINK("http://x.example","klik")', "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+9)*cmd|' /C calc'!A0", "\t=1+2", "\r=1+2"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_cells_that_a_spreadsheet_would_run_are_prefixed(payload):
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize("value", ["-12", "+3,5", "-0.1", "1.234,5", "-5%", 7, -3.5, None, "Centrum", "x", "<5"])
def test_numbers_and_text_are_left_alone(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("value, formula", [
    ('=HYPERLINK("x")', True), ("+1+cmd|' /C calc'!A0", True), ("-2+3+cmd|' /C calc'!A0", True),
    ("@SUM(A1:A9)", True), ("  =1+2", True), ("\u00a0-SUM(1)", True),
    ("-12", False), ("+3,5", False), ("-0.1", False), ("-", False), ("--", False), ("Centrum", False), ("", False),
])
def test_import_filter_catches_plus_minus_and_at_payloads_that_are_not_numbers(value, formula):
    assert is_formula(value) is formula


@pytest.mark.django_db
def test_attack_titles_and_area_names_in_export_csv_are_neutralised(client, analyst, small_gemeente):
    """The review put a formula in an area name; export.csv carried it unneutralised."""
    import datetime as dt

    from django.urls import reverse

    from conftest import monthly_registrations
    from veiligheidsbeeld.analyses.services import run_analysis
    from veiligheidsbeeld.analyses.services import month_range
    from veiligheidsbeeld.areas.models import Area

    counts = {("BU09990000", "woninginbraak", m): 6 for m in month_range(dt.date(2023, 1, 1), dt.date(2024, 12, 1))}
    monthly_registrations(small_gemeente, counts)
    Area.objects.filter(code="WK099900").update(name='=HYPERLINK("http://x.example","klik")')
    Area.objects.filter(code="WK099901").update(name="-2+3+cmd|' /C calc'!A0")
    run_analysis(small_gemeente)
    client.force_login(analyst)
    response = client.get(reverse("dashboard:export-csv"), {"niveau": "wijk", "periode": "2024-12"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    names = [row[1] for row in rows if row and row[0].startswith("WK")]
    assert sorted(names) == sorted(["'=HYPERLINK(\"http://x.example\",\"klik\")", "'-2+3+cmd|' /C calc'!A0"])
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and c != "-"
                                                                               and not c[1:].isdigit())]


@pytest.mark.django_db
def test_processing_register_csv_is_neutralised():
    from dataclasses import replace

    from veiligheidsbeeld.core.processing_register import load_register, to_csv

    register = load_register()
    register = replace(register, activities=[replace(register.activities[0], purpose="=cmd|' /C calc'!A0")])
    assert "'=cmd" in to_csv(register) and ",=cmd" not in to_csv(register)


def test_open_data_csv_is_neutralised(tmp_path):
    from veiligheidsbeeld.core import spreadsheet

    handle = io.StringIO()
    writer = spreadsheet.dict_writer(handle, ["area", "n"])
    writer.writeheader()
    writer.writerow({"area": "@SUM(1)", "n": -3})
    assert handle.getvalue().splitlines() == ["area,n", "'@SUM(1),-3"]


@pytest.mark.django_db
@pytest.mark.parametrize("payload", ["-2+3+cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0"])
def test_attack_imported_plus_and_minus_payloads_are_refused(tmp_path, small_gemeente, payload):
    """The old filter caught ``=...`` and ``+SUM(`` but not a payload that starts like a number."""
    from veiligheidsbeeld.registrations.models import RejectedRow
    from veiligheidsbeeld.registrations.tests.helpers import run_json, write

    mapping = write(tmp_path / "m.yaml", "source_system: x\ncolumns: {source_ref: ID, category: C, date: D, "
                                         "area: A, attributes: [T]}\n")
    data = write(tmp_path / "t.csv", 'ID,C,D,A,T\n1,x,2024-01-01,BU09990000,"{}"\n2,x,2024-01-01,BU09990000,-12\n'
                 .format(payload.replace('"', '""')))
    run_json("import", "table", data, "--mapping", mapping, "--gemeente", "GM0999")
    formula_rows = [r.row_number for r in RejectedRow.objects.all() if any(x["code"] == "formula" for x in r.reasons)]
    assert formula_rows == [2], "the payload is refused as a formula; -12 is a number"
