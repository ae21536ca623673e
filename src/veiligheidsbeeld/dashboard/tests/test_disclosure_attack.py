"""Disclosure attacks (issue 15, issue 22 item 2): as bestuur, publiek and ketenpartner, fetch everything the
role can (map data of every measure and level, the CSV export of both levels, the hot-spots and areas API, the
open-data export that shares the report's figures) and try to recover a hidden count:

- inversion of derived values: the empirical-Bayes smoothed rates (map ``maat=smoothed``, ``/api/hot-spots/``
  ``rate``) with the populations of ``/api/areas/``, by trying every combination of the hidden counts;
- subtraction across levels and theme groups: the LP attacker of :mod:`veiligheidsbeeld.core.tests.attacker`
  over every published count, rate (times the published population) and change, with the relations
  gemeente = sum of wijken, wijk = sum of buurten, group/priority/total = sum of its distinct themes.

The fixture has counts of 1-4 in its 12-month windows, in buurten next to larger ones (a wijk with one small
buurt is the subtraction case).
"""

import csv
import datetime as dt
import io
import itertools
import json

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from conftest import monthly_registrations
from veiligheidsbeeld.accounts.services import create_user
from veiligheidsbeeld.analyses.services import month_range, run_analysis
from veiligheidsbeeld.core.tests.attacker import Attacker
from veiligheidsbeeld.stats.rates import eb_smooth

pytestmark = pytest.mark.django_db

#: 12-month counts of 2024 per (buurt, theme); every month of 2023 has the same pattern.
YEARLY = {
    ("BU09990000", "woninginbraak"): 3, ("BU09990001", "woninginbraak"): 20,
    ("BU09990100", "woninginbraak"): 12, ("BU09990101", "woninginbraak"): 2,
    ("BU09990000", "geweld"): 30, ("BU09990001", "geweld"): 1, ("BU09990100", "geweld"): 8,
    ("BU09990000", "fietsdiefstal"): 6, ("BU09990001", "fietsdiefstal"): 4, ("BU09990100", "fietsdiefstal"): 40,
    ("BU09990100", "jeugdoverlast"): 2, ("BU09990001", "jeugdoverlast"): 9,
}
THEMES = ["woninginbraak", "geweld", "fietsdiefstal", "jeugdoverlast"]
BUURTEN = ["BU09990000", "BU09990001", "BU09990100", "BU09990101"]
END = "2024-12"


@pytest.fixture
def attacked(small_gemeente):
    counts = {}
    months = month_range(dt.date(2023, 1, 1), dt.date(2024, 12, 1))
    for (code, theme), total in YEARLY.items():
        for year in (2023, 2024):
            per_month = [total // 12 + (1 if m < total % 12 else 0) for m in range(12)]
            for m, n in enumerate(per_month):
                if n:
                    counts[(code, theme, months[(year - 2023) * 12 + m])] = n
    monthly_registrations(small_gemeente, counts)
    return run_analysis(small_gemeente, permutations=99)


def _client(analyst, role) -> Client:
    user = create_user(username=role, password="correct horse battery", role=role,
                       organisation=analyst.profile.organisation, gemeenten=[analyst.profile.gemeenten.get()])
    client = Client()
    client.force_login(user)
    return client


def _populations(client) -> dict[str, float]:
    response = client.get("/api/areas/", {"gemeente": "GM0999", "page_size": 100})
    assert response.status_code == 200
    data = response.json()
    rows = data["results"] if isinstance(data, dict) else data
    return {row["code"]: float(row["population"].get("2024")) for row in rows if row["population"].get("2024")}


def _map(client, theme, level, measure) -> dict[str, float | None]:
    response = client.get(reverse("dashboard:map-geojson", args=["GM0999"]),
                          {"thema": theme, "niveau": level, "maat": measure, "periode": END})
    assert response.status_code == 200
    return {f["properties"]["code"]: f["properties"]["value"] for f in json.loads(response.content)["features"]}


def _smoothed_values(client) -> dict[tuple[str, str], float]:
    """(buurt, theme) -> smoothed rate, from the map and from the hot-spots API."""
    values = {}
    for theme in THEMES:
        for code, value in _map(client, theme, "buurt", "smoothed").items():
            if value is not None:
                values[(code, theme)] = value
    response = client.get("/api/hot-spots/", {"gemeente": "GM0999"})
    assert response.status_code == 200
    data = response.json()
    for row in data["results"] if isinstance(data, dict) else data:
        if row["rate"] is not None and row["period"].startswith(END):
            values.setdefault((row["area"], row["theme"]), row["rate"])
    return values


@pytest.mark.parametrize("role", ["bestuur", "publiek", "ketenpartner"])
def test_smoothed_rates_cannot_be_inverted_into_hidden_counts(analyst, attacked, role):
    """Finding 1: try every combination of the counts the map does not show (0-40) and keep those whose
    smoothed rates equal the published ones; a hidden count with one value left is recovered."""
    client = _client(analyst, role)
    populations = _populations(client)
    smoothed = _smoothed_values(client)
    recovered = []
    for theme in THEMES:
        shown_counts = _map(client, theme, "buurt", "count")
        lattice = [code for code in BUURTEN if populations.get(code, 0) >= 50]
        hidden = [code for code in lattice if shown_counts.get(code) is None]
        published = [code for code in lattice if (code, theme) in smoothed]
        if not hidden or not published:
            continue
        grid = np.array(list(itertools.product(range(41), repeat=len(hidden))), dtype=float)
        counts = np.zeros((len(grid), len(lattice)))
        for k, code in enumerate(lattice):
            counts[:, k] = grid[:, hidden.index(code)] if code in hidden else shown_counts[code]
        rates = eb_smooth(counts, np.array([populations[c] for c in lattice]))
        match = np.ones(len(grid), dtype=bool)
        for k, code in enumerate(lattice):
            if (code, theme) in smoothed:
                match &= np.abs(rates[:, k] - smoothed[(code, theme)]) <= 0.051  # published to 1 decimal or more
        for h, code in enumerate(hidden):
            values = set(grid[match, h].tolist())
            if len(values) == 1 and values == {float(YEARLY.get((code, theme), 0))}:  # a wrong guess is no leak
                recovered.append((code, theme, values.pop()))
    assert not recovered, "hidden counts recovered from smoothed rates: {}".format(recovered)


def _theme_leaves():
    from veiligheidsbeeld.dashboard.sections import sections_for, theme_tree
    from veiligheidsbeeld.core.models import Gemeente

    tree = theme_tree()
    leaves = {t.code: [t.code] for t in tree.leaves}
    for group in tree.groups:
        leaves[group.code] = [t.code for t in tree.children[group.pk]]
    titles = {}
    for section in sections_for(Gemeente.objects.get(code="GM0999"), tree):
        distinct = []
        for theme in section.themes:
            for leaf in tree.children.get(theme.pk) or [theme]:
                if leaf.code not in distinct and leaf.parent_id is not None:
                    distinct.append(leaf.code)
        titles[section.title] = distinct
    return leaves, titles, [t.code for t in tree.leaves]


def _areas():
    wijken = {"WK099900": BUURTEN[:2], "WK099901": BUURTEN[2:]}
    return {"GM0999": BUURTEN, **wijken, **{b: [b] for b in BUURTEN}}


def _figure(attacker, area, leaves, all_leaves_of_area):
    """The cell of a published figure: (area, frozenset of leaves), related to the base cells."""
    cell = (area, frozenset(leaves))
    attacker.sum_of(cell, [(b, leaf) for b in all_leaves_of_area for leaf in leaves])
    return cell


@pytest.mark.parametrize("role", ["bestuur", "publiek", "ketenpartner"])
def test_no_hidden_count_is_recovered_by_subtraction_across_levels_and_groups(analyst, attacked, role, tmp_path):
    """Finding 2 and issue 22 item 2: the LP attacker over the map (count, rate, change at both levels), the
    CSV export (both levels), and the open-data export (the report's figures)."""
    from veiligheidsbeeld.core.disclosure import policy_from_settings
    from veiligheidsbeeld.reports import opendata
    from veiligheidsbeeld.reports.services import resolve_figures

    client = _client(analyst, role)
    populations = _populations(client)
    areas = _areas()
    leaves_of, sections, all_leaves = _theme_leaves()
    attacker = Attacker()
    hidden = set()

    def publish(area, leaves, value):
        cell = _figure(attacker, area, leaves, areas[area])
        if value is None:
            hidden.add(cell)
        else:
            attacker.know(cell, value)

    for theme in THEMES + ["hic", "veiligheid-zorg"]:
        for level in ("wijk", "buurt"):
            counts = _map(client, theme, level, "count")
            rates = _map(client, theme, level, "rate")
            for code, value in counts.items():
                publish(code, leaves_of[theme], value)
                if rates.get(code) is not None and code in populations or (level == "wijk" and rates.get(code)):
                    population = populations.get(code) or sum(populations[b] for b in areas[code])
                    attacker.know((code, frozenset(leaves_of[theme])), round(rates[code] * population / 1000.0))
    for level in ("wijk", "buurt"):
        response = client.get(reverse("dashboard:export-csv"), {"niveau": level, "periode": END})
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        header = rows[0]
        for row in rows[1:]:
            if not row or row[0] not in areas:
                continue
            for title, label in zip(header[2:], row[2:]):
                leaves = sections.get(title, all_leaves)
                publish(row[0], leaves, None if label == "x" else int(label))
    figures = resolve_figures(attacked.gemeente, run=attacked)
    for row in opendata._rows(figures, policy_from_settings()):
        if row["niveau"] == "wijk" or row["gebiedscode"] == "GM0999":
            leaves = leaves_of.get(row["themacode"])
            if leaves:
                publish(row["gebiedscode"], leaves, row["aantal"])
    truth = {}
    for area, leaves in hidden:
        truth[(area, leaves)] = sum(YEARLY.get((b, leaf), 0) for b in areas[area] for leaf in leaves)
    small = {(b, frozenset([t])): n for (b, t), n in YEARLY.items() if 0 < n < 5}
    assert any(cell in hidden for cell in small), "the fixture must have hidden small counts"
    recovered = attacker.recovered({cell: n for cell, n in truth.items() if n > 0})
    assert not recovered, "hidden counts recovered: {}".format(
        {(a, tuple(sorted(l))): r for (a, l), r in recovered.items()})
