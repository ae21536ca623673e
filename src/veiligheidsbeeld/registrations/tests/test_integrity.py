"""The four references of a registration (gemeente, batch, theme, area) are guaranteed by the database on both
databases (ADR 0017): on PostgreSQL by the set-wise triggers of ``registrations.integrity`` (no foreign-key
constraints, so a ``COPY`` is not checked row by row), on SQLite by the foreign keys themselves.

The tests commit (``transaction=True``): Django's foreign keys and the parent-side triggers are deferred to the
commit, so that is where a violation shows.
"""

import csv
import datetime as dt
import io

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from conftest import build_small_gemeente
from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.frameworks.models import Theme
from veiligheidsbeeld.registrations import integrity
from veiligheidsbeeld.registrations.models import ImportBatch, Registration

pytestmark = pytest.mark.django_db(transaction=True)

POSTGRES = connection.vendor == "postgresql"
MISSING = 987_654_321
PARENT = dict(integrity.KEYS)
COLUMNS = ("gemeente_id", "batch_id", "theme_id", "area_id", "source_system", "source_ref", "kind",
           "category_code", "category_label", "period_start", "precision", "count", "attributes",
           "confidentiality", "estimated")


@pytest.fixture
def stored():
    """A gemeente with its areas, one batch and one registration on Buurt 00; ``values`` of a second row."""
    gemeente = build_small_gemeente()
    area = Area.objects.get(code="BU09990000")
    theme = Theme.objects.order_by("pk").first()
    batch = ImportBatch.objects.create(gemeente=gemeente, source_system="test", importer="test", file_name="t.csv",
                                       content_hash="0" * 64)
    registration = Registration.objects.create(
        gemeente=gemeente, batch=batch, source_system="test", source_ref="r1", kind="incident", theme=theme,
        category_code="x", period_start=dt.date(2024, 1, 1), precision="day", area=area)
    values = {"gemeente_id": gemeente.pk, "batch_id": batch.pk, "theme_id": theme.pk, "area_id": area.pk,
              "source_system": "test", "source_ref": "r2", "kind": "incident", "category_code": "x",
              "category_label": "", "period_start": dt.date(2024, 1, 2), "precision": "day", "count": 1,
              "attributes": "{}", "confidentiality": "intern", "estimated": False}
    return {"gemeente": gemeente, "area": area, "theme": theme, "batch": batch, "registration": registration,
            "values": values}


@pytest.fixture
def lone_parents(stored):
    """One registration whose four parents nothing else refers to: a raw delete of one of them can only be
    refused by the registration's check (other tables' foreign keys would refuse it first otherwise)."""
    gemeente = Gemeente.objects.create(code="GM0998", name="Losdorp")
    area = Area.objects.create(gemeente=stored["gemeente"], code="BU09990099", name="Losse buurt", level="buurt",
                               year=2024)
    theme = Theme.objects.create(code="los-thema", name="Los thema", parent=stored["theme"].parent)
    batch = ImportBatch.objects.create(gemeente=stored["gemeente"], source_system="test", importer="test",
                                       file_name="los.csv", content_hash="2" * 64)
    Registration.objects.create(
        gemeente=gemeente, batch=batch, source_system="test", source_ref="los", kind="incident", theme=theme,
        category_code="x", period_start=dt.date(2024, 1, 1), precision="day", area=area)
    return {"gemeente": gemeente, "area": area, "theme": theme, "batch": batch}


def _insert(values: dict) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO {} ({}) VALUES ({})".format(
            integrity.TABLE, ", ".join(COLUMNS), ", ".join(["%s"] * len(COLUMNS))), [values[c] for c in COLUMNS])


def _violation(column: str, value: int) -> str:
    """The message of the check: the trigger's on PostgreSQL, the foreign key's on SQLite."""
    if POSTGRES:
        return r'key \({}\)=\({}\) is not present in table "{}"'.format(column, value, PARENT[column])
    return "FOREIGN KEY constraint failed"


@pytest.mark.parametrize("column", [column for column, _ in integrity.KEYS])
def test_a_registration_with_a_missing_reference_is_refused(stored, column):
    values = dict(stored["values"], **{column: MISSING})
    with pytest.raises(IntegrityError, match=_violation(column, MISSING)):
        _insert(values)
    assert Registration.objects.count() == 1


@pytest.mark.parametrize("column", ["area_id", "theme_id"])
def test_an_update_to_a_missing_reference_is_refused(stored, column):
    with pytest.raises(IntegrityError, match=_violation(column, MISSING)):
        with transaction.atomic():
            Registration.objects.filter(pk=stored["registration"].pk).update(**{column: MISSING})
    assert getattr(Registration.objects.get(), column) == stored["values"][column]


def test_copy_with_a_missing_reference_is_refused_by_the_statement_trigger(stored):
    """PostgreSQL: ``COPY`` (the import's way in) fires the statement trigger with its transition table; one
    missing area among many good rows refuses the whole statement."""
    if not POSTGRES:
        pytest.skip("runs in the PostgreSQL pass: COPY is PostgreSQL's")
    values = dict(stored["values"], category_label="Label")
    lines = []
    for n in range(1000):
        row = dict(values, source_ref="c{}".format(n), area_id=MISSING if n == 617 else values["area_id"])
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow([row[c] for c in COLUMNS])
        lines.append(out.getvalue())
    with pytest.raises(IntegrityError, match=_violation("area_id", MISSING)):
        with transaction.atomic(), connection.cursor() as cursor, connection.wrap_database_errors:
            with cursor.cursor.copy("COPY {} ({}) FROM STDIN (FORMAT csv)".format(
                    integrity.TABLE, ", ".join(COLUMNS))) as copy:
                copy.write("\n".join(lines) + "\n")
    assert Registration.objects.count() == 1
    with transaction.atomic(), connection.cursor() as cursor:  # the same rows with good areas go in
        with cursor.cursor.copy("COPY {} ({}) FROM STDIN (FORMAT csv)".format(
                integrity.TABLE, ", ".join(COLUMNS))) as copy:
            copy.write("\n".join(lines).replace(str(MISSING), str(values["area_id"])) + "\n")
    assert Registration.objects.count() == 1001


@pytest.mark.parametrize("parent", ["area", "theme", "batch", "gemeente"])
def test_deleting_a_referenced_parent_by_raw_sql_is_refused(lone_parents, parent):
    column = parent + "_id"
    pk = lone_parents[parent].pk
    expected = (r'update or delete on table "{}" refused: key \(id\)=\({}\) is still referenced from table '
                r'"registrations_registration" \({}\)'.format(PARENT[column], pk, column)
                if POSTGRES else "FOREIGN KEY constraint failed")
    with pytest.raises(IntegrityError, match=expected):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM {} WHERE id = %s".format(PARENT[column]), [pk])
    assert Registration.objects.filter(**{column: pk}).count() == 1


def test_a_parent_deleted_and_recreated_in_one_transaction_passes(stored):
    """The parent-side check is deferred to the commit, as the foreign key was."""
    theme = stored["theme"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE frameworks_theme SET id = %s WHERE id = %s", [MISSING, theme.pk])
        cursor.execute("UPDATE frameworks_theme SET id = %s WHERE id = %s", [theme.pk, MISSING])
    assert Registration.objects.get().theme_id == theme.pk


def test_changing_the_key_of_a_referenced_parent_is_refused(lone_parents):
    expected = (r'update or delete on table "frameworks_theme" refused' if POSTGRES
                else "FOREIGN KEY constraint failed")
    with pytest.raises(IntegrityError, match=expected):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE frameworks_theme SET id = %s WHERE id = %s", [MISSING, lone_parents["theme"].pk])


def test_truncating_a_referenced_parent_is_refused(stored):
    if not POSTGRES:
        pytest.skip("runs in the PostgreSQL pass: SQLite has no TRUNCATE")
    with pytest.raises(IntegrityError, match='truncate of table "registrations_importbatch" leaves rows'):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE registrations_importbatch CASCADE")
    assert Registration.objects.count() == 1


def test_the_orm_protects_areas_and_themes_and_cascades_batches_and_gemeenten(stored, lone_parents):
    with pytest.raises(ProtectedError):
        stored["area"].delete()
    with pytest.raises(ProtectedError):
        stored["theme"].delete()
    assert Registration.objects.count() == 2

    second = ImportBatch.objects.create(gemeente=stored["gemeente"], source_system="test", importer="test",
                                        file_name="u.csv", content_hash="1" * 64)
    Registration.objects.create(
        gemeente=stored["gemeente"], batch=second, source_system="test", source_ref="r9", kind="incident",
        theme=stored["theme"], category_code="x", period_start=dt.date(2024, 1, 1), precision="day",
        area=stored["area"])
    second.delete()  # the batch's registrations go with it, the other batches' stay
    assert sorted(Registration.objects.values_list("source_ref", flat=True)) == ["los", "r1"]

    # A gemeente goes with its registrations (its areas would protect them; this one has none). Django's
    # collector may delete the gemeente before them (the key is nullable): the deferred check sees the end state.
    with transaction.atomic():
        lone_parents["gemeente"].delete()
    assert list(Registration.objects.values_list("source_ref", flat=True)) == ["r1"]
    assert not Gemeente.objects.filter(code="GM0998").exists()


def test_the_schema_has_the_checks_of_its_database():
    """A later migration must not bring the row-wise foreign keys back on PostgreSQL (Django re-creates them,
    e.g. when a parent's primary key changes type) nor lose a trigger; on SQLite the foreign keys stay."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, integrity.TABLE)
        foreign = {details["columns"][0]: details["foreign_key"] for details in constraints.values()
                   if details["foreign_key"]}
        if POSTGRES:
            assert not set(foreign) & set(PARENT), foreign
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            assert set(integrity.TRIGGER_NAMES) <= {row[0] for row in cursor.fetchall()}
        else:
            assert {column: foreign.get(column, (None,))[0] for column in PARENT} == PARENT
