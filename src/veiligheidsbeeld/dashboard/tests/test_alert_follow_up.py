"""Alerts worth following up (issue 20): drill-down under disclosure control, follow-up by an analyst, status
changes by the partner organisation asked to act, and status and follow-up surviving a new run of the same data."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from conftest import fingerprint_changes, monthly_registrations, table_fingerprint
from veiligheidsbeeld.accounts.services import create_user
from veiligheidsbeeld.analyses.models import Alert, AlertStatusChange, AnalysisRun, Severity
from veiligheidsbeeld.analyses.services import change_alert_status, month_range, run_analysis, set_alert_follow_up
from veiligheidsbeeld.core.models import AuditEvent, Organisation

from .test_alerts import _alert, _text

pytestmark = pytest.mark.django_db

NUM = r"<td class=\"utrecht-table__cell vb-table__num\">([^<]+)<"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def politie(small_gemeente):
    organisation = Organisation.objects.create(name="Politie Proefdorp", kind="politie")
    organisation.gemeenten.add(small_gemeente)
    return organisation


@pytest.fixture
def partner(small_gemeente, politie):
    """A ketenpartner of the politie (own organisation) with its own browser session."""
    user = create_user(username="agent", password="correct horse battery", role="ketenpartner",
                       organisation=politie, gemeenten=[small_gemeente])
    return _client(user)


@pytest.fixture
def other_partner(small_gemeente):
    wij = Organisation.objects.create(name="WIJ Proefdorp", kind="wij")
    wij.gemeenten.add(small_gemeente)
    user = create_user(username="wij-werker", password="correct horse battery", role="ketenpartner",
                       organisation=wij, gemeenten=[small_gemeente])
    return _client(user)


def _status(client, alert, status, note=""):
    return client.post(reverse("dashboard:alert-status", args=[alert.pk]), {"status": status, "note": note})


def test_partner_takes_up_and_finishes_an_alert_assigned_to_its_organisation(logged_in, partner, analysed, politie,
                                                                             analyst):
    alert = _alert(analysed, observed=14, severity=Severity.ALERT)
    page = partner.get(reverse("dashboard:alert", args=[alert.pk]))
    assert 'id="s-status"' not in page.content.decode()  # not assigned yet: no form for the partner
    response = logged_in.post(reverse("dashboard:alert-follow-up", args=[alert.pk]), {
        "owner": analyst.pk, "organisation": politie.pk, "due_date": "2025-01-31", "note": "graag oppakken"})
    assert response.status_code == 302
    html = partner.get(reverse("dashboard:alert", args=[alert.pk])).content.decode()
    options = re.findall(r'<option value="([a-z-]+)"', html.split('id="s-status"')[1].split("</select>")[0])
    assert options == ["opgepakt"]  # the partner's changes only, never "vals-alarm"
    assert _status(partner, alert, "opgepakt", "surveillance ingezet").status_code == 302
    assert _status(partner, alert, "afgerond", "extra rondes gereden").status_code == 302
    alert.refresh_from_db()
    assert alert.status == "afgerond"
    history = list(alert.history.order_by("pk").values_list("user__username", "organisation__name", "old_status",
                                                            "new_status", "note"))
    assert history[1:] == [
        ("agent", "Politie Proefdorp", "nieuw", "opgepakt", "surveillance ingezet"),
        ("agent", "Politie Proefdorp", "opgepakt", "afgerond", "extra rondes gereden"),
    ]
    assert history[0][0] == "analist" and history[0][4] == "graag oppakken"
    text = _text(logged_in.get(reverse("dashboard:alert", args=[alert.pk]), HTTP_ACCEPT_LANGUAGE="nl"))
    assert "agent (Politie Proefdorp): opgepakt → afgerond" in text
    assert "Politie Proefdorp" in text and "31 januari 2025" in text


def test_partner_is_refused_on_alerts_not_assigned_to_its_organisation(partner, other_partner, analysed, politie,
                                                                       analyst):
    unassigned = _alert(analysed, observed=14, severity=Severity.ALERT)
    elsewhere = _alert(analysed, observed=9, severity=Severity.ALERT, area="BU09990000")
    set_alert_follow_up(elsewhere, organisation=politie, actor=analyst)
    before, events = table_fingerprint(), AuditEvent.objects.count()
    assert _status(partner, unassigned, "opgepakt").status_code == 403
    assert _status(other_partner, elsewhere, "opgepakt").status_code == 403  # assigned to the politie, not WIJ
    # the follow-up itself is the analyst's
    assert partner.post(reverse("dashboard:alert-follow-up", args=[elsewhere.pk]),
                        {"organisation": ""}).status_code == 403
    assert fingerprint_changes(before, table_fingerprint()) == [] and AuditEvent.objects.count() == events
    # on its own alert, an analyst's change is refused too (nothing written)
    assert _status(partner, elsewhere, "vals-alarm").status_code == 302
    elsewhere.refresh_from_db()
    assert elsewhere.status == "nieuw" and AuditEvent.objects.count() == events


def _spiked(gemeente):
    counts = {("BU09990000", "woninginbraak", m): (30 if m == dt.date(2024, 12, 1) else 2 + k % 3)
              for k, m in enumerate(month_range(dt.date(2022, 1, 1), dt.date(2024, 12, 1)))}
    monthly_registrations(gemeente, counts)
    return run_analysis(gemeente, permutations=99)


def _december(run):
    return Alert.objects.get(run=run, area__code="BU09990000", theme__code="woninginbraak", month=dt.date(2024, 12, 1))


def test_status_and_follow_up_survive_a_new_run_of_the_same_data(small_gemeente, analyst, politie):
    first = _spiked(small_gemeente)
    alert = _december(first)
    change_alert_status(alert, "opgepakt", note="in behandeling", actor=analyst)
    set_alert_follow_up(alert, owner=analyst, organisation=politie, due_date=dt.date(2025, 2, 1), actor=analyst)
    untouched = Alert.objects.filter(run=first).exclude(pk=alert.pk).values_list("area__code", "theme_id", "month")
    second = run_analysis(small_gemeente, permutations=99)
    assert second.data_hash == first.data_hash
    again = _december(second)
    assert (again.status, again.owner, again.assigned_organisation, again.due_date, again.carried_from_id) == (
        "opgepakt", analyst, politie, dt.date(2025, 2, 1), alert.pk)
    assert AuditEvent.objects.filter(action="alert_follow_up_carried_over", object_id=str(second.pk)).count() == 1
    # alerts without follow-up start afresh
    assert set(Alert.objects.filter(run=second, area__code__in=[c for c, _t, _m in untouched])
               .exclude(pk=again.pk).values_list("status", flat=True)) <= {"nieuw"}
    # the history is the alert's own: it stays when the earlier run is removed (the run is replaced)
    AnalysisRun.objects.filter(pk=first.pk).delete()
    again.refresh_from_db()
    assert [(c.old_status, c.new_status, c.note) for c in again.history.order_by("changed_at", "pk")] == [
        ("nieuw", "opgepakt", "in behandeling"), ("opgepakt", "opgepakt", "")]
    assert again.history.last().changes["assigned_organisation"] == ["", "Politie Proefdorp"]
    # and the next run carries on from the second
    third = run_analysis(small_gemeente, permutations=99)
    assert _december(third).status == "opgepakt" and _december(third).history.count() == 2


def test_drill_down_shows_exact_figures_and_registrations_to_the_analyst_only(logged_in, analysed, analyst):
    from veiligheidsbeeld.registrations.models import Registration

    Registration.objects.filter(area__code="BU09990000", period_start=dt.date(2024, 12, 1)).update(
        attributes={"naam": "Jan Fictief"})
    alert = _alert(analysed, observed=3, severity=Severity.ALERT, area="BU09990000")
    url = reverse("dashboard:alert", args=[alert.pk])
    html = logged_in.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    buurten = html.split('id="drill-buurten"')[1].split("</table>")[0]
    # Wijk 0 in December 2024: Buurt 00 has 3 (1 + 23 % 3), Buurt 01 none of this theme
    assert re.findall(NUM, buurten) == ["3", "3", "0", "0", "3", "3"]
    months = html.split('id="drill-months"')[1].split("</table>")[0]
    assert "december 2024" in months and re.findall(NUM, months)[-1] == "3"
    registrations = html.split('id="drill-registrations"')[1].split("</table>")[0]
    assert "woninginbraak" in registrations and "Jan Fictief" not in html  # never attributes (person data)

    bestuur = _client(create_user(username="burgemeester", password="correct horse battery", role="bestuur",
                                  organisation=analyst.profile.organisation, gemeenten=[analysed.gemeente]))
    protected = bestuur.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    # no single month at all: next to the published 12-month totals one would give a hidden month away
    assert 'id="drill-buurten"' not in protected and 'id="drill-months"' not in protected
    assert 'id="drill-single-months"' in protected
    assert 'id="drill-registrations"' not in protected and "Jan Fictief" not in protected
    assert "alleen aan analisten" in _text(bestuur.get(url, HTTP_ACCEPT_LANGUAGE="nl"))


def test_drill_down_says_what_changed_since_the_previous_run(logged_in, analysed):
    second = run_analysis(analysed.gemeente)
    alert = _alert(second, observed=14, severity=Severity.ALARM)
    _alert(analysed, observed=14, severity=Severity.ALERT)
    text = _text(logged_in.get(reverse("dashboard:alert", args=[alert.pk]), HTTP_ACCEPT_LANGUAGE="nl"))
    assert "Vorige run: #{}. Zelfde invoergegevens.".format(analysed.pk) in text
    assert "Deze signalering was er al: waarschuwing, 14 registraties, status nieuw." in text


def test_api_exposes_the_follow_up_and_keeps_its_keys(logged_in, analysed, analyst, politie):
    alert = _alert(analysed, observed=14, severity=Severity.ALERT)
    set_alert_follow_up(alert, owner=analyst, organisation=politie, due_date=dt.date(2025, 1, 31), actor=analyst)
    data = logged_in.get("/api/alerts/{}/".format(alert.pk)).json()
    assert {"observed", "status", "status_changed_at", "explanation", "q_value"} <= set(data)
    assert (data["owner"], data["assigned_organisation"], data["due_date"], data["carried_from"]) == (
        "analist", "Politie Proefdorp", "2025-01-31", None)
    assert AlertStatusChange.objects.filter(alert=alert).count() == 1
