"""The dashboard reads a finished run from arrays kept in memory: same figures as the database path, no N+1."""

import copy
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import monthly_registrations
from veiligheidsbeeld.analyses.indicators import area_values, run_arrays
from veiligheidsbeeld.analyses.models import AnalysisRun
from veiligheidsbeeld.analyses.services import month_range, run_analysis
from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.dashboard.figures import area_theme_rows, rank_of, summed_values
from veiligheidsbeeld.frameworks.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysed(small_gemeente):
    """Three years, several themes; equal rates in some buurten (ties) and a buurt without a rate (30 people)."""
    counts = {}
    for k, month in enumerate(month_range(dt.date(2022, 1, 1), dt.date(2024, 12, 1))):
        counts[("BU09990000", "woninginbraak", month)] = 1 + k % 3
        counts[("BU09990001", "woninginbraak", month)] = 2 * (1 + k % 3)  # twice the people: the same rate
        counts[("BU09990100", "woninginbraak", month)] = 4
        counts[("BU09990101", "woninginbraak", month)] = 1
        counts[("BU09990001", "geweld", month)] = 2 + k % 5
        counts[("BU09990100", "jeugdoverlast", month)] = k % 7
    monthly_registrations(small_gemeente, counts)
    return run_analysis(small_gemeente)


def _database_path(run):
    """The same run as the pages see a run that is still being written: read from the database."""
    running = copy.copy(run)
    running.status = AnalysisRun.Status.RUNNING
    return running


def _reference_rows(run, themes, area, peers, gemeente_area, end):
    """The area profile's rows as computed before the arrays: one summed query per theme, then rank_of."""
    rows = []
    for theme in themes:
        values = summed_values(_database_path(run), [theme], peers + [gemeente_area], end)
        mine = values.pop(area.pk, None)
        whole = values.pop(gemeente_area.pk, None)
        if mine is None:
            continue
        values[area.pk] = mine
        rows.append((theme, mine, whole, rank_of(values, area.pk)))
    return rows


def test_arrays_give_the_same_figures_as_the_database(analysed):
    areas = list(Area.objects.filter(gemeente=analysed.gemeente))
    groups = [[t] for t in Theme.objects.all()] + [list(Theme.objects.leaves()), list(Theme.objects.groups())]
    checked = 0
    for end in (dt.date(2022, 12, 1), dt.date(2023, 12, 1), dt.date(2024, 6, 1), dt.date(2024, 12, 1)):
        for themes in groups:
            from_arrays = summed_values(analysed, themes, areas, end)
            assert from_arrays == summed_values(_database_path(analysed), themes, areas, end)
            assert area_values(analysed, themes[0], areas, end) == area_values(
                _database_path(analysed), themes[0], areas, end
            )
            checked += len(from_arrays)
    assert checked > 1000
    assert summed_values(analysed, groups[0], areas, dt.date(2022, 6, 1)) == {}  # no full window yet


def test_area_theme_rows_match_the_per_theme_ranking(analysed):
    themes = list(Theme.objects.leaves().select_related("parent"))
    gemeente_area = Area.objects.get(code="GM0999")
    ties = 0
    for area in Area.objects.filter(gemeente=analysed.gemeente):
        peers = list(Area.objects.filter(gemeente=analysed.gemeente, level=area.level).order_by("code"))
        for end in (dt.date(2023, 12, 1), dt.date(2024, 12, 1)):
            expected = _reference_rows(analysed, themes, area, peers, gemeente_area, end)
            assert area_theme_rows(analysed, themes, area, [p.pk for p in peers], gemeente_area, end) == expected
            ties += sum(1 for _t, mine, _w, rank in expected if rank and mine.rate == 0)
    woninginbraak = Theme.objects.get(code="woninginbraak")
    rows = {
        code: dict((t.code, rank) for t, _m, _w, rank in area_theme_rows(
            analysed, [woninginbraak], Area.objects.get(code=code),
            list(Area.objects.filter(level="buurt").order_by("code").values_list("pk", flat=True)),
            gemeente_area, dt.date(2024, 12, 1),
        ))
        for code in ("BU09990000", "BU09990001", "BU09990100", "BU09990101")
    }
    # BU09990000 and BU09990001 share the highest rate (24 per 1,000): the area asked about comes after its equal.
    assert rows["BU09990000"]["woninginbraak"] == (2, 3) and rows["BU09990001"]["woninginbraak"] == (2, 3)
    assert rows["BU09990100"]["woninginbraak"] == (3, 3)
    assert rows["BU09990101"]["woninginbraak"] is None  # 30 inhabitants: no rate, no rank
    assert ties > 0


def test_a_finished_run_is_loaded_once(analysed):
    assert run_arrays(analysed) is run_arrays(AnalysisRun.objects.get(pk=analysed.pk))
    with pytest.raises(ValueError, match="not finished"):
        run_arrays(_database_path(analysed))


@pytest.mark.parametrize(
    "url",
    [
        reverse("dashboard:overview"),
        reverse("dashboard:priority", args=["hic"]),
        reverse("dashboard:area-profile", args=["WK099900"]),
        reverse("dashboard:area-profile", args=["BU09990100"]),
    ],
)
def test_pages_read_no_series_once_warm_and_need_few_queries(logged_in, analysed, url):
    assert logged_in.get(url).status_code == 200  # loads the run's arrays, fills the chart cache
    with CaptureQueriesContext(connection) as queries:
        assert logged_in.get(url).status_code == 200
    series = [q["sql"] for q in queries.captured_queries if "analyses_indicatorseries" in q["sql"]]
    assert not series, series
    assert len(queries) <= 30, "\n".join(q["sql"][:120] for q in queries.captured_queries)


def test_area_profile_queries_do_not_grow_with_the_number_of_areas(logged_in, analysed, small_gemeente):
    url = reverse("dashboard:area-profile", args=["BU09990100"])
    logged_in.get(url)
    with CaptureQueriesContext(connection) as before:
        logged_in.get(url)
    wijk = Area.objects.get(code="WK099901")
    for k in range(2, 12):  # ten more buurten in the same indeling
        Area.objects.create(gemeente=small_gemeente, code="BU099901{:02d}".format(k), name="Extra {}".format(k),
                            level="buurt", year=2024, parent=wijk)
    with CaptureQueriesContext(connection) as after:
        assert logged_in.get(url).status_code == 200
    assert len(after) == len(before)
