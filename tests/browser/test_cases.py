"""The casusregie pages in the browser (issue 16): every page of each role that works in it, screenshotted to
test-artifacts/ and checked with axe-core (WCAG 2.1 AA, no serious or critical violations)."""

import pytest

from .conftest import log_in, screenshot, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_cases(small_gemeente):
    from veiligheidsbeeld.accounts.services import create_user
    from veiligheidsbeeld.cases.demo import build_demo_cases
    from veiligheidsbeeld.core.models import Organisation

    organisations = {}
    for key, name, kind in (("zvh", "ZVH Proefdorp (fictief)", "zvh"), ("politie", "Politie Proefdorp", "politie"),
                            ("wijkteam", "Wijkteam Proefdorp", "wij"), ("gemeente", "Gemeente Proefdorp", "gemeente")):
        organisations[key] = Organisation.objects.create(name=name, kind=kind)
        organisations[key].gemeenten.add(small_gemeente)
    users = {}
    for username, role, org in (("procesregisseur", "procesregisseur", "zvh"), ("wijkteam", "ketenpartner", "wijkteam"),
                                ("politie", "ketenpartner", "politie"), ("fg", "fg", "gemeente"),
                                ("burgemeester", "bestuur", "gemeente")):
        users[username] = create_user(username=username, password="correct horse battery", role=role,
                                      organisation=organisations[org], gemeenten=[small_gemeente])
    build_demo_cases(small_gemeente, users, organisations)
    return users


def _check(page, axe_source, name):
    page.wait_for_load_state("networkidle")
    screenshot(page, name)
    violations = serious_violations(page, axe_source)
    assert not violations, "{}: {}".format(name, violations)


def test_case_pages_are_accessible(browser, live_server, demo_cases, axe_source):
    from veiligheidsbeeld.cases.models import Case

    executing = Case.objects.get(status="uitvoering")
    for username, pages in (
        ("procesregisseur", {"cases-list": "/casussen/", "cases-triage": "/casussen/triage/",
                             "cases-create": "/casussen/nieuw/", "cases-case": "/casussen/{}/".format(executing.pk),
                             "cases-figures-procesregisseur": "/casussen/cijfers/", "cases-topx": "/casussen/top-x/",
                             "cases-case-wvggz": "/casussen/{}/".format(Case.objects.get(case_type="verward_gedrag").pk),
                             "cases-algoritmeregister": "/casussen/top-x/algoritmeregister/",
                             "cases-case-escalated": "/casussen/{}/".format(Case.objects.get(status="triage").pk)}),
        ("wijkteam", {"cases-mine-partner": "/casussen/", "cases-case-partner": "/casussen/{}/".format(executing.pk),
                      "cases-known-check-inbox": "/casussen/bekendheidsvragen/"}),
        ("burgemeester", {"cases-figures-bestuur": "/casussen/cijfers/",
                          "cases-algoritmeregister-bestuur": "/casussen/top-x/algoritmeregister/"}),
        ("fg", {"cases-inzage": "/casussen/inzage/"}),
    ):
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
        page = context.new_page()
        errors = []
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        log_in(page, live_server, username)
        for name, url in pages.items():
            page.goto(live_server.url + url)
            _check(page, axe_source, name)
        if username == "procesregisseur":  # the forms of the case page, opened
            page.goto(live_server.url + "/casussen/{}/".format(executing.pk))
            for summary in page.locator("details > summary").all():
                summary.click()
            _check(page, axe_source, "cases-case-forms-open")
        if username == "fg":
            page.fill("#id_bsn", "999990019")
            page.click("form.vb-form button[type=submit]:not([name])")
            page.wait_for_load_state("networkidle")
            assert "ZVH-" in page.content()
            _check(page, axe_source, "cases-inzage-result")
        assert not errors, errors
        context.close()
