"""Tests of the area file parsers: small hand-written files for each rule and error, then the real CBS files."""

import io
import json
import subprocess
import sys
import zipfile

import pytest
import shapefile
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import shape

from veiligheidsbeeld.areas.parsers import (
    AreaFileError,
    Level,
    PopulationRecord,
    Problem,
    Region,
    parse_boundaries,
    parse_population,
    parse_regions,
)
from veiligheidsbeeld.testing import require_shared_data

REGION_HEADER = '"Key","Title","Description","Municipality","DetailRegionCode"'
REGION_ROWS = [
    '"NL00      ","Nederland",,"",""',
    '"GM0014    ","Groningen","","GM0014","GM0014"',
    '"WK001400  ","Centrum","","GM0014","WK001400"',
    '"BU00140000","Binnenstad-Noord","","GM0014","BU00140000"',
    '"BU00140001","Binnenstad-Zuid","","GM0014","BU00140001"',
    '"GM0015    ","Elders","","GM0015","GM0015"',
]
# Two squares of ~700 m in Groningen, WGS84 and the same place in RD New (EPSG:28992).
WGS84_SQUARE = "POLYGON ((6.56 53.21, 6.57 53.21, 6.57 53.22, 6.56 53.22, 6.56 53.21))"
RD_SQUARE = "POLYGON ((233000 582000, 234000 582000, 234000 583000, 233000 583000, 233000 582000))"
RD_NEW_PRJ = CRS.from_epsg(28992).to_wkt(version="WKT1_ESRI")
WIJK = {"wijkcode": "WK001400", "wijknaam": "Centrum"}


def write(tmp_path, name, lines):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def feature(properties, wkt):
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": shapely.geometry.mapping(shapely.from_wkt(wkt)),
    }


def write_geojson(tmp_path, features, **members):
    path = tmp_path / "areas.geojson"
    path.write_text(
        json.dumps({"type": "FeatureCollection", **members, "features": features}), encoding="utf-8"
    )
    return path


def error_text(excinfo):
    return str(excinfo.value)


# --- regions ---------------------------------------------------------------------------------------------------


def test_regions_returns_the_gemeente_its_wijken_and_buurten(tmp_path):
    regions = parse_regions(write(tmp_path, "T_WijkenEnBuurten.csv", [REGION_HEADER, *REGION_ROWS]), "GM0014")

    assert regions.gemeente == Region("GM0014", "Groningen", Level.GEMEENTE, None)
    assert regions.wijken == (Region("WK001400", "Centrum", Level.WIJK, "GM0014"),)
    assert [(b.code, b.name, b.parent_code) for b in regions.buurten] == [
        ("BU00140000", "Binnenstad-Noord", "WK001400"),
        ("BU00140001", "Binnenstad-Zuid", "WK001400"),
    ]
    assert regions.year is None


def test_regions_read_the_indeling_year_from_the_table_metadata_beside_the_file(tmp_path):
    write(
        tmp_path,
        "T_DataProperties.csv",
        [
            '"ID","Type","Key","Description"',
            '0,"Dimension","SoortMisdrijf",""',
            '1,"GeoDetail","WijkenEnBuurten","Wijken en buurten (indeling 2024)"',
        ],
    )
    path = write(tmp_path, "T_WijkenEnBuurten.csv", [REGION_HEADER, *REGION_ROWS])

    assert parse_regions(path, "GM0014").year == 2024


@pytest.mark.parametrize(
    ("rows", "gemeente", "expected"),
    [
        (
            [*REGION_ROWS, '"BU001400","Kort","","GM0014","BU001400"'],
            "GM0014",
            "line 8, column 'Key', value 'BU001400': malformed buurt code (expected BU + 4 digits + 4 digits or capitals)",
        ),
        (
            [*REGION_ROWS, '"XX00140002","Vreemd","","GM0014",""'],
            "GM0014",
            "line 8, column 'Key', value 'XX00140002': unknown code prefix 'XX' (expected GM, WK or BU)",
        ),
        (
            [*REGION_ROWS, '"BU00140000","Dubbel","","GM0014","BU00140000"'],
            "GM0014",
            "line 8, column 'Key', value 'BU00140000': duplicate code (first on line 5)",
        ),
        (
            [*REGION_ROWS, '"BU00140100","Wees","","GM0014","BU00140100"'],
            "GM0014",
            "line 8, column 'Key', value 'BU00140100': wijk WK001401 of this buurt is missing",
        ),
        (
            [*REGION_ROWS, '"BU00140002","Verkeerd","","GM0015","BU00140002"'],
            "GM0014",
            (
                "line 8, column 'Municipality', value 'GM0015': municipality does not match code BU00140002 "
                "(expected GM0014)"
            ),
        ),
        (
            [*REGION_ROWS, '"BU00140002","","","GM0014","BU00140002"'],
            "GM0014",
            "line 8, column 'Title', value '': empty name",
        ),
        (REGION_ROWS, "GM0016", "column 'Key', value 'GM0016': gemeente not in file"),
    ],
    ids=[
        "malformed",
        "unknown-prefix",
        "duplicate",
        "wijk-missing",
        "municipality",
        "empty-name",
        "no-gemeente",
    ],
)
def test_regions_report_each_problem_with_line_and_reason(tmp_path, rows, gemeente, expected):
    path = write(tmp_path, "regions.csv", [REGION_HEADER, *rows])

    with pytest.raises(AreaFileError) as excinfo:
        parse_regions(path, gemeente)

    assert error_text(excinfo).startswith("regions.csv: 1 problem\n")
    assert expected in error_text(excinfo)


def test_regions_name_every_missing_column(tmp_path):
    path = write(tmp_path, "regions.csv", ['"Key","Description"', '"GM0014","Groningen"'])

    with pytest.raises(AreaFileError) as excinfo:
        parse_regions(path, "GM0014")

    assert excinfo.value.problems == (
        Problem(1, "Title", None, "missing column"),
        Problem(1, "Municipality", None, "missing column"),
    )


def test_regions_collect_all_problems_before_raising(tmp_path):
    rows = [*REGION_ROWS, '"BU001400","Kort","","GM0014",""', '"BU00140000","Dubbel","","GM0014",""']
    path = write(tmp_path, "regions.csv", [REGION_HEADER, *rows])

    with pytest.raises(AreaFileError) as excinfo:
        parse_regions(path, "GM0014")

    assert [problem.line for problem in excinfo.value.problems] == [8, 9]


def test_regions_reject_a_gemeente_argument_that_is_not_a_gemeente_code(tmp_path):
    with pytest.raises(ValueError, match="gemeente must be a code like 'GM0014', got 'WK001400'"):
        parse_regions(write(tmp_path, "regions.csv", [REGION_HEADER, *REGION_ROWS]), "WK001400")


# --- population ------------------------------------------------------------------------------------------------


def test_population_reads_the_csv_shape_with_padded_codes_and_missing_figures(tmp_path):
    path = write(
        tmp_path,
        "population.csv",
        [
            '"","nhood_id","population"',
            '"1","BU00140000  ",3455',
            '"2","BU00140001","."',
            '"3","NL00",17942915',
        ],
    )

    assert parse_population(path, 2024) == [
        PopulationRecord("BU00140000", 3455, 2024),
        PopulationRecord("BU00140001", None, 2024),
    ]


def test_population_reads_statline_column_names_and_semicolons(tmp_path):
    path = write(tmp_path, "kwb.csv", ["ID;WijkenEnBuurten;AantalInwoners_5", "0;GM0014    ;243768"])

    assert parse_population(path, 2024) == [PopulationRecord("GM0014", 243768, 2024)]


def test_population_reads_the_json_object_keyed_by_code(tmp_path):
    path = tmp_path / "kwb.json"
    path.write_text(
        json.dumps(
            {"GM0014": {"AantalInwoners_5": 243768, "Mannen_6": 1}, "WK001400  ": {"AantalInwoners_5": 24920}}
        )
    )

    assert parse_population(path, 2024) == [
        PopulationRecord("GM0014", 243768, 2024),
        PopulationRecord("WK001400", 24920, 2024),
    ]


def test_population_reads_the_json_list_of_cbsodata_rows(tmp_path):
    path = tmp_path / "kwb.json"
    path.write_text(json.dumps([{"WijkenEnBuurten": "GM0014    ", "AantalInwoners_5": 243768}]))

    assert parse_population(path, 2024) == [PopulationRecord("GM0014", 243768, 2024)]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "p.csv",
            "nhood_id,population\nBU00140000,-5\n",
            "line 2, column 'population', value '-5': negative count",
        ),
        (
            "p.csv",
            "nhood_id,population\nBU00140000,12.5\n",
            "line 2, column 'population', value '12.5': not a whole number",
        ),
        ("p.csv", "nhood_id,population\nBU0014\n", "line 2: 1 fields where the header has 2"),
        (
            "p.csv",
            "nhood_id,population\nBU00140000,1\nBU00140000,2\n",
            "line 3, column 'nhood_id', value 'BU00140000': duplicate code (first at line 2)",
        ),
        (
            "p.csv",
            "nhood_id,population\nBU0014AB,1\n",
            "line 2, column 'nhood_id', value 'BU0014AB': malformed buurt code",
        ),
        (
            "p.csv",
            "nhood_id,inhabitants\nBU00140000,1\n",
            "line 1: no population column (expected one of population, ",
        ),
        ("p.csv", "region,population\nBU00140000,1\n", "line 1: no code column (expected one of nhood_id, "),
        (
            "p.json",
            '{"GM0014": {"Mannen_6": 1}}',
            "entry 1: no population field (expected one of population, ",
        ),
        (
            "p.json",
            '{"GM0014": {"AantalInwoners_5": -1}}',
            "entry 1, column 'AantalInwoners_5', value '-1': negative count",
        ),
        ("p.json", '[{"AantalInwoners_5": 1}]', "entry 1: no code field (expected one of nhood_id, "),
        ("p.json", '{"GM0014": 5}', "entry 1: entry is not a JSON object"),
        ("p.json", '{"GM0014": ', "line 1: JSON does not parse: Expecting value"),
    ],
    ids=[
        "negative",
        "fraction",
        "short-row",
        "duplicate",
        "malformed",
        "no-population-column",
        "no-code-column",
        "json-no-field",
        "json-negative",
        "json-no-code",
        "json-not-object",
        "json-syntax",
    ],
)
def test_population_reports_each_problem_with_place_and_reason(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")

    with pytest.raises(AreaFileError) as excinfo:
        parse_population(path, 2024)

    assert error_text(excinfo).startswith(f"{name}: 1 problem\n")
    assert expected in error_text(excinfo)


def test_population_reports_text_that_is_not_utf8_with_its_line(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(b"nhood_id,population\nBU00140000,1\n\xff\n")

    with pytest.raises(AreaFileError, match=r"line 3: not UTF-8 text \(byte 0xff\)"):
        parse_population(path, 2024)


# --- boundaries ------------------------------------------------------------------------------------------------


def test_boundaries_from_geojson_give_records_with_derived_codes_and_wgs84_geometry(tmp_path):
    path = write_geojson(
        tmp_path,
        [
            feature(
                {
                    "wijkcode": "WK001400",
                    "wijknaam": "Centrum",
                    "gemeentecode": "GM0014",
                    "aantal_inwoners": 24920,
                },
                WGS84_SQUARE,
            )
        ],
    )

    result = parse_boundaries(path, "wijk")

    (record,) = result.records
    assert (
        record.code,
        record.name,
        record.level,
        record.parent_code,
        record.gemeente_code,
        record.population,
    ) == (
        "WK001400",
        "Centrum",
        Level.WIJK,
        "GM0014",
        "GM0014",
        24920,
    )
    assert record.geometry["type"] == "Polygon"
    assert shape(record.geometry).equals(shapely.from_wkt(WGS84_SQUARE))
    assert (result.source_crs, result.crs_source, result.repaired) == ("EPSG:4326", "coordinates", ())


@pytest.mark.parametrize(
    ("members", "crs", "crs_source"),
    [
        ({}, None, "coordinates"),
        ({"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}}, None, "file"),
        ({}, "EPSG:28992", "argument"),
    ],
    ids=["by-range", "crs-member", "argument"],
)
def test_boundaries_in_rd_new_are_converted_to_wgs84(tmp_path, members, crs, crs_source):
    path = write_geojson(tmp_path, [feature({"BU_CODE": "BU00140000"}, RD_SQUARE)], **members)

    result = parse_boundaries(path, crs=crs)

    expected = Transformer.from_crs(28992, 4326, always_xy=True).transform(233_000, 582_000)
    corner = min(tuple(point) for point in result.records[0].geometry["coordinates"][0])
    assert corner == pytest.approx(expected, abs=1e-7)
    assert (result.source_crs, result.crs_source) == ("EPSG:28992", crs_source)


def test_boundaries_round_to_seven_decimals_and_orient_exterior_rings_counter_clockwise(tmp_path):
    clockwise = (
        "POLYGON ((6.5600000123 53.21, 6.56 53.2200000449, 6.57 53.22, 6.57 53.21, 6.5600000123 53.21))"
    )
    path = write_geojson(tmp_path, [feature({"wijkcode": "WK001400"}, clockwise)])

    ring = parse_boundaries(path).records[0].geometry["coordinates"][0]

    assert [6.56, 53.22] in ring and [6.5600000123, 53.21] not in ring
    assert shapely.LinearRing(ring).is_ccw


def test_boundaries_repair_a_self_intersecting_polygon_and_say_so(tmp_path):
    bowtie = "POLYGON ((6.56 53.21, 6.57 53.22, 6.57 53.21, 6.56 53.22, 6.56 53.21))"
    path = write_geojson(tmp_path, [feature({"wijkcode": "WK001400"}, bowtie)])

    result = parse_boundaries(path)

    assert result.repaired == ("WK001400",)
    assert result.records[0].geometry["type"] == "MultiPolygon"
    assert shape(result.records[0].geometry).is_valid


def test_boundaries_keep_only_the_asked_level_and_map_cbs_secrecy_to_none(tmp_path):
    path = write(
        tmp_path,
        "areas.csv",
        [
            "code;naam;inw;geometry",
            f"WK001400;Centrum;100;{WGS84_SQUARE}",
            f"BU00140000;Binnenstad-Noord;-99999997;{WGS84_SQUARE}",
        ],
    )

    (record,) = parse_boundaries(path, "buurt").records

    assert (record.code, record.name, record.parent_code, record.population) == (
        "BU00140000",
        "Binnenstad-Noord",
        "WK001400",
        None,
    )


def write_shapefile_zip(tmp_path, records, prj=None):
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    with shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON) as writer:
        writer.field("BU_CODE", "C", 10)
        writer.field("BU_NAAM", "C", 40)
        writer.field("AANT_INW", "N", 10)
        for code, name, population, wkt in records:
            writer.shape(shapely.from_wkt(wkt).__geo_interface__)
            writer.record(code, name, population)
    path = tmp_path / "buurten.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for suffix, buffer in (("shp", shp), ("shx", shx), ("dbf", dbf)):
            archive.writestr(f"buurten/buurten.{suffix}", buffer.getvalue())
        if prj is not None:
            archive.writestr("buurten/buurten.prj", prj)
    return path


def test_boundaries_from_a_zipped_shapefile_take_the_crs_from_its_prj(tmp_path):
    path = write_shapefile_zip(
        tmp_path, [("BU00140000", "Binnenstad-Noord", 4440, RD_SQUARE)], prj=RD_NEW_PRJ
    )

    result = parse_boundaries(path)

    assert (result.source_crs, result.crs_source) == ("EPSG:28992", "file")
    assert [(r.code, r.name, r.population) for r in result.records] == [
        ("BU00140000", "Binnenstad-Noord", 4440)
    ]
    assert 6.5 < result.records[0].geometry["coordinates"][0][0][0] < 6.6


@pytest.mark.parametrize(
    ("features", "expected"),
    [
        (
            [feature(WIJK, WGS84_SQUARE), feature(WIJK, WGS84_SQUARE)],
            "feature 2, column 'wijkcode', value 'WK001400': duplicate code (first at feature 1)",
        ),
        (
            [feature(WIJK, WGS84_SQUARE), feature({"naam": "x"}, WGS84_SQUARE)],
            "feature 2: no code property (expected one of statcode, code, ",
        ),
        (
            [feature({"wijkcode": "WK0014"}, WGS84_SQUARE)],
            "feature 1, column 'wijkcode', value 'WK0014': malformed wijk code",
        ),
        (
            [feature({"BU_CODE": "BU00140000", "WK_CODE": "WK001401"}, WGS84_SQUARE)],
            "feature 1, column 'WK_CODE', value 'WK001401': wijk code does not match BU00140000 (expected WK001400)",
        ),
        (
            [feature({"wijkcode": "WK001400", "gemeentecode": "GM0015"}, WGS84_SQUARE)],
            "feature 1, column 'gemeentecode', value 'GM0015': gemeente code does not match WK001400 (expected GM0014)",
        ),
        (
            [feature({"wijkcode": "WK001400", "aantal_inwoners": "veel"}, WGS84_SQUARE)],
            "feature 1, column 'aantal_inwoners', value 'veel': not a whole number",
        ),
        ([feature(WIJK, "POINT (6.56 53.21)")], "feature 1, value 'WK001400': Point is not a polygon"),
        (
            [feature(WIJK, "POLYGON ((6.56 53.21, 6.57 53.21, 6.57 53.22, 6.57 53.21, 6.56 53.21))")],
            "feature 1, value 'WK001400': invalid geometry that cannot be repaired (Self-intersection[6.57 53.22])",
        ),
        (
            [feature(WIJK, "POLYGON ((6.56 53.21, 6.57 53.22, 6.58 53.23, 6.56 53.21))")],
            "feature 1, value 'WK001400': geometry collapses at 7 decimals",
        ),
        (
            [{"type": "Feature", "properties": WIJK, "geometry": None}],
            "feature 1, column 'geometry': feature has no geometry",
        ),
        (
            [
                {
                    "type": "Feature",
                    "properties": WIJK,
                    "geometry": {"type": "Polygon", "coordinates": [[1, 2]]},
                }
            ],
            "feature 1, column 'geometry': geometry does not parse",
        ),
        (
            [feature(WIJK, "POLYGON ((10000000 0, 10000001 0, 10000001 1, 10000000 0))")],
            (
                "cannot tell the coordinate reference system from coordinates x 1e+07..1e+07, y 0..1 "
                "(neither WGS84 nor RD New): pass crs="
            ),
        ),
    ],
    ids=[
        "duplicate",
        "no-code",
        "malformed",
        "wijk-mismatch",
        "gemeente-mismatch",
        "population",
        "point",
        "unrepairable",
        "collapses",
        "no-geometry",
        "bad-geometry",
        "unknown-crs",
    ],
)
def test_boundaries_report_each_problem_with_feature_and_reason(tmp_path, features, expected):
    path = write_geojson(tmp_path, features)

    with pytest.raises(AreaFileError) as excinfo:
        parse_boundaries(path)

    assert error_text(excinfo).startswith("areas.geojson: 1 problem\n")
    assert expected in error_text(excinfo)


def test_boundaries_report_a_file_without_features_of_the_asked_level(tmp_path):
    with pytest.raises(AreaFileError, match="areas.geojson: 1 problem\n  no buurt features in file"):
        parse_boundaries(write_geojson(tmp_path, [feature(WIJK, WGS84_SQUARE)]), "buurt")


def test_boundaries_report_a_declared_crs_that_contradicts_the_coordinates(tmp_path):
    path = write_geojson(
        tmp_path, [feature(WIJK, RD_SQUARE)], crs={"type": "name", "properties": {"name": "EPSG:4326"}}
    )

    with pytest.raises(
        AreaFileError, match="coordinates after conversion lie outside WGS84 .* probably wrong"
    ):
        parse_boundaries(path)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["code,geometry", f'WK001400,"{WGS84_SQUARE}"', 'WK001401,"POLYGON ((1 2"'],
            "line 3, column 'geometry', value 'POLYGON ((1 2': WKT does not parse: ParseException",
        ),
        (["wijk,geometry", f'WK001400,"{WGS84_SQUARE}"'], "no code column (expected one of statcode, code, "),
        (
            ["code,shape", f'WK001400,"{WGS84_SQUARE}"'],
            "line 1: no geometry column (expected one of geometry, wkt, ",
        ),
    ],
    ids=["wkt-error", "no-code-column", "no-geometry-column"],
)
def test_boundaries_from_wkt_csv_report_problems_by_line(tmp_path, lines, expected):
    with pytest.raises(AreaFileError) as excinfo:
        parse_boundaries(write(tmp_path, "areas.csv", lines))

    assert error_text(excinfo).startswith("areas.csv: 1 problem\n")
    assert expected in error_text(excinfo)


def test_boundaries_reject_an_unknown_level_listing_the_valid_ones(tmp_path):
    with pytest.raises(ValueError, match="unknown level 'straat': use one of gemeente, wijk, buurt or None"):
        parse_boundaries(write_geojson(tmp_path, [feature(WIJK, WGS84_SQUARE)]), "straat")


def test_boundaries_report_a_zip_without_a_shapefile(tmp_path):
    path = tmp_path / "empty.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "nothing")

    with pytest.raises(
        AreaFileError, match="empty.zip: 1 problem\n  zip holds 0 shapefiles, expected exactly one"
    ):
        parse_boundaries(path)


def test_area_file_error_lists_at_most_twenty_problems(tmp_path):
    rows = [f"BU0014000{i},-{i + 1}" for i in range(10)] + [f"BU0014001{i},-1" for i in range(15)]
    path = write(tmp_path, "p.csv", ["nhood_id,population", *rows])

    with pytest.raises(AreaFileError) as excinfo:
        parse_population(path, 2024)

    assert len(excinfo.value.problems) == 25
    assert error_text(excinfo).splitlines()[0] == "p.csv: 25 problems"
    assert error_text(excinfo).splitlines()[-1] == "  ... and 5 more"


def test_parsers_do_not_import_django():
    code = "import sys, veiligheidsbeeld.areas.parsers; sys.exit('django' in sys.modules)"

    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# --- real data (../shared/data; see each folder's PROVENANCE.md) -------------------------------------------------

GRONINGEN = ("groningen",)
REGIONS_FILE = (*GRONINGEN, "politie-47018-buurt-2023-groningen", "47018NED_WijkenEnBuurten.csv")
BUURT_POPULATION_FILE = ("nl", "cbs-kwb-2024-buurt-population-nl", "Population85984_2024_buurten_NL.csv")
KWB_JSON_FILE = ("nl", "cbs-kwb-2024-gemeente-wijk-json", "stripped_filtered_data_2024.json")
WIJKEN_NL_FILE = ("nl", "pdok-cbs-wijken-gemeenten-geojson", "wijken_2024.geojson")
FIETS = (*GRONINGEN, "groningen-fietsdiefstallen-2013-2017")


@pytest.mark.realdata
def test_real_groningen_regions_have_20_wijken_and_151_buurten_on_the_2024_indeling():
    regions = parse_regions(require_shared_data(*REGIONS_FILE), "GM0014")

    assert (regions.gemeente.name, len(regions.wijken), len(regions.buurten), regions.year) == (
        "Groningen",
        20,
        151,
        2024,
    )
    assert {buurt.parent_code for buurt in regions.buurten} == {wijk.code for wijk in regions.wijken}


@pytest.mark.realdata
def test_real_amsterdam_regions_accept_codes_with_capitals():
    regions = parse_regions(require_shared_data(*REGIONS_FILE), "GM0363")

    assert regions.wijken[0] == Region("WK0363AA", "Haarlemmerbuurt", Level.WIJK, "GM0363")
    assert (len(regions.wijken), len(regions.buurten)) == (110, 517)


@pytest.mark.realdata
def test_real_buurt_population_2024_of_groningen_sums_to_243790():
    buurten = {buurt.code for buurt in parse_regions(require_shared_data(*REGIONS_FILE), "GM0014").buurten}
    records = parse_population(require_shared_data(*BUURT_POPULATION_FILE), 2024)

    groningen = [record for record in records if record.code in buurten]
    assert (len(records), sum(record.population for record in records)) == (14_574, 17_942_915)
    assert (len(groningen), sum(record.population for record in groningen)) == (151, 243_790)


@pytest.mark.realdata
def test_real_kwb_json_gives_the_population_of_groningen():
    records = {record.code: record for record in parse_population(require_shared_data(*KWB_JSON_FILE), 2024)}

    assert len(records) == 3_735
    assert records["GM0014"] == PopulationRecord("GM0014", 243_768, 2024)


@pytest.mark.realdata
def test_real_groningen_wijk_boundaries_2024_are_20_wgs84_polygons():
    result = parse_boundaries(
        require_shared_data(*GRONINGEN, "groningen-demo-derived", "groningen_wijken_2024.geojson"), "wijk"
    )

    assert [record.code for record in result.records] == [f"WK0014{n:02d}" for n in range(20)]
    assert sum(record.population for record in result.records) == 243_750
    min_x, min_y, max_x, max_y = shapely.total_bounds([shape(record.geometry) for record in result.records])
    assert 6.3 < min_x < max_x < 6.9 and 53.0 < min_y < max_y < 53.4


@pytest.mark.realdata
def test_real_national_wijken_2024_match_the_kwb_json_populations():
    result = parse_boundaries(require_shared_data(*WIJKEN_NL_FILE))
    kwb = {
        record.code: record.population
        for record in parse_population(require_shared_data(*KWB_JSON_FILE), 2024)
    }

    assert len(result.records) == 3_475
    with_population = {
        record.code: record.population for record in result.records if record.population is not None
    }
    assert len(with_population) == 3_393
    assert with_population == {code: kwb[code] for code in with_population}
    assert all(shape(record.geometry).is_valid for record in result.records)


@pytest.mark.realdata
def test_real_2017_buurt_shapefile_and_wkt_csv_agree_within_a_metre():
    from_shapefile = parse_boundaries(require_shared_data(*FIETS, "buurt2017_shp_wgs84.zip"), "buurt")
    from_csv = parse_boundaries(require_shared_data(*FIETS, "buurt2017.csv"), "buurt")

    assert (from_shapefile.crs_source, from_csv.crs_source, from_csv.source_crs) == (
        "file",
        "coordinates",
        "EPSG:4326",
    )
    assert len(from_shapefile.records) == 108
    assert [r.code for r in from_shapefile.records] == [r.code for r in from_csv.records]
    to_rd = Transformer.from_crs(4326, 28992, always_xy=True)
    for a, b in zip(from_shapefile.records, from_csv.records):
        (xa, ya), (xb, yb) = (to_rd.transform(*shape(r.geometry).centroid.coords[0]) for r in (a, b))
        assert ((xa - xb) ** 2 + (ya - yb) ** 2) ** 0.5 < 1.0, a.code
