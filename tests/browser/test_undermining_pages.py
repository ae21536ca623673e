"""The undermining pages in the browser (issue 22): overview, signals, dossier and its network drawing, Bibob
clocks and barrier models, each checked with axe-core (WCAG 2.1 AA) and screenshotted for a person to look at."""

import pytest

from .conftest import log_in, screenshot, serious_violations

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture
def undermining_demo(small_gemeente, settings):
    from veiligheidsbeeld.accounts.services import create_user
    from veiligheidsbeeld.core.models import Organisation
    from veiligheidsbeeld.undermining.demo import build

    settings.PSEUDONYM_KEY = "browser-tests-" + "k" * 40
    gemeente_org = Organisation.objects.create(name="Gemeente Proefdorp", kind="gemeente")
    politie = Organisation.objects.create(name="Politie Proefdorp", kind="politie")
    users = {}
    for username, role, org in (("beleidsadviseur", "beleidsadviseur", gemeente_org), ("analist", "analist", gemeente_org),
                                ("politie", "ketenpartner", politie), ("procesregisseur", "procesregisseur", gemeente_org)):
        users[username] = create_user(username=username, password=PASSWORD, role=role, organisation=org,
                                      gemeenten=[small_gemeente])
    return build(small_gemeente, users, {"gemeente": gemeente_org, "politie": politie})


def _check(page, axe_source, name):
    page.wait_for_load_state("networkidle")
    screenshot(page, name)
    violations = serious_violations(page, axe_source)
    assert not violations, "{}: {}".format(name, violations)


def test_undermining_pages_are_accessible(page, live_server, undermining_demo, axe_source):
    from veiligheidsbeeld.undermining.models import BarrierModel, BibobDossier, Dossier, Signal

    log_in(page, live_server, "beleidsadviseur")
    dossier = Dossier.objects.get()
    pages = {
        "undermining-overview": "/ondermijning/",
        "undermining-signals": "/ondermijning/signalen/",
        "undermining-signal": "/ondermijning/signalen/{}/".format(Signal.objects.order_by("pk").first().pk),
        "undermining-dossiers": "/ondermijning/dossiers/",
        "undermining-dossier": "/ondermijning/dossiers/{}/".format(dossier.pk),
        "undermining-bibob": "/ondermijning/bibob/",
        "undermining-bibob-dossier": "/ondermijning/bibob/{}/".format(
            BibobDossier.objects.get(reference=undermining_demo["bibob"]["late"]).pk),
        "undermining-barriers": "/ondermijning/barrieres/",
        "undermining-barrier": "/ondermijning/barrieres/{}/".format(BarrierModel.objects.get().pk),
    }
    for name, url in pages.items():
        page.goto(live_server.url + url)
        _check(page, axe_source, name)
    page.goto(live_server.url + "/ondermijning/dossiers/{}/netwerk/".format(dossier.pk))
    page.wait_for_selector("#vb-network canvas")  # cytoscape drew the network (CSP allowed the script)
    _check(page, axe_source, "undermining-network")
    page.goto(live_server.url + "/")
    _check(page, axe_source, "undermining-start-page-clocks")
    assert page.locator("text=LBB advice due").count() or page.locator("text=LBB-advies").count()
    assert not page.errors, page.errors
