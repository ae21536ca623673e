"""File importers: each turns one partner file format into registrations, survey results and rejections."""

from . import bvh, mapped, pc4, records, statline, statline_csv, statline_tables, survey  # noqa: F401  (registers the importers)
from .base import REGISTRY, Importer
from .errors import ImportFileError, Reason, Rejection

__all__ = ["REGISTRY", "Importer", "ImportFileError", "Reason", "Rejection"]
