import pytest
from django.db import transaction

from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _three_events():
    with transaction.atomic():
        for n in range(3):
            audit.record("thing_done", object_type="test", object_id=n, n=n)


def test_chain_of_untouched_events_verifies():
    _three_events()
    assert AuditEvent.objects.count() == 3
    assert audit.verify() is None


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda e: AuditEvent.objects.filter(pk=e[1].pk).update(action="thing_undone"), id="edit"),
        pytest.param(lambda e: AuditEvent.objects.filter(pk=e[1].pk).update(data={"n": 99}), id="edit-data"),
        pytest.param(lambda e: AuditEvent.objects.filter(pk=e[1].pk).delete(), id="delete"),
    ],
)
def test_tampering_is_detected_at_the_first_broken_event(tamper):
    _three_events()
    events = list(AuditEvent.objects.order_by("id"))
    tamper(events)
    broken = audit.verify()
    assert broken is not None
    assert broken.pk in {events[1].pk, events[2].pk}


def test_record_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit.record("thing_done")
