"""Reading area files: text decoding and CSV tables with line numbers and case-insensitive columns."""

import csv
import io
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .problems import AreaFileError, Problem

__all__ = ["Table", "find_name", "parse_csv", "read_text"]

#: Candidate CSV delimiters; the one occurring most in the header line wins.
DELIMITERS = ",;\t"


def read_text(path: Path) -> str:
    """Return the file as text (UTF-8, with or without byte order mark).

    Raises
    ------
    AreaFileError
        When the file is not UTF-8, naming the line of the first bad byte.
    """
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reason = f"not UTF-8 text (byte 0x{data[exc.start]:02x})"
        raise AreaFileError(path, [Problem(line, None, None, reason)]) from None


@dataclass(frozen=True)
class Table:
    """A CSV table.

    Attributes
    ----------
    columns : tuple of str
        Header names as written (stripped).
    rows : tuple of (int, dict)
        Line number where each row starts and its values keyed by header name; blank lines are left out.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]

    def column(self, *aliases: str) -> str | None:
        """Return the header name matching the first of ``aliases`` (case-insensitive), or None."""
        return find_name(self.columns, aliases)


def find_name(names: Iterable[str], aliases: Iterable[str]) -> str | None:
    """Return the name among ``names`` matching the first of ``aliases`` (case-insensitive), or None.

    Examples
    --------
    >>> find_name(["BU_CODE", "BU_NAAM"], ["statcode", "bu_code"])
    'BU_CODE'
    """
    by_lower = {name.lower(): name for name in names}
    return next((by_lower[alias.lower()] for alias in aliases if alias.lower() in by_lower), None)


def parse_csv(path: Path, text: str) -> Table:
    """Parse CSV text; the delimiter (comma, semicolon or tab) is taken from the header line.

    Raises
    ------
    AreaFileError
        For an empty file, a malformed CSV row, or rows whose number of fields differs from the header's.
    """
    header_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=header_line.count)
    problems = []
    rows = []
    with _unlimited_field_size():
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            header = [name.strip() for name in next(reader, [])]
            if not header:
                raise AreaFileError(path, [Problem(1, None, None, "empty file: no header line")])
            previous = reader.line_num
            for fields in reader:
                line, previous = previous + 1, reader.line_num
                if not any(field.strip() for field in fields):
                    continue
                if len(fields) != len(header):
                    reason = f"{len(fields)} fields where the header has {len(header)}"
                    problems.append(Problem(line, None, None, reason))
                    continue
                rows.append((line, dict(zip(header, fields))))
        except csv.Error as exc:
            problems.append(Problem(reader.line_num, None, None, f"malformed CSV: {exc}"))
    if problems:
        raise AreaFileError(path, problems)
    return Table(tuple(header), tuple(rows))


@contextmanager
def _unlimited_field_size() -> Iterator[None]:
    """Lift the csv module's field size limit (131,072 characters) for WKT polygons, then restore it."""
    previous = csv.field_size_limit(sys.maxsize)
    try:
        yield
    finally:
        csv.field_size_limit(previous)
