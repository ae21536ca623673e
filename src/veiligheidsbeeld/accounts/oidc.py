"""Optional log-in with the organisation's OpenID Connect provider (mozilla-django-oidc), least privilege.

On only when ``settings.OIDC_ENABLED`` (``VEILIGHEIDSBEELD_OIDC_RP_CLIENT_ID`` and the endpoints are set; see
:mod:`veiligheidsbeeld.conf.oidc` and ``docs/how-to/oidc-login.md``). What it does on top of mozilla-django-oidc:

* The ID token must be signed with the configured algorithm (the library), be meant for this client (``aud``,
  and ``azp`` when there are several audiences), come from the configured issuer, carry ``sub`` and ``exp``; the
  userinfo answer must be about the same ``sub``. The library leaves audience and issuer unchecked.
* It logs in only an account that already exists, matched on the user name or the (verified) e-mail claim, that
  is active and has a role. Roles, organisation and gemeenten always come from the account, never from claims.
  Only when ``VEILIGHEIDSBEELD_OIDC_CREATE_USERS`` is on does an unknown person get a new account, with the
  read-only role ``publiek``, no gemeenten and an unusable password.
* The second factor stays: :class:`~veiligheidsbeeld.accounts.middleware.SecondFactorMiddleware` asks the TOTP
  code of roles that need one after this log-in exactly as after a password.
* Every accepted or refused log-in is an audit event (``oidc_login_accepted`` / ``oidc_login_refused`` with the
  issuer, subject and reason); a failure at the provider or in the token exchange is a refusal, never an error
  page.
"""

from __future__ import annotations

import logging

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from veiligheidsbeeld.core import audit

__all__ = ["LoginRefused", "OidcBackend", "OidcCallbackView", "OidcLoginView", "enabled"]

logger = logging.getLogger("veiligheidsbeeld.accounts.oidc")

#: Errors of the exchange with the provider that refuse the log-in (anything else is a bug and stays one).
EXCHANGE_ERRORS = (requests.RequestException, jwt.PyJWTError, SuspiciousOperation, ValueError, KeyError, TypeError)


def enabled() -> bool:
    """True when the OpenID Connect log-in is configured."""
    return bool(getattr(settings, "OIDC_ENABLED", False))


class LoginRefused(SuspiciousOperation):
    """The provider vouched for someone, but Veiligheidsbeeld does not let them in (the reason is audited)."""


class OidcBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, narrowed to existing accounts (see the module documentation)."""

    def authenticate(self, request, **kwargs):
        # Only the callback view passes ``nonce``; a password log-in is the other backends' business.
        if request is None or "nonce" not in kwargs or "password" in kwargs:
            return None
        if not (request.GET.get("code") and request.GET.get("state")):
            return None
        self.identity: dict = {}
        self.refusal = ""
        try:
            user = super().authenticate(request, **kwargs)
        except EXCHANGE_ERRORS as error:
            logger.warning("OpenID Connect log-in refused: %s", error)
            self.refusal = self.refusal or "{}: {}".format(type(error).__name__, error)
            user = None
        with transaction.atomic():
            if user is None:
                audit.record(
                    "oidc_login_refused",
                    object_type="auth.user",
                    reason=(self.refusal or "refused")[:500],
                    **self.identity,
                )
            else:
                audit.record("oidc_login_accepted", actor=user, obj=user, **self.identity)
        request.oidc_audited = True
        return user

    # -- the tokens -------------------------------------------------------------------------------------------

    def verify_token(self, token, **kwargs):
        """The library's signature and nonce check, plus audience, issuer, subject and expiry."""
        payload = super().verify_token(token, **kwargs)
        client_id = self.OIDC_RP_CLIENT_ID
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if client_id not in audiences:
            raise self._refuse("the token is not meant for this client (aud {!r})".format(audience))
        if len(audiences) > 1 and payload.get("azp") != client_id:
            raise self._refuse("the token has several audiences and another authorised party (azp)")
        issuer = self.get_settings("OIDC_OP_ISSUER", "")
        if issuer and payload.get("iss") != issuer:
            raise self._refuse("the token comes from issuer {!r}, not {!r}".format(payload.get("iss"), issuer))
        if not payload.get("sub") or "exp" not in payload:
            raise self._refuse("the token lacks sub or exp")
        self.identity.setdefault("issuer", str(payload.get("iss", "")))
        self.identity.setdefault("subject", str(payload["sub"]))
        return payload

    def store_tokens(self, access_token, id_token):
        """Tokens are not kept in the session (they would only be a liability)."""

    # -- the account --------------------------------------------------------------------------------------------

    def get_or_create_user(self, access_token, id_token, payload):
        user_info = self.get_userinfo(access_token, id_token, payload)
        if str(user_info.get("sub", "")) != str(payload.get("sub")):
            raise self._refuse("the userinfo answer is about another subject than the ID token")
        claims = {**user_info, **payload}  # the signed ID token wins where both say something
        field, value = self._identifier(claims)
        self.identity.update({"matched_on": field, "claim_value": value})
        users = list(self.UserModel.objects.filter(**{field + "__iexact": value}).select_related("profile")[:2])
        if len(users) > 1:
            raise self._refuse("more than one account has {} {!r}".format(field, value))
        if users:
            user = users[0]
            if not user.is_active:
                raise self._refuse("the account {!r} is deactivated".format(user.get_username()))
            if getattr(user, "profile", None) is None:
                raise self._refuse("the account {!r} has no role".format(user.get_username()))
            return self.update_user(user, claims)
        if not self.get_settings("OIDC_NEW_USERS", False):
            raise self._refuse("no account with {} {!r}".format(field, value))
        return self.create_user(claims)

    def _identifier(self, claims) -> tuple[str, str]:
        """``(account field, value)`` the person is matched on."""
        if self.get_settings("OIDC_MATCH_ON", "username") == "email":
            claim = self.get_settings("OIDC_EMAIL_CLAIM", "email")
            value = claims.get(claim)
            if not isinstance(value, str) or "@" not in value:
                raise self._refuse("the provider sent no e-mail address in claim {!r}".format(claim))
            if not self._email_verified(claims):
                raise self._refuse("the e-mail address {!r} is not verified by the provider".format(value))
            return "email", value.strip()
        claim = self.get_settings("OIDC_USERNAME_CLAIM", "preferred_username")
        value = claims.get(claim)
        if not isinstance(value, str) or not value.strip():
            raise self._refuse("the provider sent no user name in claim {!r}".format(claim))
        return "username", value.strip()

    def _email_verified(self, claims) -> bool:
        if not self.get_settings("OIDC_REQUIRE_EMAIL_VERIFIED", True):
            return True
        verified = claims.get("email_verified")
        return verified is True or (isinstance(verified, str) and verified.lower() == "true")

    def create_user(self, claims):
        """A new account with the least privilege: role ``publiek``, no gemeenten (only when allowed)."""
        from veiligheidsbeeld.core.models import Organisation

        from .services import create_external_user

        name = self.get_settings("OIDC_NEW_USER_ORGANISATION", "")
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            raise self._refuse("the organisation {!r} for new accounts does not exist".format(name))
        field, value = self.identity["matched_on"], self.identity["claim_value"]  # from get_or_create_user
        email = claims.get(self.get_settings("OIDC_EMAIL_CLAIM", "email"))
        if not (isinstance(email, str) and self._email_verified(claims)):
            email = ""
        username = value if field == "username" else email
        if len(username) > self.UserModel._meta.get_field("username").max_length:
            raise self._refuse("the user name {!r} is too long".format(username))
        if self.UserModel.objects.filter(username__iexact=username).exists():
            raise self._refuse("an account named {!r} exists with another e-mail address".format(username))
        return create_external_user(username=username, email=email, organisation=organisation, via="oidc")

    def update_user(self, user, claims):
        """Nothing of the account changes with claims (least privilege: no role or access from the provider)."""
        return user

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def _refuse(self, reason: str) -> LoginRefused:
        self.refusal = reason
        return LoginRefused(reason)


class OidcLoginView(OIDCAuthenticationRequestView):
    """Start of the flow: to the provider with state, nonce and PKCE (404 while the log-in is off)."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)
        self.OIDC_OP_AUTH_ENDPOINT = getattr(settings, "OIDC_OP_AUTHORIZATION_ENDPOINT", "")
        self.OIDC_RP_CLIENT_ID = getattr(settings, "OIDC_RP_CLIENT_ID", "")

    def get(self, request):
        if not enabled():
            raise Http404("OpenID Connect log-in is not configured")
        return super().get(request)


class OidcCallbackView(OIDCAuthenticationCallbackView):
    """Back from the provider: log in (the backend decides), or back to the log-in page with a message."""

    def get(self, request):
        if not enabled():
            raise Http404("OpenID Connect log-in is not configured")
        try:
            return super().get(request)
        except SuspiciousOperation:  # a state this session did not start (an old tab, a replay): a refusal
            return self.login_failure()

    @property
    def failure_url(self):
        return reverse("login")

    def login_failure(self):
        request = self.request
        if not getattr(request, "oidc_audited", False):
            error = request.GET.get("error", "")
            reason = (
                "the provider answered {}".format(error[:80])
                if error
                else "the log-in started elsewhere or expired (no matching state in the session)"
            )
            with transaction.atomic():
                audit.record("oidc_login_refused", object_type="auth.user", reason=reason)
        messages.error(
            request,
            _(
                "Logging in with your organisation account did not succeed. Ask the functional administrator "
                "whether you have an account in Veiligheidsbeeld."
            ),
        )
        return HttpResponseRedirect(self.failure_url)
