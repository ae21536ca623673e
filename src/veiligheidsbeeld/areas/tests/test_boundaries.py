"""Boundaries at every level (issue 13, item 7 and defect 8): --level gemeente|wijk|buurt, --gemeente, names."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from veiligheidsbeeld.areas.models import Area, AreaLevel
from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.testing import require_shared_data

pytestmark = pytest.mark.django_db

WIJKEN_NL = ("nl", "pdok-cbs-wijken-gemeenten-geojson", "wijken_2024.geojson")
REGIONS = ("groningen", "politie-47018-buurt-2023-groningen", "47018NED_WijkenEnBuurten.csv")


def square(x, y, size=0.01):
    return {"type": "Polygon", "coordinates": [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]}


def write(tmp_path, features, name="areas.geojson"):
    path = tmp_path / name
    collection = [{"type": "Feature", "properties": p, "geometry": square(6 + i * 0.01, 53)}
                  for i, p in enumerate(features)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": collection}), encoding="utf-8")
    return path


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# A national wijk file in the PDOK layout: two gemeenten and the CBS placeholder "Buitenland".
PDOK_WIJKEN = [
    {"wijkcode": "WK001400", "wijknaam": "Centrum", "gemeentecode": "GM0014", "gemeentenaam": "Groningen"},
    {"wijkcode": "WK001401", "wijknaam": "Oud-Zuid", "gemeentecode": "GM0014", "gemeentenaam": "Groningen"},
    {"wijkcode": "WK003400", "wijknaam": "Almere Haven", "gemeentecode": "GM0034", "gemeentenaam": "Almere"},
    {"wijkcode": "WK099899", "wijknaam": "Buitenland", "gemeentecode": "GM0998", "gemeentenaam": "Buitenland"},
]


def test_a_national_wijk_file_registers_gemeenten_with_their_names_never_their_codes(tmp_path):
    out = run("areas", "import", "boundaries", str(write(tmp_path, PDOK_WIJKEN)), "--level", "wijk", "--year", "2024")

    assert {g.code: g.name for g in Gemeente.objects.all()} == {"GM0014": "Groningen", "GM0034": "Almere"}
    gemeenten = {a.code: a.name for a in Area.objects.filter(level=AreaLevel.GEMEENTE)}
    assert gemeenten == {"GM0014": "Groningen", "GM0034": "Almere"}
    assert Area.objects.get(code="WK003400").parent.code == "GM0034"
    assert "1 areas of CBS placeholder gemeenten (GM0998) skipped" in out


def test_a_wijk_file_without_gemeente_names_is_refused_saying_what_it_expected_and_found(tmp_path):
    features = [{"wijkcode": p["wijkcode"], "wijknaam": p["wijknaam"]} for p in PDOK_WIJKEN[:3]]
    with pytest.raises(CommandError) as error:
        run("areas", "import", "boundaries", str(write(tmp_path, features)), "--level", "wijk", "--year", "2024")
    text = str(error.value)
    assert "gemeente GM0014 is not registered and the file gives no gemeente name" in text
    assert "expected one of gemeentenaam, GM_NAAM; found wijkcode, wijknaam" in text
    assert not Gemeente.objects.exists() and not Area.objects.exists()

    # With the national register the same file is fine: the names come from the register.
    Gemeente.objects.create(code="GM0014", name="Groningen")
    Gemeente.objects.create(code="GM0034", name="Almere")
    run("areas", "import", "boundaries", str(write(tmp_path, features)), "--level", "wijk", "--year", "2024")
    assert Area.objects.get(code="GM0034", year=2024).name == "Almere"


def test_a_file_without_code_properties_names_those_expected_and_found(tmp_path):
    path = write(tmp_path, [{"id": 1, "naam": "Centrum"}])
    with pytest.raises(CommandError) as error:
        run("areas", "import", "boundaries", str(path), "--level", "wijk", "--year", "2024")
    assert "no code property (expected one of statcode, code, bu_code, buurtcode, wk_code, wijkcode, gm_code, " \
        "gemeentecode; found id, naam)" in str(error.value)


def test_the_gemeente_filter_keeps_only_those_gemeenten(tmp_path):
    path = write(tmp_path, PDOK_WIJKEN)
    out = run("areas", "import", "boundaries", str(path), "--level", "wijk", "--year", "2024", "--gemeente", "GM0034")
    assert sorted(Area.objects.values_list("code", flat=True)) == ["GM0034", "WK003400"]
    assert "2 wijk boundaries of other gemeenten skipped" in out
    with pytest.raises(CommandError, match="no wijk boundaries of GM0363 in the file"):
        run("areas", "import", "boundaries", str(path), "--level", "wijk", "--year", "2024", "--gemeente", "GM0363")


def test_gemeente_level_boundaries_attach_to_the_register_and_register_named_gemeenten(tmp_path):
    gemeente = Gemeente.objects.create(code="GM0014", name="Groningen")
    Area.objects.create(gemeente=gemeente, code="GM0014", name="Groningen", level="gemeente", year=2024)
    path = write(tmp_path, [{"statcode": "GM0014", "statnaam": "Groningen"},
                            {"statcode": "GM0034", "statnaam": "Almere"}])

    out = run("areas", "import", "boundaries", str(path), "--level", "gemeente", "--year", "2024")
    assert "1 created, 1 updated, 0 unchanged" in out
    assert Area.objects.get(code="GM0014").geometry["type"] == "Polygon"
    assert Gemeente.objects.get(code="GM0034").name == "Almere"
    again = run("areas", "import", "boundaries", str(path), "--level", "gemeente", "--year", "2024")
    assert "0 created, 0 updated, 2 unchanged" in again


def test_a_gemeente_named_by_its_code_gets_its_name_from_the_file(tmp_path):
    gemeente = Gemeente.objects.create(code="GM0014", name="GM0014")  # as the old import left it
    Area.objects.create(gemeente=gemeente, code="GM0014", name="GM0014", level="gemeente", year=2024)
    Area.objects.create(gemeente=gemeente, code="WK001400", name="Centrum", level="wijk", year=2024)
    run("areas", "import", "boundaries", str(write(tmp_path, PDOK_WIJKEN[:1])), "--level", "wijk", "--year", "2024")
    assert Gemeente.objects.get(code="GM0014").name == "Groningen"


@pytest.mark.realdata
def test_the_real_national_wijk_file_never_names_a_gemeente_by_its_code():
    path = str(require_shared_data(*WIJKEN_NL))
    run("areas", "import", "boundaries", path, "--level", "wijk", "--year", "2024")

    assert Gemeente.objects.count() == 342
    assert not [g.code for g in Gemeente.objects.all() if g.name == g.code]
    gemeenten = Area.objects.filter(level=AreaLevel.GEMEENTE, year=2024)
    assert gemeenten.count() == 342 and not [a.code for a in gemeenten if a.name == a.code]
    assert Gemeente.objects.get(code="GM0014").name == "Groningen"
    assert Area.objects.filter(level=AreaLevel.WIJK, year=2024, gemeente__code="GM0014").count() == 20


@pytest.mark.realdata
def test_the_real_wijk_file_after_the_national_register_attaches_to_groningen_only():
    run("areas", "import", "regions", str(require_shared_data(*REGIONS)))
    run("areas", "import", "regions", str(require_shared_data(*REGIONS)), "--gemeente", "GM0014")
    out = run("areas", "import", "boundaries", str(require_shared_data(*WIJKEN_NL)), "--level", "wijk", "--year",
              "2024", "--gemeente", "GM0014")
    assert "0 created, 20 updated, 0 unchanged" in out
    assert Area.objects.filter(level=AreaLevel.WIJK).count() == 20
    assert all(a.geometry for a in Area.objects.filter(level=AreaLevel.WIJK))
