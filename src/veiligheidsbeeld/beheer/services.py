"""What the beheer screens do (issue 21). Account, enrolment and token writes go through the same services as
``veiligheidsbeeld users`` (:mod:`veiligheidsbeeld.accounts.services`); this module adds the beheerder's scope
(only accounts, organisations and tokens of the beheerder's own gemeenten) and the writes the CLI lacks
(deactivating, retention periods, organisations). Every write is audited."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from veiligheidsbeeld.accounts import services as account_services
from veiligheidsbeeld.accounts.api import known_scopes, scope_allowed
from veiligheidsbeeld.accounts.models import ApiToken
from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.models import Organisation

from .models import RetentionPeriod

__all__ = [
    "MAX_RETENTION_DAYS", "allowed_scopes", "create_account", "create_organisation", "issue_enrolment",
    "issue_token", "managed_accounts", "managed_gemeenten", "managed_organisations", "managed_tokens",
    "retention_overrides", "retention_rows", "revoke_token", "set_active", "set_retention_days",
]

#: The longest retention period a beheerder can set (100 years).
MAX_RETENTION_DAYS = 36500


class NotManaged(PermissionError):
    """The object lies outside the beheerder's gemeenten."""


def managed_gemeenten(actor):
    """The gemeenten ``actor`` administers: their own."""
    return account_services.gemeenten_for(actor)


def managed_accounts(actor):
    """Accounts whose gemeenten all lie within ``actor``'s (and that have one at least); never superusers.

    An account that also works for another gemeente is managed by a beheerder of every gemeente it has, so a
    beheerder of one gemeente never changes what someone may see in another.
    """
    own = managed_gemeenten(actor)
    return (
        get_user_model().objects.filter(is_superuser=False, profile__isnull=False)
        .annotate(
            n_all=Count("profile__gemeenten", distinct=True),
            n_own=Count("profile__gemeenten", filter=Q(profile__gemeenten__in=own), distinct=True),
        )
        .filter(n_all__gt=0, n_all=F("n_own"))
        .select_related("profile__organisation")
        .order_by("username")
    )


def managed_account(actor, pk):
    user = managed_accounts(actor).filter(pk=pk).first()
    if user is None:
        raise NotManaged(pk)
    return user


def managed_organisations(actor):
    """Organisations working for one of ``actor``'s gemeenten."""
    return Organisation.objects.filter(gemeenten__in=managed_gemeenten(actor)).distinct().order_by("name")


def managed_tokens(actor):
    """Tokens of the accounts ``actor`` manages."""
    return (
        ApiToken.objects.filter(user__in=managed_accounts(actor).values("pk"))
        .select_related("user", "organisation").prefetch_related("gemeenten")
    )


def _check_gemeenten(actor, gemeenten):
    own = set(managed_gemeenten(actor).values_list("code", flat=True))
    outside = [g.code for g in gemeenten if g.code not in own]
    if outside or not gemeenten:
        raise NotManaged("gemeenten outside the beheerder's: {}".format(", ".join(outside) or "(none)"))


@transaction.atomic
def create_account(*, actor, username, role, organisation, gemeenten, email=""):
    """A new account (never an existing one: that would reset it) with a generated password and a one-time
    enrolment code for its authenticator. Returns ``(user, password, code)``; both are shown once."""
    _check_gemeenten(actor, gemeenten)
    if not managed_organisations(actor).filter(pk=organisation.pk).exists():
        raise NotManaged("organisation {} does not work for the beheerder's gemeenten".format(organisation))
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise ValueError("exists")
    password = secrets.token_urlsafe(18)
    account_services.check_password(password, username)
    user = account_services.create_user(
        username=username, password=password, role=role, organisation=organisation, gemeenten=gemeenten,
        actor=actor, email=email, via="beheer",
    )
    code = account_services.create_enrolment_code(user, actor=actor)
    return user, password, code


def issue_enrolment(*, actor, user) -> str:
    """A new one-time enrolment code for ``user`` (earlier open codes stop working)."""
    managed_account(actor, user.pk)
    return account_services.create_enrolment_code(user, actor=actor)


@transaction.atomic
def set_active(*, actor, user, active: bool):
    """Deactivate (no log-in, no API token works) or reactivate an account; not one's own."""
    managed_account(actor, user.pk)
    if user.pk == actor.pk:
        raise ValueError("own account")
    if user.is_active != active:
        old = user.is_active
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit.record(
            "user_reactivated" if active else "user_deactivated", actor=actor, obj=user,
            changes={"is_active": [old, active]},
        )
    return user


def allowed_scopes(user) -> list[str]:
    """The scopes ``user``'s role may hold on a token (the same rule the API applies on every use)."""
    return [scope for scope in known_scopes() if scope_allowed(user, scope)]


def issue_token(*, actor, user, name, scopes, gemeenten, days):
    """A token for ``user`` through :func:`accounts.services.create_api_token`. Returns ``(token, plaintext)``."""
    managed_account(actor, user.pk)
    _check_gemeenten(actor, gemeenten)
    return account_services.create_api_token(
        user=user, name=name, scopes=scopes, gemeenten=gemeenten, days=days, actor=actor
    )


def revoke_token(*, actor, token):
    if not managed_tokens(actor).filter(pk=token.pk).exists():
        raise NotManaged(token.pk)
    return account_services.revoke_api_token(token, actor=actor)


@transaction.atomic
def create_organisation(*, actor, name, kind, gemeenten):
    """A partner organisation working for (some of) the beheerder's gemeenten."""
    _check_gemeenten(actor, gemeenten)
    if Organisation.objects.filter(name=name, kind=kind).exists():
        raise ValueError("exists")
    organisation = Organisation.objects.create(name=name, kind=kind)
    organisation.gemeenten.set(gemeenten)
    audit.record(
        "organisation_created", actor=actor, obj=organisation, name=name, kind=kind,
        gemeenten=[g.code for g in gemeenten],
    )
    return organisation


def retention_overrides() -> dict[str, int]:
    """Category -> days set in the browser (they override ``settings.RETENTION_DAYS``)."""
    return dict(RetentionPeriod.objects.values_list("category", "days"))


def retention_rows() -> list[dict]:
    """Every retention category with its label, action, configured and effective period."""
    from veiligheidsbeeld.core import retention
    from veiligheidsbeeld.core.processing_register import _retention_labels

    days, categories = retention.configured_categories()
    overrides = retention_overrides()
    labels = _retention_labels()
    return [
        {
            "category": name, "label": labels.get(name, name.replace("_", " ")), "action": action, "anonymises": str(action).startswith("anonymis"),
            "configured": days[name], "days": overrides.get(name, days[name]), "overridden": name in overrides,
        }
        for name, (action, _handler) in categories.items()
    ]


@transaction.atomic
def set_retention_days(*, actor, category: str, days: int) -> RetentionPeriod:
    """Set the retention period of ``category`` (applied by the next retention run)."""
    from veiligheidsbeeld.core import retention

    configured, categories = retention.configured_categories()
    if category not in categories:
        raise ValueError("unknown category {!r}".format(category))
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise ValueError("days out of range")
    period = RetentionPeriod.objects.filter(category=category).first()
    old = period.days if period else configured[category]
    if period is None:
        period = RetentionPeriod(category=category, days=days)
    period.days, period.changed_by, period.changed_at = days, actor, timezone.now()
    period.save()
    audit.record(
        "retention_period_changed", actor=actor, obj=period, category=category, changes={"days": [old, days]}
    )
    return period


def public_rows(actor) -> list[dict]:
    """The beheerder's gemeenten with whether their public veiligheidsbeeld is on (issue 20, ADR 0018)."""
    from veiligheidsbeeld.public.services import is_public

    return [{"gemeente": g, "enabled": is_public(g)} for g in managed_gemeenten(actor).order_by("name")]


def set_public_pages(*, actor, code: str, enabled: bool):
    """Turn the public veiligheidsbeeld of one of ``actor``'s gemeenten on or off (audited by the public app's
    service as ``public_site_changed``); :class:`NotManaged` for any other gemeente."""
    from veiligheidsbeeld.public.services import set_public

    gemeente = managed_gemeenten(actor).filter(code=code).first()
    if gemeente is None:
        raise NotManaged(code)
    return set_public(gemeente, enabled, actor=actor)
