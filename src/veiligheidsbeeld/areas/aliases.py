"""Other names of official CBS areas (``data/area_aliases.yaml``), for the name resolution of the importers.

An alias only adds a candidate to a name lookup: the :class:`~veiligheidsbeeld.registrations.importers.areas.
AreaResolver` still refuses a name that could mean more than one area (``ambiguous_area``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = ["ALIASES_FILE", "Alias", "aliases", "fold"]

ALIASES_FILE = Path(__file__).parent / "data" / "area_aliases.yaml"
LEVELS = ("land", "provincie", "regionale_eenheid", "gemeente", "wijk", "buurt")
_CODE = re.compile(r"^(NL\d{2}|PV\d{2}|RE\d{2}|GM\d{4}|WK\d{6}|BU\d{8})$")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "-": " ", ".": " ", ",": " "})


@dataclass(frozen=True)
class Alias:
    code: str
    level: str
    official: str
    name: str


def fold(name: str) -> str:
    """The key of a name for alias matching: case, accents, apostrophe forms, full stops, commas and the
    difference between a hyphen and a space do not count (``Súdwest-Fryslân`` = ``sudwest fryslan``)."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_QUOTES)
    return " ".join(text.split()).casefold()


@functools.cache
def aliases(path: Path = ALIASES_FILE) -> dict[str, tuple[Alias, ...]]:
    """``{fold(name): (Alias, ...)}`` of the alias file, the official names included. Raises ``ValueError`` for
    an entry without a valid code and level, or an alias that names two areas of one level in the file itself."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    table: dict[str, list[Alias]] = {}
    for entry in data.get("aliases", []):
        code, level, official = str(entry.get("code", "")), entry.get("level"), str(entry.get("official", ""))
        if not _CODE.match(code) or level not in LEVELS or not official:
            raise ValueError("{}: an alias entry needs a CBS code, a level and the official name: {!r}".format(
                path.name, entry))
        for name in [official, *entry.get("names", [])]:
            key = fold(name)
            clash = [a for a in table.get(key, ()) if a.level == level and a.code != code]
            if clash:
                raise ValueError("{}: {!r} is given for {} and {} ({}): an alias must name one area".format(
                    path.name, name, clash[0].code, code, level))
            if not any(a.code == code for a in table.get(key, ())):
                table.setdefault(key, []).append(Alias(code, level, official, str(name)))
    return {key: tuple(found) for key, found in table.items()}
