"""The fictitious demo gemeente "Voorbeeldstad": areas, population and monthly registration counts.

:func:`generate` builds, from one seed, a city of about 240,000 inhabitants: 20 wijken and 150 buurten that tile
an irregular city outline near lon 6.0, lat 53.0 (a Voronoi tiling of buurt seeds, grouped into contiguous
wijken), a yearly population per buurt, and a count per buurt x leaf theme x month drawn around the national rates
of :mod:`veiligheidsbeeld.demo.rates`. Four patterns are planted in the counts, each described in
:attr:`DemoData.planted`, so analyses can be checked against a known truth. Everything is fictitious; see
``docs/explanation/demo-data.md``.

The expected count of buurt ``b``, theme ``t``, month ``m`` is::

    rate_t / 1000 / 12 * urban_factor_t * trend_t(m) * season_t(m) * population(m) * share_bt(m) * planted_btm

where ``population(m)`` is the gemeente population (linear between the 1 January figures) and ``share_bt`` the
buurt's share of the theme: its exposure (inhabitants plus the weighted non-resident activity of a centre, an
industrial estate or a park) times a spatial risk (higher near the centre and in deprived wijken, per theme).
Counts are negative binomial draws around that expectation.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources

import numpy as np
import shapely
import yaml
from shapely.geometry import MultiPoint, Polygon, mapping

from veiligheidsbeeld.demo.rates import RATES, YEARS

__all__ = [
    "GEMEENTE_CODE",
    "GEMEENTE_NAME",
    "IMPORTED_GROUPS",
    "DemoBuurt",
    "DemoData",
    "DemoGemeente",
    "DemoWijk",
    "generate",
]

GEMEENTE_CODE = "GM9999"
"""CBS-style code of the demo gemeente; no real gemeente has it."""
GEMEENTE_NAME = "Voorbeeldstad (fictief)"

N_WIJKEN = 20
N_BUURTEN = 150
POPULATION = 240_000
"""Inhabitants on 1 January of the last year of the series."""
MIN_MONTHS = 24
"""Shortest series: the planted patterns need a year of history before their last twelve months."""

CENTRE_LON, CENTRE_LAT = 6.0, 53.0
KM_PER_DEGREE_LON = 111.320 * np.cos(np.radians(CENTRE_LAT))
KM_PER_DEGREE_LAT = 110.574
DECIMALS = 6
"""Coordinates are rounded to 6 decimals (about 0.1 m); neighbouring polygons share identical vertices."""

RADIUS_X_KM, RADIUS_Y_KM = 6.0, 5.0
"""Half-axes of the city outline before its boundary is made irregular (a city of about 12 x 10 km)."""
CENTRE_SCALE_KM = 1.5
"""Centrality of a buurt is ``exp(-distance to the centre / CENTRE_SCALE_KM)``: 1 in the centre."""
DISPERSION = 10.0
"""Size parameter of the negative binomial draws: variance = mean + mean ** 2 / DISPERSION."""

ACTIVITY_CENTRE = 6000.0
"""Non-resident activity (jobs, shoppers, visitors, in inhabitant equivalents) of a buurt at centrality 1."""
ACTIVITY_KIND = {"industrial": 5000.0, "park": 800.0}
"""Extra non-resident activity of an industrial estate and of the city park."""


@dataclass(frozen=True)
class _Profile:
    """Where and when a theme happens in the demo city (assumptions, not measurements).

    ``activity``: weight of non-resident activity in a buurt's exposure (0: only inhabitants count);
    ``centre``: risk in the city centre relative to the edge of the city;
    ``deprived``: risk in a deprived buurt (deprivation 1) relative to a buurt with deprivation 0;
    ``amplitude`` and ``peak``: the monthly factor is ``1 + amplitude * cos(2 pi (month - peak) / 12)``.
    """

    activity: float
    centre: float
    deprived: float
    amplitude: float
    peak: int


PROFILES = {
    "woninginbraak": _Profile(0.0, 1.5, 1.4, 0.25, 12),  # dark months October-January
    "straatroof": _Profile(0.5, 6.0, 1.5, 0.15, 12),
    "overval": _Profile(0.5, 3.0, 1.4, 0.15, 12),
    "geweld": _Profile(0.6, 6.0, 1.6, 0.10, 7),  # nightlife in the centre, summer evenings
    "zedenmisdrijven": _Profile(0.3, 2.5, 1.3, 0.10, 7),
    "fietsdiefstal": _Profile(0.8, 5.0, 1.1, 0.20, 10),  # autumn: new academic year, dark evenings
    "voertuigcriminaliteit": _Profile(0.4, 1.8, 1.3, 0.10, 12),
    "zakkenrollerij": _Profile(3.0, 10.0, 1.0, 0.15, 12),  # shopping centre, December
    "winkeldiefstal": _Profile(3.0, 5.0, 1.1, 0.10, 12),
    "inbraak-bedrijven": _Profile(4.0, 1.5, 1.1, 0.10, 12),  # industrial estates
    "diefstal-overig": _Profile(0.5, 2.5, 1.2, 0.05, 7),
    "drugscriminaliteit": _Profile(0.3, 4.0, 1.8, 0.0, 1),
    "mensenhandel": _Profile(0.3, 3.0, 1.5, 0.0, 1),
    "wapenhandel": _Profile(0.2, 2.5, 1.8, 0.0, 1),
    "fraude": _Profile(0.2, 1.0, 1.2, 0.0, 1),  # registered at the victim's address
    "milieucriminaliteit": _Profile(4.0, 0.7, 1.0, 0.10, 6),  # industrial estates
    "cybercrime": _Profile(0.0, 1.0, 1.0, 0.0, 1),
    "openbare-orde": _Profile(0.6, 5.0, 1.3, 0.10, 7),
    "discriminatie": _Profile(0.3, 2.5, 1.2, 0.0, 1),
    "verward-gedrag": _Profile(0.3, 4.0, 1.8, 0.05, 7),
    "jeugdoverlast": _Profile(0.1, 1.0, 1.6, 0.15, 6),  # long evenings outdoors
    "huiselijk-geweld": _Profile(0.0, 1.0, 1.6, 0.10, 12),
    "overlast-alcohol-drugs": _Profile(0.7, 8.0, 1.6, 0.15, 7),
    "overlast-zwervers": _Profile(0.7, 10.0, 1.3, 0.10, 1),
    "geluidshinder": _Profile(0.4, 3.0, 1.3, 0.30, 7),  # summer: open windows, parties, terraces
    "vernieling": _Profile(0.3, 2.0, 1.5, 0.10, 7),
    "vuurwerk": _Profile(0.1, 1.2, 1.5, 0.0, 1),  # its season is the planted oud-en-nieuw peak
    "leefbaarheid-overig": _Profile(0.3, 2.0, 1.3, 0.0, 1),
    "verkeersongevallen": _Profile(0.6, 1.8, 1.0, 0.10, 11),  # autumn: rain and darkness
    "verkeersdelicten": _Profile(0.5, 1.5, 1.1, 0.05, 12),
    "brand": _Profile(0.3, 1.2, 1.5, 0.10, 1),
    "overig-misdrijf": _Profile(0.3, 2.5, 1.3, 0.0, 1),
    "kinderporno-prostitutie": _Profile(0.0, 1.0, 1.0, 0.0, 1),  # mostly online: follows the population
}
"""Spatial and seasonal profile of every leaf theme."""

OUD_EN_NIEUW = {"vuurwerk": (10.0, 6.0), "overlast-alcohol-drugs": (1.4, 1.8), "vernieling": (1.3, 1.6)}
"""Planted pattern (c): factor in (December, January) before the profile is scaled back to a yearly mean of 1."""
JEUGD_RISE = (1.5, 3.0)
"""Planted pattern (a): factor on jeugdoverlast in one wijk, rising linearly over the last six months."""
HOTSPOT_FACTOR = 3.5
"""Planted pattern (b): factor on woninginbraak in a cluster of adjacent buurten over the last twelve months."""
HOTSPOT_SIZE = (5, 8)
"""Smallest and largest number of buurten in the hotspot."""
HOTSPOT_MIN_POPULATION = 1000
"""Every hotspot buurt is residential with at least this many inhabitants, so that the excess is visible."""
IMPORTED_GROUPS = ("toezicht",)
"""Theme groups the generator leaves out: the demo feeds them the way a gemeente does, as made-up boa enforcement
and permit files through ``import table`` (:mod:`veiligheidsbeeld.demo.monitored`)."""
E33_GROWTH = 0.10
"""Planted pattern (d): yearly growth of verward-gedrag (E33) over the whole series (nationally 2016-2023: +9.5 %)."""

WIJK_NAMES = (
    "Lindenhoeve", "Esmeer", "Dorrewold", "Kampervelde", "Hazelbroek", "Wilgenhorst", "Ravensloot",
    "Molenkamp", "Zwaluwhorst", "Beukendaal", "Rietvelde", "Eikenhage", "Veldzicht", "Ganzenmaar", "Holtwerd",
    "Brinkhorst", "Oldemeer", "Kievitsveen", "Marrewijk", "Tjaarsveld", "Wester Akkers", "Sluisdijk", "Hooiland",
)  # fmt: skip
CENTRE_WIJK_NAME = "Stadshart"
BUURT_PREFIXES = (
    "Linden", "Eiken", "Beuken", "Berken", "Wilgen", "Populieren", "Kastanje", "Esdoorn", "Hazelaar", "Meidoorn",
    "Vlier", "Iepen", "Elzen", "Lijsterbes", "Merel", "Lijster", "Spreeuwen", "Zwaluwen", "Kievits", "Reigers",
    "Buizerd", "Wielewaal", "Roodborst", "Fazanten", "Grutto", "Lavendel", "Klaver", "Boterbloem", "Korenbloem",
    "Madelief", "Heide", "Riet", "Varen", "Smeden", "Bakkers", "Kuipers", "Molenaars", "Wevers", "Schippers",
    "Vissers", "Brouwers", "Lakenkopers", "Turfstekers", "Touwslagers", "Hoefsmid", "Zilverschoon",
)  # fmt: skip
BUURT_SUFFIXES = (
    "hof", "buurt", "kwartier", "veld", "park", "rijk", "erf", "hoek", "dreef", "kamp", "akker", "weide",
)  # fmt: skip
SPECIAL_NAMES = {
    "industrial": ("Bedrijventerrein De Vaart", "Bedrijvenpark Hoefslag"),
    "park": ("Wandelpark Elzenbos",),
}


@dataclass(frozen=True)
class DemoGemeente:
    """The demo gemeente; ``geometry`` is the GeoJSON union of its wijken."""

    code: str
    name: str
    geometry: dict


@dataclass(frozen=True)
class DemoWijk:
    """A wijk (code ``WK9999NN``); ``geometry`` is the GeoJSON union of its buurten."""

    code: str
    name: str
    geometry: dict


@dataclass(frozen=True)
class DemoBuurt:
    """A buurt (code ``BU9999NNMM``) with its wijk code and inhabitants on 1 January per year."""

    code: str
    name: str
    wijk: str
    geometry: dict
    population: dict[int, int]


@dataclass(frozen=True)
class DemoData:
    """Everything :func:`generate` makes.

    Attributes
    ----------
    gemeente : DemoGemeente
    wijken : tuple of DemoWijk
        Ordered by code.
    buurten : tuple of DemoBuurt
        Ordered by code; the order of axis 0 of ``counts``.
    themes : tuple of str
        Leaf theme codes in the order of ``themes.yaml``; the order of axis 1 of ``counts``.
    months : tuple of datetime.date
        First day of each month; the order of axis 2 of ``counts``.
    counts : numpy.ndarray
        Read-only int64 array (buurten, themes, months) of registrations.
    planted : list of dict
        The planted patterns, each with ``pattern``, ``theme``, ``areas`` (CBS codes), ``months`` ("YYYY-MM")
        and ``description``; "jeugdoverlast-rising" adds ``buurten`` (the buurt codes of its wijk) and
        "oud-en-nieuw" adds ``themes`` (all themes it raises, ``theme`` being the main one).
    """

    gemeente: DemoGemeente
    wijken: tuple[DemoWijk, ...]
    buurten: tuple[DemoBuurt, ...]
    themes: tuple[str, ...]
    months: tuple[date, ...]
    counts: np.ndarray
    planted: list[dict]


def generate(seed: int = 2024, *, start: str = "2016-01", months: int = 120) -> DemoData:
    """Generate the fictitious gemeente Voorbeeldstad with monthly counts per buurt and leaf theme.

    Parameters
    ----------
    seed : int
        Seed of the one ``numpy.random.Generator`` behind every random choice: the same seed gives the same data.
    start : str
        First month of the series, "YYYY-MM".
    months : int
        Length of the series in months, at least :data:`MIN_MONTHS`.

    Returns
    -------
    DemoData

    Raises
    ------
    ValueError
        If ``start`` is not "YYYY-MM", ``months`` is too short, or a leaf theme of ``themes.yaml`` has no rate or
        profile.
    """
    first = _parse_month(start)
    if months < MIN_MONTHS:
        raise ValueError(f"generate(months={months}): need at least {MIN_MONTHS} months")
    rng = np.random.default_rng(seed)
    dates = tuple(
        date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
        for i in range(months)
    )
    themes = _leaf_themes()

    centroids, polygons = _tiling(rng, _outline(rng))
    adjacent = _adjacency(polygons)
    wijk_of, order = _wijken(rng, centroids, adjacent)
    centroids, polygons, wijk_of = centroids[order], polygons[order], wijk_of[order]
    position = np.argsort(order)
    adjacent = [sorted(int(position[j]) for j in adjacent[i]) for i in order]

    distance = np.hypot(centroids[:, 0], centroids[:, 1])
    kind = _kinds(rng, centroids)
    years = list(range(dates[0].year, dates[-1].year + 2))
    population = _population(rng, distance, polygons, kind, years)
    deprivation = _deprivation(rng, centroids, wijk_of)

    wijk_codes = [f"WK9999{w:02d}" for w in range(N_WIJKEN)]
    buurt_codes = []
    for i, w in enumerate(wijk_of):
        buurt_codes.append(f"BU9999{w:02d}{int(np.sum(wijk_of[:i] == w)):02d}")
    names = _buurt_names(rng, kind)

    expected = _expected(rng, themes, dates, years, population, distance, kind, deprivation)
    current = population[:, -2]  # 1 January of the last year of the series
    planted = _plant(rng, expected, themes, dates, current, kind, wijk_of, adjacent, wijk_codes, buurt_codes)
    gamma = rng.gamma(DISPERSION, 1.0 / DISPERSION, size=expected.shape)
    counts = rng.poisson(expected * gamma).astype(np.int64)
    counts.flags.writeable = False

    wijk_geometries = [shapely.coverage_union_all(polygons[wijk_of == w]) for w in range(N_WIJKEN)]
    wijk_names = (CENTRE_WIJK_NAME, *rng.choice(WIJK_NAMES, size=N_WIJKEN - 1, replace=False).tolist())
    return DemoData(
        gemeente=DemoGemeente(GEMEENTE_CODE, GEMEENTE_NAME, _geojson(shapely.coverage_union_all(polygons))),
        wijken=tuple(
            DemoWijk(wijk_codes[w], wijk_names[w], _geojson(wijk_geometries[w])) for w in range(N_WIJKEN)
        ),
        buurten=tuple(
            DemoBuurt(
                code=buurt_codes[b],
                name=names[b],
                wijk=wijk_codes[wijk_of[b]],
                geometry=_geojson(polygons[b]),
                population={year: int(population[b, y]) for y, year in enumerate(years)},
            )
            for b in range(len(polygons))
        ),
        themes=tuple(themes),
        months=dates,
        counts=counts,
        planted=planted,
    )


def _parse_month(text: str) -> date:
    """First day of the month written as "YYYY-MM"."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"generate(start={text!r}): expected a month as 'YYYY-MM', e.g. '2016-01'")
    return date(int(match.group(1)), int(match.group(2)), 1)


def _leaf_themes() -> list[str]:
    """Leaf theme codes (themes with a parent) of the shared taxonomy, in file order, except those of
    :data:`IMPORTED_GROUPS`."""
    path = resources.files("veiligheidsbeeld.frameworks").joinpath("data/themes.yaml")
    leaves = [
        theme["code"]
        for theme in yaml.safe_load(path.read_text(encoding="utf-8"))["themes"]
        if "parent" in theme and theme["parent"] not in IMPORTED_GROUPS
    ]
    for code in leaves:
        if code not in RATES:
            raise ValueError(
                f"{path}: leaf theme {code!r} has no national rate in veiligheidsbeeld.demo.rates.RATES"
            )
        if code not in PROFILES:
            raise ValueError(
                f"{path}: leaf theme {code!r} has no profile in veiligheidsbeeld.demo.generator.PROFILES"
            )
    return leaves


def _outline(rng: np.random.Generator) -> Polygon:
    """An irregular city outline in km around the centre (0, 0): an ellipse with a wavy boundary."""
    angle = np.linspace(0.0, 2.0 * np.pi, 144, endpoint=False)
    radius = np.ones_like(angle)
    for frequency, amplitude in ((2, 0.06), (3, 0.05), (5, 0.03)):
        radius *= 1.0 + amplitude * np.sin(frequency * angle + rng.uniform(0.0, 2.0 * np.pi))
    return Polygon(np.c_[RADIUS_X_KM * radius * np.cos(angle), RADIUS_Y_KM * radius * np.sin(angle)])


def _tiling(rng: np.random.Generator, outline: Polygon) -> tuple[np.ndarray, np.ndarray]:
    """Buurt centroids (km) and buurt polygons (lon/lat) tiling the outline without gaps or overlaps.

    Seeds are denser near the centre (smaller buurten) and evened out by two Lloyd iterations. The Voronoi cells
    are clipped to the outline, converted to degrees, and their boundaries noded and snapped to the 1e-6 grid
    together before being polygonised again, so that neighbouring buurten share every vertex of their common
    boundary.
    """
    xmin, ymin, xmax, ymax = outline.bounds
    seeds = np.empty((0, 2))
    while len(seeds) < N_BUURTEN:
        candidates = rng.uniform((xmin, ymin), (xmax, ymax), size=(400, 2))
        distance = np.hypot(candidates[:, 0], candidates[:, 1])
        keep = (
            rng.uniform(size=len(candidates)) < 1.0 / (1.0 + (distance / 2.5) ** 2)
        ) & shapely.contains_xy(outline, candidates[:, 0], candidates[:, 1])
        seeds = np.concatenate([seeds, candidates[keep]])[:N_BUURTEN]
    for _ in range(3):
        cells = shapely.intersection(
            np.asarray(shapely.voronoi_polygons(MultiPoint(seeds), extend_to=outline, ordered=True).geoms),
            outline,
        )
        seeds = shapely.get_coordinates(shapely.centroid(cells))

    degrees = shapely.transform(
        cells,
        lambda xy: np.c_[
            CENTRE_LON + xy[:, 0] / KM_PER_DEGREE_LON, CENTRE_LAT + xy[:, 1] / KM_PER_DEGREE_LAT
        ],
    )
    lines = shapely.set_precision(shapely.union_all(shapely.boundary(degrees)), 10.0**-DECIMALS)
    faces = np.asarray(shapely.polygonize(shapely.get_parts(lines)).geoms)
    face_index, cell_index = shapely.STRtree(degrees).query(
        shapely.point_on_surface(faces), predicate="within"
    )
    polygons = np.empty(len(cells), dtype=object)
    for cell in range(len(cells)):
        polygons[cell] = shapely.coverage_union_all(faces[face_index[cell_index == cell]])
    polygons = shapely.transform(polygons, lambda xy: np.round(xy, DECIMALS))
    return seeds, polygons


def _adjacency(polygons: np.ndarray) -> list[list[int]]:
    """Rook neighbours (a shared boundary of positive length) of every polygon."""
    left, right = shapely.STRtree(polygons).query(polygons, predicate="touches")
    shared = shapely.length(shapely.intersection(polygons[left], polygons[right])) > 0.0
    neighbours: list[list[int]] = [[] for _ in polygons]
    for i, j in zip(left[shared], right[shared]):
        neighbours[i].append(int(j))
    return neighbours


def _wijken(
    rng: np.random.Generator, seeds: np.ndarray, adjacent: list[list[int]]
) -> tuple[np.ndarray, np.ndarray]:
    """Wijk number of every buurt and the buurt order by code.

    k-means on the buurt seeds gives one start buurt per wijk. The wijken then grow in turns, each taking the
    unassigned neighbouring buurt closest to its start, so every wijk is a connected union of buurten and wijken
    have similar numbers of buurten. Wijk 00 is the one at the centre, the others are numbered clockwise from the
    north; buurten are numbered north to south within a wijk.
    """
    centres = seeds[rng.choice(len(seeds), size=N_WIJKEN, replace=False)]
    for _ in range(25):
        label = np.argmin(np.linalg.norm(seeds[:, None, :] - centres[None, :, :], axis=2), axis=1)
        centres = np.array(
            [seeds[label == k].mean(axis=0) if np.any(label == k) else centres[k] for k in range(N_WIJKEN)]
        )
    starts: list[int] = []
    for centre in centres:
        nearest = np.argsort(np.linalg.norm(seeds - centre, axis=1))
        starts.append(next(int(b) for b in nearest if b not in starts))

    label = np.full(len(seeds), -1)
    label[starts] = np.arange(N_WIJKEN)
    while np.any(label < 0):
        for k, start in enumerate(starts):
            frontier = {n for b in np.flatnonzero(label == k) for n in adjacent[b] if label[n] < 0}
            if frontier:
                label[min(frontier, key=lambda n: np.linalg.norm(seeds[n] - seeds[start]))] = k

    middle = np.array([seeds[label == k].mean(axis=0) for k in range(N_WIJKEN)])
    centre = int(np.argmin(np.linalg.norm(middle, axis=1)))
    bearing = np.mod(np.arctan2(middle[:, 0], middle[:, 1]), 2.0 * np.pi)
    bearing[centre] = -1.0
    number = np.argsort(np.argsort(bearing))
    wijk_of = number[label]
    order = np.lexsort((seeds[:, 0], -seeds[:, 1], wijk_of))
    return wijk_of, order


def _kinds(rng: np.random.Generator, seeds: np.ndarray) -> np.ndarray:
    """Kind of every buurt: "centre", "industrial" (two, at the edge), "park" (one), "new" (one) or "residential"."""
    distance = np.hypot(seeds[:, 0], seeds[:, 1])
    kind = np.where(distance < CENTRE_SCALE_KM, "centre", "residential").astype(object)
    outer = np.flatnonzero(distance > np.quantile(distance, 0.8))
    first = int(rng.choice(outer))
    second = int(outer[np.argmax(np.linalg.norm(seeds[outer] - seeds[first], axis=1))])
    kind[[first, second]] = "industrial"
    ring = np.flatnonzero((distance > 1.5) & (distance < 3.0) & (kind == "residential"))
    kind[int(rng.choice(ring))] = "park"
    edge = np.flatnonzero((kind == "residential") & (distance > np.quantile(distance, 0.6)))
    kind[int(rng.choice(edge))] = "new"
    return kind


def _population(
    rng: np.random.Generator, distance: np.ndarray, polygons: np.ndarray, kind: np.ndarray, years: list[int]
) -> np.ndarray:
    """Inhabitants (buurten, years) on 1 January, rounded to 5 as CBS does, about POPULATION in years[-2].

    Density falls with the distance to the centre; buurten grow 0.6 % a year on average, the new-build buurt
    grows 25 % a year; the industrial estates and the park keep a handful of inhabitants.
    """
    area_km2 = shapely.area(polygons) * KM_PER_DEGREE_LON * KM_PER_DEGREE_LAT
    start = area_km2 * np.exp(-distance / 3.0) * rng.lognormal(0.0, 0.5, size=len(polygons))
    growth = rng.normal(0.006, 0.004, size=len(polygons))
    growth[kind == "new"] = 0.25
    growth[(kind == "industrial") | (kind == "park")] = 0.0
    t = np.arange(len(years)) - (len(years) - 2)
    population = start[:, None] * (1.0 + growth[:, None]) ** t[None, :]
    small = (kind == "industrial") | (kind == "park")
    population[~small] *= (POPULATION - 60.0) / population[~small, -2].sum()
    population[small] = rng.integers(2, 10, size=int(small.sum()))[:, None] * 5.0
    return 5 * np.round(population / 5.0).astype(np.int64)


def _deprivation(rng: np.random.Generator, seeds: np.ndarray, wijk_of: np.ndarray) -> np.ndarray:
    """Deprivation score in [0, 1] per buurt: high in the wijken of one sector of the city, low elsewhere."""
    direction = rng.uniform(0.0, 2.0 * np.pi)
    score = np.empty(N_WIJKEN)
    for w in range(N_WIJKEN):
        x, y = seeds[wijk_of == w].mean(axis=0)
        off = abs(np.angle(np.exp(1j * (np.arctan2(x, y) - direction))))
        score[w] = rng.uniform(0.7, 1.0) if w > 0 and off < np.radians(50) else rng.uniform(0.0, 0.3)
    return np.clip(score[wijk_of] + rng.normal(0.0, 0.1, size=len(wijk_of)), 0.0, 1.0)


def _buurt_names(rng: np.random.Generator, kind: np.ndarray) -> list[str]:
    """Unique fictitious buurt names; industrial estates and the park get a descriptive name."""
    combinations = [prefix + suffix for prefix in BUURT_PREFIXES for suffix in BUURT_SUFFIXES]
    names = rng.choice(combinations, size=len(kind), replace=False).tolist()
    for special, labels in SPECIAL_NAMES.items():
        for b, label in zip(np.flatnonzero(kind == special), labels):
            names[b] = label
    return names


def _expected(
    rng: np.random.Generator,
    themes: list[str],
    dates: tuple[date, ...],
    years: list[int],
    population: np.ndarray,
    distance: np.ndarray,
    kind: np.ndarray,
    deprivation: np.ndarray,
) -> np.ndarray:
    """Expected registrations (buurten, themes, months) before the planted patterns (b) and (a).

    Includes planted patterns (c), as part of the season, and (d), as the trend of verward-gedrag.
    """
    month = np.array([d.month for d in dates])
    year_index = np.array([years.index(d.year) for d in dates])
    fraction = (month - 1) / 12.0
    pop = population[:, year_index] * (1.0 - fraction) + population[:, year_index + 1] * fraction  # (B, M)
    time = np.array([d.year + (d.month - 0.5) / 12.0 for d in dates])
    centrality = np.exp(-distance / CENTRE_SCALE_KM)
    activity = ACTIVITY_CENTRE * centrality**2 + np.array([ACTIVITY_KIND.get(k, 0.0) for k in kind])

    expected = np.empty((len(distance), len(themes), len(dates)))
    for t, theme in enumerate(themes):
        rate, profile = RATES[theme], PROFILES[theme]
        if theme == "verward-gedrag":
            trend = (1.0 + E33_GROWTH) ** (time - (YEARS[-1] + 0.5))
        else:
            trend = np.exp(np.interp(time, np.asarray(YEARS) + 0.5, np.log(rate.trend)))
        season = 1.0 + profile.amplitude * np.cos(2.0 * np.pi * (np.arange(1, 13) - profile.peak) / 12.0)
        if theme in OUD_EN_NIEUW:
            season[[11, 0]] *= OUD_EN_NIEUW[theme]
            season /= season.mean()
        risk = (
            profile.centre**centrality
            * profile.deprived**deprivation
            * rng.lognormal(0.0, 0.2, size=len(distance))
        )
        weight = (pop + profile.activity * activity[:, None]) * risk[:, None]
        share = weight / weight.sum(axis=0)
        per_month = (
            rate.per_1000 / 1000.0 / 12.0 * rate.urban_factor * trend * season[month - 1] * pop.sum(axis=0)
        )
        expected[:, t, :] = share * per_month
    return expected


def _plant(
    rng: np.random.Generator,
    expected: np.ndarray,
    themes: list[str],
    dates: tuple[date, ...],
    population: np.ndarray,
    kind: np.ndarray,
    wijk_of: np.ndarray,
    adjacent: list[list[int]],
    wijk_codes: list[str],
    buurt_codes: list[str],
) -> list[dict]:
    """Apply planted patterns (a) and (b) to ``expected`` in place and describe all four patterns."""
    labels = [f"{d:%Y-%m}" for d in dates]
    wijk_population = np.bincount(wijk_of, weights=population, minlength=N_WIJKEN)
    large = np.flatnonzero((np.arange(N_WIJKEN) > 0) & (wijk_population >= np.median(wijk_population)))
    wijk = int(rng.choice(large))
    members = np.flatnonzero(wijk_of == wijk)
    expected[members, themes.index("jeugdoverlast"), -6:] *= np.linspace(*JEUGD_RISE, 6)

    eligible = (kind == "residential") & (population >= HOTSPOT_MIN_POPULATION) & (wijk_of != wijk)
    cluster = _cluster(rng, adjacent, eligible, int(rng.integers(HOTSPOT_SIZE[0], HOTSPOT_SIZE[1] + 1)))
    expected[cluster, themes.index("woninginbraak"), -12:] *= HOTSPOT_FACTOR

    return [
        {
            "pattern": "jeugdoverlast-rising",
            "theme": "jeugdoverlast",
            "areas": [wijk_codes[wijk]],
            "buurten": [buurt_codes[b] for b in members],
            "months": labels[-6:],
            "description": "Jeugdoverlast in wijk {} rises over the last six months: factor {} growing linearly to "
            "{} in the last month.".format(wijk_codes[wijk], *JEUGD_RISE),
        },
        {
            "pattern": "woninginbraak-hotspot",
            "theme": "woninginbraak",
            "areas": [buurt_codes[b] for b in cluster],
            "months": labels[-12:],
            "description": f"Woninginbraak is {HOTSPOT_FACTOR} times the usual level in {len(cluster)} adjacent buurten over the last twelve "
            "months.",
        },
        {
            "pattern": "oud-en-nieuw",
            "theme": "vuurwerk",
            "themes": list(OUD_EN_NIEUW),
            "areas": [GEMEENTE_CODE],
            "months": [label for label, d in zip(labels, dates) if d.month in (12, 1)],
            "description": "Every December and January (Oud en Nieuw) vuurwerk, overlast-alcohol-drugs and vernieling "
            "peak in every year: a seasonal pattern, not an anomaly.",
        },
        {
            "pattern": "verward-gedrag-rising",
            "theme": "verward-gedrag",
            "areas": [GEMEENTE_CODE],
            "months": labels,
            "description": f"Verward gedrag (E33) rises steadily by {E33_GROWTH:.0%} a year across the gemeente.",
        },
    ]


def _cluster(
    rng: np.random.Generator, adjacent: list[list[int]], eligible: np.ndarray, size: int
) -> list[int]:
    """``size`` adjacent eligible buurten: grown from a random start, each time adding the eligible neighbour
    with the most links into the cluster; another start is tried when a cluster cannot reach ``size``."""
    for start in rng.permutation(np.flatnonzero(eligible)):
        cluster = [int(start)]
        while len(cluster) < size:
            frontier = sorted({n for b in cluster for n in adjacent[b] if eligible[n] and n not in cluster})
            if not frontier:
                break
            links = [sum(n in adjacent[b] for b in cluster) for n in frontier]
            cluster.append(frontier[int(np.argmax(links))])
        if len(cluster) == size:
            return sorted(cluster)
    raise ValueError(f"no {size} adjacent residential buurten for the woninginbraak hotspot")


def _geojson(geometry) -> dict:
    """GeoJSON dict (lists, counter-clockwise exterior rings) of a Polygon or MultiPolygon."""
    return json.loads(json.dumps(mapping(shapely.orient_polygons(geometry))))
