"""Issue 21 item 9: Voorbeeldstad has its own fictitious framework and programme, shaped like Groningen's without
naming Groningen or its organisations, and a demo account for every role."""

import re

import pytest
import yaml

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.demo.services import DEMO_ACCOUNTS, DEMO_FRAMEWORK
from veiligheidsbeeld.frameworks.loader import default_paths, load_framework
from veiligheidsbeeld.programmes.example import DATA_DIR as PROGRAMMES

GRONINGEN = next(path for path in default_paths().frameworks if path.stem == "groningen-2021-2024")
DEMO_PROGRAMME = PROGRAMMES / "voorbeeldstad-2023-2026.yaml"

#: Names of Groningen that must not occur in the demo's files, besides every partner and area group name of
#: Groningen's own framework file that names a place or organisation of its own (tested below).
GRONINGEN_NAMES = (
    "Groningen", "WIJ ", "Haren", "Ten Boer", "Hanzehogeschool", "Rijksuniversiteit", "Noord-Nederland",
    "GM0014", "WK0014", "BU0014", "Vinkhuizen", "Paddepoel", "Selwerd", "Oosterpark", "Beijum", "Lewenborg",
    "Zernike", "APVG",
)


def _text(path):
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", [DEMO_FRAMEWORK, DEMO_PROGRAMME], ids=["framework", "programme"])
def test_the_demo_files_name_nothing_of_groningen(path):
    groningen = load_framework(GRONINGEN)
    own_names = [p.name for p in groningen.partners if "Groningen" in p.name or "Hanze" in p.name]
    own_names += [g.name for g in groningen.area_groups]
    assert len(own_names) >= 8  # WIJ Groningen, RIEC Groningen, Groningen Noord, Voormalige gemeente Haren, ...
    # the header comment may say what the file is shaped like; the data may not
    data = "\n".join(line for line in _text(path).splitlines() if not line.lstrip().startswith("#"))
    found = [name for name in (*GRONINGEN_NAMES, *own_names) if re.search(re.escape(name), data, re.I)]
    assert not found, found


def test_the_demo_framework_is_shaped_like_groningens():
    demo, groningen = load_framework(DEMO_FRAMEWORK), load_framework(GRONINGEN)
    assert (demo.gemeente, demo.slug) == ("GM9999", "voorbeeldstad-2023-2026")
    assert [p.code for p in demo.priorities] == [p.code for p in groningen.priorities]
    assert {p.kind for p in demo.partners} == {p.kind for p in groningen.partners}
    assert demo.principles and demo.area_groups and demo.finances and demo.adopted is not None
    assert all("fictief" in p.name for p in demo.partners)
    # the monitored topics of issue 17 item 8, with their registration themes
    themes = {topic.code: topic.theme for topic in demo.monitored}
    assert {code: themes[code] for code in ("horeca", "prostitutie", "coffeeshops", "brandveiligheid",
                                            "evenementen")} == {
        "horeca": "horeca", "prostitutie": "prostitutie", "coffeeshops": "coffeeshops",
        "brandveiligheid": "brandveiligheid", "evenementen": "evenementen"}


def test_the_demo_programme_follows_its_framework():
    demo = load_framework(DEMO_FRAMEWORK)
    programme = yaml.safe_load(_text(DEMO_PROGRAMME))
    assert programme["framework"] == demo.slug
    actions = {p.code: len(p.actions) for p in demo.priorities}
    partners = {p.code for p in demo.partners}
    groups = {g.code for g in demo.area_groups}
    covered = set()
    for measure in programme["measures"]:
        assert 1 <= measure["action"] <= actions[measure["priority"]], measure["title"]
        assert measure["owner"] in partners and set(measure["partners"]) <= partners, measure["title"]
        assert measure.get("area_group") in (None, *groups)
        assert all(demo.period_start <= b["year"] <= demo.period_end for b in measure["budgets"])
        covered.add((measure["priority"], measure["action"]))
    assert covered == {(code, k) for code, n in actions.items() for k in range(1, n + 1)}  # every action


def test_every_role_has_a_demo_account():
    roles = [role for _username, role, _organisation in DEMO_ACCOUNTS]
    assert set(roles) == set(Role.values), set(Role.values) - set(roles)
    assert len({username for username, _role, _organisation in DEMO_ACCOUNTS}) == len(DEMO_ACCOUNTS)
