"""The columnar fast path of the BVH importer stores exactly what the row-by-row conversion stores.

The same file is imported both ways into the same database (the first batch removed in between); the
registrations, quarantined rows, batch counts and cube must be identical. The file is the real Groningen
export with edge cases mixed in: notations the fast path leaves to the row path, formulas, duplicates, blank
lines, quoted fields, points outside every buurt and rows located by name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

import pytest

from veiligheidsbeeld.registrations import cube
from veiligheidsbeeld.registrations.importers import csvchunks
from veiligheidsbeeld.registrations.importers.bvh import BvhImporter
from veiligheidsbeeld.registrations.models import CubeCell, ImportBatch, Registration, RejectedRow
from veiligheidsbeeld.testing import require_shared_data

from .helpers import run, run_json

pytestmark = [pytest.mark.django_db, pytest.mark.realdata, pytest.mark.slow]

FOLDER = ("groningen", "groningen-fietsdiefstallen-2013-2017")


def _edge_rows(sample: list[dict], header: list[str]) -> list[dict]:
    """Rows the vectorised checks must hand to the row path (or get exactly right themselves)."""
    base = dict(sample[0])
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()

    def row(ref, **changes):
        out = dict(base, **{"Incident Identificatie": ref})
        out.update({k.replace("_", " "): v for k, v in changes.items()})
        return out

    return [
        row("E-dutch-date", **{"Begin-pleegdatum/tijd": "20-09-2017 17:30"}),
        row("E-bad-date", **{"Begin-pleegdatum/tijd": "2017-02-31T10:00"}),
        row("E-future", **{"Begin-pleegdatum/tijd": tomorrow + "T10:00", "Eind-pleegdatum/tijd": "",
                           "Kennisnamedatum/tijd": ""}),
        row("E-end-before-begin", **{"Eind-pleegdatum/tijd": "2017-09-19T10:00"}),
        row("E-only-notice", **{"Begin-pleegdatum/tijd": "", "Eind-pleegdatum/tijd": ""}),
        row("E-no-date", **{"Begin-pleegdatum/tijd": "", "Eind-pleegdatum/tijd": "", "Kennisnamedatum/tijd": ""}),
        row("E-1989", **{"Begin-pleegdatum/tijd": "1989-12-31T10:00", "Eind-pleegdatum/tijd": "",
                         "Kennisnamedatum/tijd": ""}),
        row("E-formula", Pleegstraatnaam='=HYPERLINK("http://x.example","klik")'),
        row("E-formula-at", Object="@SUM(A1:A9)"),
        row("E-formula-spaces", Object="   =1+2"),
        row("E-formula-nbsp", Object="\u00a0=HYPERLINK(\"x\")"),
        row("E-formula-quoted-space", Weer=' -SUM(1)'),
        row("E-nbsp-only", Object="\u00a0"),
        row("E-minus-text", Object="- Openbare weg"),
        row("E-negative", Verdachten="-1"),
        row("E-temp-minus", Temperatuur="-0.5"),  # a plain signed number: data, decided in the fast path
        row("E-temp-plus", Temperatuur="+3,5"),
        row("E-temp-weather", Temperatuur="-1", Weer="-2"),
        row("E-temp-dash", Temperatuur="-"),
        row("E-temp-dashes", Temperatuur="--1"),
        row("E-temp-formula", Temperatuur="-2+3+cmd|' /C calc'!A0"),
        row("E-temp-spaced", Temperatuur=" -0.5 "),
        row("E-temp-exp", Temperatuur="-1e-3"),
        row("E-no-xy", X="", Y=""),
        row("E-xy-comma", X="234234,5", Y="583983,5"),
        row("E-xy-text", X="noord", Y="583983"),
        row("E-xy-outside", X="100000", Y="400000"),
        row("E-xy-outside-no-name", X="100000", Y="400000", Pleegbuurt="", Pleegwijk=""),
        row("E-unmapped", **{"Incidentsoort code": "ZZ9"}),
        row(""),
        row("E-" + "x" * 130),
        row("  E-spaces  ", **{"Incidentsoort code": " A72 ", "Aangifte": " j ", "Verdachten": " 2 "}),
        row("E-flags", Aangifte="?", Poging="J", Opgehelderd="n", Aanhoudingen="03"),
        row("E-quoted", Object='Openbare Weg/-Water, "Weg"', Pleegbuurt="West-Indischebuurt"),
        row("E-multiline", Object="Openbare\nweg"),
        row(sample[1]["Incident Identificatie"]),  # a duplicate of a real row within the file
        row("E-sql", Object="'); DROP TABLE registrations_registration; --"),
        row("E-html", Object="<script>alert(1)</script>"),
    ]


def _write(path, rows: list[dict], header: list[str]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for n, r in enumerate(rows):
        writer.writerow(r)
        if n % 997 == 0:
            buffer.write("\n")  # blank lines, skipped
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _snapshot() -> dict:
    registrations = sorted(Registration.objects.values_list(
        "source_system", "source_ref", "kind", "theme_id", "category_code", "category_label", "period_start",
        "precision", "area_id", "count", "attributes", "confidentiality",
    ), key=lambda r: r[1])
    rejected = sorted(RejectedRow.objects.values_list("row_number", "raw", "reasons"), key=lambda r: r[0])
    batch = ImportBatch.objects.values("rows", "accepted", "rejected", "duplicates", "total_count",
                                       "rejected_reasons").get()
    cells = sorted(CubeCell.objects.values_list("area_id", "theme_id", "source_system", "category_code",
                                                "precision", "period_start", "count"))
    return {"registrations": registrations, "rejected": rejected, "batch": batch, "cube": cells}


@pytest.mark.parametrize("chunk_bytes", [1 << 20, 200_000])
def test_columnar_path_stores_what_the_row_path_stores(tmp_path, monkeypatch, chunk_bytes):
    source = require_shared_data(*FOLDER, "fietsdiefstallen_groningen_2013_2017.csv")
    with open(source, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header, sample = reader.fieldnames, list(reader)
    rows = sample + _edge_rows(sample, header)
    random.Random(7).shuffle(rows)
    path = tmp_path / "bvh.csv"
    _write(path, rows, header)
    for level in ("wijk", "buurt"):
        run("areas", "import", "boundaries", require_shared_data(*FOLDER, "{}2017_shp_wgs84.zip".format(level)),
            "--level", level, "--year", "2017")
    monkeypatch.setattr(csvchunks, "CHUNK_BYTES", chunk_bytes)

    snapshots = {}
    for columnar in (True, False):
        monkeypatch.setattr(BvhImporter, "columnar", columnar)
        summary = run_json("import", "bvh", path, "--gemeente", "GM0014", "--grid")
        assert summary["rows"] == len(rows)
        assert summary["accepted"] + summary["rejected"] + summary["duplicates"] == summary["rows"]
        snapshots[columnar] = _snapshot()
        ImportBatch.objects.all().delete()
        cube.rebuild()
    fast, slow = snapshots[True], snapshots[False]
    assert fast["batch"] == slow["batch"]
    assert fast["registrations"] == slow["registrations"]
    assert fast["rejected"] == slow["rejected"]
    assert fast["cube"] == slow["cube"]
    reasons = fast["batch"]["rejected_reasons"]
    assert {"formula", "bad_date", "future_date", "missing_value", "unknown_category", "bad_coordinates"} <= set(reasons)
    assert fast["batch"]["duplicates"] == 1


def test_columnar_path_counts_duplicates_of_an_earlier_import_as_the_row_path_does(tmp_path, monkeypatch):
    """A second file that repeats part of the first: on SQLite the fast path inserts with ``INSERT OR IGNORE``
    and falls back to a lookup when a chunk holds stored references; chunks of every mix (none, some, all
    stored) must give the row path's counts, registrations and cube."""
    source = require_shared_data(*FOLDER, "fietsdiefstallen_groningen_2013_2017.csv")
    with open(source, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header, sample = reader.fieldnames, list(reader)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    _write(first, sample[:6000], header)
    _write(second, sample[4000:], header)  # rows 4000-5999 were imported with the first file
    for level in ("wijk", "buurt"):
        run("areas", "import", "boundaries", require_shared_data(*FOLDER, "{}2017_shp_wgs84.zip".format(level)),
            "--level", level, "--year", "2017")
    monkeypatch.setattr(csvchunks, "CHUNK_BYTES", 300_000)

    outcomes = {}
    for columnar in (True, False):
        monkeypatch.setattr(BvhImporter, "columnar", columnar)
        summaries = [run_json("import", "bvh", path, "--gemeente", "GM0014") for path in (first, second)]
        registrations = sorted(Registration.objects.values_list("source_ref", "period_start", "area_id", "attributes"))
        cells = sorted(CubeCell.objects.values_list("area_id", "theme_id", "category_code", "period_start", "count"))
        outcomes[columnar] = ([{k: s[k] for k in ("rows", "accepted", "rejected", "duplicates", "total_count")}
                               for s in summaries], registrations, cells)
        ImportBatch.objects.all().delete()
        cube.rebuild()
    assert outcomes[True] == outcomes[False]
    counts = outcomes[True][0]
    assert 1900 < counts[1]["duplicates"] <= 2000  # the overlap, less rows the first import rejected
    assert counts[1]["accepted"] + counts[1]["rejected"] + counts[1]["duplicates"] == len(sample) - 4000
