"""Services of the public-order module: timeliness, grounds, retention of organiser data, events, cameras,
signals and the name list of youth groups (issue 17, "Done when")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.publicorder import services
from veiligheidsbeeld.publicorder.indicators import indicators
from veiligheidsbeeld.publicorder.models import Demonstration, DemonstrationDecision, PublicOrderSettings
from veiligheidsbeeld.publicorder.workflow import InvalidTransition

from .conftest import at

pytestmark = pytest.mark.django_db


def test_notice_timeliness_uses_the_gemeente_term(small_gemeente, adviser, wijk, notice):
    assert notice.on_time and notice.notice_deadline == at(2026, 12, 7, 14) and notice.notice_hours == 48
    late = services.register_notice(
        small_gemeente, kind="betoging", received_at=at(2026, 12, 4, 19), starts_at=at(2026, 12, 7, 14),
        ends_at=at(2026, 12, 7, 15), place="Stadhuisplein", actor=adviser,
    )
    assert not late.on_time  # Friday evening for Monday afternoon
    PublicOrderSettings.objects.create(gemeente=small_gemeente, notice_hours=24)  # a gemeente with a shorter term
    shorter = services.register_notice(
        small_gemeente, kind="betoging", received_at=at(2026, 12, 4, 13), starts_at=at(2026, 12, 7, 14),
        ends_at=at(2026, 12, 7, 15), place="Stadhuisplein", actor=adviser,
    )
    assert shorter.on_time and shorter.notice_deadline == at(2026, 12, 4, 14) and shorter.notice_hours == 24
    assert AuditEvent.objects.filter(action="demonstration_registered").count() == 3


def test_organiser_data_are_encrypted_at_rest(notice):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT organiser_name, leader_name FROM publicorder_demonstration WHERE id = %s", [notice.pk])
        stored = cursor.fetchone()
    assert all(value.startswith("enc1:") for value in stored)
    assert "Fictieve" not in "".join(stored)


def test_a_ban_without_a_ground_is_refused(notice, adviser):
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidTransition, match="needs a ground"):
        services.decide_on_demonstration(notice, kind="verbod", ground="", content="Verboden", actor=adviser)
    with pytest.raises(InvalidTransition, match="no ground for a verbod"):
        services.decide_on_demonstration(notice, kind="verbod", ground="breach", content="Verboden", actor=adviser)
    assert not DemonstrationDecision.objects.exists() and AuditEvent.objects.count() == events
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses it too
        DemonstrationDecision.objects.create(demonstration=notice, kind="verbod", ground="", content="x",
                                             decided_at=at(2026, 12, 2))
    decision = services.decide_on_demonstration(notice, kind="verbod", ground="disorder", content="Verboden",
                                                actor=adviser)
    assert decision.made_known_at is None
    services.make_decision_known(decision, actor=adviser)
    assert AuditEvent.objects.filter(action="demonstration_decided").count() == 1


def test_organiser_data_read_is_audited_and_limited(notice, adviser, make_user):
    data = services.organiser_data(notice, adviser, purpose="contact over de route")
    assert data["organiser_name"] == "Fictieve Organisator"
    read = AuditEvent.objects.filter(action="person_data_viewed").get()
    assert read.purpose == "contact over de route" and read.object_type == "publicorder.demonstration"
    for role in ("analist", "ketenpartner", "procesregisseur", "fg"):
        with pytest.raises(PermissionDenied):
            services.organiser_data(notice, make_user(role), purpose="x")


def test_retention_removes_organiser_data_and_keeps_the_statistics(small_gemeente, notice, adviser, settings):
    from veiligheidsbeeld.core import retention

    services.decide_on_demonstration(notice, kind="voorschrift", ground="traffic", content="Route", actor=adviser)
    services.set_notice_status(notice, "held", actor=adviser)
    services.evaluate_demonstration(notice, incidents=2, evaluation="Rustig verlopen", actor=adviser)
    before = indicators(small_gemeente, 2026)
    # before the end plus the objection period nothing happens
    outcomes = {o.category: o for o in retention.run(now=at(2027, 1, 10))}
    assert outcomes["publicorder_organiser_data"].count == 0
    assert Demonstration.objects.get().organiser_name == "Fictieve Organisator"
    outcomes = {o.category: o for o in retention.run(now=at(2027, 1, 21))}  # 9 Dec + 42 days = 20 Jan
    assert outcomes["publicorder_organiser_data"].count == 1
    purged = Demonstration.objects.get()
    assert purged.organiser_name == "" and purged.organiser_contact == "" and purged.leader_name == ""
    assert purged.organiser_purged_at is not None
    assert services.organiser_data(purged, adviser, purpose="x") == {}
    after = indicators(small_gemeente, 2026)
    assert (after.notices, after.notices_on_time, after.decisions) == (before.notices, before.notices_on_time,
                                                                      before.decisions)
    assert after.notices == 1 and after.decisions["voorschrift"] == 1
    assert purged.incidents == 2 and purged.place == "Marktplein" and purged.expected_participants == 120
    assert AuditEvent.objects.filter(action="demonstration_organiser_data_purged").exists()
    settings.RETENTION_DAYS = dict(settings.RETENTION_DAYS, publicorder_organiser_data=7)  # configurable
    assert {o.category: o for o in retention.run(dry_run=True)}["publicorder_organiser_data"].days == 7


def test_class_b_and_c_events_need_a_safety_plan(small_gemeente, adviser):
    event = services.register_event(
        small_gemeente, name="Proeffestival", kind="vergunning", received_on=dt.date(2026, 9, 1),
        starts_at=at(2027, 6, 12, 12), ends_at=at(2027, 6, 12, 23), location="Park", visitors=5000, actor=adviser,
    )
    with pytest.raises(ValidationError):
        services.decide_event(event, "granted", actor=adviser)  # not classified
    services.classify_event(event, "B", advice_police="Geen bezwaar", actor=adviser)
    with pytest.raises(ValidationError, match="safety plan"):
        services.decide_event(event, "granted", actor=adviser)
    services.classify_event(event, "B", safety_plan_received_on=dt.date(2027, 4, 1), actor=adviser)
    services.decide_event(event, "granted", decided_on=dt.date(2027, 4, 20), actor=adviser)
    services.evaluate_event(event, incidents=3, evaluation="Goed", actor=adviser)
    result = indicators(small_gemeente, 2027)
    assert result.events_per_class == {"A": 0, "B": 1, "C": 0} and result.incidents_per_class["B"] == 3


def test_camera_period_within_the_designation_after_the_ovj(small_gemeente, adviser, wijk):
    area = {"type": "Polygon", "coordinates": [[[6, 53], [6.01, 53], [6.01, 53.01], [6, 53]]]}
    designation = services.designate_cameras(
        small_gemeente, title="Flexibel binnenstad", area=area, wijk=wijk, mode="flexible",
        decided_on=dt.date(2026, 11, 1), valid_from=dt.date(2026, 11, 2), valid_until=dt.date(2027, 11, 1),
        actor=adviser,
    )
    assert designation.evaluation_due == dt.date(2027, 11, 2)  # default: 12 months
    with pytest.raises(ValidationError, match="within"):
        services.add_camera_period(designation, starts_at=at(2027, 12, 1, 10), ends_at=at(2027, 12, 1, 18),
                                   ovj_consulted_on=dt.date(2027, 11, 28), actor=adviser)
    with pytest.raises(ValidationError, match="before"):
        services.add_camera_period(designation, starts_at=at(2026, 12, 9, 10), ends_at=at(2026, 12, 9, 18),
                                   ovj_consulted_on=dt.date(2026, 12, 10), actor=adviser)
    services.add_camera_period(designation, starts_at=at(2026, 12, 9, 10), ends_at=at(2026, 12, 9, 18),
                               ovj_consulted_on=dt.date(2026, 12, 7), actor=adviser)
    services.evaluate_cameras(designation, evaluation="Nuttig", evaluated_on=dt.date(2027, 10, 1), actor=adviser)
    result = indicators(small_gemeente, 2027, today=dt.date(2027, 11, 5))
    assert result.camera_evaluations_due == 1 and result.camera_evaluations_on_time == 1


def test_key_figures_only_by_network_code(small_gemeente, adviser, wijk):
    common = dict(received_on=dt.date(2026, 12, 1), wijk=wijk, theme="polarisatie", phase="rising",
                  urgency="medium", summary="Onrust", actor=adviser)
    with pytest.raises(ValidationError):
        services.record_signal(small_gemeente, source_type="sleutelfiguur", **common)
    with pytest.raises(ValidationError):
        services.record_signal(small_gemeente, source_type="sleutelfiguur", source_pseudonym="Jan de Vries",
                               **common)
    with pytest.raises(ValidationError):
        services.record_signal(small_gemeente, source_type="online", source_pseudonym="SF-017", **common)
    signal = services.record_signal(small_gemeente, source_type="sleutelfiguur", source_pseudonym="SF-017", **common)
    assert signal.source_pseudonym == "SF-017"


ROLES = ["analist", "beleidsadviseur", "bestuur", "ketenpartner", "procesregisseur", "beheerder", "fg", "publiek"]


def test_the_name_list_at_step_2a_is_refused_to_every_role(group, make_user, adviser, organisations):
    regisseur = make_user("procesregisseur", organisation="zvh")
    services.change_step(group, "2A", actor=regisseur)
    services.grant_name_list_access(group, organisations["politie"], legal_basis="Convenant art. 4",
                                    actor=regisseur)
    users = [make_user(role, organisation=org) for role in ROLES for org in ("gemeente", "politie")
             if not (role == "procesregisseur" and org == "gemeente")] + [regisseur]
    for user in users:
        with pytest.raises(PermissionDenied, match="2B"):
            services.name_list(group, user, purpose="voorbereiding driehoek")
        with pytest.raises(PermissionDenied):
            services.add_member(group, name="Fictief Persoon", actor=user)
    assert not AuditEvent.objects.filter(action="person_data_viewed").exists()


def test_the_name_list_from_step_2b(group, make_user, organisations):
    regisseur = make_user("procesregisseur", organisation="zvh")
    police = make_user("ketenpartner", organisation="politie")
    wij = make_user("ketenpartner", organisation="wijkteam")
    for step in ("2A", "2B"):
        services.change_step(group, step, actor=regisseur)
    member = services.add_member(group, name="Fictief Persoon Een", birth_year=2009, actor=regisseur)
    assert [m.name for m in services.name_list(group, regisseur, purpose="plan van aanpak")] == ["Fictief Persoon Een"]
    with pytest.raises(PermissionDenied):
        services.name_list(group, police, purpose="x")  # no recorded basis yet
    services.grant_name_list_access(group, organisations["politie"], legal_basis="Convenant art. 4", actor=regisseur)
    assert len(services.name_list(group, police, purpose="groepsscan")) == 1
    for user in (wij, make_user("beleidsadviseur"), make_user("bestuur"), make_user("analist")):
        with pytest.raises(PermissionDenied):
            services.name_list(group, user, purpose="x")
    reads = AuditEvent.objects.filter(action="person_data_viewed", object_type="publicorder.youthgroup")
    assert reads.count() == 2 and reads.first().data["members"] == [member.reference]
    with pytest.raises(ValidationError):
        services.grant_name_list_access(group, organisations["wijkteam"], legal_basis=" ", actor=regisseur)
    for step in ("3", "4", "7", "closed"):
        services.change_step(group, step, actor=regisseur)
    assert not group.members.exists()  # the name list ends with the approach


def test_steps_follow_the_table(group, adviser):
    with pytest.raises(InvalidTransition):
        services.change_step(group, "3", actor=adviser)
    services.change_step(group, "2A", actor=adviser)
    assert list(group.history.values_list("new_step", flat=True)) == ["1", "2A"]
