"""``veiligheidsbeeld gemeente setup`` (issue 13, item 11): a real gemeente in one go from a folder of CBS files."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from veiligheidsbeeld.areas.models import Area, AreaGroup, AreaLevel, AreaPopulation, PostcodeAllocation
from veiligheidsbeeld.areas.setup import find_files
from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.frameworks.versioning import current_framework
from veiligheidsbeeld.testing import require_shared_data

pytestmark = pytest.mark.django_db

REGION_HEADER = '"Key","Title","Description","Municipality","DetailRegionCode"'
REGIONS = [
    REGION_HEADER,
    '"NL00      ","Nederland",,"",""',
    '"GM0999    ","Proefdorp","","GM0999","GM0999"',
    '"WK099900  ","Wijk 00 Dorp","","GM0999","WK099900"',
    '"BU09990000","Dorpskern","","GM0999","BU09990000"',
    '"GM0998    ","Buitenland","","GM0998","GM0998"',
    '"GM0997    ","Buurdorp","","GM0997","GM0997"',
]


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def small_folder(tmp_path):
    """A folder as a user downloads it: region table + metadata, population, boundaries, postcodes, other files."""
    folder = tmp_path / "cbs"
    (folder / "sub").mkdir(parents=True)
    (folder / "T_WijkenEnBuurten.csv").write_text("\n".join(REGIONS) + "\n", encoding="utf-8")
    (folder / "T_DataProperties.csv").write_text(
        '"odata.type","ID","Position","ParentID","Type","Key","Title","Description"\n'
        '"Cbs.OData.GeoDetail",1,1,,"GeoDetail","WijkenEnBuurten","Wijken en buurten",'
        '"Wijken en buurten (indeling 2024)"\n', encoding="utf-8")
    (folder / "T_SoortMisdrijf.csv").write_text('"Key","Title"\n"0.0.0 ","Totaal misdrijven"\n', encoding="utf-8")
    (folder / "population_2024.csv").write_text('"nhood_id","population"\n"BU09990000",1200\n"GM0997",800\n',
                                                encoding="utf-8")
    feature = {"type": "Feature", "properties": {"wijkcode": "WK099900", "wijknaam": "Wijk 00 Dorp",
                                                 "gemeentecode": "GM0999", "gemeentenaam": "Proefdorp"},
               "geometry": {"type": "Polygon", "coordinates": [[[6, 53], [6.01, 53], [6.01, 53.01], [6, 53]]]}}
    (folder / "sub" / "wijken.geojson").write_text(json.dumps(
        {"type": "FeatureCollection", "metadata": {"year": 2024}, "features": [feature]}), encoding="utf-8")
    (folder / "sub" / "wijken_undated.geojson").write_text(json.dumps(
        {"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    (folder / "pc6hnr20240801_gwb.csv").write_text(
        "PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024\n9999AA;1;09990000;099900;0999\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a CBS file\n", encoding="utf-8")
    return folder


def test_the_files_are_recognised_by_content(tmp_path):
    found = find_files(small_folder(tmp_path))
    assert [p.name for p in found.regions] == ["T_WijkenEnBuurten.csv"]
    assert [(p.name, y) for p, y in found.population] == [("population_2024.csv", 2024)]
    assert [(p.name, level, y) for p, level, y in found.boundaries] == [("wijken.geojson", "wijk", 2024)]
    assert [(p.name, y) for p, y in found.postcodes] == [("pc6hnr20240801_gwb.csv", 2024)]
    assert [(p.name, "unknown year" in reason) for p, reason in found.skipped] == [("wijken_undated.geojson", True)]


def test_setup_runs_every_import_and_says_there_is_no_framework_for_this_gemeente(tmp_path):
    folder = small_folder(tmp_path)
    out = run("gemeente", "setup", "GM0999", "--from", str(folder))

    assert "national register (T_WijkenEnBuurten.csv): 15 created" in out  # NL00, 12 provincies, 2 gemeenten
    assert {g.code: g.name for g in Gemeente.objects.all()} == {"GM0999": "Proefdorp", "GM0997": "Buurdorp"}
    assert Area.objects.get(code="BU09990000").parent.code == "WK099900"
    assert AreaPopulation.objects.get(area__code="BU09990000").population == 1200
    assert AreaPopulation.objects.get(area__code="GM0997").population == 800
    assert Area.objects.get(code="WK099900").geometry["type"] == "Polygon"
    assert PostcodeAllocation.objects.get().buurt_code == "BU09990000"
    assert "not used: sub/wijken_undated.geojson (wijk boundaries of an unknown year" in out
    assert "no framework ships for GM0999" in out

    again = run("gemeente", "setup", "GM0999", "--from", str(folder))
    assert " created" not in again.replace("0 created", "")


def test_setup_without_a_region_file_stores_nothing(tmp_path):
    folder = small_folder(tmp_path)
    (folder / "T_WijkenEnBuurten.csv").unlink()
    with pytest.raises(CommandError, match="no CBS region file"):
        run("gemeente", "setup", "GM0999", "--from", str(folder))
    with pytest.raises(CommandError, match="'GM99' is not a gemeente code"):
        run("gemeente", "setup", "GM99", "--from", str(folder))
    assert not Area.objects.exists()


def test_setup_is_atomic(tmp_path):
    folder = small_folder(tmp_path)
    (folder / "population_2024.csv").write_text('"nhood_id","population"\n"BU09990000",-5\n', encoding="utf-8")
    with pytest.raises(CommandError, match="population_2024.csv"):
        run("gemeente", "setup", "GM0999", "--from", str(folder))
    assert not Area.objects.exists() and not Gemeente.objects.exists()


@pytest.mark.realdata
def test_groningen_from_the_shared_data_folder_gets_its_areas_and_its_framework(tmp_path):
    folder = require_shared_data()
    out = run("gemeente", "setup", "GM0014", "--from", str(folder))

    groningen = Gemeente.objects.get(code="GM0014")
    areas = Area.objects.filter(gemeente=groningen, year=2024)
    assert areas.filter(level=AreaLevel.WIJK).count() == 20 and areas.filter(level=AreaLevel.BUURT).count() == 151
    assert all(a.geometry for a in areas.filter(level=AreaLevel.WIJK))
    buurten = AreaPopulation.objects.filter(area__in=areas.filter(level=AreaLevel.BUURT), year=2024)
    assert buurten.aggregate(total=Sum("population"))["total"] == 243_790
    assert Area.objects.filter(level=AreaLevel.GEMEENTE, year=2024).count() == 342
    assert Area.objects.filter(gemeente=groningen, year=2017, level=AreaLevel.BUURT).count() == 108

    # The report's "Geen veiligheidskader geladen" comes from a gemeente without a current framework.
    framework = current_framework(groningen)
    assert framework is not None and framework.content["priorities"]
    assert "framework: Veiligheidskader 2021-2024" in out
    assert AreaGroup.objects.filter(gemeente=groningen).exists()
