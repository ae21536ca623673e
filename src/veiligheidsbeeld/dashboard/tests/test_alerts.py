"""Alert pages: Dutch words for the model and the severity, and counts under disclosure control for roles
without ``accounts.view_small_counts`` (see docs/explanation/alerts-visibility.md)."""

import datetime as dt
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from veiligheidsbeeld.accounts.services import create_user
from veiligheidsbeeld.analyses.models import Alert, AlertStatusChange, Severity
from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.frameworks.models import Theme

pytestmark = pytest.mark.django_db


def _alert(run, *, observed, severity, area="BU09990100"):
    return Alert.objects.create(
        gemeente=run.gemeente,
        run=run,
        area=Area.objects.get(code=area, year=run.area_year),
        theme=Theme.objects.get(code="woninginbraak"),
        month=dt.date(2024, 12, 1),
        observed=observed,
        expected=1.2,
        lower=0,
        upper=3,
        probability=0.0004,
        q_value=0.0123,
        p_month=0.0004,
        p_trend=0.3,
        severity=severity,
        explanation="Woninginbraak in Buurt 10: {} registraties in december 2024, verwacht 1 (0-3); "
        "uitzonderlijk hoog".format(observed),
    )


@pytest.fixture
def bestuur(analyst):
    """A burgemeester of the same gemeente (own browser session): sees the dashboard, not the small counts."""
    client = Client()
    user = create_user(
        username="burgemeester", password="correct horse battery", role="bestuur",
        organisation=analyst.profile.organisation, gemeenten=[analyst.profile.gemeenten.get()],
    )
    client.force_login(user)
    return client


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_model_and_severity_have_their_own_dutch_words():
    with translation.override("nl"):
        assert str(Alert._meta.verbose_name) == "signalering"
        assert str(Alert._meta.verbose_name_plural) == "signaleringen"
        assert str(AlertStatusChange._meta.get_field("alert").verbose_name) == "signalering"
        assert str(Severity.ALERT.label) == "waarschuwing"
        assert str(Severity.ALARM.label) == "alarm"


def test_dutch_alert_pages_say_waarschuwing_for_the_severity_and_signalering_for_the_alert(logged_in, analysed):
    alert = _alert(analysed, observed=14, severity=Severity.ALERT)
    page = logged_in.get(reverse("dashboard:alerts"), HTTP_ACCEPT_LANGUAGE="nl")
    html = page.content.decode()
    assert '<option value="alert" >waarschuwing</option>' in html
    assert 'vb-severity--alert">waarschuwing</span>' in html
    assert ">signalering<" not in html  # the severity never reads as the model
    detail = logged_in.get(reverse("dashboard:alert", args=[alert.pk]), HTTP_ACCEPT_LANGUAGE="nl")
    assert "<title>Signalering Woninginbraak" in detail.content.decode()
    assert "Ernst waarschuwing" in _text(detail)


def test_privileged_role_sees_the_exact_figures(logged_in, analysed):
    alert = _alert(analysed, observed=3, severity=Severity.ALARM)
    text = _text(logged_in.get(reverse("dashboard:alert", args=[alert.pk])))
    assert "3 registraties" in text and "0,0123" in text and "(0 – 3, 95 %)" in text
    assert "3 registraties" in _text(logged_in.get(reverse("dashboard:alerts")))


def test_other_roles_see_small_alert_counts_under_disclosure_control(bestuur, analysed):
    small = _alert(analysed, observed=3, severity=Severity.ALARM)
    page = bestuur.get(reverse("dashboard:alert", args=[small.pk]))
    assert page.status_code == 200
    text = _text(page)
    assert "&lt;5 registraties" in page.content.decode() and "3 registraties" not in text
    assert "0,0123" not in text  # the q-value with the expected count would give the count back
    assert "(0 – 3, 95 %)" not in text and "(0-3)" not in text  # "<5" above an upper bound of 3 would be 4
    assert "statistisch beveiligd" in text
    listing = bestuur.get(reverse("dashboard:alerts")).content.decode()
    assert "&lt;5 registraties" in listing and "3 registraties" not in listing
    big = _alert(analysed, observed=14, severity=Severity.ALARM, area="BU09990000")
    text = _text(bestuur.get(reverse("dashboard:alert", args=[big.pk])))
    assert "14 registraties" in text and "0,0123" in text  # above the threshold: nothing to hide


def _spec(response) -> dict:
    found = re.search(r'<script id="trend-spec" type="application/json">(.*?)</script>', response.content.decode(), re.S)
    return json.loads(found.group(1))


def test_chart_of_a_buurt_hides_small_monthly_counts_from_other_roles(bestuur, logged_in, analysed):
    """BU09990000 has 1, 2 or 3 woninginbraken a month in the fixture: every month is below the threshold."""
    url = reverse("dashboard:area-profile", args=["BU09990000"])
    query = {"thema": "woninginbraak"}
    full = _spec(logged_in.get(url, query))["vconcat"][0]["data"]["values"]
    assert [row["aantal"] for row in full[:3]] == [1, 2, 3]
    assert any("gemiddelde" in row for row in full)
    protected = _spec(bestuur.get(url, query))
    rows = protected["vconcat"][0]["data"]["values"]
    assert rows and not any("aantal" in row for row in rows)
    # issue 15: only the published 12-month totals (windows ending in the run's last calendar month, the ones
    # the tables show) as a monthly mean; never a rolling window, which differs from the next by single months
    averages = {row["maand"]: row["gemiddelde"] for row in rows if "gemiddelde" in row}
    assert averages and all(month.endswith("-12-01") for month in averages)
    indexed = [p for p in protected["vconcat"][1]["data"]["values"] if p["gebied"] == "Buurt 00"]
    assert indexed  # the 12-month totals (24) are above the threshold: the indexed comparison stays


def test_alert_marker_of_a_small_count_shows_its_label_only(bestuur, logged_in, analysed):
    _alert(analysed, observed=3, severity=Severity.ALARM, area="BU09990000")
    url = reverse("dashboard:area-profile", args=["BU09990000"])

    def marker(client):
        spec = _spec(client.get(url, {"thema": "woninginbraak"}))["vconcat"][0]
        [layer] = [layer for layer in spec["layer"] if "data" in layer]
        return layer["data"]["values"]

    assert [(m["aantal"], m["label"]) for m in marker(logged_in)] == [(3, "3")]
    assert [(m["aantal"], m["label"]) for m in marker(bestuur)] == [(5, "<5")]
