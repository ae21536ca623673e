"""Dutch number formatting for report tables and texts (``14.990``, ``3,4``, ``+12,5%``), locale-independent."""

from __future__ import annotations

__all__ = ["format_decimal", "format_euro", "format_int", "format_percent_change"]


def format_int(value: int) -> str:
    """Whole number with a dot as thousands separator.

    >>> format_int(14990), format_int(-1234567)
    ('14.990', '-1.234.567')
    """
    return "{:,}".format(int(value)).replace(",", ".")


def format_decimal(value: float, digits: int = 1) -> str:
    """Decimal number with a comma and dot-grouped thousands.

    >>> format_decimal(1234.56), format_decimal(0.25, 2)
    ('1.234,6', '0,25')
    """
    text = "{:,.{}f}".format(float(value), digits)
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_percent_change(value: float) -> str:
    """Relative change with its sign.

    >>> format_percent_change(12.46), format_percent_change(-3.0), format_percent_change(0)
    ('+12,5%', '-3,0%', '0,0%')
    """
    sign = "+" if round(value, 1) > 0 else ""
    return "{}{}%".format(sign, format_decimal(value, 1))


def format_euro(value: float) -> str:
    """Amount in whole euros.

    >>> format_euro(1250000.4)
    '€ 1.250.000'
    """
    return "€ {}".format(format_int(round(value)))
