"""The keys of the audit chain (HMAC-SHA256, :rfc:`2104`), kept outside the database.

Someone who can write to the database can recompute a plain hash chain after an edit; with a keyed chain they
also need the key, and the key is never in the database. The key ring comes from ``VEILIGHEIDSBEELD_AUDIT_KEY``
(inline) or the file ``VEILIGHEIDSBEELD_AUDIT_KEY_FILE`` (default ``$VEILIGHEIDSBEELD_HOME/audit_keys``, generated
with mode 0600 on first use). One key a line, ``<key id>:<secret>``; the **last** line is the key new events are
signed with, earlier lines are retired keys kept to verify older events. Every event records the id of its key, so
a key can be rotated (``veiligheidsbeeld audit rotate-key``) without rewriting the log.

See docs/adr/0010-keyed-audit-chain.md.
"""

from __future__ import annotations

import functools
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

__all__ = ["AuditKeyError", "KeyRing", "MIN_KEY_LENGTH", "key_file", "keyring", "rotate"]

MIN_KEY_LENGTH = 32
_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")


class AuditKeyError(RuntimeError):
    """The audit key ring is missing, malformed or lacks a key an event names."""


@dataclass(frozen=True)
class KeyRing:
    """Keys by id; ``current`` signs new events."""

    keys: dict[str, bytes]
    current: str

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            raise AuditKeyError(
                "the audit key {!r} is not in the key ring (VEILIGHEIDSBEELD_AUDIT_KEY_FILE)".format(key_id)
            ) from None


def parse(text: str, source: str) -> KeyRing:
    """Parse ``<id>:<secret>`` lines (``;`` also separates entries); blank lines and ``#`` comments are skipped."""
    keys: dict[str, bytes] = {}
    current = ""
    for number, line in enumerate(re.split(r"[\n;]", text), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key_id, sep, secret = line.partition(":")
        key_id, secret = key_id.strip(), secret.strip()
        if not sep or not _ID.match(key_id):
            raise AuditKeyError("{}, entry {}: expected '<key id>:<secret>' with a key id of letters, digits, "
                                "'_', '.' or '-'".format(source, number))
        if len(secret) < MIN_KEY_LENGTH:
            raise AuditKeyError("{}, entry {}: the secret of key {!r} is shorter than {} characters".format(
                source, number, key_id, MIN_KEY_LENGTH))
        if key_id in keys:
            raise AuditKeyError("{}, entry {}: key id {!r} appears twice".format(source, number, key_id))
        keys[key_id] = secret.encode("utf-8")
        current = key_id
    if not keys:
        raise AuditKeyError("{}: no audit key".format(source))
    return KeyRing(keys, current)


def key_file() -> Path:
    from django.conf import settings

    return Path(settings.AUDIT_KEY_FILE or Path(settings.HOME) / "audit_keys").expanduser()


def _new_line(key_id: str) -> str:
    return "{}:{}\n".format(key_id, secrets.token_urlsafe(48))


def keyring() -> KeyRing:
    """The key ring from the settings; generates the key file (0600) when neither variable is set."""
    from django.conf import settings

    if settings.AUDIT_KEY:
        return parse(settings.AUDIT_KEY, "VEILIGHEIDSBEELD_AUDIT_KEY")
    path = key_file()
    if not path.exists():
        if settings.AUDIT_KEY_FILE:
            raise AuditKeyError("VEILIGHEIDSBEELD_AUDIT_KEY_FILE: {} does not exist".format(path))
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(_new_line("k1"))
    stat = path.stat()
    return _parsed_file(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _parsed_file(path: str, mtime_ns: int, size: int) -> KeyRing:
    """The key file parsed once per version (its modification time and size are part of the cache key)."""
    return parse(Path(path).read_text(encoding="utf-8"), path)


def rotate() -> tuple[str, str]:
    """Append a new current key to the key file; return (old id, new id). Refused for an inline key."""
    from django.conf import settings

    if settings.AUDIT_KEY:
        raise AuditKeyError("the key ring is set inline (VEILIGHEIDSBEELD_AUDIT_KEY): add the new key there, "
                            "as the last entry, and keep the old ones")
    ring = keyring()
    number = len(ring.keys) + 1
    while "k{}".format(number) in ring.keys:
        number += 1
    new_id = "k{}".format(number)
    with open(key_file(), "a", encoding="utf-8") as handle:
        handle.write(_new_line(new_id))
    return ring.current, new_id
