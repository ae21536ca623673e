"""A readable difference between two framework versions, section by section.

Lists of records (principles, priorities, partners, ...) are matched by their ``code`` (finances by title), so a
moved item is not reported; lists of texts (reasons, actions, themes) report added and removed items; single
values report old and new. A new order of the priorities is one difference of their ``order``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Framework

__all__ = ["SECTIONS", "Difference", "diff_frameworks"]

#: section -> the field that identifies its records (None for single values)
SECTIONS = {
    "title": None,
    "period_start": None,
    "period_end": None,
    "mission": None,
    "principles": "code",
    "priorities": "code",
    "monitored": "code",
    "partners": "code",
    "area_groups": "code",
    "finances": "title",
    "changes": "decision",
}


@dataclass(frozen=True)
class Difference:
    """One difference: ``kind`` is added, removed or changed; ``item`` the record's key; ``field`` its field."""

    section: str
    kind: str
    item: str = ""
    field: str = ""
    old: object = None
    new: object = None

    def __str__(self) -> str:
        where = ".".join(part for part in (self.section, self.item, self.field) if part)
        if self.kind == "added":
            return f"{where}: added {self.new!r}"
        if self.kind == "removed":
            return f"{where}: removed {self.old!r}"
        return f"{where}: {self.old!r} -> {self.new!r}"


def _values(section: str, item: str, field: str, old, new) -> list[Difference]:
    if old == new:
        return []
    if isinstance(old, list) and isinstance(new, list) and all(isinstance(v, str) for v in old + new):
        return [Difference(section, "removed", item, field, old=v) for v in old if v not in new] + [
            Difference(section, "added", item, field, new=v) for v in new if v not in old
        ]
    return [Difference(section, "changed", item, field, old=old, new=new)]


def _records(section: str, key: str, old: list[dict], new: list[dict]) -> list[Difference]:
    before = {str(r[key]): r for r in old}
    after = {str(r[key]): r for r in new}
    result = [Difference(section, "removed", k, old=before[k]) for k in before if k not in after]
    for k, record in after.items():
        if k not in before:
            result.append(Difference(section, "added", k, new=record))
            continue
        for field in record:
            result += _values(section, k, field, before[k].get(field), record[field])
    return result


def diff_frameworks(old: Framework, new: Framework) -> list[Difference]:
    """The differences from version ``old`` to version ``new`` (empty when their content is the same)."""
    result: list[Difference] = []
    for section, key in SECTIONS.items():
        before, after = old.content.get(section), new.content.get(section)
        if key is None:
            result += _values(section, "", "", before, after)
        else:
            result += _records(section, key, before or [], after or [])
            kept = [str(r[key]) for r in before or [] if str(r[key]) in {str(n[key]) for n in after or []}]
            order = [str(r[key]) for r in after or [] if str(r[key]) in kept]
            if section == "priorities" and kept != order:
                result.append(Difference(section, "changed", field="order", old=kept, new=order))
    return result
