"""The committed OpenAPI description (``docs/reference/openapi.yaml``), generated from the API code.

The live schema is served at ``/api/schema/`` (drf-spectacular). The committed copy lets reviewers see API changes
in a diff; a test fails when it differs from what the code generates. Regenerate with
``python -m veiligheidsbeeld.core.openapi`` (or ``veiligheidsbeeld shell -c "from veiligheidsbeeld.core.openapi
import write; write()"``). It is generated in English (the source language), so it does not depend on the
interface language.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

__all__ = ["DOC_PATH", "schema", "write", "yaml"]

DOC_PATH = Path(__file__).resolve().parents[3] / "docs" / "reference" / "openapi.yaml"


def schema() -> dict:
    """The OpenAPI 3 schema of the API, as drf-spectacular generates it for ``/api/schema/``, with the integer
    bounds of the production database (PostgreSQL) whatever database this process uses."""
    from django.utils import translation
    from drf_spectacular.generators import SchemaGenerator

    with translation.override("en"), _standard_integer_ranges():
        return SchemaGenerator().get_schema(request=None, public=True)


@contextmanager
def _standard_integer_ranges():
    """Django's standard integer ranges (PostgreSQL's) for the model fields' validators.

    SQLite stores 64-bit integers in every integer column, so on SQLite Django bounds a ``PositiveIntegerField``
    at 2**63 - 1 instead of 2**31 - 1, and the schema (``maximum``, ``format: int64``) would depend on the
    database the generator runs on. The fields cache their validators, so the cache is cleared before and after.
    """
    from django.apps import apps
    from django.db import connection
    from django.db.backends.base.operations import BaseDatabaseOperations

    fields = [f for model in apps.get_models() for f in model._meta.concrete_fields]

    def forget_validators():
        for f in fields:
            f.__dict__.pop("validators", None)

    ops = connection.ops
    ops.integer_field_range = lambda internal_type: BaseDatabaseOperations.integer_field_range(ops, internal_type)
    forget_validators()
    try:
        yield
    finally:
        del ops.integer_field_range
        forget_validators()


def yaml() -> str:
    from django.utils import translation
    from drf_spectacular.renderers import OpenApiYamlRenderer

    with translation.override("en"):
        return OpenApiYamlRenderer().render(schema(), renderer_context={}).decode("utf-8")


def write() -> Path:
    DOC_PATH.write_text(yaml(), encoding="utf-8")
    return DOC_PATH


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligheidsbeeld.conf.test")
    import django

    django.setup()
    print(write())
