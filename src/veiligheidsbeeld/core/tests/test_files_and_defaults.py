"""Issue 15, finding 9: files and defaults (folder and file modes, TOTP seeds at rest, serve warning, lock-out)."""

import os
import stat
import subprocess
import sys

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.slow
def test_attack_data_folder_and_database_are_private_to_the_service_account(tmp_path):
    """Another local user could read the SQLite database (0644) in a data folder of mode 0755."""
    home = tmp_path / "home"
    env = dict(os.environ, VEILIGHEIDSBEELD_HOME=str(home), DJANGO_SETTINGS_MODULE="veiligheidsbeeld.conf.base")
    env.pop("DATABASE_URL", None)
    script = "from veiligheidsbeeld.cli import main; main(['veiligheidsbeeld', 'migrate', '--verbosity', '0'])"
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _mode(home) == 0o700
    assert _mode(home / "veiligheidsbeeld.sqlite3") == 0o600
    for name in ("secret_key",):
        assert _mode(home / name) == 0o600


def test_uploaded_files_are_stored_0600(settings):
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o600 and settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS == 0o700


def test_attack_totp_seeds_are_not_readable_from_the_database(django_user_model):
    """A copy of the database gave every user's TOTP seed (hex in otp_totp_totpdevice.key)."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = django_user_model.objects.create(username="a")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    seed = device.bin_key
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM otp_totp_totpdevice WHERE id = %s", [device.pk])
        stored = cursor.fetchone()[0]
    assert seed.hex() not in stored and stored.startswith("enc1:")
    fresh = TOTPDevice.objects.get(pk=device.pk)
    assert fresh.bin_key == seed and fresh.verify_token("{:06d}".format(totp(seed)))
    assert "secret=" in fresh.config_url


def test_a_seed_does_not_decrypt_with_another_key(django_user_model, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from veiligheidsbeeld.accounts.otp_keys import SeedKeyError

    device = TOTPDevice.objects.create(user=django_user_model.objects.create(username="b"), name="x")
    settings.OTP_SEED_KEY = "y" * 40
    with pytest.raises(SeedKeyError, match="does not decrypt"):
        TOTPDevice.objects.get(pk=device.pk).bin_key


def test_the_migration_encrypts_seeds_stored_before(django_user_model):
    from django.apps import apps as global_apps
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from veiligheidsbeeld.accounts.migrations import __path__ as _  # noqa: F401
    from importlib import import_module

    device = TOTPDevice.objects.create(user=django_user_model.objects.create(username="c"), name="x")
    seed = device.bin_key
    TOTPDevice.objects.filter(pk=device.pk).update(key=seed.hex())  # as stored before issue 15
    import_module("veiligheidsbeeld.accounts.migrations.0004_encrypt_totp_seeds").encrypt_seeds(global_apps, None)
    stored = TOTPDevice.objects.filter(pk=device.pk).values_list("key", flat=True).get()
    assert stored.startswith("enc1:") and TOTPDevice.objects.get(pk=device.pk).bin_key == seed


@pytest.mark.parametrize("host, warns", [("0.0.0.0", True), ("192.0.2.5", True), ("127.0.0.1", False),
                                         ("::1", False), ("localhost", False)])
def test_attack_serve_warns_without_production_settings_on_a_public_address(host, warns):
    from veiligheidsbeeld.core.management.commands.serve import exposure_warning

    assert bool(exposure_warning(host)) is warns


def test_lockout_keys_on_the_account_from_any_address(client, django_user_model, settings):
    """Guessing one account's password from rotating addresses: each address stayed under the limit."""
    from django.urls import reverse

    from veiligheidsbeeld.accounts.services import create_user
    from veiligheidsbeeld.core.models import Gemeente, Organisation

    organisation = Organisation.objects.create(name="O", kind="gemeente")
    create_user(username="doel", password="correct horse battery", role="publiek", organisation=organisation,
                gemeenten=[Gemeente.objects.create(code="GM0997", name="X")])
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "doel", "password": "wrong {}".format(n)},
                    REMOTE_ADDR="203.0.113.{}".format(n + 1))
    locked = client.post(reverse("login"), {"username": "doel", "password": "correct horse battery"},
                         REMOTE_ADDR="198.51.100.77")
    assert locked.status_code == 429


def test_client_address_behind_a_trusted_proxy(rf, settings):
    from veiligheidsbeeld.accounts.middleware import client_address

    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.9")
    assert client_address(request) == "10.0.0.1", "X-Forwarded-For is ignored without trusted proxies"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "192.0.2.9", "the address the trusted proxy saw, not the spoofable left"
