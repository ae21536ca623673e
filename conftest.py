"""Shared pytest fixtures: a small gemeente with areas, registrations and an analyst account."""

from __future__ import annotations

import datetime as dt
import os

import pytest


def pytest_report_header(config):
    from django.conf import settings

    return "database: {}".format(settings.DATABASES["default"]["ENGINE"])


# --- CI cannot pass by skipping (issue 22) -------------------------------------------------------------------------
#: The only skips allowed when ``CI`` is set (``.ci/run`` exports ``CI=1``): the start of the skip reason, and why
#: that skip is legitimately impossible to avoid on the machine. Every other skip fails the run.
CI_ALLOWED_SKIPS = {
    "runs in the PostgreSQL pass:": "needs a PostgreSQL database as the test database; .ci/run runs the whole "
    "suite a second time on PostgreSQL, where these tests run",
    "runs in the SQLite pass:": "needs the embedded SQLite database as the test database; .ci/run's first pass "
    "runs on SQLite, where these tests run",
}


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return reason.removeprefix("Skipped: ")


#: The skips of this session that CI does not allow ("node id: reason").
_FORBIDDEN_SKIPS: list[str] = []


def _note_skip(report) -> None:
    if not report.skipped or hasattr(report, "wasxfail") or not _in_ci():
        return
    reason = _skip_reason(report)
    if not any(reason.startswith(allowed) for allowed in CI_ALLOWED_SKIPS):
        _FORBIDDEN_SKIPS.append("{}: {}".format(report.nodeid or "(collection)", reason))


def pytest_runtest_logreport(report):
    _note_skip(report)


def pytest_collectreport(report):
    _note_skip(report)


def pytest_sessionfinish(session, exitstatus):
    """In CI, a skip without an allowed reason fails the run (exit code 1 where it would otherwise pass)."""
    if _FORBIDDEN_SKIPS and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _FORBIDDEN_SKIPS:
        terminalreporter.section("skipped in CI without an allowed reason (conftest.CI_ALLOWED_SKIPS)", red=True)
        for line in _FORBIDDEN_SKIPS:
            terminalreporter.line(line, red=True)


@pytest.fixture(scope="session", autouse=True)
def _postgres_when_required(django_db_blocker):
    """CI sets VEILIGHEIDSBEELD_REQUIRE_POSTGRES=1 for the PostgreSQL run: then the engine must really be it."""
    if os.environ.get("VEILIGHEIDSBEELD_REQUIRE_POSTGRES"):
        from django.conf import settings

        engine = settings.DATABASES["default"]["ENGINE"]
        assert engine == "django.db.backends.postgresql", "PostgreSQL run asked for, but engine is {}".format(engine)
    yield


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """``client.force_login(user)`` stands for a finished log-in: for a role that needs the second factor
    (issue 15: every role that sees police or person data) the session is also verified with a TOTP device.

    The log-in itself (password, enrolment, code) is tested through the real pages in accounts/tests/test_login.py;
    accounts without a role (``createsuperuser``) keep the unverified session that test_permissions checks.
    """
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from veiligheidsbeeld.accounts.permissions import requires_second_factor, role_of

        if role_of(user) is not None and requires_second_factor(user):
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
                user=user, name="test", confirmed=True)
            session = self.session
            session["otp_device_id"] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


def square(x0: float, y0: float, size: float = 0.01) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]],
    }


@pytest.fixture
def small_gemeente(db):
    """GM0999 'Proefdorp' (2024 indeling): 2 wijken x 2 buurten in a 2x2 grid, populations 2022-2024."""
    return build_small_gemeente()


def build_small_gemeente(code: str = "GM0999", name: str = "Proefdorp", *, x0: float = 6.0):
    """A gemeente shaped as :func:`small_gemeente` under another code (``WK<nnnn>00``, ``BU<nnnn>0000``, ...),
    its grid starting at longitude ``x0``: a second gemeente with real objects for the IDOR tests."""
    from veiligheidsbeeld.areas.models import Area, AreaPopulation
    from veiligheidsbeeld.core.models import Gemeente

    digits = code[2:]
    gemeente = Gemeente.objects.create(code=code, name=name)
    top = Area.objects.create(gemeente=gemeente, code=code, name=name, level="gemeente", year=2024)
    populations = dict(zip(("00", "01", "10", "11"), (1000, 2000, 3000, 30)))
    for w in range(2):
        wijk = Area.objects.create(
            gemeente=gemeente, code="WK{}{:02d}".format(digits, w), name="Wijk {}".format(w), level="wijk",
            year=2024, parent=top, geometry=square(x0, 53.0 + w * 0.01, 0.01),
        )
        for b in range(2):
            buurt = Area.objects.create(
                gemeente=gemeente, code="BU{}{:02d}{:02d}".format(digits, w, b), name="Buurt {}{}".format(w, b),
                level="buurt", year=2024, parent=wijk, geometry=square(x0 + b * 0.005, 53.0 + w * 0.01, 0.005),
            )
            for year in (2022, 2023, 2024):
                AreaPopulation.objects.create(area=buurt, year=year, population=populations["{}{}".format(w, b)])
    return gemeente


def monthly_registrations(gemeente, counts: dict[tuple[str, str, dt.date], int], *, file_name="test.csv"):
    """Store aggregate registrations {(buurt code, theme code, month): count} through the import service."""
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.frameworks.models import Theme
    from veiligheidsbeeld.registrations.models import ImportBatch, Registration
    from veiligheidsbeeld.registrations.services import import_registrations

    areas = {a.code: a for a in Area.objects.filter(gemeente=gemeente)}
    themes = {t.code: t for t in Theme.objects.all()}
    batch = ImportBatch.objects.create(
        gemeente=gemeente, source_system="test", importer="test", file_name=file_name, content_hash="0" * 64
    )
    registrations = [
        Registration(
            source_system="test",
            source_ref="{}:{}:{}".format(code, theme, month.isoformat()),
            kind="aggregate",
            theme=themes[theme],
            category_code=theme,
            period_start=month,
            precision="month",
            area=areas[code],
            count=n,
        )
        for (code, theme, month), n in counts.items()
    ]
    return import_registrations(batch, registrations)


def analysed_with_programme(gemeente, *, geweld: bool = False):
    """Three years of woninginbraak in one buurt with a spike in December 2024 (and, with ``geweld``, a rising
    geweld series in another), analysed with 99 permutations; the framework and the example programme loaded.
    The data the API tests serialise. Returns the run."""
    from veiligheidsbeeld.analyses.services import month_range, run_analysis
    from veiligheidsbeeld.frameworks.services import load_framework
    from veiligheidsbeeld.programmes.example import load_example_programme

    counts = {}
    digits = gemeente.code[2:]  # BU09990000 and BU09990100 in the small gemeente GM0999
    for k, month in enumerate(month_range(dt.date(2022, 1, 1), dt.date(2024, 12, 1))):
        counts[("BU{}0000".format(digits), "woninginbraak", month)] = 30 if month == dt.date(2024, 12, 1) else 2 + k % 3
        if geweld:
            counts[("BU{}0100".format(digits), "geweld", month)] = 3 + k // 12
    monthly_registrations(gemeente, counts)
    run = run_analysis(gemeente, permutations=99)
    framework, _notes = load_framework(gemeente=gemeente)
    load_example_programme(gemeente, framework)
    return run


@pytest.fixture
def analyst(small_gemeente, django_user_model):
    from veiligheidsbeeld.accounts.services import create_user
    from veiligheidsbeeld.core.models import Organisation

    organisation = Organisation.objects.create(name="Gemeente Proefdorp", kind="gemeente")
    organisation.gemeenten.add(small_gemeente)
    return create_user(
        username="analist", password="correct horse battery", role="analist", organisation=organisation,
        gemeenten=[small_gemeente],
    )


@pytest.fixture(scope="module")
def demo_build(django_db_setup, django_db_blocker):
    """Voorbeeldstad built once per module with ``demo --no-serve --json`` (about 45 s); yields its JSON output.

    The build commits (it is not inside a test's transaction), so the whole database is flushed afterwards:
    no later test may see demo rows, audit events or accounts.
    """
    import json
    from io import StringIO

    from django.core.management import call_command

    with django_db_blocker.unblock():
        out = StringIO()
        call_command("demo", "--no-serve", "--json", "--seed", "2024", stdout=out)
        try:
            yield json.loads(out.getvalue())
        finally:
            call_command("flush", interactive=False, verbosity=0)
            # The flush also empties what migrations load (the herindelingen register): load it again as the
            # migration does (no audit event, so later tests see the state of a fresh database).
            import importlib

            from django.apps import apps

            importlib.import_module("veiligheidsbeeld.areas.migrations.0004_herindelingen").load_shipped_herindelingen(
                apps, None
            )


def table_fingerprint(*, exclude_apps=("sessions", "axes")) -> dict[str, str]:
    """Per table (model label): a SHA-256 of the contents of every row, in primary-key order.

    "Nothing changed" means equal fingerprints: an update of one field of one row shows, not only an insert or a
    delete (a row count would miss it). Sessions and the log-in lock-out bookkeeping are left out by default.
    """
    import hashlib

    from django.apps import apps

    prints = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in exclude_apps or meta.proxy or not meta.managed:
            continue
        names = [f.attname for f in meta.concrete_fields]
        digest = hashlib.sha256()
        for row in model._base_manager.order_by("pk").values_list(*names):
            digest.update(repr(row).encode())
            digest.update(b"\n")
        prints[meta.label] = digest.hexdigest()
    return prints


def fingerprint_changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """The tables whose fingerprint differs."""
    return sorted(label for label in before.keys() | after.keys() if before.get(label) != after.get(label))
