"""Who may download and generate reports, as `rules` predicates on the roles of :mod:`veiligheidsbeeld.accounts`.

Reports are disclosure-controlled documents for the college, the driehoek and the raad: the analyst, the policy
advisor, the administration (bestuur) and partner organisations of the gemeente may download them. The analyst
and the policy advisor, who publish the veiligheidsbeeld, may generate them, and so may the bestuur (issue 20: the
burgemeester's staff make a report for the driehoek or the raad themselves; always under the public rules, since the
bestuur has no small-count right).
"""

from __future__ import annotations

import rules

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.permissions import can_see_gemeente, has_role

__all__ = ["GENERATE_ROLES", "REPORT_ROLES", "can_generate_report", "can_view_report"]

REPORT_ROLES = frozenset({Role.ANALIST, Role.BELEIDSADVISEUR, Role.BESTUUR, Role.KETENPARTNER})
GENERATE_ROLES = frozenset({Role.ANALIST, Role.BELEIDSADVISEUR, Role.BESTUUR})

reads_reports = has_role(*REPORT_ROLES)
can_view_report = reads_reports & can_see_gemeente
can_generate_report = has_role(*GENERATE_ROLES) & can_see_gemeente

rules.add_perm("reports.access_reports", reads_reports)  # the menu item, before a gemeente is chosen
rules.add_perm("reports.view_report", can_view_report)  # a StoredReport or a Gemeente
rules.add_perm("reports.generate_report", can_generate_report)  # a Gemeente
