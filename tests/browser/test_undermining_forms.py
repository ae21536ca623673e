"""The working forms of the undermining module in the browser (issue #18): a user opens a Bibob dossier, links a
signal and an entity inside a RIEC dossier, and links a barrier to signals and a programme measure; each result
shows on the page it leads to. Screenshots for a person to look at; axe on every form page."""

import datetime as dt

import pytest

from .conftest import log_in, screenshot, serious_violations
from .test_undermining_pages import undermining_demo  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser


def _ok(page, axe_source, name):
    page.wait_for_load_state("networkidle")
    screenshot(page, name)
    violations = serious_violations(page, axe_source)
    assert not violations, "{}: {}".format(name, violations)


@pytest.fixture
def measure(small_gemeente):
    from veiligheidsbeeld.core.models import Organisation
    from veiligheidsbeeld.programmes.models import Measure, Programme

    programme = Programme.objects.create(gemeente=small_gemeente, framework_slug="test", title="Programma (test)")
    return Measure.objects.create(gemeente=small_gemeente, programme=programme, title="Keurmerk Veilig Ondernemen",
                                  priority_code="ondermijning", owner=Organisation.objects.get(name="Gemeente Proefdorp"),
                                  start=dt.date(2026, 1, 1), intervention="preventie")


def test_a_user_fills_the_undermining_forms_and_sees_the_result(page, live_server, undermining_demo, measure,  # noqa: F811
                                                                axe_source, small_gemeente):
    from veiligheidsbeeld.undermining import services
    from veiligheidsbeeld.undermining.models import Barrier, BibobDossier, Dossier

    free = services.receive_signal(small_gemeente, source="Handhaving (browser)", received_on=dt.date(2026, 1, 7),
                                   theme="witwassen", address="Browserstraat 1")
    log_in(page, live_server, "beleidsadviseur")

    # 1. a Bibob dossier through its create form
    page.goto(live_server.url + "/ondermijning/bibob/nieuw/")
    _ok(page, axe_source, "undermining-form-bibob-new")
    page.fill("#id_reference", "BIB-BROWSER-1")
    page.select_option("#id_decision_kind", index=1)
    page.fill("#id_subject", "Exploitatievergunning Browsercafé")
    page.fill("#id_application_on", "2026-11-02")
    page.fill("#id_betrokkene_name", "Browser Horeca B.V. (fictief)")
    page.fill("#id_kvk_number", "99000077")
    page.click("form.vb-form button[type=submit]")
    dossier = BibobDossier.objects.get(reference="BIB-BROWSER-1")
    page.wait_for_url("**/ondermijning/bibob/{}/".format(dossier.pk))
    assert page.locator("h1", has_text="BIB-BROWSER-1").count() or "BIB-BROWSER-1" in page.content()
    assert "Browser Horeca" in page.content()
    _ok(page, axe_source, "undermining-form-bibob-created")

    # 2. a signal and an entity linked inside the RIEC dossier
    riec = Dossier.objects.get()
    page.goto(live_server.url + "/ondermijning/dossiers/{}/koppelingen/".format(riec.pk))
    _ok(page, axe_source, "undermining-form-dossier-links")
    page.select_option("form:has(input[name=form][value=signal]) select[name=signal]", value=str(free.pk))
    page.click("form:has(input[name=form][value=signal]) button[type=submit]")
    page.wait_for_load_state("networkidle")
    free.refresh_from_db()
    assert free.dossier_id == riec.pk
    row = page.locator("table tbody tr", has_text="2026-01-07")
    assert row.count() == 1
    entity = riec.entities.order_by("pk").first()
    page.select_option("form:has(input[name=form][value=entity]) select[name=entity]", value=str(entity.pk))
    page.select_option("form:has(input[name=form][value=entity]) select[name=signal]", value=str(free.pk))
    page.click("form:has(input[name=form][value=entity]) button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert entity.caption in page.locator("table tbody tr", has_text="2026-01-07").inner_text()
    _ok(page, axe_source, "undermining-form-dossier-linked")

    # 3. a barrier linked to the signal and to a programme measure
    barrier = Barrier.objects.filter(gemeente=small_gemeente).order_by("pk").first()
    page.goto(live_server.url + "/ondermijning/barrieres/maatregelen/{}/koppelingen/".format(barrier.pk))
    _ok(page, axe_source, "undermining-form-barrier-links")
    page.check("input[name=signals][value='{}']".format(free.pk))
    page.check("input[name=programme_measures][value='{}']".format(measure.pk))
    page.click("form.vb-form button[type=submit]")
    page.wait_for_url("**/ondermijning/barrieres/{}/".format(barrier.step.model.pk))
    item = page.locator("li", has_text=barrier.measure).first
    assert "Keurmerk Veilig Ondernemen" in item.inner_text()
    assert list(barrier.programme_measures.all()) == [measure] and free in barrier.signals.all()
    _ok(page, axe_source, "undermining-form-barrier-linked")
    assert "Browserstraat" not in page.content()  # the address stays inside the dossier
    assert not page.errors, page.errors


@pytest.mark.parametrize("width", [1440, 390])
def test_vulnerability_per_bedrijventerrein_page(browser, live_server, undermining_demo, axe_source,  # noqa: F811
                                                 small_gemeente, width):
    from veiligheidsbeeld.undermining import services

    services.register_bedrijventerrein(small_gemeente, "Haven (fictief)", ["BU09990000", "BU09990001"])
    services.register_bedrijventerrein(small_gemeente, "Zuid (fictief)", ["BU09990100", "BU09990101"])
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
    page = context.new_page()
    try:
        log_in(page, live_server, "beleidsadviseur")
        page.goto(live_server.url + "/ondermijning/kwetsbaarheid/?level=bedrijventerrein")
        assert page.locator("tbody th", has_text="Haven (fictief)").count() == 1
        assert "per 100 bedrijven" in page.content()
        _ok(page, axe_source, "undermining-vulnerability-bedrijventerrein-{}".format(width))
    finally:
        context.close()
