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


def test_overlapping_files_store_each_registration_once(tmp_path, small_gemeente, monkeypatch):
    """A second file that repeats half of the first: the columnar path stores only the new half and counts the
    rest as duplicates, on SQLite (``INSERT OR IGNORE``, then again without them) and on PostgreSQL (``COPY`` in a
    savepoint; on the unique violation the staging table and ``ON CONFLICT DO NOTHING``)."""
    frames = []
    real_store_frame = bulk.store_frame
    monkeypatch.setattr(bulk, "store_frame", lambda batch, item: frames.append(item.frame.height)
                        or real_store_frame(batch, item))
    located = GOOD_BVH[:-2] + ",196305,557459"  # X/Y in RD New inside Buurt 00: the columnar path locates it
    first = tmp_path / "first.csv"
    first.write_text(BVH + "".join(located.format(n=n) + "\n" for n in range(0, 4000)), encoding="utf-8")
    second = tmp_path / "second.csv"
    second.write_text(BVH + "".join(located.format(n=n) + "\n" for n in range(2000, 6000)), encoding="utf-8")
    one = run_json("import", "bvh", first, "--gemeente", "GM0999")
    two = run_json("import", "bvh", second, "--gemeente", "GM0999")
    assert frames and sum(frames) == 8000  # all rows went through the columnar path
    assert (one["accepted"], one["duplicates"]) == (4000, 0)
    assert (two["accepted"], two["duplicates"], two["rows"]) == (2000, 2000, 4000)
    assert Registration.objects.count() == 6000
    assert sorted(Registration.objects.values_list("batch_id", flat=True).distinct()) == [one["batch"], two["batch"]]
    assert Registration.objects.filter(batch_id=two["batch"], source_ref="I1999").count() == 0
    assert Registration.objects.get(source_ref="I2000").batch_id == one["batch"]
    assert sum(CubeCell.objects.values_list("count", flat=True)) == 6000
