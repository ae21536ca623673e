"""Who may do what: one permission per action, expressed as `rules` predicates (least privilege).

Check with ``user.has_perm("accounts.<action>")`` or, for an object, ``user.has_perm("accounts.<action>", obj)``
(Django's ``rules.permissions.ObjectPermissionBackend`` answers both). Templates use ``perms.accounts.<action>``.
Later modules add object rules built from the predicates here, e.g. need-to-know per case:
``rules.add_perm("cases.view_case", can_see_gemeente & is_case_member)``.

A role grants a permission; the object predicates then narrow it to the user's gemeenten and organisation.
The matrix of roles against permissions is :data:`ROLE_PERMISSIONS` (documented in
``docs/explanation/privacy-and-security.md``).
"""

from __future__ import annotations

import rules
from django.conf import settings

from .models import Role

__all__ = [
    "ACTIONS",
    "ROLE_PERMISSIONS",
    "can_see_gemeente",
    "has_profile",
    "has_role",
    "is_analist",
    "is_beheerder",
    "is_beleidsadviseur",
    "is_bestuur",
    "is_fg",
    "is_ketenpartner",
    "is_own_organisation",
    "is_procesregisseur",
    "is_publiek",
    "requires_second_factor",
    "role_of",
]


def role_of(user) -> str | None:
    """The role of ``user``, or ``None`` for anonymous users and accounts without a profile."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    profile = getattr(user, "profile", None)
    return profile.role if profile is not None else None


def has_role(*roles: str) -> rules.Predicate:
    """A predicate that is true for users holding one of ``roles``."""
    wanted = frozenset(roles)

    @rules.predicate(name="has_role({})".format(",".join(sorted(wanted))))
    def predicate(user) -> bool:
        return role_of(user) in wanted

    return predicate


is_analist = has_role(Role.ANALIST)
is_beleidsadviseur = has_role(Role.BELEIDSADVISEUR)
is_ketenpartner = has_role(Role.KETENPARTNER)
is_procesregisseur = has_role(Role.PROCESREGISSEUR)
is_bestuur = has_role(Role.BESTUUR)
is_beheerder = has_role(Role.BEHEERDER)
is_fg = has_role(Role.FG)
is_publiek = has_role(Role.PUBLIEK)


def _gemeente_code(obj) -> str | None:
    if obj is None:
        return None
    if isinstance(obj, str):
        return obj
    gemeente = getattr(obj, "gemeente", obj)
    return getattr(gemeente, "code", None)


@rules.predicate
def can_see_gemeente(user, obj) -> bool:
    """True when ``obj`` (a Gemeente, a gemeente code, or a row with ``.gemeente``) is one of the user's gemeenten.

    An API token narrows this further to the token's gemeenten (see :mod:`.api`).
    """
    from .services import gemeenten_for

    code = _gemeente_code(obj)
    return code is not None and gemeenten_for(user).filter(code=code).exists()


@rules.predicate
def is_own_organisation(user, obj) -> bool:
    """True when ``obj`` (an Organisation or a row with ``.organisation``) is the user's own organisation."""
    profile = getattr(user, "profile", None)
    organisation = getattr(obj, "organisation", obj)
    return profile is not None and getattr(organisation, "pk", None) == profile.organisation_id


def requires_second_factor(user) -> bool:
    """True when the user's role is in ``settings.OTP_REQUIRED_ROLES`` (person data or administration).

    Accounts that reach the admin site (staff, superusers, e.g. from ``createsuperuser`` without a role) always
    need it: they administer the system whatever the setting says.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    return role_of(user) in set(settings.OTP_REQUIRED_ROLES) or bool(user.is_staff or user.is_superuser)


@rules.predicate
def has_profile(user) -> bool:
    """True for active accounts with a role (every real user; not anonymous visitors)."""
    return role_of(user) is not None


_EVERYONE = frozenset(Role.values)

#: action -> (roles granted it, whether it is checked per gemeente, description). The single source of truth.
ACTIONS: dict[str, tuple[frozenset[str], bool, str]] = {
    "view_dashboard": (_EVERYONE, False, "See the dashboard pages (figures after disclosure control)"),
    "view_gemeente": (_EVERYONE, True, "See the figures of one of the user's gemeenten"),
    "view_small_counts": (
        frozenset({Role.ANALIST, Role.PROCESREGISSEUR}),
        True,
        "See counts below the disclosure threshold (the privileged zone)",
    ),
    "view_person_data": (frozenset({Role.PROCESREGISSEUR}), True, "See person data within case work"),
    "reidentify_person": (frozenset({Role.PROCESREGISSEUR}), True, "Turn a pseudonym back into a person"),
    "import_registrations": (frozenset({Role.ANALIST}), True, "Upload registrations of a gemeente"),
    "run_analysis": (frozenset({Role.ANALIST}), True, "Start an analysis run"),
    "manage_users": (frozenset({Role.BEHEERDER}), False, "Create and change accounts"),
    "manage_api_tokens": (frozenset({Role.BEHEERDER}), False, "Issue and revoke API tokens"),
    "run_retention": (frozenset({Role.BEHEERDER}), False, "Run the retention clean-up"),
    "review_audit": (frozenset({Role.FG}), False, "Review the audit log and reads of person data (FG)"),
    "view_processing_register": (
        frozenset({Role.FG, Role.BEHEERDER}),
        False,
        "See and export the register of processing (AVG art. 30)",
    ),
}

#: role -> the actions it is granted (on its own gemeenten where the action is checked per gemeente).
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    role: frozenset(action for action, (roles, _g, _d) in ACTIONS.items() if role in roles)
    for role in Role.values
}

for _action, (_roles, _per_gemeente, _description) in ACTIONS.items():
    _predicate = has_role(*_roles)
    rules.add_perm(
        "accounts.{}".format(_action), _predicate & can_see_gemeente if _per_gemeente else _predicate
    )
