"""CBS "Buurt, wijk en gemeente <jaar> voor postcode-huisnummer", aggregated to PC4 by address count.

CBS publishes every address (postcode PC6 + house number) with the buurt, wijk and gemeente it lies in on
1 January of the year (file ``pc6hnr<jaar>0801_gwb.csv`` in the zip ``<jaar>-cbs-pc6huisnr<jaar>0801_buurt.zip``,
https://www.cbs.nl/nl-nl/maatwerk/2024/35/buurt-wijk-en-gemeente-2024-voor-postcode-huisnummer). Layout::

    PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024
    9711AA;1;00140000;001400;0014

Rules:

* The delimiter is taken from the header line (CBS used ``;``; some years ``,``). The year is the one in the
  column names (``Buurt2024``); a file whose columns name another year than asked is refused.
* Codes are CBS codes without their prefix; leading zeros may be missing when the file went through a
  spreadsheet (``140000`` is buurt ``BU00140000``), so they are left-padded (buurt 8, wijk 6, gemeente 4
  characters). Codes with their prefix (``BU00140000``) are accepted as well.
* Every row is one address. Rows are counted per (PC4, buurt), PC4 being the first four characters of ``PC6``.
* A row whose wijk or gemeente does not contain its buurt, a malformed PC6 or an empty code is a problem. All
  problems are reported together, by line, and nothing is returned.

The file is large (about 9 million addresses); it is streamed, never held in memory.
"""

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .codes import level_of
from .problems import AreaFileError, Problem

__all__ = ["PostcodeAllocationRecord", "parse_postcodes"]

_PC6 = re.compile(r"[1-9]\d{3}\s?[A-Z]{2}")
_YEAR_COLUMN = re.compile(r"(Buurt|Wijk|Gemeente)(\d{4})", re.IGNORECASE)
_MAX_PROBLEMS = 200


@dataclass(frozen=True)
class PostcodeAllocationRecord:
    """The addresses of one PC4 lying in one buurt.

    Attributes
    ----------
    pc4 : str
        Four digits, e.g. ``"9711"``.
    buurt_code, wijk_code, gemeente_code : str
        CBS codes with prefix, e.g. ``"BU00140000"``, ``"WK001400"``, ``"GM0014"``.
    addresses : int
        Number of addresses (PC6 + house number) of the PC4 in the buurt.
    """

    pc4: str
    buurt_code: str
    wijk_code: str
    gemeente_code: str
    addresses: int


def parse_postcodes(path: str | Path, year: int) -> list[PostcodeAllocationRecord]:
    """Read the CBS postcode-huisnummer file and count addresses per PC4 and buurt.

    Parameters
    ----------
    path : str or Path
        E.g. ``pc6hnr20240801_gwb.csv``.
    year : int
        The year of the file (``Buurt<year>`` columns): the CBS indeling of its buurten.

    Returns
    -------
    list of PostcodeAllocationRecord
        Sorted by PC4 and buurt code.

    Raises
    ------
    AreaFileError
        With every problem found: missing columns (naming those expected and found), columns of another year,
        malformed PC6, codes that do not nest (buurt in wijk in gemeente), an empty file.
    """
    path = Path(path)
    with path.open("rb") as raw:
        head = raw.read(3)
        encoding = "utf-8-sig" if head == b"\xef\xbb\xbf" else "utf-8"
    with path.open(encoding=encoding, newline="") as handle:
        try:
            header_line = handle.readline()
        except UnicodeDecodeError:
            raise AreaFileError(path, [Problem(1, None, None, "not UTF-8 text")]) from None
        if not header_line.strip():
            raise AreaFileError(path, [Problem(1, None, None, "empty file: no header line")])
        delimiter = max(";,\t", key=header_line.count)
        header = [name.strip().strip('"') for name in next(csv.reader(io.StringIO(header_line), delimiter=delimiter))]
        columns = _columns(path, header, year)
        counts: Counter = Counter()
        triples: dict = {}
        problems: list[Problem] = []
        line = 1
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            for fields in reader:
                line += 1
                if not fields or not any(field.strip() for field in fields):
                    continue
                if len(problems) >= _MAX_PROBLEMS:
                    break
                if len(fields) != len(header):
                    reason = f"{len(fields)} fields where the header has {len(header)}"
                    problems.append(Problem(line, None, None, reason))
                    continue
                key = _row(fields, columns, line, problems, triples)
                if key is not None:
                    counts[key] += 1
        except UnicodeDecodeError:
            problems.append(Problem(line + 1, None, None, "not UTF-8 text"))
        except csv.Error as exc:
            problems.append(Problem(line, None, None, f"malformed CSV: {exc}"))
    if problems:
        if len(problems) >= _MAX_PROBLEMS:
            problems.append(Problem(None, None, None, f"stopped after {_MAX_PROBLEMS} problems"))
        raise AreaFileError(path, problems)
    if not counts:
        raise AreaFileError(path, [Problem(None, None, None, "no addresses in the file")])
    return [
        PostcodeAllocationRecord(pc4, buurt, wijk, gemeente, n)
        for (pc4, buurt, wijk, gemeente), n in sorted(counts.items())
    ]


def _columns(path: Path, header: list[str], year: int) -> dict[str, int]:
    lower = {name.lower(): index for index, name in enumerate(header)}
    wanted = {"pc6": "PC6", "buurt": f"Buurt{year}", "wijk": f"Wijk{year}", "gemeente": f"Gemeente{year}"}
    missing = [name for name in wanted.values() if name.lower() not in lower]
    if missing:
        years = sorted({m.group(2) for name in header if (m := _YEAR_COLUMN.fullmatch(name))})
        other = f"; the file is for {', '.join(years)}, not {year}" if years and str(year) not in years else ""
        reason = "expected columns {} (found {}){}".format(
            ", ".join(wanted.values()), ", ".join(header) or "none", other
        )
        raise AreaFileError(path, [Problem(1, None, None, reason)])
    return {key: lower[name.lower()] for key, name in wanted.items()}


def _code(value: str, prefix: str, width: int) -> str:
    value = value.strip().upper()
    if value.startswith(prefix):
        return value
    return prefix + value.zfill(width)


def _row(fields, columns, line, problems, triples):
    pc6 = fields[columns["pc6"]].strip().upper()
    if not _PC6.fullmatch(pc6):
        problems.append(Problem(line, "PC6", pc6, "not a postcode (4 digits, 2 letters)"))
        return None
    triple = (fields[columns["buurt"]], fields[columns["wijk"]], fields[columns["gemeente"]])
    codes = triples.get(triple)
    if codes is None:
        codes = _codes(triple, line, problems)
        if codes is None:
            return None
        triples[triple] = codes
    return (pc6[:4], *codes)


def _codes(triple, line, problems):
    """Return the prefixed (buurt, wijk, gemeente) codes of a row, or None after adding its problem."""
    raw = dict(zip(("buurt", "wijk", "gemeente"), (value.strip() for value in triple)))
    empty = [key for key, value in raw.items() if not value]
    if empty:
        problems.append(Problem(line, None, None, "empty {} code".format(" and ".join(empty))))
        return None
    buurt, wijk, gemeente = _code(raw["buurt"], "BU", 8), _code(raw["wijk"], "WK", 6), _code(raw["gemeente"], "GM", 4)
    try:
        level_of(buurt), level_of(wijk), level_of(gemeente)
    except ValueError as exc:
        problems.append(Problem(line, None, "{}/{}/{}".format(*raw.values()), str(exc)))
        return None
    if wijk[2:] != buurt[2:8] or gemeente[2:] != buurt[2:6]:
        reason = f"buurt {buurt} does not lie in wijk {wijk} and gemeente {gemeente}"
        problems.append(Problem(line, None, "{}/{}/{}".format(*raw.values()), reason))
        return None
    return buurt, wijk, gemeente
