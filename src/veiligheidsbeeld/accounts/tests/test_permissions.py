import pytest
from django.contrib.auth.models import AnonymousUser

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.permissions import (
    ACTIONS,
    ROLE_PERMISSIONS,
    can_see_gemeente,
    requires_second_factor,
)

pytestmark = pytest.mark.django_db

# The expected grants, written out independently of permissions.ACTIONS (least privilege, reviewed by hand).
EXPECTED = {
    Role.ANALIST: {
        "view_dashboard",
        "view_gemeente",
        "view_small_counts",
        "import_registrations",
        "run_analysis",
    },
    Role.BELEIDSADVISEUR: {"view_dashboard", "view_gemeente"},
    Role.KETENPARTNER: {"view_dashboard", "view_gemeente"},
    Role.PROCESREGISSEUR: {
        "view_dashboard",
        "view_gemeente",
        "view_small_counts",
        "view_person_data",
        "reidentify_person",
    },
    Role.BESTUUR: {"view_dashboard", "view_gemeente"},
    Role.BEHEERDER: {
        "view_dashboard",
        "view_gemeente",
        "manage_users",
        "manage_api_tokens",
        "run_retention",
        "view_processing_register",
    },
    Role.FG: {"view_dashboard", "view_gemeente", "review_audit", "view_processing_register"},
    Role.PUBLIEK: {"view_dashboard", "view_gemeente"},
    Role.INFORMATIEBEVEILIGER: {"view_dashboard", "view_gemeente"},  # issue 19: the cyber rights are cyber.*
}


def test_role_permission_table_is_the_reviewed_one():
    assert {role: set(actions) for role, actions in ROLE_PERMISSIONS.items()} == EXPECTED


@pytest.mark.parametrize("role", Role.values)
def test_has_perm_follows_the_table_on_own_gemeente_and_denies_on_another(
    role, make_user, small_gemeente, other_gemeente
):
    user = make_user(role)
    for action, (_roles, per_gemeente, _text) in ACTIONS.items():
        perm = "accounts.{}".format(action)
        expected = action in EXPECTED[role]
        if per_gemeente:
            assert user.has_perm(perm, small_gemeente) is expected, (role, action)
            assert user.has_perm(perm, other_gemeente) is False, (role, action, "IDOR")
            assert user.has_perm(perm) is False, (role, action, "needs the gemeente")
        else:
            assert user.has_perm(perm) is expected, (role, action)


def test_anonymous_and_inactive_users_have_no_permission(make_user, small_gemeente):
    user = make_user(Role.BEHEERDER)
    user.is_active = False
    user.save()
    for action in ACTIONS:
        assert not AnonymousUser().has_perm("accounts.{}".format(action), small_gemeente)
        assert not user.has_perm("accounts.{}".format(action), small_gemeente)


def test_can_see_gemeente_accepts_codes_and_rows(make_user, small_gemeente, other_gemeente):
    from veiligheidsbeeld.areas.models import Area

    user = make_user(Role.ANALIST)
    assert can_see_gemeente(user, "GM0999") and can_see_gemeente(user, small_gemeente)
    assert can_see_gemeente(user, Area.objects.filter(gemeente=small_gemeente).first())
    assert not can_see_gemeente(user, "GM0998") and not can_see_gemeente(user, other_gemeente)
    assert not can_see_gemeente(user, None)


def test_second_factor_is_required_for_person_data_and_administration(make_user, settings):
    assert requires_second_factor(make_user(Role.PROCESREGISSEUR))
    assert requires_second_factor(make_user(Role.BEHEERDER))
    assert requires_second_factor(make_user(Role.FG))
    assert requires_second_factor(make_user(Role.ANALIST))  # issue 15: every role seeing police or person data
    assert not requires_second_factor(make_user(Role.PUBLIEK))
    settings.OTP_REQUIRED_ROLES = ["publiek"]
    assert requires_second_factor(make_user(Role.PUBLIEK, username="p2"))
    assert not requires_second_factor(make_user(Role.ANALIST, username="a2"))


def test_admin_site_accounts_without_a_role_need_a_second_factor(client, django_user_model, settings):
    """A ``createsuperuser`` account has no role; it administers the system, so the second factor applies."""
    settings.OTP_REQUIRED_ROLES = []
    admin = django_user_model.objects.create_user(username="root", password="x" * 16, is_superuser=True)
    staff = django_user_model.objects.create_user(username="staff", password="x" * 16, is_staff=True)
    assert requires_second_factor(admin) and requires_second_factor(staff)
    client.force_login(admin)
    response = client.get("/django-admin/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/tweede-factor/")
