"""Browser tests: Playwright driving Debian's chromium (never ``playwright install``) against pytest-django's
live server. Screenshots of every page visited are written to ``test-artifacts/`` for a person to look at."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import monthly_registrations
from veiligheidsbeeld.analyses.services import month_range, run_analysis

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("VEILIGHEIDSBEELD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; the Django ORM calls of the fixtures are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI: apt-get install -y chromium")
        pytest.skip("chromium not installed at {} (apt-get install -y chromium)".format(CHROMIUM))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "{}.png".format(name)
    page.screenshot(path=str(path), full_page=True)
    return path


#: axe-core, vendored as a test asset with its licence (assets/axe-core/README.md: version, source, checksum).
AXE_VERSION = "4.14.1"
AXE_FILE = Path(__file__).resolve().parent / "assets" / "axe-core" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core from the repository's test assets (no network); never served by the application."""
    import hashlib

    data = AXE_FILE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == AXE_SHA256, "{} is not axe-core {}".format(AXE_FILE, AXE_VERSION)
    source = data.decode("utf-8")
    assert source.startswith("/*! axe v{}".format(AXE_VERSION))
    return source


def serious_violations(page, axe_source: str) -> list[str]:
    """Run axe-core (WCAG 2.1 A and AA rules) in the page; the serious and critical violations as text."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate(axe_source)  # through the DevTools protocol: not an inline script under the page's CSP
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        "{} ({}): {}".format(v["id"], v["impact"], "; ".join(n["target"][0] for n in v["nodes"][:3]))
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def analysed(small_gemeente):
    """Two years of two themes in the small gemeente, analysed."""
    counts = {}
    for k, month in enumerate(month_range(dt.date(2023, 1, 1), dt.date(2024, 12, 1))):
        counts[("BU09990000", "woninginbraak", month)] = 1 + k % 3
        counts[("BU09990100", "woninginbraak", month)] = 5
        counts[("BU09990001", "geweld", month)] = 2
        counts[("BU09990100", "geweld", month)] = 1
    monthly_registrations(small_gemeente, counts)
    return run_analysis(small_gemeente)


@contextmanager
def htmx_swap(page, timeout: float = 15_000):
    """Wait, after the block, for the htmx swap it caused to settle: the ``htmx:afterSettle`` event, heard by a
    listener added after the application's own (app.js re-initialises maps and charts on it), so the new
    content is in place and initialised. No fixed sleeps."""
    page.evaluate(
        "() => { window.__vbSettled = false; document.addEventListener('htmx:afterSettle',"
        " () => { window.__vbSettled = true; }, {once: true}); }"
    )
    yield
    page.wait_for_function("() => window.__vbSettled === true", timeout=timeout)


def log_in(page, live_server, username="analist"):
    """Log in through the pages: password, then the code of the account's authenticator (issue 15: the analist
    needs a second factor; its device stands for one an administrator provisioned)."""
    from django.contrib.auth import get_user_model
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="browser", confirmed=True)
    page.goto(live_server.url + "/inloggen/")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct horse battery")
    page.click("button[type=submit]")
    page.wait_for_url("**/inloggen/verificatie/**")
    page.fill("input[name=token]", "{:06d}".format(totp(device.bin_key, step=device.step, t0=device.t0)))
    page.click("form:has(input[name=token]) button[type=submit]")  # not the header's log-out button
    page.wait_for_url(live_server.url + "/")
