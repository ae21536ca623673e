import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation
from django.core.exceptions import ValidationError

from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.frameworks.models import Theme
from veiligheidsbeeld.programmes import services
from veiligheidsbeeld.programmes.finances import budget_overview
from veiligheidsbeeld.programmes.models import Measure
from veiligheidsbeeld.programmes.workflow import InvalidTransition

from .factories import measure, organisation, programme_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(small_gemeente):
    return programme_for(small_gemeente)


@pytest.fixture
def owner(small_gemeente):
    return organisation(small_gemeente, "Gemeente Proefdorp")


def test_status_changes_follow_the_workflow_and_keep_history(programme, owner):
    m = measure(programme, owner)
    services.change_status(m, "lopend", note="gestart")
    with pytest.raises(InvalidTransition, match="status lopend cannot change to 'gepland'; allowed: "):
        services.change_status(m, "gepland")
    services.change_status(m, "afgerond")
    with pytest.raises(InvalidTransition, match=r"status afgerond cannot change to 'gestopt'; allowed: none \(final"):
        services.change_status(m, "gestopt")
    m.refresh_from_db()
    assert m.status == "afgerond"
    assert [(h.old_status, h.new_status) for h in m.history.all()] == [
        ("", "gepland"), ("gepland", "lopend"), ("lopend", "afgerond"),
    ]
    assert AuditEvent.objects.filter(action="measure_status_changed").count() == 2


def test_measure_rejects_unknown_priority_and_bad_scope(programme, owner):
    with pytest.raises(ValidationError, match="not a priority"):
        measure(programme, owner, priority="onbekend")
    with pytest.raises(ValidationError, match="Vul bij het werkgebied precies het bijbehorende gebied in"):
        services.create_measure(programme, title="x", priority_code="ondermijning", owner=owner,
                                start=dt.date(2022, 1, 1), intervention="zorg", scope="wijk")
    assert not Measure.objects.exists()


def test_budget_totals_per_theme_and_priority_add_up(programme, owner):
    themes = {t.code: t for t in Theme.objects.filter(code__in=["woninginbraak", "cybercrime"])}
    a = measure(programme, owner, priority="veiligheid-zorg", theme=themes["woninginbraak"], title="a")
    b = measure(programme, owner, priority="digitale-veiligheid", theme=themes["cybercrime"], title="b")
    c = measure(programme, owner, priority="veiligheid-zorg", theme=None, title="c")
    services.set_budget(a, 2022, "regulier", planned=100, spent=80)
    services.set_budget(a, 2023, "city_deal", planned="50.50", spent=10)
    services.set_budget(b, 2022, "regiodeal", planned=200, spent=150)
    services.set_budget(c, 2023, "partner", planned=25, spent=0)
    overview = budget_overview(Measure.objects.all())
    assert overview.total.planned == Decimal("375.50") and overview.total.spent == Decimal(240)
    assert overview.by_theme["woninginbraak"].planned == Decimal("150.50")
    assert overview.by_theme[""].planned == Decimal(25)
    assert overview.by_priority["veiligheid-zorg"].planned == Decimal("175.50")
    for split in (overview.by_theme, overview.by_priority):
        assert sum(t.planned for t in split.values()) == overview.total.planned
        assert sum(t.spent for t in split.values()) == overview.total.spent
        for year in overview.years:
            assert sum(t.years.get(year, {}).get("planned", 0) for t in split.values()) == (
                overview.total.years[year]["planned"]
            )
    assert overview.total.years[2023]["planned"] == Decimal("75.50")


def test_editing_a_budget_is_audited_with_old_and_new(programme, owner):
    m = measure(programme, owner)
    services.set_budget(m, 2022, "regulier", planned=100, spent=0)
    services.set_budget(m, 2022, "regulier", planned=120, spent=30)
    event = AuditEvent.objects.filter(action="budget_changed").get()
    assert event.data["old"] == {"planned": "100.00", "spent": "0.00"}
    assert event.data["new"] == {"planned": "120.00", "spent": "30.00"}
    assert event.gemeente_code == "GM0999"


def test_negative_budget_is_refused(programme, owner):
    m = measure(programme, owner)
    with translation.override("en"), pytest.raises(ValidationError, match="negative"):
        services.set_budget(m, 2022, "regulier", planned=-1, spent=0)
