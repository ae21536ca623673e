"""Find a wijk or buurt for the map: by name, by CBS code, or by four-digit postcode (PC4).

The search looks in the areas of the state's gemeente in the indeling year of its analysis run (the areas the
map draws), at both levels. A PC4 (or a PC6 such as ``9711 AB``) is answered from the postcode register
(:mod:`veiligheidsbeeld.areas.postcodes`) with the share of the postcode's addresses in each area; without a
postcode file the answer says so. Area names and codes are no person data: nothing is audited.

Example::

    search_areas(state, "centrum")    # [AreaMatch(code="WK001400", name="Centrum", level="wijk", ...), ...]
    search_areas(state, "BU0014")     # every buurt whose code starts so, wijken first
    search_areas(state, "9711")       # the buurten and wijken of PC 9711, largest address share first
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db.models import Case, IntegerField, Q, Value, When

from veiligheidsbeeld.areas.models import Area, AreaLevel
from veiligheidsbeeld.areas.postcodes import Postcodes, normalise_pc4

__all__ = ["AreaMatch", "SearchResult", "search_areas"]

#: At most this many areas are listed.
LIMIT = 12
LEVELS = (AreaLevel.WIJK, AreaLevel.BUURT)


@dataclass(frozen=True)
class AreaMatch:
    code: str
    name: str
    level: str
    level_label: str
    parent: str
    #: Share of the postcode's addresses in the area (PC4 searches only).
    share: float | None = None


@dataclass(frozen=True)
class SearchResult:
    query: str
    #: The PC4 searched for, when the text is a postcode.
    pc4: str | None
    #: False when the text is a postcode but no postcode file is registered.
    postcodes_registered: bool
    matches: list[AreaMatch]
    #: True when more areas matched than are listed.
    truncated: bool = False

    def as_json(self) -> dict:
        return asdict(self)


def _match(area: Area, share: float | None = None) -> AreaMatch:
    return AreaMatch(
        code=area.code, name=area.name, level=area.level, level_label=str(AreaLevel(area.level).label),
        parent=area.parent.name if area.parent_id and area.parent.level in LEVELS else "", share=share,
    )


def search_areas(state, text: str) -> SearchResult:
    """The wijken and buurten of the state's gemeente and indeling that ``text`` names (see the module)."""
    query = " ".join((text or "").split())[:100]
    if not query or state.run is None:
        return SearchResult(query, None, True, [])
    year = state.run.area_year
    pc4 = normalise_pc4(query)
    if pc4 is not None:
        postcodes = Postcodes(year, only=pc4)
        allocation = postcodes.allocate(pc4)
        if allocation is None:
            return SearchResult(query, pc4, postcodes.year is not None, [])
        pairs = [(a, s) for a, s in allocation.wijken + allocation.buurten if a.gemeente_id == state.gemeente.pk]
        parents = Area.objects.in_bulk({a.parent_id for a, _ in pairs if a.parent_id})
        for area, _ in pairs:
            area.parent = parents.get(area.parent_id)
        return SearchResult(query, pc4, True, [_match(a, round(s, 3)) for a, s in pairs])
    code = query.upper().replace(" ", "")
    areas = (
        Area.objects.filter(gemeente=state.gemeente, year=year, level__in=LEVELS)
        .filter(Q(name__icontains=query) | Q(code__istartswith=code))
        .select_related("parent")
        .defer("geometry", "parent__geometry")
        .annotate(
            rank=Case(
                When(code__iexact=code, then=Value(0)),
                When(name__iexact=query, then=Value(1)),
                When(name__istartswith=query, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            ),
            level_rank=Case(When(level=AreaLevel.WIJK, then=Value(0)), default=Value(1), output_field=IntegerField()),
        )
        .order_by("rank", "level_rank", "name", "code")
    )
    found = list(areas[: LIMIT + 1])
    return SearchResult(query, None, True, [_match(a) for a in found[:LIMIT]], truncated=len(found) > LIMIT)
