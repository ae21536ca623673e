"""``veiligheidsbeeld cube rebuild`` gives the cube that the imports kept incrementally, also after --replace."""

import pytest

from veiligheidsbeeld.registrations.models import CubeCell, RejectedRow
from veiligheidsbeeld.registrations.services import resubmit_rejected_row

from .bad_input.corpus import BVH
from .helpers import run, run_json, write

pytestmark = pytest.mark.django_db

STATLINE = '"ID","SoortMisdrijf","WijkenEnBuurten","Perioden","GeregistreerdeMisdrijven_1"\n'


def _cells():
    return sorted(CubeCell.objects.values_list(
        "gemeente_id", "area__code", "theme__code", "source_system", "category_code", "precision", "period_start",
        "count"))


def test_rebuild_equals_incremental_after_imports_replace_and_corrections(tmp_path, small_gemeente):
    run_json("import", "statline", write(tmp_path / "a.csv", STATLINE + "\n".join([
        '1,"1.1.1 ","BU09990000","2024MM01",3', '2,"1.4.5 ","BU09990001","2024KW01",2',
        '3,"0.0.0 ","WK099900","2024JJ00",9', '4,"1.1.1 ","BU0999ZZZZ","2024MM02",4']) + "\n"))
    run_json("import", "statline", write(tmp_path / "b.csv", STATLINE + '5,"1.1.1 ","BU09990000","2024MM02",6\n'))
    run_json("import", "statline", write(tmp_path / "b.csv", STATLINE + '5,"1.1.1 ","BU09990000","2024MM02",1\n'),
             "--replace")
    run_json("import", "bvh", write(tmp_path / "c.csv", BVH + "\n".join(
        "I{},A72,Straat,1,Proefdorp,Wijk 00 Wijk 0,Buurt 0{},2024-03-{:02d}T10:00,,,,".format(n, n % 2, n + 1)
        for n in range(6)) + "\n"))
    row = RejectedRow.objects.get()
    resubmit_rejected_row(row, {**row.raw, "WijkenEnBuurten": "BU09990101"})
    incremental = _cells()
    assert len(incremental) == 7 and sum(c[-1] for c in incremental) == 3 + 2 + 9 + 1 + 6 + 4
    out = run("cube", "rebuild")
    assert "cube rebuilt: 7 cells" in out
    assert _cells() == incremental
    run("cube", "rebuild", "--gemeente", "GM0999")
    assert _cells() == incremental
