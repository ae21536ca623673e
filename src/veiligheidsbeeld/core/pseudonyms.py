"""Pseudonymisation of person identifiers with a keyed hash (HMAC-SHA256, :rfc:`2104`).

A BSN, or a name with a birth date, becomes a stable pseudonym: the same person gives the same pseudonym in
every registration and signal, so counts of repeat involvement work, yet without the key nobody can compute
(or test guesses of) a pseudonym -- a plain hash of a BSN would fall to trying all 10^9 numbers.

The key comes from ``VEILIGHEIDSBEELD_PSEUDONYM_KEY`` or the file ``VEILIGHEIDSBEELD_PSEUDONYM_KEY_FILE`` (without
either, from a key generated once into the data folder), never from the database, so a copy of the database alone cannot be re-identified. Re-identification (checking that a
known person matches a pseudonym) is only for case work: :func:`reidentify` needs the permission, a purpose, and
writes an audit event.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import re
import unicodedata
from datetime import date
from pathlib import Path

__all__ = [
    "MIN_KEY_LENGTH",
    "PseudonymKeyMissing",
    "key_from_settings",
    "normalise_bsn",
    "normalise_name",
    "pseudonym_for_bsn",
    "pseudonym_for_person",
    "reidentify",
]

MIN_KEY_LENGTH = 32
PREFIX = "p_"


class PseudonymKeyMissing(RuntimeError):
    """No pseudonymisation key is configured (or it is too short)."""


def key_from_settings() -> bytes:
    """The key from ``settings.PSEUDONYM_KEY`` or the file ``settings.PSEUDONYM_KEY_FILE``.

    With neither configured (the embedded default, the demo) a key is generated once into the data folder
    (``pseudonym_key``, mode 0600), like ``SECRET_KEY`` and the field key: never in the database. Production
    mounts its own key with ``VEILIGHEIDSBEELD_PSEUDONYM_KEY_FILE``, apart from the database and its backups.
    A configured key that is missing or too short is refused, never replaced.
    """
    from django.conf import settings

    key = settings.PSEUDONYM_KEY
    if not key and settings.PSEUDONYM_KEY_FILE:
        path = Path(settings.PSEUDONYM_KEY_FILE)
        if not path.is_file():
            raise PseudonymKeyMissing("VEILIGHEIDSBEELD_PSEUDONYM_KEY_FILE: {} does not exist".format(path))
        key = path.read_text(encoding="utf-8").strip()
    elif not key:
        key = _generated_key(Path(settings.HOME))
    if len(key) < MIN_KEY_LENGTH:
        raise PseudonymKeyMissing(
            "set VEILIGHEIDSBEELD_PSEUDONYM_KEY_FILE (or VEILIGHEIDSBEELD_PSEUDONYM_KEY) to a secret of at least "
            "{} characters, e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(48))'`".format(
                MIN_KEY_LENGTH
            )
        )
    return key.encode("utf-8")


def _generated_key(folder: Path) -> str:
    path = folder / "pseudonym_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip()


def normalise_bsn(bsn: str) -> str:
    """Digits only, left-padded to 9; raises ValueError unless it passes the BSN eleven test ("elfproef")."""
    digits = re.sub(r"[\s.\-]", "", str(bsn))
    if not digits.isdigit() or not 8 <= len(digits) <= 9:
        raise ValueError("a BSN has 8 or 9 digits, got {!r}".format(bsn))
    digits = digits.zfill(9)
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1)))
    if total % 11 or digits == "000000000":
        raise ValueError("{} fails the BSN eleven test".format(digits))
    return digits


def normalise_name(name: str) -> str:
    """Case, accents, punctuation and spacing removed: ``"  Jansen-de Vries, É."`` -> ``"jansen de vries e"``."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def _hmac(kind: str, value: str, key: bytes) -> str:
    digest = hmac.new(key, "{}:{}".format(kind, value).encode("utf-8"), hashlib.sha256).hexdigest()
    return PREFIX + digest


def pseudonym_for_bsn(bsn: str, *, key: bytes | None = None) -> str:
    """The pseudonym of a BSN (validated and normalised first)."""
    return _hmac("bsn", normalise_bsn(bsn), key or key_from_settings())


def pseudonym_for_person(name: str, birth_date: date, *, key: bytes | None = None) -> str:
    """The pseudonym of a name with a birth date (for persons without a known BSN)."""
    normalised = normalise_name(name)
    if not normalised:
        raise ValueError("a name is needed for a pseudonym, got {!r}".format(name))
    return _hmac("name", "{}|{}".format(normalised, birth_date.isoformat()), key or key_from_settings())


def reidentify(user, pseudonym: str, *, bsn: str, purpose: str, gemeente, key: bytes | None = None) -> bool:
    """Case work only: does ``bsn`` belong to ``pseudonym``? Checked against permission and logged with purpose.

    Raises
    ------
    PermissionError
        When ``user`` lacks ``accounts.reidentify_person`` for ``gemeente``.
    ValueError
        Without a purpose.
    """
    from . import audit

    if not user.has_perm("accounts.reidentify_person", gemeente):
        raise PermissionError("{} may not re-identify persons in {}".format(user.get_username(), gemeente))
    if not purpose.strip():
        raise ValueError("re-identification needs a purpose (e.g. the case number)")
    match = hmac.compare_digest(pseudonym_for_bsn(bsn, key=key), pseudonym)
    audit.record_read(
        user, person=pseudonym, purpose=purpose, gemeente=gemeente, reidentification=True, matched=match
    )
    return match
