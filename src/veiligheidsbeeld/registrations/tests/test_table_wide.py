"""``import table``: wide tables, periods of any precision, and files refused once (issue 13, defects 4-7)."""

import pytest
from django.core.management import CommandError

from veiligheidsbeeld.registrations.models import CubeCell, ImportBatch, Registration, RejectedRow

from .helpers import run_json, write

pytestmark = pytest.mark.django_db

WIDE = """
source_system: partner-misdrijven
kind: aggregate
columns:
  area: Buurtcode
period: {column: Jaar, precision: year}
categories:
  Woninginbraak: woninginbraak
  Diefstal fiets: fietsdiefstal
"""


def test_wide_table_is_melted_and_a_year_stays_a_year(tmp_path, small_gemeente):
    """Fails on the code before issue 13: 'columns.category is required' (no wide tables, no period key)."""
    mapping = write(tmp_path / "wide.yaml", WIDE)
    path = write(tmp_path / "wide.csv", "Buurtcode;Jaar;Woninginbraak;Diefstal fiets\n"
                                        "BU09990000;2022;3;12\nBU09990001;2022;-;x\n")
    summary = run_json("import", "table", path, "--mapping", mapping, "--gemeente", "GM0999")
    assert (summary["rows"], summary["accepted"], summary["rejected_reasons"]) == (4, 3, {"no_figure": 1})
    stored = set(Registration.objects.values_list("area__code", "theme__code", "period_start", "precision", "count"))
    import datetime as dt
    year = dt.date(2022, 1, 1)
    assert stored == {("BU09990000", "woninginbraak", year, "year", 3), ("BU09990000", "fietsdiefstal", year, "year", 12),
                      ("BU09990001", "woninginbraak", year, "year", 0)}
    assert set(CubeCell.objects.values_list("precision", flat=True)) == {"year"}
    again = run_json("import", "table", write(tmp_path / "wide2.csv", path.read_text() + "\n"), "--mapping", mapping,
                     "--gemeente", "GM0999")
    assert (again["accepted"], again["duplicates"]) == (0, 3)


@pytest.mark.parametrize("precision, values, expected", [
    ("quarter", ["2022Q3", "2022 4e kwartaal"], [("2022-07-01", "quarter"), ("2022-10-01", "quarter")]),
    ("month", ["2022-07", "jul 2022"], [("2022-07-01", "month"), ("2022-07-01", "month")]),
    ("month", ["augustus 2022", "2022-09-01"], [("2022-08-01", "month"), ("2022-09-01", "month")]),
    ("day", ["3 juli 2022", "03-07-2022"], [("2022-07-03", "day"), ("2022-07-03", "day")]),
    (None, ["2022", "2022Q2"], [("2022-01-01", "year"), ("2022-04-01", "quarter")]),
])
def test_periods_of_any_precision(tmp_path, small_gemeente, precision, values, expected):
    spec = WIDE.replace("period: {column: Jaar, precision: year}", "period: {column: Periode%s}" % (
        ", precision: " + precision if precision else ""))
    mapping = write(tmp_path / "m.yaml", spec)
    rows = "".join("BU0999000{};{};1;2\n".format(i, v) for i, v in enumerate(values))
    path = write(tmp_path / "p.csv", "Buurtcode;Periode;Woninginbraak;Diefstal fiets\n" + rows)
    summary = run_json("import", "table", path, "--mapping", mapping, "--gemeente", "GM0999")
    assert summary["accepted"] == 4, summary
    got = sorted({(r.area.code, r.period_start.isoformat(), r.precision) for r in Registration.objects.all()})
    assert got == sorted({("BU0999000{}".format(i), *e) for i, e in enumerate(expected)})


def test_a_year_in_a_month_column_is_rejected_not_read_as_january(tmp_path, small_gemeente):
    mapping = write(tmp_path / "m.yaml", WIDE.replace("precision: year", "precision: month"))
    path = write(tmp_path / "p.csv", "Buurtcode;Jaar;Woninginbraak;Diefstal fiets\nBU09990000;2022-07;1;2\n"
                                     "BU09990001;2022;1;2\n")
    summary = run_json("import", "table", path, "--mapping", mapping, "--gemeente", "GM0999")
    assert (summary["accepted"], summary["rejected_reasons"]) == (2, {"bad_period": 2})
    assert "'2022' is a year, not a month" in RejectedRow.objects.first().reasons[0]["message"]


LONG = """
source_system: meldingen-openbare-ruimte
columns:
  source_ref: Nummer
  category: Categorie
  date: Datum
  area_name: Buurt
categories:
  "Overlast jeugd": jeugdoverlast
"""


def test_a_file_of_unmapped_categories_is_refused_once(tmp_path, small_gemeente):
    """Fails on the code before issue 13: every row went to quarantine with the same reason."""
    mapping = write(tmp_path / "m.yaml", LONG)
    rows = "".join("M{};Zwerfvuil {};2024-03-0{};Buurt 00\n".format(i, i % 3, i % 9 + 1) for i in range(200))
    path = write(tmp_path / "m.csv", "Nummer;Categorie;Datum;Buurt\n" + rows)
    with pytest.raises(CommandError) as error:
        run_json("import", "table", path, "--mapping", mapping, "--gemeente", "GM0999")
    message = str(error.value)
    assert "no row can be taken: all 200 rows are rejected for unknown_category" in message
    assert "'Zwerfvuil 0'" in message
    assert not ImportBatch.objects.exists() and not RejectedRow.objects.exists()


def test_a_csv_cut_mid_line_is_refused_as_truncated(tmp_path, small_gemeente):
    """Fails on the code before issue 13: the rows before the cut were stored and the import exited 0."""
    mapping = write(tmp_path / "m.yaml", LONG)
    path = write(tmp_path / "m.csv", "Nummer;Categorie;Datum;Buurt\nM1;Overlast jeugd;2024-03-01;Buurt 00\n"
                                     "M2;Overlast jeugd;2024-03")
    with pytest.raises(CommandError) as error:
        run_json("import", "table", path, "--mapping", mapping, "--gemeente", "GM0999")
    assert "m.csv, line 3: truncated: the last record has 3 fields where the header has 4" in str(error.value)
    assert not Registration.objects.exists()
    summary = run_json("import", "table", path, "--mapping", mapping, "--gemeente", "GM0999", "--accept-partial")
    assert (summary["accepted"], summary["rejected_reasons"]) == (1, {"field_count": 1})


def test_the_mapping_delimiter_is_checked_and_the_found_one_named(tmp_path, small_gemeente):
    mapping = write(tmp_path / "m.yaml", LONG + 'delimiter: ";"\n')
    path = write(tmp_path / "m.csv", "Nummer,Categorie,Datum,Buurt\nM1,Overlast jeugd,2024-03-01,Buurt 00\n")
    with pytest.raises(CommandError) as error:
        run_json("import", "table", path, "--mapping", mapping, "--gemeente", "GM0999")
    assert "the fields are separated by ','" in str(error.value)


def test_a_name_of_a_wijk_and_a_buurt_is_never_resolved_silently(tmp_path, small_gemeente):
    """Fails on the code before issue 13: the row landed on the buurt named like the wijk, without a warning."""
    from veiligheidsbeeld.areas.models import Area

    wijk = Area.objects.get(code="WK099901")
    Area.objects.create(gemeente=small_gemeente, code="BU09990102", name="Wijk 1", level="buurt", year=2024,
                        parent=wijk)
    path = write(tmp_path / "m.csv", "Nummer;Categorie;Datum;Buurt\nM1;Overlast jeugd;2024-03-01;Wijk 1\n"
                                     "M2;Overlast jeugd;2024-03-01;Buurt 00\n")
    summary = run_json("import", "table", path, "--mapping", write(tmp_path / "m.yaml", LONG), "--gemeente", "GM0999")
    assert (summary["accepted"], summary["rejected_reasons"]) == (1, {"ambiguous_area": 1})
    assert "could mean BU09990102 Wijk 1 (buurt), WK099901 Wijk 1 (wijk)" in RejectedRow.objects.get().reasons[0][
        "message"]
    summary = run_json("import", "table", path, "--mapping", write(tmp_path / "w.yaml", LONG + "area_level: wijk\n"),
                       "--gemeente", "GM0999", "--replace")
    assert Registration.objects.get(source_ref="M1").area.code == "WK099901"
