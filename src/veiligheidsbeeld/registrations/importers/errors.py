"""Errors and row outcomes shared by the importers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ImportFileError", "Reason", "Rejection"]


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
