"""Who may see and change the cyber module (need to know: the security group, and the FG for breaches).

=========================  ==========================================================================
role                       cyber module
=========================  ==========================================================================
informatiebeveiliger       the security group: the CISO and the members of the cyber crisis team hold
                           this role. Reads and changes everything of their gemeenten.
fg                         reads the incidents that are data breaches (AVG art. 38-39: the FG is
                           involved in every breach), nothing else of the register; changes nothing
bestuur, beleidsadviseur   the Digitale veiligheid overview with aggregates only (no incident records)
others                     nothing; every incident route answers 404, so the register's existence
                           and its references are not disclosed
=========================  ==========================================================================

Check with ``user.has_perm("cyber.<action>", obj)``; lists go through :func:`visible_incidents`.
"""

from __future__ import annotations

import rules

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.permissions import can_see_gemeente, has_role, role_of

__all__ = ["OVERVIEW_ROLES", "SECURITY_ROLES", "is_breach", "is_security_group", "visible_incidents"]

SECURITY_ROLES = frozenset({Role.INFORMATIEBEVEILIGER})
OVERVIEW_ROLES = frozenset({Role.INFORMATIEBEVEILIGER, Role.BESTUUR, Role.BELEIDSADVISEUR, Role.FG})

is_security_group = has_role(*SECURITY_ROLES)
is_fg = has_role(Role.FG)


@rules.predicate
def is_breach(user, obj) -> bool:
    incident = getattr(obj, "incident", obj)
    return incident is not None and hasattr(incident, "breach")


rules.add_perm("cyber.access_register", is_security_group | is_fg)  # the menu entry
rules.add_perm("cyber.view_incident", can_see_gemeente & (is_security_group | (is_fg & is_breach)))
rules.add_perm("cyber.change_incident", can_see_gemeente & is_security_group)
rules.add_perm("cyber.view_preparation", can_see_gemeente & is_security_group)  # plans, exercises, campaigns
rules.add_perm("cyber.change_preparation", can_see_gemeente & is_security_group)
rules.add_perm("cyber.view_overview", can_see_gemeente & has_role(*OVERVIEW_ROLES))
rules.add_perm("cyber.access_overview", has_role(*OVERVIEW_ROLES))


def visible_incidents(user, queryset):
    """Narrow an Incident queryset to what ``user`` may see: their gemeenten, and breaches only for the FG."""
    from veiligheidsbeeld.accounts.services import gemeenten_for

    role = role_of(user)
    queryset = queryset.filter(gemeente__in=gemeenten_for(user))
    if role in SECURITY_ROLES:
        return queryset
    if role == Role.FG:
        return queryset.filter(breach__isnull=False)
    return queryset.none()


def visible_rows(user, queryset):
    """Plans, exercises, campaigns and actions: the security group of the row's gemeente only."""
    from veiligheidsbeeld.accounts.services import gemeenten_for

    if role_of(user) not in SECURITY_ROLES:
        return queryset.none()
    return queryset.filter(gemeente__in=gemeenten_for(user))
