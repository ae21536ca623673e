"""Remove person data from a row before it is kept in quarantine (issue 15, finding 4).

A rejected row is stored so it can be corrected, but only with the columns the importer maps, and never with
what looks like person data: columns named like a name, address, BSN, birth date, phone or e-mail field, and any
value that is a BSN (nine digits passing the eleven test), an e-mail address or a phone number. The names of the
removed columns are kept (``REMOVED_KEY``) so the quarantine page can say what was taken out, never the values.
"""

from __future__ import annotations

import re

__all__ = ["REMOVED_KEY", "looks_like_bsn", "person_column", "scrub"]

#: Key of the list of removed columns in a stored row.
REMOVED_KEY = "_removed"

_PERSON_COLUMN = re.compile(
    r"naam|(?:\b|_)(?:first|last|full|sur|given|family|middle|user)?_?name\b|straat|street|adres|address|"
    r"huis.?n|house|woonplaats|bsn|burgerservice|sofi|geboorte|birth|"
    r"telefoon|phone|mobiel|e-?mail|initialen|voorletters|tussenvoegsel|geslacht|gender|leeftijd|kenteken",
    re.IGNORECASE,
)
#: Area names are no person data (``Buurtnaam``, ``Pleegwijk``, ``gemeentenaam``, a mapping's ``area_name``).
_AREA_COLUMN = re.compile(r"buurt|wijk|gemeente|regio|gebied|area|incidentsoort|categor|thema|theme", re.IGNORECASE)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)
_PHONE = re.compile(r"^(?:\+31|0031|0)\d{9}$")
_DATE = re.compile(r"^\s*(?:\d{4}[\s.\-/]\d{2}[\s.\-/]\d{2}|\d{2}[\s.\-/]\d{2}[\s.\-/]\d{4})\s*$")
_DIGIT_RUN = re.compile(r"(?<![\d.\-])\d(?:[\s.\-]?\d){7,8}(?![\d.\-])")
_BSN_LIKE = re.compile(r"^\s*\d(?:[\s.\-]?\d){7,8}\s*$")


def looks_like_bsn(value) -> bool:
    """Whether ``value`` is 8 or 9 digits (separators allowed) that pass the BSN eleven test ("elfproef")."""
    text = str(value)
    if not _BSN_LIKE.match(text) or _DATE.match(text):
        return False
    digits = re.sub(r"\D", "", text).zfill(9)
    if digits == "000000000":
        return False
    return sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1))) % 11 == 0


def person_column(name: str) -> bool:
    """Whether a column name says it holds person data (a name, address, BSN, birth date, phone, e-mail)."""
    name = str(name)
    return bool(_PERSON_COLUMN.search(name)) and not _AREA_COLUMN.search(name)


def _person_value(value) -> bool:
    if isinstance(value, dict | list):
        return False  # handled per key by the caller
    text = "" if value is None else str(value)
    if any(looks_like_bsn(run) for run in _DIGIT_RUN.findall(text)):  # also a BSN inside free text
        return True
    return looks_like_bsn(text) or bool(_EMAIL.search(text)) or bool(_PHONE.match(re.sub(r"[\s()\-]", "", text)))


def scrub(raw: dict, kept: set[str] | None = None) -> dict:
    """``raw`` with only the ``kept`` columns (all when None, and keys starting with ``_``), without person data.

    Nested dicts (the attributes of an API record) are scrubbed the same way.
    """
    out: dict = {}
    removed: list[str] = list(raw.get(REMOVED_KEY, []))
    for key, value in raw.items():
        if key == REMOVED_KEY:
            continue
        if kept is not None and key not in kept and not str(key).startswith("_"):
            removed.append(str(key))
            continue
        if person_column(key) or _person_value(value):
            removed.append(str(key))
            continue
        if isinstance(value, dict):
            inner = scrub(value)
            removed += ["{}.{}".format(key, k) for k in inner.pop(REMOVED_KEY, [])]
            value = inner
        out[key] = value
    if removed:
        out[REMOVED_KEY] = sorted(set(removed))
    return out
