"""Issue 13, defect 1 over the whole national register: no name that could mean more than one area is ever
resolved silently.

The register is the real one: every gemeente with Nederland and the provincies from the national import of
47018NED_WijkenEnBuurten.csv (``areas import regions`` without ``--gemeente``), plus every wijk and buurt of the
same file. From it the test builds the full list of names that occur at more than one level or for more than one
area (a wijk "Wijk 00 Annen" is also named "Annen", as police exports name it), and proves for each that the
resolver refuses it with ``ambiguous_area`` (listing every area it could mean) wherever the file does not say the
level: in an import over every gemeente, and in the import of each gemeente that holds one of them.
"""

import csv
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command

from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.registrations.importers.areas import SUB_LEVELS, AreaResolver, _norm, _WIJK_TITLE, parse_label
from veiligheidsbeeld.testing import require_shared_data

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]

REGIONS = ("groningen", "politie-47018-buurt-2023-groningen", "47018NED_WijkenEnBuurten.csv")


def _national_register() -> None:
    path = require_shared_data(*REGIONS)
    call_command("areas", "import", "regions", str(path), stdout=StringIO())
    year = Area.objects.filter(level="gemeente").values_list("year", flat=True).first()
    gemeenten = {a.code: a for a in Area.objects.filter(level="gemeente", year=year)}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = [(r["Key"].strip(), r["Title"].strip()) for r in csv.DictReader(handle)
                if "GM" + r["Key"].strip()[2:6] in gemeenten]  # not the CBS placeholder GM0000 "onbekend"
    wijken = [Area(gemeente_id=gemeenten["GM" + c[2:6]].gemeente_id, code=c, name=n, level="wijk", year=year,
                   parent=gemeenten["GM" + c[2:6]]) for c, n in rows if c.startswith("WK")]
    Area.objects.bulk_create(wijken, batch_size=2000)
    by_code = {a.code: a for a in Area.objects.filter(level="wijk", year=year)}
    buurten = [Area(gemeente_id=by_code["WK" + c[2:8]].gemeente_id, code=c, name=n, level="buurt", year=year,
                    parent=by_code["WK" + c[2:8]]) for c, n in rows if c.startswith("BU")]
    Area.objects.bulk_create(buurten, batch_size=2000)


def _names(area: Area) -> set[str]:
    """The names a file may use for an area: its own, and a wijk's without its "Wijk 00" prefix."""
    name = _norm(parse_label(area.name)[0])
    return {name, _WIJK_TITLE.sub("", name)} if area.level == "wijk" else {name}


def test_no_colliding_name_of_the_national_register_is_resolved_silently():
    _national_register()
    areas = list(Area.objects.all())
    assert sum(a.level == "buurt" for a in areas) > 14_000 and sum(a.level == "gemeente" for a in areas) == 342
    named: dict[str, set[Area]] = defaultdict(set)
    for area in areas:
        for name in _names(area):
            named[name].add(area)
    colliding = {name: found for name, found in named.items() if len({a.code for a in found}) > 1}
    # The list is long and holds the cases of the issue: a gemeente and a provincie, a gemeente and buurten.
    assert len(colliding) > 1_000
    assert {"GM0014", "PV20"} <= {a.code for a in colliding["groningen"]}
    assert {"GM0344", "PV26"} <= {a.code for a in colliding["utrecht"]}

    everywhere = AreaResolver(None)
    silent = []
    for name, found in colliding.items():
        outcome = everywhere.resolve(name)
        if outcome.area is not None or outcome.reason != "ambiguous_area":
            silent.append((name, outcome.area))
        elif not {a.code for a in found} <= {c.code for c in outcome.candidates}:
            silent.append((name, "candidates missing"))
        for level in {a.level for a in found}:  # the level decides only when one area of that level has the name
            same = {a.code for a in found if a.level == level}
            outcome = everywhere.resolve(name, level=level)
            if len(same) > 1 and outcome.area is not None:
                silent.append((name, level, outcome.area))
            if len(same) == 1 and (outcome.area is None or outcome.area.code not in same):
                silent.append((name, level, "not decided", outcome.reason))
    assert silent == [], silent[:20]

    # In the import of one gemeente its own wijken and buurten are meant, and still: a name its register holds
    # at two levels, or that is also a gemeente or a provincie, is refused without a level.
    supra = {name for name, found in named.items() if any(a.level not in SUB_LEVELS for a in found)}
    checked = 0
    by_gemeente: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for area in areas:
        if area.level in SUB_LEVELS:
            for name in _names(area):
                by_gemeente[area.gemeente_id][name].add(area.code)
    gemeenten = {g.pk: g for g in Gemeente.objects.all()}
    for gemeente_id, names in by_gemeente.items():
        risky = {n for n, codes in names.items() if len(codes) > 1 or n in supra}
        if not risky:
            continue
        resolver = AreaResolver(gemeenten[gemeente_id])
        for name in risky:
            outcome = resolver.resolve(name)
            checked += 1
            if outcome.area is not None or outcome.reason != "ambiguous_area":
                silent.append((gemeenten[gemeente_id].code, name, outcome.area))
    assert silent == [] and checked > 500
