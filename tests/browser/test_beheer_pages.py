"""Issue 21, item 1 in the browser: a beheerder creates an account with a role and an enrolment link, issues a
partner token limited to the account's role, and changes a retention period; axe on every page on the way."""

import pytest

from .conftest import log_in, screenshot
from .test_pages import assert_accessible

pytestmark = pytest.mark.browser


def test_beheerder_account_token_and_retention_flow(page, live_server, analyst, axe_source):
    from veiligheidsbeeld.accounts.models import ApiToken, Role
    from veiligheidsbeeld.accounts.services import create_user
    from veiligheidsbeeld.beheer.models import RetentionPeriod
    from veiligheidsbeeld.core.models import AuditEvent

    organisation = analyst.profile.organisation
    create_user(username="beheerder", password="correct horse battery", role=Role.BEHEERDER,
                organisation=organisation, gemeenten=list(analyst.profile.gemeenten.all()))
    log_in(page, live_server, "beheerder")
    page.click("nav.vb-nav >> text=Beheer")
    page.wait_for_url("**/beheer/")
    assert_accessible(page, axe_source, "beheer-accounts")

    # 1. An account for a partner with a role, its organisation and gemeente; password and link shown once.
    page.click("text=Nieuw account")
    page.fill("input[name=username]", "politie-koppeling")
    page.select_option("select[name=role]", Role.KETENPARTNER)
    page.select_option("select[name=organisation]", label=organisation.name)
    page.check("input[name=gemeenten]")
    assert_accessible(page, axe_source, "beheer-account-form")
    page.click("main button[type=submit]")
    link = page.locator("#enrolment-link").inner_text()
    assert "/inloggen/tweede-factor/?code=" in link
    assert page.locator("#new-password").inner_text()
    assert_accessible(page, axe_source, "beheer-account-created")

    # 2. A token: only the scopes of the ketenpartner role are offered.
    page.click("text=Een token uitgeven voor dit account")
    offered = page.locator("input[name=scopes]").evaluate_all("nodes => nodes.map(n => n.value)")
    assert "area:read" in offered and "registration:write" not in offered
    page.fill("input[name=name]", "Politiesysteem")
    page.check("input[name=scopes][value='area:read']")
    page.check("input[name=gemeenten]")
    page.fill("input[name=days]", "30")
    assert_accessible(page, axe_source, "beheer-token-form")
    page.click("main button[type=submit]")
    plaintext = page.locator("#new-token").inner_text()
    token = ApiToken.objects.get(user__username="politie-koppeling")
    assert plaintext.startswith(token.prefix) and token.scopes == ["area:read"]
    assert_accessible(page, axe_source, "beheer-token-created")
    page.goto(live_server.url + "/beheer/tokens/")
    assert page.locator("text=Politiesysteem").count() == 1
    assert_accessible(page, axe_source, "beheer-tokens")

    # 3. A retention period.
    page.click("main >> text=Bewaartermijnen")
    row = page.locator("tr", has=page.locator("input[name=category][value=rejected_rows]"))
    row.locator("input[name=days]").fill("60")
    row.locator("button[type=submit]").click()
    page.wait_for_selector("text=Bewaartermijn opgeslagen.")
    assert RetentionPeriod.objects.get(category="rejected_rows").days == 60
    assert_accessible(page, axe_source, "beheer-retention")
    for path, name in (("/beheer/organisaties/", "beheer-organisations"), ("/beheer/themas/", "beheer-themes")):
        page.goto(live_server.url + path)
        assert_accessible(page, axe_source, name)
    page.goto(live_server.url + "/beheer/openbaar/")
    page.locator("form:has(input[name=enabled]) button[type=submit]").first.click()
    page.wait_for_selector("text=De openbare pagina's staan aan.")
    assert_accessible(page, axe_source, "beheer-public")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/beheer/bewaartermijnen/")
    screenshot(page, "beheer-retention-390")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"user_created", "otp_enrolment_issued", "api_token_created", "retention_period_changed",
            "public_site_changed"} <= actions
    assert not page.errors, page.errors
