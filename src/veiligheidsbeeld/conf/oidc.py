"""Settings of the optional OpenID Connect log-in (mozilla-django-oidc), read from the environment.

The log-in is off unless ``VEILIGHEIDSBEELD_OIDC_RP_CLIENT_ID`` is set; then the endpoints must be set too, and a
missing or inconsistent value stops the start-up with a message naming the variable (better than a log-in page
that fails for every user). See ``docs/how-to/oidc-login.md``.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from . import env

__all__ = ["BACKEND", "SIGN_ALGORITHMS", "settings_from_env"]

#: The authentication backend added to ``AUTHENTICATION_BACKENDS`` when the log-in is on.
BACKEND = "veiligheidsbeeld.accounts.oidc.OidcBackend"
SIGN_ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "HS256")


def settings_from_env() -> dict:
    """The Django settings of the OpenID Connect log-in: ``{"OIDC_ENABLED": False}`` when it is off.

    Raises
    ------
    django.core.exceptions.ImproperlyConfigured
        When the client id is set but a required variable is missing or a value is invalid.
    """
    client_id = env.get("VEILIGHEIDSBEELD_OIDC_RP_CLIENT_ID").strip()
    if not client_id:
        return {"OIDC_ENABLED": False}
    try:
        secret = env.get_secret("VEILIGHEIDSBEELD_OIDC_RP_CLIENT_SECRET")
    except ValueError as error:
        raise ImproperlyConfigured(str(error)) from error
    algorithm = env.get("VEILIGHEIDSBEELD_OIDC_RP_SIGN_ALGO").strip().upper()
    endpoints = {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": env.get("VEILIGHEIDSBEELD_OIDC_OP_AUTHORIZATION_ENDPOINT").strip(),
        "OIDC_OP_TOKEN_ENDPOINT": env.get("VEILIGHEIDSBEELD_OIDC_OP_TOKEN_ENDPOINT").strip(),
        "OIDC_OP_USER_ENDPOINT": env.get("VEILIGHEIDSBEELD_OIDC_OP_USER_ENDPOINT").strip(),
        "OIDC_OP_JWKS_ENDPOINT": env.get("VEILIGHEIDSBEELD_OIDC_OP_JWKS_ENDPOINT").strip() or None,
    }
    missing = ["VEILIGHEIDSBEELD_" + k for k, v in endpoints.items() if not v and k != "OIDC_OP_JWKS_ENDPOINT"]
    if not secret:
        missing.append("VEILIGHEIDSBEELD_OIDC_RP_CLIENT_SECRET (or _FILE)")
    if algorithm not in SIGN_ALGORITHMS:
        raise ImproperlyConfigured(
            "VEILIGHEIDSBEELD_OIDC_RP_SIGN_ALGO must be one of {}, not {!r}".format(
                ", ".join(SIGN_ALGORITHMS), algorithm
            )
        )
    if algorithm != "HS256" and not endpoints["OIDC_OP_JWKS_ENDPOINT"]:
        missing.append("VEILIGHEIDSBEELD_OIDC_OP_JWKS_ENDPOINT (needed for {})".format(algorithm))
    for name, url in endpoints.items():
        if url and not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise ImproperlyConfigured("VEILIGHEIDSBEELD_{} must be an https:// URL, not {!r}".format(name, url))
    match_on = env.get("VEILIGHEIDSBEELD_OIDC_MATCH_ON").strip().lower()
    if match_on not in ("username", "email"):
        raise ImproperlyConfigured(
            "VEILIGHEIDSBEELD_OIDC_MATCH_ON must be 'username' or 'email', not {!r}".format(match_on)
        )
    scopes = " ".join(env.get("VEILIGHEIDSBEELD_OIDC_RP_SCOPES").split())
    if "openid" not in scopes.split():
        raise ImproperlyConfigured("VEILIGHEIDSBEELD_OIDC_RP_SCOPES must include 'openid'")
    create_users = env.get_bool("VEILIGHEIDSBEELD_OIDC_CREATE_USERS")
    organisation = env.get("VEILIGHEIDSBEELD_OIDC_NEW_USER_ORGANISATION").strip()
    if create_users and not organisation:
        missing.append("VEILIGHEIDSBEELD_OIDC_NEW_USER_ORGANISATION (needed with VEILIGHEIDSBEELD_OIDC_CREATE_USERS)")
    if missing:
        raise ImproperlyConfigured(
            "OpenID Connect log-in is on (VEILIGHEIDSBEELD_OIDC_RP_CLIENT_ID is set) but these are missing: "
            + "; ".join(missing)
        )
    return {
        "OIDC_ENABLED": True,
        "OIDC_RP_CLIENT_ID": client_id,
        "OIDC_RP_CLIENT_SECRET": secret,
        "OIDC_RP_SIGN_ALGO": algorithm,
        "OIDC_RP_SCOPES": scopes,
        **endpoints,
        "OIDC_OP_ISSUER": env.get("VEILIGHEIDSBEELD_OIDC_OP_ISSUER").strip(),
        # The callback and start of the flow live in the accounts app (they answer 404 while the log-in is off).
        "OIDC_AUTHENTICATION_CALLBACK_URL": "accounts:oidc-callback",
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_TIMEOUT": 10,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        # mozilla-django-oidc's own creation is replaced by the backend's least-privilege rule.
        "OIDC_CREATE_USER": False,
        "OIDC_MATCH_ON": match_on,
        "OIDC_USERNAME_CLAIM": env.get("VEILIGHEIDSBEELD_OIDC_USERNAME_CLAIM").strip(),
        "OIDC_EMAIL_CLAIM": env.get("VEILIGHEIDSBEELD_OIDC_EMAIL_CLAIM").strip(),
        "OIDC_REQUIRE_EMAIL_VERIFIED": env.get_bool("VEILIGHEIDSBEELD_OIDC_REQUIRE_EMAIL_VERIFIED", True),
        "OIDC_NEW_USERS": create_users,
        "OIDC_NEW_USER_ORGANISATION": organisation,
    }
