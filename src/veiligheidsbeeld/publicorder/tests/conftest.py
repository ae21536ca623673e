"""Fixtures of the public-order tests: accounts per role on GM0999 (small_gemeente) and a few records."""

from __future__ import annotations

import datetime as dt

import pytest

from veiligheidsbeeld.core.calendar import AMSTERDAM

PASSWORD = "correct horse battery staple"


def at(y, m, d, h=0, minute=0):
    return dt.datetime(y, m, d, h, minute, tzinfo=AMSTERDAM)


@pytest.fixture
def organisations(small_gemeente):
    from veiligheidsbeeld.core.models import Organisation

    orgs = {}
    for key, name, kind in (("gemeente", "Gemeente Proefdorp", "gemeente"), ("politie", "Politie Proef", "politie"),
                            ("zvh", "ZVH Proef", "zvh"), ("wijkteam", "WIJ Proef", "wij")):
        orgs[key] = Organisation.objects.create(name=name, kind=kind)
        orgs[key].gemeenten.add(small_gemeente)
    return orgs


@pytest.fixture
def make_user(small_gemeente, organisations):
    """``make_user(role, username=None, organisation="gemeente", gemeenten=None)``."""
    from veiligheidsbeeld.accounts.services import create_user

    def make(role, username=None, organisation="gemeente", gemeenten=None):
        return create_user(
            username=username or "po-{}-{}".format(role, organisation), password=PASSWORD, role=role,
            organisation=organisations[organisation],
            gemeenten=gemeenten if gemeenten is not None else [small_gemeente],
        )

    return make


@pytest.fixture
def adviser(make_user):
    return make_user("beleidsadviseur")


@pytest.fixture
def wijk(small_gemeente):
    from veiligheidsbeeld.areas.models import Area

    return Area.objects.get(code="WK099900")


@pytest.fixture
def notice(small_gemeente, adviser, wijk):
    from veiligheidsbeeld.publicorder import services

    return services.register_notice(
        small_gemeente, kind="betoging", received_at=at(2026, 12, 1, 10), organiser_name="Fictieve Organisator",
        organiser_contact="fictief@example.org", leader_name="Fictieve Leider", starts_at=at(2026, 12, 9, 14),
        ends_at=at(2026, 12, 9, 16), place="Marktplein", wijk=wijk, expected_participants=120, actor=adviser,
    )


@pytest.fixture
def group(small_gemeente, adviser, wijk):
    from veiligheidsbeeld.publicorder import services

    return services.register_youth_group(small_gemeente, name="Groep Proef", home_wijk=wijk, seen_in=[wijk],
                                         first_signal_on=dt.date(2026, 10, 1), actor=adviser)


def log_in(client, user):
    """Log ``user`` in with a verified second factor where the role needs one."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from veiligheidsbeeld.accounts.permissions import requires_second_factor

    client.force_login(user)
    if requires_second_factor(user):
        device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
            user=user, name="test", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client
