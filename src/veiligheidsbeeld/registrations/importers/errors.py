"""Errors and row outcomes shared by the importers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _

__all__ = ["Counted", "ImportFileError", "OutOfScope", "REASONS", "REFUSALS", "Reason", "Rejection", "reason_label"]

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
    "secret": _("secret figure"),
    "no_figure": _("no figure"),
    "not_located": _("location not found in the area register"),
    "other_gemeente": _("area of another gemeente"),
    "out_of_scope": _("area outside the import (another gemeente or not registered)"),
    "unknown_area": _("area code not in the area register"),
    "unknown_postcode": _("postcode (PC4) not in the postcode register"),
    "unknown_category": _("category not mapped to a theme"),
}


#: Why a whole file is refused, for people (Dutch on the upload page): the ``code`` of an
#: :class:`ImportFileError`, formatted with its ``params``.
REFUSALS = {
    "truncated_record": _("the file is cut off: its last line has {count} fields where the header has {width}. "
                          "Download it again, or choose 'accept a file that is cut off' to import the rows before "
                          "it."),
    "truncated_footer": _("the file is cut off: the closing line 'Bron: ...' of every StatLine download is missing. "
                          "Download it again, or choose 'accept a file that is cut off' to import the rows that are "
                          "there."),
    "separator": _("the fields are separated by {found}, where {expected} is expected."),
    "layout": _("this is not a StatLine CSV as the website delivers it ({detail})."),
    "layout_dimensions": _("the file has no dimension for {missing} (it has: {found})."),
    "layout_varies": _("the dimension {name} has several values, whose figures would be added up: choose one {name} "
                       "in StatLine."),
    "layout_counts": _("the file has no column of counts (unit 'aantal'); its units are: {units}."),
    "layout_topics": _("the file has several counts ({topics}): choose one topic."),
    "no_category": _("none of the file's categories ({labels}) is a category of {system}."),
    "no_rows": _("no row can be taken: all {rows} rows are refused for the same reason ({reason}), e.g. {detail}. "
                 "Nothing is stored."),
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
    code : str, optional
        A key of :data:`REFUSALS` (``truncated_record``, ``separator``, ``no_rows``, ...), for a message in the
        user's language (:meth:`localized`).
    params : dict, optional
        The values the :data:`REFUSALS` message is formatted with.
    """

    def __init__(self, path: str | Path, reason: str, *, line: int | None = None, column: str | None = None,
                 code: str | None = None, params: dict | None = None):
        self.path = Path(path)
        self.reason = reason
        self.line = line
        self.column = column
        self.code = code
        self.params = params or {}
        where = "".join(
            [", line {}".format(line) if line is not None else "", ", column {!r}".format(column) if column else ""]
        )
        super().__init__("{}{}: {}".format(self.path.name, where, reason))

    def localized(self) -> str:
        """The message in the active language: the :data:`REFUSALS` text of ``code`` where there is one (the
        English reason otherwise), after the file name and line."""
        from django.utils.translation import gettext

        where = gettext(", line {}").format(self.line) if self.line is not None else ""
        if self.code in REFUSALS:
            params = dict(self.params)
            if "reason" in params:
                params["reason"] = reason_label(params["reason"])
            try:
                text = str(REFUSALS[self.code]).format(**params)
            except (KeyError, IndexError):
                text = self.reason
        else:
            text = self.reason
        return "{}{}: {}".format(self.path.name, where, text)


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
