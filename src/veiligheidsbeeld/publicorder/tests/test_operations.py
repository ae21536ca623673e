"""Operations (Oud & Nieuw): areas, measures and the year-on-year comparison of day-precision registrations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from veiligheidsbeeld.publicorder import services
from veiligheidsbeeld.publicorder.operations import _shift, compare

from .conftest import log_in

pytestmark = pytest.mark.django_db


def _registrations(gemeente, rows):
    """Day-precision registrations {(theme, date): count} in buurt BU09990000."""
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.frameworks.models import Theme
    from veiligheidsbeeld.registrations.models import ImportBatch, Registration
    from veiligheidsbeeld.registrations.services import import_registrations

    area = Area.objects.get(code="BU09990000")
    batch = ImportBatch.objects.create(gemeente=gemeente, source_system="test", importer="test", file_name="x.csv",
                                       content_hash="1" * 64)
    import_registrations(batch, [
        Registration(source_system="test", source_ref="{}:{}:{}".format(theme, day.isoformat(), i), kind="incident",
                     theme=Theme.objects.get(code=theme), category_code=theme, period_start=day, precision="day",
                     area=area, count=1)
        for (theme, day), n in rows.items() for i in range(n)
    ])


@pytest.fixture
def operation(small_gemeente, adviser):
    from veiligheidsbeeld.frameworks.models import Theme

    return services.create_operation(
        small_gemeente, name="Oud & Nieuw 2026-2027", kind="oud_en_nieuw", starts_on=dt.date(2026, 12, 31),
        ends_on=dt.date(2027, 1, 1), themes=Theme.objects.filter(code__in=["vuurwerk", "geweld"]), actor=adviser,
    )


def test_year_on_year(small_gemeente, operation):
    _registrations(small_gemeente, {
        ("vuurwerk", dt.date(2026, 12, 31)): 5, ("vuurwerk", dt.date(2027, 1, 1)): 2,  # this turn of the year: 7
        ("vuurwerk", dt.date(2027, 1, 2)): 9,  # outside the window
        ("vuurwerk", dt.date(2025, 12, 31)): 11,  # a year earlier
        ("geweld", dt.date(2025, 1, 1)): 3,  # two years earlier (31-12-2024 - 1-1-2025)
    })
    rows = compare(operation, years=2)
    assert [(r.year, r.first, r.last) for r in rows] == [
        (2026, dt.date(2026, 12, 31), dt.date(2027, 1, 1)), (2025, dt.date(2025, 12, 31), dt.date(2026, 1, 1)),
        (2024, dt.date(2024, 12, 31), dt.date(2025, 1, 1))]
    assert [r.counts for r in rows] == [{"geweld": 0, "vuurwerk": 7}, {"geweld": 0, "vuurwerk": 11},
                                        {"geweld": 3, "vuurwerk": 0}]
    assert _shift(dt.date(2028, 2, 29), 1) == dt.date(2027, 2, 28)


def test_areas_must_lie_in_the_gemeente(operation, adviser, wijk):
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.core.models import Gemeente

    other = Gemeente.objects.create(code="GM0998", name="Buurdorp")
    foreign = Area.objects.create(gemeente=other, code="WK099800", name="Buurwijk", level="wijk", year=2024)
    with pytest.raises(ValidationError):
        services.add_operation_area(operation, name="Zone", kind="firework_free", wijk=foreign, actor=adviser)
    services.add_operation_area(operation, name="Vuurwerkvrije zone", kind="firework_free", wijk=wijk,
                                streets="Marktstraat", actor=adviser)
    assert operation.areas.count() == 1


def test_operation_pages(client, make_user, operation, wijk):
    log_in(client, make_user("bestuur"))
    assert "Oud &amp; Nieuw 2026-2027" in client.get("/openbare-orde/operaties/").content.decode()
    url = "/openbare-orde/operaties/{}/".format(operation.pk)
    response = client.post(url, {"form": "area", "name": "Vuurwerkvrije zone centrum", "kind": "firework_free",
                                 "wijk": wijk.pk, "streets": "Marktstraat"})
    assert response.status_code == 302
    assert "Vuurwerkvrije zone centrum" in client.get(url).content.decode()
    client.logout()
    log_in(client, make_user("analist"))
    assert client.get(url).status_code == 200
    assert client.post(url, {"form": "evaluation", "evaluation": "x"}).status_code == 403
