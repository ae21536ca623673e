"""The upload page with a StatLine website download (issue 13): a file cut off is refused in Dutch, and imported
on request; screenshots in ``test-artifacts/``."""

import pytest

from veiligheidsbeeld.registrations.models import ImportBatch
from veiligheidsbeeld.registrations.tests.test_statline_website import REGIONS_AS_ROWS

from .conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def test_a_statline_download_cut_off_is_refused_then_accepted(page, live_server, analyst, small_gemeente, tmp_path):
    log_in(page, live_server)
    path = tmp_path / "47018NED.csv"
    path.write_bytes(REGIONS_AS_ROWS[:REGIONS_AS_ROWS.index('"Buurt 01";"12"') + 15].encode("utf-8-sig"))

    def upload(partial: bool):
        page.goto(live_server.url + "/registraties/import/")
        page.select_option("select[name=importer]", "statline-csv")
        page.select_option("select[name=gemeente]", str(small_gemeente.pk))
        page.set_input_files("input[name=file]", str(path))
        if partial:
            page.check("input[name=accept_partial]")
        page.click("main button[type=submit]")
        page.wait_for_load_state()

    upload(False)
    screenshot(page, "upload-statline-cut-off")
    assert "het bestand is afgebroken" in page.content() and not ImportBatch.objects.exists()
    upload(True)
    page.wait_for_url("**/registraties/import/*/", timeout=5000)
    screenshot(page, "upload-statline-accepted-partial")
    assert "Afgebroken bestand" in page.content() and "per 1 000 inwoners" in page.content()
