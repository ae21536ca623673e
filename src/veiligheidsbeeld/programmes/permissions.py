"""Who may see and change the programme, as `rules` predicates on the roles of :mod:`veiligheidsbeeld.accounts`.

========================  ===================================================================
role                      programme (framework pages, measures, budgets, KPIs)
========================  ===================================================================
beleidsadviseur           reads and edits everything of their gemeenten
bestuur, analist          read everything of their gemeenten
ketenpartner,             read only the measures where their organisation is owner or partner,
procesregisseur           with those measures' budgets and KPIs
others                    nothing (the raad and public see the published report)
========================  ===================================================================

Check with ``rules.has_perm("programmes.<action>", user, obj)`` (or ``user.has_perm`` when the rules backend is
installed). List views filter with :func:`visible_measures`.
"""

from __future__ import annotations

import rules
from django.db.models import Q

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.permissions import can_see_gemeente, has_role, role_of

__all__ = [
    "EDIT_ROLES",
    "ORGANISATION_ROLES",
    "READ_ALL_ROLES",
    "can_edit",
    "can_view_measure",
    "can_view_programme",
    "is_involved_organisation",
    "sees_own_measures_only",
    "visible_measures",
]

EDIT_ROLES = frozenset({Role.BELEIDSADVISEUR})
READ_ALL_ROLES = frozenset({Role.BELEIDSADVISEUR, Role.BESTUUR, Role.ANALIST})
ORGANISATION_ROLES = frozenset({Role.KETENPARTNER, Role.PROCESREGISSEUR})


def _measure_of(obj):
    """The measure of a measure, budget, KPI or KPI value (None for a KPI of a whole priority)."""
    if obj is None:
        return None
    if hasattr(obj, "kpi"):
        obj = obj.kpi
    return obj if hasattr(obj, "owner_id") else getattr(obj, "measure", None)


@rules.predicate
def is_involved_organisation(user, obj) -> bool:
    """True when the user's organisation owns the object's measure or is one of its partners."""
    measure = _measure_of(obj)
    profile = getattr(user, "profile", None)
    if measure is None or profile is None:
        return False
    return measure.owner_id == profile.organisation_id or measure.partners.filter(pk=profile.organisation_id).exists()


reads_all = has_role(*READ_ALL_ROLES)
reads_own = has_role(*ORGANISATION_ROLES)

can_view_programme = (reads_all | reads_own) & can_see_gemeente
can_view_measure = can_see_gemeente & (reads_all | (reads_own & is_involved_organisation))
can_edit = has_role(*EDIT_ROLES) & can_see_gemeente

rules.add_perm("programmes.access_programme", reads_all | reads_own)  # the menu item, before a gemeente is chosen
rules.add_perm("programmes.view_programme", can_view_programme)
rules.add_perm("programmes.view_measure", can_view_measure)
rules.add_perm("programmes.change_programme", can_edit)


def sees_own_measures_only(user) -> bool:
    """True for the roles whose measures, budgets and KPIs are narrowed to their organisation's measures (the
    pages then say so, :mod:`veiligheidsbeeld.core.visibility`)."""
    return role_of(user) in ORGANISATION_ROLES


def visible_measures(user, queryset):
    """Narrow a Measure queryset to what ``user`` may see (gemeenten, and organisation for partner roles)."""
    from veiligheidsbeeld.accounts.services import gemeenten_for

    role = role_of(user)
    queryset = queryset.filter(gemeente__in=gemeenten_for(user))
    if role in READ_ALL_ROLES:
        return queryset
    if role in ORGANISATION_ROLES:
        organisation = user.profile.organisation_id
        return queryset.filter(Q(owner_id=organisation) | Q(partners__pk=organisation)).distinct()
    return queryset.none()
