"""``veiligheidsbeeld import bvh``: the real bicycle-theft export (CSV and XLSX) and synthetic edge cases."""

import csv
import datetime as dt
import json

import pytest
from django.db import connection

from veiligheidsbeeld.registrations.importers.bvh import BvhImporter
from veiligheidsbeeld.registrations.models import Registration, RejectedRow
from veiligheidsbeeld.testing import require_shared_data

from .helpers import run, run_json, write

pytestmark = pytest.mark.django_db

FOLDER = ("groningen", "groningen-fietsdiefstallen-2013-2017")
CSV_FILE = "fietsdiefstallen_groningen_2013_2017.csv"
XLSX_FILE = "Diefstal fiets Groningen stad vanaf 2013.xlsx"


def _text_values() -> set[str]:
    """Every text value in the database, with the strings inside JSON documents."""
    values: set[str] = set()

    def collect(value):
        if isinstance(value, str):
            values.add(value.strip())
            if value[:1] in "[{":
                try:
                    collect(json.loads(value))
                except ValueError:
                    pass
        elif isinstance(value, dict):
            for k, v in value.items():
                collect(k)
                collect(v)
        elif isinstance(value, list):
            for v in value:
                collect(v)

    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            for column in connection.introspection.get_table_description(cursor, table):
                cursor.execute("SELECT {} FROM {}".format(
                    connection.ops.quote_name(column.name), connection.ops.quote_name(table)))
                for (value,) in cursor.fetchall():
                    collect(value)
    return values


def _boundaries_2017():
    for level in ("wijk", "buurt"):
        run("areas", "import", "boundaries", require_shared_data(*FOLDER, "{}2017_shp_wgs84.zip".format(level)),
            "--level", level, "--year", "2017")


@pytest.mark.realdata
@pytest.mark.slow
@pytest.mark.parametrize("file_name", [CSV_FILE, XLSX_FILE])
def test_bicycle_thefts_located_and_without_addresses(file_name):
    path = require_shared_data(*FOLDER, file_name)
    _boundaries_2017()
    before = _text_values()
    summary = run_json("import", "bvh", path, "--gemeente", "GM0014", "--grid")
    assert summary["accepted"] + summary["rejected"] == 15_947
    assert summary["rows"] == 15_947 and summary["duplicates"] == 0
    by_xy = Registration.objects.filter(attributes__located_by="xy", area__year=2017, area__level="buurt").count()
    assert by_xy >= 0.95 * 15_947
    registration = Registration.objects.get(source_ref="PL0100_BVH_3606792")
    assert registration.period_start == dt.date(2017, 9, 20)
    assert registration.theme.code == "fietsdiefstal" and registration.attributes["grid_100m"] == "E2342N5839"
    assert registration.attributes["aangifte"] is True and registration.attributes["poging"] is False

    with open(require_shared_data(*FOLDER, CSV_FILE), newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    streets = {r["Pleegstraatnaam"].strip() for r in rows} - {""}
    house_numbers = {r["Pleegstraatnaam"].strip() + " " + r["Pleeghuisnummer met toev."].strip() for r in rows}
    new = _text_values() - before
    assert not streets & new
    assert not house_numbers & new
    assert not any(street in value for value in new for street in streets if len(street) > 12)


BVH_HEADER = ("Incident Identificatie,Incidentsoort code,Pleegstraatnaam,Pleeghuisnummer met toev.,Pleegpostcode,"
              "Pleeggemeente,Pleegwijk,Pleegbuurt,Begin-pleegdatum/tijd,Eind-pleegdatum/tijd,Kennisnamedatum/tijd,"
              "Aangifte,X,Y\n")


@pytest.fixture(params=[True, False], ids=["columnar", "row-by-row"])
def columnar(request, monkeypatch):
    """Run a test with the columnar fast path of the BVH importer and without it."""
    monkeypatch.setattr(BvhImporter, "columnar", request.param)
    return request.param


def test_fallbacks_rejections_and_generalised_raw_rows(tmp_path, small_gemeente, columnar):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    path = write(tmp_path / "bvh.csv", BVH_HEADER + "\n".join([
        "I1,A72,Geheimstraat,1,9999AB,Proefdorp,Wijk 00 Wijk 0,Buurt 00,2024-03-01T10:00,,,J,,",
        "I2,A72,Geheimstraat,2,9999AB,Proefdorp,Wijk 01 Wijk 1,Onbekend,2024-03-01T10:00,,,N,,",
        "I3,A72,Geheimstraat,3,9999AB,Proefdorp,Elders,Elders,2024-03-01T10:00,,,J,234234,583983",
        "I4,A72,Geheimstraat,4,9999AB,Proefdorp,,,{},,,J,,".format(tomorrow),
        "I5,A72,Geheimstraat,5,9999AB,Proefdorp,,,2024-02-31T10:00,,,J,,",
        "I6,ZZ9,Geheimstraat,6,9999AB,Proefdorp,Wijk 00 Wijk 0,Buurt 00,,,2024-03-02T08:00,J,,",
    ]) + "\n")
    summary = run_json("import", "bvh", path)
    assert (summary["rows"], summary["accepted"], summary["rejected"]) == (6, 2, 4)
    assert summary["rejected_reasons"] == {"bad_date": 1, "future_date": 1, "not_located": 1, "unknown_category": 1}
    located = dict(Registration.objects.values_list("source_ref", "attributes__located_by"))
    assert located == {"I1": "police_buurt", "I2": "police_wijk"}
    not_located = RejectedRow.objects.get(row_number=4)
    assert "X/Y 234234, 583983 lie in no buurt of GM0999" in not_located.reasons[0]["message"]
    assert not_located.raw["X"] == "234250" and not_located.raw["Pleegpostcode"] == "9999"
    assert "Geheimstraat" not in json.dumps(list(RejectedRow.objects.values_list("raw", flat=True)))
    assert "Geheimstraat" not in json.dumps(list(Registration.objects.values_list("attributes", flat=True)))
