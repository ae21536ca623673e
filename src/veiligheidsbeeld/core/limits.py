"""Size limits on what users hand in, checked before anything is expanded in memory (issue 15, finding 6).

A small file can stand for a huge amount of memory: YAML aliases nest (10x per level), an XLSX sheet with one
far-away cell makes the reader allocate its whole rectangle, a zip member can expand a thousandfold. Each check
here refuses such input with a specific reason before it is loaded. The limits are settings
(``docs/reference/configuration.md``): ``UPLOAD_MAX_BYTES``, ``MAPPING_MAX_BYTES``, ``XLSX_MAX_CELLS``,
``ZIP_MAX_MEMBER_BYTES``, ``ZIP_MAX_RATIO`` and ``BOUNDARY_MAX_VERTICES``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

__all__ = ["LimitExceeded", "check_xlsx", "check_zip", "limit", "load_yaml", "setting_of"]


class LimitExceeded(ValueError):
    """Input over a configured size limit (the message names the limit and its setting)."""


#: Defaults when the settings are not configured (e.g. the parsers used outside Django).
DEFAULTS = {
    "UPLOAD_MAX_BYTES": 200 * 1024 * 1024,
    "MAPPING_MAX_BYTES": 64 * 1024,
    "XLSX_MAX_CELLS": 5_000_000,
    "ZIP_MAX_MEMBER_BYTES": 1024 * 1024 * 1024,
    "ZIP_MAX_RATIO": 100,
    "BOUNDARY_MAX_VERTICES": 250_000,
}
_VARIABLES = {
    "UPLOAD_MAX_BYTES": "VEILIGHEIDSBEELD_UPLOAD_MAX_MB",
    "MAPPING_MAX_BYTES": "VEILIGHEIDSBEELD_MAPPING_MAX_KB",
    "XLSX_MAX_CELLS": "VEILIGHEIDSBEELD_XLSX_MAX_CELLS",
    "ZIP_MAX_MEMBER_BYTES": "VEILIGHEIDSBEELD_ZIP_MAX_MEMBER_MB",
    "ZIP_MAX_RATIO": "VEILIGHEIDSBEELD_ZIP_MAX_RATIO",
    "BOUNDARY_MAX_VERTICES": "VEILIGHEIDSBEELD_BOUNDARY_MAX_VERTICES",
}


def limit(name: str) -> int:
    """The limit ``name`` from the settings, or its default outside Django."""
    try:
        from django.conf import settings

        return int(getattr(settings, name, DEFAULTS[name]))
    except Exception:  # noqa: BLE001 - settings not configured
        return DEFAULTS[name]


def setting_of(name: str) -> str:
    return _VARIABLES[name]


def load_yaml(data: bytes | str, source: str):
    """Parse YAML that may come from a user: at most ``MAPPING_MAX_BYTES``, and no aliases or anchors.

    Raises
    ------
    LimitExceeded
        When the text is too long.
    ValueError
        When the YAML uses an alias (``*name``) or does not parse.
    """
    import yaml

    size = len(data.encode("utf-8") if isinstance(data, str) else data)
    maximum = limit("MAPPING_MAX_BYTES")
    if size > maximum:
        raise LimitExceeded("{}: {} bytes, more than the limit of {} ({})".format(
            source, size, maximum, setting_of("MAPPING_MAX_BYTES")))

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, "aliases (*{}) are not allowed".format(event.anchor), event.start_mark)
            return super().compose_node(parent, index)

    try:
        return yaml.load(data, Loader=NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ValueError("{}: {}".format(source, exc)) from None


def check_zip(path: Path, archive: zipfile.ZipFile | None = None) -> None:
    """Refuse a zip whose members are larger than ``ZIP_MAX_MEMBER_BYTES`` (together too) or expand more than
    ``ZIP_MAX_RATIO`` times (a zip bomb), judged from the central directory before anything is extracted.

    Reading a member stops at its declared size (:mod:`zipfile`), so the declared sizes bound the memory.
    """
    own = archive is None
    archive = archive or zipfile.ZipFile(path)
    try:
        member_max, ratio_max = limit("ZIP_MAX_MEMBER_BYTES"), limit("ZIP_MAX_RATIO")
        total = 0
        for info in archive.infolist():
            total += info.file_size
            if info.file_size > member_max or total > member_max:
                raise LimitExceeded("{}: member {} expands to {} bytes, more than the limit of {} ({})".format(
                    path.name, info.filename, info.file_size if info.file_size > member_max else total, member_max,
                    setting_of("ZIP_MAX_MEMBER_BYTES")))
            if info.file_size > 1024 * 1024 and info.file_size > ratio_max * max(info.compress_size, 1):
                raise LimitExceeded("{}: member {} expands {:.0f} times, more than the limit of {} ({})".format(
                    path.name, info.filename, info.file_size / max(info.compress_size, 1), ratio_max,
                    setting_of("ZIP_MAX_RATIO")))
    finally:
        if own:
            archive.close()


_COLUMN = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})(\d{1,7})\"")
_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d{1,7})\"")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def check_xlsx(path: Path) -> None:
    """Refuse a workbook whose sheets span more than ``XLSX_MAX_CELLS`` cells (rows x columns up to the farthest
    cell: what the reader allocates), before it is loaded. Checks the zip limits too.

    The sheet XML is streamed in blocks (never held whole) and the cell references are scanned; the sheet's own
    ``<dimension>`` element is not trusted.
    """
    with zipfile.ZipFile(path) as archive:
        check_zip(path, archive)
        maximum = limit("XLSX_MAX_CELLS")
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            rows = columns = 0
            tail = b""
            with archive.open(info) as stream:
                while block := stream.read(1 << 20):
                    text = tail + block
                    for match in _COLUMN.finditer(text):
                        columns = max(columns, _column_number(match.group(1)))
                        rows = max(rows, int(match.group(2)))
                    for match in _ROW.finditer(text):
                        rows = max(rows, int(match.group(1)))
                    if rows * max(columns, 1) > maximum:
                        break
                    tail = text[-256:]
            if rows * max(columns, 1) > maximum:
                raise LimitExceeded(
                    "{}: sheet {} spans {} rows x {} columns, more than the limit of {} cells ({}); remove the "
                    "far-away cells or split the file".format(
                        path.name, info.filename.rsplit("/", 1)[-1], rows, columns, maximum,
                        setting_of("XLSX_MAX_CELLS")))

