"""The level-aware, never-guessing area resolver (issue 13, defect 1)."""

import pytest

from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.registrations.importers.areas import AreaResolver, parse_label

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(db):
    """Two gemeenten whose names collide across levels and gemeenten, as in the national register:
    gemeente Harendorp (GM0998) and a wijk "Harendorp" and a buurt "Harendorp" of Proefdorp (GM0999); a buurt "Centrum" in
    both; a wijk "Wijk 01 Noord" and a buurt "Noord" in Proefdorp."""
    made = {}
    for code, name in (("GM0999", "Proefdorp"), ("GM0998", "Harendorp")):
        g = Gemeente.objects.create(code=code, name=name)
        made[code] = Area.objects.create(gemeente=g, code=code, name=name, level="gemeente", year=2024)
    p, h = made["GM0999"], made["GM0998"]

    def area(parent, code, name, level):
        made[code] = Area.objects.create(gemeente=parent.gemeente, code=code, name=name, level=level, year=2024,
                                         parent=parent)
        return made[code]

    w0 = area(p, "WK099900", "Wijk 00 Harendorp", "wijk")
    w1 = area(p, "WK099901", "Wijk 01 Noord", "wijk")
    area(w0, "BU09990000", "Harendorp", "buurt")
    area(w0, "BU09990001", "Centrum", "buurt")
    area(w1, "BU09990100", "Noord", "buurt")
    hw = area(h, "WK099800", "Wijk 00 Harendorp", "wijk")
    area(hw, "BU09980000", "Centrum", "buurt")
    return made


def test_parse_label():
    assert parse_label(" Groningen  (gemeente) ") == ("Groningen", "gemeente")
    assert parse_label("Groningen (PV)") == ("Groningen", "provincie")
    assert parse_label("Oost-Nederland (RE)") == ("Oost-Nederland", "regionale_eenheid")
    assert parse_label("Nederland") == ("Nederland", None)  # a wijk and a buurt of Steenwijkerland too
    assert parse_label("Wijk 00 Harendorp") == ("Wijk 00 Harendorp", "wijk")
    assert parse_label("Bergen (NH.)") == ("Bergen (NH.)", None)


def test_a_gemeente_label_only_matches_a_gemeente(register):
    everywhere = AreaResolver(None)
    assert everywhere.resolve("Harendorp (gemeente)").area == register["GM0998"]
    assert everywhere.resolve("Harendorp", level="gemeente").area == register["GM0998"]
    # the import of Proefdorp: the gemeente Harendorp is another gemeente, never Proefdorp's wijk or buurt Harendorp
    proefdorp = AreaResolver(Gemeente.objects.get(code="GM0999"))
    outcome = proefdorp.resolve("Harendorp (gemeente)")
    assert (outcome.area, outcome.reason, outcome.gemeente) == (None, "out_of_scope", "GM0998")


def test_a_name_at_two_levels_is_ambiguous_unless_the_level_decides(register):
    proefdorp = AreaResolver(Gemeente.objects.get(code="GM0999"))
    outcome = proefdorp.resolve("Harendorp")  # gemeente Harendorp, wijk Harendorp and buurt Harendorp of Proefdorp
    assert outcome.area is None and outcome.reason == "ambiguous_area"
    assert {c.code for c in outcome.candidates} == {"GM0998", "WK099900", "BU09990000"}
    assert "GM0998 Harendorp (gemeente)" in outcome.detail
    assert proefdorp.resolve("Harendorp", level="buurt").area == register["BU09990000"]
    assert proefdorp.resolve("Wijk 00 Harendorp").area == register["WK099900"]
    assert proefdorp.resolve("Harendorp", level="wijk").area == register["WK099900"]  # police exports drop "Wijk 00"
    # import table: a buurt-or-wijk name that is both is refused (it landed on the buurt before)
    assert proefdorp.resolve("Harendorp", levels=("buurt", "wijk")).reason == "ambiguous_area"
    assert proefdorp.resolve("Noord", levels=("buurt", "wijk")).reason == "ambiguous_area"


def test_two_areas_of_one_level_in_a_national_import_are_ambiguous(register):
    everywhere = AreaResolver(None)
    outcome = everywhere.resolve("Centrum", level="buurt")
    assert outcome.reason == "ambiguous_area"
    assert {c.code for c in outcome.candidates} == {"BU09990001", "BU09980000"}
    assert everywhere.resolve("Wijk 00 Harendorp").reason == "ambiguous_area"
    # a code decides
    assert everywhere.resolve("Centrum", code="BU09980000").area == register["BU09980000"]
    # in the scope of one gemeente, its own buurt is meant
    assert AreaResolver(Gemeente.objects.get(code="GM0999")).resolve("Centrum", level="buurt").area == (
        register["BU09990001"])


def test_codes_of_other_or_unregistered_gemeenten_are_out_of_scope(register):
    proefdorp = AreaResolver(Gemeente.objects.get(code="GM0999"))
    assert proefdorp.resolve(code="BU09980000").gemeente == "GM0998"
    assert proefdorp.resolve(code="BU09980000").reason == "out_of_scope"
    assert proefdorp.resolve(code="WK036300").gemeente == "GM0363"
    assert proefdorp.resolve(code="WK099977").reason == "unknown_area"  # Proefdorp's own, not registered
    assert proefdorp.resolve("Nergenshuizen (gemeente)").reason == "out_of_scope"
    # over every gemeente an unknown gemeente name is refused (a name variant is corrected in quarantine)
    assert AreaResolver(None).resolve("Nergenshuizen (gemeente)").reason == "unknown_area"
    assert proefdorp.resolve("Nergenshuizen", level="buurt").reason == "unknown_area"
    assert proefdorp.resolve("Noord-Nederland (LD)").reason == "out_of_scope"
    assert proefdorp.resolve(code="NL00").reason == "out_of_scope"


def test_a_known_gemeente_without_areas_is_a_candidate(register):
    Gemeente.objects.create(code="GM0997", name="Noord")
    proefdorp = AreaResolver(Gemeente.objects.get(code="GM0999"))
    assert proefdorp.resolve("Noord", level="buurt").area == register["BU09990100"]
    outcome = proefdorp.resolve("Noord")
    assert outcome.reason == "ambiguous_area" and "GM0997" in {c.code for c in outcome.candidates}


def test_nederland_is_the_country_only_where_the_file_holds_no_wijken_and_buurten(register):
    from veiligheidsbeeld.registrations.importers.areas import REGION_LEVELS

    nl = Area.objects.create(gemeente=None, code="NL00", name="Nederland", level="land", year=2024)
    Area.objects.create(gemeente=register["GM0998"].gemeente, code="BU09980001", name="Nederland", level="buurt",
                        year=2024, parent=register["WK099800"])  # as Steenwijkerland has
    everywhere = AreaResolver(None)
    outcome = everywhere.resolve("Nederland")
    assert outcome.reason == "ambiguous_area" and {c.code for c in outcome.candidates} == {"NL00", "BU09980001"}
    assert everywhere.resolve("Nederland", levels=REGION_LEVELS).area == nl
    assert everywhere.resolve("Nederland", level="buurt").area.code == "BU09980001"


def test_a_former_gemeente_is_a_candidate_too(small_gemeente):
    """Haren (GM0017) went into Groningen in 2019: a wijk "Haren" of today is not silently that gemeente."""
    from veiligheidsbeeld.areas.models import HerindelingPredecessor

    if not HerindelingPredecessor.objects.filter(code="GM0017").exists():
        pytest.skip("the herindelingen YAML of the areas app does not list Haren")
    groningen = Gemeente.objects.create(code="GM0014", name="Groningen")
    top = Area.objects.create(gemeente=groningen, code="GM0014", name="Groningen", level="gemeente", year=2024)
    Area.objects.create(gemeente=groningen, code="WK001412", name="Wijk 12 Haren", level="wijk", year=2024, parent=top)
    outcome = AreaResolver(groningen).resolve("Haren")
    assert outcome.reason == "ambiguous_area" and {c.code for c in outcome.candidates} == {"GM0017", "WK001412"}
    assert AreaResolver(groningen).resolve("Haren (gemeente)").gemeente == "GM0017"
    assert AreaResolver(groningen).resolve("Haren", level="wijk").area.code == "WK001412"
    assert AreaResolver(groningen).resolve("Haren", year=2023).area.code == "WK001412"  # no gemeente Haren then
