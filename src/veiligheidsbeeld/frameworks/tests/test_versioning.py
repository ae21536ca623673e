import datetime as dt

import pytest

from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.frameworks.diff import diff_frameworks
from veiligheidsbeeld.frameworks.services import load_framework
from veiligheidsbeeld.frameworks.versioning import (
    FrameworkEditError,
    current_framework,
    framework_as_yaml,
    record_change,
    versions,
)

pytestmark = pytest.mark.django_db

DECISION = dict(date=dt.date(2022, 11, 10), body="gemeenteraad", reason="Cyber naar voren",
                document_reference="Raadsvoorstel 2022-123")


def test_change_makes_a_new_version_with_decision_and_readable_diff(small_gemeente):
    v1, _notes = load_framework(gemeente=small_gemeente)
    text = framework_as_yaml(v1)
    text = text.replace("Digitale veiligheid vergroten", "Digitale veiligheid sterk vergroten")
    text = text.replace("themes:\n  - cybercrime\n", "themes:\n  - cybercrime\n  - fraude\n")
    v2 = record_change(v1, text, **DECISION)
    assert v2.version == 2 and current_framework(small_gemeente) == v2
    assert [v.version for v in versions(v2)] == [2, 1]
    assert v2.decision.document_reference == "Raadsvoorstel 2022-123"
    assert v2.priorities.get(code="digitale-veiligheid").title == "Digitale veiligheid sterk vergroten"
    assert v1.content["priorities"][1]["title"] == "Digitale veiligheid vergroten"  # v1 is kept as it was
    differences = {str(d) for d in diff_frameworks(v1, v2)}
    assert "priorities.digitale-veiligheid.title: 'Digitale veiligheid vergroten' -> " \
           "'Digitale veiligheid sterk vergroten'" in differences
    assert "priorities.digitale-veiligheid.themes: added 'fraude'" in differences
    assert any(d.startswith("changes.Raadsvoorstel 2022-123: added") for d in differences)
    assert len(differences) == 3
    assert AuditEvent.objects.filter(action="framework_changed").count() == 1
    assert diff_frameworks(v2, v2) == []


def test_invalid_or_unchanged_edits_are_refused(small_gemeente):
    v1, _notes = load_framework(gemeente=small_gemeente)
    with pytest.raises(FrameworkEditError, match="same as version 1"):
        record_change(v1, framework_as_yaml(v1), **DECISION)
    bad = framework_as_yaml(v1).replace("  - cybercrime\n", "  - onbekend-thema\n")
    with pytest.raises(FrameworkEditError, match=r"line \d+, priorities\[1\]\.themes\[0\]: unknown theme code"):
        record_change(v1, bad, **DECISION)
    v2 = record_change(v1, framework_as_yaml(v1).replace("Ondermijning steviger", "Ondermijning stevig"), **DECISION)
    with pytest.raises(FrameworkEditError, match="not the newest"):
        record_change(v1, framework_as_yaml(v2), **DECISION)
