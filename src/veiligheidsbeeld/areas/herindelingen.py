"""Gemeentelijke herindelingen: which gemeenten a gemeente of today was made of, and since when.

A series of a gemeente across a herindeling is only comparable when the years before it are summed over its
predecessors: Groningen (GM0014) since 1 January 2019 is the former Groningen + Haren (GM0017) + Ten Boer (GM0009).
The herindelingen come from the YAML the project maintains (:data:`HERINDELINGEN_FILE`, sources in its header),
loaded into :class:`~veiligheidsbeeld.areas.models.Herindeling` rows by a migration and by
``veiligheidsbeeld areas import herindelingen [FILE]``.

Example::

    predecessors("GM0014")
    # [("GM0009", "Ten Boer", date(2018, 12, 31)), ("GM0014", "Groningen", date(2018, 12, 31)),
    #  ("GM0017", "Haren", date(2018, 12, 31))]
    comparable("GM1966", date(2017, 1, 1), date(2024, 1, 1))   # False: Het Hogeland took part of Winsum
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

__all__ = [
    "HERINDELINGEN_FILE",
    "HerindelingEntry",
    "HerindelingFileError",
    "NotCoveredError",
    "comparable",
    "coverage",
    "parse_herindelingen",
    "predecessors",
]

#: The herindelingen maintained by the project.
HERINDELINGEN_FILE = Path(__file__).parent / "data" / "herindelingen.yaml"


class _Loader(yaml.SafeLoader):
    """SafeLoader reading dates as text, so a bad date is reported with its entry rather than by PyYAML."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


class HerindelingFileError(ValueError):
    """The herindelingen YAML is malformed (names the entry and the field)."""


class NotCoveredError(ValueError):
    """The question concerns a date before the herindelingen the register knows (the answer could be wrong)."""


@dataclass(frozen=True)
class HerindelingEntry:
    """One herindeling as read from the YAML: ``predecessors`` whole, ``parts`` partly; ``(code, name)`` pairs."""

    date: dt.date
    gemeente: tuple[str, str]
    predecessors: tuple[tuple[str, str], ...]
    parts: tuple[tuple[str, str], ...]


def parse_herindelingen(
    path: str | Path = HERINDELINGEN_FILE,
) -> tuple[tuple[dt.date, dt.date], list[HerindelingEntry]]:
    """Read and check a herindelingen YAML; return its coverage ``(from, until)`` and its entries.

    Raises
    ------
    HerindelingFileError
        Naming the entry (1-based) and field of every problem: missing or malformed date, code or name, a
        herindeling without predecessors, a gemeente listed twice in one herindeling, two herindelingen of one
        gemeente on one date.
    """
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as exc:
        raise HerindelingFileError("{}: not valid YAML: {}".format(path.name, exc)) from None
    if not isinstance(data, dict) or not isinstance(data.get("herindelingen"), list):
        raise HerindelingFileError("{}: expected a mapping with a list 'herindelingen'".format(path.name))
    problems, entries, seen = [], [], set()
    covers = data.get("covers") or {}
    start, until = _date(covers.get("from")), _date(covers.get("until"))
    if start is None or until is None:
        problems.append("'covers' needs dates 'from' and 'until' (YYYY-MM-DD)")
    for number, item in enumerate(data["herindelingen"], start=1):
        where = "entry {}".format(number)
        if not isinstance(item, dict):
            problems.append("{}: not a mapping".format(where))
            continue
        date = _date(item.get("date"))
        if date is None:
            problems.append("{}, field 'date': {!r} is not a date (YYYY-MM-DD)".format(where, item.get("date")))
        gemeente = _pair(item.get("gemeente"), where, "gemeente", problems)
        whole = [_pair(p, where, "predecessors", problems) for p in item.get("predecessors") or []]
        parts = [_pair(p, where, "parts", problems) for p in item.get("parts") or []]
        if not whole and not parts:
            problems.append("{}: no predecessors".format(where))
        codes = [p[0] for p in whole + parts if p]
        if len(codes) != len(set(codes)):
            problems.append("{}: a gemeente is listed twice".format(where))
        if gemeente and (gemeente[0], date) in seen:
            problems.append("{}: {} has another herindeling on {}".format(where, gemeente[0], date))
        if gemeente and date is not None and None not in whole + parts:
            seen.add((gemeente[0], date))
            entries.append(HerindelingEntry(date, gemeente, tuple(whole), tuple(parts)))
    if problems:
        raise HerindelingFileError("{}: {} problem(s)\n  {}".format(path.name, len(problems), "\n  ".join(problems)))
    return (start, until), entries


def _pair(value, where, field, problems):
    if not isinstance(value, dict) or not str(value.get("name") or "").strip():
        problems.append("{}, field '{}': needs code and name, got {!r}".format(where, field, value))
        return None
    code = str(value.get("code") or "")
    if len(code) != 6 or not code.startswith("GM") or not code[2:].isdigit():
        problems.append("{}, field '{}': {!r} is not a gemeente code (GM + 4 digits)".format(where, field, code))
        return None
    return code, str(value["name"]).strip()


@cache
def _shipped() -> tuple[tuple[dt.date, dt.date], tuple[HerindelingEntry, ...]]:
    covers, entries = parse_herindelingen(HERINDELINGEN_FILE)
    return covers, tuple(entries)


def _loaded() -> tuple[tuple[dt.date, dt.date], tuple[HerindelingEntry, ...]]:
    """The herindelingen in the database; the shipped file when none are loaded (e.g. after a flush)."""
    from .models import Herindeling, HerindelingSource

    source = HerindelingSource.objects.order_by("-pk").first()
    if source is None:
        return _shipped()
    entries = []
    for herindeling in Herindeling.objects.prefetch_related("predecessors"):
        links = sorted(herindeling.predecessors.all(), key=lambda link: link.code)
        entries.append(HerindelingEntry(
            herindeling.date, (herindeling.gemeente_code, herindeling.gemeente_name),
            tuple((link.code, link.name) for link in links if link.whole),
            tuple((link.code, link.name) for link in links if not link.whole),
        ))
    return (source.covers_from, source.covers_until), tuple(entries)


def coverage() -> tuple[dt.date, dt.date]:
    """The period the herindelingen cover (``from``, ``until``)."""
    return _loaded()[0]


def predecessors(gemeente_code: str, on: dt.date | None = None) -> list[tuple[str, str, dt.date]]:
    """Return the gemeenten that went whole into ``gemeente_code``, each with the last day it existed.

    Parameters
    ----------
    gemeente_code : str
        E.g. ``"GM0014"``.
    on : date, optional
        Only herindelingen effective on or before this day (the gemeente as it was then). Default: all.

    Returns
    -------
    list of (code, name, valid_until)
        Sorted by ``valid_until`` then code; followed through earlier herindelingen of the predecessors. A
        gemeente that kept its code is its own predecessor (its area before the herindeling was smaller). Empty
        when the gemeente had no herindeling in the covered period. Gemeenten that went in only partly are not
        listed: see :func:`comparable`.

    Raises
    ------
    NotCoveredError
        When ``on`` lies before the period the herindelingen cover.
    """
    covered, entries = _loaded()
    if on is not None and on < covered[0]:
        raise NotCoveredError("herindelingen are known from {} on, not for {}".format(covered[0], on))
    result: dict[tuple[str, dt.date], tuple[str, str, dt.date]] = {}
    todo, done = [(gemeente_code, on)], set()
    while todo:
        code, before = todo.pop()
        if (code, before) in done:
            continue
        done.add((code, before))
        for entry in entries:
            if entry.gemeente[0] != code or (before is not None and entry.date > before):
                continue
            valid_until = entry.date - dt.timedelta(days=1)
            for link_code, name in entry.predecessors:
                result[(link_code, valid_until)] = (link_code, name, valid_until)
                todo.append((link_code, valid_until))
    return sorted(result.values(), key=lambda item: (item[2], item[0]))


def comparable(gemeente_code: str, start: dt.date, end: dt.date) -> bool:
    """Return whether a series of the gemeente from ``start`` to ``end`` can be made comparable.

    True when every herindeling of the gemeente in that period took its predecessors whole (so summing the
    predecessors' figures gives the same area), False when one took only part of a gemeente.

    Raises
    ------
    NotCoveredError
        When ``start`` lies before the period the herindelingen cover.
    """
    covered, entries = _loaded()
    if start < covered[0]:
        raise NotCoveredError(
            "herindelingen are known from {} on; a series from {} cannot be checked".format(covered[0], start)
        )
    return not any(
        entry.parts for entry in entries if entry.gemeente[0] == gemeente_code and start < entry.date <= end
    )
