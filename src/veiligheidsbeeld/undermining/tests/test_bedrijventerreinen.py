"""Bedrijventerreinen (issue #18 item 6): registered per gemeente as a named set of buurten from the CLI, scored over
their buurten at ``?level=bedrijventerrein`` with the components shown, small counts hidden, never an address."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from django.core.management import CommandError, call_command

from veiligheidsbeeld.accounts.tests.conftest import other_gemeente  # noqa: F401
from veiligheidsbeeld.core.disclosure import policy_from_settings
from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.undermining import services
from veiligheidsbeeld.undermining.area_vulnerability import terrein_components, vulnerability_rows, weights_for
from veiligheidsbeeld.undermining.models import AreaIndicator, Bedrijventerrein

from .conftest import log_in

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


def _cli(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("undermining", *args, stdout=out)
    return out.getvalue()


def test_the_cli_registers_lists_loads_and_removes(small_gemeente, other_gemeente, tmp_path):  # noqa: F811
    out = _cli("bedrijventerrein", "add", "Zuidoost Industrie", "--gemeente", "GM0999", "--buurten", "BU09990100",
               "bu09990101")
    assert "Zuidoost Industrie: 2 buurten" in out
    terrein = Bedrijventerrein.objects.get(gemeente=small_gemeente)
    assert terrein.slug == "zuidoost-industrie"
    assert sorted(terrein.buurten.values_list("code", flat=True)) == ["BU09990100", "BU09990101"]
    assert AuditEvent.objects.filter(action="bedrijventerrein_registered", object_id=str(terrein.pk)).exists()
    with pytest.raises(CommandError, match="WK09990000|not buurten"):  # a wijk is not a buurt
        _cli("bedrijventerrein", "add", "X", "--gemeente", "GM0999", "--buurten", "WK099900")
    with pytest.raises(CommandError, match="BU09980000"):  # another gemeente's buurt
        _cli("bedrijventerrein", "add", "X", "--gemeente", "GM0999", "--buurten", "BU09980000")
    assert Bedrijventerrein.objects.count() == 1
    # re-adding by the same name replaces the buurten
    _cli("bedrijventerrein", "add", "Zuidoost industrie", "--gemeente", "GM0999", "--buurten", "BU09990101")
    assert list(Bedrijventerrein.objects.get().buurten.values_list("code", flat=True)) == ["BU09990101"]
    path = tmp_path / "terreinen.yaml"
    path.write_text("- {name: Haven (fictief), buurten: [BU09990000]}\n"
                    "- {name: Noord, buurten: [BU09990001, BU09990000], description: voorbeeld}\n", encoding="utf-8")
    assert "Noord: 2 buurten" in _cli("bedrijventerrein", "load", str(path), "--gemeente", "GM0999")
    listing = _cli("bedrijventerrein", "list", "--gemeente", "GM0999")
    assert "Noord\tBU09990000 BU09990001" in listing and "Haven (fictief)\tBU09990000" in listing
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {name: Goed, buurten: [BU09990000]}\n- {name: Fout, buurten: [BU00000000]}\n", encoding="utf-8")
    with pytest.raises(CommandError):
        _cli("bedrijventerrein", "load", str(bad), "--gemeente", "GM0999")
    assert not Bedrijventerrein.objects.filter(name="Goed").exists()  # all or nothing
    assert "removed Noord" in _cli("bedrijventerrein", "remove", "Noord", "--gemeente", "GM0999")
    assert AuditEvent.objects.filter(action="bedrijventerrein_removed").count() == 1
    assert Bedrijventerrein.objects.count() == 2


def test_terrein_components_reference_values():
    # businesses 120 + 30 = 150; 3 signals -> 2 per 100; WOZ weighted by dwellings (10, 30) -> 350,000;
    # and rented share (20 * 10 + 60 * 30) / 40 = 50; population change weighted by inhabitants (40, 10)
    buurten = [{"inhabitants": 40, "kwb": {"business_establishments": 120, "woz": 200000, "dwellings": 10,
                                           "rented_share": 20, "population_change": -10}},
               {"inhabitants": 10, "kwb": {"business_establishments": 30, "woz": 400000, "rented_share": 60,
                                           "population_change": 20, "dwellings": 30}}]
    comps = terrein_components(3, 6, buurten)
    assert comps["signal_density"] == 2.0 and comps["registration_density"] == 4.0
    assert comps["low_woz"] == -350000.0 and comps["rented_share"] == 50.0
    assert math.isclose(comps["population_change"], abs((-10 * 40 + 20 * 10) / 50))
    assert "business_density" not in comps and "business_density" not in weights_for("bedrijventerrein")
    # a buurt without a business count: no density (a part of the terrein would be missing from the denominator)
    assert "signal_density" not in terrein_components(3, 6, [buurten[0], {"inhabitants": 5, "kwb": {}}])
    # a buurt without its dwelling count: the plain mean
    del buurten[1]["kwb"]["dwellings"]
    assert terrein_components(None, None, buurten)["low_woz"] == -300000.0


@pytest.fixture
def terreinen(small_gemeente):
    for code, businesses, woz in (("BU09990000", 400, 150000), ("BU09990001", 50, 300000),
                                  ("BU09990100", 200, 250000), ("BU09990101", 300, 180000)):
        AreaIndicator.objects.create(area_code=code, year=2024, indicator="business_establishments", value=businesses)
        AreaIndicator.objects.create(area_code=code, year=2024, indicator="woz", value=woz)
    haven = services.register_bedrijventerrein(small_gemeente, "Haven", ["BU09990000", "BU09990001"])
    zuid = services.register_bedrijventerrein(small_gemeente, "Zuid", ["BU09990100", "BU09990101"])
    area = {a.code: a for a in haven.buurten.all() | zuid.buurten.all()}
    for k in range(7):  # 7 signals in Haven (buurt 00: 6, buurt 01: 1), 6 in Zuid (buurt 10)
        services.receive_signal(small_gemeente, source="Handhaving", received_on=dt.date(2026, 10, 1), theme="drugs",
                                area=area["BU09990000" if k < 6 else "BU09990001"], address="Havenweg {}".format(k))
    for k in range(6):
        services.receive_signal(small_gemeente, source="Politie", received_on=dt.date(2026, 10, 1), theme="fraude",
                                area=area["BU09990100"], address="Industrieweg {}".format(k))
    return haven, zuid


def test_vulnerability_per_bedrijventerrein(small_gemeente, terreinen):
    haven, zuid = terreinen
    rows = {r["area"].name: r for r in vulnerability_rows(small_gemeente, TODAY, level="bedrijventerrein")}
    assert set(rows) == {"Haven", "Zuid"}
    assert rows["Haven"]["signals"] == 7 and rows["Zuid"]["signals"] == 6
    assert rows["Haven"]["inhabitants"] == 3000 and [b.code for b in rows["Zuid"]["buurten"]] == [
        "BU09990100", "BU09990101"]
    names = list(weights_for("bedrijventerrein"))
    # per 100 businesses: Haven 7/450 = 1.56, Zuid 6/500 = 1.2 -> Haven +1, Zuid -1 on signal density
    assert rows["Haven"]["z"][names.index("signal_density")] == 1.0
    assert rows["Zuid"]["z"][names.index("signal_density")] == -1.0
    # WOZ unweighted (no dwelling counts): Haven 225,000, Zuid 215,000 -> Zuid scores higher on low WOZ
    assert rows["Zuid"]["z"][names.index("low_woz")] == 1.0
    assert rows["Haven"]["score"] > rows["Zuid"]["score"]  # weights 2 (signals) vs 1 (WOZ)
    # under the disclosure policy Haven's buurt 01 (1 signal) is hidden, so is Haven's total and its density
    protected = {r["area"].name: r for r in vulnerability_rows(small_gemeente, TODAY, level="bedrijventerrein",
                                                               policy=policy_from_settings())}
    assert protected["Haven"]["signals"] is None and protected["Haven"]["z"][names.index("signal_density")] is None
    assert protected["Zuid"]["signals"] == 6


def test_the_page_per_bedrijventerrein_shows_components_and_no_address(client, users, small_gemeente, terreinen):
    log_in(client, users["burgemeester"])  # no small-count right
    page = client.get("/ondermijning/kwetsbaarheid/?level=bedrijventerrein", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Haven" in page and "Zuid" in page and "Buurt 10" in page
    assert "Havenweg" not in page and "Industrieweg" not in page
    assert 'aria-current="page">per bedrijventerrein' in page
    assert "signalen per 100 bedrijven" in page and "bedrijven per 1.000 inwoners" not in page
    log_in(client, users["analist"])
    page = client.get("/ondermijning/kwetsbaarheid/?level=bedrijventerrein", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert ">7<" in page and ">6<" in page


def test_without_bedrijventerreinen_the_page_says_how_to_register_them(client, users, small_gemeente):
    log_in(client, users["analist"])
    page = client.get("/ondermijning/kwetsbaarheid/?level=bedrijventerrein").content.decode()
    assert "bedrijventerrein add" in page
