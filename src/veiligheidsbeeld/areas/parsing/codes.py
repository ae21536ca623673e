"""CBS area codes: level from the prefix, parent and gemeente from the digits.

Rules: a gemeente code is ``GM`` + 4 digits, a wijk code ``WK`` + the gemeente's 4 digits + 2 characters, a buurt
code ``BU`` + the wijk's 6 characters + 2. The added characters are digits or capital letters: Amsterdam (GM0363)
numbers its wijken and buurten with letters (``WK0363AA``, ``BU0363AA01``, indeling 2024). The wijk of a buurt is
therefore ``"WK" + code[2:8]`` and the gemeente of a wijk or buurt ``"GM" + code[2:6]``.

Above the gemeente (:class:`SupraLevel`, registered only by the national register): ``NL`` + 2 digits is the
country (``NL00`` in the police tables, ``NL01`` in other CBS tables), ``PV`` + 2 digits a provincie (``PV20``
Groningen .. ``PV31`` Limburg) and ``RE`` + 2 digits a politie regionale eenheid (as the CBS police tables code
them). StatLine region dimensions also carry landsdelen (``LD``) and COROP regions (``CR``), which the register
does not keep (:data:`UNREGISTERED_PREFIXES`).
"""

import re
from enum import StrEnum

__all__ = [
    "Level",
    "SupraLevel",
    "UNREGISTERED_PREFIXES",
    "gemeente_code",
    "is_country_code",
    "level_of",
    "parent_code",
    "supra_level_of",
]


class Level(StrEnum):
    """Area level of a CBS code (a ``str``, so ``Level.WIJK == "wijk"``)."""

    GEMEENTE = "gemeente"
    WIJK = "wijk"
    BUURT = "buurt"


class SupraLevel(StrEnum):
    """Area level above the gemeente (values equal ``AreaLevel`` of the register)."""

    LAND = "land"
    PROVINCIE = "provincie"
    REGIONALE_EENHEID = "regionale_eenheid"


_SUPRA = {
    SupraLevel.LAND: re.compile(r"NL\d{2}"),
    SupraLevel.PROVINCIE: re.compile(r"PV\d{2}"),
    SupraLevel.REGIONALE_EENHEID: re.compile(r"RE\d{2}"),
}
#: StatLine region prefixes the register does not keep: landsdeel, COROP region, COROP sub/plus region.
UNREGISTERED_PREFIXES = ("LD", "CR", "CS", "CP")

_LEVEL_BY_PREFIX = {"GM": Level.GEMEENTE, "WK": Level.WIJK, "BU": Level.BUURT}
_PATTERNS = {
    Level.GEMEENTE: (re.compile(r"GM\d{4}"), "GM + 4 digits"),
    Level.WIJK: (re.compile(r"WK\d{4}[0-9A-Z]{2}"), "WK + 4 digits + 2 digits or capitals"),
    Level.BUURT: (re.compile(r"BU\d{4}[0-9A-Z]{4}"), "BU + 4 digits + 4 digits or capitals"),
}
_COUNTRY = re.compile(r"NL\d{2}")


def level_of(code: str) -> Level:
    """Return the level of a CBS code.

    Parameters
    ----------
    code : str
        A code without padding, e.g. ``"BU00140000"``.

    Returns
    -------
    Level

    Raises
    ------
    ValueError
        With the reason when the prefix is unknown or the digits are wrong.

    Examples
    --------
    >>> level_of("WK001400")
    <Level.WIJK: 'wijk'>
    """
    level = _LEVEL_BY_PREFIX.get(code[:2])
    if level is None:
        raise ValueError(f"unknown code prefix {code[:2]!r} (expected GM, WK or BU)")
    pattern, expected = _PATTERNS[level]
    if not pattern.fullmatch(code):
        raise ValueError(f"malformed {level} code (expected {expected})")
    return level


def parent_code(code: str) -> str | None:
    """Return the wijk of a buurt, the gemeente of a wijk, None for a gemeente.

    Examples
    --------
    >>> parent_code("BU00140001"), parent_code("WK001400"), parent_code("GM0014")
    ('WK001400', 'GM0014', None)
    """
    level = level_of(code)
    if level is Level.BUURT:
        return "WK" + code[2:8]
    if level is Level.WIJK:
        return gemeente_code(code)
    return None


def gemeente_code(code: str) -> str:
    """Return the gemeente code of any valid area code (a gemeente is its own gemeente).

    Examples
    --------
    >>> gemeente_code("BU00140001")
    'GM0014'
    """
    level_of(code)
    return "GM" + code[2:6]


def is_country_code(code: str) -> bool:
    """Return whether ``code`` is the country code ``NL`` + 2 digits (e.g. ``NL00``)."""
    return _COUNTRY.fullmatch(code) is not None


def supra_level_of(code: str) -> SupraLevel | None:
    """Return the level of a code above the gemeente (``NL00``, ``PV20``, ``RE01``), else None.

    Examples
    --------
    >>> supra_level_of("PV20"), supra_level_of("GM0014")
    (<SupraLevel.PROVINCIE: 'provincie'>, None)
    """
    return next((level for level, pattern in _SUPRA.items() if pattern.fullmatch(code)), None)
