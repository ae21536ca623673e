"""Who may download stored reports, as `rules` predicates on the roles of :mod:`veiligheidsbeeld.accounts`.

Reports are disclosure-controlled documents for the college, the driehoek and the raad: the analyst, the policy
advisor, the administration and partner organisations of the gemeente may download them.
"""

from __future__ import annotations

import rules

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.permissions import can_see_gemeente, has_role

__all__ = ["REPORT_ROLES", "can_view_report"]

REPORT_ROLES = frozenset({Role.ANALIST, Role.BELEIDSADVISEUR, Role.BESTUUR, Role.KETENPARTNER})

reads_reports = has_role(*REPORT_ROLES)
can_view_report = reads_reports & can_see_gemeente

rules.add_perm("reports.access_reports", reads_reports)  # the menu item, before a gemeente is chosen
rules.add_perm("reports.view_report", can_view_report)
