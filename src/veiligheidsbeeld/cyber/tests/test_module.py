"""The cyber module in the platform: navigation, to-dos of the running clocks, retention and the demo records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.core.calendar import ClockState
from veiligheidsbeeld.core.modules import nav_items, todos_for
from veiligheidsbeeld.cyber import services
from veiligheidsbeeld.cyber.demo import build
from veiligheidsbeeld.cyber.models import Action, AwarenessCampaign, CrisisPlan, Exercise, Incident
from veiligheidsbeeld.cyber.module import _retention

pytestmark = pytest.mark.django_db


def test_navigation_for_the_security_group_fg_and_bestuur(make_user):
    def labels(role):
        return [str(item.label) for item in nav_items(make_user(role)) if item.app_name == "cyber"]

    for role in (Role.INFORMATIEBEVEILIGER, Role.FG, Role.BESTUUR, Role.BELEIDSADVISEUR):
        assert labels(role), role
    for role in (Role.ANALIST, Role.KETENPARTNER, Role.PROCESREGISSEUR, Role.BEHEERDER, Role.PUBLIEK):
        assert not labels(role), role


def test_open_clocks_are_todos_of_the_ciso_and_breach_clocks_of_the_fg(make_user, make_incident):
    now = timezone.now()
    breach = make_incident(discovered_at=now - dt.timedelta(hours=70), title="b")
    services.record_breach(breach, aware_at=now - dt.timedelta(hours=70), risk="risk")
    significant = make_incident(discovered_at=now - dt.timedelta(hours=2), title="s")
    services.record_cbw(significant, aware_at=now - dt.timedelta(hours=2))
    services.add_action(incident=significant, description="Patch", owner="x", due=now.date() - dt.timedelta(days=1))
    ciso = [t for t in todos_for(make_user(Role.INFORMATIEBEVEILIGER)) if t.module == "cyber"]
    assert len(ciso) == 5  # AP + 3 Cbw + the action
    assert ciso[0].overdue is True and ciso[0].title.startswith("Action")  # the overdue action comes first
    fg = [t for t in todos_for(make_user(Role.FG)) if t.module == "cyber"]
    assert [t.title for t in fg] == ["{}: AP notification (72 h)".format(breach.reference)]
    assert not [t for t in todos_for(make_user(Role.ANALIST)) if t.module == "cyber"]


def test_retention_deletes_closed_incidents_only(make_incident):
    old = make_incident(title="old")
    services.change_status(old, "closed", at=timezone.now() - dt.timedelta(days=3000))
    make_incident(title="open")
    cutoff = timezone.now() - dt.timedelta(days=7 * 365)
    assert _retention(cutoff, True) == 1 and Incident.objects.count() == 2
    assert _retention(cutoff, False) == 1
    assert list(Incident.objects.values_list("title", flat=True)) == ["open"]


def test_demo_records(small_gemeente, make_user):
    ciso = make_user(Role.INFORMATIEBEVEILIGER, username="ciso")
    summary = build(small_gemeente, {"ciso": ciso}, {})
    assert summary["incidents"] == Incident.objects.filter(gemeente=small_gemeente).count() == 5
    late = [i.breach for i in Incident.objects.breaches() if i.breach.notified_late]
    assert len(late) == 1 and late[0].late_reason and late[0].ap_clock().state() == ClockState.LATE
    assert CrisisPlan.objects.filter(status="adopted").count() == 1
    exercise = Exercise.objects.get()
    assert exercise.plan is not None and exercise.actions.count() == 4
    assert {a.closed_on_time for a in Action.objects.filter(exercise=exercise)} == {True, False, None}
    assert AwarenessCampaign.objects.count() == 4
    assert all("fictief" in i.title for i in Incident.objects.all())


def test_the_start_page_lists_the_cyber_tasks(client, small_gemeente, make_user):
    """Regression: an action's deadline is a date; the start page formats every due with a time."""
    ciso = make_user(Role.INFORMATIEBEVEILIGER, username="ciso")
    build(small_gemeente, {"ciso": ciso}, {})
    client.force_login(ciso)
    response = client.get("/")
    assert response.status_code == 200
    assert "Noodprocedure papieren aanvragen activeren" in response.content.decode()
