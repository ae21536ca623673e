"""Fixtures of the undermining tests: accounts per role on GM0999, a dossier whose team holds one partner, and a
pseudonymisation key."""

from __future__ import annotations

import datetime as dt

import pytest

from veiligheidsbeeld.accounts.tests.conftest import log_in, make_user, organisation  # noqa: F401

KEY = "undermining-tests-" + "k" * 40


@pytest.fixture(autouse=True)
def _pseudonym_key(settings):
    settings.PSEUDONYM_KEY = KEY


@pytest.fixture
def users(make_user):  # noqa: F811
    from veiligheidsbeeld.accounts.models import Role

    return {
        "beleidsadviseur": make_user(Role.BELEIDSADVISEUR, username="beleid"),
        "analist": make_user(Role.ANALIST, username="analist"),
        "burgemeester": make_user(Role.BESTUUR, username="burgemeester"),
        "politie": make_user(Role.KETENPARTNER, username="politie"),
        "wijkteam": make_user(Role.KETENPARTNER, username="wijkteam"),
        "procesregisseur": make_user(Role.PROCESREGISSEUR, username="regisseur"),
        "fg": make_user(Role.FG, username="fg"),
        "publiek": make_user(Role.PUBLIEK, username="publiek"),
    }


@pytest.fixture
def dossier(small_gemeente, users, organisation):  # noqa: F811
    """RIEC-T-1 with team beleidsadviseur + politie (not wijkteam), two persons, a company, a house, a car and an
    address, and one edge of every kind."""
    from veiligheidsbeeld.undermining import services
    from veiligheidsbeeld.undermining.choices import EntitySchema as E
    from veiligheidsbeeld.undermining.choices import LinkSchema as L

    d = services.create_dossier(small_gemeente, actor=users["beleidsadviseur"], reference="RIEC-T-1",
                                title="Testdossier", team=[users["politie"]], partners=[organisation])
    jan = services.add_entity(d, schema=E.PERSON, caption="Jan Test", bsn="999990019",
                              properties={"birthDate": ["1979-04-01"]})
    marie = services.add_entity(d, schema=E.PERSON, caption="Marie Test")
    company = services.add_entity(d, schema=E.COMPANY, caption="Test B.V.",
                                  properties={"registrationNumber": ["99000001"], "sector": ["9602"]})
    house = services.add_entity(d, schema=E.REAL_ESTATE, caption="Huis",
                                properties={"cadastralCode": ["TST00 A 1"], "area": ["120"]})
    car = services.add_entity(d, schema=E.VEHICLE, caption="XX-999-X")
    address = services.add_entity(d, schema=E.ADDRESS, caption="Teststraat 1, 9999 ZZ Proefdorp",
                                  properties={"keywords": ["bag:9999010000000001"], "country": ["nl"]})
    common = {"provenance": "KvK (test)", "legal_basis": "Convenant RIEC art. 4 (test)", "weight": "bevestigd"}
    services.add_link(d, schema=L.OWNERSHIP, source=jan, target=company, percentage=60,
                      start_date=dt.date(2020, 1, 1), end_date=dt.date(2025, 12, 31), role="aandeelhouder", **common)
    services.add_link(d, schema=L.OWNERSHIP, source=company, target=house, **common)
    services.add_link(d, schema=L.OWNERSHIP, source=jan, target=car, **common)
    services.add_link(d, schema=L.DIRECTORSHIP, source=marie, target=company, role="bestuurder", **common)
    services.add_link(d, schema=L.FAMILY, source=jan, target=marie, role="partner", **common)
    services.add_link(d, schema=L.ASSOCIATE, source=marie, target=jan, **{**common, "weight": "onbevestigd"})
    services.add_link(d, schema=L.UNKNOWN_LINK, source=company, target=address, role="vestigingsadres", **common)
    return d
