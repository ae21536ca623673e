"""Every casusregie write leaves its audit event (the table of core/tests/test_audit_every_write.py names these
actions in ``ELSEWHERE``): the demo builder goes through the services, so each action must appear with its actor,
its gemeente and a ``cases.*`` or person object, and never with a BSN in its data."""

from __future__ import annotations

import pytest

from veiligheidsbeeld.core.models import AuditEvent

pytestmark = pytest.mark.django_db

#: The audit actions of the cases services (``cases/services.py``, ``cases/module.py``).
ACTIONS = (
    "case_enriched", "case_escalated", "case_measured", "case_meeting_recorded", "case_person_added",
    "case_registered", "case_status_changed", "cases_anonymised", "disclosure_recorded", "intervention_changed",
    "known_check_answered", "known_check_asked", "participation_ended", "participation_granted",
    "topx_criteria_published", "topx_inflow", "topx_reviewed", "wvggz_report_received", "wvggz_report_updated",
)
#: Written by the services but not by the demo builder; each has its own test in this folder.
NOT_IN_DEMO = {"cases_anonymised": "test_module.py::test_retention_leaves_only_the_anonymised_residue"}


def test_every_cases_action_is_audited_by_its_service(small_gemeente, orgs, make_account):
    from veiligheidsbeeld.cases.demo import build_demo_cases

    users = {"procesregisseur": make_account("procesregisseur", "zvh"), "wijkteam": make_account("ketenpartner", "wij"),
             "politie": make_account("ketenpartner", "politie")}
    organisations = {"zvh": orgs["zvh"], "politie": orgs["politie"], "wijkteam": orgs["wij"]}
    AuditEvent.objects.all().delete()
    build_demo_cases(small_gemeente, users, organisations)
    # the two writes the demo does not make: a change of escalation level and of an intervention's status
    from veiligheidsbeeld.cases import services
    from veiligheidsbeeld.cases.models import Case, Intervention

    coordinator = users["procesregisseur"]
    services.set_escalation(Case.objects.filter(gemeente=small_gemeente).first(), "tactisch", actor=coordinator,
                           note="plan blijft uit")
    services.set_intervention_status(Intervention.objects.first(), "gereed", actor=coordinator)
    events = AuditEvent.objects.filter(action__in=ACTIONS)
    seen = set(events.values_list("action", flat=True))
    assert seen == set(ACTIONS) - set(NOT_IN_DEMO), sorted(set(ACTIONS) - set(NOT_IN_DEMO) - seen)
    for event in events:
        assert event.actor_id is not None, event.action
        assert event.gemeente_code == small_gemeente.code, event.action
        assert "999990019" not in str(event.data), event.action
