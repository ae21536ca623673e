"""CI cannot pass by skipping: a skip without an allowed reason fails the pytest run when ``CI`` is set, and
``.ci/run`` refuses to start without the shared real data (issue 22, item 1)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run_pytest(tmp_path: Path, body: str, *, ci: str | None) -> subprocess.CompletedProcess:
    """Run pytest on one test file with the repository's root conftest.py loaded as a plugin."""
    (tmp_path / "test_sample.py").write_text(body, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(DJANGO_SETTINGS_MODULE="veiligheidsbeeld.conf.test", PYTHONPATH=str(REPO))
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "conftest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
         str(tmp_path / "test_sample.py")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )


SKIPS = '''
import pytest

def test_runs():
    assert True

def test_skips():
    pytest.skip("../shared/data not present")
'''


def test_a_skip_fails_the_run_in_ci(tmp_path):
    result = run_pytest(tmp_path, SKIPS, ci="1")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "skipped in CI without an allowed reason" in result.stdout
    assert "test_sample.py::test_skips: ../shared/data not present" in result.stdout


def test_a_skip_is_only_reported_outside_ci(tmp_path):
    result = run_pytest(tmp_path, SKIPS, ci=None)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 1 skipped" in result.stdout


def test_allowed_skips_and_xfail_pass_in_ci(tmp_path):
    body = '''
import pytest

def test_postgres_only():
    pytest.skip("runs in the PostgreSQL pass: needs PostgreSQL")

@pytest.mark.xfail(strict=True, reason="documented weakness")
def test_known_weakness():
    assert False
'''
    result = run_pytest(tmp_path, body, ci="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped, 1 xfailed" in result.stdout


def test_a_skip_at_collection_fails_the_run_in_ci(tmp_path):
    body = 'import pytest\npytest.importorskip("a_module_that_does_not_exist")\n\ndef test_x():\n    pass\n'
    result = run_pytest(tmp_path, body, ci="1")
    assert result.returncode == pytest.ExitCode.NO_TESTS_COLLECTED, result.stdout + result.stderr
    assert "skipped in CI without an allowed reason" in result.stdout
    assert "test_sample.py: could not import 'a_module_that_does_not_exist'" in result.stdout


def test_ci_run_refuses_a_clone_without_the_shared_data(tmp_path):
    """A clean clone without ../shared: .ci/run stops at once (before installing anything) with a reason."""
    clone = tmp_path / "clone"
    (clone / ".ci").mkdir(parents=True)
    shutil.copy(REPO / ".ci" / "run", clone / ".ci" / "run")
    env = {k: v for k, v in os.environ.items() if k != "VEILIGHEIDSBEELD_SHARED_DATA"}
    result = subprocess.run(["bash", str(clone / ".ci" / "run")], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "CI needs the shared real data at ../shared/data" in result.stderr
    assert not (tmp_path / "shared").exists()


def test_ci_run_fails_when_pytest_collects_nothing(tmp_path):
    """pytest's exit code 5 (no tests collected) fails .ci/run: ``make test`` is replaced by a stand-in that
    exits 5, and the run stops before its PostgreSQL pass."""
    clone = tmp_path / "clone"
    (clone / ".ci").mkdir(parents=True)
    (tmp_path / "shared" / "data").mkdir(parents=True)
    (tmp_path / "shared" / "data" / "README.md").write_text("stand-in\n")
    shutil.copy(REPO / ".ci" / "run", clone / ".ci" / "run")
    (clone / "Makefile").write_text("test:\n\t@echo collected nothing; exit 5\n")
    env = {k: v for k, v in os.environ.items() if k != "VEILIGHEIDSBEELD_SHARED_DATA"}
    result = subprocess.run(["bash", str(clone / ".ci" / "run")], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "tests failed (exit code" in result.stderr
    assert "== tests on PostgreSQL ==" not in result.stdout
