"""Large CSV files in record-aligned chunks, parsed column-wise by polars: the columnar fast path of imports.

The row-by-row reader (:mod:`.tables`, Python's ``csv`` module) builds a list and a dict per row, which caps an
import at some tens of thousands of rows per second. This module reads the same files in chunks of a few
megabytes and hands each chunk to polars' CSV parser (Rust, multi-threaded) as a table of text columns.

It gives exactly what the row reader gives, or falls back to it:

- **Record boundaries** are found with numpy over the raw bytes: a newline outside double quotes ends a
  record (the quote parity is carried from the start of the file), so a chunk never cuts a quoted field.
- **Quotes** are trusted only where RFC 4180 puts them: an opening quote after a delimiter, a line start or
  another quote; a closing one before a delimiter, a line end or another quote. A stray quote inside an
  unquoted field (``5" scherm``), which the ``csv`` module reads literally, makes the quote parity meaningless:
  from that chunk on, the rest of the file is read by the row reader, starting at the chunk's first record (a
  known record boundary).
- **Line numbers** are those of the row reader: the physical line where a record starts, counting the newlines
  inside quoted fields.
- **Blank records** (every field empty) are skipped, as the row reader skips them.
- **Only the columns asked for** are materialised by polars; the full fields of any record (for quarantine,
  or for the row-by-row conversion of a record the fast checks do not clear) are read back from its bytes
  with the ``csv`` module (:meth:`FrameChunk.records`).
- A chunk with a record of the wrong number of fields, or that polars reads differently from the record count
  (e.g. invalid UTF-8), goes to the row reader as a whole, which then reports it per row or as a fatal error,
  with the same messages as without the fast path.

Eligible are CSV files in UTF-8 (with or without byte order mark) whose header is one physical line; anything
else (CP1252, spreadsheets) is read by the row reader only.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import polars as pl

from veiligheidsbeeld.core.spreadsheet import is_formula

from .tables import MAX_FIELD, Progress, Table, csv_records, not_text

__all__ = ["FrameChunk", "RowChunk", "chunks", "eligible"]

#: Bytes read per chunk (about 50,000 BVH rows); memory stays a small multiple of this.
CHUNK_BYTES = 16 << 20
_QUOTE, _NEWLINE, _RETURN = ord('"'), ord("\n"), ord("\r")
_FORMULA_START = np.zeros(256, dtype=bool)
_FORMULA_START[[ord(c) for c in "=@+-"]] = True
#: Bytes skipped before a field's first character (and that a blank record may start with): quotes, ASCII white
#: space and separators, and every byte of a non-ASCII character (a no-break space is white space to Python).
_SKIP = np.zeros(256, dtype=bool)
_SKIP[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32, ord('"')]] = True
_SKIP[128:] = True


@dataclass
class FrameChunk:
    """Records parsed by polars: the requested text columns (None for an empty field)."""

    frame: pl.DataFrame
    #: The physical line where each record starts (1 is the header).
    lines: np.ndarray
    data: bytes
    #: Byte offsets in ``data`` where each record starts and ends (its newline).
    starts: np.ndarray
    ends: np.ndarray
    delimiter: str
    #: Records with a cell that may be a spreadsheet formula (``=``, ``@``, ``+`` or ``-`` at the start of a
    #: field, possibly after spaces): the importer checks those row by row.
    suspect: np.ndarray

    def records(self, indices) -> list[tuple[int, list[str]]]:
        """``(line, fields)`` of the records at ``indices`` (positions in :attr:`frame`), all columns."""
        out = []
        for i in indices:
            text = self.data[self.starts[i]:self.ends[i]].decode("utf-8")
            fields = next(csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter, strict=True), [])
            out.append((int(self.lines[i]), fields))
        return out


@dataclass
class RowChunk:
    """Records read by the row reader: ``(line, fields)`` pairs, as :attr:`Table.rows` yields them."""

    rows: list[tuple[int, list[str]]]


def eligible(table: Table) -> bool:
    """Whether a table can be read by :func:`chunks`."""
    return table.encoding in ("utf-8", "utf-8-sig") and len(table.delimiter) == 1


def chunks(table: Table, progress: Progress | None = None, chunk_bytes: int | None = None,
           columns: list[str] | None = None) -> Iterator[FrameChunk | RowChunk] | None:
    """The data records of ``table``'s file in chunks of up to ``chunk_bytes`` (default :data:`CHUNK_BYTES`),
    with ``columns`` only (default all); or None when the file's header is not one physical line equal to
    ``table.header`` (then use the row reader)."""
    path = table.path
    with open(path, "rb") as handle:
        first = handle.readline()
    offset = len(codecs.BOM_UTF8) if first.startswith(codecs.BOM_UTF8) else 0
    header_line = first[offset:]
    fields = next(csv.reader([header_line.decode("utf-8", errors="replace")], delimiter=table.delimiter), [])
    if [f.strip().lstrip("\ufeff") for f in fields] != table.header or header_line.count(b'"') % 2:
        return None
    wanted = [table.header.index(c) for c in (columns or table.header)]
    return _chunks(table, len(first), header_line, wanted, progress, chunk_bytes or CHUNK_BYTES)


def _chunks(table: Table, start: int, header_line: bytes, wanted: list[int], progress, chunk_bytes
            ) -> Iterator[FrameChunk | RowChunk]:
    path, delimiter = table.path, ord(table.delimiter)
    total = path.stat().st_size
    position, line = start, 2  # file offset and physical line of the first record not yet yielded
    with open(path, "rb") as handle:
        handle.seek(start)
        pending, size = b"", max(chunk_bytes // 16, 1)  # chunks grow to chunk_bytes: storing starts sooner
        while True:
            block = handle.read(size)
            size = min(size * 2, chunk_bytes)
            data = pending + block
            if not data:
                return
            if not block and not data.endswith(b"\n"):
                data += b"\n"
            arr = np.frombuffer(data, dtype=np.uint8)
            scan = _scan(arr, delimiter)
            cut = int(scan.ends[-1]) + 1 if scan is not None and scan.ends.size else 0
            if scan is None or (not block and cut != len(data)):
                # A stray quote or bare carriage return, or an unterminated quoted field at the end: the row
                # reader takes over at a record boundary (and reports what is wrong in its own words).
                yield from _rest_by_rows(table, position, line, progress)
                return
            if cut == 0:  # no complete record yet (a very long one): read on
                pending = data
                continue
            pending, data = data[cut:], data[:cut]
            yield _parse(data, arr[:cut], scan, header_line, wanted, table, line)
            position += cut
            line += int(np.searchsorted(scan.breaks, cut))
            if progress:
                progress(min(position, total), total)
            if not block:
                return


@dataclass
class _Scan:
    quotes: np.ndarray  # positions of quote characters
    ends: np.ndarray  # newlines outside quotes: record ends
    breaks: np.ndarray  # physical line ends as the csv module counts them (newlines, bare carriage returns)


def _scan(arr: np.ndarray, delimiter: int) -> _Scan | None:
    """The record structure of a byte chunk; None for a quote where RFC 4180 allows none (an opening quote not
    after a delimiter, line start or quote; a closing one not before a delimiter, line end or quote), or a bare
    carriage return outside quotes (a record end to the csv module, an irregularity here)."""
    n = arr.size
    quotes = np.flatnonzero(arr == _QUOTE)
    newlines = np.flatnonzero(arr == _NEWLINE)
    returns = np.flatnonzero(arr == _RETURN)
    bare = returns[(returns == n - 1) | (arr[np.minimum(returns + 1, n - 1)] != _NEWLINE)] if returns.size else returns
    breaks = np.union1d(newlines, bare) if bare.size else newlines
    if not quotes.size:
        return _Scan(quotes, newlines, breaks) if not bare.size else None
    opening, closing = quotes[0::2], quotes[1::2]
    before = np.where(opening > 0, arr[np.maximum(opening - 1, 0)], _NEWLINE)
    after = np.where(closing < n - 1, arr[np.minimum(closing + 1, n - 1)], _NEWLINE)
    if not (np.isin(before, (delimiter, _NEWLINE, _QUOTE)).all()
            and np.isin(after, (delimiter, _NEWLINE, _RETURN, _QUOTE)).all()):
        return None
    if bare.size and not (np.searchsorted(quotes, bare) & 1).all():
        return None
    return _Scan(quotes, newlines[(np.searchsorted(quotes, newlines) & 1) == 0], breaks)


def _parse(data: bytes, arr: np.ndarray, scan: _Scan, header_line: bytes, wanted: list[int], table: Table,
           line: int) -> FrameChunk | RowChunk:
    ends = scan.ends
    starts = np.concatenate(([0], ends[:-1] + 1))
    lines = line + np.searchsorted(scan.breaks, starts)
    # Fields per record: its delimiters, less those inside its quoted fields, plus one.
    delimiters = np.flatnonzero(arr == ord(table.delimiter))
    fields = np.diff(np.searchsorted(delimiters, np.concatenate((starts, [arr.size])))) + 1
    quotes = scan.quotes[scan.quotes < arr.size]
    if quotes.size:
        opening, closing = quotes[0::2], quotes[1::2]
        quoted = np.searchsorted(delimiters, closing) - np.searchsorted(delimiters, opening)
        fields -= np.bincount(np.searchsorted(ends, opening), weights=quoted, minlength=ends.size).astype(np.int64)
    lengths = ends - starts
    blank = (lengths == 0) | ((lengths == 1) & (arr[np.minimum(starts, arr.size - 1)] == _RETURN))
    if ((fields != len(table.header)) & ~blank).any() or lengths.max() > MAX_FIELD:
        # Ragged records, or a field that may be over the limit: the row reader's checks and messages.
        return _by_rows(data, table, line)
    try:
        frame = pl.read_csv(
            header_line + data, has_header=True, separator=table.delimiter, infer_schema=False, quote_char='"',
            columns=wanted, raise_if_empty=False,
        )
    except (pl.exceptions.PolarsError, UnicodeDecodeError, ValueError):  # e.g. invalid UTF-8
        return _by_rows(data, table, line)
    if frame.height != ends.size:
        return _by_rows(data, table, line)
    frame.columns = [table.header[i] for i in wanted]
    # Possible formulas: the first character of each field after quotes and anything that may be white space
    # (every non-ASCII byte counts as such), as the row path's ``\s*[=@+-]`` sees the parsed value.
    field_starts = np.concatenate((starts, delimiters + 1))
    position = np.minimum(field_starts, arr.size - 1)
    moving = np.flatnonzero(_SKIP[arr[position]])
    while moving.size:
        position[moving] = np.minimum(position[moving] + 1, arr.size - 1)
        moving = moving[(position[moving] < arr.size - 1) & _SKIP[arr[position[moving]]]]
    first = arr[position]
    # Every field starting with ``= @ + -`` may be a formula: ``-2+3+cmd|...`` starts like a number (issue 15).
    possible = _FORMULA_START[first]
    _clear_plain_fields(possible, field_starts, arr, data, ends, delimiters)
    suspect = np.zeros(ends.size, dtype=bool)
    suspect[np.searchsorted(ends, field_starts[possible])] = True
    chunk = FrameChunk(frame, lines, data, starts, ends, table.delimiter, suspect)
    # Blank records (every field empty or spaces) are skipped. A record whose first byte is text is not blank;
    # the others are candidates, decided by their full fields.
    record_first = arr[np.minimum(starts, arr.size - 1)]
    empty = (lengths == 0) | _SKIP[record_first] | (record_first == ord(table.delimiter))
    if empty.any():
        candidates = np.flatnonzero(empty)
        drop = [i for i, (_, f) in zip(candidates, chunk.records(candidates)) if not "".join(f).strip()]
        if drop:
            keep = np.ones(frame.height, dtype=bool)
            keep[drop] = False
            chunk = FrameChunk(frame.filter(pl.Series(keep)), lines[keep], data, starts[keep], ends[keep],
                               table.delimiter, suspect[keep])
    return chunk


def _clear_plain_fields(possible: np.ndarray, field_starts: np.ndarray, arr: np.ndarray, data: bytes,
                        ends: np.ndarray, delimiters: np.ndarray) -> None:
    """Unmark the unquoted fields that are no formula by the row path's own test
    (:func:`~veiligheidsbeeld.core.spreadsheet.is_formula` on the field's text): a plain signed number such as a
    temperature of ``-0.5`` is data (real police exports have one in about 5 % of their rows, which would otherwise
    all take the row path), and so is an empty last field, whose look-ahead above runs into the next record. An
    unquoted field ends at the next delimiter or at its record's end (before a CR of a CRLF). Quoted fields stay
    marked."""
    marked = np.flatnonzero(possible & (arr[np.minimum(field_starts, arr.size - 1)] != _QUOTE))
    if not marked.size:
        return
    begin = field_starts[marked]
    record_end = ends[np.minimum(np.searchsorted(ends, begin), ends.size - 1)]
    after = np.searchsorted(delimiters, begin)
    next_delimiter = np.where(after < delimiters.size, delimiters[np.minimum(after, delimiters.size - 1)], arr.size)
    end = np.minimum(next_delimiter, record_end)
    end -= (end == record_end) & (end > begin) & (arr[np.maximum(end - 1, 0)] == _RETURN)  # CRLF: not in the value
    plain = [not is_formula(data[a:b].decode("utf-8", "replace")) for a, b in zip(begin.tolist(), end.tolist())]
    possible[marked[np.asarray(plain, dtype=bool)]] = False


def _by_rows(data: bytes, table: Table, line: int) -> RowChunk:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise not_text(table.path, "utf-8", data[exc.start], line + data.count(b"\n", 0, exc.start)) from None
    return RowChunk(list(csv_records(table.path, io.StringIO(text, newline=""), table.delimiter, "utf-8",
                                     first_line=line)))


def _rest_by_rows(table: Table, offset: int, line: int, progress) -> Iterator[RowChunk]:
    """The file from byte ``offset`` (a record boundary at ``line``) through the row reader, in row chunks."""
    with open(table.path, "rb") as handle:
        handle.seek(offset)
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        rows: list = []
        for record in csv_records(table.path, text, table.delimiter, "utf-8", first_line=line):
            rows.append(record)
            if len(rows) >= 10_000:
                yield RowChunk(rows)
                rows = []
        if rows:
            yield RowChunk(rows)
    if progress:
        size = table.path.stat().st_size
        progress(size, size)
