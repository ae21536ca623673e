"""``import survey`` (Veiligheidsmonitor) and ``import table --mapping`` (any CSV/XLSX)."""

import pytest
from django.core.management import CommandError

from veiligheidsbeeld.registrations.models import CubeCell, PerceptionResult, Registration, RejectedRow
from veiligheidsbeeld.testing import require_shared_data

from .bad_input.corpus import xlsx_bytes
from .helpers import run_json, write

pytestmark = pytest.mark.django_db

MAPPING = """
source_system: meldingen-openbare-ruimte
kind: melding
columns:
  source_ref: Meldingnummer
  category: Categorie
  date: Datum
  area_name: Buurt
  count: Aantal
  attributes: [Status]
categories:
  "Overlast jeugd": jeugdoverlast
  "Zwerfvuil": leefbaarheid-overig
"""


@pytest.mark.realdata
def test_veiligheidsmonitor_provinces(small_gemeente):
    path = require_shared_data("nl", "veiligheidsmonitor-provincies-2015-2017", "Veiligheidsgevoel Provincies.csv")
    summary = run_json("import", "survey", path, "--gemeente", "GM0999")
    assert summary["rows"] == summary["accepted"] + summary["rejected"] + summary["duplicates"]
    assert summary["accepted"] == 30 * 12 * 3 and summary["total_count"] == 0
    result = PerceptionResult.objects.get(
        region="Groningen (PV)", indicator="Voelt zich wel eens onveilig", period_start__year=2016
    )
    assert (result.value, result.margin, result.unit, result.area) == (33.4, 2.1, "%", None)
    assert not CubeCell.objects.exists()
    again = run_json("import", "survey", path, "--gemeente", "GM0999")
    assert again["batch"] == summary["batch"] and again["accepted"] == 0


def test_survey_cells_without_figure_are_quarantined(tmp_path, small_gemeente):
    path = write(tmp_path / "vm.csv", 'Onderwerp,Perioden,Waarde_Proefdorp_2023,Waarde_Proefdorp_2024,'
                 'Marges_Proefdorp_2023,Marges_Proefdorp_2024\n|||Voelt zich onveilig,%,"21,5",x,"1,0",\n')
    summary = run_json("import", "survey", path, "--gemeente", "GM0999")
    assert (summary["rows"], summary["accepted"], summary["rejected_reasons"]) == (2, 1, {"no_figure": 1})
    result = PerceptionResult.objects.get()
    assert (result.value, result.margin, result.area.code) == (21.5, 1.0, "GM0999")
    assert RejectedRow.objects.get().raw == {"Onderwerp": "|||Voelt zich onveilig", "Perioden": "%",
                                             "Waarde_Proefdorp_2024": "x", "Marges_Proefdorp_2024": ""}


def test_table_with_mapping_cp1252_semicolons_dutch_dates(tmp_path, small_gemeente):
    mapping = write(tmp_path / "mapping.yaml", MAPPING)
    path = write(tmp_path / "meldingen.csv", "\n".join([
        "Meldingnummer;Categorie;Datum;Buurt;Straat;Aantal;Status",
        "M1;Overlast jeugd;3-1-2024;Buurt 00;Hoofdstraat;1;Afgehandeld",
        "M2;Zwerfvuil;5 mrt 2024;Buurt 01;Kerkstraat;1.200;Open",
        "M3;Zwerfvuil;31-02-2024;Buurt 01;Kerkstraat;1;Open",
        "M4;Onbekend;2024-01-01;Wijk 1;Kerkstraat;2,0;Open",
        "M5;Overlast jeugd;2024-01-01;Café de Hoek;Kerkstraat;1;Open",
    ]) + "\n", encoding="cp1252")
    summary = run_json("import", "table", path, "--mapping", mapping, "--gemeente", "GM0999")
    assert (summary["rows"], summary["accepted"], summary["rejected"]) == (5, 2, 3)
    assert summary["rejected_reasons"] == {"bad_date": 1, "unknown_area": 1, "unknown_category": 1}
    m2 = Registration.objects.get(source_ref="M2")
    assert (m2.count, m2.period_start.isoformat(), m2.attributes) == (1200, "2024-03-05", {"Status": "Open"})
    assert "Café de Hoek" in RejectedRow.objects.get(row_number=6).reasons[0]["message"]


def test_table_from_xlsx(tmp_path, small_gemeente):
    mapping = write(tmp_path / "mapping.yaml", MAPPING)
    path = tmp_path / "meldingen.xlsx"
    path.write_bytes(xlsx_bytes([["Meldingnummer", "Categorie", "Datum", "Buurt", "Aantal", "Status"],
                                 ["M1", "Overlast jeugd", "2024-01-03", "Buurt 00", "1", "Open"]]))
    assert run_json("import", "table", path, "--mapping", mapping, "--gemeente", "GM0999")["accepted"] == 1


@pytest.mark.parametrize("mapping, message", [
    ("columns: {}", "source_system is required"),
    ("source_system: x\ncolumns: {source_ref: a, category: b, date: c}", "columns.area or columns.area_name"),
    ("source_system: x\ncolumns: {source_ref: a, category: b, date: c, area: d, attributes: [Straatnaam]}",
     "looks like an address"),
    ("source_system: x\ncolumns: {source_ref: a, category: b, date: c, area: d}\ncategories: {q: geen-thema}",
     "unknown theme 'geen-thema'"),
    ("source_system: x\ncolumns: {source_ref: a, category: b, date: c, area: Buurtcode}", "missing columns: a, b, c"),
])
def test_bad_mappings_are_refused(tmp_path, small_gemeente, mapping, message):
    path = write(tmp_path / "t.csv", "Meldingnummer;Categorie\nM1;x\n")
    with pytest.raises(CommandError, match=message):
        run_json("import", "table", path, "--mapping", write(tmp_path / "m.yaml", mapping), "--gemeente", "GM0999")


def test_a_provincie_result_is_not_linked_to_the_same_named_gemeente(tmp_path, small_gemeente):
    """Fails on the code before issue 13: the ``(PV)`` suffix was dropped and the figure linked to GM0999."""
    path = write(tmp_path / "vm.csv", 'Onderwerp,Perioden,Waarde_Proefdorp (PV)_2023,Waarde_Proefdorp (gemeente)_2023\n'
                                      '|||Voelt zich onveilig,%,"30,1","21,5"\n')
    run_json("import", "survey", path, "--gemeente", "GM0999")
    assert set(PerceptionResult.objects.values_list("region", "area__code")) == {
        ("Proefdorp (PV)", None), ("Proefdorp (gemeente)", "GM0999")}
