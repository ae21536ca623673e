"""API authentication with partner tokens and the scope check every API view gets by default."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from .models import ApiToken, Role, hash_token

__all__ = [
    "ApiTokenAuthentication", "ApiTokenScheme", "HasTokenScope", "READ_RESOURCES", "TokenRateThrottle",
    "UserRateThrottle", "known_scopes", "required_scope", "roles_for_scope", "scope_allowed",
]

#: API resources that may be read with a token (router basenames and ``token_resource`` of the views).
READ_RESOURCES = frozenset(
    {"area", "measure", "budget", "kpi", "analysis-run", "alert", "hot-spot", "trend", "registration"}
    | {"undermining-signal", "bibob-dossier", "entity"}  # undermining (issue 22): the viewsets narrow by role
)

#: Read scopes of the cyber module (issue 19), for the security group only (not every role).
CYBER_READ_SCOPES = frozenset({"cyber-incident:read", "exercise:read", "awareness-campaign:read"})


def roles_for_scope(scope: str) -> frozenset[str]:
    """The roles whose accounts may hold (and use) a token scope: a token never does more than its account.

    Reads follow the dashboard (every role); ``registration:write`` needs the role that imports registrations;
    ``measure|budget|kpi:write`` the role that edits the programme; other writes exist for no role.
    """
    from veiligheidsbeeld.programmes.permissions import EDIT_ROLES
    from veiligheidsbeeld.publicorder.permissions import scope_roles as publicorder_scope_roles  # issue 17

    from .permissions import ACTIONS

    if publicorder_scope_roles(scope) is not None:
        return publicorder_scope_roles(scope)
    resource, _sep, level = scope.partition(":")
    from veiligheidsbeeld.cases.permissions import TOKEN_SCOPES as CASE_SCOPES  # cases (issue 16)

    if scope in CASE_SCOPES:
        return CASE_SCOPES[scope]
    if scope in CYBER_READ_SCOPES:  # issue 19: the security group; the FG reads breaches
        from veiligheidsbeeld.cyber.permissions import SECURITY_ROLES

        return frozenset(SECURITY_ROLES | ({Role.FG} if scope == "cyber-incident:read" else set()))
    if level == "read":
        return frozenset(Role.values) if resource in READ_RESOURCES else frozenset()
    if scope == "registration:write":
        return ACTIONS["import_registrations"][0]
    if scope in ("measure:write", "budget:write", "kpi:write"):
        return frozenset(EDIT_ROLES)
    if scope == "undermining-signal:write":  # undermining (issue 22)
        from veiligheidsbeeld.undermining.permissions import SIGNAL_ROLES

        return SIGNAL_ROLES
    return frozenset()


def known_scopes() -> list[str]:
    """Every scope some role may hold (the choices of the beheer token form, issue 21), sorted."""
    from veiligheidsbeeld.cases.permissions import TOKEN_SCOPES as CASE_SCOPES
    from veiligheidsbeeld.publicorder import permissions as publicorder

    candidates = {"{}:{}".format(r, level) for r in READ_RESOURCES for level in ("read", "write")}
    candidates |= set(CYBER_READ_SCOPES) | set(CASE_SCOPES) | set(getattr(publicorder, "_SCOPES", {}))
    candidates |= {"registration:write", "measure:write", "budget:write", "kpi:write", "undermining-signal:write"}
    return sorted(s for s in candidates if roles_for_scope(s))


def scope_allowed(user, scope: str) -> bool:
    """Whether ``user``'s role allows ``scope`` (checked when a token is issued and on every use)."""
    from .permissions import role_of

    return role_of(user) in roles_for_scope(scope)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer vb_...``: a partner system acting for its account within the token's limits."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Malformed Authorization header: use 'Bearer <token>'.")
        try:
            plaintext = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed("The token contains invalid characters.") from error
        token = (
            ApiToken.objects.select_related("user__profile").filter(key_hash=hash_token(plaintext)).first()
        )
        if token is None or not token.is_active():
            raise exceptions.AuthenticationFailed("Unknown, expired or revoked token.")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        user = token.user
        user.api_token = token
        return user, token

    def authenticate_header(self, request):
        return self.keyword


def required_scope(request, view) -> str:
    """The scope a request needs: ``<resource>:read`` for safe methods, else ``<resource>:write``.

    The resource is the view's router ``basename`` (e.g. ``area``), or its ``token_resource`` attribute.
    """
    resource = getattr(view, "token_resource", None) or getattr(view, "basename", None) or "unknown"
    level = "read" if request.method in permissions.SAFE_METHODS else "write"
    return "{}:{}".format(resource, level)


class HasTokenScope(permissions.BasePermission):
    """Requests with an API token need the scope of the view (session users are not affected)."""

    message = "The token lacks the scope for this request."

    def has_permission(self, request, view) -> bool:
        if not isinstance(request.auth, ApiToken):
            return True
        scope = required_scope(request, view)
        if scope not in request.auth.scopes:
            return False
        if not scope_allowed(request.user, scope):  # the role changed since, or the token was made by hand
            self.message = "The account's role does not allow the scope {} (any more).".format(scope)
            return False
        return True


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """Requests per API token (``API_THROTTLE_RATES["token"]``); 429 with ``Retry-After`` when over."""

    scope = "token"

    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class UserRateThrottle(throttling.UserRateThrottle):
    """Requests per account, all its tokens and its session together (``API_THROTTLE_RATES["user"]``).
    Anonymous requests are refused before throttling (every API view needs a log-in)."""

    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
        return None


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Documents the token scheme in the OpenAPI schema (drf-spectacular finds it by subclassing)."""

    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Partner token (vb_...) from `veiligheidsbeeld users token create`; scopes "
            "<resource>:read|write, limited to the token's gemeenten.",
        }
