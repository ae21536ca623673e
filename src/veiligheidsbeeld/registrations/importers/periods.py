"""Periods: StatLine period codes and Dutch date notations."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["parse_statline_period", "parse_date", "parse_datetime"]

_STATLINE = re.compile(r"(\d{4})(JJ|KW|MM)(\d{2})")
_DUTCH_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "januari"), ("feb", "februari"), ("mrt", "maart", "mar"), ("apr", "april"), ("mei",),
         ("jun", "juni"), ("jul", "juli"), ("aug", "augustus"), ("sep", "sept", "september"),
         ("okt", "oktober", "oct"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[Tt ](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_DMY_WORD = re.compile(r"(\d{1,2})[ -]([a-z]+)\.?[ -](\d{4})(?:[Tt ](\d{1,2}):(\d{2}))?")


def parse_statline_period(code: str) -> tuple[dt.date, str]:
    """Return (first day, precision) of a StatLine ``Perioden`` code.

    Raises
    ------
    ValueError
        With the reason for an unknown code.

    Examples
    --------
    >>> parse_statline_period("2023KW02")
    (datetime.date(2023, 4, 1), 'quarter')
    >>> parse_statline_period("2023MM11")
    (datetime.date(2023, 11, 1), 'month')
    """
    match = _STATLINE.fullmatch(code.strip())
    if not match:
        raise ValueError("{!r} is not a StatLine period code (2023JJ00, 2023KW01, 2023MM01)".format(code))
    year, kind, number = int(match[1]), match[2], int(match[3])
    if kind == "JJ" and number == 0:
        return dt.date(year, 1, 1), "year"
    if kind == "KW" and 1 <= number <= 4:
        return dt.date(year, 3 * number - 2, 1), "quarter"
    if kind == "MM" and 1 <= number <= 12:
        return dt.date(year, number, 1), "month"
    raise ValueError("{!r} is not a StatLine period code (2023JJ00, 2023KW01, 2023MM01)".format(code))


def parse_datetime(text: str) -> dt.datetime | None:
    """Parse ISO and Dutch date(-time) notations; None for blank text.

    Raises
    ------
    ValueError
        For text that is no date or an impossible date (31-02-2024).

    Examples
    --------
    >>> parse_datetime("2017-09-20T17:30"), parse_datetime("3-1-2024"), parse_datetime("5 mrt 2024 14:05")
    (datetime.datetime(2017, 9, 20, 17, 30), datetime.datetime(2024, 1, 3, 0, 0), datetime.datetime(2024, 3, 5, 14, 5))
    """
    text = text.strip().lower()
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    if match := _ISO.fullmatch(text):
        y, m, d, hh, mm, ss = match.groups()
    elif match := _DMY.fullmatch(text):
        d, m, y, hh, mm, ss = match.groups()
    elif (match := _DMY_WORD.fullmatch(text)) and match[2] in _DUTCH_MONTHS:
        d, y, hh, mm = match[1], match[3], match[4], match[5]
        m, ss = _DUTCH_MONTHS[match[2]], None
    else:
        raise ValueError("{!r} is not a date (expected 2024-01-31, 31-01-2024 or 31 jan 2024)".format(text))
    try:
        return dt.datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError as exc:
        raise ValueError("{!r} is not a valid date ({})".format(text, exc)) from None


def parse_date(text: str) -> dt.date | None:
    """:func:`parse_datetime` without the time."""
    value = parse_datetime(text)
    return value.date() if value else None
