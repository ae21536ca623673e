import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from veiligheidsbeeld.core.models import Organisation

pytestmark = pytest.mark.django_db


def test_create_with_password_file(small_gemeente, tmp_path, capsys):
    secret = tmp_path / "pw"
    secret.write_text("a long enough passphrase 42\n")
    call_command(
        "users",
        "create",
        "--username",
        "an",
        "--role",
        "analist",
        "--organisation",
        "Gemeente P",
        "--organisation-kind",
        "gemeente",
        "--gemeente",
        "GM0999",
        "--password-file",
        str(secret),
    )
    user = get_user_model().objects.get(username="an")
    assert user.check_password("a long enough passphrase 42")
    assert user.profile.role == "analist" and list(user.profile.gemeenten.values_list("code", flat=True)) == [
        "GM0999"
    ]
    assert "password" not in capsys.readouterr().out


def test_create_without_terminal_generates_and_prints_the_password_once(small_gemeente, capsys, monkeypatch):
    Organisation.objects.create(name="Politie", kind="politie")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    call_command(
        "users",
        "create",
        "--username",
        "pol",
        "--role",
        "ketenpartner",
        "--organisation",
        "Politie",
        "--gemeente",
        "GM0999",
    )
    password = capsys.readouterr().out.split("password (shown once): ")[1].strip()
    assert get_user_model().objects.get(username="pol").check_password(password)


@pytest.mark.parametrize(
    "arguments,message",
    [
        (["--organisation", "Nope"], "unknown organisation 'Nope'"),
        (["--organisation", "Politie", "--gemeente", "GM0001"], "unknown gemeente GM0001"),
    ],
)
def test_create_explains_bad_input(small_gemeente, arguments, message, tmp_path):
    Organisation.objects.create(name="Politie", kind="politie")
    secret = tmp_path / "pw"
    secret.write_text("a long enough passphrase 42")
    base = {"--organisation": "Politie", "--gemeente": "GM0999"}
    base.update(dict(zip(arguments[::2], arguments[1::2])))
    flat = [x for pair in base.items() for x in pair]
    with pytest.raises(CommandError, match=message):
        call_command(
            "users", "create", "--username", "x", "--role", "analist", "--password-file", str(secret), *flat
        )


def test_weak_password_is_refused(small_gemeente, tmp_path):
    Organisation.objects.create(name="Politie", kind="politie")
    secret = tmp_path / "pw"
    secret.write_text("short")
    with pytest.raises(CommandError, match="password rejected"):
        call_command(
            "users",
            "create",
            "--username",
            "x",
            "--role",
            "analist",
            "--organisation",
            "Politie",
            "--gemeente",
            "GM0999",
            "--password-file",
            str(secret),
        )


def test_totp_provisioning_prints_the_uri_once(make_user, capsys):
    user = make_user("beheerder")
    call_command("users", "totp", "--username", user.username)
    out = capsys.readouterr().out
    assert "otpauth://totp/" in out
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
