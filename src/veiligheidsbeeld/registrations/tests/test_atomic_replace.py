"""``import --replace`` is atomic: a new file that fails late (after the old batch was superseded and chunks of
the new one were stored, in the same transaction) leaves the old batch active and every table as it was."""

import pytest
from django.core.management import CommandError

from conftest import fingerprint_changes, table_fingerprint
from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.registrations import bulk
from veiligheidsbeeld.registrations.models import CubeCell, ImportBatch, Registration

from .bad_input.corpus import BVH, GOOD_BVH
from .helpers import run, run_json, write

pytestmark = pytest.mark.django_db

ROWS = 40_000


def test_replace_whose_new_file_fails_late_keeps_the_old_batch(tmp_path, small_gemeente, monkeypatch):
    old = run_json("import", "bvh", write(tmp_path / "old.csv", BVH + GOOD_BVH.format(n="old") + "\n"),
                   "--gemeente", "GM0999")
    assert old["accepted"] == 1
    before = table_fingerprint()

    lines = [GOOD_BVH.format(n=n) for n in range(ROWS)]
    lines[-1] = lines[-1].replace("Straat", "Stra\udcffat")  # one byte that is not UTF-8, on the last line
    new = tmp_path / "new.csv"
    new.write_bytes((BVH + "\n".join(lines) + "\n").encode("utf-8", "surrogateescape"))
    stored, superseded = [], []
    real_chunk_stored = bulk._chunk_stored
    monkeypatch.setattr(bulk, "_chunk_stored", lambda: (stored.append(Registration.objects.count()),
                                                        real_chunk_stored()))
    from veiligheidsbeeld.registrations import services

    real_supersede = services.supersede_batch
    monkeypatch.setattr(services, "supersede_batch", lambda *a, **k: superseded.append(real_supersede(*a, **k)))

    with pytest.raises(CommandError, match=r"new\.csv, line {}: not utf-8 text \(byte 0xff\)".format(ROWS + 1)):
        run("import", "bvh", new, "--gemeente", "GM0999", "--replace", str(old["batch"]))

    # the failure was late: the old batch had been superseded and new rows stored within the transaction
    assert superseded == [1] and stored and max(stored) > 1
    assert fingerprint_changes(before, table_fingerprint()) == []
    batch = ImportBatch.objects.get()
    assert (batch.pk, batch.status) == (old["batch"], "active")
    assert list(Registration.objects.values_list("source_ref", flat=True)) == ["Iold"]
    assert sum(CubeCell.objects.values_list("count", flat=True)) == 1
    assert not AuditEvent.objects.filter(action="import_superseded").exists()
