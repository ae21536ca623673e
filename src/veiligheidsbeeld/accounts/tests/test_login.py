"""Log-in: password, mandatory second factor for privileged roles, TOTP set-up, lock-out, audit events."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.core.models import AuditEvent

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _post_login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")


def _code(device):
    return "{:06d}".format(totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits))


def test_login_form_keeps_its_field_ids(client, small_gemeente):
    html = client.get(reverse("login")).content.decode()
    assert 'id="id_username"' in html and 'id="id_password"' in html and 'type="submit"' in html


def test_publiek_logs_in_with_a_password_and_the_login_is_audited(client, make_user):
    make_user(Role.PUBLIEK)  # the one role without police or person data: no second factor (issue 15)
    response = _post_login(client, "user-publiek")
    assert response.status_code == 302
    assert client.get(reverse("dashboard:overview")).status_code == 200
    event = AuditEvent.objects.filter(action="user_logged_in").get()
    assert event.client_address == "10.0.0.7" and event.organisation == "Gemeente Proefdorp"


def test_beheerder_must_set_up_totp_before_reaching_any_page(client, make_user):
    from veiligheidsbeeld.accounts.services import create_enrolment_code

    user = make_user(Role.BEHEERDER)
    code = create_enrolment_code(user)
    _post_login(client, "user-beheerder")
    response = client.get(reverse("dashboard:overview"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp-setup"))
    assert client.get("/beheer/").status_code == 302
    assert client.get("/api/areas/").status_code == 403
    # The enrolment link from the administrator opens the QR code.
    linked = client.get(reverse("accounts:otp-setup"), {"code": code})
    assert linked.status_code == 302 and "code" not in linked["Location"]
    page = client.get(reverse("accounts:otp-setup"))
    html = page.content.decode()
    assert "<svg" in html and re.search(r"<script(?![^>]*\bsrc=)", html) is None, (
        "QR code server-side, no inline JS"
    )
    secret = re.search(r'<code class="vb-code">([A-Z2-7]+)</code>', html).group(1)
    device = TOTPDevice.objects.get(user__username="user-beheerder", confirmed=False)
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
    wrong = client.post(
        reverse("accounts:otp-setup"), {"token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200 and not TOTPDevice.objects.get(pk=device.pk).confirmed
    TOTPDevice.objects.get(pk=device.pk).throttle_reset()  # a failure throttles the device for a second
    response = client.post(reverse("accounts:otp-setup"), {"token": _code(device), "next": "/"})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("dashboard:overview")).status_code == 200
    assert AuditEvent.objects.filter(action="otp_device_confirmed").exists()
    assert user.enrolment_codes.get().used_at is not None, "the enrolment code is used up"


# --- issue 15, finding 5: the attacks of the security review. ---


@pytest.mark.parametrize("role", [Role.ANALIST, Role.BELEIDSADVISEUR, Role.BESTUUR, Role.KETENPARTNER,
                                  Role.PROCESREGISSEUR, Role.FG, Role.BEHEERDER])
def test_attack_every_role_that_sees_police_or_person_data_needs_a_second_factor(client, make_user, role):
    make_user(role)
    assert _post_login(client, "user-{}".format(role)).status_code == 302
    response = client.get(reverse("dashboard:overview"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp-setup"))
    assert client.get("/api/areas/").status_code == 403


def test_publiek_needs_no_second_factor(client, make_user):
    make_user(Role.PUBLIEK)
    _post_login(client, "user-publiek")
    assert client.get(reverse("dashboard:overview")).status_code == 200


def test_attack_the_password_alone_cannot_enrol_a_device(client, make_user):
    """A stolen password: the set-up page shows no QR code or key and makes no device without an enrolment code."""
    make_user(Role.ANALIST)
    _post_login(client, "user-analist")
    html = client.get(reverse("accounts:otp-setup")).content.decode()
    assert "<svg" not in html and 'class="vb-code"' not in html
    assert not TOTPDevice.objects.exists()
    refused = client.post(reverse("accounts:otp-setup"), {"code": "ABCDE-ABCDE-ABCDE-ABCDE"})
    assert refused.status_code == 200 and "<svg" not in refused.content.decode()
    assert client.post(reverse("accounts:otp-setup"), {"token": "123456"}).status_code == 200
    assert not TOTPDevice.objects.exists()
    assert AuditEvent.objects.filter(action="otp_enrolment_refused").exists()


def test_enrolment_codes_expire_are_single_use_and_personal(client, make_user):
    from django.utils import timezone

    from veiligheidsbeeld.accounts.services import create_enrolment_code, redeem_enrolment_code

    analyst, other = make_user(Role.ANALIST), make_user(Role.BESTUUR)
    code = create_enrolment_code(analyst, hours=1)
    assert redeem_enrolment_code(other, code) is None, "another account's code"
    assert redeem_enrolment_code(analyst, code.lower()) is not None
    analyst.enrolment_codes.update(expires_at=timezone.now())
    assert redeem_enrolment_code(analyst, code) is None, "expired"
    fresh = create_enrolment_code(analyst)
    analyst.enrolment_codes.filter(used_at=None).update(used_at=timezone.now())
    assert redeem_enrolment_code(analyst, fresh) is None, "used"
    with pytest.raises(ValueError, match="hours"):
        create_enrolment_code(analyst, hours=0)


def test_users_enrol_command_prints_a_link_once(make_user, capsys):
    from django.core.management import call_command

    user = make_user(Role.ANALIST)
    call_command("users", "enrol", "--username", user.username, "--url", "https://vb.example.nl/")
    out = capsys.readouterr().out
    assert "https://vb.example.nl/inloggen/tweede-factor/?code=" in out
    code = out.split("?code=")[1].strip()
    assert user.enrolment_codes.get().code_hash != code and code not in repr(list(user.enrolment_codes.values()))


def test_procesregisseur_with_a_device_enters_the_code(client, make_user):
    user = make_user(Role.PROCESREGISSEUR)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _post_login(client, user.username)
    response = client.get(reverse("dashboard:overview"))
    assert response["Location"].startswith(reverse("accounts:otp-verify"))
    # Set-up is closed once a device exists: nobody with only the password can enrol a second one.
    assert client.get(reverse("accounts:otp-setup"))["Location"] == reverse("accounts:otp-verify")
    bad = client.post(reverse("accounts:otp-verify"), {"token": "12345"})
    assert bad.status_code == 200 and client.get(reverse("dashboard:overview")).status_code == 302
    ok = client.post(
        reverse("accounts:otp-verify"), {"token": _code(device), "next": "https://evil.example/"}
    )
    assert ok.status_code == 302 and ok["Location"] == "/"
    assert client.get(reverse("dashboard:overview")).status_code == 200


def test_repeated_failures_lock_the_account(client, make_user, settings):
    make_user(Role.ANALIST)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _post_login(client, "user-analist", "wrong password!").status_code == 200
    assert _post_login(client, "user-analist", "wrong password!").status_code == 429
    locked = _post_login(client, "user-analist")  # even the right password, while locked
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode() or "Te veel" in locked.content.decode()
    assert AuditEvent.objects.filter(action="user_login_failed").count() >= settings.AXES_FAILURE_LIMIT


def test_session_cookie_settings(settings):
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
