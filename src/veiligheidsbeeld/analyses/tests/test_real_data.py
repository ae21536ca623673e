"""The analysis on real data: Groningen's bicycle thefts 2013-2017 on the CBS 2017 buurten (issue #4).

Inputs (read at run time from ``../shared/data``, skipped when absent): CBS wijk- en buurtkaart 2017 of GM0014
(15 wijken, 108 buurten) and the police BVH export of 15,947 bicycle thefts, 2013-01-02 to 2017-09-20 (see that
folder's PROVENANCE.md). The export ends on 20 September 2017, so the run has 57 months (2013-01..2017-09), not
60, and its last month is incomplete.
"""

import pytest
from django.core.management import call_command

from veiligheidsbeeld.analyses.models import HotSpot, IndicatorSeries
from veiligheidsbeeld.analyses.services import run_analysis
from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.registrations.models import Registration
from veiligheidsbeeld.testing import require_shared_data

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]  # about 6 s: import and run

FOLDER = ("groningen", "groningen-fietsdiefstallen-2013-2017")
CENTRUM = "WK001400"  # Binnenstad, Stationsgebied, Noorderplantsoen, ...


def _import_groningen_2017():
    for level in ("wijk", "buurt"):
        path = require_shared_data(*FOLDER, "{}2017_shp_wgs84.zip".format(level))
        call_command("areas", "import", "boundaries", str(path), "--level", level, "--year", "2017", verbosity=0)
    csv_path = require_shared_data(*FOLDER, "fietsdiefstallen_groningen_2013_2017.csv")
    call_command("import", "bvh", str(csv_path), "--gemeente", "GM0014", verbosity=0)


def test_bicycle_thefts_give_series_trends_and_hot_spots_on_the_2017_buurten():
    _import_groningen_2017()
    run = run_analysis(Gemeente.objects.get(code="GM0014"), area_year=2017)

    assert run.area_year == 2017 and run.summary["areas"] == 1 + 15 + 108
    assert (run.first_month.isoformat(), run.last_month.isoformat()) == ("2013-01-01", "2017-09-01")
    assert run.summary["months"] == 57
    assert run.summary["outside_indeling"] == 0 and run.summary["harmonisation"] == []

    located = Registration.objects.filter(theme__code="fietsdiefstal", area__isnull=False).count()
    assert located >= 0.99 * 15_947
    total = IndicatorSeries.objects.get(run=run, area__code="GM0014", theme__code="fietsdiefstal")
    assert len(total.counts) == 57 and all(isinstance(c, int) for c in total.counts)
    assert sum(total.counts) == located == run.summary["registrations"]
    buurten = IndicatorSeries.objects.filter(run=run, area__level="buurt", theme__code="fietsdiefstal")
    assert sum(sum(s.counts) for s in buurten) == Registration.objects.filter(
        theme__code="fietsdiefstal", area__level="buurt").count()

    # Trends: the seasonal Mann-Kendall test runs for the gemeente and the wijken with thefts.
    assert run.trends.filter(area__code="GM0014", theme__code="fietsdiefstal").exists()
    assert run.trends.filter(area__level="wijk", theme__code="fietsdiefstal").count() >= 10

    # Hot spots: every usable buurt gets a Gi* result (islands and tiny buurten left out and listed); the
    # strongest clustering of thefts per inhabitant lies in and around the city centre.
    hotspots = HotSpot.objects.filter(run=run, theme__code="fietsdiefstal").select_related("area__parent")
    left_out = run.summary["hotspots"]["left_out"] + run.summary["hotspots"]["islands"]
    assert hotspots.count() + len(left_out) == 108
    top = list(hotspots.order_by("-z")[:3])
    assert all(h.area.parent.code == CENTRUM for h in top)
    assert all(h.z > 1.96 for h in top)
    assert run.summary["hotspots"]["windows"] == ["2014-09", "2015-09", "2016-09", "2017-09"]
