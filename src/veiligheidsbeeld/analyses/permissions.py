"""Who may follow alerts up, as `rules` predicates on the roles of :mod:`veiligheidsbeeld.accounts` (issue 20).

=====================  =====================================================================================
role                   alert follow-up
=====================  =====================================================================================
analist                every status change (``ALLOWED_STATUS_CHANGES``), owner, organisation and due date of
                       the alerts of their gemeenten (``accounts.run_analysis``)
ketenpartner           ``opgepakt`` / ``afgerond`` with a note (``PARTNER_STATUS_CHANGES``), only on alerts of
                       their gemeenten assigned to their own organisation
others                 read the alert and its history on the dashboard (disclosure-controlled figures)
=====================  =====================================================================================

Check with ``user.has_perm("analyses.<action>", alert)``.
"""

from __future__ import annotations

import rules

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.permissions import can_see_gemeente, has_role, is_analist

__all__ = ["is_assigned_to_own_organisation", "is_partner_of", "may_assign", "may_change_status"]


@rules.predicate
def is_assigned_to_own_organisation(user, alert) -> bool:
    """True when ``alert`` is assigned to the user's organisation."""
    profile = getattr(user, "profile", None)
    return (
        profile is not None
        and getattr(alert, "assigned_organisation_id", None) is not None
        and alert.assigned_organisation_id == profile.organisation_id
    )


is_partner_of = has_role(Role.KETENPARTNER) & can_see_gemeente & is_assigned_to_own_organisation
"""A ketenpartner of the alert's gemeente whose organisation was asked to act on it."""

may_assign = is_analist & can_see_gemeente
may_change_status = may_assign | is_partner_of

rules.add_perm("analyses.assign_alert", may_assign)
rules.add_perm("analyses.change_alert_status", may_change_status)
rules.add_perm("analyses.partner_alert_status", is_partner_of)
