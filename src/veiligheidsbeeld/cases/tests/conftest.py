"""Fixtures of the casusregie tests: a ZVH coordinator, two partner organisations, a case with a person."""

from __future__ import annotations

import pytest

BSN = "999990019"  # test range, passes the eleven test
OTHER_BSN = "999990020"


@pytest.fixture
def orgs(small_gemeente):
    from veiligheidsbeeld.core.models import Organisation

    made = {}
    for key, name, kind in (("zvh", "ZVH Proefdorp", "zvh"), ("wij", "Wijkteam Proefdorp", "wij"),
                            ("politie", "Politie Proefdorp", "politie"), ("gemeente", "Gemeente Proefdorp",
                                                                           "gemeente")):
        made[key] = Organisation.objects.create(name=name, kind=kind)
        made[key].gemeenten.add(small_gemeente)
    return made


@pytest.fixture
def make_account(small_gemeente, orgs):
    from veiligheidsbeeld.accounts.services import create_user

    def make(role, org="gemeente", username=None):
        return create_user(username=username or "{}-{}".format(role, org), password="correct horse battery",
                           role=role, organisation=orgs[org], gemeenten=[small_gemeente])

    return make


@pytest.fixture
def coordinator(make_account):
    return make_account("procesregisseur", "zvh")


@pytest.fixture
def partner(make_account):
    return make_account("ketenpartner", "wij")


@pytest.fixture
def case(small_gemeente, orgs, coordinator):
    from veiligheidsbeeld.cases import services

    case = services.register_case(
        small_gemeente, case_type="complexe_casus", reporter=orgs["politie"], actor=coordinator,
        coordinator=coordinator, reason="Zorgen (fictief)", criteria={"multiproblem": 1, "chains": 1, "system": 1},
    )
    services.add_person(case, bsn=BSN, name="Jan Fictief", birth_date="1988-04-02", role="hoofdbetrokkene",
                        informed=True, actor=coordinator)
    return case


def walk(case, statuses, actor, at=None):
    from veiligheidsbeeld.cases import services

    for status in statuses:
        case = services.change_status(case, status, actor=actor, at=at)
    return case


TO_EXECUTION = ["triage", "bekendheidscheck", "verrijking", "casusoverleg", "plan_vastgesteld", "uitvoering"]
