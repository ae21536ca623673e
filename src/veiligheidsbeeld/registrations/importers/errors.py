"""Errors and row outcomes shared by the importers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _

__all__ = ["Counted", "ImportFileError", "OutOfScope", "REASONS", "Reason", "Rejection", "reason_label"]

#: What each rejection code means, for people (the codes are the stable keys of summaries and the API).
REASONS = {
    "address": _("address data in a field"),
    "ambiguous_area": _("area name matches more than one area"),
    "bad_coordinates": _("coordinates are not numbers"),
    "bad_count": _("count is not a whole number"),
    "bad_date": _("impossible or unreadable date"),
    "bad_period": _("unreadable period"),
    "bad_record": _("record is not an object"),
    "bad_value": _("invalid value"),
    "duplicate": _("registered already"),
    "field_count": _("wrong number of fields"),
    "formula": _("spreadsheet formula in a cell"),
    "future_date": _("date in the future"),
    "missing_date": _("no date"),
    "missing_value": _("required value missing"),
    "negative_count": _("negative count"),
    "no_figure": _("no figure"),
    "not_located": _("location not found in the area register"),
    "other_gemeente": _("area of another gemeente"),
    "out_of_scope": _("area outside the import (another gemeente or not registered)"),
    "unknown_area": _("area code not in the area register"),
    "unknown_postcode": _("postcode (PC4) not in the postcode register"),
    "unknown_category": _("category not mapped to a theme"),
}


def reason_label(code: str) -> str:
    """The label of a rejection code (the code itself when unknown)."""
    return str(REASONS.get(code, code))


class ImportFileError(ValueError):
    """A file that cannot be imported at all (fatal: nothing is stored).

    Parameters
    ----------
    path : str or Path
        The file.
    reason : str
        What is wrong.
    line : int, optional
        1-based line (CSV) or sheet row (XLSX) where the problem is.
    column : str, optional
        The column concerned.
    """

    def __init__(self, path: str | Path, reason: str, *, line: int | None = None, column: str | None = None):
        self.path = Path(path)
        self.reason = reason
        self.line = line
        self.column = column
        where = "".join(
            [", line {}".format(line) if line is not None else "", ", column {!r}".format(column) if column else ""]
        )
        super().__init__("{}{}: {}".format(self.path.name, where, reason))


@dataclass(frozen=True)
class Reason:
    """Why a row is rejected: a stable ``code`` (counted in summaries) and a specific ``message``."""

    code: str
    message: str
    column: str = ""

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "column": self.column}


@dataclass
class Rejection:
    """A row that cannot be accepted: where it is, its (address-free) content and every reason."""

    row_number: int
    raw: dict
    reasons: list[Reason] = field(default_factory=list)


@dataclass(frozen=True)
class OutOfScope:
    """A row of an area outside the import's scope (another gemeente, or one not registered): counted per
    ``gemeente`` code in the batch summary, never kept row by row (the file itself is kept by its hash)."""

    row_number: int
    gemeente: str


@dataclass(frozen=True)
class Counted:
    """A row accepted without a registration of its own: an event on a PC4 that crosses gemeenten, kept only in
    the estimated buurt and wijk counts of its file."""

    row_number: int
