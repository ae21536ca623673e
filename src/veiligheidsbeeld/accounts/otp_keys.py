"""TOTP seeds encrypted at rest (AES-256-GCM) with a key outside the database (issue 15, finding 9).

django-otp keeps the seed of each authenticator as hex in ``TOTPDevice.key``: a copy of the database would let
anyone compute every user's codes. Here the seed is stored as ``enc1:<base64url(nonce, ciphertext, tag)>``,
encrypted with a key from ``VEILIGHEIDSBEELD_OTP_SEED_KEY`` or the file ``VEILIGHEIDSBEELD_OTP_SEED_KEY_FILE``
(default ``$VEILIGHEIDSBEELD_HOME/otp_seed_key``, generated with mode 0600). :func:`install` (run by the app's
``ready``) encrypts on save and decrypts in ``TOTPDevice.bin_key``; migration ``0004`` encrypts the seeds stored
before.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from binascii import unhexlify
from pathlib import Path

__all__ = ["PREFIX", "SeedKeyError", "decrypt", "encrypt", "install", "seed_key"]

PREFIX = "enc1:"
_AAD = b"veiligheidsbeeld-totp-seed"


class SeedKeyError(RuntimeError):
    """The seed key is missing or a stored seed does not decrypt with it."""


def seed_key() -> bytes:
    """The AES-256 key: SHA-256 of the configured secret (generated into the data folder when unset)."""
    from django.conf import settings

    secret = settings.OTP_SEED_KEY
    if not secret:
        path = Path(settings.OTP_SEED_KEY_FILE or Path(settings.HOME) / "otp_seed_key").expanduser()
        if not path.exists():
            if settings.OTP_SEED_KEY_FILE:
                raise SeedKeyError("VEILIGHEIDSBEELD_OTP_SEED_KEY_FILE: {} does not exist".format(path))
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass
            else:
                with os.fdopen(fd, "w") as handle:
                    handle.write(secrets.token_urlsafe(48))
        secret = path.read_text(encoding="utf-8").strip()
    if len(secret) < 32:
        raise SeedKeyError("the TOTP seed key must have at least 32 characters")
    return hashlib.sha256(secret.encode("utf-8")).digest()


def encrypt(hex_key: str) -> str:
    """``enc1:...`` of a hex seed (at most 27 bytes, so it fits django-otp's 80-character column)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    raw = unhexlify(hex_key.encode())
    if len(raw) > 27:
        raise ValueError("a TOTP seed of {} bytes is too long to store encrypted (at most 27)".format(len(raw)))
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(seed_key()).encrypt(nonce, raw, _AAD)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")


def decrypt(stored: str) -> bytes:
    """The binary seed of a stored key (``enc1:...``, or plain hex of before the encryption)."""
    if not stored.startswith(PREFIX):
        return unhexlify(stored.encode())
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    data = stored[len(PREFIX):]
    blob = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    try:
        return AESGCM(seed_key()).decrypt(blob[:12], blob[12:], _AAD)
    except InvalidTag:
        raise SeedKeyError("a TOTP seed does not decrypt with the configured seed key") from None


def _encrypt_on_save(sender, instance, **kwargs):
    if instance.key and not instance.key.startswith(PREFIX):
        instance.key = encrypt(instance.key)


def install() -> None:
    """Encrypt seeds when devices are saved; decrypt them where django-otp reads them (``bin_key``)."""
    from django.db.models.signals import pre_save
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.bin_key = property(lambda self: decrypt(self.key), doc="The secret key as bytes (decrypted).")
    pre_save.connect(_encrypt_on_save, sender=TOTPDevice, dispatch_uid="veiligheidsbeeld-encrypt-totp-seed")
