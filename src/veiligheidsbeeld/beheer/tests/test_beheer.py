"""The beheer screens (issue 21): a beheerder manages accounts, tokens, organisations and retention periods of
their own gemeenten only, through the same services as the CLI, and every change is audited."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from veiligheidsbeeld.accounts.models import ApiToken, EnrolmentCode, Role
from veiligheidsbeeld.accounts.tests.conftest import log_in
from veiligheidsbeeld.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(make_user, client):
    user = make_user(Role.BEHEERDER)
    log_in(client, user)
    return user


def test_beheerder_creates_an_account_with_role_and_enrolment_link(client, beheerder, organisation, small_gemeente):
    response = client.post("/beheer/accounts/nieuw/", {
        "username": "nieuwe-analist", "role": Role.ANALIST, "organisation": organisation.pk,
        "gemeenten": [small_gemeente.pk],
    })
    assert response.status_code == 200
    user = get_user_model().objects.get(username="nieuwe-analist")
    assert user.profile.role == Role.ANALIST and list(user.profile.gemeenten.all()) == [small_gemeente]
    code = response.context["enrolment_code"]
    assert "/inloggen/tweede-factor/?code=" in response.context["enrolment_link"]
    assert EnrolmentCode.objects.get(user=user).usable
    assert user.check_password(response.context["password"])
    actions = list(AuditEvent.objects.filter(object_id=str(user.pk)).values_list("action", "actor_id"))
    assert actions == [("user_created", beheerder.pk), ("otp_enrolment_issued", beheerder.pk)]
    assert code in response.content.decode()
    # The same username again never resets the existing account.
    again = client.post("/beheer/accounts/nieuw/", {
        "username": "nieuwe-analist", "role": Role.BEHEERDER, "organisation": organisation.pk,
        "gemeenten": [small_gemeente.pk],
    })
    assert again.status_code == 200 and "username" in again.context["form"].errors
    user.profile.refresh_from_db()
    assert user.profile.role == Role.ANALIST


def test_beheerder_of_one_gemeente_cannot_manage_another(client, beheerder, make_user, other_gemeente, organisation):
    foreign = make_user(Role.ANALIST, username="buur-analist", gemeenten=[other_gemeente])
    both = make_user(Role.ANALIST, username="beide-analist", gemeenten=[other_gemeente, beheerder.profile.gemeenten.get()])
    listing = client.get("/beheer/").content.decode()
    assert "buur-analist" not in listing and "beide-analist" not in listing
    for target in (foreign, both):
        assert client.get("/beheer/accounts/{}/".format(target.pk)).status_code == 404
        assert client.post("/beheer/accounts/{}/".format(target.pk), {"action": "deactivate"}).status_code == 404
        assert client.post("/beheer/accounts/{}/token/".format(target.pk), {
            "name": "x", "scopes": ["area:read"], "gemeenten": [other_gemeente.pk], "days": 5,
        }).status_code == 404
        target.refresh_from_db()
        assert target.is_active
    # Creating an account for the other gemeente: the gemeente is not a choice.
    response = client.post("/beheer/accounts/nieuw/", {
        "username": "indringer", "role": Role.ANALIST, "organisation": organisation.pk,
        "gemeenten": [other_gemeente.pk],
    })
    assert "gemeenten" in response.context["form"].errors
    assert not get_user_model().objects.filter(username="indringer").exists()
    # A token of a foreign account cannot be revoked either.
    from veiligheidsbeeld.accounts.services import create_api_token

    token, _plain = create_api_token(user=foreign, name="buur", scopes=["area:read"], gemeenten=[other_gemeente])
    assert client.post("/beheer/tokens/{}/intrekken/".format(token.pk)).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_deactivate_and_reactivate_are_audited(client, beheerder, make_user):
    target = make_user(Role.ANALIST)
    client.post("/beheer/accounts/{}/".format(target.pk), {"action": "deactivate"})
    target.refresh_from_db()
    assert not target.is_active
    client.post("/beheer/accounts/{}/".format(target.pk), {"action": "activate"})
    target.refresh_from_db()
    assert target.is_active
    events = AuditEvent.objects.filter(object_id=str(target.pk), action__in=["user_deactivated", "user_reactivated"])
    assert {(e.action, tuple(e.changes["is_active"])) for e in events} == {
        ("user_deactivated", (True, False)), ("user_reactivated", (False, True))}
    # One's own account cannot be deactivated.
    client.post("/beheer/accounts/{}/".format(beheerder.pk), {"action": "deactivate"})
    beheerder.refresh_from_db()
    assert beheerder.is_active


def test_token_scopes_are_limited_to_the_accounts_role(client, beheerder, make_user, small_gemeente):
    partner = make_user(Role.KETENPARTNER, username="partner")
    form = client.get("/beheer/accounts/{}/token/".format(partner.pk)).context["form"]
    offered = {value for value, _label in form.fields["scopes"].choices}
    assert "area:read" in offered and "registration:write" not in offered
    refused = client.post("/beheer/accounts/{}/token/".format(partner.pk), {
        "name": "Te veel", "scopes": ["registration:write"], "gemeenten": [small_gemeente.pk], "days": 30,
    })
    assert "scopes" in refused.context["form"].errors and not ApiToken.objects.exists()
    issued = client.post("/beheer/accounts/{}/token/".format(partner.pk), {
        "name": "Politiekoppeling", "scopes": ["area:read"], "gemeenten": [small_gemeente.pk], "days": 30,
    })
    token = ApiToken.objects.get()
    assert issued.context["plaintext"].startswith(token.prefix) and token.scopes == ["area:read"]
    assert AuditEvent.objects.filter(action="api_token_created", actor=beheerder, object_id=str(token.pk)).exists()
    client.post("/beheer/tokens/{}/intrekken/".format(token.pk))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token_revoked", actor=beheerder).count() == 1


def test_retention_period_change_is_stored_audited_and_applied(client, beheerder, settings):
    from veiligheidsbeeld.core import retention
    from veiligheidsbeeld.core.processing_register import load_register

    response = client.post("/beheer/bewaartermijnen/", {"category": "rejected_rows", "days": "45"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="retention_period_changed")
    assert event.actor_id == beheerder.pk
    assert event.changes == {"days": [settings.RETENTION_DAYS["rejected_rows"], 45]}
    outcomes = {o.category: o.days for o in retention.run(dry_run=True)}
    assert outcomes["rejected_rows"] == 45 and outcomes["uploads"] == settings.RETENTION_DAYS["uploads"]
    assert any("rejected_rows: 45 days" in r for a in load_register().activities for r in a.retention)
    for bad in ("0", "99999999", "x"):
        client.post("/beheer/bewaartermijnen/", {"category": "rejected_rows", "days": bad})
    assert client.post("/beheer/bewaartermijnen/", {"category": "nope", "days": "5"}).status_code == 404
    assert AuditEvent.objects.filter(action="retention_period_changed").count() == 1


def test_organisation_created_for_own_gemeente_only(client, beheerder, small_gemeente, other_gemeente):
    from veiligheidsbeeld.core.models import Organisation

    client.post("/beheer/organisaties/", {"name": "Buurtteam Zuid", "kind": "wij", "gemeenten": [other_gemeente.pk]})
    assert not Organisation.objects.filter(name="Buurtteam Zuid").exists()
    client.post("/beheer/organisaties/", {"name": "Buurtteam Zuid", "kind": "wij", "gemeenten": [small_gemeente.pk]})
    organisation = Organisation.objects.get(name="Buurtteam Zuid")
    assert AuditEvent.objects.filter(action="organisation_created", object_id=str(organisation.pk)).exists()
    assert "Buurtteam Zuid" in client.get("/beheer/organisaties/").content.decode()


def test_django_admin_is_for_superusers_only(client, beheerder, django_user_model):
    assert client.get("/django-admin/").status_code == 302  # to the admin's log-in: no access
    root = django_user_model.objects.create_user(username="root", password="x" * 16, is_superuser=True)
    log_in(client, root)
    assert client.get("/django-admin/").status_code == 200


def test_public_pages_switched_for_own_gemeente_only(client, beheerder, small_gemeente, other_gemeente):
    from veiligheidsbeeld.public.services import is_public

    assert client.post("/beheer/openbaar/", {"gemeente": other_gemeente.code, "enabled": "1"}).status_code == 404
    assert not is_public(other_gemeente)
    assert client.post("/beheer/openbaar/", {"gemeente": small_gemeente.code, "enabled": "1"}).status_code == 302
    assert is_public(small_gemeente)
    assert AuditEvent.objects.filter(action="public_site_changed", actor=beheerder).exists()
    page = client.get("/beheer/openbaar/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "/openbaar/{}/".format(small_gemeente.code) in page and "Zet uit voor" in page
    client.post("/beheer/openbaar/", {"gemeente": small_gemeente.code, "enabled": "0"})
    assert not is_public(small_gemeente)
