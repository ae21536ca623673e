import csv
import io
import json
import re

import pytest

from veiligheidsbeeld.core import processing_register


def test_bundled_register_loads_with_retention_from_settings(settings, db):  # db: beheer overrides (issue 21)
    register = processing_register.load_register()
    assert register.activities and all(a.legal_basis and a.purpose for a in register.activities)
    audit_activity = next(a for a in register.activities if a.id == "accounts-and-audit")
    assert audit_activity.retention == [
        "audit_events: {} days".format(settings.RETENTION_DAYS["audit_events"])
    ]


def test_exports(db):  # the retention periods include those set in beheer (issue 21)
    register = processing_register.load_register()
    rows = list(csv.DictReader(io.StringIO(processing_register.to_csv(register))))
    assert [r["id"] for r in rows] == [a.id for a in register.activities]
    assert (
        json.loads(processing_register.to_json(register))["activities"][0]["id"] == register.activities[0].id
    )


@pytest.mark.parametrize(
    "text,message",
    [
        ("controller: {}\nactivities:\n  - id: a\n    name: A\n", "activity 1 (a): missing purpose"),
        ("activities: []\n", "needs a 'controller'"),
    ],
)
def test_bad_register_files_are_explained(tmp_path, text, message):
    path = tmp_path / "register.yaml"
    path.write_text(text)
    with pytest.raises(ValueError, match=re.escape(message)):
        processing_register.load_register(path, retention_days={})


def test_unknown_retention_category(tmp_path):
    path = tmp_path / "register.yaml"
    fields = "purpose: p\n    legal_basis: l\n    data_categories: [d]\n    data_subjects: [s]\n    recipients: [r]"
    path.write_text(
        "controller: {{name: x}}\nactivities:\n  - id: a\n    name: A\n    {}\n    retention: [forever]\n".format(
            fields
        )
    )
    with pytest.raises(ValueError, match="unknown retention categories forever"):
        processing_register.load_register(path, retention_days={"audit_events": 1})
