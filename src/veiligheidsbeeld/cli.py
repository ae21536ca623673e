"""The ``veiligheidsbeeld`` console script: Django's management commands with the project's settings.

``veiligheidsbeeld demo``, ``veiligheidsbeeld areas import regions FILE --gemeente GM0014``, ``veiligheidsbeeld
serve`` ... are management commands of the project's apps. On the embedded SQLite default the database is
created and migrated on first use, so no separate set-up step is needed.
"""

from __future__ import annotations

import os
import sys

__all__ = ["main"]

# Commands that must work on an unmigrated database or manage migrations themselves.
NO_AUTO_MIGRATE = {"help", "--help", "-h", "version", "--version", "migrate", "makemigrations", "sqlmigrate",
                   "showmigrations", "check", "shell", "dbshell", "compilemessages", "makemessages", "collectstatic",
                   "spectacular"}


def _migrate_if_needed() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print("Preparing the database (migrations)...", file=sys.stderr)
        call_command("migrate", interactive=False, verbosity=0)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligheidsbeeld.conf.base")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "veiligheidsbeeld"
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    if len(argv) > 1 and argv[1] not in NO_AUTO_MIGRATE:
        _migrate_if_needed()
    execute_from_command_line(argv)


if __name__ == "__main__":  # pragma: no cover
    main()
