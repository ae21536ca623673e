"""OpenID Connect log-in against a fake provider: real RS256-signed ID tokens, a JWKS, PKCE, least privilege."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.conf import oidc as oidc_conf
from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.models import AuditEvent

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

ISSUER = "https://login.example.nl/realms/gemeente"
CLIENT_ID = "veiligheidsbeeld"
SECRET = "s3cret-from-the-provider-at-least-32-bytes"
ENDPOINTS = {
    "VEILIGHEIDSBEELD_OIDC_RP_CLIENT_ID": CLIENT_ID,
    "VEILIGHEIDSBEELD_OIDC_RP_CLIENT_SECRET": SECRET,
    "VEILIGHEIDSBEELD_OIDC_OP_ISSUER": ISSUER,
    "VEILIGHEIDSBEELD_OIDC_OP_AUTHORIZATION_ENDPOINT": ISSUER + "/auth",
    "VEILIGHEIDSBEELD_OIDC_OP_TOKEN_ENDPOINT": ISSUER + "/token",
    "VEILIGHEIDSBEELD_OIDC_OP_USER_ENDPOINT": ISSUER + "/userinfo",
    "VEILIGHEIDSBEELD_OIDC_OP_JWKS_ENDPOINT": ISSUER + "/certs",
}


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeResponse:
    def __init__(self, status, body, content_type="application/json", url=""):
        self.status_code, self._body, self.url = status, body, url
        self.headers = {"content-type": content_type}
        self.text = body if isinstance(body, str) else json.dumps(body)

    def json(self):
        return json.loads(self.text)

    def raise_for_status(self):
        if self.status_code >= 400:
            raise requests.HTTPError("{} from {}".format(self.status_code, self.url), response=self)


class FakeProvider:
    """The token, userinfo and JWKS endpoints of an OpenID Connect provider, with one signing key."""

    def __init__(self):
        self.key = _key()
        self.kid = "key-1"
        self.claims = {"sub": "a1b2c3", "preferred_username": "user-analist"}
        self.userinfo: dict | None = None
        self.id_token_overrides: dict = {}
        self.sign_with = None  # another key, to forge a token
        self.token_status = 200
        self.token_requests: list[dict] = []
        self.nonce = None

    def jwks(self):
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def id_token(self):
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": self.nonce}
        claims.update(self.claims)
        claims.update(self.id_token_overrides)
        claims = {k: v for k, v in claims.items() if v is not None}
        return jwt.encode(claims, self.sign_with or self.key, algorithm="RS256", headers={"kid": self.kid})

    def post(self, url, data=None, **kwargs):
        assert url == ISSUER + "/token"
        self.token_requests.append(dict(data))
        if self.token_status != 200:
            return FakeResponse(self.token_status, {"error": "invalid_grant"}, url=url)
        return FakeResponse(200, {"access_token": "at-123", "id_token": self.id_token(), "token_type": "Bearer"})

    def get(self, url, headers=None, **kwargs):
        if url == ISSUER + "/certs":
            return FakeResponse(200, self.jwks(), url=url)
        assert url == ISSUER + "/userinfo" and headers == {"Authorization": "Bearer at-123"}
        return FakeResponse(200, self.userinfo if self.userinfo is not None else dict(self.claims), url=url)


@pytest.fixture
def provider(monkeypatch):
    fake = FakeProvider()
    monkeypatch.setattr("mozilla_django_oidc.auth.requests.post", fake.post)
    monkeypatch.setattr("mozilla_django_oidc.auth.requests.get", fake.get)
    return fake


@pytest.fixture
def oidc_on(settings, monkeypatch, provider):
    """The settings the environment would give (through conf.oidc), and the backend in place."""
    for name, value in ENDPOINTS.items():
        monkeypatch.setenv(name, value)
    values = oidc_conf.settings_from_env()
    for name, value in values.items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [
        settings.AUTHENTICATION_BACKENDS[0], oidc_conf.BACKEND, *settings.AUTHENTICATION_BACKENDS[1:]
    ]
    return settings


def _log_in_via_provider(client, provider, next_url="/signalen/", **extra):
    start = client.get(reverse("accounts:oidc-login"), {"next": next_url})
    assert start.status_code == 302
    location = urlsplit(start["Location"])
    assert "{}://{}{}".format(location.scheme, location.netloc, location.path) == ISSUER + "/auth"
    params = {k: v[0] for k, v in parse_qs(location.query).items()}
    provider.nonce = params["nonce"]
    query = {"code": "auth-code-1", "state": params["state"], **extra}
    return params, client.get(reverse("accounts:oidc-callback"), query, REMOTE_ADDR="10.1.2.3")


def _refusal():
    return AuditEvent.objects.filter(action="oidc_login_refused").order_by("-id").first()


# -- switched off ---------------------------------------------------------------------------------------------


def test_off_by_default_no_button_and_no_routes(client, small_gemeente, settings):
    assert settings.OIDC_ENABLED is False
    assert "veiligheidsbeeld.accounts.oidc.OidcBackend" not in settings.AUTHENTICATION_BACKENDS
    html = client.get(reverse("login")).content.decode()
    assert 'id="oidc-login"' not in html and 'id="id_username"' in html
    assert client.get(reverse("accounts:oidc-login")).status_code == 404
    assert client.get(reverse("accounts:oidc-callback"), {"code": "x", "state": "y"}).status_code == 404


def test_settings_off_without_client_id(monkeypatch):
    monkeypatch.delenv("VEILIGHEIDSBEELD_OIDC_RP_CLIENT_ID", raising=False)
    assert oidc_conf.settings_from_env() == {"OIDC_ENABLED": False}


def test_settings_name_what_is_missing(monkeypatch):
    monkeypatch.setenv("VEILIGHEIDSBEELD_OIDC_RP_CLIENT_ID", CLIENT_ID)
    with pytest.raises(ImproperlyConfigured) as error:
        oidc_conf.settings_from_env()
    for name in ("TOKEN_ENDPOINT", "USER_ENDPOINT", "AUTHORIZATION_ENDPOINT", "CLIENT_SECRET", "JWKS_ENDPOINT"):
        assert name in str(error.value)


def test_settings_secret_from_file_and_checks(monkeypatch, tmp_path):
    for name, value in ENDPOINTS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("VEILIGHEIDSBEELD_OIDC_RP_CLIENT_SECRET")
    secret_file = tmp_path / "client_secret"
    secret_file.write_text("from-a-file\n")
    monkeypatch.setenv("VEILIGHEIDSBEELD_OIDC_RP_CLIENT_SECRET_FILE", str(secret_file))
    values = oidc_conf.settings_from_env()
    assert values["OIDC_RP_CLIENT_SECRET"] == "from-a-file" and values["OIDC_USE_PKCE"] is True
    assert values["OIDC_NEW_USERS"] is False and values["OIDC_RP_SIGN_ALGO"] == "RS256"
    monkeypatch.setenv("VEILIGHEIDSBEELD_OIDC_RP_CLIENT_SECRET_FILE", str(tmp_path / "absent"))
    with pytest.raises(ImproperlyConfigured, match="does not exist"):
        oidc_conf.settings_from_env()
    monkeypatch.setenv("VEILIGHEIDSBEELD_OIDC_RP_CLIENT_SECRET", SECRET)
    monkeypatch.setenv("VEILIGHEIDSBEELD_OIDC_CREATE_USERS", "true")
    with pytest.raises(ImproperlyConfigured, match="NEW_USER_ORGANISATION"):
        oidc_conf.settings_from_env()
    monkeypatch.setenv("VEILIGHEIDSBEELD_OIDC_CREATE_USERS", "false")
    monkeypatch.setenv("VEILIGHEIDSBEELD_OIDC_RP_SIGN_ALGO", "none")
    with pytest.raises(ImproperlyConfigured, match="SIGN_ALGO"):
        oidc_conf.settings_from_env()
    monkeypatch.setenv("VEILIGHEIDSBEELD_OIDC_RP_SIGN_ALGO", "RS256")
    monkeypatch.setenv("VEILIGHEIDSBEELD_OIDC_OP_TOKEN_ENDPOINT", "http://login.example.nl/token")
    with pytest.raises(ImproperlyConfigured, match="https"):
        oidc_conf.settings_from_env()


# -- switched on ----------------------------------------------------------------------------------------------


def test_login_page_shows_the_button_in_dutch(client, small_gemeente, oidc_on):
    html = client.get(reverse("login"), {"next": "/signalen/"}).content.decode()
    assert 'id="oidc-login"' in html and "Inloggen met uw organisatieaccount" in html
    assert 'href="/inloggen/organisatie/?next=%2Fsignalen%2F"' in html


def test_existing_account_logs_in_and_it_is_audited(client, make_user, oidc_on, provider):
    user = make_user(Role.ANALIST)
    params, response = _log_in_via_provider(client, provider)
    assert params["code_challenge_method"] == "S256" and params["client_id"] == CLIENT_ID
    assert params["scope"] == "openid email profile"
    assert response.status_code == 302 and response["Location"] == "/signalen/"
    sent = provider.token_requests[0]
    assert sent["code"] == "auth-code-1" and sent["client_secret"] == SECRET and len(sent["code_verifier"]) >= 43
    # Logged in; the analist's second factor follows (issue 15), as for a password log-in.
    assert client.get(reverse("dashboard:overview"))["Location"].startswith(reverse("accounts:otp-setup"))
    event = AuditEvent.objects.get(action="oidc_login_accepted")
    assert event.actor == user and event.client_address == "10.1.2.3"
    assert event.data == {
        "issuer": ISSUER, "subject": "a1b2c3", "matched_on": "username", "claim_value": "user-analist"
    }
    assert AuditEvent.objects.filter(action="user_logged_in", actor=user).exists()
    assert "oidc_access_token" not in client.session and "oidc_id_token" not in client.session
    assert audit.check() is None


def test_second_factor_is_still_required(client, make_user, oidc_on, provider):
    make_user(Role.PROCESREGISSEUR)
    provider.claims["preferred_username"] = "user-procesregisseur"
    _params, response = _log_in_via_provider(client, provider, next_url="/")
    assert response.status_code == 302
    page = client.get(reverse("dashboard:overview"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("accounts:otp-setup"))
    assert client.get("/api/areas/").status_code == 403


def test_unknown_person_is_refused_without_an_account(client, make_user, oidc_on, provider, django_user_model):
    make_user(Role.ANALIST)
    provider.claims["preferred_username"] = "stranger"
    _params, response = _log_in_via_provider(client, provider)
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert not django_user_model.objects.filter(username="stranger").exists()
    assert "no account with username 'stranger'" in _refusal().data["reason"]
    assert not AuditEvent.objects.filter(action="user_login_failed").exists(), "one event, with the reason"
    page = client.get(response["Location"])
    assert "Inloggen met uw organisatieaccount is niet gelukt" in page.content.decode()
    assert client.get(reverse("dashboard:overview")).status_code == 302


def test_claims_never_grant_a_role(client, make_user, oidc_on, provider):
    user = make_user(Role.ANALIST)
    provider.claims.update({"roles": ["beheerder"], "groups": ["admins"], "is_staff": True, "role": "fg"})
    _log_in_via_provider(client, provider)
    user.refresh_from_db()
    assert user.profile.role == Role.ANALIST and not user.is_staff and not user.is_superuser


def test_creation_is_opt_in_and_least_privilege(client, make_user, organisation, oidc_on, provider):
    from veiligheidsbeeld.accounts.permissions import ROLE_PERMISSIONS

    oidc_on.OIDC_NEW_USERS = True
    oidc_on.OIDC_NEW_USER_ORGANISATION = organisation.name
    provider.claims.update(
        {"preferred_username": "new.person", "email": "new@example.nl", "email_verified": True,
         "roles": ["beheerder"]}
    )
    _params, response = _log_in_via_provider(client, provider)
    assert response.status_code == 302 and response["Location"] == "/signalen/"
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="new.person")
    assert user.profile.role == Role.PUBLIEK and user.profile.gemeenten.count() == 0
    assert not user.has_usable_password() and not user.is_staff and user.email == "new@example.nl"
    assert not (ROLE_PERMISSIONS[Role.PUBLIEK] - {"view_dashboard", "view_gemeente"})
    created = AuditEvent.objects.get(action="user_created", object_id=str(user.pk))
    assert created.data["via"] == "oidc" and created.data["role"] == "publiek"
    # A second log-in finds the account rather than making another one.
    client.logout()
    _log_in_via_provider(client, provider)
    assert get_user_model().objects.filter(username__iexact="new.person").count() == 1


def test_match_on_verified_email_only(client, make_user, oidc_on, provider):
    user = make_user(Role.ANALIST)
    user.email = "Analist@Proefdorp.nl"
    user.save()
    oidc_on.OIDC_MATCH_ON = "email"
    provider.claims = {"sub": "x9", "email": "analist@proefdorp.nl", "email_verified": False}
    _params, response = _log_in_via_provider(client, provider)
    assert response["Location"] == reverse("login") and "not verified" in _refusal().data["reason"]
    provider.claims["email_verified"] = True
    _params, response = _log_in_via_provider(client, provider)
    assert response["Location"] == "/signalen/"
    assert AuditEvent.objects.get(action="oidc_login_accepted").actor == user


@pytest.mark.parametrize(
    "tamper,reason",
    [
        ({"aud": "another-client"}, "not meant for this client"),
        ({"aud": [CLIENT_ID, "other"], "azp": "other"}, "several audiences"),
        ({"iss": "https://evil.example/"}, "issuer"),
        ({"exp": int(time.time()) - 60}, "ExpiredSignatureError"),
        ({"nonce": "replayed"}, "Nonce"),
        ({"sub": None}, "lacks sub"),
    ],
)
def test_tokens_that_do_not_hold_are_refused(client, make_user, oidc_on, provider, tamper, reason):
    make_user(Role.ANALIST)
    provider.id_token_overrides = tamper
    _params, response = _log_in_via_provider(client, provider)
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert reason in _refusal().data["reason"]
    assert not AuditEvent.objects.filter(action="oidc_login_accepted").exists()


def test_forged_signature_is_refused(client, make_user, oidc_on, provider):
    make_user(Role.ANALIST)
    provider.sign_with = _key()
    _params, response = _log_in_via_provider(client, provider)
    assert response["Location"] == reverse("login")
    assert "verification failed" in _refusal().data["reason"]


def test_unsigned_or_hmac_token_is_refused(client, make_user, oidc_on, provider, monkeypatch):
    make_user(Role.ANALIST)
    for forged in (
        jwt.encode({"iss": ISSUER, "aud": CLIENT_ID, "sub": "a1b2c3", "exp": int(time.time()) + 60}, SECRET,
                   algorithm="HS256"),
        jwt.encode({"iss": ISSUER, "aud": CLIENT_ID, "sub": "a1b2c3", "exp": int(time.time()) + 60}, None,
                   algorithm="none"),
    ):
        monkeypatch.setattr(provider, "id_token", lambda token=forged: token)
        _params, response = _log_in_via_provider(client, provider)
        assert response["Location"] == reverse("login")
    assert AuditEvent.objects.filter(action="oidc_login_refused").count() == 2
    assert not AuditEvent.objects.filter(action="oidc_login_accepted").exists()


def test_userinfo_about_someone_else_is_refused(client, make_user, oidc_on, provider):
    make_user(Role.ANALIST)
    provider.userinfo = {"sub": "someone-else", "preferred_username": "user-analist"}
    _params, response = _log_in_via_provider(client, provider)
    assert response["Location"] == reverse("login") and "another subject" in _refusal().data["reason"]


def test_deactivated_or_roleless_account_is_refused(client, make_user, oidc_on, provider, django_user_model):
    user = make_user(Role.ANALIST)
    user.is_active = False
    user.save()
    _params, response = _log_in_via_provider(client, provider)
    assert "deactivated" in _refusal().data["reason"]
    django_user_model.objects.create_user(username="admin-without-role", password=PASSWORD, is_superuser=True)
    provider.claims["preferred_username"] = "admin-without-role"
    _params, response = _log_in_via_provider(client, provider)
    assert response["Location"] == reverse("login") and "has no role" in _refusal().data["reason"]


def test_provider_failures_are_refusals_not_errors(client, make_user, oidc_on, provider, monkeypatch):
    make_user(Role.ANALIST)
    provider.token_status = 500
    _params, response = _log_in_via_provider(client, provider)
    assert response.status_code == 302 and "HTTPError" in _refusal().data["reason"]

    def down(*args, **kwargs):
        raise requests.ConnectionError("provider unreachable")

    monkeypatch.setattr("mozilla_django_oidc.auth.requests.post", down)
    _params, response = _log_in_via_provider(client, provider)
    assert response.status_code == 302 and "unreachable" in _refusal().data["reason"]
    # The provider itself says no (e.g. the user cancelled): audited, back to the log-in page.
    start = client.get(reverse("accounts:oidc-login"))
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    response = client.get(reverse("accounts:oidc-callback"), {"error": "access_denied", "state": state})
    assert response["Location"] == reverse("login") and "access_denied" in _refusal().data["reason"]


def test_a_state_this_session_did_not_start_is_a_refusal(client, make_user, oidc_on, provider):
    make_user(Role.ANALIST)
    client.get(reverse("accounts:oidc-login"))  # the session holds a state, but not the one that comes back
    response = client.get(reverse("accounts:oidc-callback"), {"code": "auth-code-1", "state": "replayed"})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "no matching state" in _refusal().data["reason"]


def test_failed_callbacks_do_not_lock_out_the_address(client, make_user, oidc_on, provider, settings):
    make_user(Role.ANALIST)
    provider.claims["preferred_username"] = "stranger"
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _log_in_via_provider(client, provider)
    provider.claims["preferred_username"] = "user-analist"
    _params, response = _log_in_via_provider(client, provider)
    assert response["Location"] == "/signalen/"


def test_password_login_still_works_and_never_calls_the_provider(client, make_user, oidc_on, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("the provider was called during a password log-in")

    monkeypatch.setattr("mozilla_django_oidc.auth.requests.post", forbidden)
    make_user(Role.ANALIST)
    response = client.post(
        reverse("login") + "?code=x&state=y", {"username": "user-analist", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action__startswith="oidc_").exists()


def test_open_redirect_after_login_is_not_followed(client, make_user, oidc_on, provider):
    make_user(Role.ANALIST)
    _params, response = _log_in_via_provider(client, provider, next_url="https://evil.example/")
    assert response.status_code == 302 and "evil.example" not in response["Location"]
