"""An import is one transaction: killed with SIGKILL half-way, it leaves no partial batch; the rerun completes.

Runs on SQLite (``INSERT ... SELECT FROM json_each``) and on PostgreSQL (``COPY`` into a staging table). The
import pauses itself through the storing path's test hook (``bulk.PAUSE_AFTER_CHUNKS_ENV``) once it has stored
its first chunk inside the transaction; the test waits for the hook's marker file, checks the import is really
mid-transaction, and kills it. No sleeping, no timing.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from veiligheidsbeeld.registrations import bulk

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
TABLES = ("registrations_importbatch", "registrations_registration", "registrations_rejectedrow",
          "registrations_cubecell")


def _cli(*args):
    return [sys.executable, "-c", "from veiligheidsbeeld.cli import main; main()", *args]


class SQLite:
    def __init__(self, tmp_path):
        self.path = tmp_path / "vb.sqlite3"
        self.url = "sqlite:///{}".format(self.path)

    def counts(self):
        with sqlite3.connect(self.path) as connection:
            return tuple(connection.execute("SELECT COUNT(*) FROM {}".format(t)).fetchone()[0] for t in TABLES)

    def mid_transaction(self) -> bool:
        """Whether another connection holds the database's write lock."""
        connection = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            connection.close()

    def drop(self):
        pass


class PostgreSQL:
    """A scratch database next to the test database (its name with ``_kill``), dropped afterwards."""

    def __init__(self, tmp_path):
        from django.conf import settings

        import psycopg

        self.psycopg = psycopg
        base = settings.DATABASES["default"]
        self.server = {k: base[k.upper()] for k in ("host", "port", "user", "password") if base.get(k.upper())}
        self.name = "{}_kill".format(base["NAME"])[:63]
        with psycopg.connect(dbname="postgres", autocommit=True, **self.server) as connection:
            connection.execute('DROP DATABASE IF EXISTS "{}"'.format(self.name))
            connection.execute('CREATE DATABASE "{}"'.format(self.name))
        password = ":{}".format(self.server["password"]) if self.server.get("password") else ""
        self.url = "postgres://{}{}@{}:{}/{}".format(self.server.get("user", "postgres"), password,
                                                     self.server.get("host", "127.0.0.1"),
                                                     self.server.get("port", 5432), self.name)

    def counts(self):
        with self.psycopg.connect(dbname=self.name, **self.server) as connection:
            return tuple(connection.execute("SELECT COUNT(*) FROM {}".format(t)).fetchone()[0] for t in TABLES)

    def mid_transaction(self) -> bool:
        """Whether a session of the scratch database is inside a transaction that has written (has an xid)."""
        with self.psycopg.connect(dbname=self.name, **self.server) as connection:
            return connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND backend_xid IS NOT NULL "
                "AND pid <> pg_backend_pid()", [self.name]).fetchone()[0] > 0

    def drop(self):
        with self.psycopg.connect(dbname="postgres", autocommit=True, **self.server) as connection:
            connection.execute('DROP DATABASE IF EXISTS "{}" WITH (FORCE)'.format(self.name))


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path, settings):
    vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    if request.param == "postgresql" and vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass: the COPY path needs a PostgreSQL server (DATABASE_URL)")
    database = SQLite(tmp_path) if request.param == "sqlite" else PostgreSQL(tmp_path)
    yield database
    database.drop()


def _wait_for(path, process, seconds=300):
    """Wait until the paused import wrote its marker file (it never returns on its own while paused)."""
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, "the import ended before it reached the pause"
        assert time.monotonic() < deadline, "the import never reached the pause"
        time.sleep(0.05)


@pytest.mark.slow
def test_kill_during_import_leaves_nothing_and_rerun_completes(tmp_path, database):
    env = {**os.environ, "DATABASE_URL": database.url, "DJANGO_SETTINGS_MODULE": "veiligheidsbeeld.conf.base"}
    subprocess.run(_cli("migrate", "-v", "0"), env=env, check=True, capture_output=True)
    subprocess.run(_cli("shell", "-c", SETUP), env=env, check=True, capture_output=True)
    big = tmp_path / "big.csv"
    with open(big, "w", encoding="utf-8") as handle:
        handle.write(BVH)
        for n in range(ROWS):
            handle.write("I{},A72,Straat,1,Proefdorp,Wijk 00 Wijk 0,Buurt 00,2024-03-01T10:00,,,,\n".format(n))
    marker = tmp_path / "paused"
    paused = {**env, bulk.PAUSE_AFTER_CHUNKS_ENV: "1", bulk.PAUSE_FILE_ENV: str(marker)}
    process = subprocess.Popen(_cli("import", "bvh", str(big)), env=paused,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(marker, process)
        assert database.mid_transaction(), "the paused import holds no open write transaction"
        assert database.counts() == (0, 0, 0, 0)  # nothing visible before the commit
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert database.counts() == (0, 0, 0, 0)

    rerun = subprocess.run(_cli("import", "bvh", str(big), "--json"), env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert '"accepted": {}'.format(ROWS) in rerun.stdout
    assert database.counts() == (1, ROWS, 0, 1)
