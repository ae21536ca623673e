"""``import statline-survey`` and ``import suspects`` on StatLine website CSV files in the exact CBS shapes
(issue #19 item 7).

The fixtures in ``fixtures/`` carry the real dimension names and labels of 85472NED (Regio's x Marges x Perioden,
topics in two levels), 85846NED (Kenmerken x Marges x Perioden), 85655NED (Leeftijd x Woongemeente x Perioden,
Geslacht fixed, offence groups as topics, a per-10 000 topic labelled ``aantal``) and a police table with the
offence as a dimension in the long layout; the figures are invented, and the test gemeente is GM0999 Proefdorp.
"""

from pathlib import Path

import pytest
from django.core.management import CommandError

from veiligheidsbeeld.registrations.models import PerceptionResult, RejectedRow, SuspectCount

from .helpers import run_json, write

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
REGIO = FIXTURES / "85472NED_slachtofferschap_online_regio.csv"
KENMERKEN = FIXTURES / "85846NED_slachtofferschap_online_persoonskenmerken.csv"
VERDACHTEN = FIXTURES / "85655NED_verdachten_leeftijd_woongemeente.csv"
POLITIE = FIXTURES / "politie_verdachten_delict_leeftijd_proefdorp.csv"


def test_85472ned_by_region_with_the_published_interval(small_gemeente):
    summary = run_json("import", "statline-survey", REGIO, "--gemeente", "GM0999")
    # 3 regions: Nederland and Proefdorp 2 years, Noord-Nederland 1 year; 5 topics each
    assert (summary["rows"], summary["accepted"], summary["rejected"]) == (25, 24, 1)
    assert summary["rejected_reasons"] == {"no_figure": 1}
    result = PerceptionResult.objects.get(region="Proefdorp (gemeente)", indicator="Online criminaliteit / Totaal "
                                          "slachtoffers", period_start__year=2023)
    assert (result.value, result.lower, result.upper, result.margin, result.unit) == (19.1, 17.5, 20.8, None, "%")
    assert result.area.code == "GM0999" and result.group == ""
    nederland = PerceptionResult.objects.get(region="Nederland", indicator="Hacken / Totaal slachtoffers",
                                             period_start__year=2021)
    assert (nederland.value, nederland.lower, nederland.upper) == (6.9, 6.8, 7.1)
    # the line of the rejected figure is the line of its Waarde row (title, empty line, 3 header lines first)
    assert list(RejectedRow.objects.values_list("row_number", flat=True)) == [15]


def test_85846ned_by_age_band(small_gemeente):
    summary = run_json("import", "statline-survey", KENMERKEN, "--gemeente", "GM0999")
    assert (summary["rows"], summary["accepted"], summary["rejected"]) == (18, 18, 0)
    young = PerceptionResult.objects.get(group="Leeftijd: 15 tot 25 jaar", indicator="Online criminaliteit / Totaal "
                                         "slachtoffers")
    assert (young.region, young.value, young.lower, young.upper) == ("Nederland", 18.9, 17.5, 20.6)
    assert set(PerceptionResult.objects.values_list("group", flat=True)) == {
        "Totaal personen", "Geslacht: Mannen", "Leeftijd: 15 tot 25 jaar", "Leeftijd: 25 tot 45 jaar",
        "Leeftijd: 45 tot 65 jaar", "Leeftijd: 65 jaar of ouder"}


def test_the_same_table_twice_is_duplicates(small_gemeente, tmp_path):
    run_json("import", "statline-survey", REGIO, "--gemeente", "GM0999")
    copy = write(tmp_path / "85472NED_again.csv", REGIO.read_text(encoding="utf-8-sig"))
    summary = run_json("import", "statline-survey", copy, "--gemeente", "GM0999")
    assert (summary["accepted"], summary["duplicates"]) == (0, 24)


def test_a_survey_dimension_with_several_values_is_refused(small_gemeente, tmp_path):
    text = REGIO.read_text(encoding="utf-8-sig").replace('"Regio\'s";"Marges";"Perioden"',
                                                         '"Geslacht";"Marges";"Perioden"')
    with pytest.raises(CommandError, match="'Geslacht' has several values"):
        run_json("import", "statline-survey", write(tmp_path / "x.csv", text), "--gemeente", "GM0999")
    assert not PerceptionResult.objects.exists()


def test_85655ned_suspects_by_age_class_and_offence_group(small_gemeente):
    summary = run_json("import", "suspects", VERDACHTEN, "--gemeente", "GM0999")
    # 12 data rows x 3 count topics; the per-10 000 topic is skipped though 85655NED labels it 'aantal';
    # the blank figures of 'Onbekend' are rejected
    assert (summary["rows"], summary["accepted"], summary["rejected"]) == (36, 33, 3)
    row = SuspectCount.objects.get(region="Proefdorp (gemeente)", age_class="12 tot 18 jaar",
                                   offence="Verdachten van geweldsmisdrijven")
    assert (row.count, row.age_from, row.age_to, row.sex, row.area.code) == (10, 12, 17, "", "GM0999")
    assert SuspectCount.objects.get(region="Nederland", age_class="Totaal",
                                    offence="Totaal verdachten van misdrijven").count == 147540
    assert not SuspectCount.objects.filter(count__in=[82, 103, 130, 180]).exists()  # no rate stored as a count


def test_police_table_with_the_offence_as_a_dimension(small_gemeente):
    summary = run_json("import", "suspects", POLITIE, "--gemeente", "GM0999")
    assert (summary["rows"], summary["accepted"], summary["rejected"]) == (15, 15, 0)
    overval = SuspectCount.objects.get(offence="Overval", age_class="12-17")
    assert (overval.count, overval.age_from, overval.age_to, overval.region) == (3, 12, 17, "Proefdorp (gemeente)")


def test_suspects_without_a_region_are_refused(small_gemeente, tmp_path):
    text = POLITIE.read_text(encoding="utf-8-sig").replace('"Woongemeente: Proefdorp (gemeente)"\n', "")
    with pytest.raises(CommandError, match="no dimension for region"):
        run_json("import", "suspects", write(tmp_path / "x.csv", text), "--gemeente", "GM0999")


def test_suspects_of_another_registered_gemeente_are_out_of_scope(small_gemeente, tmp_path):
    from conftest import build_small_gemeente

    build_small_gemeente("GM0998", "Anderdorp", x0=7.0)
    text = VERDACHTEN.read_text(encoding="utf-8-sig").replace(
        '"";"Proefdorp (gemeente)";"2023";"310"', '"";"Anderdorp (gemeente)";"2023";"310"')
    summary = run_json("import", "suspects", write(tmp_path / "85655NED.csv", text), "--gemeente", "GM0999")
    assert summary["out_of_scope"] == 3
    assert not SuspectCount.objects.filter(region__startswith="Anderdorp").exists()
