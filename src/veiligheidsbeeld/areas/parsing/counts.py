"""Population counts as written in CBS files: whole numbers, blanks and secrecy codes."""

import math

__all__ = ["SECRECY_THRESHOLD", "parse_count"]

#: CBS writes "secret" or "not applicable" into numeric fields as large negative sentinels (-99999997,
#: -99999998, -99999999 in the wijk- en buurtkaart); anything at or below this value is such a code.
SECRECY_THRESHOLD = -99_999_990


def parse_count(value: object, *, secrecy_is_none: bool = False) -> int | None:
    """Return a non-negative whole number, or None when the value is missing.

    Parameters
    ----------
    value : object
        From CSV (str), JSON (int, float, None) or a shapefile (int, float, None). Blank text and ``"."``
        (the CBS sign for "not available") mean missing.
    secrecy_is_none : bool
        Treat CBS secrecy codes (at or below ``SECRECY_THRESHOLD``) as missing instead of as negative numbers.

    Returns
    -------
    int or None

    Raises
    ------
    ValueError
        With the reason when the value is not a whole number or is negative.

    Examples
    --------
    >>> parse_count(" 4440 "), parse_count("."), parse_count(-99999997, secrecy_is_none=True)
    (4440, None, None)
    """
    if value is None or (isinstance(value, str) and value.strip() in ("", ".")):
        return None
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise ValueError("not a whole number") from None
    if isinstance(value, bool) or not math.isfinite(number) or not number.is_integer():
        raise ValueError("not a whole number")
    count = int(number)
    if secrecy_is_none and count <= SECRECY_THRESHOLD:
        return None
    if count < 0:
        raise ValueError("negative count")
    return count
