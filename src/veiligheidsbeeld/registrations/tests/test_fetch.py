"""``veiligheidsbeeld fetch``: CBS StatLine and PDOK through a local stub serving the real shared files.

No test reaches the internet: the stub listens on 127.0.0.1, and the offline cases refuse, fail DNS or time out
locally.
"""

import socket
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from tests.stubs.cbs_pdok_stub import StubServer, odata_matches
from veiligheidsbeeld.areas.models import Area, AreaPopulation
from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.registrations.fetch.statline import odata_filter
from veiligheidsbeeld.registrations.models import ImportBatch, Registration
from veiligheidsbeeld.testing import require_shared_data

from .helpers import run, run_json

pytestmark = pytest.mark.django_db

FOLDER = ("groningen", "politie-47018-buurt-2023-groningen")


@pytest.fixture
def stub(settings, monkeypatch):
    data = require_shared_data()
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    with StubServer(data) as server:
        settings.CBS_ODATA_URL = server.url + "/dataderden"
        settings.CBS_OPENDATA_URL = server.url + "/opendata"
        settings.PDOK_URL = server.url + "/pdok"
        yield server


def _fetch_areas():
    return run("fetch", "areas", "--gemeente", "GM0014", "--year", "2024")


def test_filter_built_by_the_client_is_what_the_stub_reads():
    expression = odata_filter({"WijkenEnBuurten": [("startswith", "BU0014")], "Perioden": [("eq", "2023JJ00"),
                                                                                            ("eq", "O'2")]})
    assert expression == "(startswith(WijkenEnBuurten,'BU0014')) and (Perioden eq '2023JJ00' or Perioden eq 'O''2')"
    matches = odata_matches(expression)
    assert matches({"WijkenEnBuurten": "BU00140001", "Perioden": "2023JJ00"})
    assert matches({"WijkenEnBuurten": "BU00140001", "Perioden": "O'2"})
    assert not matches({"WijkenEnBuurten": "WK001400  ", "Perioden": "2023JJ00"})
    with pytest.raises(ValueError, match=r"unsupported \$filter: substringof\('0014',WijkenEnBuurten\)"):
        odata_matches("substringof('0014',WijkenEnBuurten)")


@pytest.mark.realdata
def test_fetch_areas_registers_wijken_buurten_population_and_boundaries(stub):
    out = _fetch_areas()
    assert "GM0014 Groningen: 20 wijken, 151 buurten (indeling 2024)" in out
    areas = Area.objects.filter(gemeente__code="GM0014", year=2024)
    assert areas.filter(level="wijk").count() == 20 and areas.filter(level="buurt").count() == 151
    assert areas.filter(level="wijk", geometry__isnull=False).count() == 20
    buurten = AreaPopulation.objects.filter(area__level="buurt", area__gemeente__code="GM0014", year=2024)
    assert buurten.aggregate(n=Sum("population"))["n"] == 243_790
    assert "buurt boundaries: PDOK returned none for GM0014 2024" in out
    assert any("/opendata/85984NED/WijkenEnBuurten" in r for r in stub.requests)
    assert any("/pdok/wijken-en-buurten-2024/ogc/v1/collections/wijken/items" in r for r in stub.requests)


@pytest.mark.realdata
def test_fetch_statline_equals_the_file_import(stub):
    _fetch_areas()
    summary = run_json("fetch", "statline", "47018NED", "--gemeente", "GM0014", "--period", "2023")
    assert (summary["rows"], summary["accepted"], summary["rejected"], summary["duplicates"]) == (151, 151, 0, 0)
    assert summary["source_total"] == 14_990  # "Totaal misdrijven": the source's own total (issue 13)
    assert Registration.objects.aggregate(n=Sum("count"))["n"] == 14_990
    pages = [r for r in stub.requests if "/dataderden/47018NED/TypedDataSet" in r]
    assert len(pages) == 4  # 151 rows in pages of 40, through odata.nextLink
    batch = ImportBatch.objects.get()
    assert batch.file_name == "47018NED_GM0014_2023.csv"
    # The fetched file is byte for byte the StatLine download: importing that file changes nothing.
    again = run("import", "statline", require_shared_data(*FOLDER, "47018NED_2023_totaal_misdrijven_buurten_GM0014.csv"))
    assert f"unchanged, identical to batch {batch.pk}" in again
    assert ImportBatch.objects.count() == 1


@pytest.mark.realdata
def test_fetch_statline_needs_the_gemeente_registered(stub):
    with pytest.raises(CommandError, match="GM0014 is not registered: run `veiligheidsbeeld fetch areas"):
        run("fetch", "statline", "47018NED", "--gemeente", "GM0014")
    assert stub.requests == []


def _unused_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _assert_offline(settings, url, message, *command):
    settings.CBS_ODATA_URL = settings.CBS_OPENDATA_URL = settings.PDOK_URL = url
    before = (Area.objects.count(), Registration.objects.count(), AuditEvent.objects.count())
    with pytest.raises(CommandError) as error:
        call_command(*command, stdout=StringIO(), stderr=StringIO())
    text = str(error.value)
    assert text.startswith("could not fetch " + url) and message in text
    assert "instead" in text and "veiligheidsbeeld" in text and "import" in text
    assert (Area.objects.count(), Registration.objects.count(), AuditEvent.objects.count()) == before


def test_connection_refused(settings):
    _assert_offline(settings, f"http://127.0.0.1:{_unused_port()}/odata", "cannot connect",
                    "fetch", "areas", "--gemeente", "GM0014", "--year", "2024")


def test_dns_failure(settings, monkeypatch, small_gemeente):
    def no_dns(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    _assert_offline(settings, "http://cbs.example/odata", "Name or service not known",
                    "fetch", "statline", "47018NED", "--gemeente", small_gemeente.code)


def test_timeout(settings):
    with socket.socket() as silent:  # listens, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/pdok"
        _assert_offline(settings, url, "timeout", "fetch", "areas", "--gemeente", "GM0014", "--year", "2024",
                        "--timeout", "0.3")
