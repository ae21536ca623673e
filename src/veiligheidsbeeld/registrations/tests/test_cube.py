import datetime as dt

import pytest

from conftest import monthly_registrations
from veiligheidsbeeld.registrations import cube
from veiligheidsbeeld.registrations.models import CubeCell, Registration


def _cells(gemeente):
    return sorted(
        CubeCell.objects.filter(gemeente=gemeente).values_list(
            "area__code", "theme__code", "precision", "period_start", "count"
        )
    )


@pytest.mark.django_db
def test_incremental_cube_equals_rebuild(small_gemeente):
    jan, feb = dt.date(2024, 1, 1), dt.date(2024, 2, 1)
    monthly_registrations(small_gemeente, {("BU09990000", "woninginbraak", jan): 3, ("BU09990001", "geweld", feb): 2})
    monthly_registrations(
        small_gemeente,
        {("BU09990000", "woninginbraak", feb): 4, ("BU09990101", "fietsdiefstal", jan): 1},
        file_name="second.csv",
    )
    incremental = _cells(small_gemeente)
    assert len(incremental) == 4
    cube.rebuild(small_gemeente)
    assert _cells(small_gemeente) == incremental


@pytest.mark.django_db
def test_duplicates_are_counted_not_stored_twice(small_gemeente):
    jan = dt.date(2024, 1, 1)
    first = monthly_registrations(small_gemeente, {("BU09990000", "woninginbraak", jan): 3})
    second = monthly_registrations(small_gemeente, {("BU09990000", "woninginbraak", jan): 3}, file_name="again.csv")
    assert (first.accepted, first.duplicates) == (1, 0)
    assert (second.rows, second.accepted, second.duplicates) == (1, 0, 1)
    assert Registration.objects.count() == 1
    assert CubeCell.objects.get().count == 3


def test_cube_update_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError, match="inside the import's transaction"):
        cube.add_to_cube([])
