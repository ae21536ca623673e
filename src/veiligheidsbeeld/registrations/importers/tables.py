"""Streaming CSV and XLSX tables: encoding and delimiter detection, row numbers, byte progress.

Rows are read lazily, so a file of millions of rows is never held in memory. XLSX (and XLS/ODS) workbooks are
read with python-calamine; cells are returned as text, dates as ISO text (``YYYY-MM-DDTHH:MM``).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ImportFileError

__all__ = ["Table", "open_table", "csv_records", "not_text", "detect_encoding", "MAX_FIELD"]

#: Longest accepted field in characters (the csv module's default limit).
MAX_FIELD = 131_072
#: Candidate delimiters; the one occurring most in the header line wins.
DELIMITERS = ",;\t|"
_SNIFF = 1 << 20
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"

Progress = Callable[[int, int], None]


@dataclass
class Table:
    """An open table.

    Attributes
    ----------
    path : Path
    header : list of str
        Column names, stripped.
    rows : iterator of (int, list of str)
        Line number (sheet row for workbooks) where each row starts and its fields; blank rows are skipped.
    encoding : str
        ``utf-8``, ``utf-8-sig``, ``cp1252`` or ``xlsx``.
    delimiter : str
    """

    path: Path
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    encoding: str
    delimiter: str = ","


def detect_encoding(head: bytes) -> str:
    """Return ``utf-8-sig`` (byte order mark), ``utf-8`` or ``cp1252`` for the first bytes of a text file.

    Examples
    --------
    >>> detect_encoding("Straat;Aantal\\n".encode("cp1252")), detect_encoding("café;1\\n".encode("cp1252"))
    ('utf-8', 'cp1252')
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def open_table(path: Path, *, progress: Progress | None = None, sheet: str | None = None,
               delimiter: str | None = None, skip_lines: int = 0) -> Table:
    """Open a CSV or spreadsheet file as a :class:`Table`.

    Raises
    ------
    ImportFileError
        For an empty, binary or unreadable file, or one without a header.
    """
    path = Path(path)
    with open(path, "rb") as handle:
        head = handle.read(_SNIFF)
    if not head.strip():
        raise ImportFileError(path, "empty file: no header line")
    if head.startswith(_ZIP) or head.startswith(_OLE):
        return _open_workbook(path, sheet, progress)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(path, "UTF-16 text: save the file as UTF-8 (or CP1252) CSV")
    if b"\x00" in head:
        raise ImportFileError(path, "binary file: not CSV text and not an XLSX workbook")
    encoding = detect_encoding(head)
    first = head.decode(encoding, errors="replace").lstrip("\ufeff").splitlines()
    first = first[skip_lines] if len(first) > skip_lines else ""
    delimiter = delimiter or max(DELIMITERS, key=first.count)
    rows = _csv_rows(path, encoding, delimiter, progress)
    header = _header(path, rows, skip_lines)
    return Table(path, header, rows, encoding, delimiter)


def _header(path: Path, rows: Iterator[tuple[int, list[str]]], skip_lines: int) -> list[str]:
    """The first row starting after ``skip_lines`` physical lines (title lines above a header)."""
    first = next(rows, None)
    while first is not None and first[0] <= skip_lines:
        first = next(rows, None)
    if first is None or not any(name.strip() for name in first[1]):
        raise ImportFileError(path, "empty file: no header line")
    return [name.strip().lstrip("\ufeff") for name in first[1]]


class _CountingReader(io.RawIOBase):
    """A binary stream that reports how many bytes were read."""

    def __init__(self, handle, progress: Progress | None, total: int):
        self.handle, self.progress, self.total, self.done = handle, progress, total, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.handle.readinto(buffer)
        self.done += n
        if self.progress:
            self.progress(self.done, self.total)
        return n


def _csv_rows(path: Path, encoding: str, delimiter: str, progress: Progress | None):
    total = path.stat().st_size
    with open(path, "rb", buffering=0) as raw:
        counting = io.BufferedReader(_CountingReader(raw, progress, total), buffer_size=1 << 20)
        yield from csv_records(path, io.TextIOWrapper(counting, encoding=encoding, newline=""), delimiter, encoding)


def csv_records(path: Path, text, delimiter: str, encoding: str, *, first_line: int = 1
                ) -> Iterator[tuple[int, list[str]]]:
    """``(line, fields)`` of the non-blank records of a text stream that starts at physical line ``first_line``
    of ``path`` (named in errors)."""
    reader = csv.reader(text, delimiter=delimiter, strict=True)
    offset = first_line - 1
    line = first_line
    # The limit is the csv module's process-wide setting, which other libraries change (followthemoney sets its
    # own at import): set ours while reading and restore the previous one after.
    previous = csv.field_size_limit(MAX_FIELD)
    try:
        for fields in reader:
            start, line = line, reader.line_num + 1 + offset
            if "".join(fields).strip():  # not a blank line
                yield start, fields
    except UnicodeDecodeError as exc:
        raise not_text(path, encoding, exc.object[exc.start], line) from None
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            reason = "a field is longer than {:,} characters".format(MAX_FIELD)
        else:
            reason = "malformed CSV ({})".format(exc)
        raise ImportFileError(path, reason, line=line) from None
    finally:
        csv.field_size_limit(previous)


def not_text(path: Path, encoding: str, byte: int, line: int) -> ImportFileError:
    """The fatal error for a byte that is not text in the file's encoding."""
    return ImportFileError(path, "not {} text (byte 0x{:02x}); save the file as UTF-8".format(encoding, byte), line=line)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _open_workbook(path: Path, sheet: str | None, progress: Progress | None) -> Table:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, XmlError, ZipError

    from veiligheidsbeeld.core.limits import check_xlsx

    try:
        check_xlsx(path)  # before calamine allocates the sheet's rectangle (issue 15)
    except zipfile.BadZipFile as exc:
        raise ImportFileError(path, "not a readable XLSX workbook ({})".format(exc)) from None
    except ValueError as exc:
        raise ImportFileError(path, str(exc)) from None
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        if sheet is not None and sheet not in names:
            raise ImportFileError(path, "no sheet {!r} (sheets: {})".format(sheet, ", ".join(names)))
        data = workbook.get_sheet_by_name(sheet or names[0]).to_python(skip_empty_area=False)
    except (CalamineError, PasswordError, XmlError, ZipError, ValueError, OSError) as exc:
        if isinstance(exc, ImportFileError):
            raise
        raise ImportFileError(path, "not a readable XLSX workbook ({})".format(exc)) from None
    total = len(data)

    def rows():
        for number, values in enumerate(data, start=1):
            if progress and number % 1000 == 0:
                progress(number, total)
            fields = [_cell(v) for v in values]
            if any(f.strip() for f in fields):
                yield number, fields
        if progress:
            progress(total, total)

    iterator = rows()
    header = _header(path, iterator, 0)
    return Table(path, header, iterator, "xlsx")
