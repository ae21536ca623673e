"""The committed OpenAPI description (``docs/reference/openapi.yaml``), generated from the API code.

The live schema is served at ``/api/schema/`` (drf-spectacular). The committed copy lets reviewers see API changes
in a diff; a test fails when it differs from what the code generates. Regenerate with
``python -m veiligheidsbeeld.core.openapi`` (or ``veiligheidsbeeld shell -c "from veiligheidsbeeld.core.openapi
import write; write()"``). It is generated in English (the source language), so it does not depend on the
interface language.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DOC_PATH", "schema", "write", "yaml"]

DOC_PATH = Path(__file__).resolve().parents[3] / "docs" / "reference" / "openapi.yaml"


def schema() -> dict:
    """The OpenAPI 3 schema of the API, as drf-spectacular generates it for ``/api/schema/``."""
    from django.utils import translation
    from drf_spectacular.generators import SchemaGenerator

    with translation.override("en"):
        return SchemaGenerator().get_schema(request=None, public=True)


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
