"""The public veiligheidsbeeld (issue 20, item 5): off by default, no log-in when on, the published figures only
(the same numbers as the dashboard and the open data, nothing below the disclosure threshold), rate limited and
cached, nothing of other gemeenten, other runs or the internal pages."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.core.management import call_command

from veiligheidsbeeld.core.disclosure import policy_from_settings

pytestmark = pytest.mark.django_db

BASE = "/openbaar/GM0999/"
ROUTES = ["", "wijk/WK099900/", "indicatoren.csv", "indicatoren.json", "module-indicatoren.csv",
          "module-indicatoren.json", "metadata.json"]


def _cells(html: str, attribute: str = "data-count") -> dict[str, str]:
    return dict(re.findall(r'{}="([^"]+)">([^<]*)<'.format(attribute), html))


def _count(text: str) -> int | None:
    return None if text == "x" else int(text.replace(".", ""))


def test_off_by_default_everything_is_404(client, report_run):
    from veiligheidsbeeld.public.services import set_public

    for route in ROUTES + ["rapport/"]:
        assert client.get(BASE + route).status_code == 404, route
    assert "/openbaar/" not in client.get("/inloggen/").content.decode()
    set_public(report_run.gemeente, True)
    set_public(report_run.gemeente, False)
    assert client.get(BASE).status_code == 404


def test_anonymous_visitors_see_the_pages_when_on(client, published):
    overview = client.get(BASE)
    assert overview.status_code == 200
    html = overview.content.decode()
    assert "Veiligheidsbeeld van Proefdorp" in html and 'href="/openbaar/GM0999/wijk/WK099900/"' in html
    assert 'href="/openbaar/GM0999/indicatoren.csv"' in html
    wijk = client.get(BASE + "wijk/WK099900/")
    assert wijk.status_code == 200 and "Wijk 0" in wijk.content.decode()
    assert client.get(BASE + "indicatoren.csv")["Content-Type"].startswith("text/csv")
    assert json.loads(client.get(BASE + "metadata.json").content)["gemeente"] == "GM0999"
    login = client.get("/inloggen/").content.decode()
    assert 'href="/openbaar/GM0999/"' in login and "Openbaar veiligheidsbeeld" in login


def test_every_figure_is_the_dashboards_and_the_open_datas(client, published, tmp_path):
    """The counts on the pages and in the CSV equal the open-data export and the dashboard's published table for
    a viewer without small-count rights (the public audience)."""
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.dashboard.published import column_of, published_window, section_column
    from veiligheidsbeeld.dashboard.sections import sections_for, theme_tree
    from veiligheidsbeeld.frameworks.models import Theme
    from veiligheidsbeeld.reports.figures import figures_from_run
    from veiligheidsbeeld.reports.services import export_opendata

    policy = policy_from_settings()
    window = published_window(published, published.last_month, policy)
    themes = {t.code: t for t in Theme.objects.all()}
    checked = 0
    for code, path in (("GM0999", BASE), ("WK099900", BASE + "wijk/WK099900/"), ("WK099901", BASE + "wijk/WK099901/")):
        area = Area.objects.get(code=code)
        html = client.get(path).content.decode()
        cells = _cells(html)
        assert cells, path
        for key, text in cells.items():
            if key.startswith("priority-"):
                section = next(s for s in sections_for(published.gemeente, theme_tree()) if s.code == key[9:])
                assert _count(text) == window.count(area.pk, section_column(section)), (path, key)
            else:
                assert _count(text) == window.count(area.pk, column_of(themes[key])), (path, key, text)
            checked += 1
    assert checked > 20
    export_opendata(figures_from_run(published), tmp_path, policy=policy)
    assert client.get(BASE + "indicatoren.csv").content == (tmp_path / "indicatoren.csv").read_bytes()
    assert json.loads(client.get(BASE + "indicatoren.json").content) == json.loads(
        (tmp_path / "indicatoren.json").read_text())
    assert client.get(BASE + "module-indicatoren.csv").content == (tmp_path / "module-indicatoren.csv").read_bytes()
    assert json.loads(client.get(BASE + "module-indicatoren.json").content) == json.loads(
        (tmp_path / "module-indicatoren.json").read_text())


def test_no_count_below_the_threshold_on_any_page_or_download(client, published):
    from veiligheidsbeeld.dashboard.published import published_window

    threshold = policy_from_settings().threshold
    window = published_window(published, published.last_month, None)
    assert ((window.counts > 0) & (window.counts < threshold)).any()  # the fixture has small counts to hide
    hidden = 0
    for route in ["", "wijk/WK099900/", "wijk/WK099901/"]:
        html = client.get(BASE + route).content.decode()
        for attribute in ("data-count", "data-previous"):
            for key, text in _cells(html, attribute).items():
                value = _count(text.strip()) if text.strip() not in ("–", "") else 0
                hidden += value is None
                assert value is None or value == 0 or value >= threshold, (route, key, text)
    rows = list(csv.DictReader(io.StringIO(client.get(BASE + "indicatoren.csv").content.decode())))
    for row in rows:
        for column, status in (("aantal", "status"), ("aantal_vorige_periode", "status_vorige_periode")):
            if row[status] == "x":
                hidden += 1
                assert row[column] == "", row
            elif row[column]:
                assert int(row[column]) == 0 or int(row[column]) >= threshold, row
    assert hidden > 0  # suppressed cells are there, shown as x


def test_the_rate_limit_answers_429_in_dutch(client, published, settings):
    settings.PUBLIC_RATE_LIMIT = "3/min"
    for _ in range(3):
        assert client.get(BASE).status_code == 200
    refused = client.get(BASE + "indicatoren.csv")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Te veel verzoeken" in refused.content.decode()
    # another client address has its own allowance
    assert client.get(BASE, REMOTE_ADDR="192.0.2.7").status_code == 200
    # a forged X-Forwarded-For does not give a new allowance (no trusted proxy configured)
    assert client.get(BASE, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429


def test_pages_come_from_the_cache(client, published, django_assert_max_num_queries):
    first = client.get(BASE + "wijk/WK099900/").content
    with django_assert_max_num_queries(3):  # the switch, the newest run (and nothing else)
        assert client.get(BASE + "wijk/WK099900/").content == first


def test_nothing_of_other_gemeenten_other_runs_or_internal_pages(client, published):
    from conftest import build_small_gemeente
    from veiligheidsbeeld.analyses.models import AnalysisRun
    from veiligheidsbeeld.reports.services import generate_report, resolve_figures

    build_small_gemeente("GM0998", "Anderdorp", x0=7.0)
    assert client.get("/openbaar/GM0998/").status_code == 404  # not turned on
    assert client.get(BASE + "wijk/WK099800/").status_code == 404  # a wijk of another gemeente
    assert client.get("/openbaar/GM0000/").status_code == 404
    assert client.get(BASE + "wijk/WK%2000/").status_code == 404  # not a wijk code: not looked up
    # hrefs: the public pages only (and static files); no dashboard, alerts, admin or API
    html = client.get(BASE).content.decode() + client.get(BASE + "wijk/WK099900/").content.decode()
    for href in re.findall(r'href="([^"]+)"', html):
        assert href.startswith(("/openbaar/GM0999/", "/static/", "#")), href
    assert "csrfmiddlewaretoken" not in html
    # the report: only one of the public run, made with the public rules
    assert client.get(BASE + "rapport/").status_code == 404
    figures = resolve_figures(published.gemeente, run=published)
    internal = generate_report(figures, fmt="html")
    internal.parameters = dict(internal.parameters, audience="intern")
    internal.save()
    assert client.get(BASE + "rapport/").status_code == 404
    public = generate_report(figures, fmt="html")
    assert client.get(BASE + "rapport/").status_code == 200
    # a newer run that did not finish is not public: the page still shows the finished run's report
    AnalysisRun.objects.create(gemeente=published.gemeente, status=AnalysisRun.Status.FAILED,
                               first_month=published.first_month, last_month=published.last_month,
                               area_year=published.area_year)
    assert b"".join(client.get(BASE + "rapport/").streaming_content) == public.file.open("rb").read()


def test_the_cli_switch_is_audited(published):
    from veiligheidsbeeld.core.models import AuditEvent

    out = io.StringIO()
    call_command("gemeente", "public", "GM0999", "--off", stdout=out)
    assert "off" in out.getvalue()
    event = AuditEvent.objects.filter(action="public_site_changed").latest("pk")
    assert event.gemeente_code == "GM0999" and event.changes == {"enabled": [True, False]}
    out = io.StringIO()
    call_command("gemeente", "public", "GM0999", stdout=out)
    assert "public veiligheidsbeeld of GM0999: off" in out.getvalue()


def test_beheer_turns_it_on_through_the_audited_service(client, report_run, django_user_model):
    from veiligheidsbeeld.core.models import AuditEvent

    admin = django_user_model.objects.create_superuser("beheer-public", "b@example.org", "x")
    client.force_login(admin)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    session = client.session  # a verified session (the second factor), as after the real log-in
    session["otp_device_id"] = TOTPDevice.objects.create(user=admin, name="t", confirmed=True).persistent_id
    session.save()
    response = client.post("/django-admin/public/publicsite/add/", {"gemeente": report_run.gemeente.pk, "enabled": "on"})
    assert response.status_code == 302 and "/add/" not in response.url and "inloggen" not in response.url, response.url
    event = AuditEvent.objects.get(action="public_site_changed")
    assert event.actor_id == admin.pk and event.changes == {"enabled": [False, True]}
    client.logout()
    assert client.get(BASE).status_code == 200
