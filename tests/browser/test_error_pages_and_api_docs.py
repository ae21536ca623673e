"""Issue 21 in the browser: the branded Dutch error pages (400, 403, 404, 500) and /api/docs/ with the vendored
Swagger UI, each with axe-core (WCAG 2.1 AA), no CSP violation or script error, screenshots at 1440 and 390 px."""

import pytest
from django.core.exceptions import SuspiciousOperation
from django.urls import include, path

from .conftest import log_in, screenshot
from .test_pages import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.urls(__name__)]


def _server_error(request):
    raise RuntimeError("browser test: the 500 page")


def _bad_request(request):
    raise SuspiciousOperation("browser test: the 400 page")


#: The application's routes plus two that fail on purpose (this module is the URL configuration of its tests).
urlpatterns = [
    path("testfout/500/", _server_error),
    path("testfout/400/", _bad_request),
    path("", include("veiligheidsbeeld.urls")),
]

WIDTHS = (1440, 390)


def _look(page, axe_source, name):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page, axe_source, "{}-{}".format(name, width))
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, "{} scrolls sideways at {} px ({} px)".format(name, width, overflow)


def test_error_pages(page, live_server, analyst, axe_source):
    expected = {
        "/testfout/400/": (400, "Het verzoek kon niet worden verwerkt"),
        "/bestaat-niet/": (404, "Deze pagina bestaat niet"),
        "/testfout/500/": (500, "Er ging iets mis aan onze kant"),
    }
    for url, (status, heading) in expected.items():
        response = page.goto(live_server.url + url)
        assert response.status == status, (url, response.status)
        assert page.locator("h1").inner_text() == heading
        assert page.locator("a[href='/']").count() >= 1  # navigation back to the overview
        _look(page, axe_source, "error-{}".format(status))
    log_in(page, live_server)
    response = page.goto(live_server.url + "/privacy/inzage/")  # the FG's page
    assert response.status == 403
    assert page.locator("h1").inner_text() == "U hebt geen toegang tot deze pagina"
    assert page.locator("nav.vb-nav").count() == 1
    _look(page, axe_source, "error-403")
    # the console reports each error status itself; anything else (a CSP violation, a script error) fails
    unexpected = [e for e in page.errors if not e.startswith("Failed to load resource: the server responded")]
    assert not unexpected, unexpected


def test_api_docs_with_the_vendored_viewer(page, live_server, analyst, axe_source):
    page.goto(live_server.url + "/api/docs/")
    page.wait_for_selector("#api-reference .opblock", timeout=20_000)  # Swagger UI rendered the operations
    assert page.locator("#api-reference .opblock-tag").count() >= 5
    assert "Een token krijgen" in page.locator("#inhoud").inner_text()
    _look(page, axe_source, "api-docs")
    assert not page.errors, page.errors  # no CSP violation (reported on the console), no script error


def test_pages_changed_for_dutch(page, live_server, analyst, analysed, axe_source):
    """The pages whose English issue 21 removed (run parameters and dates, hot spots, quarantine, retention),
    with axe and screenshots at both widths."""
    from veiligheidsbeeld.accounts.services import create_user
    from veiligheidsbeeld.registrations import services
    from veiligheidsbeeld.registrations.importers import REGISTRY

    importer = REGISTRY["api"](gemeente=analysed.gemeente, source_system="browser")
    bad = {"source_ref": "bad-1", "category": "onbekend", "date": "2024-11-03", "area": "BU09990000"}
    batch = services.run_records(importer, [bad], user=None, organisation=None, label="browser").batch
    log_in(page, live_server)
    pages = {"runs": "/analyses/", "area-profile": "/gebieden/WK099901/?thema=woninginbraak",
             "batch": "/registraties/import/{}/?doel=controle".format(batch.pk)}
    for name, url in pages.items():
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            assert_accessible(page, axe_source, "nl-{}-{}".format(name, width))
    page.goto(live_server.url + "/analyses/")
    text = page.locator("main").inner_text()
    assert "(min_population)" in text and "None" not in text and "{'" not in text
    page.context.clear_cookies()
    create_user(username="fg", password="correct horse battery", role="fg", organisation=analyst.profile.organisation,
                gemeenten=[analysed.gemeente])
    log_in(page, live_server, username="fg")
    page.goto(live_server.url + "/privacy/verwerkingsregister/")
    assert "auditlog: " in page.locator("main").inner_text()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page, axe_source, "nl-processing-register-{}".format(width))
    assert not page.errors, page.errors
