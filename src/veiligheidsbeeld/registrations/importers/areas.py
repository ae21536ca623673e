"""Level-aware, never-guessing area resolution: the one module every importer uses to turn a region label or
code into an area of the register.

Rules
-----
- **A code decides.** ``NL00``, ``PV20``, ``RE01``, ``GM0014``, ``WK001401``, ``BU00140101`` name one area (of the
  indeling valid in the row's year: the newest not after it, else the oldest).
- **A level decides.** A label carries its level (``Groningen (gemeente)``, ``Groningen (PV)``, ``(RE)``, ``(LD)``,
  ``(CR)``, ``Wijk 00 Centrum``) or the importer passes it (the file's region dimension, a mapping's
  ``area_level``). A gemeente label only ever matches a gemeente, a wijk label only a wijk, and so on.
- **A name that could mean more than one area is refused** (``ambiguous_area``, listing the candidates): the same
  name at two levels the file does not tell apart, or two areas of one level (two buurten "Centrum" in a national
  file). Former gemeenten and registered gemeenten without areas count as candidates too, so a wijk "Haren" is
  never taken for the gemeente Haren.
- **Aliases add candidates, never decide.** ``areas/data/area_aliases.yaml`` lists other names of official
  areas (``Friesland`` for the provincie Fryslân, ``Den Bosch`` for 's-Hertogenbosch), matched with case,
  accents and apostrophe forms folded. An alias is one more candidate for its level: when the name also names
  another area, the row is ``ambiguous_area`` as always.
- **Scope.** An import runs for one gemeente (``gemeente``) or for every registered gemeente (``gemeente=None``).
  Wijken and buurten are looked up by name in the gemeenten of the scope only; gemeenten and the areas above them
  across the whole register. A row whose area lies outside the scope, or in a gemeente that is not registered, is
  ``out_of_scope`` (counted per gemeente code, never quarantined row by row); a row of a gemeente in scope whose
  area is not registered is ``unknown_area``.

Levels above the gemeente (``land``, ``provincie``, ``regionale_eenheid``; ``Area.gemeente`` NULL) are in scope
only when ``supra`` is true (by default: for imports over every gemeente). Landsdelen (``LD``) and COROP regions
(``CR``) are not kept by the register: their rows are out of scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q

from veiligheidsbeeld.areas.aliases import aliases as area_aliases
from veiligheidsbeeld.areas.aliases import fold
from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.models import Gemeente

from .errors import Reason

__all__ = [
    "AreaIndex", "AreaResolver", "Candidate", "REGION_LEVELS", "Resolution", "SUPRA_LEVELS", "SUB_LEVELS",
    "parse_label",
    "level_of_code",
]

LAND, PROVINCIE, REGIONALE_EENHEID = "land", "provincie", "regionale_eenheid"
GEMEENTE, WIJK, BUURT = "gemeente", "wijk", "buurt"
#: Levels above the gemeente (no gemeente of their own).
SUPRA_LEVELS = (LAND, PROVINCIE, REGIONALE_EENHEID)
#: Levels below the gemeente.
SUB_LEVELS = (WIJK, BUURT)
#: Region kinds of StatLine that the register does not keep.
UNKEPT = {"ld": "landsdeel", "cr": "corop"}

#: A level suffix of a StatLine label: ``Groningen (gemeente)``, ``Groningen (PV)``, ``Noord-Nederland (LD)``.
_SUFFIX = re.compile(r"\s*\((gemeente|g|gm|pv|re|ld|cr|wijk|wk|buurt|bu)\)\s*$", re.IGNORECASE)
_SUFFIX_LEVEL = {"gemeente": GEMEENTE, "g": GEMEENTE, "gm": GEMEENTE, "pv": PROVINCIE, "re": REGIONALE_EENHEID,
                 "wijk": WIJK, "wk": WIJK, "buurt": BUURT, "bu": BUURT, "ld": "landsdeel", "cr": "corop"}
#: A StatLine wijk title: ``Wijk 00 Centrum``.
_WIJK_TITLE = re.compile(r"^wijk\s+\d{2}\s+", re.IGNORECASE)
_CODE = re.compile(r"^(NL\d{2}|PV\d{2}|RE\d{2}|LD\d{2}|CR\d{2}|GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$")
_CODE_LEVEL = {"NL": LAND, "PV": PROVINCIE, "RE": REGIONALE_EENHEID, "GM": GEMEENTE, "WK": WIJK, "BU": BUURT,
               "LD": "landsdeel", "CR": "corop"}
#: Region levels of a file whose region dimension holds no wijken or buurten (StatLine "Regio's").
REGION_LEVELS = (LAND, PROVINCIE, REGIONALE_EENHEID, GEMEENTE)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def parse_label(text: str) -> tuple[str, str | None]:
    """The name and the level a region label states (None when it states none).

    Examples
    --------
    >>> parse_label("Groningen (gemeente)"), parse_label("Groningen (PV)"), parse_label("Wijk 03 Oosterpoort")
    (('Groningen', 'gemeente'), ('Groningen', 'provincie'), ('Wijk 03 Oosterpoort', 'wijk'))
    >>> parse_label("Nederland"), parse_label("Bergen (NH.)"), parse_label("Noord-Nederland (LD)")
    (('Nederland', None), ('Bergen (NH.)', None), ('Noord-Nederland', 'landsdeel'))

    "Nederland" states no level: Steenwijkerland has a wijk and a buurt "Nederland". A file of regions
    (StatLine "Regio's") passes :data:`REGION_LEVELS`, which decides it.
    """
    text = " ".join(str(text).split())
    match = _SUFFIX.search(text)
    if match:
        return text[:match.start()].strip(), _SUFFIX_LEVEL[match[1].lower()]
    if _WIJK_TITLE.match(text):
        return text, WIJK
    return text, None


def level_of_code(code: str) -> str | None:
    """The level of a CBS region code (``GM0014`` -> ``gemeente``), None when it is no region code."""
    code = code.strip().upper()
    return _CODE_LEVEL[code[:2]] if _CODE.match(code) else None


def _gemeente_of_code(code: str) -> str | None:
    return "GM" + code[2:6] if code[:2] in ("GM", "WK", "BU") else None


@dataclass(frozen=True)
class Candidate:
    """An area a name could mean: a registered area, or a gemeente known without areas (``area`` None)."""

    code: str
    name: str
    level: str
    area: Area | None = None

    def __str__(self) -> str:
        return "{} {} ({})".format(self.code, self.name, self.level)


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one label or code.

    Attributes
    ----------
    area : Area or None
        The area, when resolved within the scope.
    reason : str or None
        ``unknown_area``, ``ambiguous_area`` or ``out_of_scope`` when ``area`` is None.
    candidates : tuple of Candidate
        The areas an ambiguous name could mean.
    gemeente : str
        For ``out_of_scope``: the gemeente code the row belongs to (the area's code above the gemeente, the label
        when only a name is known).
    detail : str
        Why, in words (English; the importer adds file, line and column).
    """

    area: Area | None = None
    reason: str | None = None
    candidates: tuple[Candidate, ...] = field(default=())
    gemeente: str = ""
    detail: str = ""

    @property
    def out_of_scope(self) -> bool:
        return self.reason == "out_of_scope"

    def as_reason(self, where: str, column: str | None = None) -> Reason:
        """The rejection :class:`Reason` (``where`` is e.g. ``"line 7, column 'Regio's'"``)."""
        return Reason(self.reason or "unknown_area", "{}: {}".format(where, self.detail), column)


class AreaResolver:
    """Resolve region labels and codes against the area register, level-aware and never guessing.

    Parameters
    ----------
    gemeente : Gemeente, optional
        The gemeente of the import; None for an import over every registered gemeente.
    indeling : int, optional
        Use only this CBS indeling year.
    supra : bool, optional
        Whether Nederland, provincies and regionale eenheden are in scope (default: when ``gemeente`` is None).
    """

    def __init__(self, gemeente=None, indeling: int | None = None, *, supra: bool | None = None):
        self.gemeente = gemeente
        self.supra = gemeente is None if supra is None else supra
        areas = Area.objects.only("id", "code", "name", "level", "year", "gemeente_id")
        if gemeente is not None:
            areas = areas.filter(Q(gemeente=gemeente) | ~Q(level__in=SUB_LEVELS))
        if indeling:
            areas = areas.filter(year=indeling)
        self.gemeente_codes: dict[int, str] = dict(Gemeente.objects.values_list("pk", "code"))
        self.by_code: dict[str, list[Area]] = {}
        self.by_name: dict[str, list[Area]] = {}
        #: wijk names without their "Wijk 03 " prefix (police exports name wijken so, StatLine with the prefix)
        self.by_bare_wijk: dict[str, list[Area]] = {}
        years: dict[int | None, set[int]] = {}
        for area in areas:
            self.by_code.setdefault(area.code, []).append(area)
            name = _norm(parse_label(area.name)[0])
            self.by_name.setdefault(name, []).append(area)
            if area.level == WIJK:
                bare = _WIJK_TITLE.sub("", name)
                if bare != name:
                    self.by_bare_wijk.setdefault(bare, []).append(area)
            years.setdefault(area.gemeente_id, set()).add(area.year)
        self.years_of = {g: sorted(y) for g, y in years.items()}
        self.years = sorted({y for ys in years.values() for y in ys})
        #: Gemeenten known without a registered gemeente area (registered gemeenten without areas, former
        #: gemeenten of the herindelingen): candidates for a gemeente name, never a match.
        self.known_gemeenten: dict[str, list[Candidate]] = {}
        with_area = {code for code, found in self.by_code.items() if found[0].level == GEMEENTE}
        for code, name in Gemeente.objects.values_list("code", "name"):
            if code not in with_area and name and name != code:
                self.known_gemeenten.setdefault(_norm(name), []).append(Candidate(code, name, GEMEENTE))
        #: former gemeenten: name -> [(candidate, last year it existed)]
        self.former: dict[str, list[tuple[Candidate, int]]] = {}
        for code, name, until in _former_gemeenten():
            if code not in with_area:
                self.former.setdefault(_norm(name), []).append((Candidate(code, name, GEMEENTE), until.year))

    # --- scope -----------------------------------------------------------------------------------------------

    def in_scope(self, area: Area) -> bool:
        if area.gemeente_id is None:
            return self.supra
        return self.gemeente is None or area.gemeente_id == self.gemeente.pk

    def gemeente_in_scope(self, code: str) -> bool:
        """Whether a gemeente code is in the scope and registered."""
        if self.gemeente is not None:
            return code == self.gemeente.code
        return code in self.gemeente_codes.values()

    def _outside(self, area: Area) -> Resolution:
        owner = self.gemeente_codes.get(area.gemeente_id, "") if area.gemeente_id else area.code
        scope = self.gemeente.code if self.gemeente is not None else "every registered gemeente"
        return Resolution(reason="out_of_scope", gemeente=owner, detail="{} {} ({}) is outside this import's "
                          "scope ({})".format(area.code, area.name, area.level, scope))

    # --- resolving -------------------------------------------------------------------------------------------

    def resolve(self, label: str = "", *, code: str | None = None, level: str | None = None,
                levels=None, year: int | None = None) -> Resolution:
        """Resolve a row's region.

        Parameters
        ----------
        label : str
            The region as the file names it (a name, possibly with a level suffix, or a code).
        code : str, optional
            The region's CBS code when the file gives one: it decides.
        level, levels : str or iterable of str, optional
            The level(s) the file says the label is at (its region dimension, a mapping). A level stated by the
            label itself takes precedence.
        year : int, optional
            The year of the figure: chooses the indeling.
        """
        code = (code or "").strip().upper()
        text = str(label or "").strip()
        if not code and level_of_code(text):
            code = text.upper()
        if code:
            return self._by_code(code, year)
        if not text:
            return Resolution(reason="unknown_area", detail="no region")
        name, stated = parse_label(text)
        allowed = _levels(stated, level, levels)
        if stated in ("landsdeel", "corop"):
            return Resolution(reason="out_of_scope", gemeente=text, detail="{!r} is a {}, which the area register "
                              "does not keep".format(text, stated))
        return self._by_name(name, text, allowed, year)

    def _by_code(self, code: str, year: int | None) -> Resolution:
        area = _pick(self.by_code.get(code), year)
        if area is not None:
            return Resolution(area=area) if self.in_scope(area) else self._outside(area)
        level = level_of_code(code)
        if level is None:
            return Resolution(reason="unknown_area", detail="{!r} is not a CBS region code".format(code[:40]))
        owner = _gemeente_of_code(code)
        if owner is None:  # above the gemeente, not registered (or a landsdeel/COROP region)
            return Resolution(reason="out_of_scope", gemeente=code, detail="{} ({}) is not in the area "
                              "register".format(code, level))
        if not self.gemeente_in_scope(owner):
            why = "is not registered" if owner not in self.gemeente_codes.values() else "is outside this import"
            return Resolution(reason="out_of_scope", gemeente=owner, detail="{}: gemeente {} {}".format(
                code, owner, why))
        return Resolution(reason="unknown_area", detail="area {!r} is not in the area register of {}".format(
            code, owner))

    def _by_name(self, name: str, text: str, allowed: tuple[str, ...] | None, year: int | None) -> Resolution:
        key = _norm(name)
        found = [a for a in self.by_name.get(key, ()) if allowed is None or a.level in allowed]
        if (allowed is None or WIJK in allowed) and not _WIJK_TITLE.match(key):
            # "Haren" may name the wijk "Wijk 00 Haren" (police exports drop the prefix)
            found += [a for a in self.by_bare_wijk.get(key, ()) if a not in found]
        known = [c for c in self.known_gemeenten.get(key, ()) if allowed is None or GEMEENTE in allowed]
        if allowed is None or GEMEENTE in allowed:  # a former gemeente, for figures of the years it existed
            known += [c for c, until in self.former.get(key, ()) if (year is None or year <= until)
                      and c.code not in {k.code for k in known}]
        for alias in area_aliases().get(fold(name), ()):  # another name of an official area: one more candidate
            if allowed is not None and alias.level not in allowed:
                continue
            areas = [a for a in self.by_code.get(alias.code, ()) if a.level == alias.level]
            if areas:
                found += [a for a in areas if a not in found]
            elif alias.level == GEMEENTE and alias.code not in {k.code for k in known} | {a.code for a in found}:
                known.append(Candidate(alias.code, alias.official, GEMEENTE))  # not registered: out of scope
        candidates = self._distinct(found, year)
        if len(candidates) + len(known) > 1:
            listed = [Candidate(a.code, a.name, a.level, a) for a in candidates] + known
            return Resolution(reason="ambiguous_area", candidates=tuple(listed), detail=(
                "{!r} could mean {}; the file does not say which (download the table with region codes, or "
                "state the level)".format(text[:80], ", ".join(str(c) for c in listed[:12]))))
        if candidates:
            area = candidates[0]
            return Resolution(area=area) if self.in_scope(area) else self._outside(area)
        if known:
            return Resolution(reason="out_of_scope", gemeente=known[0].code, detail="gemeente {} {} is not "
                              "registered".format(known[0].code, known[0].name))
        levels_text = "/".join(allowed) if allowed else "area"
        if allowed and not (set(allowed) & set(SUB_LEVELS)) and self.gemeente is not None:
            # a gemeente, provincie, ... that is not registered, in the import of one gemeente: another's row
            return Resolution(reason="out_of_scope", gemeente=text[:60], detail="no {} named {!r} is "
                              "registered".format(levels_text, name[:60]))
        if allowed and not (set(allowed) & set(SUB_LEVELS)):
            # over every gemeente, an unknown gemeente or provincie name is a variant or not registered: refused
            # with the reason (and corrected in quarantine), never dropped unseen
            return Resolution(reason="unknown_area", detail="no {} named {!r} in the area register (official CBS "
                              "names; register them all with: areas import regions FILE)".format(
                                  levels_text, name[:60]))
        where = self.gemeente.code if self.gemeente is not None else "the area register"
        return Resolution(reason="unknown_area", detail="no {} named {!r} in {}".format(levels_text, name[:60], where))

    def _distinct(self, areas: list[Area], year: int | None) -> list[Area]:
        """One area per code (of the indeling valid in ``year``); with more than one code, only those of the
        indeling valid in ``year`` for their gemeente (a renumbered buurt is not a second candidate)."""
        by_code: dict[str, list[Area]] = {}
        for area in areas:
            by_code.setdefault(area.code, []).append(area)
        picked = [_pick(group, year) for group in by_code.values()]
        if len(picked) > 1:
            current = [a for a in picked if a.year == _valid_year(self.years_of.get(a.gemeente_id, []), year)]
            picked = current or picked
        return picked

    # --- the lookups of the former AreaIndex -----------------------------------------------------------------

    def code(self, code: str, year: int | None = None) -> Area | None:
        """The area in scope with this code, or None."""
        return self._by_code(code.strip().upper(), year).area if code else None

    def name(self, level: str, name: str, year: int | None = None) -> Area | None:
        """The one area in scope of ``level`` named ``name``, or None (also when the name is ambiguous)."""
        return self.resolve(name, level=level, year=year).area


#: The former name of :class:`AreaResolver`.
AreaIndex = AreaResolver


def _levels(stated, level, levels) -> tuple[str, ...] | None:
    if stated is not None:
        return (stated,)
    if level:
        return (str(level),)
    if levels:
        return tuple(str(x) for x in levels)
    return None


def _valid_year(years: list[int], year: int | None) -> int | None:
    if not years:
        return None
    if year is None:
        return years[-1]
    before = [y for y in years if y <= year]
    return before[-1] if before else years[0]


def _pick(areas: list[Area] | None, year: int | None) -> Area | None:
    if not areas:
        return None
    if year is not None:
        before = [a for a in areas if a.year <= year]
        if before:
            return max(before, key=lambda a: a.year)
        return min(areas, key=lambda a: a.year)
    return max(areas, key=lambda a: a.year)


def _former_gemeenten() -> list[tuple[str, str, object]]:
    """``(code, name, last day)`` of the former gemeenten of the herindelingen the areas app keeps."""
    try:
        from veiligheidsbeeld.areas.models import HerindelingPredecessor
    except ImportError:
        return []
    import datetime as dt

    return [(code, name, date - dt.timedelta(days=1)) for code, name, date in
            HerindelingPredecessor.objects.values_list("code", "name", "herindeling__date").distinct()]
