"""Who may see and change what in the undermining module (`rules` predicates on the accounts roles).

=====================  ==========================================================================================
what                   who
=====================  ==========================================================================================
overview (aggregates)  analist, beleidsadviseur, bestuur, procesregisseur, ketenpartner of the gemeente
signals                analist, beleidsadviseur, procesregisseur of the gemeente (AVG art. 10 data: not partners)
dossier and network    the dossier team only (any role, named per dossier); 404 for everyone else
new dossier            beleidsadviseur (the gemeente's ondermijning coordinator), who joins its team
Bibob dossiers         read: beleidsadviseur and bestuur; change: beleidsadviseur (art. 28: confidential)
barrier models         read: the overview roles; change: beleidsadviseur
=====================  ==========================================================================================
"""

from __future__ import annotations

import rules

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.permissions import can_see_gemeente, has_role, role_of

__all__ = [
    "BIBOB_EDIT_ROLES", "BIBOB_READ_ROLES", "OVERVIEW_ROLES", "SIGNAL_ROLES", "is_team_member", "visible_bibob",
    "visible_dossiers", "visible_signals",
]

OVERVIEW_ROLES = frozenset(
    {Role.ANALIST, Role.BELEIDSADVISEUR, Role.BESTUUR, Role.PROCESREGISSEUR, Role.KETENPARTNER}
)
SIGNAL_ROLES = frozenset({Role.ANALIST, Role.BELEIDSADVISEUR, Role.PROCESREGISSEUR})
BIBOB_READ_ROLES = frozenset({Role.BELEIDSADVISEUR, Role.BESTUUR})
BIBOB_EDIT_ROLES = frozenset({Role.BELEIDSADVISEUR})
DOSSIER_CREATE_ROLES = frozenset({Role.BELEIDSADVISEUR})
BARRIER_EDIT_ROLES = frozenset({Role.BELEIDSADVISEUR})


def _dossier_of(obj):
    return getattr(obj, "dossier", None) if not hasattr(obj, "team") else obj


@rules.predicate
def is_team_member(user, obj) -> bool:
    """True when ``user`` is on the team of the dossier (or of the dossier of an entity, link or intervention)."""
    dossier = _dossier_of(obj)
    if dossier is None or not getattr(user, "is_authenticated", False):
        return False
    return dossier.team.filter(pk=user.pk).exists()


reads_overview = has_role(*OVERVIEW_ROLES)
rules.add_perm("undermining.access", reads_overview | has_role(*BIBOB_READ_ROLES))
rules.add_perm("undermining.access_signals", has_role(*SIGNAL_ROLES))  # menu links, before a gemeente is chosen
rules.add_perm("undermining.access_bibob", has_role(*BIBOB_READ_ROLES))
rules.add_perm("undermining.view_overview", reads_overview & can_see_gemeente)
rules.add_perm("undermining.view_signals", has_role(*SIGNAL_ROLES) & can_see_gemeente)
rules.add_perm("undermining.add_signal", has_role(*SIGNAL_ROLES) & can_see_gemeente)
rules.add_perm("undermining.view_dossier", has_role(*Role.values) & can_see_gemeente & is_team_member)
rules.add_perm("undermining.change_dossier", has_role(*(set(Role.values) - {Role.PUBLIEK})) & can_see_gemeente
               & is_team_member)
rules.add_perm("undermining.add_dossier", has_role(*DOSSIER_CREATE_ROLES) & can_see_gemeente)
rules.add_perm("undermining.view_bibob", has_role(*BIBOB_READ_ROLES) & can_see_gemeente)
rules.add_perm("undermining.change_bibob", has_role(*BIBOB_EDIT_ROLES) & can_see_gemeente)
rules.add_perm("undermining.view_barriers", reads_overview & can_see_gemeente)
rules.add_perm("undermining.change_barriers", has_role(*BARRIER_EDIT_ROLES) & can_see_gemeente)


def _gemeenten(user):
    from veiligheidsbeeld.accounts.services import gemeenten_for

    return gemeenten_for(user)


def visible_signals(user, queryset):
    if role_of(user) not in SIGNAL_ROLES:
        return queryset.none()
    return queryset.filter(gemeente__in=_gemeenten(user))


def visible_dossiers(user, queryset):
    if role_of(user) is None:
        return queryset.none()
    return queryset.filter(team=user, gemeente__in=_gemeenten(user)).distinct()


def visible_bibob(user, queryset):
    if role_of(user) not in BIBOB_READ_ROLES:
        return queryset.none()
    return queryset.filter(gemeente__in=_gemeenten(user))
