"""Looking up areas of the register by CBS code or name, choosing the indeling year that fits a period."""

from __future__ import annotations

from veiligheidsbeeld.areas.models import Area

__all__ = ["AreaIndex"]


class AreaIndex:
    """The registered areas of one gemeente, by code and by lower-case name, over all indeling years.

    Parameters
    ----------
    gemeente : Gemeente
    indeling : int, optional
        Use only this CBS indeling year.
    """

    def __init__(self, gemeente, indeling: int | None = None):
        areas = Area.objects.filter(gemeente=gemeente).only("id", "code", "name", "level", "year", "gemeente_id")
        if indeling:
            areas = areas.filter(year=indeling)
        self.by_code: dict[str, list[Area]] = {}
        self.by_name: dict[tuple[str, str], list[Area]] = {}
        for area in areas:
            self.by_code.setdefault(area.code, []).append(area)
            self.by_name.setdefault((area.level, area.name.strip().lower()), []).append(area)
        self.years = sorted({a.year for areas in self.by_code.values() for a in areas})

    def code(self, code: str, year: int | None = None) -> Area | None:
        """The area with this code: of the indeling valid in ``year`` (newest not after it), else the newest."""
        return _pick(self.by_code.get(code), year)

    def name(self, level: str, name: str, year: int | None = None) -> Area | None:
        return _pick(self.by_name.get((level, name.strip().lower())), year)


def _pick(areas: list[Area] | None, year: int | None) -> Area | None:
    if not areas:
        return None
    if year is not None:
        before = [a for a in areas if a.year <= year]
        if before:
            return max(before, key=lambda a: a.year)
        return min(areas, key=lambda a: a.year)
    return max(areas, key=lambda a: a.year)
