"""The ``veiligheidsbeeld areas`` commands on the real CBS files (skip without ../shared/data) and bad input."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from veiligheidsbeeld.areas.models import Area, AreaPopulation
from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.testing import require_shared_data

pytestmark = pytest.mark.django_db

GRONINGEN = ("groningen", "politie-47018-buurt-2023-groningen", "47018NED_WijkenEnBuurten.csv")
POPULATION = ("nl", "cbs-kwb-2024-buurt-population-nl", "Population85984_2024_buurten_NL.csv")
POPULATION_JSON = ("nl", "cbs-kwb-2024-gemeente-wijk-json", "stripped_filtered_data_2024.json")
WIJKEN = ("groningen", "groningen-demo-derived", "groningen_wijken_2024.geojson")


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.realdata
def test_groningen_regions_population_and_boundaries():
    run("areas", "import", "regions", str(require_shared_data(*GRONINGEN)), "--gemeente", "GM0014")
    run("areas", "import", "population", str(require_shared_data(*POPULATION)), "--year", "2024")
    out = run("areas", "import", "boundaries", str(require_shared_data(*WIJKEN)), "--level", "wijk", "--year", "2024")
    assert "20 updated" in out

    areas = Area.objects.filter(gemeente__code="GM0014", year=2024)
    assert areas.filter(level="wijk").count() == 20
    assert areas.filter(level="buurt").count() == 151
    buurt_population = AreaPopulation.objects.filter(area__in=areas.filter(level="buurt"), year=2024)
    assert buurt_population.aggregate(total=Sum("population"))["total"] == 243_790
    assert all(a.geometry for a in areas.filter(level="wijk"))

    listing = json.loads(run("areas", "list", "--gemeente", "GM0014", "--json"))
    assert len(listing) == 1 + 20 + 151
    buurt = next(row for row in listing if row["level"] == "buurt")
    assert set(buurt) == {"code", "name", "level", "parent", "year", "population", "has_geometry"}
    assert buurt["parent"].startswith("WK0014") and buurt["year"] == 2024 and "2024" in buurt["population"]
    assert AuditEvent.objects.filter(action="areas_imported").exists()


@pytest.mark.realdata
def test_importing_twice_changes_nothing():
    path = str(require_shared_data(*GRONINGEN))
    run("areas", "import", "regions", path, "--gemeente", "GM0014")
    out = run("areas", "import", "regions", path, "--gemeente", "GM0014")
    assert "0 created, 0 updated, 172 unchanged" in out


@pytest.mark.realdata
def test_population_json_shape():
    run("areas", "import", "regions", str(require_shared_data(*GRONINGEN)), "--gemeente", "GM0014")
    run("areas", "import", "population", str(require_shared_data(*POPULATION_JSON)), "--year", "2024")
    gemeente = AreaPopulation.objects.get(area__code="GM0014", year=2024)
    assert gemeente.population > 240_000


@pytest.mark.realdata
def test_2017_buurt_boundaries_register_their_areas():
    folder = ("groningen", "groningen-fietsdiefstallen-2013-2017")
    run("areas", "import", "boundaries", str(require_shared_data(*folder, "wijk2017_shp_wgs84.zip")),
        "--level", "wijk", "--year", "2017")
    run("areas", "import", "boundaries", str(require_shared_data(*folder, "buurt2017_shp_wgs84.zip")),
        "--level", "buurt", "--year", "2017")
    assert Area.objects.filter(year=2017, level="wijk").count() == 15
    assert Area.objects.filter(year=2017, level="buurt").count() == 108
    assert not Area.objects.filter(year=2017, level="buurt", parent__isnull=True).exists()


def test_buurt_boundaries_without_their_wijk_fail_whole(tmp_path):
    path = tmp_path / "buurten.geojson"
    feature = {
        "type": "Feature",
        "properties": {"BU_CODE": "BU09990000", "BU_NAAM": "Ergens", "WK_CODE": "WK099900", "GM_CODE": "GM0999"},
        "geometry": {"type": "Polygon", "coordinates": [[[6, 53], [6.01, 53], [6.01, 53.01], [6, 53]]]},
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    with pytest.raises(CommandError, match="its wijk WK099900 is not registered for 2024"):
        run("areas", "import", "boundaries", str(path), "--level", "buurt", "--year", "2024")
    assert not Area.objects.exists()


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        run("areas", "import", "regions", str(tmp_path / "nope.csv"), "--gemeente", "GM0014")


def test_region_file_with_bad_rows_names_the_line(tmp_path):
    path = tmp_path / "regions.csv"
    path.write_text(
        '"Key","Title","Description","Municipality","DetailRegionCode"\n'
        '"GM0999    ","Proefdorp","","GM0999","GM0999"\n'
        '"BU09990000","Zwerfbuurt","","GM0999","BU09990000"\n'
    )
    with pytest.raises(CommandError) as error:
        run("areas", "import", "regions", str(path), "--gemeente", "GM0999", "--year", "2024")
    assert "regions.csv" in str(error.value) and "3" in str(error.value)
    assert not Area.objects.exists()
