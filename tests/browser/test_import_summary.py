"""The batch page after an upload of a file of several gemeenten (issue 13, item 9): the per-gemeente summary, the
rows outside the import and the ambiguous names, in Dutch; screenshot in ``test-artifacts/``."""

import pytest

from veiligheidsbeeld.areas.models import Area

from .conftest import log_in, screenshot, serious_violations

pytestmark = pytest.mark.browser

STATLINE = ('"ID","SoortMisdrijf","WijkenEnBuurten","Perioden","GeregistreerdeMisdrijven_1"\n'
            '1,"1.1.1 ","BU09990000","2024MM01",3\n2,"1.1.1 ","BU00140001","2024MM01",4\n'
            '3,"1.1.1 ","GM0363","2024MM01",5\n4,"0.0.0 ","GM0999","2024MM01",30\n')
TABLE = "Nummer;Categorie;Datum;Buurt\n1;Overlast jeugd;2024-02-01;Buurt 00\n2;Overlast jeugd;2024-02-02;Wijk 1\n"
MAPPING = ("source_system: meldingen-openbare-ruimte\ncolumns: {source_ref: Nummer, category: Categorie, "
           "date: Datum, area_name: Buurt}\ncategories: {\"Overlast jeugd\": jeugdoverlast}\n")


def test_batch_page_shows_per_gemeente_outside_and_ambiguous(page, live_server, analyst, small_gemeente, tmp_path,
                                                             axe_source):
    Area.objects.create(gemeente=small_gemeente, code="BU09990002", name="Wijk 1", level="buurt", year=2024,
                        parent=Area.objects.get(code="WK099900"))
    log_in(page, live_server)

    def upload(importer, name, text, mapping=None):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        page.goto(live_server.url + "/registraties/import/")
        page.select_option("select[name=importer]", importer)
        page.select_option("select[name=gemeente]", str(small_gemeente.pk))
        page.set_input_files("input[name=file]", str(path))
        if mapping:
            (tmp_path / "m.yaml").write_text(mapping, encoding="utf-8")
            page.set_input_files("input[name=mapping]", str(tmp_path / "m.yaml"))
        page.click("main button[type=submit]")
        page.wait_for_url("**/registraties/import/*/", timeout=10000)

    upload("statline", "12345NED_landelijk.csv", STATLINE)
    screenshot(page, "batch-per-gemeente-out-of-scope")
    content = page.content()
    assert "Per gemeente" in content and "Rijen buiten deze import" in content and "GM0363" in content
    assert "Totaal van de bron" in content
    assert serious_violations(page, axe_source) == []
    upload("table", "meldingen.csv", TABLE, MAPPING)
    screenshot(page, "batch-ambiguous-names")
    assert "Dubbelzinnige gebiedsnamen" in page.content()
    assert serious_violations(page, axe_source) == []
