"""KWB indicators for the vulnerability composite, from the shared CBS 85984NED extract and a typed CSV."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from veiligheidsbeeld.testing import require_shared_data
from veiligheidsbeeld.undermining.kwb import import_kwb
from veiligheidsbeeld.undermining.models import AreaIndicator

pytestmark = pytest.mark.django_db


@pytest.mark.realdata
def test_import_of_the_cbs_extract():
    path = require_shared_data("nl", "cbs-kwb-2024-gemeente-wijk-json", "stripped_filtered_data_2024.json")
    counts = import_kwb(path, year=2024)
    assert counts["inhabitants"] == 3735  # 342 gemeenten + 3,393 wijken (PROVENANCE.md)
    # GM0014 AantalInwoners_5 = 243,768 (PROVENANCE.md check)
    assert AreaIndicator.objects.get(area_code="GM0014", indicator="inhabitants").value == 243768


def test_typed_csv_and_the_command(tmp_path, capsys):
    path = tmp_path / "85984NED_TypedDataSet.csv"
    path.write_text(
        '"ID";"WijkenEnBuurten";"GemiddeldeWOZWaardeVanWoningen_39";"HuurwoningenTotaal_43";"BedrijfsvestigingenTotaal_91"\n'
        '1;"WK099900  ";250;55;120\n2;"WK099901  ";;40;.\n', encoding="utf-8")
    call_command("undermining", "import-kwb", str(path), "--year", "2024")
    values = dict(((r.area_code, r.indicator), r.value) for r in AreaIndicator.objects.all())
    assert values == {("WK099900", "woz"): 250.0, ("WK099900", "rented_share"): 55.0,
                      ("WK099900", "business_establishments"): 120.0, ("WK099901", "rented_share"): 40.0}
    assert "woz: 1 areas" in capsys.readouterr().out
