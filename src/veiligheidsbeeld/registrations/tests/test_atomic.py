"""An import is one transaction: killed with SIGKILL half-way, it leaves no partial batch; the rerun completes."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from .bad_input.corpus import BVH

ROWS = 60_000
SETUP = """
from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.models import Gemeente
g = Gemeente.objects.create(code="GM0999", name="Proefdorp")
top = Area.objects.create(gemeente=g, code="GM0999", name="Proefdorp", level="gemeente", year=2024)
wijk = Area.objects.create(gemeente=g, code="WK099900", name="Wijk 0", level="wijk", year=2024, parent=top)
Area.objects.create(gemeente=g, code="BU09990000", name="Buurt 00", level="buurt", year=2024, parent=wijk)
"""


def _cli(*args):
    return [sys.executable, "-c", "from veiligheidsbeeld.cli import main; main()", *args]


def _counts(db):
    with sqlite3.connect(db) as connection:
        return tuple(
            connection.execute("SELECT COUNT(*) FROM {}".format(table)).fetchone()[0]
            for table in ("registrations_importbatch", "registrations_registration", "registrations_rejectedrow",
                          "registrations_cubecell")
        )


def _writing(db) -> bool:
    """Whether another connection holds the database's write lock."""
    connection = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        connection.close()


@pytest.mark.slow
def test_kill_during_import_leaves_nothing_and_rerun_completes(tmp_path):
    db = tmp_path / "vb.sqlite3"
    env = {**os.environ, "DATABASE_URL": "sqlite:///{}".format(db), "DJANGO_SETTINGS_MODULE": "veiligheidsbeeld.conf.base"}
    subprocess.run(_cli("migrate", "-v", "0"), env=env, check=True, capture_output=True)
    subprocess.run(_cli("shell", "-c", SETUP), env=env, check=True, capture_output=True)
    big = tmp_path / "big.csv"
    with open(big, "w", encoding="utf-8") as handle:
        handle.write(BVH)
        for n in range(ROWS):
            handle.write("I{},A72,Straat,1,Proefdorp,Wijk 00 Wijk 0,Buurt 00,2024-03-01T10:00,,,,\n".format(n))
    process = subprocess.Popen(_cli("import", "bvh", str(big)), env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The import holds SQLite's write lock for its whole transaction (its pages stay in a large cache, so the WAL
    # file shows no progress before the commit): once the lock is taken, let it write for a moment, then kill.
    deadline = time.monotonic() + 120
    locked = False
    while time.monotonic() < deadline and process.poll() is None and not locked:
        locked = _writing(db)
        time.sleep(0.02)
    assert locked, "the import never took the write lock"
    time.sleep(0.5)
    assert process.poll() is None, "the import ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert _counts(db) == (0, 0, 0, 0)

    rerun = subprocess.run(_cli("import", "bvh", str(big), "--json"), env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert '"accepted": {}'.format(ROWS) in rerun.stdout
    assert _counts(db) == (1, ROWS, 0, 1)
