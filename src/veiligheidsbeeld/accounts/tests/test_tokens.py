"""API tokens: hashed at rest, shown once, scoped per resource and gemeente, expiring and revocable."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from veiligheidsbeeld.accounts.models import ApiToken, Role, hash_token
from veiligheidsbeeld.accounts.services import create_api_token, revoke_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(make_user, small_gemeente, other_gemeente):
    return make_user(
        Role.KETENPARTNER, username="politie-systeem", gemeenten=[small_gemeente, other_gemeente]
    )


def _get(client, plaintext, url="/api/areas/"):
    return client.get(url, HTTP_AUTHORIZATION="Bearer {}".format(plaintext))


def test_token_is_stored_only_as_its_hash(partner, small_gemeente):
    token, plaintext = create_api_token(
        user=partner, name="BVH", scopes=["area:read"], gemeenten=[small_gemeente]
    )
    assert plaintext.startswith("vb_") and len(plaintext) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hash_token(plaintext) and plaintext not in str(stored.__dict__)


def test_token_reads_only_its_gemeenten_and_scopes(client, partner, small_gemeente, other_gemeente):
    _, plaintext = create_api_token(
        user=partner, name="BVH", scopes=["area:read"], gemeenten=[small_gemeente]
    )
    response = _get(client, plaintext)
    assert response.status_code == 200
    body = response.json()
    codes = {a["code"] for a in (body["results"] if isinstance(body, dict) else body)}
    assert codes and all(c.startswith(("GM0999", "WK0999", "BU0999")) for c in codes), codes
    from veiligheidsbeeld.areas.models import Area

    foreign = Area.objects.get(code="WK099800")
    assert _get(client, plaintext, "/api/areas/{}/".format(foreign.pk)).status_code == 404
    assert client.post("/api/areas/", {}, HTTP_AUTHORIZATION="Bearer " + plaintext).status_code in (403, 405)


def test_token_without_the_scope_is_refused(client, partner, small_gemeente):
    _, plaintext = create_api_token(
        user=partner, name="x", scopes=["trend:read"], gemeenten=[small_gemeente]
    )
    assert _get(client, plaintext).status_code == 403


def test_expired_revoked_and_unknown_tokens_are_refused(client, partner, small_gemeente):
    token, plaintext = create_api_token(
        user=partner, name="x", scopes=["area:read"], gemeenten=[small_gemeente]
    )
    assert _get(client, "vb_unknown").status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1), created_at=timezone.now() - dt.timedelta(days=2)
    )
    assert _get(client, plaintext).status_code == 401
    token2, plaintext2 = create_api_token(
        user=partner, name="y", scopes=["area:read"], gemeenten=[small_gemeente]
    )
    assert _get(client, plaintext2).status_code == 200
    revoke_api_token(token2)
    assert _get(client, plaintext2).status_code == 401


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"scopes": ["areas"]}, "invalid scopes"),
        ({"scopes": []}, "invalid scopes"),
        ({"days": 0}, "at least one day"),
    ],
)
def test_bad_token_requests_are_explained(partner, small_gemeente, kwargs, message):
    arguments = {
        "user": partner,
        "name": "x",
        "scopes": ["area:read"],
        "gemeenten": [small_gemeente],
    } | kwargs
    with pytest.raises(ValueError, match=message):
        create_api_token(**arguments)


def test_token_gemeente_must_be_among_the_accounts(make_user, other_gemeente):
    user = make_user(Role.KETENPARTNER)
    with pytest.raises(ValueError, match="not: GM0998"):
        create_api_token(user=user, name="x", scopes=["area:read"], gemeenten=[other_gemeente])


def test_token_commands(partner, capsys):
    call_command(
        "users",
        "token",
        "create",
        "--username",
        partner.username,
        "--name",
        "BVH",
        "--scope",
        "area:read",
        "--gemeente",
        "GM0999",
        "--days",
        "30",
    )
    out = capsys.readouterr().out
    plaintext = out.split("token (shown once): ")[1].strip()
    token = ApiToken.objects.get()
    assert token.key_hash == hash_token(plaintext)
    call_command("users", "token", "list")
    listed = capsys.readouterr().out
    assert "BVH" in listed and "active" in listed and plaintext not in listed
    call_command("users", "token", "revoke", str(token.pk))
    assert ApiToken.objects.get().revoked_at is not None


# --- issue 15, finding 8: the attacks of the security review. ---


def test_attack_a_token_cannot_get_a_scope_beyond_its_role(partner, small_gemeente):
    """A ketenpartner account could be given registration:write and submit registrations."""
    with pytest.raises(ValueError, match="registration:write are beyond what the role ketenpartner"):
        create_api_token(user=partner, name="x", scopes=["registration:write"], gemeenten=[small_gemeente])
    with pytest.raises(ValueError, match="beyond"):
        create_api_token(user=partner, name="x", scopes=["area:write"], gemeenten=[small_gemeente])


def test_attack_a_scope_beyond_the_role_is_refused_at_use(client, partner, make_user, small_gemeente):
    """A token made before the check (or by hand), or whose account's role was lowered, is refused when used."""
    analyst = make_user(Role.ANALIST, username="dienst")
    token, plaintext = create_api_token(user=analyst, name="x", scopes=["registration:write", "area:read"],
                                        gemeenten=[small_gemeente])
    body = {"gemeente": "GM0999", "source_system": "politie-overlast", "registrations": [
        {"source_ref": "S1", "category": "E35", "date": "2024-03-01", "area": "BU09990000"}]}
    analyst.profile.role = Role.KETENPARTNER
    analyst.profile.save()
    response = client.post("/api/registrations/", body, content_type="application/json",
                           HTTP_AUTHORIZATION="Bearer " + plaintext)
    assert response.status_code == 403 and "does not allow the scope registration:write" in response.json()["detail"]
    assert _get(client, plaintext).status_code == 200, "reads stay within the lowered role"


def test_attack_tokens_and_accounts_are_throttled_with_retry_after(client, partner, small_gemeente, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_THROTTLE_RATES = {"token": "3/min", "user": "4/min"}
    _, first = create_api_token(user=partner, name="a", scopes=["area:read"], gemeenten=[small_gemeente])
    _, second = create_api_token(user=partner, name="b", scopes=["area:read"], gemeenten=[small_gemeente])
    responses = [_get(client, first) for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429], "per token"
    assert 0 < int(responses[-1]["Retry-After"]) <= 60
    # Every request of the account counts (DRF asks each throttle): a second token does not double the budget.
    assert _get(client, second).status_code == 429, "per account"
    cache.clear()
