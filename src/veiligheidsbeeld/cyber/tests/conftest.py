"""Fixtures of the cyber tests: accounts of every role on GM0999 and an incident factory."""

from __future__ import annotations

import datetime as dt

import pytest

from veiligheidsbeeld.core.calendar import AMSTERDAM

PASSWORD = "correct horse battery staple"


def local(*args) -> dt.datetime:
    """An Amsterdam wall-clock time: ``local(2026, 3, 27, 12)``."""
    return dt.datetime(*args, tzinfo=AMSTERDAM)


@pytest.fixture
def organisation(small_gemeente):
    from veiligheidsbeeld.core.models import Organisation

    org = Organisation.objects.create(name="Gemeente Proefdorp", kind="gemeente")
    org.gemeenten.add(small_gemeente)
    return org


@pytest.fixture
def make_user(small_gemeente, organisation):
    from veiligheidsbeeld.accounts.services import create_user

    def make(role, username=None, gemeenten=None):
        return create_user(
            username=username or "user-{}".format(role), password=PASSWORD, role=role, organisation=organisation,
            gemeenten=gemeenten if gemeenten is not None else [small_gemeente],
        )

    return make


@pytest.fixture
def ciso(make_user):
    return make_user("informatiebeveiliger")


@pytest.fixture
def make_incident(small_gemeente):
    from veiligheidsbeeld.cyber import services

    def make(discovered_at=None, gemeente=None, **fields):
        values = {
            "title": "Testincident (fictief)", "discovered_at": discovered_at or local(2026, 3, 10, 9),
            "reported_via": "meldloket", "process_owner": "Proceseigenaar (fictief)", "category": "fraud",
            "type": "phishing", "impact_confidentiality": 2,
        } | fields
        return services.create_incident(gemeente or small_gemeente, **values)

    return make


@pytest.fixture(autouse=True)
def english():
    """Labels in the source language in these tests (the pages still answer in Dutch through the middleware)."""
    from django.utils import translation

    with translation.override("en"):
        yield
