"""API authentication with partner tokens and the scope check every API view gets by default."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from .models import ApiToken, hash_token

__all__ = ["ApiTokenAuthentication", "ApiTokenScheme", "HasTokenScope", "required_scope"]


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
        return required_scope(request, view) in request.auth.scopes


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
