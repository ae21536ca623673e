"""Service rules: the Bibob procedure order (art. 15, 29, 32, 33), reuse within and after two years, the signal
workflow, and an audit event with every write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.undermining import services
from veiligheidsbeeld.undermining.workflow import ALLOWED_TRANSITIONS, InvalidTransition

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def bibob(small_gemeente, users):
    def make(reference="BIB-1", application_on=D(2026, 1, 5), **fields):
        return services.create_bibob_dossier(
            small_gemeente, actor=users["beleidsadviseur"], reference=reference, subject="Vergunning",
            decision_kind="exploitatie", application_on=application_on, betrokkene_name="Nep B.V.",
            **{"kvk_number": "99000001", **fields})
    return make


def test_bsn_is_encrypted_and_pseudonymised(bibob):
    from django.db import connection

    dossier = bibob(bsn="999990019")
    assert dossier.betrokkene_pseudonym.startswith("p_")
    with connection.cursor() as cursor:
        cursor.execute("select betrokkene_bsn, betrokkene_name from undermining_bibobdossier")
        raw = cursor.fetchone()
    assert "999990019" not in raw[0] and "Nep" not in raw[1]


def test_the_procedure_in_order(bibob, users):
    actor = users["beleidsadviseur"]
    dossier = bibob()
    with pytest.raises(ValidationError, match="no advice was requested"):
        services.receive_advice(dossier, D(2026, 2, 1), "geen", actor=actor)
    with pytest.raises(ValidationError, match="cannot be before"):
        services.request_advice(dossier, D(2026, 1, 1), actor=actor)
    dossier = services.request_advice(dossier, D(2026, 1, 12), actor=actor)
    with pytest.raises(ValidationError, match="still awaited"):
        services.decide_bibob(dossier, "verleend", D(2026, 2, 1), actor=actor)
    with pytest.raises(ValidationError, match="1 to 4 weeks"):
        services.extend_advice(dossier, 5, actor=actor)
    dossier = services.extend_advice(dossier, 4, actor=actor)
    with pytest.raises(ValidationError, match="extended already"):
        services.extend_advice(dossier, 2, actor=actor)
    dossier = services.notify_art32(dossier, D(2026, 1, 13), actor=actor)
    dossier = services.receive_advice(dossier, D(2026, 3, 30), "ernstig_a", actor=actor)
    assert dossier.clock().advice_state(dt.datetime(2026, 6, 1, tzinfo=dt.UTC)) == "met"
    with pytest.raises(ValidationError, match="art. 33"):
        services.decide_bibob(dossier, "geweigerd", D(2026, 4, 10), actor=actor)
    dossier = services.request_zienswijze(dossier, D(2026, 4, 1), actor=actor)
    dossier = services.receive_zienswijze(dossier, D(2026, 4, 8), actor=actor)
    dossier = services.decide_bibob(dossier, "geweigerd", D(2026, 4, 10), actor=actor)
    assert dossier.reusable_until == D(2028, 3, 30)
    actions = list(AuditEvent.objects.filter(object_type="undermining.bibobdossier", object_id=str(dossier.pk))
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["bibob_dossier_created", "bibob_advice_requested", "bibob_advice_extended",
                       "bibob_art32_notified", "bibob_advice_received", "bibob_zienswijze_requested",
                       "bibob_zienswijze_received", "bibob_decided"]


def test_granting_needs_no_zienswijze(bibob, users):
    dossier = services.decide_bibob(bibob(), "verleend", D(2026, 2, 1), actor=users["beleidsadviseur"])
    assert dossier.decision == "verleend"


@pytest.mark.parametrize("application_on, allowed", [
    (D(2026, 3, 1), True),     # within two years of the advice of 2 March 2026... (advice below: 2025-03-02)
    (D(2027, 3, 2), True),     # the last day of the window
    (D(2027, 3, 3), False),    # one day after
])
def test_reuse_within_and_after_two_years(bibob, users, application_on, allowed):
    actor = users["beleidsadviseur"]
    first = bibob("BIB-A", application_on=D(2025, 1, 6))
    first = services.request_advice(first, D(2025, 1, 6), actor=actor)
    first = services.receive_advice(first, D(2025, 3, 2), "mindere_mate", actor=actor)
    second = bibob("BIB-B", application_on=application_on)
    if allowed:
        second = services.reuse_advice(second, first, actor=actor)
        assert second.advice_date == D(2025, 3, 2)
        with pytest.raises(ValidationError, match="reuses"):
            services.request_advice(second, application_on, actor=actor)
    else:
        with pytest.raises(ValidationError, match="until 2027-03-02"):
            services.reuse_advice(second, first, actor=actor)


def test_reuse_only_for_the_same_betrokkene(bibob, users):
    actor = users["beleidsadviseur"]
    first = services.receive_advice(services.request_advice(bibob("BIB-A"), D(2026, 1, 5), actor=actor),
                                    D(2026, 2, 1), "geen", actor=actor)
    other = bibob("BIB-B", kvk_number="99000002")
    with pytest.raises(ValidationError, match="same betrokkene"):
        services.reuse_advice(other, first, actor=actor)


def test_signal_workflow_table():
    assert ALLOWED_TRANSITIONS["afgesloten"] == frozenset()
    assert "afgesloten" not in ALLOWED_TRANSITIONS["ontvangen"]  # weigh before closing


def test_signal_needs_a_weighing_and_follows_the_table(small_gemeente, users):
    signal = services.receive_signal(small_gemeente, actor=users["analist"], source="x", received_on=D(2026, 1, 1),
                                     theme="drugs")
    with pytest.raises(InvalidTransition, match="allowed: gewogen"):
        services.change_signal_status(signal, "afgesloten", actor=users["analist"])
    with pytest.raises(InvalidTransition, match="weighing"):
        services.change_signal_status(signal, "gewogen", actor=users["analist"])
    signal = services.change_signal_status(signal, "gewogen", weighing="laag", actor=users["analist"])
    signal = services.change_signal_status(signal, "afgesloten", actor=users["analist"])
    with pytest.raises(InvalidTransition, match="final"):
        services.change_signal_status(signal, "gewogen", weighing="laag", actor=users["analist"])


def test_exploitation_only_for_trafficking(small_gemeente, users):
    with pytest.raises(ValidationError):
        services.receive_signal(small_gemeente, actor=users["analist"], source="x", received_on=D(2026, 1, 1),
                                theme="drugs", exploitation="arbeid")
    with pytest.raises(ValidationError):
        services.receive_signal(small_gemeente, actor=users["analist"], source="x", received_on=D(2026, 1, 1),
                                theme="drugs", sbi_code="56a")
