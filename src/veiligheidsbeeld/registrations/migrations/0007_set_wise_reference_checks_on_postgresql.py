"""PostgreSQL: the four foreign keys of a registration are checked set-wise by triggers, not per row (ADR 0017).

On PostgreSQL this drops the database constraints of ``gemeente``, ``batch``, ``theme`` and ``area`` of
``registrations_registration`` and installs the statement-level and deferred triggers of
``registrations.integrity``. On SQLite it does nothing: the foreign keys stay database constraints there. The model
keeps ``db_constraint=True`` so that SQLite table rebuilds keep their foreign keys; ``test_integrity`` fails if a
later migration brings a constraint back on PostgreSQL or loses a trigger.
"""

from django.db import migrations

from veiligheidsbeeld.registrations import integrity


def _foreign_keys(schema_editor) -> dict[str, str]:
    """{column: constraint name} of the foreign keys of ``registrations_registration`` for the four keys."""
    connection = schema_editor.connection
    columns = {column for column, _ in integrity.KEYS}
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, integrity.TABLE)
    return {details["columns"][0]: name for name, details in constraints.items()
            if details["foreign_key"] and len(details["columns"]) == 1 and details["columns"][0] in columns}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _column, name in sorted(_foreign_keys(schema_editor).items()):
        schema_editor.execute("ALTER TABLE {} DROP CONSTRAINT {}".format(
            schema_editor.quote_name(integrity.TABLE), schema_editor.quote_name(name)))
    for statement in integrity.install_sql():
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in integrity.remove_sql():
        schema_editor.execute(statement, params=None)
    model = apps.get_model("registrations", "Registration")
    present = _foreign_keys(schema_editor)
    for column, _parent in integrity.KEYS:
        if column not in present:
            field = model._meta.get_field(column[: -len("_id")])
            schema_editor.execute(schema_editor._create_fk_sql(model, field, "_fk"))


class Migration(migrations.Migration):

    dependencies = [
        ("registrations", "0006_multi_gemeente_batches"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
