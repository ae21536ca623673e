"""Spreadsheet (CSV/XLSX) formula injection: neutralise cells on the way out, recognise formulas on the way in.

OWASP's rule (CSV Injection): a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
taken for a formula by Excel and LibreOffice; prefixing it with a single quote makes it text. A plain number
(``-12``, ``+3,5``) is data, not a formula, and stays as it is. Every CSV the application writes goes through
:func:`neutralise` (:func:`writer`, :func:`dict_writer`); importers refuse cells for which :func:`is_formula`
holds (issue 15, finding 7).
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal

__all__ = ["dict_writer", "is_formula", "is_plain_number", "neutralise", "writer"]

#: Characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^\s*[+-]?(?:\d+(?:[.,\s]\d+)*|[.,]\d+)(?:[eE][+-]?\d+)?\s*%?\s*$")


def is_plain_number(text: str) -> bool:
    """``-12``, ``+3,5``, ``-0.1``, ``1.234,5``, ``-5%``, ``1e-3``: a number, whatever its notation."""
    return bool(_PLAIN_NUMBER.match(text))


def neutralise(value):
    """``value`` as a spreadsheet cell that cannot be a formula: text starting with one of ``= + - @``, a tab or
    a carriage return gets a leading ``'``, unless it is a plain number. Numbers and None pass unchanged."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not is_plain_number(text):
        return "'" + text
    return text


def is_formula(value) -> bool:
    """Whether an imported cell is a spreadsheet formula (never data, never evaluated): it starts, after white
    space, with ``=``, or with ``+``, ``-`` or ``@`` and is not a plain number (a lone dash, a placeholder for
    "no value", is no formula)."""
    if not isinstance(value, str):
        return False
    text = value.lstrip()
    if not text:
        return False
    if text[0] == "=":
        return True
    if text[0] not in "+-@":
        return False
    if text[0] != "@" and is_plain_number(text):
        return False
    return not set(text) <= {"-", " "}


class _SafeWriter:
    def __init__(self, inner):
        self._inner = inner

    def writerow(self, row):
        return self._inner.writerow([neutralise(v) for v in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class _SafeDictWriter:
    def __init__(self, inner):
        self._inner = inner

    def writeheader(self):
        return self._inner.writerow({k: neutralise(k) for k in self._inner.fieldnames})

    def writerow(self, row):
        return self._inner.writerow({k: neutralise(v) for k, v in row.items()})

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(handle, **kwargs):
    """:func:`csv.writer` whose cells are neutralised."""
    return _SafeWriter(csv.writer(handle, **kwargs))


def dict_writer(handle, fieldnames, **kwargs):
    """:class:`csv.DictWriter` whose cells (and header) are neutralised."""
    return _SafeDictWriter(csv.DictWriter(handle, fieldnames=fieldnames, **kwargs))
