"""Problems found in an area file, collected and raised together as one error."""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["AreaFileError", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One problem at one place of an area file.

    Attributes
    ----------
    line : int or None
        Where the problem is: the line number for CSV files, the feature number for GeoJSON, the record number for
        shapefiles and the entry number for JSON (all 1-based; see ``AreaFileError.unit``). None when the problem
        concerns the whole file (a missing column, a gemeente not in the file).
    column : str or None
        Column or property name as spelled in the file.
    value : str or None
        The offending value.
    reason : str
        What is wrong, in plain words.
    """

    line: int | None
    column: str | None
    value: str | None
    reason: str

    def describe(self, unit: str = "line") -> str:
        """Return a one-line description such as ``line 4, column 'Key', value 'XX1': unknown code prefix``."""
        place = []
        if self.line is not None:
            place.append(f"{unit} {self.line}")
        if self.column is not None:
            place.append(f"column {self.column!r}")
        if self.value is not None:
            place.append(f"value {self.value!r}")
        return ", ".join(place) + ": " + self.reason if place else self.reason


class AreaFileError(ValueError):
    """An area file that cannot be used, with every problem found in it.

    Parameters
    ----------
    path : str or Path
        The file.
    problems : iterable of Problem
        All problems found; at least one.
    unit : str
        What ``Problem.line`` counts in this file: ``"line"``, ``"feature"``, ``"record"`` or ``"entry"``.

    Notes
    -----
    ``str(error)`` starts with the file name, then lists the first ``MAX_LISTED`` problems, one per line.
    """

    MAX_LISTED = 20

    def __init__(self, path: str | Path, problems: Iterable[Problem], unit: str = "line") -> None:
        self.path = Path(path)
        self.problems = tuple(problems)
        self.unit = unit
        super().__init__(self._message())

    def _message(self) -> str:
        count = len(self.problems)
        lines = [f"{self.path.name}: {count} problem{'s' if count != 1 else ''}"]
        lines += [f"  {problem.describe(self.unit)}" for problem in self.problems[: self.MAX_LISTED]]
        if count > self.MAX_LISTED:
            lines.append(f"  ... and {count - self.MAX_LISTED} more")
        return "\n".join(lines)
