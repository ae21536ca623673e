"""Who may see and do what in the casusregie: need-to-know enforced per case.

==================  ===========================================================================================
role                cases
==================  ===========================================================================================
procesregisseur     every case of their gemeenten, in full; registers, changes, shares, records disclosures
ketenpartner        only cases where their organisation has an *active* participation (deelname), only the data
                    categories of that participation; asks known-checks; a case without one is a 404
bestuur, analist,   counts per type and wijk after disclosure control (no case, no person)
beleidsadviseur
fg                  the inzage export per person (the WGS contactpunt)
others              nothing
==================  ===========================================================================================
"""

from __future__ import annotations

import rules
from django.db.models import Q

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.permissions import can_see_gemeente, has_role, role_of

__all__ = ["FIGURE_ROLES", "TOKEN_SCOPES", "has_active_participation", "visible_cases"]

FIGURE_ROLES = frozenset({Role.BESTUUR, Role.ANALIST, Role.BELEIDSADVISEUR, Role.PROCESREGISSEUR})

#: API token scopes of the module and the roles whose accounts may hold them (accounts.api.roles_for_scope).
TOKEN_SCOPES = {
    "case:read": frozenset({Role.PROCESREGISSEUR, Role.KETENPARTNER}),
    "case:write": frozenset({Role.PROCESREGISSEUR}),
    "known-check:write": frozenset({Role.PROCESREGISSEUR, Role.KETENPARTNER}),
}

is_coordinator = has_role(Role.PROCESREGISSEUR)
is_partner = has_role(Role.KETENPARTNER)


def _case_of(obj):
    return getattr(obj, "case", None) or obj


@rules.predicate
def has_active_participation(user, obj) -> bool:
    """True when the user's organisation has an active participation in the case (of ``obj``)."""
    profile = getattr(user, "profile", None)
    case = _case_of(obj)
    if profile is None or case is None or getattr(case, "pk", None) is None:
        return False
    return case.participations.active().filter(organisation_id=profile.organisation_id).exists()


rules.add_perm("cases.access_cases", is_coordinator | is_partner)
rules.add_perm("cases.view_case", can_see_gemeente & (is_coordinator | (is_partner & has_active_participation)))
rules.add_perm("cases.change_case", can_see_gemeente & is_coordinator)
rules.add_perm("cases.register_case", is_coordinator)
rules.add_perm("cases.ask_known_check", is_coordinator | is_partner)
rules.add_perm("cases.view_figures", has_role(*FIGURE_ROLES))
rules.add_perm("cases.inzage", has_role(Role.FG))
rules.add_perm("cases.answer_known_checks", is_partner)  # the partner inbox of known-checks
rules.add_perm("cases.view_algorithm_register", has_role(*FIGURE_ROLES, Role.FG))


def visible_cases(user, queryset, now=None):
    """Narrow a Case queryset to what ``user`` may see: their gemeenten, and for partners the active
    participations of their organisation."""
    from veiligheidsbeeld.accounts.services import gemeenten_for
    from django.utils import timezone

    now = now or timezone.now()
    role = role_of(user)
    queryset = queryset.filter(gemeente__in=gemeenten_for(user))
    if role == Role.PROCESREGISSEUR:
        return queryset
    if role == Role.KETENPARTNER:
        active = Q(participations__organisation_id=user.profile.organisation_id,
                   participations__valid_from__lte=now, participations__ended_at__isnull=True) & (
            Q(participations__valid_until__isnull=True) | Q(participations__valid_until__gt=now)
        )
        return queryset.filter(active).distinct()
    return queryset.none()
