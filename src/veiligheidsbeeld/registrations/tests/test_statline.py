"""``veiligheidsbeeld import statline`` on the real 47018NED subset and on small synthetic tables."""

import datetime as dt

import pytest
from django.core.management import CommandError
from django.db.models import Sum

from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.registrations.models import CubeCell, ImportBatch, Registration, RejectedRow
from veiligheidsbeeld.testing import require_shared_data

from .helpers import run, run_json, write

pytestmark = pytest.mark.django_db

FOLDER = ("groningen", "politie-47018-buurt-2023-groningen")
KEYS = {"batch", "rows", "accepted", "rejected", "duplicates", "total_count", "rejected_reasons", "by_gemeente",
        "out_of_scope", "source_total"}
HEADER = '"ID","SoortMisdrijf","WijkenEnBuurten","Perioden","GeregistreerdeMisdrijven_1"\n'


def _groningen():
    run("areas", "import", "regions", require_shared_data(*FOLDER, "47018NED_WijkenEnBuurten.csv"),
        "--gemeente", "GM0014")
    return require_shared_data(*FOLDER, "47018NED_2023_totaal_misdrijven_buurten_GM0014.csv")


@pytest.mark.realdata
def test_47018_groningen_2023():
    path = _groningen()
    summary = run_json("import", "statline", path)
    assert set(summary) == KEYS
    assert (summary["rows"], summary["accepted"], summary["rejected"], summary["duplicates"]) == (151, 151, 0, 0)
    # "Totaal misdrijven" is the source's own total, reported as source_total; the file has no parts, so it is
    # also what total_count counts (once)
    assert (summary["total_count"], summary["source_total"]) == (14_990, 14_990)
    assert summary["by_gemeente"] == {"GM0014": {"accepted": 151, "total_count": 14_990}}
    assert Registration.objects.aggregate(n=Sum("count"))["n"] == 14_990
    assert CubeCell.objects.aggregate(n=Sum("count"))["n"] == 14_990
    cell = CubeCell.objects.first()
    assert (cell.precision, cell.period_start, cell.theme.code) == ("year", dt.date(2023, 1, 1), "misdrijven-totaal")
    assert AuditEvent.objects.filter(action="import_completed").count() == 1


@pytest.mark.realdata
def test_reimport_changes_nothing_and_says_so():
    path = _groningen()
    first = run_json("import", "statline", path)
    out = run("import", "statline", path)
    assert "unchanged, identical to batch {}".format(first["batch"]) in out
    again = run_json("import", "statline", path)
    assert (again["batch"], again["accepted"], again["duplicates"]) == (first["batch"], 0, 151)
    assert ImportBatch.objects.count() == 1 and Registration.objects.count() == 151


@pytest.mark.realdata
def test_dry_run_stores_nothing():
    path = _groningen()
    summary = run_json("import", "statline", path, "--dry-run")
    assert summary["batch"] is None and summary["accepted"] == 151 and summary["source_total"] == 14_990
    assert not ImportBatch.objects.exists() and not CubeCell.objects.exists()


def _small(tmp_path, small_gemeente, rows: str, name="12345NED_small.csv"):
    return write(tmp_path / name, HEADER + rows)


def test_periods_blank_counts_and_rejections(tmp_path, small_gemeente):
    path = _small(tmp_path, small_gemeente, "\n".join([
        '1,"1.1.1 ","BU09990000","2024MM01",3',
        '2,"1.1.1 ","BU09990000","2024KW02",',
        '3,"1.1.1 ","BU09990001","2024JJ00",7',
        '4,"1.1.1 ","BU09998888","2024JJ00",1',
        '5,"9.9.9 ","BU09990001","2024JJ00",1',
        '6,"1.1.1 ","BU09990001","2024XX00",1',
        '7,"1.1.1 ","BU09990001","2024MM02",-4',
        '8,"1.1.1 ","BU00140001","2024MM02",4',
    ]) + "\n")
    summary = run_json("import", "statline", path)
    assert (summary["rows"], summary["accepted"], summary["rejected"]) == (8, 3, 4)
    assert summary["rejected_reasons"] == {
        "bad_period": 1, "negative_count": 1, "unknown_area": 1, "unknown_category": 1
    }
    assert summary["out_of_scope"] == 1  # BU00140001: gemeente GM0014 is not registered (issue 13: not quarantined)
    precisions = dict(Registration.objects.values_list("precision", "count").order_by("precision"))
    assert precisions == {"month": 3, "quarter": 0, "year": 7}
    rejected = RejectedRow.objects.get(row_number=5)
    assert rejected.reasons[0]["message"] == (
        "line 5, column 'WijkenEnBuurten': area 'BU09998888' is not in the area register of GM0999"
    )
    assert rejected.raw["Perioden"] == "2024JJ00"


def test_replace_supersedes_batch_and_its_cube_counts(tmp_path, small_gemeente):
    old = run_json("import", "statline", _small(tmp_path, small_gemeente, '1,"1.1.1 ","BU09990000","2024MM01",3\n'))
    corrected = write(tmp_path / "12345NED_small.csv", HEADER + '1,"1.1.1 ","BU09990000","2024MM01",5\n')
    out = run("import", "statline", corrected, "--replace")
    assert "supersedes batch {}".format(old["batch"]) in out
    assert ImportBatch.objects.get(pk=old["batch"]).status == "superseded"
    assert list(Registration.objects.values_list("count", flat=True)) == [5]
    assert list(CubeCell.objects.values_list("count", flat=True)) == [5]


def test_missing_measure_column_is_fatal_and_stores_nothing(tmp_path, small_gemeente):
    path = write(tmp_path / "t.csv", '"ID","SoortMisdrijf","WijkenEnBuurten","Perioden"\n1,"1.1.1","BU09990000","2024JJ00"\n')
    with pytest.raises(CommandError, match=r"t.csv, line 1: no measure column"):
        run("import", "statline", path, "--gemeente", "GM0999")
    assert not ImportBatch.objects.exists()
