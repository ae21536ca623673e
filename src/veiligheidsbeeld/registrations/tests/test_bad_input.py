"""The bad-input corpus, table-driven: a specific message per file, nothing lost, nothing executed, and the
database unchanged when a file is refused."""

import pytest
from django.core.management import CommandError
from django.db import connection

from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.registrations.models import CubeCell, ImportBatch, Registration, RejectedRow

from .bad_input.corpus import CASES
from .helpers import run_json

pytestmark = pytest.mark.django_db


def _state():
    return tuple(m.objects.count() for m in (ImportBatch, Registration, RejectedRow, CubeCell, AuditEvent))


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30 and len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_file(case, tmp_path, small_gemeente):
    if case.before:
        (tmp_path / "before.csv").write_bytes(case.before)
        run_json("import", case.importer, tmp_path / "before.csv")
    path = tmp_path / case.name
    path.write_bytes(case.content)
    before = _state()
    if case.fatal:
        with pytest.raises(CommandError) as error:
            run_json("import", case.importer, path, *case.args)
        assert str(error.value).startswith(case.name)
        assert case.fatal in str(error.value)
        assert _state() == before
        return
    summary = run_json("import", case.importer, path, *case.args)
    assert summary["rows"] == case.rows
    assert (summary["accepted"] + summary["rejected"] + summary["duplicates"] + summary["out_of_scope"]
            == summary["rows"])
    assert (summary["accepted"], summary["duplicates"]) == (case.accepted, case.duplicates)
    assert summary["out_of_scope"] == case.out_of_scope
    assert summary["rejected_reasons"] == case.reasons
    rejected = RejectedRow.objects.filter(batch_id=summary["batch"])
    assert rejected.count() == summary["rejected"]
    for row in rejected:
        assert row.reasons and all(r["message"].startswith("line {}".format(row.row_number)) for r in row.reasons)
        assert "Pleegstraatnaam" not in row.raw and "Pleeghuisnummer met toev." not in row.raw
    assert "registrations_registration" in connection.introspection.table_names()


def test_formula_and_markup_are_kept_as_inert_text(tmp_path, small_gemeente):
    case = next(c for c in CASES if c.name == "formula.xlsx")
    path = tmp_path / case.name
    path.write_bytes(case.content)
    run_json("import", "bvh", path)
    assert set(Registration.objects.values_list("source_ref", flat=True)) == {"I1", "I2"}
    case = next(c for c in CASES if c.name == "html_in_text.bvh.csv")
    (tmp_path / case.name).write_bytes(case.content)
    run_json("import", "bvh", tmp_path / case.name)
    assert RejectedRow.objects.get().raw["Pleegbuurt"] == "<script>alert(1)</script>"


def test_the_field_limit_holds_whatever_another_library_set(tmp_path, small_gemeente):
    """followthemoney (a test dependency) raises the csv module's process-wide field limit at import; the
    importer's own limit must not depend on that."""
    import csv
    import sys

    case = next(c for c in CASES if c.name == "field_10mb.bvh.csv")
    path = tmp_path / case.name
    path.write_bytes(case.content)
    previous = csv.field_size_limit(sys.maxsize)
    try:
        with pytest.raises(CommandError, match="longer than 131,072 characters"):
            run_json("import", case.importer, path)
        assert csv.field_size_limit() == sys.maxsize  # restored afterwards
    finally:
        csv.field_size_limit(previous)
