"""Account services: creating accounts, second-factor devices and API tokens (each write audited)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.models import Gemeente, Organisation

from .models import SCOPE_PATTERN, ApiToken, EnrolmentCode, Profile, Role, hash_enrolment_code, hash_token

__all__ = [
    "TOKEN_PREFIX",
    "check_password",
    "create_api_token",
    "create_enrolment_code",
    "create_external_user",
    "create_user",
    "gemeenten_for",
    "provision_totp",
    "redeem_enrolment_code",
    "revoke_api_token",
]

#: Plaintext tokens start with this, so secret scanners and people recognise them.
TOKEN_PREFIX = "vb_"


@transaction.atomic
def create_user(
    *, username: str, password: str | None, role: str, organisation: Organisation, gemeenten, actor=None,
    email: str = "", via: str | None = None,
):
    """Create (or reset) an account with its role, organisation and gemeenten.

    ``password=None`` gives an account that cannot log in with a password; ``via`` names what created it (an
    identity provider), recorded in the audit event.
    """
    if role not in Role.values:
        raise ValueError("unknown role {!r}; valid roles: {}".format(role, ", ".join(Role.values)))
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    old = {"role": user.profile.role} if not created and hasattr(user, "profile") else {}
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    if email:
        user.email = email
    user.is_staff = role == Role.BEHEERDER
    user.save()
    profile, _ = Profile.objects.update_or_create(
        user=user, defaults={"role": role, "organisation": organisation}
    )
    profile.gemeenten.set(gemeenten)
    audit.record(
        "user_created" if created else "user_updated",
        actor=actor,
        obj=user,
        changes={"role": [old.get("role"), str(role)]},
        role=str(role),
        member_of=organisation.name,
        gemeenten=[g.code for g in gemeenten],
        **({"via": via} if via else {}),
    )
    return user


def create_external_user(*, username: str, email: str, organisation: Organisation, via: str):
    """An account for someone an external identity provider vouches for: least privilege, no password.

    The account gets the read-only role ``publiek`` and no gemeenten; a beheerder grants more with
    ``veiligheidsbeeld users create``. It cannot log in with a password (unusable password).
    """
    return create_user(username=username, password=None, role=Role.PUBLIEK, organisation=organisation,
                       gemeenten=[], email=email, via=via)


def check_password(password: str, username: str) -> None:
    """Apply the password policy (``AUTH_PASSWORD_VALIDATORS``); raises ValueError listing what is wrong."""
    User = get_user_model()
    try:
        validate_password(password, User(username=username))
    except ValidationError as error:
        raise ValueError("password rejected: {}".format(" ".join(error.messages))) from error


@transaction.atomic
def provision_totp(user, *, actor=None) -> TOTPDevice:
    """Give ``user`` a new, confirmed TOTP device (replacing earlier ones); hand its URI over out of band."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    audit.record("totp_provisioned", actor=actor, obj=user)
    return device


#: Hours an enrolment code is valid by default.
ENROLMENT_HOURS = 72


@transaction.atomic
def create_enrolment_code(user, *, actor=None, hours: float = ENROLMENT_HOURS) -> str:
    """Issue a one-time code with which ``user`` sets up an authenticator (earlier open codes are revoked).

    Returns the code (shown once; hand it over out of band, e.g. as the link ``/inloggen/tweede-factor/?code=``).
    """
    if hours <= 0 or hours > 24 * 14:
        raise ValueError("an enrolment code is valid for more than 0 and at most 336 hours, not {}".format(hours))
    now = timezone.now()
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True).update(expires_at=now)
    raw = secrets.token_hex(10).upper()
    code = "-".join(raw[i:i + 5] for i in range(0, 20, 5))
    EnrolmentCode.objects.create(
        user=user, code_hash=hash_enrolment_code(code), expires_at=now + dt.timedelta(hours=hours),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record("otp_enrolment_issued", actor=actor, obj=user, hours=hours)
    return code


def redeem_enrolment_code(user, code: str) -> EnrolmentCode | None:
    """The usable enrolment code of ``user`` matching ``code``, or None (wrong, expired, used, someone else's)."""
    if not code or not code.strip():
        return None
    enrolment = EnrolmentCode.objects.filter(user=user, code_hash=hash_enrolment_code(code)).first()
    return enrolment if enrolment is not None and enrolment.usable else None


def gemeenten_for(user):
    """The gemeenten a user may see (none for an account without a profile).

    A request authenticated with an API token sees only the token's gemeenten among the account's.
    """
    if not user.is_authenticated:
        return Gemeente.objects.none()
    profile = getattr(user, "profile", None)
    if profile is None:
        return Gemeente.objects.none()
    token = getattr(user, "api_token", None)
    if token is not None:
        return profile.gemeenten.filter(pk__in=token.gemeenten.values("pk"))
    return profile.gemeenten.all()


#: Scopes named as the issue texts name them, for the one action that is neither a read nor a write of a
#: resource: ``known-check`` (issue 16, the bekendheidsvraag) is stored as ``known-check:write``.
SCOPE_ALIASES = {"known-check": "known-check:write"}

@transaction.atomic
def create_api_token(*, user, name: str, scopes: list[str], gemeenten, days: int = 90, actor=None):
    """Issue a token for ``user``'s partner system. Returns ``(token, plaintext)``; only the hash is stored.

    Raises
    ------
    ValueError
        For a malformed scope, a gemeente the account may not see, or a non-positive lifetime.
    """
    import re

    profile = getattr(user, "profile", None)
    if profile is None:
        raise ValueError("account {!r} has no role and organisation".format(user.get_username()))
    scopes = [SCOPE_ALIASES.get(s, s) for s in scopes]
    bad = [s for s in scopes if not re.match(SCOPE_PATTERN, s)]
    if bad or not scopes:
        raise ValueError(
            "invalid scopes {}: use <resource>:read or <resource>:write, e.g. area:read".format(bad)
        )
    from .api import scope_allowed

    beyond = [s for s in scopes if not scope_allowed(user, s)]
    if beyond:
        raise ValueError("scopes {} are beyond what the role {} of account {!r} may do".format(
            ", ".join(beyond), profile.role, user.get_username()))
    allowed = set(profile.gemeenten.values_list("code", flat=True))
    outside = [g.code for g in gemeenten if g.code not in allowed]
    if outside or not gemeenten:
        raise ValueError(
            "the token's gemeenten must be among the account's ({}); not: {}".format(
                ", ".join(sorted(allowed)), ", ".join(outside) or "(none given)"
            )
        )
    if days < 1:
        raise ValueError("a token lives at least one day, not {}".format(days))
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        name=name,
        user=user,
        organisation=profile.organisation,
        scopes=sorted(set(scopes)),
        prefix=plaintext[:8],
        key_hash=hash_token(plaintext),
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    token.gemeenten.set(gemeenten)
    audit.record(
        "api_token_created",
        actor=actor,
        obj=token,
        account=user.get_username(),
        scopes=token.scopes,
        gemeenten=[g.code for g in gemeenten],
        expires_at=token.expires_at,
    )
    return token, plaintext


@transaction.atomic
def revoke_api_token(token: ApiToken, *, actor=None) -> ApiToken:
    """Revoke ``token`` from now on (idempotent)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            "api_token_revoked", actor=actor, obj=token, changes={"revoked_at": [None, token.revoked_at]}
        )
    return token
