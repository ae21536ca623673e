"""Encryption at rest for identifying fields (BSN, names, addresses, organiser data) of the domain modules.

:class:`EncryptedTextField` stores a value as a Fernet token (AES-128-CBC with HMAC-SHA256, from the
``cryptography`` package): the database, its backups and a copy of its file hold ciphertext only. The key comes
from ``VEILIGHEIDSBEELD_FIELD_KEY`` or the file named by ``VEILIGHEIDSBEELD_FIELD_KEY_FILE`` (production: a mounted
secret, kept apart from the database); without either, a key is generated once into the data folder
(``field_key``, mode 0600) so that the embedded default works with no set-up. Several keys separated by commas
rotate: the first encrypts, all decrypt (:class:`cryptography.fernet.MultiFernet`).

An encrypted field cannot be searched. Look a person up by a keyed pseudonym stored beside it
(:func:`veiligheidsbeeld.core.pseudonyms.pseudonym_for_bsn`), never by the clear value.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

__all__ = ["EncryptedTextField", "decrypt", "encrypt", "fernet"]

PREFIX = "enc1:"


def _generated_key(folder: Path) -> str:
    path = folder / "field_key"
    if path.exists():
        return path.read_text().strip()
    key = Fernet.generate_key().decode("ascii")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


@lru_cache(maxsize=4)
def _fernet(keys: str) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.strip().encode("ascii")) for key in keys.split(",") if key.strip()])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "VEILIGHEIDSBEELD_FIELD_KEY must be one or more Fernet keys (32 url-safe base64 bytes), separated by "
            "commas; make one with `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`"
        ) from exc


def fernet() -> MultiFernet:
    """The configured cipher (first key encrypts, every key decrypts)."""
    keys = settings.FIELD_KEY or _generated_key(Path(settings.HOME))
    return _fernet(keys)


def encrypt(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    if not token.startswith(PREFIX):
        raise ValueError("not an encrypted field value")
    try:
        return fernet().decrypt(token[len(PREFIX):].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "an encrypted field cannot be read with the configured VEILIGHEIDSBEELD_FIELD_KEY (wrong or rotated-out key)"
        ) from exc


class EncryptedTextField(models.TextField):
    """A text field stored encrypted; ``""`` and ``None`` are stored as they are (nothing to hide)."""

    description = "Text encrypted at rest (Fernet)"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(PREFIX):
            return decrypt(value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def get_lookup(self, lookup_name):
        if lookup_name not in ("isnull",):
            raise TypeError("an encrypted field cannot be searched ({}); use its pseudonym".format(lookup_name))
        return super().get_lookup(lookup_name)
