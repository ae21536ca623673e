"""Events located by PC4 (issue 13, item 8, event side): exact to the gemeente, estimated to buurten and wijken."""

import datetime as dt

import pytest

from veiligheidsbeeld.registrations.models import CubeCell, Registration, RejectedRow

from .helpers import run, run_json, write

pytestmark = pytest.mark.django_db

# The CBS postcode-huisnummer layout. PC4 9999 lies in GM0999 only: 3 addresses in buurt BU09990000 (wijk
# WK099900), 1 in BU09990100 (wijk WK099901). PC4 9998 crosses gemeenten: 2 addresses in BU09990001 of GM0999,
# 2 in GM0997 (not registered). PC4 9997 lies in GM0997 only.
POSTCODES = "\n".join([
    "PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024",
    "9999AA;1;09990000;099900;0999", "9999AA;3;09990000;099900;0999", "9999AB;2;09990000;099900;0999",
    "9999AB;4;09990100;099901;0999",
    "9998XY;1;09990001;099900;0999", "9998XY;2;09990001;099900;0999",
    "9998XZ;1;09970000;099700;0997", "9998XZ;2;09970000;099700;0997",
    "9997AA;1;09970000;099700;0997",
]) + "\n"

EVENTS = "\n".join([
    "Postcode;Datum;Soort",
    "9999;2024-03-02;Diefstal/inbraak woning",
    "9999;2024-03-02;Diefstal/inbraak woning",  # an exact repeat: a second event
    "9999AB;15-03-2024;1.1.1 Diefstal/inbraak woning",  # a PC6 is cut to its PC4
    "9999;2024-04-01;Diefstal/inbraak woning",
    "9998;2024-03-05;Diefstal/inbraak woning",  # crosses gemeenten: estimated only
    "9997;2024-03-05;Diefstal/inbraak woning",  # GM0997 is not registered
    "1234;2024-03-05;Diefstal/inbraak woning",  # unknown PC4
]) + "\n"


@pytest.fixture
def postcodes(small_gemeente, tmp_path):
    run("areas", "import", "postcodes", write(tmp_path / "pc6hnr20240801_gwb.csv", POSTCODES), "--year", "2024")
    return small_gemeente


def test_pc4_events_go_exactly_to_the_gemeente_and_by_estimate_to_buurten(postcodes, tmp_path):
    path = write(tmp_path / "misdaad_in_kaart.csv", EVENTS)
    summary = run_json("import", "pc4-events", path)
    assert (summary["rows"], summary["accepted"], summary["rejected"], summary["out_of_scope"]) == (7, 5, 1, 1)
    assert summary["by_gemeente"] == {"GM0999": {"accepted": 4, "total_count": 4}}
    assert summary["rejected_reasons"] == {"unknown_postcode": 1}
    rejected = RejectedRow.objects.get()
    assert "PC4 1234 is not in the postcode register of 2024" in rejected.reasons[0]["message"]

    exact = Registration.objects.filter(estimated=False)
    assert exact.count() == 4 and set(exact.values_list("area__code", flat=True)) == {"GM0999"}
    assert len(set(exact.values_list("source_ref", flat=True))) == 4  # the repeat is kept as an event

    def cells(estimated):
        return {(c.area.code, c.period_start.month): c.count
                for c in CubeCell.objects.filter(estimated=estimated).select_related("area")}

    assert cells(False) == {("GM0999", 3): 3, ("GM0999", 4): 1}
    # March: buurt shares 3 x 0.75 + 0.5 (PC4 9998) = 2.25, 3 x 0.25 = 0.75, 0.5 -> 4 whole events by
    # largest remainder; wijken 2.75 and 0.75 -> 3 and 1. April: one event, 0.75 / 0.25 -> the larger.
    assert cells(True) == {
        ("BU09990000", 3): 2, ("BU09990100", 3): 1, ("BU09990001", 3): 1, ("WK099900", 3): 3, ("WK099901", 3): 1,
        ("BU09990000", 4): 1, ("WK099900", 4): 1,
    }
    assert all(c.precision == "month" for c in CubeCell.objects.filter(estimated=True))

    again = run_json("import", "pc4-events", path)  # idempotent by file hash
    assert again["batch"] == summary["batch"] and Registration.objects.filter(estimated=False).count() == 4


def test_the_same_events_in_another_file_are_new_events(postcodes, tmp_path):
    run_json("import", "pc4-events", write(tmp_path / "a.csv", EVENTS))
    second = run_json("import", "pc4-events", write(tmp_path / "b.csv", EVENTS + "9999;2024-04-02;Diefstal/inbraak woning\n"))
    assert second["accepted"] == 6 and Registration.objects.filter(estimated=False).count() == 9


def test_an_event_file_for_one_gemeente_counts_the_others_out_of_scope(postcodes, tmp_path):
    summary = run_json("import", "pc4-events", write(tmp_path / "e.csv", EVENTS), "--gemeente", "GM0999")
    assert (summary["accepted"], summary["out_of_scope"]) == (5, 1)
    assert dt.date(2024, 3, 1) in set(CubeCell.objects.values_list("period_start", flat=True))


def test_cube_query_reads_exact_and_estimated_counts_back(postcodes, tmp_path):
    import json

    run_json("import", "pc4-events", write(tmp_path / "e.csv", EVENTS))
    rows = json.loads(run("cube", "query", "--area", "BU09990000", "--json"))
    assert rows == [
        {"area": "BU09990000", "theme": "woninginbraak", "period": "2024-03", "precision": "month", "count": 2,
         "source": "politie-misdrijven", "estimated": True, "aggregated": False},
        {"area": "BU09990000", "theme": "woninginbraak", "period": "2024-04", "precision": "month", "count": 1,
         "source": "politie-misdrijven", "estimated": True, "aggregated": False},
    ]
    rows = json.loads(run("cube", "query", "--area", "gm0999", "--theme", "woninginbraak", "--period", "2024-03",
                          "--json"))
    assert rows == [{"area": "GM0999", "theme": "woninginbraak", "period": "2024-03", "precision": "month",
                     "count": 3, "source": "politie-misdrijven", "estimated": False, "aggregated": False}]
    assert json.loads(run("cube", "query", "--area", "GM0999", "--period", "2023", "--json")) == []
    assert "estimated" in run("cube", "query", "--area", "BU09990000")


def test_the_analysis_counts_pc4_events_once_and_the_dashboard_says_estimates_are_apart(postcodes, tmp_path):
    from veiligheidsbeeld.analyses.arrays import build_arrays
    from veiligheidsbeeld.registrations.templatetags.estimated import estimated_note

    assert estimated_note(postcodes) == ""
    run_json("import", "pc4-events", write(tmp_path / "e.csv", EVENTS))
    arrays = build_arrays(postcodes)
    assert arrays.registrations == 4  # the four exact events, not again as estimated buurt and wijk cells
    gemeente = next(i for i, a in enumerate(arrays.areas) if a.level == "gemeente")
    assert int(arrays.counts[gemeente, : arrays.n_leaves].sum()) == 4
    assert "schatting naar aandeel adressen" in estimated_note(postcodes)  # Dutch UI
