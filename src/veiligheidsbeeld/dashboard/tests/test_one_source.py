"""One source per figure (issue 14 item 1): every section (priority or theme group) and theme x area x period
through the outputs that show it (dashboard cards and tables, the map data, the area profiles, the CSV export,
the hot-spots API, the report and the open-data export) gives the same figure, after the disclosure rules of the viewer's role; a priority counts each
registration once (its themes may sit in two groups).
"""

import csv
import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from veiligheidsbeeld.accounts.services import create_user
from veiligheidsbeeld.core.disclosure import SECRET, policy_for, policy_from_settings
from veiligheidsbeeld.dashboard.figures import nl_count
from veiligheidsbeeld.dashboard.published import ALL, aligned_months, column_of, published_window, section_column
from veiligheidsbeeld.dashboard.sections import sections_for, theme_tree
from veiligheidsbeeld.dashboard.tests.test_disclosure_attack import YEARLY, attacked  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_framework(attacked):
    from veiligheidsbeeld.frameworks.services import load_framework

    load_framework(gemeente=attacked.gemeente)
    return attacked


def _label(window, area_pk, column) -> str:
    value = window.count(area_pk, column)
    return SECRET if value is None else nl_count(value)


_PROFILE_ROW = re.compile(
    r'<th scope="row" class="utrecht-table__cell">(.*?) <span class="vb-code">.*?</span></th>\s*'
    r'<td class="utrecht-table__cell vb-table__num">(.*?)</td>\s*'
    r'<td class="utrecht-table__cell vb-table__num">(.*?)</td>\s*'
    r'<td class="utrecht-table__cell vb-table__num">(.*?)</td>', re.S)


def _dec(value) -> str:
    from veiligheidsbeeld.dashboard.templatetags.vb import nl_dec

    return nl_dec(value, 1)


def _walk_profiles(client, window, areas, tree, period) -> int:
    """Area profiles (the gemeente and every wijk and buurt): per leaf theme the count, the rate and the
    gemeente's rate as the published window gives them."""
    from html import unescape

    top = next(a for a in areas.values() if a.level == "gemeente")
    compared = 0
    for code, area in sorted(areas.items()):
        if not window.has(area.pk, ALL):
            continue
        html = client.get(reverse("dashboard:area-profile", args=[code]), {"periode": period}).content.decode()
        rows = {unescape(name): (count, rate, whole) for name, count, rate, whole in _PROFILE_ROW.findall(html)}
        for theme in tree.leaves:
            column = column_of(theme)
            if not window.has(area.pk, column):
                continue
            assert theme.name in rows, (code, theme.code, period)
            count, rate, whole = rows[theme.name]
            assert count == _label(window, area.pk, column), (code, theme.code, period)
            assert rate == _dec(window.rate(area.pk, column)), (code, theme.code, period)
            if area.pk != top.pk:
                assert whole == _dec(window.rate(top.pk, column)), (code, theme.code, period)
            compared += 1
    return compared


def _walk_hot_spots(client, window, areas, gemeente_code, period, sample=None) -> int:
    """The hot-spots API: the smoothed rate of every buurt x theme of the period is the empirical-Bayes rate of
    the published buurt counts (null where the buurt's count is hidden)."""
    import numpy as np

    from veiligheidsbeeld.stats.rates import eb_smooth

    response = client.get("/api/hot-spots/", {"gemeente": gemeente_code, "month": period, "page_size": 1000})
    assert response.status_code == 200
    data = response.json()
    results = data["results"] if isinstance(data, dict) else data
    assert not (isinstance(data, dict) and data.get("next")), "every hot spot on one page"
    by_theme: dict[str, dict] = {}
    compared = 0
    for row in results:
        if not row["period"].startswith(period) or (sample is not None and row["area"] not in sample):
            continue
        column = ("theme", row["theme"])
        if row["theme"] not in by_theme:
            buurten = [pk for pk, i in window.rows.items() if i in set(window.levels["buurt"])]
            known = [(pk, window.count(pk, column), window.population[window.rows[pk]]) for pk in buurten]
            known = [(pk, c, p) for pk, c, p in known if c is not None and p > 0]
            smoothed = eb_smooth(np.array([c for _pk, c, _p in known], dtype=float),
                                 np.array([p for _pk, _c, p in known], dtype=float)) if known else []
            by_theme[row["theme"]] = {pk: None if np.isnan(v) else round(float(v), 1)
                                      for (pk, _c, _p), v in zip(known, smoothed)}
        expected = by_theme[row["theme"]].get(areas[row["area"]].pk)
        assert (row["rate"] is None) == (expected is None), (row["area"], row["theme"], period, row["rate"], expected)
        if expected is not None:
            assert row["rate"] == pytest.approx(expected, abs=0.051), (row["area"], row["theme"], period)
        compared += 1
    return compared


def _client(analyst, role):
    if role == "analist":
        client = Client()
        client.force_login(analyst)
        return client, analyst
    user = create_user(username=role, password="correct horse battery", role=role,
                       organisation=analyst.profile.organisation, gemeenten=[analyst.profile.gemeenten.get()])
    client = Client()
    client.force_login(user)
    return client, user


@pytest.mark.parametrize("role", ["analist", "bestuur"])
def test_every_figure_is_the_same_in_every_output(analyst, with_framework, role):
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.reports import opendata
    from veiligheidsbeeld.reports.document import build_document
    from veiligheidsbeeld.reports.services import resolve_figures

    run = with_framework
    gemeente = run.gemeente
    client, user = _client(analyst, role)
    viewer = policy_for(user, gemeente)
    installation = policy_from_settings()
    tree = theme_tree()
    sections = sections_for(gemeente, tree)
    assert any(s.is_priority for s in sections), "the framework's priorities are sections"
    areas = {a.code: a for a in Area.objects.filter(gemeente=gemeente)}
    top = areas["GM0999"]
    from veiligheidsbeeld.analyses.services import month_range

    periods = aligned_months(month_range(run.first_month, run.last_month)[11:], run.last_month)
    compared = 0
    for end in periods:
        period = end.strftime("%Y-%m")
        mine = published_window(run, end, viewer)
        shared = published_window(run, end, installation)
        # 1. dashboard cards (gemeente x section) and the priority page's theme table
        html = client.get(reverse("dashboard:overview"), {"periode": period}).content.decode()
        cards = re.findall(r'<span class="vb-card__value">(.*?)</span>', html)
        assert cards == [_label(mine, top.pk, section_column(s)) for s in sections]
        compared += len(cards)
        # 2. the map data (area x theme at both levels, count and rate)
        for theme in [t for t in tree.themes if not t.is_total]:
            for level in ("wijk", "buurt"):
                features = json.loads(client.get(reverse("dashboard:map-geojson", args=["GM0999"]), {
                    "thema": theme.code, "niveau": level, "maat": "count", "periode": period}).content)["features"]
                for feature in features:
                    pk = areas[feature["properties"]["code"]].pk
                    expected = mine.count(pk, column_of(theme))
                    assert feature["properties"]["value"] == (None if expected is None else float(expected)), (
                        theme.code, feature["properties"]["code"], period)
                    compared += 1
        # 3. the area profiles of the gemeente and of every wijk and buurt
        profiled = _walk_profiles(client, mine, areas, tree, period)
        assert profiled >= len(areas) * 2, (profiled, period)
        compared += profiled
        # 4. the hot-spots API (smoothed rate per buurt x theme)
        spotted = _walk_hot_spots(client, mine, areas, gemeente.code, period)
        if end == run.last_month:
            assert spotted >= 4, (spotted, period)  # every buurt x theme of the last window has a hot-spot row
        compared += spotted
        # 5. the CSV export (area x section and every theme once), under the installation's policy
        for level in ("wijk", "buurt"):
            rows = list(csv.reader(io.StringIO(client.get(reverse("dashboard:export-csv"), {
                "niveau": level, "periode": period}).content.decode())))
            for row in rows[1:]:
                if row and row[0] in areas:
                    expected = [_label(shared, areas[row[0]].pk, section_column(s)).replace(".", "") for s in sections]
                    expected.append(_label(shared, areas[row[0]].pk, ALL).replace(".", ""))
                    assert row[2:] == expected, (row[0], period)
                    compared += len(expected)
        # 6. the report and 7. the open-data export of the same period (the report's figures)
        figures = resolve_figures(gemeente, run=run, period=end.year) if end.month == 12 else None
        if figures is None:
            continue
        document = build_document(figures, installation)
        groups = {t.name: t for t in tree.groups}
        for row in document["key_figures"]:
            theme = row["theme"]
            assert row["current"] == _label(shared, top.pk, column_of(theme)), (theme.code, period)
            compared += 1
        for row in opendata._rows(figures, installation):
            pk = areas[row["gebiedscode"]].pk
            assert row["aantal"] == shared.count(pk, ("theme", row["themacode"])), (row["gebiedscode"], row["themacode"])
            compared += 1
        assert groups
    assert compared > 500


def test_a_priority_counts_each_registration_once(with_framework):
    """The priority 'veiligheid-zorg' takes woninginbraak and geweld from the HIC group and its own group's
    themes: its figure is the sum of its distinct themes, not of its themes per group (issue 14)."""
    run = with_framework
    window = published_window(run, run.last_month, None)
    top = window.levels["gemeente"][0]
    pk = next(pk for pk, i in window.rows.items() if i == top)
    section = next(s for s in sections_for(run.gemeente, theme_tree()) if s.code == "veiligheid-zorg" and s.is_priority)
    leaves = {t.code for t in section.themes}
    expected = sum(n for (_b, theme), n in YEARLY.items() if theme in leaves)
    assert window.count(pk, section_column(section)) == expected
    assert window.count(pk, ALL) == sum(YEARLY.values())
