"""The dossier network as FollowTheMoney (FtM) entity JSON, the format Aleph and OpenSanctions read.

One entity per record: ``{"id", "schema", "properties": {name: [values]}}`` (``alephdata/followthemoney``,
``followthemoney/schema/*.yaml``); a file is one record per line ("ftm" JSON lines). Nodes are Person, Company,
Address, RealEstate and Vehicle; edges are the interval schemata Ownership, Directorship, Family, Associate and
UnknownLink, whose entity properties (``owner``/``asset``, ``director``/``organization``, ...) hold the ids of the
nodes they join.

FtM has no place for why an edge may be recorded, so each edge also carries an extra top-level key
``"veiligheidsbeeld": {"provenance", "legal_basis", "weight"}`` (FtM readers ignore unknown top-level keys), and
the provenance is repeated in the FtM property ``publisher`` (``legalBasis`` too, for Ownership, which has it).
A Person carries no BSN: its keyed pseudonym is a ``keywords`` value ``pseudonym:p_...`` (FtM's ``idNumber`` type
refuses values this long, and it is not an official number anyway). The BAG id of an Address is a ``keywords``
value ``bag:<16 digits>``.

This module builds and reads the records; :mod:`.services` stores them (audited). Validation with the
``followthemoney`` library is done in the tests, so the library is not a run-time dependency.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from decimal import Decimal

from .choices import EntitySchema, LinkSchema, LinkWeight

__all__ = [
    "ALLOWED_ENDS",
    "EDGE_ENDS",
    "EXTENSION_KEY",
    "NODE_PROPERTIES",
    "dumps_lines",
    "entity_record",
    "link_record",
    "parse_lines",
]

EXTENSION_KEY = "veiligheidsbeeld"
PSEUDONYM_PREFIX = "pseudonym:"

#: edge schema -> (property of the source node, property of the target node, property of the role text)
EDGE_ENDS: dict[str, tuple[str, str, str]] = {
    LinkSchema.OWNERSHIP: ("owner", "asset", "role"),
    LinkSchema.DIRECTORSHIP: ("director", "organization", "role"),
    LinkSchema.FAMILY: ("person", "relative", "relationship"),
    LinkSchema.ASSOCIATE: ("person", "associate", "relationship"),
    LinkSchema.UNKNOWN_LINK: ("subject", "object", "role"),
}

_LEGAL = {EntitySchema.PERSON, EntitySchema.COMPANY}
_ANY = set(EntitySchema.values)
#: edge schema -> (allowed source schemata, allowed target schemata), after the FtM ranges (LegalEntity, Asset, ...)
ALLOWED_ENDS: dict[str, tuple[set[str], set[str]]] = {
    LinkSchema.OWNERSHIP: (_LEGAL, {EntitySchema.COMPANY, EntitySchema.REAL_ESTATE, EntitySchema.VEHICLE}),
    LinkSchema.DIRECTORSHIP: (_LEGAL, {EntitySchema.COMPANY}),
    LinkSchema.FAMILY: ({EntitySchema.PERSON}, {EntitySchema.PERSON}),
    LinkSchema.ASSOCIATE: ({EntitySchema.PERSON}, {EntitySchema.PERSON}),
    LinkSchema.UNKNOWN_LINK: (_ANY, _ANY),
}

#: node schema -> the FtM properties this module reads and writes (others are refused on import)
NODE_PROPERTIES: dict[str, tuple[str, ...]] = {
    EntitySchema.PERSON: ("name", "firstName", "lastName", "birthDate", "nationality", "keywords", "notes"),
    EntitySchema.COMPANY: ("name", "registrationNumber", "legalForm", "sector", "jurisdiction", "incorporationDate",
                           "notes"),
    EntitySchema.ADDRESS: ("full", "street", "postalCode", "city", "country", "keywords", "notes"),
    EntitySchema.REAL_ESTATE: ("name", "cadastralCode", "area", "propertyType", "titleNumber", "country", "notes"),
    EntitySchema.VEHICLE: ("name", "registrationNumber", "model", "type", "country", "notes"),
}

_CAPTION = {
    EntitySchema.PERSON: "name", EntitySchema.COMPANY: "name", EntitySchema.ADDRESS: "full",
    EntitySchema.REAL_ESTATE: "name", EntitySchema.VEHICLE: "registrationNumber",
}


def caption_property(schema: str) -> str:
    return _CAPTION[schema]


def entity_record(entity) -> dict:
    """The FtM record of a node (an :class:`~veiligheidsbeeld.undermining.models.Entity`)."""
    properties = {k: list(v) for k, v in sorted(entity.properties.items()) if v}
    caption = _CAPTION[entity.schema]
    if entity.caption and caption not in properties:
        properties[caption] = [entity.caption]
    if entity.schema == EntitySchema.PERSON and entity.pseudonym:
        properties["keywords"] = sorted(properties.get("keywords", []) + [PSEUDONYM_PREFIX + entity.pseudonym])
    return {"id": entity.ftm_id, "schema": entity.schema, "properties": properties}


def _percentage(value: Decimal | None) -> list[str]:
    if value is None:
        return []
    return [format(value.normalize(), "f")]


def link_record(link) -> dict:
    """The FtM record of an edge (a :class:`~veiligheidsbeeld.undermining.models.Link`)."""
    source_prop, target_prop, role_prop = EDGE_ENDS[link.schema]
    properties: dict[str, list[str]] = {
        source_prop: [link.source.ftm_id],
        target_prop: [link.target.ftm_id],
        "publisher": [link.provenance],
    }
    if link.role:
        properties[role_prop] = [link.role]
    if link.schema == LinkSchema.OWNERSHIP:
        properties["legalBasis"] = [link.legal_basis]
        if link.percentage is not None:
            properties["percentage"] = _percentage(link.percentage)
    if link.start_date:
        properties["startDate"] = [link.start_date.isoformat()]
    if link.end_date:
        properties["endDate"] = [link.end_date.isoformat()]
    return {
        "id": link.ftm_id,
        "schema": link.schema,
        "properties": properties,
        EXTENSION_KEY: {"provenance": link.provenance, "legal_basis": link.legal_basis, "weight": link.weight},
    }


def dumps_lines(records: Iterable[dict]) -> str:
    """FtM JSON lines: one record per line, keys sorted (stable for diffs and hashes)."""
    return "".join(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in records)


class FtmError(ValueError):
    """A record that cannot be imported, with the line it came from."""


def parse_lines(text: str) -> list[dict]:
    """Parse FtM JSON lines (or one JSON array) into records; raise :class:`FtmError` naming the bad line."""
    text = text.strip()
    if not text:
        return []
    if text.startswith("["):
        try:
            records = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FtmError("not valid JSON: {}".format(exc)) from exc
    else:
        records = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise FtmError("line {}: not valid JSON ({})".format(number, exc.msg)) from exc
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict) or not record.get("id") or "schema" not in record:
            raise FtmError("record {}: needs an id and a schema".format(number))
        schema = record["schema"]
        if schema not in NODE_PROPERTIES and schema not in EDGE_ENDS:
            raise FtmError("record {}: schema {!r} is not supported; valid: {}".format(
                number, schema, ", ".join(list(NODE_PROPERTIES) + list(EDGE_ENDS))))
        properties = record.get("properties") or {}
        if not isinstance(properties, dict) or not all(isinstance(v, list) for v in properties.values()):
            raise FtmError("record {}: properties must map names to lists of values".format(number))
    return records


def edge_fields(record: dict) -> dict:
    """The fields of a :class:`Link` from an edge record (ends as FtM ids)."""
    source_prop, target_prop, role_prop = EDGE_ENDS[record["schema"]]
    properties = record.get("properties") or {}
    extension = record.get(EXTENSION_KEY) or {}

    def first(name):
        values = properties.get(name) or []
        return values[0] if values else None

    if not first(source_prop) or not first(target_prop):
        raise FtmError("edge {}: needs {} and {}".format(record["id"], source_prop, target_prop))
    weight = extension.get("weight") or LinkWeight.ONBEVESTIGD
    if weight not in LinkWeight.values:
        raise FtmError("edge {}: weight {!r}; valid: {}".format(record["id"], weight, ", ".join(LinkWeight.values)))
    percentage = first("percentage")
    start, end = first("startDate"), first("endDate")
    return {
        "source": first(source_prop),
        "target": first(target_prop),
        "role": first(role_prop) or "",
        "percentage": Decimal(percentage) if percentage is not None else None,
        "start_date": dt.date.fromisoformat(start[:10]) if start and len(start) >= 10 else None,
        "end_date": dt.date.fromisoformat(end[:10]) if end and len(end) >= 10 else None,
        "provenance": extension.get("provenance") or first("publisher") or "",
        "legal_basis": extension.get("legal_basis") or first("legalBasis") or "",
        "weight": weight,
    }


def node_fields(record: dict) -> dict:
    """The fields of an :class:`Entity` from a node record: caption, the known properties, the pseudonym."""
    schema = record["schema"]
    properties = {k: [str(x) for x in v] for k, v in (record.get("properties") or {}).items() if v}
    unknown = sorted(set(properties) - set(NODE_PROPERTIES[schema]))
    if unknown:
        raise FtmError("entity {}: properties {} are not kept for {}; known: {}".format(
            record["id"], ", ".join(unknown), schema, ", ".join(NODE_PROPERTIES[schema])))
    caption_values = properties.get(_CAPTION[schema]) or properties.get("name") or [record["id"]]
    pseudonym = ""
    if schema == EntitySchema.PERSON and "keywords" in properties:
        marked = [k for k in properties["keywords"] if k.startswith(PSEUDONYM_PREFIX)]
        if len(marked) > 1:
            raise FtmError("entity {}: more than one pseudonym".format(record["id"]))
        pseudonym = marked[0][len(PSEUDONYM_PREFIX):] if marked else ""
        properties["keywords"] = [k for k in properties["keywords"] if not k.startswith(PSEUDONYM_PREFIX)]
        if not properties["keywords"]:
            del properties["keywords"]
    return {"caption": caption_values[0], "properties": properties, "pseudonym": pseudonym}
