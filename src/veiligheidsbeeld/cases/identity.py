"""Pseudonyms of the persons concerned: the keyed hash of :mod:`veiligheidsbeeld.core.pseudonyms`.

With ``VEILIGHEIDSBEELD_PSEUDONYM_KEY(_FILE)`` configured that key is used. Without it (the embedded demo set-up)
a key is generated once into the data folder (``pseudonym_key``, mode 0600), like the field key of
:mod:`veiligheidsbeeld.core.encryption`: never in the database, so a copy of the database cannot be re-identified.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings

from veiligheidsbeeld.core.pseudonyms import PseudonymKeyMissing, key_from_settings, normalise_bsn, pseudonym_for_bsn

__all__ = ["normalise_bsn", "pseudonym"]


def _key() -> bytes:
    try:
        return key_from_settings()
    except PseudonymKeyMissing:
        if settings.PSEUDONYM_KEY or settings.PSEUDONYM_KEY_FILE:
            raise  # configured but wrong: never fall back silently
    path = Path(settings.HOME) / "pseudonym_key"
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip().encode("utf-8")


def pseudonym(bsn: str) -> str:
    """The keyed pseudonym of a BSN; raises ValueError when the BSN fails the eleven test."""
    return pseudonym_for_bsn(bsn, key=_key())
