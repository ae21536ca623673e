"""Tests of the Voorbeeldstad demo generator: areas, tiling, population, counts, planted truth and national rates."""

import csv
import itertools
import re
from collections import defaultdict
from datetime import date
from importlib import resources

import numpy as np
import pymannkendall
import pytest
import shapely
import yaml
from shapely.geometry import shape

from veiligheidsbeeld.demo.generator import GEMEENTE_CODE, generate
from veiligheidsbeeld.demo.rates import NATIONAL_POPULATION, RATES, YEARS
from veiligheidsbeeld.testing import require_shared_data

POLICE_TRENDS = ("nl", "politie-nl-trends-misdrijven-overlast-2012-2023")


@pytest.fixture(scope="module")
def demo():
    return generate()


@pytest.fixture(scope="module")
def buurt_shapes(demo):
    return [shape(buurt.geometry) for buurt in demo.buurten]


def _framework_file(name):
    return yaml.safe_load(
        resources.files("veiligheidsbeeld.frameworks").joinpath("data", name).read_text(encoding="utf-8")
    )


def _gemeente_series(demo, theme):
    return demo.counts[:, demo.themes.index(theme), :].sum(axis=0)


def _vertices(geometry):
    return {tuple(xy) for xy in shapely.get_coordinates(geometry).tolist()}


def test_same_seed_gives_same_data_and_another_seed_other_data():
    first, again, other = generate(7), generate(7), generate(8)
    assert np.array_equal(first.counts, again.counts)
    assert first.buurten == again.buurten
    assert first.wijken == again.wijken
    assert first.planted == again.planted
    assert not np.array_equal(first.counts, other.counts)
    assert first.buurten != other.buurten


def test_areas_have_cbs_style_codes(demo):
    assert (demo.gemeente.code, demo.gemeente.name) == ("GM9999", "Voorbeeldstad (fictief)")
    assert 15 <= len(demo.wijken) <= 25
    assert 120 <= len(demo.buurten) <= 180
    wijk_codes = [wijk.code for wijk in demo.wijken]
    assert wijk_codes == [f"WK9999{n:02d}" for n in range(len(demo.wijken))]
    buurt_codes = [buurt.code for buurt in demo.buurten]
    assert len(set(buurt_codes)) == len(buurt_codes)
    for buurt in demo.buurten:
        assert re.fullmatch(r"BU9999\d{4}", buurt.code)
        assert buurt.wijk == "WK" + buurt.code[2:8]
    assert {buurt.wijk for buurt in demo.buurten} == set(wijk_codes)


def test_names_are_unique(demo):
    names = [wijk.name for wijk in demo.wijken] + [buurt.name for buurt in demo.buurten]
    assert len(set(names)) == len(names)


@pytest.mark.realdata
def test_no_name_is_a_real_groningen_name(demo):
    path = require_shared_data(
        "groningen", "politie-47018-buurt-2023-groningen", "47018NED_WijkenEnBuurten.csv"
    )
    with path.open(encoding="utf-8") as handle:
        groningen = {
            row["Title"].strip() for row in csv.DictReader(handle) if row["Municipality"].strip() == "GM0014"
        }
    assert len(groningen) > 150
    names = {wijk.name for wijk in demo.wijken} | {buurt.name for buurt in demo.buurten}
    assert not names & groningen


def test_population_totals_spread_and_growth(demo):
    years = list(range(demo.months[0].year, demo.months[-1].year + 2))
    assert all(list(buurt.population) == years for buurt in demo.buurten)
    totals = np.array([sum(buurt.population[year] for buurt in demo.buurten) for year in years])
    assert 220_000 <= totals[-1] <= 260_000
    growth = totals[1:] / totals[:-1] - 1.0
    assert np.all((growth > 0.0) & (growth < 0.02))
    last = np.array([buurt.population[years[-1]] for buurt in demo.buurten])
    assert 1 <= np.sum(last < 50) <= 5
    assert last.max() > 5 * np.median(last)


def test_geometries_are_rounded_polygons_in_a_city_extent(demo, buurt_shapes):
    for geometry in [demo.gemeente.geometry] + [area.geometry for area in demo.wijken + demo.buurten]:
        assert geometry["type"] in ("Polygon", "MultiPolygon")
        coordinates = shapely.get_coordinates(shape(geometry))
        assert np.array_equal(coordinates, np.round(coordinates, 6))
    assert all(polygon.is_valid for polygon in buurt_shapes)
    lon_min, lat_min, lon_max, lat_max = shape(demo.gemeente.geometry).bounds
    assert 5.9 <= lon_min < lon_max <= 6.1 and 52.9 <= lat_min < lat_max <= 53.1
    width_km = (lon_max - lon_min) * 111.32 * np.cos(np.radians(53.0))
    height_km = (lat_max - lat_min) * 110.57
    assert 9 < width_km < 15 and 8 < height_km < 13


def test_buurten_tile_the_gemeente_without_gaps_or_overlaps(demo, buurt_shapes):
    union = shapely.union_all(buurt_shapes)
    outline = shape(demo.gemeente.geometry)
    assert union.geom_type == "Polygon" and not union.interiors
    assert abs(union.area - outline.area) <= 1e-9 * outline.area
    assert outline.symmetric_difference(union).area <= 1e-9 * outline.area
    assert abs(sum(polygon.area for polygon in buurt_shapes) - union.area) <= 1e-9 * union.area
    left, right = shapely.STRtree(buurt_shapes).query(buurt_shapes, predicate="intersects")
    pairs = left < right
    overlap = shapely.area(
        shapely.intersection(np.take(buurt_shapes, left[pairs]), np.take(buurt_shapes, right[pairs]))
    )
    assert overlap.max() <= 1e-12 * outline.area


def test_neighbouring_buurten_share_identical_vertices(buurt_shapes):
    """Queen contiguity by shared vertices (as libpysal builds it) finds every neighbour and no island."""
    by_vertex = defaultdict(set)
    for index, polygon in enumerate(buurt_shapes):
        for vertex in _vertices(polygon):
            by_vertex[vertex].add(index)
    queen = defaultdict(set)
    for members in by_vertex.values():
        for a, b in itertools.permutations(members, 2):
            queen[a].add(b)
    assert all(queen[index] for index in range(len(buurt_shapes)))
    left, right = shapely.STRtree(buurt_shapes).query(buurt_shapes, predicate="touches")
    for a, b in zip(left, right):
        if shapely.intersection(buurt_shapes[a], buurt_shapes[b]).length > 0:
            assert len(_vertices(buurt_shapes[a]) & _vertices(buurt_shapes[b])) >= 2


def test_every_wijk_is_the_union_of_its_buurten(demo, buurt_shapes):
    for wijk in demo.wijken:
        members = [polygon for buurt, polygon in zip(demo.buurten, buurt_shapes) if buurt.wijk == wijk.code]
        union, geometry = shapely.union_all(members), shape(wijk.geometry)
        assert geometry.symmetric_difference(union).area <= 1e-12 * geometry.area
        assert geometry.geom_type == "Polygon"


def test_themes_months_and_counts_have_the_documented_shape(demo):
    leaves = [theme["code"] for theme in _framework_file("themes.yaml")["themes"]
              if "parent" in theme and theme["parent"] != "toezicht"]  # toezicht: imported (demo.monitored)
    assert demo.themes == tuple(leaves)
    assert demo.months[0] == date(2016, 1, 1) and len(demo.months) == 120
    assert all(
        (later.year * 12 + later.month) - (earlier.year * 12 + earlier.month) == 1 and later.day == 1
        for earlier, later in itertools.pairwise(demo.months)
    )
    assert demo.counts.shape == (len(demo.buurten), len(demo.themes), len(demo.months))
    assert demo.counts.dtype == np.int64 and demo.counts.min() >= 0
    assert not demo.counts.flags.writeable


def test_gemeente_counts_follow_national_rates_with_urban_factor(demo):
    population = sum(buurt.population[YEARS[-1]] for buurt in demo.buurten)
    months_2023 = [i for i, month in enumerate(demo.months) if month.year == YEARS[-1]]
    for theme in ("woninginbraak", "geweld", "fietsdiefstal", "jeugdoverlast", "geluidshinder"):
        rate = RATES[theme]
        expected = rate.per_1000 * rate.urban_factor * population / 1000
        observed = _gemeente_series(demo, theme)[months_2023].sum()
        assert observed == pytest.approx(expected, rel=0.15), theme


@pytest.mark.parametrize(
    ("theme", "high", "low"),
    [
        ("woninginbraak", (10, 11, 12, 1), (4, 5, 6, 7)),
        ("fietsdiefstal", (9, 10, 11), (1, 2, 3)),
        ("geluidshinder", (6, 7, 8), (12, 1, 2)),
    ],
)
def test_seasonal_profiles(demo, theme, high, low):
    series = _gemeente_series(demo, theme)
    month = np.array([m.month for m in demo.months])
    assert series[np.isin(month, high)].mean() > 1.2 * series[np.isin(month, low)].mean()


def test_geweld_is_concentrated_in_the_centre(demo):
    population = np.array([buurt.population[demo.months[-1].year] for buurt in demo.buurten])
    geweld = demo.counts[:, demo.themes.index("geweld"), :].sum(axis=1)
    centre = np.array([buurt.wijk == "WK999900" for buurt in demo.buurten])
    assert (
        geweld[centre].sum() / population[centre].sum()
        > 2 * geweld[~centre].sum() / population[~centre].sum()
    )


def test_planted_patterns_are_described_with_known_codes_and_months(demo):
    codes = {GEMEENTE_CODE} | {wijk.code for wijk in demo.wijken} | {buurt.code for buurt in demo.buurten}
    months = {f"{month:%Y-%m}" for month in demo.months}
    patterns = {entry["pattern"]: entry for entry in demo.planted}
    assert set(patterns) == {
        "jeugdoverlast-rising",
        "woninginbraak-hotspot",
        "oud-en-nieuw",
        "verward-gedrag-rising",
    }
    for entry in demo.planted:
        assert {"pattern", "theme", "areas", "months", "description"} <= set(entry)
        assert (
            entry["theme"] in demo.themes and set(entry["areas"]) <= codes and set(entry["months"]) <= months
        )
    assert patterns["oud-en-nieuw"]["months"] == [f"{m:%Y-%m}" for m in demo.months if m.month in (12, 1)]


def test_planted_jeugdoverlast_rises_in_one_wijk(demo):
    entry = next(entry for entry in demo.planted if entry["pattern"] == "jeugdoverlast-rising")
    (wijk,) = entry["areas"]
    members = [i for i, buurt in enumerate(demo.buurten) if buurt.wijk == wijk]
    assert entry["buurten"] == [demo.buurten[i].code for i in members]
    assert entry["months"] == [f"{m:%Y-%m}" for m in demo.months[-6:]]
    series = demo.counts[members, demo.themes.index("jeugdoverlast"), :].sum(axis=0)
    assert series[-6:].mean() > 1.5 * series[:-6].mean()
    assert series[-6:].sum() > 1.5 * series[-18:-12].sum()  # the same months a year earlier


def test_planted_woninginbraak_hotspot_is_a_connected_cluster(demo, buurt_shapes):
    entry = next(entry for entry in demo.planted if entry["pattern"] == "woninginbraak-hotspot")
    index = {buurt.code: i for i, buurt in enumerate(demo.buurten)}
    cluster = [index[code] for code in entry["areas"]]
    assert 5 <= len(cluster) <= 8
    reached, todo = {cluster[0]}, [cluster[0]]
    while todo:
        current = todo.pop()
        for other in cluster:
            if other not in reached and buurt_shapes[current].intersection(buurt_shapes[other]).length > 0:
                reached.add(other)
                todo.append(other)
    assert reached == set(cluster)
    burglary = demo.counts[:, demo.themes.index("woninginbraak"), :]
    population = np.array([buurt.population[demo.months[-1].year] for buurt in demo.buurten])
    inside = np.isin(np.arange(len(demo.buurten)), cluster)
    rate_inside = burglary[inside, -12:].sum() / population[inside].sum()
    rate_outside = burglary[~inside, -12:].sum() / population[~inside].sum()
    assert rate_inside > 1.8 * rate_outside
    assert burglary[inside, -12:].sum() > 1.8 * burglary[inside, -24:-12].sum()


def test_planted_oud_en_nieuw_peaks_every_december_and_january(demo):
    month = np.array([m.month for m in demo.months])
    turn = np.isin(month, (12, 1))
    for theme, factor in (("vuurwerk", 4.0), ("overlast-alcohol-drugs", 1.15), ("vernieling", 1.15)):
        series = _gemeente_series(demo, theme)
        assert series[turn].mean() > factor * series[~turn].mean(), theme


def test_planted_verward_gedrag_rises_every_year(demo):
    series = _gemeente_series(demo, "verward-gedrag")
    yearly = series.reshape(-1, 12).sum(axis=1)
    assert np.all(np.diff(yearly) > 0)
    result = pymannkendall.seasonal_test(series, period=12)
    assert result.trend == "increasing" and result.p < 0.001


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"start": "2016-13"}, r"generate\(start='2016-13'\): expected a month as 'YYYY-MM'"),
        ({"start": "2016/01"}, r"generate\(start='2016/01'\)"),
        ({"months": 12}, r"generate\(months=12\): need at least 24 months"),
    ],
)
def test_bad_arguments_are_rejected(arguments, message):
    with pytest.raises(ValueError, match=message):
        generate(**arguments)


def test_rate_codes_follow_the_shared_theme_mapping():
    mapped = defaultdict(set)
    for system in _framework_file("mappings.yaml")["systems"]:
        if system["code"] in ("politie-misdrijven", "politie-overlast"):
            for category in system["categories"]:
                mapped[category["theme"]].add(category["code"])
    for theme, rate in RATES.items():
        assert set(rate.codes) == mapped[theme], theme
        assert len(rate.counts) == len(YEARS) and 1.0 <= rate.urban_factor <= 1.6


@pytest.mark.realdata
def test_rates_match_the_national_police_tables():
    folder = require_shared_data(*POLICE_TRENDS)
    with (folder / "Overlast.csv").open(encoding="utf-8") as handle:
        overlast_code = {row["Title"]: row["Key"].strip() for row in csv.DictReader(handle)}
    counts = defaultdict(dict)
    for name, code_of in (
        ("NL_Crime.csv", lambda label: label.split(" ")[0]),
        ("NL_Disorder.csv", overlast_code.get),
    ):
        with (folder / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                counts[code_of(row["incident_type_code"])][int(row["year"])] = int(row["incident_count"])
    for theme, rate in RATES.items():
        assert rate.counts == tuple(sum(counts[code][year] for code in rate.codes) for year in YEARS), theme
    with (folder / "NL_Population.csv").open(encoding="utf-8") as handle:
        population = {int(row["year"]): float(row["population"]) for row in csv.DictReader(handle)}
    assert NATIONAL_POPULATION == tuple(round(population[year]) for year in YEARS)
    assert RATES["verward-gedrag"].counts[-1] == 141_724
    assert RATES["woninginbraak"].per_1000 == pytest.approx(22_706 / population[2023] * 1000, rel=1e-6)
