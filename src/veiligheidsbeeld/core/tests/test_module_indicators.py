"""The domain modules' indicators in the veiligheidsbeeld (issues 16-19): each module's hook against reference
values built from fixtures, with and without a disclosure policy, and the matching to framework priorities."""

from __future__ import annotations

import pytest
from django.utils import translation

from veiligheidsbeeld.core import module_indicators as mi
from veiligheidsbeeld.core.disclosure import SECRET, DisclosurePolicy

from .module_records import EXPECTED, EXPECTED_ROWS, make_module_records

YEAR = 2025
POLICY = DisclosurePolicy(threshold=5)


@pytest.fixture
def records(small_gemeente, settings):
    settings.PSEUDONYM_KEY = "module-indicator-tests-" + "k" * 40
    make_module_records(small_gemeente, YEAR)
    return small_gemeente


def _by_key(gemeente, policy):
    with translation.override("en"):
        return {i.key: i for i in mi.module_indicators(gemeente, YEAR, policy)}


@pytest.mark.parametrize("module", ["cases", "publicorder", "undermining", "cyber"])
def test_each_module_gives_its_reference_values_to_a_small_count_viewer(records, module):
    indicators = _by_key(records, None)
    expected = {k: v for k, v in EXPECTED.items() if k.startswith(module + ".")}
    assert expected, module
    for key, value in expected.items():
        assert indicators[key].value == pytest.approx(value, abs=0.05), key
        assert indicators[key].module == module
    for key, rows in EXPECTED_ROWS.items():
        if key.startswith(module + "."):
            shown = {row.label: row.value for row in indicators[key].rows if row.value}
            assert shown == rows, key


def test_priorities_are_the_theme_group_slugs_of_the_framework(records):
    slugs = {i.key.split(".")[0]: i.priority for i in mi.module_indicators(records, YEAR, None)}
    assert slugs == {"cases": "veiligheid-zorg", "publicorder": "onrust-polarisatie",
                     "undermining": "ondermijning", "cyber": "digitale-veiligheid"}


def test_small_figures_are_hidden_under_a_policy(records):
    indicators = _by_key(records, POLICY)
    # single counts below 5 and figures of fewer than 5 records: no value, status x
    for key in ("publicorder.events", "undermining.bibob_tests", "undermining.bibob_advice_days", "cyber.exercises"):
        assert indicators[key].value is None and indicators[key].status == SECRET, key
        assert indicators[key].text == "x"
    # 1 late notice of 7: the share would give it back
    assert indicators["publicorder.notices_on_time"].value is None
    # counts of 5 and more stay
    assert indicators["cases.registered"].value == 8 and indicators["cyber.incidents"].value == 6
    # a breakdown with a small cell hides it and its complement (the total is shown)
    for key in EXPECTED_ROWS:
        rows = {row.label: row for row in indicators[key].rows}
        hidden = [row for row in rows.values() if row.status == SECRET]
        assert len(hidden) >= 2, key
        assert all(row.value is None for row in hidden)
        assert all(row.value == 0 or row.value >= 5 for row in rows.values() if row.value is not None)
    # nothing zero is hidden and nothing to measure is "." (no interventions)
    assert indicators["undermining.interventions"].value == 0


def test_a_year_without_records_has_zero_counts_and_no_shares(small_gemeente):
    indicators = _by_key(small_gemeente, POLICY)
    assert indicators["cases.registered"].value == 0
    assert indicators["cases.days_to_plan"].value is None and indicators["cases.days_to_plan"].status == mi.NO_DATA
    assert indicators["cyber.breaches_in_time"].text == "–"


def test_matching_a_priority_by_code_or_by_its_themes(db):
    from veiligheidsbeeld.frameworks.models import Theme

    groningen = [("ondermijning", ["drugscriminaliteit", "fraude"]), ("veiligheid-zorg", ["verward-gedrag"])]
    assert mi.matches_priority("ondermijning", "ondermijning", ["fraude"], groningen)
    assert not mi.matches_priority("ondermijning", "veiligheid-zorg", ["verward-gedrag"], groningen)
    if not Theme.objects.filter(code="fraude", parent__code="ondermijning").exists():
        pytest.skip("the shipped themes are not loaded")
    # another framework with its own codes: the priority holding most leaves of the group
    other = [("p1-criminaliteit", ["fraude", "drugscriminaliteit"]), ("p2-zorg", ["verward-gedrag", "fraude"])]
    assert mi.matches_priority("ondermijning", "p1-criminaliteit", other[0][1], other)
    assert not mi.matches_priority("ondermijning", "p2-zorg", other[1][1], other)
    assert mi.matches_priority("veiligheid-zorg", "p2-zorg", other[1][1], other)
    assert not mi.matches_priority("digitale-veiligheid", "p1-criminaliteit", other[0][1], other)


def test_values_are_formatted_the_dutch_way():
    assert mi.format_value(1234, "", "aantal") == "1.234"
    assert mi.format_value(85.7, "", "%") == "86 %"
    assert mi.format_value(45.5, "", "dagen") == "45,5 dagen"
    assert mi.format_value(None, SECRET, "aantal") == "x"
    with pytest.raises(ValueError):
        mi.Indicator("x.y", "label", None)
