"""Issue 21, items 1 and 2 in the browser: a beheerder creates an account with a role and an enrolment link, issues
a partner token limited to the account's role, changes a retention period, records a framework change by form and
uploads CBS area files with a progress bar; axe on every page on the way, screenshots at 1440 and 390 px."""

import pytest

from .conftest import log_in, screenshot
from .test_pages import assert_accessible

pytestmark = pytest.mark.browser

REGIONS = "\n".join([
    '"Key","Title","Description","Municipality","DetailRegionCode"',
    '"NL00      ","Nederland",,"",""',
    '"GM0999    ","Proefdorp","","GM0999","GM0999"',
    '"WK099902  ","Wijk 02 Nieuw","","GM0999","WK099902"',
    '"BU09990200","Nieuwbouw","","GM0999","BU09990200"',
]) + "\n"
PROPERTIES = ('"odata.type","ID","Position","ParentID","Type","Key","Title","Description"\n'
              '"Cbs.OData.GeoDetail",1,1,,"GeoDetail","WijkenEnBuurten","Wijken en buurten",'
              '"Wijken en buurten (indeling 2025)"\n')


def test_beheerder_account_token_and_retention_flow(page, live_server, analyst, axe_source):
    from veiligheidsbeeld.accounts.models import ApiToken, Role
    from veiligheidsbeeld.accounts.services import create_user
    from veiligheidsbeeld.beheer.models import RetentionPeriod
    from veiligheidsbeeld.core.models import AuditEvent
    from veiligheidsbeeld.frameworks.services import load_framework

    organisation = analyst.profile.organisation
    load_framework(gemeente=analyst.profile.gemeenten.get())
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

    # 4. A framework change by form: a goal, a theme and the order of a priority, with the council's decision.
    page.set_viewport_size({"width": 1440, "height": 900})
    page.click("main nav a[href='/beheer/kader/']")
    page.wait_for_url("**/beheer/kader/")
    assert_accessible(page, axe_source, "beheer-framework-1440")
    page.click("text=Kaderwijziging vastleggen voor Proefdorp")
    page.fill("input[name=besluit-date]", "2025-03-12")
    page.select_option("select[name=besluit-body]", "gemeenteraad")
    page.fill("input[name=besluit-document_reference]", "Raadsbesluit 2025-042")
    page.fill("input[name=besluit-document_url]", "https://raad.example.nl/besluit/2025-042")
    page.fill("textarea[name=besluit-reason]", "Digitale veiligheid gaat voor")
    page.fill("textarea[name=prioriteit-1-ambition]", "Een digitaal weerbare gemeente.")
    page.click("#prioriteit-2 details summary")  # the themes fold open
    page.check("input[name=prioriteit-1-themes][value=fraude]")
    page.fill("input[name=prioriteit-1-ORDER]", "0")
    assert_accessible(page, axe_source, "beheer-framework-change-1440")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Versie 2 van het kader is opgeslagen met het besluit.")
    link = page.locator("main a[href='https://raad.example.nl/besluit/2025-042']")
    assert link.inner_text() == "Raadsbesluit 2025-042"
    assert page.locator("main >> text=12 maart 2025, Gemeenteraad").count() == 1
    from veiligheidsbeeld.frameworks.versioning import current_framework

    new = current_framework(analyst.profile.gemeenten.get())
    assert new.version == 2 and new.content["priorities"][0]["ambition"] == "Een digitaal weerbare gemeente."
    assert_accessible(page, axe_source, "beheer-framework-history-1440")

    # 5. The area register: CBS files uploaded with a progress bar (JavaScript) and imported as `gemeente setup`.
    page.click("main nav a[href='/beheer/gebieden/']")
    page.wait_for_url("**/beheer/gebieden/")
    assert_accessible(page, axe_source, "beheer-areas-1440")
    page.set_input_files("input[name=files]", [
        {"name": "T_WijkenEnBuurten.csv", "mimeType": "text/csv", "buffer": REGIONS.encode()},
        {"name": "T_DataProperties.csv", "mimeType": "text/csv", "buffer": PROPERTIES.encode()},
    ])
    page.click("main button[type=submit]")
    page.wait_for_selector("#area-result")
    assert page.locator("progress").count() == 1  # the page's own bar, back in the re-rendered form
    assert "De bestanden zijn ingelezen voor GM0999." in page.locator("#area-result").inner_text()
    assert_accessible(page, axe_source, "beheer-areas-result-1440")

    page.set_viewport_size({"width": 390, "height": 844})
    for path, name in (("/beheer/bewaartermijnen/", "beheer-retention-390"), ("/beheer/gebieden/", "beheer-areas-390"),
                       ("/beheer/kader/", "beheer-framework-390"),
                       ("/beheer/kader/wijzigen/", "beheer-framework-change-390")):
        page.goto(live_server.url + path)
        screenshot(page, name)
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), name
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"user_created", "otp_enrolment_issued", "api_token_created", "retention_period_changed",
            "public_site_changed", "framework_changed", "areas_imported", "area_files_uploaded"} <= actions
    assert not page.errors, page.errors
