"""Comparison lines: the gemeente against Nederland, its provincie and its peer gemeenten, per 1,000 inhabitants.

Everything comes from what is registered (#9): cube cells of the areas ``NL00`` (Nederland), the provincie
(``PV20``..``PV31``) and other gemeenten, at year precision or as complete years of months, and their
inhabitants (:class:`~veiligheidsbeeld.areas.models.AreaPopulation`). Per year a line has the count, the rate
per 1,000 inhabitants and its exact 95 % interval (:func:`veiligheidsbeeld.stats.poisson_interval`,
:cite:`garwood1936`). A theme group is the sum of its leaves.

- **Provincie**: the parent of the gemeente's area when it is a provincie, else the setting
  ``VEILIGHEIDSBEELD_PROVINCIES`` (``GM0014:PV20 ...``).
- **Peers**: the gemeenten of the setting ``VEILIGHEIDSBEELD_PEER_GEMEENTEN`` (``GM0014:GM0363,GM0599 ...``)
  when given, else every registered gemeente of the same CBS size class (:data:`SIZE_CLASSES`, inhabitants on 1
  January from the KWB) with figures of the theme; one line, their summed counts over their summed inhabitants.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.conf import settings

from veiligheidsbeeld.areas.models import Area, AreaLevel, AreaPopulation
from veiligheidsbeeld.registrations.models import CubeCell, Precision
from veiligheidsbeeld.stats import poisson_interval

__all__ = [
    "SIZE_CLASSES",
    "ComparisonLine",
    "comparison_lines",
    "peer_codes",
    "provincie_code",
    "regio_code",
    "registered_yearly",
    "size_class",
]

#: CBS gemeentegrootteklassen (inhabitants): lower bounds of the classes.
SIZE_CLASSES = (0, 5_000, 10_000, 20_000, 50_000, 100_000, 150_000, 250_000)


@dataclass
class ComparisonLine:
    """One line of a comparison chart: ``points`` are ``{"year", "count", "population", "rate", "lower",
    "upper"}`` (rate and bounds per 1,000 inhabitants, None without inhabitants)."""

    code: str
    name: str
    kind: str  # "gemeente", "land", "provincie" or "peers"
    points: list[dict] = field(default_factory=list)
    members: list[str] = field(default_factory=list)


def size_class(population: int | None) -> int | None:
    """Index of the CBS size class of ``population`` (None when unknown)."""
    if population is None:
        return None
    return int(np.searchsorted(SIZE_CLASSES, population, side="right") - 1)


def _mapping(setting: str) -> dict[str, list[str]]:
    text = getattr(settings, setting, "") or ""
    result = {}
    for item in text.replace(";", " ").split():
        if ":" in item:
            key, values = item.split(":", 1)
            result[key.strip().upper()] = [v.strip().upper() for v in values.split(",") if v.strip()]
    return result


def regio_code(gemeente_area) -> str | None:
    """The politie regionale eenheid of the gemeente: the setting ``VEILIGHEIDSBEELD_REGIONALE_EENHEDEN``
    (``GM0014:RE01 ...``)."""
    codes = _mapping("REGIONALE_EENHEDEN").get(gemeente_area.code)
    return codes[0] if codes else None


def provincie_code(gemeente_area) -> str | None:
    parent = getattr(gemeente_area, "parent", None)
    if parent is not None and parent.level == AreaLevel.PROVINCIE:
        return parent.code
    codes = _mapping("PROVINCIES").get(gemeente_area.code)
    return codes[0] if codes else None


def _latest_population(codes) -> dict[str, int]:
    result = {}
    for code, year, population in (
        AreaPopulation.objects.filter(area__code__in=codes, area__level=AreaLevel.GEMEENTE)
        .order_by("area__code", "year")
        .values_list("area__code", "year", "population")
    ):
        result[code] = population  # the newest year wins
    return result


def peer_codes(gemeente_area, themes) -> list[str]:
    """Codes of the peer gemeenten of ``gemeente_area`` (configured, else the same size class with figures)."""
    configured = _mapping("PEER_GEMEENTEN").get(gemeente_area.code)
    if configured:
        return [c for c in configured if c != gemeente_area.code]
    with_figures = set(
        CubeCell.objects.filter(area__level=AreaLevel.GEMEENTE, theme__in=themes)
        .exclude(area__code=gemeente_area.code)
        .values_list("area__code", flat=True)
        .distinct()
    )
    if not with_figures:
        return []
    populations = _latest_population(with_figures | {gemeente_area.code})
    mine = size_class(populations.get(gemeente_area.code))
    if mine is None:
        return []
    return sorted(code for code in with_figures if size_class(populations.get(code)) == mine)


def _yearly_counts(codes, leaves) -> dict[str, dict[int, int]]:
    """Code -> {year: count} of the leaf themes: year cells, and months summed over complete years."""
    yearly: dict[str, dict[int, int]] = {}
    monthly: dict[tuple[str, int], dict[int, int]] = {}
    cells = CubeCell.objects.filter(
        area__code__in=codes, theme__in=leaves, precision__in=[Precision.YEAR, Precision.MONTH]
    ).values_list("area__code", "precision", "period_start", "count")
    for code, precision, start, count in cells:
        if precision == Precision.YEAR:
            yearly.setdefault(code, {})
            yearly[code][start.year] = yearly[code].get(start.year, 0) + count
        else:
            months = monthly.setdefault((code, start.year), {})
            months[start.month] = months.get(start.month, 0) + count
    for (code, year), months in monthly.items():
        if len(months) == 12 and year not in yearly.get(code, {}):
            yearly.setdefault(code, {})[year] = sum(months.values())
    return yearly


def registered_yearly(code: str, theme) -> dict[int, int]:
    """Registered counts per year of ``theme`` (a group sums its leaves) for the area ``code`` (e.g. ``NL00``)."""
    return dict(sorted(_yearly_counts([code], _leaves(theme)).get(code, {}).items()))


def _populations(codes) -> dict[str, dict[int, int]]:
    result: dict[str, dict[int, int]] = {}
    for code, year, population in AreaPopulation.objects.filter(area__code__in=codes).values_list(
        "area__code", "year", "population"
    ):
        result.setdefault(code, {})[year] = population
    return result


def _points(counts: dict[int, int], populations: dict[int, int]) -> list[dict]:
    points = []
    for year in sorted(counts):
        population = populations.get(year)
        point = {"year": year, "count": int(counts[year]), "population": population, "rate": None,
                 "lower": None, "upper": None}
        if population:
            lower, upper = poisson_interval(counts[year])
            per = 1000.0 / population
            point.update(rate=counts[year] * per, lower=float(lower) * per, upper=float(upper) * per)
        points.append(point)
    return points


def _leaves(theme):
    from veiligheidsbeeld.frameworks.models import Theme

    if theme.parent_id is None and not theme.is_total:
        return list(Theme.objects.filter(parent=theme))
    return [theme]


def comparison_lines(gemeente_area, theme, *, gemeente_counts: dict[int, int] | None = None,
                     gemeente_populations: dict[int, int] | None = None,
                     kinds=("land", "provincie", "peers")) -> list[ComparisonLine]:
    """The gemeente's line (``gemeente_counts`` and ``gemeente_populations`` when given, e.g. from its run, else
    from the cube and its registered inhabitants) and those of
    ``kinds`` (``land``, ``regio``: the politie regionale eenheid, ``provincie``, ``peers``) that have figures
    of ``theme``; lines without a year in common with the gemeente are left out."""
    leaves = _leaves(theme)
    provincie = provincie_code(gemeente_area) if "provincie" in kinds else None
    regio = regio_code(gemeente_area) if "regio" in kinds else None
    peers = peer_codes(gemeente_area, leaves) if "peers" in kinds else []
    codes = [gemeente_area.code, "NL00"] + [c for c in (provincie, regio) if c] + peers
    counts = _yearly_counts(codes, leaves)
    populations = _populations(codes)
    names = dict(Area.objects.filter(code__in=codes).order_by("year").values_list("code", "name"))
    own = gemeente_counts if gemeente_counts is not None else counts.get(gemeente_area.code, {})
    own_populations = populations.get(gemeente_area.code, {}) | (gemeente_populations or {})
    lines = [ComparisonLine(gemeente_area.code, gemeente_area.name, "gemeente", _points(own, own_populations))]
    for code, kind in (("NL00" if "land" in kinds else None, "land"), (regio, "regio"), (provincie, "provincie")):
        if code and counts.get(code):
            lines.append(ComparisonLine(code, names.get(code, code), kind,
                                        _points(counts[code], populations.get(code, {}))))
    if peers:
        years = sorted({y for code in peers for y in counts.get(code, {})})
        summed, people = {}, {}
        for year in years:  # a year counts when every peer has a count and inhabitants for it
            if all(year in counts.get(c, {}) and year in populations.get(c, {}) for c in peers):
                summed[year] = sum(counts[c][year] for c in peers)
                people[year] = sum(populations[c][year] for c in peers)
        if summed:
            lines.append(ComparisonLine("peers", "", "peers", _points(summed, people), members=peers))
    own_years = {p["year"] for p in lines[0].points}
    return [lines[0]] + [line for line in lines[1:] if own_years & {p["year"] for p in line.points}]
