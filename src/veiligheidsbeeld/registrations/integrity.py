"""Set-wise referential integrity of ``registrations_registration`` on PostgreSQL (ADR 0017).

PostgreSQL checks a foreign key once per row: one queued trigger event per row and key, four keys per
registration. For a ``COPY`` of a million registrations that was about three quarters of the bare cost of the copy
(ADR 0016). On PostgreSQL the four foreign keys of a registration (``gemeente``, ``batch``, ``theme``, ``area``)
are therefore not database constraints. The same guarantee is kept by triggers that check whole statements:

- **child side**: after each ``INSERT`` (``COPY`` included) and ``UPDATE`` statement on the registrations, one
  statement-level trigger reads the statement's rows from its transition table (``new_rows``), takes the
  distinct referenced ids and looks them up in the four parent tables. A missing id raises
  ``foreign_key_violation`` (SQLSTATE 23503, an ``IntegrityError`` in Django) naming the column, the id and the
  parent table. A statement of a million rows references a few hundred distinct ids: a few hundred look-ups, not
  four million.
- **parent side**: deleting a parent row that a registration still references is refused, as the former
  ``NO ACTION`` foreign key refused it. These checks are *deferred to the commit*, like Django's foreign keys
  (``DEFERRABLE INITIALLY DEFERRED``), because Django's deletion collector may delete a gemeente before its
  registrations within one transaction (the gemeente key is nullable, and Django only orders deletions along
  non-nullable keys). PostgreSQL supports deferral only for row-level constraint triggers, so the parent side
  is one such trigger per parent table. Parent rows are deleted rarely and a few at a time. A changed primary key
  of a referenced parent row is refused the same way. ``TRUNCATE`` of a parent table that registrations still
  reference is refused at the end of the statement (a ``TRUNCATE`` of both, as Django's test flush does, passes).

On SQLite the four foreign keys stay ordinary database constraints: SQLite checks them in its own B-tree search,
which costs little, and a trigger would not survive the table rebuilds Django's SQLite schema editor performs.

``install_sql()`` and ``remove_sql()`` are used by migration ``registrations.0007``. ``KEYS`` is what the schema
test and the floor benchmark read.
"""

from __future__ import annotations

__all__ = ["TABLE", "KEYS", "install_sql", "remove_sql", "TRIGGER_NAMES"]

TABLE = "registrations_registration"

# (column of the registration, parent table) for the four references checked set-wise on PostgreSQL.
KEYS = (
    ("gemeente_id", "core_gemeente"),
    ("batch_id", "registrations_importbatch"),
    ("theme_id", "frameworks_theme"),
    ("area_id", "areas_area"),
)

CHILD_FUNCTION = "registrations_registration_check_references"
CHILD_TRIGGERS = ("registrations_registration_refs_insert", "registrations_registration_refs_update")
PARENT_FUNCTION = "registrations_refuse_referenced_{}"
PARENT_TRIGGER = "registrations_registration_{}_{}"


def _child_function() -> str:
    """One pass over the statement's rows for the distinct id combinations (a few hundred for a million rows),
    then one anti-join per key against its parent table."""
    checks = "\n            UNION ALL\n".join(
        "            (SELECT '{column}', '{parent}', r.{column} FROM (SELECT DISTINCT {column} FROM refs "
        "WHERE {column} IS NOT NULL) r\n"
        "             WHERE NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.id = r.{column}) LIMIT 1)".format(
            column=column, parent=parent)
        for column, parent in KEYS)
    columns = ", ".join(column for column, _ in KEYS)
    return """
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
    missing_column text;
    missing_table text;
    missing_id bigint;
BEGIN
    WITH refs AS MATERIALIZED (SELECT DISTINCT {columns} FROM new_rows)
    SELECT c, t, i INTO missing_column, missing_table, missing_id FROM (
{checks}
    ) missing(c, t, i) LIMIT 1;
    IF missing_column IS NOT NULL THEN
        RAISE EXCEPTION 'insert or update on table "{table}" refers to a missing row: key (%)=(%) is not present in table "%"',
            missing_column, missing_id, missing_table
            USING ERRCODE = 'foreign_key_violation', TABLE = '{table}', COLUMN = missing_column,
                  HINT = 'Registrations are checked set-wise per statement (ADR 0017).';
    END IF;
    RETURN NULL;
END
$body$;
""".format(function=CHILD_FUNCTION, columns=columns, checks=checks, table=TABLE)


def _parent_function(column: str, parent: str) -> str:
    return """
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT 1 FROM {table} WHERE {column} IS NOT NULL) THEN
            RAISE EXCEPTION 'truncate of table "{parent}" leaves rows of "{table}" referring to it ({column})'
                USING ERRCODE = 'foreign_key_violation', TABLE = '{table}', COLUMN = '{column}';
        END IF;
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM {parent} WHERE id = OLD.id) THEN
        RETURN NULL;  -- the key is there again by the commit (deleted and inserted, or changed back)
    END IF;
    IF EXISTS (SELECT 1 FROM {table} WHERE {column} = OLD.id) THEN
        RAISE EXCEPTION 'update or delete on table "{parent}" refused: key (id)=(%) is still referenced from table "{table}" ({column})',
            OLD.id
            USING ERRCODE = 'foreign_key_violation', TABLE = '{parent}', COLUMN = 'id',
                  HINT = 'Delete the registrations first (ADR 0017).';
    END IF;
    RETURN NULL;
END
$body$;
""".format(function=PARENT_FUNCTION.format(parent), table=TABLE, column=column, parent=parent)


def _short(parent: str) -> str:
    return parent.split("_", 1)[1]


TRIGGER_NAMES = CHILD_TRIGGERS + tuple(
    PARENT_TRIGGER.format(_short(parent), event) for _, parent in KEYS for event in ("delete", "update", "truncate"))


def install_sql() -> list[str]:
    """The functions and triggers, in order; every statement can be run again (``OR REPLACE``, drop first)."""
    statements = [_child_function()]
    statements += [
        "DROP TRIGGER IF EXISTS {name} ON {table}".format(name=name, table=TABLE) for name in CHILD_TRIGGERS]
    statements += [
        "CREATE TRIGGER {} AFTER INSERT ON {} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION {}()".format(CHILD_TRIGGERS[0], TABLE, CHILD_FUNCTION),
        "CREATE TRIGGER {} AFTER UPDATE ON {} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION {}()".format(CHILD_TRIGGERS[1], TABLE, CHILD_FUNCTION),
    ]
    for column, parent in KEYS:
        function = PARENT_FUNCTION.format(parent)
        short = _short(parent)
        statements.append(_parent_function(column, parent))
        for event in ("delete", "update", "truncate"):
            statements.append("DROP TRIGGER IF EXISTS {} ON {}".format(PARENT_TRIGGER.format(short, event), parent))
        statements += [
            # Deferred to the commit, as Django's own foreign keys are: row-level (PostgreSQL defers only
            # constraint triggers, which are row-level). Parent rows are deleted rarely and few at a time.
            "CREATE CONSTRAINT TRIGGER {} AFTER DELETE ON {} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            "EXECUTE FUNCTION {}()".format(PARENT_TRIGGER.format(short, "delete"), parent, function),
            "CREATE CONSTRAINT TRIGGER {} AFTER UPDATE OF id ON {} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            "WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION {}()".format(
                PARENT_TRIGGER.format(short, "update"), parent, function),
            "CREATE TRIGGER {} AFTER TRUNCATE ON {} FOR EACH STATEMENT EXECUTE FUNCTION {}()".format(
                PARENT_TRIGGER.format(short, "truncate"), parent, function),
        ]
    return statements


def remove_sql() -> list[str]:
    statements = ["DROP TRIGGER IF EXISTS {} ON {}".format(name, TABLE) for name in CHILD_TRIGGERS]
    for _, parent in KEYS:
        short = _short(parent)
        statements += ["DROP TRIGGER IF EXISTS {} ON {}".format(PARENT_TRIGGER.format(short, event), parent)
                       for event in ("delete", "update", "truncate")]
        statements.append("DROP FUNCTION IF EXISTS {}()".format(PARENT_FUNCTION.format(parent)))
    statements.append("DROP FUNCTION IF EXISTS {}()".format(CHILD_FUNCTION))
    return statements
