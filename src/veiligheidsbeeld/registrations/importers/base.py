"""The importer contract: a file in, a stream of unsaved registrations (or survey results) and rejections out.

An importer opens its file (fatal problems raise :class:`ImportFileError` before anything is stored), resolves
the gemeente the data belongs to, and converts rows in chunks. The same conversion serves a corrected row from
quarantine (:meth:`Importer.convert_rows` on the edited raw content), so a resubmitted row passes exactly the
checks of the file it came from.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.core.spreadsheet import is_formula

from .errors import ImportFileError, OutOfScope, Reason, Rejection
from .personal import scrub
from .tables import Progress, Table, open_table

__all__ = [
    "Importer", "Item", "Tally", "RegistrationFrame", "CHUNK_ROWS", "REGISTRY", "may_hold_formulas", "missing", "register",
]

#: Rows converted per chunk (vectorised steps such as point-in-polygon work per chunk).
CHUNK_ROWS = 10_000

#: Cheap pre-check over all cells of a row joined by \x1f: could any cell be a formula
#: (:func:`veiligheidsbeeld.core.spreadsheet.is_formula`: ``=...``, or ``+``, ``-``, ``@`` and not a number)?
_MAYBE_FORMULA = re.compile(r"(?:^|\x1f)\s*[=@+\-]")

#: Importer classes by name (``statline``, ``bvh``, ...).
REGISTRY: dict[str, type[Importer]] = {}

Item = object  # Registration, PerceptionResult, RegistrationFrame or Rejection


@dataclass
class RegistrationFrame:
    """Many unsaved registrations as columns (the columnar fast path of an importer).

    ``frame`` holds ``source_ref``, ``theme_id``, ``category_code``, ``category_label``, ``period_start``
    (date), ``area_id`` and ``attributes`` (JSON text); ``constant`` the fields every row shares (attnames:
    ``source_system``, ``kind``, ``precision``, ``count``, ``confidentiality``).
    """

    frame: pl.DataFrame
    constant: dict
    #: The frame in the database's load format with its cube cells, when computed ahead off the storing thread
    #: (:func:`veiligheidsbeeld.registrations.bulk.encode`).
    encoded: Any = None


def register(cls):
    REGISTRY[cls.name] = cls
    return cls


class Importer:
    """Base class. Subclasses set ``name``, ``source_system``, ``required`` columns and implement ``convert``.

    Parameters
    ----------
    gemeente : Gemeente, optional
        The gemeente of the data; when None it is resolved from the file (:meth:`detect_gemeente`), or, for an
        importer that ``distributes``, the rows go to every registered gemeente (each to its area's gemeente).
    options : dict
        Importer options, recorded on the batch as its ``mapping``.
    """

    name = ""
    source_system = ""
    #: Whether the importer reads files (the ``import`` command and the upload page offer only those).
    reads_files = True
    #: Columns that must be present (fatal when missing).
    required: tuple[str, ...] = ()
    #: Extra command-line options: ``{"flags": [...], "kwargs": {..., "dest": name}}``, passed as options.
    cli_options: tuple[dict, ...] = ()
    #: Raw fields never stored (e.g. street, house number); see :meth:`generalise`.
    dropped: tuple[str, ...] = ()
    #: Whether, without a gemeente, the rows are distributed over every registered gemeente (files of many
    #: gemeenten: StatLine tables, partner tables with area codes) instead of the gemeente told from the file.
    distributes = False
    #: The batch being stored, set by :func:`~veiligheidsbeeld.registrations.services.run_import` before the
    #: items are read (None outside it): a columnar importer writes the ``COPY`` text for it ahead.
    batch = None
    #: Rejection codes that say the file does not fit (its categories or areas are not this gemeente's
    #: vocabulary), not that a row is wrong: when every row of a file is rejected for one of these, the file is
    #: refused with one message instead of filling quarantine (:meth:`refuse_if_nothing_taken`).
    file_level_reasons: frozenset[str] = frozenset()

    def __init__(self, gemeente: Gemeente | None = None, **options):
        self.gemeente = gemeente
        self.options = options
        self.path: Path | None = None
        self.progress: Progress | None = None
        self.table: Table | None = None
        self._first: list[tuple[int, dict]] = []
        self._rest: Iterator[tuple[int, dict]] = iter(())
        #: Line of the last record read when it has another number of fields than the header, else None.
        self._ragged_end: tuple[int, int] | None = None

    # --- opening ---------------------------------------------------------------------------------------------

    def open(self, path: Path, progress: Progress | None = None) -> None:
        """Open and check the file; read the first chunk so the gemeente can be resolved. Fatal errors raise."""
        self.path = Path(path)
        self.progress = progress
        self.table = self.open_table(self.path, progress)
        self.check_header(self.table.header)
        rows = self.dict_rows(self.table.rows)
        # The gemeente is told from the first chunk; when it is known, one row shows the file is not empty.
        self._first = list(itertools.islice(rows, CHUNK_ROWS if self.gemeente is None else 1))
        self._rest = rows
        if not self._first:
            raise ImportFileError(self.path, "no data rows below the header")
        if self.gemeente is None and not self.distributes:
            self.gemeente = self.detect_gemeente(self._first)
            if self.gemeente is None:
                raise ImportFileError(self.path, "cannot tell which gemeente the data belong to; pass --gemeente")
        self.prepare()

    def open_table(self, path: Path, progress: Progress | None) -> Table:
        return open_table(path, progress=progress)

    def check_header(self, header: list[str]) -> None:
        if len(set(header)) != len(header):
            double = sorted({h for h in header if header.count(h) > 1})
            raise ImportFileError(self.path, "column names occur twice: {}".format(", ".join(double)), line=1)
        missing = [c for c in self.required if c not in header]
        if missing:
            raise ImportFileError(
                self.path,
                "missing columns: {} (found: {})".format(", ".join(missing), ", ".join(header[:40])),
                line=1,
            )

    def dict_rows(self, rows) -> Iterator[tuple[int, dict]]:
        """``(line, raw dict)`` of ``(line, fields)`` rows: fields by column name; a row with too few fields is
        padded and one with too many keeps the rest as ``_extra`` (both are rejected by :meth:`structural`)."""
        header = self.table.header
        width = len(header)
        for number, fields in rows:
            self._ragged_end = (number, len(fields)) if len(fields) != width else None
            if len(fields) != width:
                padded = dict(zip(header, fields + [""] * (width - len(fields))))
                if len(fields) > width:
                    padded["_extra"] = fields[width:]
                padded["_field_count"] = len(fields)
            else:
                padded = dict(zip(header, fields))
            yield number, padded

    def detect_gemeente(self, rows: list[tuple[int, dict]]) -> Gemeente | None:
        return None

    def prepare(self) -> None:
        """Load lookups (categories, areas) once the gemeente is known."""

    # --- converting ------------------------------------------------------------------------------------------

    def items(self) -> Iterator[Item]:
        """All rows of the opened file as registrations / survey results / rejections, in file order.

        At the end of the file, :meth:`check_complete` refuses a truncated file and :meth:`refuse_if_nothing_taken`
        a file none of whose rows fits; both raise :class:`ImportFileError` inside the import's transaction, so
        nothing is stored.
        """
        tally = Tally()
        chunk = self._first
        while chunk:
            converted = self.convert_rows(chunk)
            tally.add(converted)
            yield from converted
            chunk = list(itertools.islice(self._rest, CHUNK_ROWS))
        self.check_complete()
        self.refuse_if_nothing_taken(tally)

    def check_complete(self) -> None:
        """Refuse a file whose last record has fewer or more fields than the header: a file cut off mid-line
        (unless the option ``accept_partial`` is set)."""
        if self._ragged_end is None or self.options.get("accept_partial") or self.path is None:
            return
        line, count = self._ragged_end
        width = self.record_width()
        raise ImportFileError(
            self.path, "truncated: the last record has {} fields where the header has {} (use --accept-partial to "
            "import the rows before it)".format(count, width), line=line, code="truncated_record",
            params={"count": count, "width": width})

    def record_width(self) -> int:
        """Fields per record of the file (the header's)."""
        return len(self.table.header) if self.table else 0

    def refuse_if_nothing_taken(self, tally: Tally) -> None:
        """Refuse the file with one message when no row is taken and every row is rejected for one reason of
        :attr:`file_level_reasons` (e.g. no category maps: the file is not of this source)."""
        if self.path is None or tally.taken or not tally.rejected:
            return
        common = [code for code in sorted(self.file_level_reasons) if tally.by_code.get(code) == tally.rejected]
        if not common:
            return
        code = common[0]
        detail = "; ".join(tally.examples[code])
        if tally.rejected > len(tally.examples[code]):
            detail += "; ..."
        raise ImportFileError(
            self.path, "no row can be taken: all {:,} rows are rejected for {} ({}); nothing is stored".format(
                tally.rejected, code, detail),
            code="no_rows", params={"rows": "{:,}".format(tally.rejected), "reason": code, "detail": detail},
        )

    def convert_rows(self, rows: list[tuple[int, dict]]) -> list[Item]:
        """Convert rows (line number, raw dict); rows with a wrong number of fields are rejected first."""
        out = []
        formulas = may_hold_formulas(rows)
        for number, raw in rows:
            problems = self.structural(number, raw, formulas=formulas)
            out.append(self.reject(number, raw, *problems) if problems else self.convert(number, raw))
        return out

    def structural(self, number: int, raw: dict, *, formulas: bool = True) -> list[Reason]:
        """Problems of the row as a whole: a wrong number of fields, spreadsheet formulas in cells.

        ``formulas=False`` skips the formula check, for rows of a chunk that :func:`may_hold_formulas` cleared.
        """
        reasons = []
        if "_field_count" in raw:
            count = raw.pop("_field_count")
            reasons.append(Reason("field_count", "line {}: {} fields where the header has {}".format(
                number, count, len(self.table.header) if self.table else "fewer")))
        if not formulas or not _MAYBE_FORMULA.search("\x1f".join(v for v in raw.values() if isinstance(v, str))):
            return reasons
        for column, value in raw.items():
            if is_formula(value):
                reasons.append(Reason("formula", "line {}, column {!r}: spreadsheet formula {!r} is not data".format(
                    number, column, value[:40]), column))
        return reasons

    def convert(self, number: int, raw: dict) -> Item:
        raise NotImplementedError

    def reject(self, number: int, raw: dict, *reasons: Reason) -> Rejection:
        return Rejection(number, self.generalise(raw), list(reasons))

    def quarantine_columns(self) -> set[str] | None:
        """The columns the importer maps, the only ones a rejected row keeps (None: every column)."""
        return None

    def generalise(self, raw: dict) -> dict:
        """The raw row as it may be stored: only mapped columns, address fields dropped, and no person data
        (names, addresses, BSNs, e-mail, phone; :func:`.personal.scrub`). Subclasses may generalise more."""
        return scrub({k: v for k, v in raw.items() if k not in self.dropped}, self.quarantine_columns())

    def mapping(self) -> dict:
        """What the batch records about how the file was read."""
        return {
            "options": {k: v for k, v in self.options.items() if v is not None},
            "encoding": self.table.encoding if self.table else "",
            "delimiter": self.table.delimiter if self.table else "",
        }

    @classmethod
    def for_batch(cls, batch) -> Importer:
        """An importer configured as the batch's was, to convert corrected rows of its quarantine."""
        gemeente = None if batch.scope == "all" else batch.gemeente
        importer = cls(gemeente=gemeente, **batch.mapping.get("options", {}))
        importer.prepare()
        return importer


class Tally:
    """What the converted rows of a file came to so far: taken items, rejections per reason code, examples."""

    def __init__(self):
        self.taken = 0
        self.rejected = 0
        self.by_code: dict[str, int] = {}
        self.examples: dict[str, list[str]] = {}

    def add(self, items) -> None:
        for item in items:
            if isinstance(item, OutOfScope):
                continue  # counted per gemeente by the import, neither taken here nor refused
            if not isinstance(item, Rejection):
                self.taken += 1
                continue
            self.rejected += 1
            for code in {r.code for r in item.reasons}:
                self.by_code[code] = self.by_code.get(code, 0) + 1
            for reason in item.reasons:
                examples = self.examples.setdefault(reason.code, [])
                if len(examples) < 3 and reason.message not in examples:
                    examples.append(reason.message)


def may_hold_formulas(rows: list[tuple[int, dict]]) -> bool:
    """Whether any cell of a chunk of rows could be a spreadsheet formula, so clean chunks (nearly all) skip
    the per-row check of :meth:`Importer.structural`. Only rows holding one of ``= + - @`` (fast substring
    tests) go through the regular expression and then :func:`~veiligheidsbeeld.core.spreadsheet.is_formula`."""
    try:
        texts = ["\x1f".join(raw.values()) for _, raw in rows]
    except TypeError:  # a row with a wrong number of fields holds non-text values: check row by row
        return True
    return any(
        ("=" in t or "+" in t or "-" in t or "@" in t) and _MAYBE_FORMULA.search(t)
        and any(is_formula(cell) for cell in t.split("\x1f"))
        for t in texts
    )


def missing(column: str, number: int) -> Reason:
    return Reason("missing_value", "line {}, column {!r}: no value".format(number, column), column)
