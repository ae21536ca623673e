"""``veiligheidsbeeld import statline-csv``: the StatLine website's CSV download."""

import pytest

from veiligheidsbeeld.registrations.models import Registration

from .helpers import run_json, write

pytestmark = pytest.mark.django_db

TEXT = "\n".join([
    '"Geregistreerde misdrijven; soort misdrijf, wijk, buurt"',
    '',
    '"Soort misdrijf";"Wijken en buurten";"Perioden";"Geregistreerde misdrijven (aantal)"',
    '"1.1.1 Diefstal/inbraak woning";"Buurt 00";"2024";"12"',
    '"Mishandeling";"Wijk 1";"2024 2e kwartaal";"1.204"',
    '"Totaal misdrijven";"Proefdorp (gemeente)";"2024 maart*";"40"',
    '"Totaal misdrijven";"Buurt 01";"2024";"."',
    '"Totaal misdrijven";"Buurt 10";"2024";"x"',
    '"Totaal misdrijven";"Nergens";"2024";"3"',
    '"Zakkenrollen";"Buurt 00";"2024 13e maand";"3"',
    '',
    '"Bron: CBS"',
]) + "\n"


def test_website_csv(tmp_path, small_gemeente):
    summary = run_json("import", "statline-csv", write(tmp_path / "47018NED_web.csv", TEXT, "cp1252"),
                       "--gemeente", "GM0999")
    assert (summary["rows"], summary["accepted"], summary["rejected"]) == (7, 3, 4)
    assert summary["rejected_reasons"] == {
        "bad_period": 1, "no_figure": 1, "secret": 1, "unknown_area": 1, "unknown_category": 1
    }
    stored = set(Registration.objects.values_list("source_ref", "precision", "count"))
    assert stored == {
        ("47018NED/1.1.1/BU09990000/2024JJ00", "year", 12),
        ("47018NED/1.4.5/WK099901/2024KW02", "quarter", 1204),
        ("47018NED/0.0.0/GM0999/2024MM03", "month", 40),
    }
    odata = '"ID","SoortMisdrijf","WijkenEnBuurten","Perioden","GeregistreerdeMisdrijven_1"\n1,"1.1.1 ","BU09990000","2024JJ00",12\n'
    again = run_json("import", "statline", write(tmp_path / "47018NED_odata.csv", odata))
    assert (again["accepted"], again["duplicates"]) == (0, 1)
