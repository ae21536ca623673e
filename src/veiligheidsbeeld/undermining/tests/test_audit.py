"""Every write of the undermining module leaves exactly its audit events (action, actor, gemeente, object), as the
core table ``core/tests/test_audit_every_write.py`` demands for each action (it names this file in ELSEWHERE)."""

from __future__ import annotations

import datetime as dt

import pytest

from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.undermining import services
from veiligheidsbeeld.undermining.kwb import import_kwb

pytestmark = pytest.mark.django_db
D = dt.date


def _events(since: int) -> list[tuple]:
    return [(e.action, e.actor_label, e.gemeente_code, e.object_type, e.object_id)
            for e in AuditEvent.objects.filter(id__gt=since).order_by("id")]


def _last() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_every_undermining_write_is_audited(small_gemeente, users, organisation, tmp_path):
    actor, gm = users["beleidsadviseur"], "GM0999"
    name = actor.get_username()

    def one(run, action, object_type):
        start = _last()
        obj = run()
        assert _events(start) == [(action, name, gm, object_type, str(obj.pk))], action
        return obj

    signal = one(lambda: services.receive_signal(small_gemeente, actor=actor, source="x", received_on=D(2026, 1, 1),
                                                 theme="drugs"), "signal_received", "undermining.signal")
    one(lambda: services.change_signal_status(signal, "gewogen", weighing="laag", actor=actor),
        "signal_status_changed", "undermining.signal")
    dossier = one(lambda: services.create_dossier(small_gemeente, actor=actor, reference="A-1", title="t"),
                  "dossier_created", "undermining.dossier")
    one(lambda: services.add_intervention(dossier, actor=actor, kind="fiscaal", description="d", owner=organisation),
        "intervention_added", "undermining.intervention")
    one(lambda: services.report_to_stuurgroep(dossier, D(2026, 2, 1), actor=actor), "dossier_reported",
        "undermining.dossier")
    a = one(lambda: services.add_entity(dossier, schema="Person", caption="A", actor=actor), "entity_added",
            "undermining.entity")
    b = services.add_entity(dossier, schema="Person", caption="B", actor=actor)
    one(lambda: services.add_link(dossier, schema="Family", source=a, target=b, provenance="p", legal_basis="l",
                                  weight="bevestigd", actor=actor), "link_added", "undermining.link")
    text = services.export_network(dossier, actor=actor, purpose="audit test")
    one(lambda: services.import_network(dossier, text, actor=actor) and dossier, "network_imported",
        "undermining.dossier")
    bibob = one(lambda: services.create_bibob_dossier(small_gemeente, actor=actor, reference="B-1", subject="s",
                                                      decision_kind="subsidie", application_on=D(2026, 1, 5),
                                                      betrokkene_name="n", kvk_number="99000001"),
                "bibob_dossier_created", "undermining.bibobdossier")
    bibob = one(lambda: services.record_own_investigation(bibob, D(2026, 1, 5), findings="f", actor=actor),
                "bibob_own_investigation_done", "undermining.bibobdossier")
    bibob = one(lambda: services.request_advice(bibob, D(2026, 1, 6), actor=actor), "bibob_advice_requested",
                "undermining.bibobdossier")
    bibob = one(lambda: services.extend_advice(bibob, 2, actor=actor), "bibob_advice_extended",
                "undermining.bibobdossier")
    bibob = one(lambda: services.notify_art32(bibob, D(2026, 1, 7), actor=actor), "bibob_art32_notified",
                "undermining.bibobdossier")
    bibob = one(lambda: services.receive_advice(bibob, D(2026, 2, 7), "mindere_mate", actor=actor),
                "bibob_advice_received", "undermining.bibobdossier")
    bibob = one(lambda: services.request_zienswijze(bibob, D(2026, 2, 8), actor=actor),
                "bibob_zienswijze_requested", "undermining.bibobdossier")
    bibob = one(lambda: services.receive_zienswijze(bibob, D(2026, 2, 9), actor=actor),
                "bibob_zienswijze_received", "undermining.bibobdossier")
    bibob = one(lambda: services.decide_bibob(bibob, "voorschriften", D(2026, 2, 10), actor=actor), "bibob_decided",
                "undermining.bibobdossier")
    second = services.create_bibob_dossier(small_gemeente, actor=actor, reference="B-2", subject="s",
                                           decision_kind="subsidie", application_on=D(2026, 6, 1),
                                           betrokkene_name="n", kvk_number="99000001")
    one(lambda: services.reuse_advice(second, bibob, actor=actor), "bibob_advice_reused", "undermining.bibobdossier")
    start = _last()
    services.disclose_bibob(bibob, recipient_kind="rechter", recipient="r", purpose="p", actor=actor)
    assert _events(start) == [("bibob_disclosed", name, gm, "undermining.bibobdossier", str(bibob.pk))]
    model = one(lambda: services.model_from_template(small_gemeente, "hennep", actor=actor), "barrier_model_created",
                "undermining.barriermodel")
    one(lambda: services.add_barrier(model.steps.first(), measure="m", actor=actor), "barrier_added",
        "undermining.barrier")
    path = tmp_path / "kwb.json"
    path.write_text('{"WK099900": {"GemiddeldeWOZWaardeVanWoningen_39": 250}}', encoding="utf-8")
    start = _last()
    import_kwb(path, year=2024, actor=actor)
    assert _events(start) == [("area_indicators_imported", name, "", "undermining.areaindicator", "")]
