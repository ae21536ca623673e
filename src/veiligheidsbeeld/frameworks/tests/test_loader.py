"""Tests of the theme, mapping and framework loader, on the shipped files and on invalid files."""

import copy
import csv
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from veiligheidsbeeld.frameworks.loader import (
    PARTNER_KINDS,
    FrameworkFileError,
    Theme,
    default_paths,
    load_framework,
    load_mappings,
    load_themes,
    normalise_code,
)
from veiligheidsbeeld.testing import require_shared_data, shared_data

SHARED_DATA = shared_data()  # $VEILIGHEIDSBEELD_SHARED_DATA, else ../shared/data
SOORT_MISDRIJF = (
    SHARED_DATA / "groningen" / "politie-47018-buurt-2023-groningen" / "47018NED_SoortMisdrijf.csv"
)
WIJKEN_EN_BUURTEN = (
    SHARED_DATA / "groningen" / "politie-47018-buurt-2023-groningen" / "47018NED_WijkenEnBuurten.csv"
)
OVERLAST = SHARED_DATA / "nl" / "politie-nl-trends-misdrijven-overlast-2012-2023" / "Overlast.csv"

# The 59 keys of the police SoortMisdrijf dimension (47018NED, 47022NED, 47025NED), without padding.
CRIME_KEYS = [
    "0.0.0", "1.1.1", "1.1.2", "1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5", "1.3.1", "1.4.1", "1.4.2", "1.4.3",
    "1.4.4", "1.4.5", "1.4.6", "1.4.7", "1.5.2", "1.6.1", "1.6.2", "1.6.3", "2.1.1", "2.2.1", "2.4.1", "2.4.2",
    "2.5.1", "2.5.2", "2.6.1", "2.6.2", "2.6.3", "2.6.4", "2.6.5", "2.6.7", "2.6.8", "2.6.9", "2.6.10", "2.6.11",
    "2.6.12", "2.6.13", "2.6.14", "2.7.2", "2.7.3", "3.1.1", "3.1.2", "3.1.3", "3.2.1", "3.2.2", "3.3.2", "3.3.5",
    "3.4.2", "3.5.2", "3.5.5", "3.6.4", "3.7.1", "3.7.2", "3.7.3", "3.7.4", "3.9.1", "3.9.2", "3.9.3",
]  # fmt: skip

# The nuisance codes of the police Overlast dimension (47021NED) and their themes.
NUISANCE_THEMES = {
    "0.0.0": "overlast-totaal",
    "E33": "verward-gedrag",
    "E35": "jeugdoverlast",
    "E38": "overlast-alcohol-drugs",
    "E41": "overlast-zwervers",
    "F010": "overlast-alcohol-drugs",
    "M061": "geluidshinder",
    "M062": "geluidshinder",
    "M22": "geluidshinder",
}

# Theme choices asked for by the framework's priorities and the High Impact Crimes definition.
CRIME_THEMES = [
    ("0.0.0", "misdrijven-totaal"),
    ("1.1.1", "woninginbraak"),
    ("1.4.1", "zedenmisdrijven"),
    ("1.4.2", "geweld"),
    ("1.4.3", "geweld"),
    ("1.4.4", "geweld"),
    ("1.4.5", "geweld"),
    ("1.4.6", "straatroof"),
    ("1.4.7", "overval"),
    ("1.2.3", "fietsdiefstal"),
    ("2.6.9", "vuurwerk"),
    ("3.1.1", "drugscriminaliteit"),
    ("1.6.3", "mensenhandel"),
    ("3.1.2", "mensenhandel"),
    ("3.7.4", "cybercrime"),
    ("3.6.4", "openbare-orde"),
    ("3.7.1", "discriminatie"),
    ("2.4.1", "huiselijk-geweld"),
]


def _shared(path: Path) -> Path:
    return require_shared_data(*path.relative_to(SHARED_DATA).parts)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with _shared(path).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def themes():
    return {theme.code: theme for theme in load_themes()}


@pytest.fixture(scope="module")
def mappings():
    return load_mappings()


@pytest.fixture(scope="module")
def framework():
    (path,) = [path for path in default_paths().frameworks if path.stem == "groningen-2021-2024"]
    return load_framework(path)


def test_loader_does_not_import_django():
    code = "import sys, veiligheidsbeeld.frameworks.loader; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# --- shipped files ---------------------------------------------------------------------------------------------


def test_default_paths_point_at_package_data():
    paths = default_paths()
    assert paths.themes.name == "themes.yaml" and paths.themes.is_file()
    assert paths.mappings.name == "mappings.yaml" and paths.mappings.is_file()
    assert [path.name for path in paths.frameworks] == ["groningen-2021-2024.yaml", "voorbeeldstad-2023-2026.yaml"]


def test_totals_are_top_level_total_themes(themes):
    for code in ("misdrijven-totaal", "overlast-totaal"):
        assert themes[code].is_total and themes[code].parent is None


def test_every_category_maps_to_an_existing_leaf_or_total_theme(themes, mappings):
    parents = {theme.parent for theme in themes.values()}
    for system, categories in mappings.items():
        assert categories, system
        for code, category in categories.items():
            theme = themes[category.theme]
            assert theme.is_total or (theme.parent is not None and theme.code not in parents), (system, code)
            assert code == normalise_code(code) == category.code and category.system == system
            assert category.label


def test_all_59_crime_types_are_mapped(mappings):
    assert len(CRIME_KEYS) == 59
    assert sorted(mappings["politie-misdrijven"]) == sorted(CRIME_KEYS)


@pytest.mark.parametrize(("code", "theme"), CRIME_THEMES)
def test_crime_type_theme(mappings, code, theme):
    assert mappings["politie-misdrijven"][code].theme == theme


def test_nuisance_codes(mappings):
    assert {
        code: category.theme for code, category in mappings["politie-overlast"].items()
    } == NUISANCE_THEMES


def test_padded_codes_are_found_after_normalising(mappings):
    assert mappings["politie-overlast"][normalise_code("E33   ")].theme == "verward-gedrag"
    assert mappings["politie-misdrijven"][normalise_code("2.6.10")].theme == "milieucriminaliteit"


def test_bicycle_theft_bvh_code(mappings):
    a72 = mappings["bvh"]["A72"]
    assert (a72.theme, a72.group_system, a72.group_code) == ("fietsdiefstal", "politie-misdrijven", "1.2.3")


def test_bvh_codes_take_the_theme_of_their_crime_type(mappings):
    crime_types = mappings["politie-misdrijven"]
    for code, category in mappings["bvh"].items():
        assert category.theme == crime_types[category.group_code].theme, code


@pytest.mark.realdata
def test_crime_types_match_the_statline_dimension(mappings):
    rows = _read_csv(SOORT_MISDRIJF)
    assert sorted(normalise_code(row["Key"]) for row in rows) == sorted(CRIME_KEYS)
    for row in rows:
        key = normalise_code(row["Key"])
        assert row["Title"].strip().endswith(mappings["politie-misdrijven"][key].label), key


@pytest.mark.realdata
def test_every_bvh_code_of_the_statline_dimension_is_mapped_under_its_crime_type(mappings):
    listed: dict[str, set[str]] = {}
    for row in _read_csv(SOORT_MISDRIJF):
        for line in (row["Description"] or "").splitlines():
            match = re.match(r"\s*([A-Z]\d+)\s", line)
            if match:
                listed.setdefault(match.group(1), set()).add(normalise_code(row["Key"]))
    assert set(mappings["bvh"]) == set(listed)
    for code, crime_types in listed.items():
        assert mappings["bvh"][code].group_code in crime_types, code
    # The one code listed under two crime types (documented in mappings.yaml).
    assert {code for code, crime_types in listed.items() if len(crime_types) > 1} == {"F614"}
    assert mappings["bvh"]["F614"].group_code == "3.9.1"


@pytest.mark.realdata
def test_nuisance_codes_match_the_statline_dimension():
    assert sorted(normalise_code(row["Key"]) for row in _read_csv(OVERLAST)) == sorted(NUISANCE_THEMES)


def test_groningen_framework(framework, themes):
    assert (framework.slug, framework.gemeente, framework.version) == ("groningen-2021-2024", "GM0014", 1)
    assert (framework.period_start, framework.period_end) == (2021, 2024)
    assert [priority.code for priority in framework.priorities] == [
        "ondermijning",
        "digitale-veiligheid",
        "onrust-polarisatie",
        "veiligheid-zorg",
    ]
    for priority in framework.priorities:
        assert themes[priority.code].parent is None
        assert priority.themes and all(code in themes for code in priority.themes)
        assert priority.reasons and priority.actions and priority.ambition
    assert len(framework.principles) == 5
    assert {topic.theme for topic in framework.monitored if topic.theme} == {
        "overlast", "hic", "horeca", "evenementen", "prostitutie", "coffeeshops", "brandveiligheid"}
    # issue 17 item 8: the topics the framework watches without priority are registration themes of their own
    assert {themes[code].parent for code in ("horeca", "evenementen", "prostitutie", "coffeeshops",
                                             "brandveiligheid")} == {"toezicht"}
    assert {partner.kind for partner in framework.partners} == set(PARTNER_KINDS)
    assert framework.area_groups[0].code == "groningen-noord"
    assert framework.changes == ()


@pytest.mark.realdata
def test_area_groups_name_existing_wijken_of_the_gemeente(framework):
    wijken = {
        normalise_code(row["Key"])
        for row in _read_csv(WIJKEN_EN_BUURTEN)
        if row["Key"].startswith("WK") and normalise_code(row["Municipality"]) == framework.gemeente
    }
    assert len(wijken) == 20
    for group in framework.area_groups:
        assert set(group.wijken) <= wijken, group.code


# --- invalid files -----------------------------------------------------------------------------------------------

THEMES = {
    "version": 1,
    "themes": [
        {"code": "totaal", "name": "Totaal", "name_en": "Total", "is_total": True},
        {"code": "groep", "name": "Groep", "name_en": "Group"},
        {"code": "blad", "parent": "groep", "name": "Blad", "name_en": "Leaf"},
        {"code": "tweede", "name": "Tweede", "name_en": "Second"},
        {"code": "ander-blad", "parent": "tweede", "name": "Ander blad", "name_en": "Other leaf"},
        {"code": "lege-groep", "name": "Lege groep", "name_en": "Empty group"},
    ],
}
THEME_LIST = [Theme(**theme) for theme in THEMES["themes"]]

MAPPINGS = {
    "version": 1,
    "systems": [
        {
            "code": "misdrijven",
            "name": "Misdrijven",
            "source": "test",
            "categories": [
                {"code": "1.1.1", "theme": "blad", "label": "Woning"},
                {"code": "0.0.0", "theme": "totaal", "label": "Totaal"},
            ],
        },
        {
            "code": "incidenten",
            "name": "Incidenten",
            "source": "test",
            "grouped_by": "misdrijven",
            "categories": [{"code": "A20", "group": "1.1.1", "theme": "blad", "label": "Inbraak"}],
        },
    ],
}

FRAMEWORK = {
    "slug": "test-2021-2024",
    "gemeente": "GM0014",
    "title": "Kader",
    "period": {"start": 2021, "end": 2024},
    "version": 1,
    "adopted": {"date": dt.date(2021, 1, 28), "body": "gemeenteraad"},
    "source": "test",
    "mission": "Veilig",
    "principles": [{"code": "samen", "title": "Samen", "summary": "Samen"}],
    "priorities": [
        {
            "code": code,
            "title": code,
            "reasons": ["reden"],
            "ambition": "ambitie",
            "actions": ["actie"],
            "themes": [theme],
        }
        for code, theme in (("groep", "blad"), ("tweede", "ander-blad"), ("lege-groep", "totaal"))
    ],
    "monitored": [
        {"code": "overlast", "name": "Overlast", "theme": "groep"},
        {"code": "horeca", "name": "Horeca"},
    ],
    "partners": [{"code": "politie", "name": "Politie", "kind": "politie", "role": "rol"}],
    "area_groups": [
        {"code": "noord", "name": "Noord", "wijken": ["WK001403", "WK001404"], "reason": "reden"}
    ],
    "finances": [
        {"title": "Budget", "funding": "regulier", "source": "test", "priority": "groep", "amount_eur": 5}
    ],
    "changes": [
        {"date": dt.date(2022, 7, 1), "body": "gemeenteraad", "decision": "besluit 1", "summary": "wijziging"}
    ],
}


def _set(*path_and_value):
    *path, value = path_and_value

    def mutate(data):
        target = data
        for part in path[:-1]:
            target = target[part]
        if isinstance(target, list) and path[-1] == len(target):
            target.append(value)
        else:
            target[path[-1]] = value

    return mutate


def _delete(*path):
    def mutate(data):
        target = data
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]

    return mutate


def _write(tmp_path, data, mutate):
    data = copy.deepcopy(data)
    mutate(data)
    path = tmp_path / "file.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _assert_error(excinfo, path, location, reason):
    error = excinfo.value
    assert (error.path, error.location) == (path, location)
    assert reason in error.reason
    assert isinstance(error.line, int)
    assert str(error).startswith(f"{path}: {location} (line {error.line}): ")


def test_valid_fixtures_load(tmp_path):
    assert load_themes(_write(tmp_path, THEMES, lambda data: None)) == THEME_LIST
    mappings = load_mappings(_write(tmp_path, MAPPINGS, lambda data: None), themes=THEME_LIST)
    assert mappings["incidenten"]["A20"].group_code == "1.1.1"
    framework = load_framework(_write(tmp_path, FRAMEWORK, lambda data: None), themes=THEME_LIST)
    assert framework.adopted.date == dt.date(2021, 1, 28) and framework.changes[0].decision == "besluit 1"


@pytest.mark.parametrize(
    ("mutate", "location", "reason"),
    [
        (
            _set("themes", 6, THEMES["themes"][2]),
            "themes[6].code",
            "duplicate code 'blad', first used at themes[2]",
        ),
        (_set("themes", 2, "parent", "elders"), "themes[2].parent", "parent 'elders' is not a theme code"),
        (_set("themes", 1, "parent", "blad"), "themes[1].parent", "cycle of parents: groep -> blad -> groep"),
        (_set("themes", 0, "parent", "groep"), "themes[0].is_total", "a total theme cannot have a parent"),
        (_delete("themes", 0, "name"), "themes[0].name", "required field 'name' is missing"),
        (_set("themes", 0, "name", None), "themes[0].name", "required field 'name' is empty"),
        (
            _set("themes", 0, "is_total", "ja"),
            "themes[0].is_total",
            "expected true or false, got a text ('ja')",
        ),
        (_set("themes", 1, "code", "Groep"), "themes[1].code", "'Groep' is not a valid code"),
        (_set("themes", 1, "colour", "rood"), "themes[1].colour", "unknown field 'colour'"),
        (_set("themes", {}), "themes", "expected a list, got a mapping"),
        (_delete("version"), "version", "required field 'version' is missing"),
    ],
)
def test_invalid_themes(tmp_path, mutate, location, reason):
    path = _write(tmp_path, THEMES, mutate)
    with pytest.raises(FrameworkFileError) as excinfo:
        load_themes(path)
    _assert_error(excinfo, path, location, reason)


CATEGORY = ("systems", 0, "categories")
BVH = ("systems", 1, "categories", 0)


@pytest.mark.parametrize(
    ("mutate", "location", "reason"),
    [
        (
            _set(*CATEGORY, 0, "theme", "onbekend"),
            "systems[0].categories[0].theme",
            "unknown theme code 'onbekend'",
        ),
        (_set(*CATEGORY, 0, "theme", "groep"), "systems[0].categories[0].theme", "'groep' has sub-themes"),
        (_set(*CATEGORY, 0, "theme", "lege-groep"), "systems[0].categories[0].theme", "is a group theme"),
        (
            _set(*CATEGORY, 2, {"code": "1.1.1  ", "theme": "blad", "label": "Nogmaals"}),
            "systems[0].categories[2].code",
            "duplicate code '1.1.1', first used at systems[0].categories[0]",
        ),
        (
            _delete(*CATEGORY, 1, "label"),
            "systems[0].categories[1].label",
            "required field 'label' is missing",
        ),
        (
            _set(*CATEGORY, 0, "code", 1.5),
            "systems[0].categories[0].code",
            "expected a text, got float (1.5)",
        ),
        (_set(*CATEGORY, 0, "group", "1"), "systems[0].categories[0].group", "unknown field 'group'"),
        (_delete(*BVH, "group"), "systems[1].categories[0].group", "required field 'group' is missing"),
        (_set(*BVH, "group", "9.9.9"), "systems[1].categories[0].group", "'9.9.9' is not a code of system"),
        (_set(*BVH, "theme", "ander-blad"), "systems[1].categories[0].theme", "differs from theme 'blad'"),
        (
            _set("systems", 1, "grouped_by", "elders"),
            "systems[1].grouped_by",
            "'elders' is not another system",
        ),
        (_set("systems", 2, MAPPINGS["systems"][0]), "systems[2].code", "duplicate code 'misdrijven'"),
    ],
)
def test_invalid_mappings(tmp_path, mutate, location, reason):
    path = _write(tmp_path, MAPPINGS, mutate)
    with pytest.raises(FrameworkFileError) as excinfo:
        load_mappings(path, themes=THEME_LIST)
    _assert_error(excinfo, path, location, reason)


@pytest.mark.parametrize(
    ("mutate", "location", "reason"),
    [
        (
            _set("priorities", 2, "themes", 0, "onbekend"),
            "priorities[2].themes[0]",
            "unknown theme code 'onbekend'",
        ),
        (_set("priorities", 1, "code", "blad"), "priorities[1].code", "'blad' is not a theme group"),
        (_set("priorities", 1, "code", "groep"), "priorities[1].code", "duplicate code 'groep'"),
        (_set("priorities", 0, "themes", []), "priorities[0].themes", "at least one theme"),
        (
            _set("priorities", 0, "actions", 1, 3),
            "priorities[0].actions[1]",
            "expected a text, got a whole number",
        ),
        (
            _delete("priorities", 0, "ambition"),
            "priorities[0].ambition",
            "required field 'ambition' is missing",
        ),
        (_set("principles", 1, FRAMEWORK["principles"][0]), "principles[1].code", "duplicate code 'samen'"),
        (_set("monitored", 0, "theme", "onbekend"), "monitored[0].theme", "unknown theme code 'onbekend'"),
        (_set("partners", 0, "kind", "bank"), "partners[0].kind", "unknown kind 'bank'"),
        (
            _set("area_groups", 0, "wijken", 1, "WK036301"),
            "area_groups[0].wijken[1]",
            "not a CBS wijk code of GM0014",
        ),
        (_set("area_groups", 0, "wijken", 1, "WK001403"), "area_groups[0].wijken[1]", "listed twice"),
        (_set("finances", 0, "priority", "elders"), "finances[0].priority", "'elders' is not a priority"),
        (_set("finances", 0, "amount_eur", 2.5), "finances[0].amount_eur", "expected a whole number"),
        (_set("period", "end", 2020), "period.end", "end year 2020 is before start year 2021"),
        (_set("gemeente", "0014"), "gemeente", "not a CBS gemeente code"),
        (_set("adopted", "date", "januari"), "adopted.date", "expected a date (YYYY-MM-DD)"),
        (_delete("changes", 0, "date"), "changes[0].date", "required field 'date' is missing"),
        (_set("version", True), "version", "expected a whole number, got true or false (True)"),
        (_set("themes", []), "themes", "unknown field 'themes'"),
    ],
)
def test_invalid_framework(tmp_path, mutate, location, reason):
    path = _write(tmp_path, FRAMEWORK, mutate)
    with pytest.raises(FrameworkFileError) as excinfo:
        load_framework(path, themes=THEME_LIST)
    _assert_error(excinfo, path, location, reason)


def test_error_names_file_location_and_line(tmp_path):
    path = tmp_path / "themes.yaml"
    path.write_text(
        "version: 1\n"
        "themes:\n"
        "  - {code: groep, name: Groep, name_en: Group}\n"
        "  - code: blad\n"
        "    name: Blad\n"
        "    name_en: Leaf\n"
        "    parent: elders\n",
        encoding="utf-8",
    )
    with pytest.raises(FrameworkFileError) as excinfo:
        load_themes(path)
    assert (
        str(excinfo.value)
        == f"{path}: themes[1].parent (line 7): parent 'elders' is not a theme code in this file"
    )


def test_invalid_yaml_and_missing_file(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("version: 1\nthemes: [\n", encoding="utf-8")
    with pytest.raises(FrameworkFileError, match="not valid YAML") as excinfo:
        load_themes(path)
    assert excinfo.value.line == 3
    with pytest.raises(FrameworkFileError, match="cannot read the file"):
        load_themes(tmp_path / "absent.yaml")
