"""Who may see and make a wijkkaart (issue 20): the driehoek (bestuur) and the gemeente's analysts and policy
advisors ("bestuur and up"); partners read the stored PDF through the report list like any report."""

from __future__ import annotations

import rules

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.permissions import can_see_gemeente, has_role

__all__ = ["WIJKKAART_ROLES"]

WIJKKAART_ROLES = frozenset({Role.ANALIST, Role.BELEIDSADVISEUR, Role.BESTUUR})

rules.add_perm("reports.access_wijkkaart", has_role(*WIJKKAART_ROLES))
rules.add_perm("reports.make_wijkkaart", has_role(*WIJKKAART_ROLES) & can_see_gemeente)  # a Gemeente
