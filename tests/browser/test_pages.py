"""Every dashboard page in the browser: alerts acknowledged with history, a file uploaded into quarantine,
keyboard and tablet use, and axe-core (WCAG 2.1 AA) with no serious or critical violations on each page."""

import datetime as dt

import pytest

from veiligheidsbeeld.analyses.models import Alert
from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.frameworks.models import Theme

from .conftest import htmx_swap, log_in, screenshot, serious_violations

pytestmark = pytest.mark.browser

STATLINE = (
    '"ID","SoortMisdrijf","WijkenEnBuurten","Perioden","GeregistreerdeMisdrijven_1"\n'
    '1,"1.1.1 ","BU09990000","2024MM01",3\n2,"1.1.1 ","BU0999XXXX","2024MM01",4\n'
)


@pytest.fixture
def alert(analysed):
    return Alert.objects.create(
        gemeente=analysed.gemeente,
        run=analysed,
        area=Area.objects.get(code="BU09990100", year=analysed.area_year),
        theme=Theme.objects.get(code="woninginbraak"),
        month=dt.date(2024, 12, 1),
        observed=14,
        expected=5.0,
        lower=1,
        upper=10,
        probability=0.001,
        q_value=0.01,
        p_month=0.001,
        p_trend=0.2,
        severity="alarm",
        explanation="Woninginbraak in Buurt 10: 14 registraties in december 2024, verwacht 5 (1-10); uitzonderlijk hoog.",
    )


def assert_accessible(page, axe_source, name):
    screenshot(page, name)
    violations = serious_violations(page, axe_source)
    assert not violations, "{}: {}".format(name, violations)


def test_every_page_is_accessible(page, live_server, analyst, alert, axe_source):
    log_in(page, live_server)
    pages = {
        "overview": "/?thema=woninginbraak&niveau=buurt",
        "priority": "/prioriteit/hic/?thema=woninginbraak",
        "area-profile-wijk": "/gebieden/WK099901/",
        "alerts": "/signalen/",
        "alert": "/signalen/{}/".format(alert.pk),
        "runs": "/analyses/",
    }
    for name, url in pages.items():
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        assert_accessible(page, axe_source, name)
    assert not page.errors, page.errors


def test_alert_is_acknowledged_and_history_shows_it(page, live_server, analyst, alert, axe_source):
    log_in(page, live_server)
    page.goto(live_server.url + "/signalen/")
    page.locator("#alerts-table a[href=\"/signalen/{}/\"]".format(alert.pk)).click()
    page.wait_for_url("**/signalen/{}/".format(alert.pk))
    page.select_option("#s-status", "bekeken")
    page.fill("#s-note", "Checked with the wijkagent.")
    page.click("form[action$=\"/status/\"] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#alert-status").inner_text().strip().lower() in ("seen", "bekeken")
    history = page.locator(".vb-history").inner_text()
    assert "Checked with the wijkagent." in history and "analist" in history
    alert.refresh_from_db()
    assert alert.status == "bekeken" and alert.history.count() == 1
    assert_accessible(page, axe_source, "alert-acknowledged")


def test_upload_shows_the_quarantine(page, live_server, analyst, small_gemeente, tmp_path, axe_source):
    log_in(page, live_server)
    path = tmp_path / "politie.csv"
    path.write_text(STATLINE, encoding="utf-8")
    page.goto(live_server.url + "/registraties/import/")
    page.select_option("select[name=importer]", "statline")
    page.select_option("select[name=gemeente]", str(small_gemeente.pk))
    page.set_input_files("input[name=file]", str(path))
    assert_accessible(page, axe_source, "upload-form")
    page.click("main button[type=submit]")  # not the log-out button in the header
    page.wait_for_load_state()
    screenshot(page, "upload-result")
    page.wait_for_url("**/registraties/import/*/", timeout=5000)
    assert page.locator("#quarantaine").count() == 1 and "BU0999XXXX" in page.content()
    screenshot(page, "upload-quarantine")
    # Issue 15: the rows' content only with a stated purpose (logged for the FG).
    assert page.locator("input[name^=veld-]").count() == 0
    page.fill("#quarantaine-doel input[name=doel]", "controle import")
    page.click("#quarantaine-doel button[type=submit]")
    page.wait_for_url("**doel=**")
    assert page.locator("input[name^=veld-]").count() > 0
    assert_accessible(page, axe_source, "upload-quarantine-rows")
    page.goto(live_server.url + "/registraties/")  # the browser; its source list comes from the cube
    sources = page.locator("#id_source option").evaluate_all("options => options.map(o => o.value)")
    assert sources[0] == "" and len(sources) == 2, sources
    page.goto(live_server.url + "/registraties/?source=" + sources[1])
    assert page.locator("table tbody tr").count() > 0
    assert_accessible(page, axe_source, "registrations-browser")


def test_keyboard_and_tablet(browser, live_server, analyst, analysed, axe_source):
    context = browser.new_context(viewport={"width": 820, "height": 1180}, locale="nl-NL", has_touch=True)
    page = context.new_page()
    log_in(page, live_server)
    page.goto(live_server.url + "/?thema=woninginbraak&niveau=wijk")
    page.wait_for_selector(".vb-map path.leaflet-interactive")
    page.focus("#f-niveau")
    page.keyboard.press("ArrowDown")  # moving through the options changes nothing yet (WCAG 3.2.2, issue 21)
    assert "niveau=wijk" in page.url and page.locator("#f-niveau").input_value() == "buurt"
    page.keyboard.press("Tab")  # over the measure select to the filter's Show button
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.matches('form.vb-filters button[type=submit]')")
    with htmx_swap(page):
        page.keyboard.press("Enter")
    page.wait_for_url("**niveau=buurt**")
    page.wait_for_selector(".vb-map path.leaflet-interactive")  # the new map draws its fetched shapes
    assert page.locator(".vb-map path.leaflet-interactive").count() == 4
    shape = page.locator(".vb-map path.leaflet-interactive").first
    shape.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/gebieden/BU0999**")
    assert_accessible(page, axe_source, "tablet-area-profile")
    context.close()
