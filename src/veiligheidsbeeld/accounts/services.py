"""Creating accounts (scripted set-up and the demo)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.models import Gemeente, Organisation

from .models import Profile, Role

__all__ = ["create_user", "gemeenten_for"]


@transaction.atomic
def create_user(*, username: str, password: str, role: str, organisation: Organisation, gemeenten, actor=None):
    """Create (or reset) an account with its role, organisation and gemeenten."""
    if role not in Role.values:
        raise ValueError("unknown role {!r}; valid roles: {}".format(role, ", ".join(Role.values)))
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    user.set_password(password)
    user.is_staff = role == Role.BEHEERDER
    user.save()
    profile, _ = Profile.objects.update_or_create(user=user, defaults={"role": role, "organisation": organisation})
    profile.gemeenten.set(gemeenten)
    audit.record(
        "user_created" if created else "user_updated",
        actor=actor,
        obj=user,
        role=role,
        organisation=organisation.name,
        gemeenten=[g.code for g in gemeenten],
    )
    return user


def gemeenten_for(user):
    """The gemeenten a user may see (none for an account without a profile)."""
    if not user.is_authenticated:
        return Gemeente.objects.none()
    profile = getattr(user, "profile", None)
    if profile is None:
        return Gemeente.objects.none()
    return profile.gemeenten.all()
