"""Issue 13, done when: a national 47013NED-style website CSV (all 342 gemeenten, the provincies and Nederland, 2023),
built at test time from the real per-gemeente figures and the national total in ../shared/data, imported over the
national register in one go, lands every gemeente's figure on that gemeente, Nederland on NL00 and nothing on a
wijk or buurt; the by-gemeente totals equal the file's."""

import csv

import pytest

from veiligheidsbeeld.registrations.models import CubeCell, ImportBatch, Registration, RejectedRow
from veiligheidsbeeld.testing import require_shared_data

from .helpers import run, run_json, write
from .test_statline import FOLDER
from .test_statline_website import website

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]


def test_a_national_website_csv_lands_every_figure_on_its_own_area(tmp_path):
    regions = require_shared_data(*FOLDER, "47018NED_WijkenEnBuurten.csv")
    run("areas", "import", "regions", regions)  # the national register: 342 gemeenten, Nederland, provincies
    run("areas", "import", "regions", regions, "--gemeente", "GM0014")  # and Groningen's wijken and buurten
    with open(require_shared_data(*FOLDER, "bernasco_output_gemeenten_NL_gini_2023.csv"), encoding="utf-8") as f:
        expected = {"GM" + r["nummer"]: int(r["misdaad"]) for r in csv.DictReader(f)}
    with open(require_shared_data("nl", "politie-nl-trends-misdrijven-overlast-2012-2023", "NL_Crime.csv"),
              encoding="utf-8") as f:
        nederland = next(int(r["incident_count"]) for r in csv.DictReader(f)
                         if (r["incident_type_code"], r["year"]) == ("Totaal misdrijven", "2023"))

    path = write(tmp_path / "47013NED_national_2023.csv", _website_csv(expected, nederland))
    summary = run_json("import", "statline-csv", path)  # no --gemeente: every registered gemeente

    assert len(expected) == 342 and summary["rows"] == 1 + 12 + 342 and summary["rejected"] == 0
    assert summary["accepted"] + summary["out_of_scope"] == summary["rows"]
    landed = dict(Registration.objects.filter(area__level="gemeente").values_list("area__code", "count"))
    assert landed == expected  # every gemeente on its own gemeente, with the file's figure
    assert Registration.objects.get(area__code="NL00").count == nederland
    assert Registration.objects.get(area__code="NL00").gemeente is None
    provincies = dict(Registration.objects.filter(area__level="provincie").values_list("area__code", "count"))
    assert len(provincies) == 12 and sum(provincies.values()) == sum(expected.values())
    assert not Registration.objects.filter(area__level__in=["wijk", "buurt"]).exists()
    assert not CubeCell.objects.filter(area__level__in=["wijk", "buurt"]).exists()
    assert not RejectedRow.objects.exists()
    # the by-gemeente totals equal the file's
    by_gemeente = {code: v["total_count"] for code, v in summary["by_gemeente"].items() if code.startswith("GM")}
    assert by_gemeente == expected
    assert summary["by_gemeente"]["NL00"] == {"accepted": 1, "total_count": nederland}
    assert ImportBatch.objects.get().gemeente is None  # a batch over every gemeente
    # Groningen's figure is the gemeente's only: not its provincie's, not its wijk or buurt of the same name
    assert list(Registration.objects.filter(area__gemeente__code="GM0014").values_list("area__code", "count")) == [
        ("GM0014", expected["GM0014"])]


def _website_csv(figures: dict[str, int], nederland: int) -> str:
    """The national download as the StatLine website gives it (47013NED layout: title, fixed dimensions, empty
    line, header block, rows, footer), with the official CBS names of the register (the figures file spells two
    gemeenten otherwise, e.g. "Noordoost-Friesland" for Noardeast-Fryslân) and each provincie the sum of its
    gemeenten, from the provincie column of the figures file."""
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.core.models import Gemeente

    with open(require_shared_data(*FOLDER, "bernasco_output_gemeenten_NL_gini_2023.csv"), encoding="utf-8") as f:
        provincie_of = {"GM" + r["nummer"]: r["provincie"] for r in csv.DictReader(f)}
    official = {"Friesland": "Fryslân"}
    names = dict(Gemeente.objects.values_list("code", "name"))
    pv = dict(Area.objects.filter(level="provincie").values_list("name", "code"))
    sums: dict[str, int] = {}
    for code, n in figures.items():
        name = official.get(provincie_of[code], provincie_of[code])
        sums[name] = sums.get(name, 0) + n
    assert set(sums) == set(pv)

    def number(n: int) -> str:
        return "{:,}".format(n).replace(",", ".")

    lines = [["Nederland", number(nederland)]]
    lines += [["{} (PV)".format(name), number(n)] for name, n in sorted(sums.items())]
    lines += [["{} (gemeente)".format(names[code]), number(n)] for code, n in sorted(figures.items(),
                                                                                      key=lambda i: names[i[0]])]
    return website(["Perioden", "2023"], ["Regio's", "aantal"], *lines,
                   title="Geregistreerde misdrijven; soort misdrijf, regio",
                   fixed=["Soort misdrijf: Totaal misdrijven", "Onderwerp: Geregistreerde misdrijven"])
