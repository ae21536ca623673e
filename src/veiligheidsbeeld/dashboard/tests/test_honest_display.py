"""Honest display (#14 items 7 and 8): arrows only for significant changes, counts on a small base, levels."""

import datetime as dt

import numpy as np
import pytest
from django.urls import reverse
from django.utils import translation

from conftest import monthly_registrations
from veiligheidsbeeld.analyses.changes import assess_changes
from veiligheidsbeeld.analyses.services import month_range, run_analysis
from veiligheidsbeeld.dashboard.overview import diverging_classes
from veiligheidsbeeld.dashboard.templatetags.vb import change_badge, kpi_value


def test_a_rise_from_2_to_3_shows_the_counts_not_plus_50_percent():
    [assessment] = assess_changes([(3, 2)])
    with translation.override("en"):
        html = str(change_badge(50.0, assessment))
    assert "2 → 3" in html and "%" not in html and "▲" not in html


def test_a_change_that_is_not_significant_has_no_arrow_and_gives_its_interval_on_hover():
    [assessment] = assess_changes([(42, 50)])  # -16 %: noise at these counts
    assert not assessment.significant and assessment.lower < -16 < assessment.upper
    with translation.override("nl"):
        html = str(change_badge(-16.0, assessment))
    assert "niet significant" in html and "▼" not in html and "vb-change--down" not in html
    assert 'title="−16% (95 %-interval: ' in html


def test_a_significant_change_keeps_its_arrow():
    [assessment] = assess_changes([(200, 100)])
    assert assessment.significant and assessment.direction == "up"
    with translation.override("en"):
        assert "▲" in str(change_badge(100.0, assessment))


def test_pure_noise_monthly_windows_show_at_most_the_nominal_share_of_significant_changes():
    """Seeded simulation: 300 tables of 20 areas, 24 months of Poisson noise each; the 12-month windows
    compared as on the dashboard."""
    rng = np.random.default_rng(20261206)
    shown = tested = 0
    for _table in range(300):
        means = rng.uniform(0.5, 30, 20)
        months = rng.poisson(means[:, None], (20, 24))
        pairs = list(zip(months[:, 12:].sum(axis=1), months[:, :12].sum(axis=1)))
        assessments = [a for a in assess_changes(pairs) if a is not None and not a.small]
        shown += sum(a.direction != "none" for a in assessments)
        tested += len(assessments)
    assert tested > 5000 and shown / tested <= 0.05


def test_counts_never_have_decimals():
    class Kpi:
        indicator_measure = "count"

    class Rate:
        indicator_measure = "rate"

    assert kpi_value(2215.0, Kpi()) == "2.215"
    assert kpi_value(3.456, Rate()) == "3,5"


def test_change_maps_use_a_diverging_scale_centred_on_zero():
    classes, breaks = diverging_classes([-50.0, -10.0, 0.0, 10.0, 50.0, None])
    assert breaks[1:5] == [-b for b in reversed(breaks[1:5])] and breaks[0] == -50.0 and breaks[-1] == 50.0
    assert classes[2] == 2 and classes[0] < 2 < classes[4] and classes[-1] is None


@pytest.fixture
def falling(small_gemeente):
    """Woninginbraak 48 in 2023, 40 in 2024 (-17 %, not significant) in one buurt; other buurten quiet."""
    counts = {}
    for k, month in enumerate(month_range(dt.date(2023, 1, 1), dt.date(2024, 12, 1))):
        counts[("BU09990000", "woninginbraak", month)] = 4 if month.year == 2023 else (4 if k % 3 else 2)
        counts[("BU09990100", "geweld", month)] = 2
    monthly_registrations(small_gemeente, counts)
    return run_analysis(small_gemeente, permutations=99)


@pytest.mark.django_db
def test_overview_card_does_not_call_a_noise_fall_a_fall(logged_in, falling):
    with translation.override("nl"):
        html = logged_in.get(reverse("dashboard:overview"), {"thema": "woninginbraak"}).content.decode()
    assert "niet significant" in html
    assert "▼" not in html and "gedaald" not in html


@pytest.mark.django_db
def test_choosing_buurten_shows_the_buurt_table(logged_in, falling):
    html = logged_in.get(reverse("dashboard:overview"), {"niveau": "buurt", "thema": "woninginbraak"}).content.decode()
    table = html[html.index('id="tabel-titel"'):]
    assert "per buurt" in table and "BU09990000" in table and "WK099900</span>" not in table


@pytest.mark.django_db
def test_ondermijning_page_says_registered_counts_follow_enforcement(logged_in, falling):
    with translation.override("nl"):
        html = logged_in.get(reverse("dashboard:priority", args=["ondermijning"])).content.decode()
    assert "handhaving" in html


def test_a_change_is_assessed_on_the_published_counts_not_the_true_ones():
    """#14 with #15: the significance of a change shown to a viewer under disclosure control rests on the counts
    that viewer sees; a side hidden by (secondary) suppression leaves no assessment, however large the true
    counts are."""
    from types import SimpleNamespace

    from veiligheidsbeeld.analyses.indicators import AreaValue
    from veiligheidsbeeld.core.disclosure import DisclosurePolicy
    from veiligheidsbeeld.dashboard.figures import Shown
    from veiligheidsbeeld.dashboard.views import _assess

    state = SimpleNamespace(policy=DisclosurePolicy(), run=None, end=None)
    true = AreaValue(None, 400, 200, 1000, None, 100.0)
    hidden_before = Shown(true, "400", "x", None, None, AreaValue(None, 400, None, 1000, None, None))
    both = Shown(true, "400", "200", None, 100.0, AreaValue(None, 400, 200, 1000, None, 100.0))
    assessed = _assess([hidden_before, both], state)
    assert assessed[0] is None
    assert assessed[1] is not None and assessed[1].significant
