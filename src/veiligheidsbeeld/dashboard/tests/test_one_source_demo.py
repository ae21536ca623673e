"""One source per figure on the demo gemeente Voorbeeldstad (issue 14 item 1): a deterministic sample of wijken
and buurten, every section (priority or theme group) and every leaf theme of the last window, through the
dashboard cards, the map data, the area profiles, the hot-spots API and the CSV export, for the analist and
the bestuur account of the demo. A module of its own: the demo build commits and flushes the database after.
"""

import csv
import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from veiligheidsbeeld.dashboard.tests.test_one_source import _label, _walk_hot_spots, _walk_profiles

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo(demo_build, django_db_blocker):
    from django.contrib.auth import get_user_model

    from veiligheidsbeeld.analyses.models import AnalysisRun
    from veiligheidsbeeld.areas.models import Area, AreaLevel

    with django_db_blocker.unblock():
        run = AnalysisRun.objects.select_related("gemeente").get(pk=demo_build["run"])
        areas = {a.code: a for a in Area.objects.filter(gemeente=run.gemeente, year=run.area_year).defer("geometry")}
        wijken = sorted(c for c, a in areas.items() if a.level == AreaLevel.WIJK)
        buurten = sorted(c for c, a in areas.items() if a.level == AreaLevel.BUURT)
        # deterministic: evenly spread over the sorted codes
        sample = {c for c, a in areas.items() if a.level == AreaLevel.GEMEENTE}
        sample |= {wijken[k * len(wijken) // 3] for k in range(3)}
        sample |= {buurten[k * len(buurten) // 5] for k in range(5)}
        users = {a["role"]: get_user_model().objects.get(username=a["username"]) for a in demo_build["accounts"]}
        yield {"run": run, "areas": areas, "sample": sample, "users": users}


@pytest.mark.parametrize("role", ["analist", "bestuur"])
def test_demo_figures_are_the_same_in_every_output(demo, role):
    from veiligheidsbeeld.core.disclosure import policy_for, policy_from_settings
    from veiligheidsbeeld.dashboard.published import ALL, column_of, published_window, section_column
    from veiligheidsbeeld.dashboard.sections import sections_for, theme_tree

    run, areas, sample = demo["run"], demo["areas"], demo["sample"]
    user = demo["users"][role]
    client = Client()
    client.force_login(user)
    gemeente = run.gemeente
    tree = theme_tree()
    sections = sections_for(gemeente, tree)
    assert any(s.is_priority for s in sections), "the demo's framework has priorities"
    end = run.last_month
    period = end.strftime("%Y-%m")
    mine = published_window(run, end, policy_for(user, gemeente))
    shared = published_window(run, end, policy_from_settings())
    top = next(a for a in areas.values() if a.level == "gemeente")
    compared = 0
    # dashboard cards: every section of the gemeente
    html = client.get(reverse("dashboard:overview"), {"periode": period}).content.decode()
    cards = re.findall(r'<span class="vb-card__value">(.*?)</span>', html)
    assert cards == [_label(mine, top.pk, section_column(s)) for s in sections]
    compared += len(cards)
    # the map data of the sampled wijken and buurten, every leaf theme
    for theme in tree.leaves:
        for level in ("wijk", "buurt"):
            features = json.loads(client.get(reverse("dashboard:map-geojson", args=[gemeente.code]), {
                "thema": theme.code, "niveau": level, "maat": "count", "periode": period}).content)["features"]
            for feature in features:
                code = feature["properties"]["code"]
                if code not in sample:
                    continue
                expected = mine.count(areas[code].pk, column_of(theme))
                assert feature["properties"]["value"] == (None if expected is None else float(expected)), (
                    theme.code, code, period)
                compared += 1
    # the area profiles of the sample (the gemeente, 3 wijken, 5 buurten)
    profiled = _walk_profiles(client, mine, {c: areas[c] for c in sample}, tree, period)
    assert profiled >= len(sample) * 2, profiled
    compared += profiled
    # the hot-spots API of the sampled buurten
    spotted = _walk_hot_spots(client, mine, areas, gemeente.code, period, sample=sample)
    assert spotted >= 5, spotted  # every sampled buurt has a hot-spot row per theme
    compared += spotted
    # the CSV export (installation policy) of the sample
    for level in ("wijk", "buurt"):
        rows = list(csv.reader(io.StringIO(client.get(reverse("dashboard:export-csv"), {
            "niveau": level, "periode": period}).content.decode())))
        for row in rows[1:]:
            if row and row[0] in sample:
                pk = areas[row[0]].pk
                expected = [_label(shared, pk, section_column(s)).replace(".", "") for s in sections]
                expected.append(_label(shared, pk, ALL).replace(".", ""))
                assert row[2:] == expected, (row[0], period)
                compared += len(expected)
    assert compared > 300, compared
