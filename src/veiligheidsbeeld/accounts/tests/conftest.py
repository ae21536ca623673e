"""Fixtures of the accounts tests: one account per role on GM0999, and a second gemeente for IDOR attempts."""

from __future__ import annotations

import pytest

PASSWORD = "correct horse battery staple"


@pytest.fixture
def organisation(small_gemeente):
    from veiligheidsbeeld.core.models import Organisation

    org = Organisation.objects.create(name="Gemeente Proefdorp", kind="gemeente")
    org.gemeenten.add(small_gemeente)
    return org


@pytest.fixture
def make_user(small_gemeente, organisation):
    """``make_user(role, username=None, gemeenten=None)``: an account through the service."""
    from veiligheidsbeeld.accounts.services import create_user

    def make(role, username=None, gemeenten=None):
        return create_user(
            username=username or "user-{}".format(role),
            password=PASSWORD,
            role=role,
            organisation=organisation,
            gemeenten=gemeenten if gemeenten is not None else [small_gemeente],
        )

    return make


@pytest.fixture
def other_gemeente(db):
    """GM0998 with one wijk, which the GM0999 accounts may not see."""
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.core.models import Gemeente

    gemeente = Gemeente.objects.create(code="GM0998", name="Buurdorp")
    top = Area.objects.create(gemeente=gemeente, code="GM0998", name="Buurdorp", level="gemeente", year=2024)
    Area.objects.create(
        gemeente=gemeente, code="WK099800", name="Buurwijk", level="wijk", year=2024, parent=top
    )
    return gemeente


def log_in(client, user):
    """Log ``user`` in; roles that need a second factor get a confirmed TOTP device and a verified session."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from veiligheidsbeeld.accounts.permissions import requires_second_factor

    client.force_login(user)
    if requires_second_factor(user):
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client
