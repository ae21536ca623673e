"""Numbers as partner files write them: decimal comma or point, thousands separators, StatLine's ``.``/``x``."""

from __future__ import annotations

import re

__all__ = ["parse_number", "MISSING"]

#: StatLine and survey notations for "no figure": ``.`` missing, ``x`` secret, ``-`` nil/not applicable.
MISSING = frozenset({"", ".", "x", "X", "-", "?"})
_THOUSANDS_POINT = re.compile(r"-?\d{1,3}(\.\d{3})+")
_THOUSANDS_COMMA = re.compile(r"-?\d{1,3}(,\d{3})+")


def parse_number(text: str) -> float | None:
    """Parse ``"32,9"``, ``"1.234"``, ``"1.234,5"``, ``"15054"``; None for the missing notations.

    A point followed by exactly three digits (``1.234``) is a thousands separator, as in Dutch files.

    Raises
    ------
    ValueError
        For text that is no number.

    Examples
    --------
    >>> parse_number("32,9"), parse_number("1.234"), parse_number("1.234,5"), parse_number("x")
    (32.9, 1234.0, 1234.5, None)
    """
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if text in MISSING:
        return None
    if _THOUSANDS_POINT.fullmatch(text):
        text = text.replace(".", "")
    elif _THOUSANDS_COMMA.fullmatch(text) and "." not in text:
        text = text.replace(",", "")
    elif "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueError("{!r} is not a number".format(text[:40])) from None
