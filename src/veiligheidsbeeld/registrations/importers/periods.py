"""Periods: StatLine period codes and Dutch date notations."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["PRECISIONS", "parse_statline_period", "parse_date", "parse_datetime", "parse_period"]

#: Period precisions, finest first (the values of :class:`~veiligheidsbeeld.registrations.models.Precision`).
PRECISIONS = ("day", "month", "quarter", "year")

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


_MONTH_WORDS = "|".join(sorted(_DUTCH_MONTHS, key=len, reverse=True))
_YEAR = re.compile(r"(\d{4})")
_QUARTER = [
    re.compile(r"(?P<y>\d{4})\s*[-/ ]?\s*(?:q|k|kw)\s*0?(?P<q>\d)"),  # 2022Q3, 2022-Q3, 2022 kw3, 2022KW03
    re.compile(r"(?:q|k|kw)\s*0?(?P<q>\d)\s*[-/ ]?\s*(?P<y>\d{4})"),  # Q3 2022, kw3-2022
    re.compile(r"(?P<y>\d{4})\s+(?P<q>\d)e\s+kwartaal"),  # 2022 3e kwartaal (StatLine)
    re.compile(r"(?P<q>\d)e\s+kwartaal\s+(?P<y>\d{4})"),  # 3e kwartaal 2022
]
_MONTH = [
    re.compile(r"(?P<y>\d{4})[-/](?P<m>\d{1,2})"),  # 2022-07, 2022/7
    re.compile(r"(?P<m>\d{1,2})[-/](?P<y>\d{4})"),  # 07-2022
    re.compile(r"(?P<y>\d{4})mm(?P<m>\d{2})"),  # 2022MM07 (StatLine code)
    re.compile(r"(?P<w>{0})\.?[ -](?P<y>\d{{4}})".format(_MONTH_WORDS)),  # jul 2022, juli 2022
    re.compile(r"(?P<y>\d{{4}})[ -](?P<w>{0})".format(_MONTH_WORDS)),  # 2022 juli (StatLine)
]


def _first_day(day: dt.date, precision: str) -> dt.date:
    if precision == "year":
        return dt.date(day.year, 1, 1)
    if precision == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if precision == "month":
        return dt.date(day.year, day.month, 1)
    return day


def _period(text: str) -> tuple[dt.date, str]:
    if _YEAR.fullmatch(text) or re.fullmatch(r"(\d{4})jj00", text):
        return dt.date(int(text[:4]), 1, 1), "year"
    for pattern in _QUARTER:
        if match := pattern.fullmatch(text):
            quarter = int(match["q"])
            if not 1 <= quarter <= 4:
                raise ValueError("{!r}: there is no quarter {}".format(text, quarter))
            return dt.date(int(match["y"]), 3 * quarter - 2, 1), "quarter"
    for pattern in _MONTH:
        if match := pattern.fullmatch(text):
            month = _DUTCH_MONTHS[match["w"]] if "w" in match.groupdict() else int(match["m"])
            if not 1 <= month <= 12:
                raise ValueError("{!r}: there is no month {}".format(text, month))
            return dt.date(int(match["y"]), month, 1), "month"
    try:
        day = parse_date(text)
    except ValueError:
        raise ValueError("{!r} is not a period (expected e.g. 2022, 2022Q3, 2022 3e kwartaal, 2022-07, jul 2022, "
                         "3 juli 2022 or 03-07-2022)".format(text[:40])) from None
    if day is None:
        raise ValueError("no period")
    return day, "day"


def parse_period(text: str, precision: str | None = None) -> tuple[dt.date, str]:
    """Return (first day, precision) of a period written as a year, quarter, month or day.

    Accepted: ``2022``; ``2022Q3``, ``2022-Q3``, ``Q3 2022``, ``2022 3e kwartaal``; ``2022-07``, ``07-2022``,
    ``jul 2022``, ``juli 2022``, ``2022 juli``; any date of :func:`parse_date` (``2022-07-03``, ``03-07-2022``,
    ``3 juli 2022``); StatLine codes (``2022JJ00``, ``2022KW03``, ``2022MM07``). A trailing ``*`` (StatLine's mark
    of a provisional figure) is ignored.

    With ``precision`` the value must have that precision: a year is never read as a month or a day. A finer
    value is accepted only when it is the first day of the period (``2022-07-01`` for the month July 2022, as
    spreadsheets write a month); anything else raises.

    Raises
    ------
    ValueError
        With the reason, for text that is no period, or one of another precision than ``precision``.

    Examples
    --------
    >>> parse_period("2022"), parse_period("jul 2022")
    ((datetime.date(2022, 1, 1), 'year'), (datetime.date(2022, 7, 1), 'month'))
    >>> parse_period("2022Q3"), parse_period("3 juli 2022")
    ((datetime.date(2022, 7, 1), 'quarter'), (datetime.date(2022, 7, 3), 'day'))
    >>> parse_period("2022-07-01", "month")
    (datetime.date(2022, 7, 1), 'month')
    """
    if precision is not None and precision not in PRECISIONS:
        raise ValueError("unknown precision {!r} (expected {})".format(precision, ", ".join(PRECISIONS)))
    clean = text.strip().lower().rstrip("*").strip()
    if not clean:
        raise ValueError("no period")
    start, found = _period(clean)
    if precision is None or found == precision:
        return start, found
    if PRECISIONS.index(found) > PRECISIONS.index(precision):
        raise ValueError("{!r} is a {}, not a {} as the mapping says".format(text.strip()[:40], found, precision))
    if _first_day(start, precision) != start:
        raise ValueError("{!r} is a {} inside a {}; the mapping says the column holds {}s".format(
            text.strip()[:40], found, precision, precision))
    return start, precision
