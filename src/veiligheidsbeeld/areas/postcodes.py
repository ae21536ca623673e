"""Four-digit postcodes (PC4) as areas: which gemeente, buurten and wijken a PC4 covers, by address share.

Politie "Misdaad in kaart" and other event files locate an event by PC4 only. A PC4 is not a CBS area: it may
cross buurt, wijk and even gemeente boundaries. The register keeps, per CBS year, how many addresses of each PC4
lie in each buurt (``areas import postcodes``, from the CBS file "Buurt, wijk en gemeente <jaar> voor
postcode-huisnummer"). An event on a PC4 then belongs to a gemeente exactly when all the PC4's addresses lie in
that gemeente, and to buurten and wijken only as an estimate, in proportion to their addresses.

Example::

    allocation = allocate("9711", 2024)
    allocation.gemeente                  # <Gemeente: Groningen (GM0014)>, or None when the PC4 crosses gemeenten
    allocation.buurten                   # [(<Area BU00140000>, 0.62), (<Area BU00140001>, 0.38)]
    allocation.wijken                    # [(<Area WK001400>, 1.0)]
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from veiligheidsbeeld.core.models import Gemeente

from .models import Area, AreaLevel, PostcodeAllocation

__all__ = ["PostcodeAllocationResult", "Postcodes", "allocate", "normalise_pc4"]

_PC4 = re.compile(r"\s*([1-9]\d{3})(?:\s*[A-Za-z]{2})?\s*")


def normalise_pc4(value: str) -> str | None:
    """Return the four digits of a PC4 or PC6 (``"9711"``, ``"9711 AB"``), or None when it is not a postcode.

    Examples
    --------
    >>> normalise_pc4(" 9711AB"), normalise_pc4("0123")
    ('9711', None)
    """
    match = _PC4.fullmatch(str(value))
    return match.group(1) if match else None


@dataclass(frozen=True)
class PostcodeAllocationResult:
    """Where the addresses of one PC4 lie (one CBS year).

    Attributes
    ----------
    pc4 : str
    year : int
        The CBS year of the postcode file used (its buurt indeling).
    gemeente : Gemeente or None
        The gemeente when every address of the PC4 lies in that one gemeente (and it is registered), else None.
    buurten, wijken : list of (Area, float)
        Registered buurten and wijken of ``year`` with their share of the PC4's addresses, largest first. The
        shares sum to 1 when all the PC4's addresses lie in registered buurten (always so for a PC4 inside a
        registered gemeente whose regions of that year are imported); otherwise they sum to
        ``1 - unregistered_share``.
    gemeenten : list of (str, float)
        Every gemeente code the PC4 touches with its address share (registered or not).
    unregistered_share : float
        Share of the PC4's addresses in buurten not in the area register for ``year``.
    addresses : int
        Number of addresses of the PC4.
    """

    pc4: str
    year: int
    gemeente: Gemeente | None
    buurten: list[tuple[Area, float]] = field(default_factory=list)
    wijken: list[tuple[Area, float]] = field(default_factory=list)
    gemeenten: list[tuple[str, float]] = field(default_factory=list)
    unregistered_share: float = 0.0
    addresses: int = 0


class Postcodes:
    """All postcode allocations of one CBS year with their areas, loaded once (for importing many events).

    Parameters
    ----------
    year : int, optional
        The year wanted; the newest imported year not after it is used, else the oldest imported year. Default:
        the newest imported year.

    Attributes
    ----------
    year : int or None
        The CBS year used; None when no postcode file was imported.
    """

    def __init__(self, year: int | None = None, *, only: str | None = None):
        self.year = _year_for(year)
        self._rows: dict[str, list[tuple[str, str, str, int]]] = defaultdict(list)
        self._areas: dict[str, Area] = {}
        self._gemeenten: dict[str, Gemeente] = {}
        self._cache: dict[str, PostcodeAllocationResult] = {}
        if self.year is None:
            return
        rows = PostcodeAllocation.objects.filter(year=self.year)
        if only is not None:
            rows = rows.filter(pc4=only)
        for pc4, buurt, wijk, gemeente, addresses in rows.values_list(
            "pc4", "buurt_code", "wijk_code", "gemeente_code", "addresses"
        ):
            self._rows[pc4].append((buurt, wijk, gemeente, addresses))
        areas = Area.objects.filter(year=self.year, level__in=[AreaLevel.BUURT, AreaLevel.WIJK])
        gemeenten = Gemeente.objects.all()
        if only is not None:
            codes = {row[0] for rows in self._rows.values() for row in rows}
            areas = areas.filter(code__in=codes | {row[1] for rows in self._rows.values() for row in rows})
            gemeenten = gemeenten.filter(code__in={row[2] for rows in self._rows.values() for row in rows})
        self._areas = {area.code: area for area in areas.select_related("gemeente")}
        self._gemeenten = {g.code: g for g in gemeenten}

    def allocate(self, pc4: str) -> PostcodeAllocationResult | None:
        """Return where the PC4's addresses lie, or None for a PC4 the postcode file does not know."""
        code = normalise_pc4(pc4)
        if code is None or code not in self._rows:
            return None
        if code not in self._cache:
            self._cache[code] = self._allocate(code)
        return self._cache[code]

    def _allocate(self, pc4: str) -> PostcodeAllocationResult:
        rows = self._rows[pc4]
        total = sum(row[3] for row in rows)
        buurten: dict[str, int] = defaultdict(int)
        wijken: dict[str, int] = defaultdict(int)
        gemeenten: dict[str, int] = defaultdict(int)
        unregistered = 0
        for buurt, wijk, gemeente, addresses in rows:
            gemeenten[gemeente] += addresses
            if buurt in self._areas and wijk in self._areas:
                buurten[buurt] += addresses
                wijken[wijk] += addresses
            else:
                unregistered += addresses
        gemeente = self._gemeenten.get(next(iter(gemeenten))) if len(gemeenten) == 1 else None
        return PostcodeAllocationResult(
            pc4=pc4,
            year=self.year,
            gemeente=gemeente,
            buurten=_shares(buurten, total, self._areas),
            wijken=_shares(wijken, total, self._areas),
            gemeenten=sorted(((g, n / total) for g, n in gemeenten.items()), key=lambda item: (-item[1], item[0])),
            unregistered_share=unregistered / total,
            addresses=total,
        )


def allocate(pc4: str, year: int | None = None) -> PostcodeAllocationResult | None:
    """Return the gemeente, buurten and wijken of a PC4 by address share, or None for an unknown PC4.

    Parameters
    ----------
    pc4 : str
        Four-digit postcode; a PC6 (``"9711AB"``) is reduced to its PC4.
    year : int, optional
        Year of the event: the postcode file of that year is used, else the newest one before it, else the oldest.
        Default: the newest postcode file imported.

    Returns
    -------
    PostcodeAllocationResult or None
        None when the PC4 is not in the postcode file (or no postcode file was imported).

    Notes
    -----
    One call reads the allocations of one PC4 only; to allocate many events, use :class:`Postcodes`, which
    reads a year once.
    """
    code = normalise_pc4(pc4)
    if code is None:
        return None
    return Postcodes(year, only=code).allocate(code)


def _year_for(year: int | None) -> int | None:
    years = sorted(PostcodeAllocation.objects.order_by().values_list("year", flat=True).distinct())
    if not years:
        return None
    if year is None:
        return years[-1]
    before = [y for y in years if y <= year]
    return before[-1] if before else years[0]


def _shares(counts: dict[str, int], total: int, areas: dict[str, Area]) -> list[tuple[Area, float]]:
    return [(areas[code], n / total) for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
