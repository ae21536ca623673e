"""``check --deploy`` is clean with the production settings, and they send HSTS and the other headers."""

import os
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="veiligheidsbeeld.conf.production",
        SECRET_KEY="x" * 20 + "production-like-secret-key-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="veiligheid.example.nl",
        VEILIGHEIDSBEELD_HOME=str(tmp_path),
        DEBUG="false",
    )
    env.pop(
        "DJANGO_ALLOW_ASYNC_UNSAFE", None
    )  # set by the browser tests in this process; never in deployment
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_security_headers_on_every_page(client, db):
    response = client.get("/inloggen/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_production_settings_turn_on_hsts_and_secure_cookies():
    from veiligheidsbeeld.conf import production

    assert production.SECURE_HSTS_SECONDS >= 31536000 and production.SECURE_SSL_REDIRECT
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
