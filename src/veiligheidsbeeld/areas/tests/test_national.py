"""The national region register (issue 13, item 1): every gemeente, Nederland, provincies, regionale eenheden."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from veiligheidsbeeld.areas.models import Area, AreaLevel
from veiligheidsbeeld.areas.parsers import AreaFileError, parse_national_regions
from veiligheidsbeeld.core.models import AuditEvent, Gemeente
from veiligheidsbeeld.testing import require_shared_data

GRONINGEN_REGIONS = ("groningen", "politie-47018-buurt-2023-groningen", "47018NED_WijkenEnBuurten.csv")

# A police-table region dimension (Key, Title, Description, CategoryGroupID) with every level it can carry.
POLICE_REGIONS = [
    '"Key","Title","Description","CategoryGroupID"',
    '"NL00    ","Nederland",,',
    '"LD01    ","Noord-Nederland (LD)",,',
    '"PV20    ","Groningen (PV)",,',
    '"PV21    ","Fryslân (PV)",,',
    '"RE01    ","Noord-Nederland (RE)",,',
    '"CR01    ","Oost-Groningen (CR)",,',
    '"GM0014  ","Groningen (gemeente)",,',
    '"GM0034  ","Almere",,',
    '"GM0000  ","Gemeente onbekend",,',
    '"WK001400","Centrum",,',
]


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def write(tmp_path, lines, name="47013NED_RegioS.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_parser_reads_every_level_and_strips_the_statline_suffix(tmp_path):
    national = parse_national_regions(write(tmp_path, POLICE_REGIONS))

    assert national.land.code == "NL00" and national.land.name == "Nederland"
    assert [(p.code, p.name) for p in national.provincies] == [("PV20", "Groningen"), ("PV21", "Fryslân")]
    assert [(r.code, r.name) for r in national.regionale_eenheden] == [("RE01", "Noord-Nederland")]
    assert [(g.code, g.name) for g in national.gemeenten] == [("GM0014", "Groningen"), ("GM0034", "Almere")]
    assert national.skipped == 4  # landsdeel, COROP, placeholder GM0000, the wijk


def test_parser_refuses_a_gemeente_named_by_its_code_and_bad_codes(tmp_path):
    path = write(tmp_path, POLICE_REGIONS[:1] + ['"GM0014  ","GM0014",,', '"XX12    ","Iets",,'])
    with pytest.raises(AreaFileError) as error:
        parse_national_regions(path)
    text = str(error.value)
    assert "line 2, column 'Title', value 'GM0014': the name is the code itself" in text
    assert "line 3, column 'Key', value 'XX12': unknown code prefix" in text


def test_parser_names_the_missing_and_the_found_columns(tmp_path):
    with pytest.raises(AreaFileError, match=r"line 1, column 'Title': missing column \(found 'Key', 'Naam'\)"):
        parse_national_regions(write(tmp_path, ['"Key","Naam"', '"GM0014","Groningen"']))


@pytest.mark.django_db
def test_national_import_registers_gemeenten_with_names_and_the_areas_above_them(tmp_path):
    Gemeente.objects.create(code="GM0034", name="GM0034")  # named by its code by an earlier import
    out = run("areas", "import", "regions", str(write(tmp_path, POLICE_REGIONS)), "--year", "2024")

    assert "2 gemeenten, 1 regionale eenheden" in out
    assert Gemeente.objects.get(code="GM0034").name == "Almere"
    assert Gemeente.objects.get(code="GM0014").name == "Groningen"
    assert not Gemeente.objects.filter(code="GM0000").exists()
    areas = {a.code: a for a in Area.objects.filter(year=2024)}
    assert (areas["NL00"].level, areas["NL00"].gemeente) == (AreaLevel.LAND, None)
    assert areas["RE01"].level == AreaLevel.REGIONALE_EENHEID and areas["RE01"].gemeente is None
    provincies = sorted(code for code, a in areas.items() if a.level == AreaLevel.PROVINCIE)
    assert provincies == ["PV{}".format(n) for n in range(20, 32)]
    assert areas["PV21"].name == "Fryslân" and areas["PV20"].name == "Groningen"
    assert areas["GM0014"].gemeente.code == "GM0014" and areas["GM0014"].level == AreaLevel.GEMEENTE
    assert "WK001400" not in areas and "LD01" not in areas and "CR01" not in areas
    assert AuditEvent.objects.filter(action="areas_imported", data__scope="national").exists()

    again = run("areas", "import", "regions", str(write(tmp_path, POLICE_REGIONS)), "--year", "2024")
    assert "0 created, 0 updated, 16 unchanged" in again


@pytest.mark.django_db
def test_national_import_is_atomic(tmp_path):
    Gemeente.objects.create(code="GM0014", name="Groningen")
    Area.objects.create(gemeente=Gemeente.objects.create(code="GM0034", name="Almere"), code="GM0014",
                        name="verkeerd", level="gemeente", year=2024)
    with pytest.raises(CommandError, match="GM0014 \\(2024\\) belongs to gemeente GM0034 already"):
        run("areas", "import", "regions", str(write(tmp_path, POLICE_REGIONS)), "--year", "2024")
    assert not Area.objects.exclude(code="GM0014").exists()


@pytest.mark.django_db
def test_gemeente_is_null_exactly_above_the_gemeente_level():
    gemeente = Gemeente.objects.create(code="GM0014", name="Groningen")
    with pytest.raises(IntegrityError), transaction.atomic():
        Area.objects.create(gemeente=gemeente, code="PV20", name="Groningen", level="provincie", year=2024)
    with pytest.raises(IntegrityError), transaction.atomic():
        Area.objects.create(gemeente=None, code="WK001400", name="Centrum", level="wijk", year=2024)
    Area.objects.create(gemeente=None, code="NL00", name="Nederland", level="land", year=2024)


@pytest.mark.django_db
@pytest.mark.realdata
def test_national_register_from_the_real_47018ned_region_file():
    path = str(require_shared_data(*GRONINGEN_REGIONS))
    out = run("areas", "import", "regions", path)
    assert "342 gemeenten" in out and "(indeling 2024)" in out

    gemeenten = Area.objects.filter(year=2024, level=AreaLevel.GEMEENTE)
    assert gemeenten.count() == 342
    assert not [a.code for a in gemeenten if a.name == a.code or a.gemeente.name == a.gemeente.code]
    assert Gemeente.objects.get(code="GM0014").name == "Groningen"
    assert Gemeente.objects.get(code="GM0363").name == "Amsterdam"
    assert Area.objects.get(code="NL00", year=2024).gemeente is None
    assert Area.objects.filter(year=2024, level=AreaLevel.PROVINCIE).count() == 12

    # The per-gemeente import then adds the wijken and buurten under the same gemeente area.
    out = run("areas", "import", "regions", path, "--gemeente", "GM0014")
    assert "171 created, 0 updated, 1 unchanged" in out
