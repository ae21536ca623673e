"""Every public-order write leaves exactly its audit events (the table of core/tests/test_audit_every_write.py,
which names these actions in ``ELSEWHERE``): action, actor, gemeente, object and changes, each once."""

from __future__ import annotations

import datetime as dt

import pytest

from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.core.tests.test_audit_every_write import Expect, _check
from veiligheidsbeeld.publicorder import services

from .actions import ACTIONS
from .conftest import at

pytestmark = pytest.mark.django_db

AREA = {"type": "Polygon", "coordinates": [[[6, 53], [6.01, 53], [6.01, 53.01], [6, 53]]]}


class Ctx:
    def __init__(self, gemeente, adviser, regisseur, wijk, organisations):
        self.gemeente, self.adviser, self.regisseur, self.wijk = gemeente, adviser, regisseur, wijk
        self.organisations = organisations

    def notice(self):
        return services.register_notice(self.gemeente, kind="betoging", received_at=at(2026, 12, 1, 10),
                                        starts_at=at(2026, 12, 9, 14), ends_at=at(2026, 12, 9, 16), place="Plein",
                                        organiser_name="Fictief", actor=self.adviser)

    def event(self):
        return services.register_event(self.gemeente, name="Feest", kind="vergunning",
                                       received_on=dt.date(2026, 9, 1), starts_at=at(2027, 6, 1, 12),
                                       ends_at=at(2027, 6, 1, 20), location="Park", visitors=500, actor=self.adviser)

    def cameras(self):
        return services.designate_cameras(self.gemeente, title="Camera's", area=AREA, mode="flexible",
                                          decided_on=dt.date(2026, 11, 1), valid_from=dt.date(2026, 11, 2),
                                          valid_until=dt.date(2027, 11, 1), actor=self.adviser)

    def group(self, step="1"):
        group = services.register_youth_group(self.gemeente, name="Groep", home_wijk=self.wijk,
                                              first_signal_on=dt.date(2026, 10, 1), actor=self.adviser)
        for s in ("2A", "2B")[: ("1", "2A", "2B").index(step)]:
            services.change_step(group, s, actor=self.regisseur)
        return group


def _notice_made(ctx):
    AuditEvent.objects.all().delete()
    d = ctx.notice()
    return [Expect("demonstration_registered", ctx.adviser, "GM0999", "publicorder.demonstration", d.pk,
                   data={"on_time": True, "kind": "betoging"})]


def _decided_and_known(ctx):
    d = ctx.notice()
    AuditEvent.objects.all().delete()
    decision = services.decide_on_demonstration(d, kind="verbod", ground="late_notice", content="x",
                                                actor=ctx.adviser)
    services.make_decision_known(decision, made_known_at=at(2026, 12, 2, 9), actor=ctx.adviser)
    return [Expect("demonstration_decided", ctx.adviser, "GM0999", "publicorder.demonstrationdecision", decision.pk,
                   data={"kind": "verbod", "ground": "late_notice", "demonstration": d.pk}),
            Expect("demonstration_decision_made_known", ctx.adviser, "GM0999", "publicorder.demonstrationdecision",
                   decision.pk, changes={"made_known_at": [None, "2026-12-02T09:00:00+01:00"]})]


def _held_evaluated_purged(ctx):
    d = ctx.notice()
    AuditEvent.objects.all().delete()
    services.set_notice_status(d, "held", actor=ctx.adviser)
    services.evaluate_demonstration(d, incidents=1, evaluation="ok", actor=ctx.adviser)
    services.purge_organiser_data(at(2027, 3, 1), False)
    return [Expect("demonstration_status_changed", ctx.adviser, "GM0999", "publicorder.demonstration", d.pk,
                   changes={"status": ["received", "held"]}),
            Expect("demonstration_evaluated", ctx.adviser, "GM0999", "publicorder.demonstration", d.pk,
                   data={"incidents": 1}),
            Expect("demonstration_organiser_data_purged", None, "", "publicorder.demonstration", "",
                   data={"removed": 1})]


def _event_lifecycle(ctx):
    AuditEvent.objects.all().delete()
    e = ctx.event()
    services.classify_event(e, "A", actor=ctx.adviser)
    services.decide_event(e, "granted", decided_on=dt.date(2026, 10, 1), actor=ctx.adviser)
    services.evaluate_event(e, incidents=0, evaluation="ok", actor=ctx.adviser)
    obj = ("GM0999", "publicorder.event", e.pk)
    return [Expect("event_registered", ctx.adviser, *obj, data={"visitors": 500}),
            Expect("event_classified", ctx.adviser, *obj, changes={"risk_class": ["", "A"]}),
            Expect("event_decided", ctx.adviser, *obj, data={"decision": "granted"}),
            Expect("event_evaluated", ctx.adviser, *obj, data={"incidents": 0})]


def _cameras(ctx):
    AuditEvent.objects.all().delete()
    c = ctx.cameras()
    period = services.add_camera_period(c, starts_at=at(2026, 12, 9, 10), ends_at=at(2026, 12, 9, 18),
                                        ovj_consulted_on=dt.date(2026, 12, 7), actor=ctx.adviser)
    services.evaluate_cameras(c, evaluation="ok", evaluated_on=dt.date(2027, 10, 1), actor=ctx.adviser)
    return [Expect("camera_designation_registered", ctx.adviser, "GM0999", "publicorder.cameradesignation", c.pk,
                   data={"mode": "flexible"}),
            Expect("camera_period_added", ctx.adviser, "GM0999", "publicorder.camerauseperiod", period.pk,
                   data={"designation": c.pk}),
            Expect("camera_designation_evaluated", ctx.adviser, "GM0999", "publicorder.cameradesignation", c.pk,
                   data={"on_time": True})]


def _signal(ctx):
    AuditEvent.objects.all().delete()
    s = services.record_signal(ctx.gemeente, received_on=dt.date(2026, 12, 1), source_type="online", wijk=ctx.wijk,
                               theme="polarisatie", phase="latent", urgency="low", summary="x", actor=ctx.adviser)
    return [Expect("tension_signal_recorded", ctx.adviser, "GM0999", "publicorder.tensionsignal", s.pk,
                   data={"theme": "polarisatie", "phase": "latent"})]


def _youth(ctx):
    AuditEvent.objects.all().delete()
    g = ctx.group()
    services.change_step(g, "2A", actor=ctx.regisseur)
    services.update_youth_duiding(g, severity="ernstig", actor=ctx.regisseur)
    services.set_youth_priority(g, "high", set_on=dt.date(2026, 12, 1), actor=ctx.adviser)
    obj = ("GM0999", "publicorder.youthgroup", g.pk)
    return [Expect("youth_group_registered", ctx.adviser, *obj),
            Expect("youth_group_step_changed", ctx.regisseur, *obj, changes={"step": ["1", "2A"]}),
            Expect("youth_group_updated", ctx.regisseur, *obj, changes={"severity": ["", "ernstig"]}),
            Expect("youth_group_prioritised", ctx.adviser, *obj, changes={"priority": ["", "high"]})]


def _name_list(ctx):
    g = ctx.group("2B")
    AuditEvent.objects.all().delete()
    access = services.grant_name_list_access(g, ctx.organisations["politie"], legal_basis="Convenant",
                                             actor=ctx.regisseur)
    member = services.add_member(g, name="Fictief Persoon", actor=ctx.regisseur)
    services.name_list(g, ctx.regisseur, purpose="audit")
    services.purge_stale_name_lists(at(2030, 1, 1), False)
    return [Expect("youth_group_name_list_access_granted", ctx.regisseur, "GM0999", "publicorder.namelistaccess",
                   access.pk, data={"group": g.pk}),
            Expect("youth_group_member_added", ctx.regisseur, "GM0999", "publicorder.youthgroupmember", member.pk,
                   data={"reference": member.reference}),
            Expect("person_data_viewed", ctx.regisseur, "GM0999", "publicorder.youthgroup",
                   "publicorder.youthgroup:{}".format(g.pk), data={"members": [member.reference]}),
            Expect("youth_group_name_lists_purged", None, "", "publicorder.youthgroupmember", "",
                   data={"removed": 1})]


def _operation(ctx):
    from veiligheidsbeeld.frameworks.models import Theme

    AuditEvent.objects.all().delete()
    o = services.create_operation(ctx.gemeente, name="Oud & Nieuw", kind="oud_en_nieuw",
                                  starts_on=dt.date(2026, 12, 31), ends_on=dt.date(2027, 1, 1),
                                  themes=Theme.objects.filter(code="vuurwerk"), actor=ctx.adviser)
    area = services.add_operation_area(o, name="Zone", kind="firework_free", wijk=ctx.wijk, actor=ctx.adviser)
    services.evaluate_operation(o, evaluation="ok", actor=ctx.adviser)
    return [Expect("operation_created", ctx.adviser, "GM0999", "publicorder.operation", o.pk,
                   data={"kind": "oud_en_nieuw"}),
            Expect("operation_area_added", ctx.adviser, "GM0999", "publicorder.operationarea", area.pk,
                   data={"operation": o.pk, "kind": "firework_free"}),
            Expect("operation_evaluated", ctx.adviser, "GM0999", "publicorder.operation", o.pk)]


def _organiser_read(ctx):
    d = ctx.notice()
    AuditEvent.objects.all().delete()
    services.organiser_data(d, ctx.adviser, purpose="audit")
    return [Expect("person_data_viewed", ctx.adviser, "GM0999", "publicorder.demonstration",
                   "publicorder.demonstration:{}".format(d.pk))]


CASES = {name.lstrip("_"): fn for name, fn in sorted(globals().items())
         if name.startswith("_") and callable(fn) and fn.__module__ == __name__ and name != "__getattr__"}



@pytest.fixture
def ctx(small_gemeente, adviser, make_user, wijk, organisations):
    return Ctx(small_gemeente, adviser, make_user("procesregisseur", organisation="zvh"), wijk, organisations)


@pytest.mark.parametrize("name", sorted(CASES))
def test_write_leaves_exactly_its_audit_events(name, ctx):
    expected = CASES[name](ctx)
    events = list(AuditEvent.objects.order_by("pk"))
    assert [e.action for e in events] == [x.action for x in expected], [(e.action, e.object_id) for e in events]
    problems = [p for event, expect in zip(events, expected) for p in _check(event, expect)]
    assert not problems, "\n".join(problems)


def test_every_action_has_a_case():
    import inspect
    import re

    source = inspect.getsource(inspect.getmodule(test_every_action_has_a_case))
    asserted = set(re.findall(r"Expect\(\"([a-z_]+)\"", source))
    assert ACTIONS <= asserted, sorted(ACTIONS - asserted)
