"""Helpers of the registrations tests: run the import command and read its JSON summary."""

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command

__all__ = ["run", "run_json", "write"]


def run(*args) -> str:
    out = StringIO()
    call_command(*[str(a) for a in args], stdout=out, stderr=StringIO())
    return out.getvalue()


def run_json(*args) -> dict:
    return json.loads(run(*args, "--json"))


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path
