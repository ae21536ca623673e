"""One import, many gemeenten (issue 13, item 4 / defect 3): rows go to each registered area's gemeente in one
batch; Nederland and provincies are stored without a gemeente; other rows are counted out of scope."""

import pytest
from django.db.models import Sum

from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.registrations import services
from veiligheidsbeeld.registrations.importers import REGISTRY
from veiligheidsbeeld.registrations.models import CubeCell, ImportBatch, Registration, RejectedRow

from .helpers import run_json, write

pytestmark = pytest.mark.django_db

HEADER = '"ID","SoortMisdrijf","RegioS","Perioden","GeregistreerdeMisdrijven_1"\n'
ROWS = [
    '1,"0.0.0 ","NL00","2023JJ00",800000',
    '2,"1.1.1 ","NL00","2023JJ00",20000',
    '3,"0.0.0 ","PV20","2023JJ00",30000',
    '4,"0.0.0 ","GM0999","2023JJ00",500',
    '5,"1.1.1 ","GM0999","2023JJ00",40',
    '6,"1.1.1 ","BU09990000","2023JJ00",7',
    '7,"0.0.0 ","GM0998","2023JJ00",300',
    '8,"1.1.1 ","GM0998","2023JJ00",30',
    '9,"0.0.0 ","GM0363","2023JJ00",90000',
    '10,"1.1.1 ","WK036301","2023JJ00",5',
    '11,"0.0.0 ","PV21","2023JJ00",20000',
]


@pytest.fixture
def national(small_gemeente):
    """Proefdorp (with wijken and buurten), Haren (gemeente only), Nederland and Groningen (PV) registered."""
    Area.objects.create(gemeente=None, code="NL00", name="Nederland", level="land", year=2024)
    Area.objects.create(gemeente=None, code="PV20", name="Groningen", level="provincie", year=2024)
    haren = Gemeente.objects.create(code="GM0998", name="Haren")
    Area.objects.create(gemeente=haren, code="GM0998", name="Haren", level="gemeente", year=2024)
    return small_gemeente


def test_a_national_file_is_distributed_in_one_batch(national, tmp_path):
    path = write(tmp_path / "47013NED_national.csv", HEADER + "\n".join(ROWS) + "\n")
    summary = run_json("import", "statline", path)
    assert (summary["rows"], summary["accepted"], summary["rejected"], summary["out_of_scope"]) == (11, 8, 0, 3)
    assert summary["by_gemeente"] == {
        "GM0998": {"accepted": 2, "total_count": 30},
        "GM0999": {"accepted": 3, "total_count": 47},
        "NL00": {"accepted": 2, "total_count": 20000},
        "PV20": {"accepted": 1, "total_count": 30000},  # only the source's total: that is the figure
    }
    # every figure once: the parts where there are parts (NL00: 20,000, not 820,000), the sources' own totals
    # reported apart and never added to their parts (defect 10)
    assert (summary["total_count"], summary["source_total"]) == (50077, 830800)
    batch = ImportBatch.objects.get()
    assert batch.gemeente is None and batch.scope == "all"
    assert batch.out_of_scope == {"GM0363": 2, "PV21": 1} and not RejectedRow.objects.exists()
    assert set(Registration.objects.filter(area__code__in=["NL00", "PV20"]).values_list("gemeente", flat=True)) == {
        None}
    assert set(Registration.objects.filter(area__code="GM0998").values_list("gemeente__code", flat=True)) == {
        "GM0998"}
    nl = CubeCell.objects.filter(area__code="NL00", theme__code="misdrijven-totaal", precision="year")
    assert nl.get().count == 800000 and nl.get().gemeente is None
    assert CubeCell.objects.filter(gemeente__code="GM0999").aggregate(n=Sum("count"))["n"] == 547

    again = run_json("import", "statline", path)  # the same file: nothing changes
    assert again["batch"] == summary["batch"]
    other = write(tmp_path / "47013NED_copy.csv", HEADER + "\n".join(ROWS[:3]) + "\n")
    copy = run_json("import", "statline", other)  # the same national figures in another file: duplicates
    assert (copy["accepted"], copy["duplicates"]) == (0, 3)
    assert Registration.objects.filter(gemeente__isnull=True).count() == 3


def test_an_import_for_one_gemeente_counts_the_rest_out_of_scope(national, tmp_path):
    path = write(tmp_path / "47013NED_national.csv", HEADER + "\n".join(ROWS) + "\n")
    summary = run_json("import", "statline", path, "--gemeente", "GM0999")
    assert (summary["accepted"], summary["out_of_scope"]) == (3, 8)
    assert list(summary["by_gemeente"]) == ["GM0999"]
    assert ImportBatch.objects.get().out_of_scope == {"GM0363": 2, "GM0998": 2, "NL00": 2, "PV20": 1, "PV21": 1}
    assert not Registration.objects.exclude(gemeente__code="GM0999").exists()


def test_a_multi_gemeente_import_is_atomic(national, tmp_path, monkeypatch):
    path = write(tmp_path / "47013NED_national.csv", HEADER + "\n".join(ROWS) + "\n")
    importer = REGISTRY["statline"]()
    convert = importer.convert

    def failing(number, raw):
        if number == 9:
            raise RuntimeError("disk full")
        return convert(number, raw)

    monkeypatch.setattr(importer, "convert", failing)
    with pytest.raises(RuntimeError):
        services.run_import(importer, path)
    assert not Registration.objects.exists() and not CubeCell.objects.exists() and not ImportBatch.objects.exists()


def test_a_batch_for_one_gemeente_never_writes_into_another(national, tmp_path):
    batch = ImportBatch.objects.create(gemeente=national, source_system="t", importer="t", file_name="t",
                                       content_hash="0" * 64)
    stray = Registration.unsaved(gemeente_id=Gemeente.objects.get(code="GM0998").pk, source_system="t",
                                 source_ref="x", kind="aggregate", theme_id=1, category_code="x",
                                 period_start=None, precision="year", area_id=1)
    with pytest.raises(RuntimeError, match="registration of another gemeente"):
        services.import_registrations(batch, [stray])
