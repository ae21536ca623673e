"""Who may see and do what in public order, as `rules` predicates on the roles of :mod:`veiligheidsbeeld.accounts`.

=====================  =============================================================================================
permission             roles (always within the user's own gemeenten)
=====================  =============================================================================================
``access``             beleidsadviseur, bestuur, analist, ketenpartner, procesregisseur: the pages (the menu item)
``view``               the same, per gemeente: week page, calendar, notices, events, cameras, signals, youth tracker
``view_organiser``     beleidsadviseur, bestuur: the organiser and leader of a notice (special-category data; audited)
``change``             beleidsadviseur, bestuur: notices, decisions, events, camera designations
``add_signal``         beleidsadviseur, ketenpartner: record a tension signal
``change_youth_group`` beleidsadviseur, procesregisseur: steps, duiding, priority, name-list access
``view_name_list``     only from step 2B, and only the procesregisseur or a ketenpartner whose organisation has a
                       recorded legal basis for that group (:class:`~.models.NameListAccess`); nobody at 1 or 2A
=====================  =============================================================================================

beheerder, fg and publiek have no access (the FG reviews reads in the audit log).
"""

from __future__ import annotations

import rules

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.permissions import can_see_gemeente, has_role, role_of

from .workflow import NAME_LIST_STEPS

__all__ = [
    "EDIT_ROLES", "ORGANISER_ROLES", "READ_ROLES", "SIGNAL_ROLES", "YOUTH_ROLES", "has_name_list_basis",
    "is_name_list_step", "scope_roles", "visible",
]

READ_ROLES = frozenset(
    {Role.BELEIDSADVISEUR, Role.BESTUUR, Role.ANALIST, Role.KETENPARTNER, Role.PROCESREGISSEUR}
)
EDIT_ROLES = frozenset({Role.BELEIDSADVISEUR, Role.BESTUUR})
ORGANISER_ROLES = frozenset({Role.BELEIDSADVISEUR, Role.BESTUUR})
SIGNAL_ROLES = frozenset({Role.BELEIDSADVISEUR, Role.KETENPARTNER})
YOUTH_ROLES = frozenset({Role.BELEIDSADVISEUR, Role.PROCESREGISSEUR})


@rules.predicate
def is_name_list_step(user, group) -> bool:
    """The group is at step 2B or later (and not closed): only then does a name list exist."""
    return group is not None and getattr(group, "step", None) in NAME_LIST_STEPS


@rules.predicate
def has_name_list_basis(user, group) -> bool:
    """The user's organisation has a recorded legal basis for this group's name list."""
    profile = getattr(user, "profile", None)
    if profile is None or group is None:
        return False
    return group.name_list_access.filter(organisation_id=profile.organisation_id).exists()


reads = has_role(*READ_ROLES)
rules.add_perm("publicorder.access", reads)
rules.add_perm("publicorder.view", reads & can_see_gemeente)
rules.add_perm("publicorder.view_organiser", has_role(*ORGANISER_ROLES) & can_see_gemeente)
rules.add_perm("publicorder.change", has_role(*EDIT_ROLES) & can_see_gemeente)
rules.add_perm("publicorder.add_signal", has_role(*SIGNAL_ROLES) & can_see_gemeente)
rules.add_perm("publicorder.change_youth_group", has_role(*YOUTH_ROLES) & can_see_gemeente)
rules.add_perm(
    "publicorder.view_name_list",
    is_name_list_step
    & can_see_gemeente
    & (has_role(Role.PROCESREGISSEUR) | (has_role(Role.KETENPARTNER) & has_name_list_basis)),
)

#: API token scopes of the module -> the roles whose accounts may hold them (see accounts.api.roles_for_scope)
_SCOPES = {
    "demonstration:read": READ_ROLES,
    "event:read": READ_ROLES,
    "camera-designation:read": READ_ROLES,
    "tension-signal:read": READ_ROLES,
    "youth-group:read": READ_ROLES,
    "demonstration:write": EDIT_ROLES,
    "tension-signal:write": SIGNAL_ROLES,
}


def scope_roles(scope: str) -> frozenset[str] | None:
    """The roles that may hold ``scope``, or ``None`` when the scope is not one of this module's."""
    roles = _SCOPES.get(scope)
    return frozenset(roles) if roles is not None else None


def visible(user, queryset):
    """Narrow a queryset of a GemeenteScoped model of this module to the user's gemeenten (none without a role)."""
    from veiligheidsbeeld.accounts.services import gemeenten_for

    if role_of(user) not in READ_ROLES:
        return queryset.none()
    return queryset.filter(gemeente__in=gemeenten_for(user))
