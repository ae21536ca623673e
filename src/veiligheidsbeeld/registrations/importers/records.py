"""Registrations posted by partner systems (the partner API): records instead of file rows, same checks.

A record::

    {"source_ref": "WIJ-2024-0001", "category": "E35", "date": "2024-03-01",
     "area": "BU00140000", "count": 1, "kind": "signaal", "attributes": {"urgentie": "hoog"}}

``period`` (a StatLine code such as ``2024MM03``) may replace ``date`` for aggregates. ``source_system`` comes
from the request; categories map to themes through the frameworks' source categories of that system.
Attributes named like an address are rejected: addresses are never stored.
"""

from __future__ import annotations

import datetime as dt

from veiligheidsbeeld.frameworks.services import theme_lookup

from ..models import Confidentiality, Kind, Registration
from .areas import AreaIndex
from .base import Importer, missing, register
from .errors import Reason
from .mapped import ADDRESS_WORDS
from .periods import parse_date, parse_statline_period

__all__ = ["RecordImporter"]

_KINDS = {k.value for k in Kind}
_LEVELS = {"openbaar", "intern", "vertrouwelijk"}


@register
class RecordImporter(Importer):
    """Validate records posted to the partner API. Options: ``source_system``."""

    name = "api"
    reads_files = False

    def load(self, records: list[dict]) -> None:
        """Take the posted records as the rows to import (row number = position, from 1)."""
        self._first = [(n, dict(r) if isinstance(r, dict) else {"_value": r}) for n, r in enumerate(records, 1)]
        self.prepare()

    def prepare(self):
        self.source_system = self.options["source_system"]
        self.categories = theme_lookup(self.source_system)
        self.areas = AreaIndex(self.gemeente)

    def mapping(self):
        return {"options": {"source_system": self.source_system}}

    def convert(self, number, raw):
        reasons = []
        if "_value" in raw:
            return self.reject(number, raw, Reason("bad_record", "record {}: not an object".format(number)))

        def text(key):
            value = raw.get(key)
            return "" if value is None else str(value).strip()

        ref, code, area_code = text("source_ref"), text("category"), text("area")
        for key, value in (("source_ref", ref), ("category", code), ("area", area_code)):
            if not value:
                reasons.append(missing(key, number))
        if len(ref) > 120:
            reasons.append(Reason("bad_value", "record {}, field 'source_ref': longer than 120 characters".format(
                number), "source_ref"))
        category = self.categories.get(code)
        if code and category is None:
            reasons.append(Reason("unknown_category", "record {}, field 'category': {!r} is not mapped in {}".format(
                number, code[:40], self.source_system), "category"))
        start = precision = None
        try:
            if text("period"):
                start, precision = parse_statline_period(text("period"))
            else:
                start, precision = parse_date(text("date")), "day"
                if start is None:
                    reasons.append(missing("date", number))
                elif start > dt.date.today():
                    reasons.append(Reason("future_date", "record {}: date {} is in the future".format(number, start),
                                          "date"))
        except ValueError as exc:
            reasons.append(Reason("bad_date", "record {}: {}".format(number, exc), "date"))
        area = None
        if area_code:
            found = self.areas.resolve(code=area_code.upper(), year=start.year if start else None)
            area = found.area
            if area is None:  # a partner may post only for the gemeenten of its token: another one is an error
                reasons.append(found.as_reason("record {}, field 'area'".format(number), "area"))
        count = raw.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            reasons.append(Reason("bad_count", "record {}, field 'count': {!r} is not a count".format(
                number, str(count)[:40]), "count"))
        kind = text("kind") or Kind.INCIDENT
        if kind not in _KINDS:
            reasons.append(Reason("bad_value", "record {}, field 'kind': {!r} is not one of {}".format(
                number, kind[:20], ", ".join(sorted(_KINDS))), "kind"))
        level = text("confidentiality") or Confidentiality.INTERN
        if level not in _LEVELS:
            reasons.append(Reason("bad_value", "record {}, field 'confidentiality': {!r}".format(number, level[:20]),
                                  "confidentiality"))
        attributes = raw.get("attributes") or {}
        if not isinstance(attributes, dict):
            reasons.append(Reason("bad_value", "record {}, field 'attributes': not an object".format(number),
                                  "attributes"))
            attributes = {}
        address = [k for k in attributes if any(word in str(k).lower() for word in ADDRESS_WORDS)]
        if address:
            reasons.append(Reason("address", "record {}, field 'attributes': {} look like an address; addresses "
                                  "are never stored".format(number, ", ".join(map(repr, address))), "attributes"))
        if reasons:
            return self.reject(number, raw, *reasons)
        return Registration.unsaved(
            gemeente_id=area.gemeente_id,
            source_system=self.source_system,
            source_ref=ref,
            kind=kind,
            theme_id=category.theme_id,
            category_code=code,
            category_label=category.label,
            period_start=start,
            precision=precision,
            area_id=area.pk,
            count=count,
            attributes=attributes,
            confidentiality=level,
        )

    def quarantine_columns(self):
        return {"source_ref", "category", "area", "period", "date", "count", "kind", "confidentiality",
                "attributes"}

    def generalise(self, raw):
        out = super().generalise(raw)
        if isinstance(out.get("attributes"), dict):
            out["attributes"] = {k: v for k, v in out["attributes"].items()
                                 if not any(word in str(k).lower() for word in ADDRESS_WORDS)}
        return out
