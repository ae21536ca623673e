"""Writing the area register from parsed CBS files: each import lands whole or not at all, and is audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from django.db import transaction

from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.models import Gemeente

from .herindelingen import HERINDELINGEN_FILE, parse_herindelingen
from .models import (
    LEVEL_PREFIX,
    Area,
    AreaLevel,
    AreaPopulation,
    Herindeling,
    HerindelingPredecessor,
    HerindelingSource,
    PostcodeAllocation,
)

__all__ = [
    "AreaImportError",
    "ImportResult",
    "PROVINCIES_FILE",
    "import_boundaries",
    "import_national_regions",
    "import_population",
    "import_postcodes",
    "import_regions",
    "load_herindelingen",
    "provincies",
]

#: The twelve provincies with their CBS codes (documented, with sources, in the file).
PROVINCIES_FILE = Path(__file__).parent / "data" / "provincies.yaml"


class AreaImportError(ValueError):
    """The parsed file does not fit the register (e.g. a buurt whose wijk is unknown for that year)."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "notes": self.notes,
        }


def _upsert(result: ImportResult, *, gemeente, code, year, name, level, parent, area=None, lookup=True) -> Area:
    """Create or update the area ``code`` of ``year``; ``lookup=False`` when the caller knows it is not stored."""
    if area is None and lookup:
        area = Area.objects.filter(code=code, year=year).first()
    if area is None:
        result.created += 1
        return Area.objects.create(gemeente=gemeente, code=code, year=year, name=name, level=level, parent=parent)
    if area.gemeente_id != (gemeente.pk if gemeente else None):
        raise AreaImportError("{} ({}) belongs to {} already".format(
            code, year, "gemeente " + area.gemeente.code if area.gemeente_id else "no gemeente"))
    if (area.name, area.level, area.parent_id) == (name, level, parent.pk if parent else None):
        result.unchanged += 1
        return area
    area.name, area.level, area.parent = name, level, parent
    area.save(update_fields=["name", "level", "parent"])
    result.updated += 1
    return area


@cache
def provincies() -> tuple[tuple[str, str], ...]:
    """The twelve provincies as ``(code, name)``, from :data:`PROVINCIES_FILE`."""
    data = yaml.safe_load(PROVINCIES_FILE.read_text(encoding="utf-8"))
    return tuple((entry["code"], entry["name"]) for entry in data["provincies"])


@transaction.atomic
def import_national_regions(national_file, *, year: int, actor=None, source: str = "") -> ImportResult:
    """Register the national register of a parsed ``NationalRegionFile`` for one CBS indeling year.

    Every gemeente gets its ``Gemeente`` row (code and official CBS name; a row named by its code gets the official
    name) and its gemeente-level area; Nederland (``NL00``), the twelve provincies (``PV20``..``PV31``, names from
    the file when it has them, else from :data:`PROVINCIES_FILE`) and the politie regionale eenheden the file has
    are registered without a gemeente. Wijken and buurten are registered per gemeente (``import_regions``).
    """
    result = ImportResult()
    existing = {area.code: area for area in Area.objects.filter(year=year).select_related("gemeente")}
    supra = []
    land = national_file.land
    supra.append((land.code, land.name, AreaLevel.LAND) if land else ("NL00", "Nederland", AreaLevel.LAND))
    named = {p.code: p.name for p in national_file.provincies}
    unknown = sorted(set(named) - {code for code, _ in provincies()})
    if unknown:
        raise AreaImportError("unknown provincie codes {} (expected PV20..PV31)".format(", ".join(unknown)))
    supra += [(code, named.get(code, name), AreaLevel.PROVINCIE) for code, name in provincies()]
    supra += [(r.code, r.name, AreaLevel.REGIONALE_EENHEID) for r in national_file.regionale_eenheden]
    for code, name, level in supra:
        _upsert(result, gemeente=None, code=code, year=year, name=name, level=level, parent=None,
                area=existing.get(code), lookup=False)

    gemeenten = {g.code: g for g in Gemeente.objects.filter(code__in=[r.code for r in national_file.gemeenten])}
    renamed = 0
    for region in national_file.gemeenten:
        gemeente = gemeenten.get(region.code)
        if gemeente is None:
            gemeente = Gemeente.objects.create(code=region.code, name=region.name)
        elif gemeente.name == gemeente.code:
            gemeente.name = region.name
            gemeente.save(update_fields=["name"])
            renamed += 1
        _upsert(result, gemeente=gemeente, code=region.code, year=year, name=region.name,
                level=AreaLevel.GEMEENTE, parent=None, area=existing.get(region.code), lookup=False)
    if renamed:
        result.notes.append("{} gemeenten named by their code now carry their official name".format(renamed))
    if national_file.skipped:
        result.notes.append(
            "{} rows not registered nationally (wijken and buurten: import them per gemeente with --gemeente; "
            "landsdelen, COROP regions, CBS placeholder codes)".format(national_file.skipped)
        )
    audit.record("areas_imported", actor=actor, object_type="areas.area", object_id=str(year), source=source,
                 scope="national", gemeenten=len(national_file.gemeenten), **result.as_dict())
    return result


def get_or_create_gemeente(code: str, name: str) -> Gemeente:
    """The gemeente of ``code``, created with ``name`` (never the code) or renamed when it carried its code."""
    if not name or name == code:
        raise AreaImportError("gemeente {} needs its name, not its code".format(code))
    gemeente, created = Gemeente.objects.get_or_create(code=code, defaults={"name": name})
    if not created and gemeente.name == gemeente.code:
        gemeente.name = name
        gemeente.save(update_fields=["name"])
    return gemeente


@transaction.atomic
def import_regions(region_file, *, year: int, actor=None, source: str = "") -> ImportResult:
    """Register a gemeente with its wijken and buurten for one CBS indeling year (a parsed ``RegionFile``)."""
    result = ImportResult()
    g = region_file.gemeente
    gemeente = get_or_create_gemeente(g.code, g.name)
    top = _upsert(result, gemeente=gemeente, code=g.code, year=year, name=g.name, level=AreaLevel.GEMEENTE, parent=None)
    wijken = {}
    for w in region_file.wijken:
        wijken[w.code] = _upsert(
            result, gemeente=gemeente, code=w.code, year=year, name=w.name, level=AreaLevel.WIJK, parent=top
        )
    for b in region_file.buurten:
        _upsert(
            result, gemeente=gemeente, code=b.code, year=year, name=b.name, level=AreaLevel.BUURT,
            parent=wijken[b.parent_code],
        )
    known = {g.code} | set(wijken) | {b.code for b in region_file.buurten}
    missing = Area.objects.filter(gemeente=gemeente, year=year).exclude(code__in=known).count()
    if missing:
        result.notes.append("{} areas of {} in the register are not in this file (kept)".format(missing, year))
    audit.record("areas_imported", actor=actor, gemeente=gemeente, object_type="areas.area", object_id=str(year),
                 source=source, **result.as_dict())
    return result


def _area_for_year(code: str, year: int, candidates: dict[str, list[Area]]) -> Area | None:
    """The register's area for a code in a given year: the newest indeling not after the year, else the oldest."""
    areas = candidates.get(code)
    if not areas:
        return None
    before = [a for a in areas if a.year <= year]
    return max(before, key=lambda a: a.year) if before else min(areas, key=lambda a: a.year)


@transaction.atomic
def import_population(records: Iterable, *, year: int, gemeente: str | None = None, actor=None,
                      source: str = "") -> ImportResult:
    """Store inhabitants per area for ``year``; codes of gemeenten not in the register are skipped and counted.

    A code of a registered gemeente that the register does not know is an error: the population would be lost.
    """
    result = ImportResult()
    records = [r for r in records if gemeente is None or r.code[2:6] == gemeente[2:6]]
    # A gemeente of the national register without its wijken and buurten: its wijk and buurt figures are
    # skipped like those of unregistered gemeenten; once a level of a gemeente is registered, a missing code of
    # that level is an error (its population would be lost).
    registered_levels = set(
        Area.objects.filter(gemeente__isnull=False).values_list("gemeente__code", "level").distinct()
    )
    candidates: dict[str, list[Area]] = {}
    for area in Area.objects.filter(code__in={r.code for r in records}):
        candidates.setdefault(area.code, []).append(area)
    existing = {p.area_id: p for p in AreaPopulation.objects.filter(
        year=year, area__in=[a for areas in candidates.values() for a in areas])}
    unknown, blank = [], 0
    for record in records:
        level = LEVEL_PREFIX.get(record.code[:2])
        if ("GM" + record.code[2:6], level) not in registered_levels:
            result.skipped += 1
            continue
        area = _area_for_year(record.code, year, candidates)
        if area is None:
            unknown.append(record.code)
            continue
        if record.population is None:
            blank += 1
            continue
        stored = existing.get(area.pk)
        if stored is None:
            AreaPopulation.objects.create(area=area, year=year, population=record.population, source=source[:200])
            result.created += 1
        elif stored.population == record.population:
            result.unchanged += 1
        else:
            stored.population, stored.source = record.population, source[:200]
            stored.save(update_fields=["population", "source"])
            result.updated += 1
    if unknown:
        raise AreaImportError(
            "{} codes of registered gemeenten are not in the area register (import their regions first): {}".format(
                len(unknown), ", ".join(sorted(unknown)[:10]) + (" ..." if len(unknown) > 10 else "")
            )
        )
    if blank:
        result.notes.append("{} areas without a published figure (blank or secret)".format(blank))
    if result.skipped:
        result.notes.append(
            "{} areas of gemeenten (or of levels of gemeenten) outside the register skipped".format(result.skipped)
        )
    audit.record("population_imported", actor=actor, gemeente=gemeente or "", object_type="areas.areapopulation",
                 object_id=str(year), source=source, **result.as_dict())
    return result


@transaction.atomic
def import_boundaries(records: Iterable, *, level: str, year: int, gemeenten: Iterable[str] | None = None,
                      actor=None, source: str = "", properties: Iterable[str] = ()) -> ImportResult:
    """Attach boundaries to the areas of ``year``; register areas the file names with their codes when unknown.

    Records are parsed ``BoundaryRecord`` objects (code, name, level, parent_code, gemeente_code, population,
    geometry, gemeente_name, wijk_name). ``gemeenten`` keeps only the areas of those gemeente codes. CBS
    placeholder gemeenten (``GM0000`` onbekend, ``GM0998`` Buitenland) are skipped.

    A gemeente is registered only with its name: from the register (the national register of
    ``import_national_regions``) or from the file's ``gemeentenaam``/``GM_NAAM``; a gemeente known by neither is
    refused, never named by its code. A buurt whose wijk is not registered for that year cannot be placed and
    stops the import. ``properties`` (the file's property names) make those messages say what the file has.
    """
    from .parsing.regions import PLACEHOLDER_GEMEENTEN

    result = ImportResult()
    wanted = None if gemeenten is None else set(gemeenten)
    records = [r for r in records if r.level == level]
    placeholders = [r for r in records if r.gemeente_code in PLACEHOLDER_GEMEENTEN]
    records = [r for r in records if r.gemeente_code not in PLACEHOLDER_GEMEENTEN]
    if wanted is not None:
        outside = len(records)
        records = [r for r in records if r.gemeente_code in wanted]
        outside -= len(records)
        if not records:
            raise AreaImportError("no {} boundaries of {} in the file".format(level, ", ".join(sorted(wanted))))
        if outside:
            result.notes.append("{} {} boundaries of other gemeenten skipped".format(outside, level))
        result.skipped += outside
    if placeholders:
        result.skipped += len(placeholders)
        result.notes.append("{} areas of CBS placeholder gemeenten ({}) skipped".format(
            len(placeholders), ", ".join(sorted({r.gemeente_code for r in placeholders}))))
    found = ", ".join(properties) or "none"
    areas = {a.code: a for a in Area.objects.filter(year=year).select_related("gemeente")}
    registered = {g.code: g for g in Gemeente.objects.filter(code__in={r.gemeente_code for r in records})}
    renamed = set()

    def gemeente_of(record) -> Gemeente:
        gemeente = registered.get(record.gemeente_code)
        name = record.gemeente_name
        if gemeente is None:
            if not name:
                raise AreaImportError(
                    "{}: gemeente {} is not registered and the file gives no gemeente name (expected one of "
                    "gemeentenaam, GM_NAAM; found {}); import the national register first: veiligheidsbeeld "
                    "areas import regions <47018NED_WijkenEnBuurten.csv>".format(record.code, record.gemeente_code,
                                                                                found)
                )
            gemeente = registered[record.gemeente_code] = Gemeente.objects.create(code=record.gemeente_code,
                                                                                  name=name)
        elif gemeente.name == gemeente.code:
            if not name:
                raise AreaImportError(
                    "{}: gemeente {} is registered under its code only and the file gives no gemeente name "
                    "(expected one of gemeentenaam, GM_NAAM; found {}); import the national register first"
                    .format(record.code, record.gemeente_code, found)
                )
            gemeente.name = name
            gemeente.save(update_fields=["name"])
            renamed.add(gemeente.code)
        return gemeente

    def register(record) -> Area:
        if not record.name:
            raise AreaImportError(
                "{} is not registered for {} and the file gives no name (expected one of statnaam, wijknaam, "
                "WK_NAAM, buurtnaam, BU_NAAM, gemeentenaam, GM_NAAM, naam; found {})".format(record.code, year, found)
            )
        parent = None
        if level == AreaLevel.BUURT:
            parent = areas.get(record.parent_code)
            if parent is None:
                raise AreaImportError(
                    "buurt {}: its wijk {} is not registered for {}; import the wijk boundaries or regions of {} "
                    "first".format(record.code, record.parent_code, year, year)
                )
        gemeente = gemeente_of(record)
        if level == AreaLevel.WIJK:
            parent = areas.get(gemeente.code)
            if parent is None:
                parent = areas[gemeente.code] = _upsert(
                    result, gemeente=gemeente, code=gemeente.code, year=year, name=gemeente.name,
                    level=AreaLevel.GEMEENTE, parent=None, lookup=False,
                )
        area = areas[record.code] = _upsert(result, gemeente=gemeente, code=record.code, year=year,
                                            name=record.name, level=level, parent=parent, lookup=False)
        if record.population is not None:
            AreaPopulation.objects.update_or_create(
                area=area, year=year, defaults={"population": record.population, "source": source[:200]}
            )
        return area

    for record in records:
        area = areas.get(record.code)
        if area is None:
            area = register(record)
        elif area.level != level:
            raise AreaImportError("{} ({}) is registered as {}, not {}".format(record.code, year, area.level, level))
        elif area.geometry == record.geometry:
            result.unchanged += 1
            continue
        else:
            result.updated += 1
            if record.gemeente_name and area.gemeente_id and area.gemeente.name == area.gemeente.code:
                gemeente_of(record)
        area.geometry = record.geometry
        area.save(update_fields=["geometry"])
    if renamed:
        result.notes.append("{} gemeenten named by their code now carry their name from the file".format(len(renamed)))
    audit.record("boundaries_imported", actor=actor, object_type="areas.area", object_id=str(year), level=level,
                 source=source, gemeenten=sorted(wanted) if wanted else None, **result.as_dict())
    return result


@transaction.atomic
def import_postcodes(records: Iterable, *, year: int, actor=None, source: str = "") -> ImportResult:
    """Store the PC4-to-buurt address counts of one CBS year (parsed ``PostcodeAllocationRecord`` objects).

    The file is the whole truth for its year: allocations of that year not in it are removed (counted as
    updated), so importing a corrected file replaces the old one and importing the same file twice changes
    nothing.
    """
    result = ImportResult()
    existing = {(a.pc4, a.buurt_code): a for a in PostcodeAllocation.objects.filter(year=year)}
    new, changed, seen = [], [], set()
    for record in records:
        key = (record.pc4, record.buurt_code)
        seen.add(key)
        row = existing.get(key)
        if row is None:
            new.append(PostcodeAllocation(
                pc4=record.pc4, year=year, buurt_code=record.buurt_code, wijk_code=record.wijk_code,
                gemeente_code=record.gemeente_code, addresses=record.addresses, source=source[:200],
            ))
        elif (row.addresses, row.wijk_code, row.gemeente_code) != (
            record.addresses, record.wijk_code, record.gemeente_code
        ):
            row.addresses, row.wijk_code, row.gemeente_code = record.addresses, record.wijk_code, record.gemeente_code
            row.source = source[:200]
            changed.append(row)
        else:
            result.unchanged += 1
    gone = [row.pk for key, row in existing.items() if key not in seen]
    PostcodeAllocation.objects.bulk_create(new, batch_size=5000)
    PostcodeAllocation.objects.bulk_update(changed, ["addresses", "wijk_code", "gemeente_code", "source"],
                                           batch_size=5000)
    PostcodeAllocation.objects.filter(pk__in=gone).delete()
    result.created, result.updated = len(new), len(changed) + len(gone)
    if gone:
        result.notes.append("{} allocations of {} not in this file removed".format(len(gone), year))
    postcodes = len({key[0] for key in seen})
    buurten = {key[1] for key in seen}
    registered = len(buurten & set(
        Area.objects.filter(year=year, level=AreaLevel.BUURT).values_list("code", flat=True)
    ))
    result.notes.append("{} postcodes over {} buurten, {} of them in the area register for {}".format(
        postcodes, len(buurten), registered, year))
    audit.record("postcodes_imported", actor=actor, object_type="areas.postcodeallocation", object_id=str(year),
                 source=source, postcodes=postcodes, **result.as_dict())
    return result


@transaction.atomic
def load_herindelingen(path=HERINDELINGEN_FILE, *, actor=None) -> ImportResult:
    """Load a herindelingen YAML (default: the project's) as predecessor links, replacing those loaded before.

    Raises ``HerindelingFileError`` (a ValueError naming entry and field) before anything is written.
    """
    import hashlib

    path = Path(path)
    (start, until), entries = parse_herindelingen(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    result = ImportResult()
    wanted = {
        (e.date, e.gemeente[0]): (e.gemeente[1], {(c, n, True) for c, n in e.predecessors}
                                  | {(c, n, False) for c, n in e.parts})
        for e in entries
    }
    existing = {
        (h.date, h.gemeente_code): (h.gemeente_name, {(p.code, p.name, p.whole) for p in h.predecessors.all()})
        for h in Herindeling.objects.prefetch_related("predecessors")
    }
    for key, value in wanted.items():
        if key not in existing:
            result.created += 1
        elif existing[key] != value:
            result.updated += 1
        else:
            result.unchanged += 1
    removed = len(set(existing) - set(wanted))
    result.updated += removed
    source = HerindelingSource.objects.order_by("-pk").first()
    same_source = source is not None and (source.covers_from, source.covers_until) == (start, until)
    if result.created or result.updated or not same_source:
        Herindeling.objects.all().delete()
        HerindelingSource.objects.all().delete()
        HerindelingSource.objects.create(name=path.name[:200], covers_from=start, covers_until=until,
                                         content_hash=digest)
        for (date, code), (name, links) in wanted.items():
            herindeling = Herindeling.objects.create(date=date, gemeente_code=code, gemeente_name=name)
            HerindelingPredecessor.objects.bulk_create(
                HerindelingPredecessor(herindeling=herindeling, code=c, name=n, whole=w) for c, n, w in links
            )
    if removed:
        result.notes.append("{} herindelingen not in this file removed".format(removed))
    audit.record("herindelingen_loaded", actor=actor, object_type="areas.herindeling", object_id=path.name,
                 covers=[start.isoformat(), until.isoformat()], sha256=digest, **result.as_dict())
    return result
