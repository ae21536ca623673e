"""Other names of official areas (``areas/data/area_aliases.yaml``) resolve to their area through the
AreaResolver, and never silently: a name that also names another area is still ``ambiguous_area``."""

import pytest

from veiligheidsbeeld.areas.aliases import ALIASES_FILE, aliases, fold
from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.registrations.importers.areas import AreaResolver

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(db):
    """The provincie Fryslân (PV21); the gemeenten 's-Hertogenbosch, Súdwest-Fryslân, Hengelo (O.) and
    Bronckhorst, which has a buurt "Hengelo" (the alias of the gemeente Hengelo (O.))."""
    made = {"PV21": Area.objects.create(gemeente=None, code="PV21", name="Fryslân", level="provincie", year=2024)}
    for code, name in (("GM0796", "'s-Hertogenbosch"), ("GM1900", "Súdwest-Fryslân"), ("GM1876", "Bronckhorst"),
                       ("GM0164", "Hengelo (O.)")):
        gemeente = Gemeente.objects.create(code=code, name=name)
        made[code] = Area.objects.create(gemeente=gemeente, code=code, name=name, level="gemeente", year=2024)
    wijk = Area.objects.create(gemeente=made["GM1876"].gemeente, code="WK187601", name="Wijk 01 Hengelo",
                               level="wijk", year=2024, parent=made["GM1876"])
    made["BU18760100"] = Area.objects.create(gemeente=made["GM1876"].gemeente, code="BU18760100", name="Hengelo",
                                             level="buurt", year=2024, parent=wijk)
    return made


def test_the_alias_file_is_valid_and_folds_the_usual_variants():
    table = aliases(ALIASES_FILE)
    assert fold("Súdwest-Fryslân") == fold("sudwest fryslan") == fold("SUDWEST-FRYSLAN")
    assert fold("\u2019s-Hertogenbosch") == fold("'s Hertogenbosch")
    assert {a.code for a in table[fold("Friesland")]} == {"PV21"}
    assert {a.code for a in table[fold("Den Bosch")]} == {"GM0796"}
    assert {a.code for a in table[fold("Fryslân")]} == {"PV21"}  # the official name is a key too


def test_an_alias_file_that_names_two_areas_of_one_level_is_refused(tmp_path):
    bad = tmp_path / "aliases.yaml"
    bad.write_text("aliases:\n  - {code: GM0001, level: gemeente, official: Een, names: [Samen]}\n"
                   "  - {code: GM0002, level: gemeente, official: Twee, names: [samen]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="an alias must name one area"):
        aliases(bad)


@pytest.mark.parametrize("label, code", [
    ("Friesland (PV)", "PV21"), ("Fryslân (PV)", "PV21"), ("Fryslan (PV)", "PV21"),
    ("Den Bosch (gemeente)", "GM0796"), ("\u2019s-Hertogenbosch (gemeente)", "GM0796"),
    ("s-Hertogenbosch (gemeente)", "GM0796"), ("'s-Hertogenbosch (gemeente)", "GM0796"),
    ("Súdwest Fryslân (gemeente)", "GM1900"), ("Sudwest-Fryslan (gemeente)", "GM1900"),
])
def test_an_alias_resolves_to_its_area(register, label, code):
    assert AreaResolver(None).resolve(label).area == register[code]


def test_an_alias_counts_only_at_its_own_level(register):
    resolver = AreaResolver(None)
    outcome = resolver.resolve("Friesland", level="gemeente")  # the provincie's alias is no gemeente name
    assert outcome.area is None and outcome.reason == "unknown_area"
    assert resolver.resolve("Friesland", levels=["land", "provincie", "gemeente"]).area == register["PV21"]


def test_an_alias_that_also_names_another_area_is_ambiguous(register):
    """"Hengelo" is an alias of the gemeente Hengelo (O.) and the name of a buurt of Bronckhorst: refused,
    both listed, unless the file's level decides."""
    resolver = AreaResolver(None)
    outcome = resolver.resolve("Hengelo")
    assert outcome.area is None and outcome.reason == "ambiguous_area"
    assert {c.code for c in outcome.candidates} == {"GM0164", "WK187601", "BU18760100"}  # wijk "Wijk 01 Hengelo"
    assert resolver.resolve("Hengelo", level="gemeente").area == register["GM0164"]
    assert resolver.resolve("Hengelo (gemeente)").area == register["GM0164"]
    assert resolver.resolve("Hengelo", level="buurt").area == register["BU18760100"]


def test_an_alias_of_an_unregistered_gemeente_is_out_of_scope_under_its_code(register):
    """A national file's "Den Haag" row when 's-Gravenhage is not registered: counted out of scope for GM0518,
    not refused as unknown."""
    outcome = AreaResolver(None).resolve("Den Haag", level="gemeente")
    assert (outcome.area, outcome.reason, outcome.gemeente) == (None, "out_of_scope", "GM0518")
    proefdorp = AreaResolver(Gemeente.objects.get(code="GM1900"))
    outcome = proefdorp.resolve("Den Bosch (gemeente)")  # registered, but another gemeente than the import's
    assert (outcome.reason, outcome.gemeente) == ("out_of_scope", "GM0796")
