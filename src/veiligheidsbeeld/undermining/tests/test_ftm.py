"""The network as FollowTheMoney JSON (issue #18 Done when: export -> followthemoney validation -> import gives the
same entities and edges)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from followthemoney import model
from followthemoney.exc import InvalidData

from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.undermining import ftm, services
from veiligheidsbeeld.undermining.models import Dossier

pytestmark = pytest.mark.django_db


def _validate(record: dict) -> None:
    """Valid FtM: a known schema, only its properties, values that its types accept, required ones present, and
    entity references that the followthemoney proxy keeps unchanged."""
    schema = model.get(record["schema"])
    assert schema is not None, record["schema"]
    unknown = set(record["properties"]) - set(schema.properties)
    assert not unknown, (record["schema"], unknown)
    try:
        schema.validate(record)
    except InvalidData as exc:
        raise InvalidData("{}: {}".format(record, exc.errors), errors=exc.errors) from exc
    proxy = model.get_proxy(record, cleaned=False)
    assert {k: sorted(v) for k, v in proxy.to_dict()["properties"].items()} == {
        k: sorted(v) for k, v in record["properties"].items()}


def _entity(dossier, caption):
    """By caption (an encrypted field: not searchable in the database)."""
    return next(e for e in dossier.entities.all() if e.caption == caption)


def _graph(dossier: Dossier):
    nodes = {(e.ftm_id, e.schema, e.caption, json.dumps(e.properties, sort_keys=True), e.pseudonym)
             for e in dossier.entities.all()}
    edges = {(link.ftm_id, link.schema, link.source.ftm_id, link.target.ftm_id, link.role,
              str(link.percentage) if link.percentage is not None else None, link.start_date, link.end_date,
              link.provenance, link.legal_basis, link.weight)
             for link in dossier.links.select_related("source", "target")}
    return nodes, edges


def test_round_trip_export_validate_import(dossier, users, small_gemeente):
    events = AuditEvent.objects.count()
    text = services.export_network(dossier, actor=users["politie"], purpose="test: export to Aleph")
    read = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == events + 1
    assert (read.action, read.object_type, read.object_id) == ("person_data_viewed", "undermining.dossier",
                                                               str(dossier.pk))
    records = [json.loads(line) for line in text.splitlines()]
    assert {r["schema"] for r in records} == {"Person", "Company", "RealEstate", "Vehicle", "Address", "Ownership",
                                              "Directorship", "Family", "Associate", "UnknownLink"}
    for record in records:
        _validate(record)
    persons = [r for r in records if r["schema"] == "Person"]
    assert "999990019" not in text  # no BSN leaves the system, only the keyed pseudonym
    assert any(k.startswith("pseudonym:p_") for r in persons for k in r["properties"].get("keywords", []))
    ownership = next(r for r in records if r["schema"] == "Ownership" and r["properties"].get("percentage"))
    assert ownership["properties"]["percentage"] == ["60"]
    assert ownership["properties"]["startDate"] == ["2020-01-01"]
    assert ownership[ftm.EXTENSION_KEY] == {"provenance": "KvK (test)",
                                            "legal_basis": "Convenant RIEC art. 4 (test)", "weight": "bevestigd"}

    copy = services.create_dossier(small_gemeente, actor=users["beleidsadviseur"], reference="RIEC-T-2",
                                   title="Kopie")
    summary = services.import_network(copy, text, actor=users["beleidsadviseur"])
    assert summary == {"entities_added": 6, "entities_updated": 0, "links": 7, "links_added": 7}
    assert _graph(copy) == _graph(dossier)
    # importing the same file again changes nothing and adds nothing
    again = services.import_network(copy, text, actor=users["beleidsadviseur"])
    assert again["entities_added"] == 0 and again["links_added"] == 0
    assert _graph(copy) == _graph(dossier)


def test_validation_catches_a_broken_record(dossier, users):
    """The validation used above fails on what it must catch (so the round trip test is not vacuous)."""
    record = ftm.entity_record(_entity(dossier, "Jan Test"))
    record["properties"]["birthDate"] = ["1979-13-45"]
    with pytest.raises(InvalidData):
        _validate(record)
    record["properties"]["birthDate"] = ["1979-04-01"]
    record["properties"]["shoeSize"] = ["44"]
    with pytest.raises(AssertionError):
        _validate(record)


def test_import_from_aleph_without_our_extension_takes_the_import_provenance(dossier, users, small_gemeente):
    records = services.network_records(dossier)
    for record in records:
        record.pop(ftm.EXTENSION_KEY, None)
        record["properties"].pop("publisher", None)
        record["properties"].pop("legalBasis", None)
    text = ftm.dumps_lines(records)
    copy = services.create_dossier(small_gemeente, actor=users["beleidsadviseur"], reference="RIEC-T-3", title="x")
    with pytest.raises(ftm.FtmError, match="provenance and a legal basis"):
        services.import_network(copy, text, actor=users["beleidsadviseur"])
    assert copy.entities.count() == 0  # all or nothing
    services.import_network(copy, text, actor=users["beleidsadviseur"], provenance="Aleph export 2026-12",
                            legal_basis="WGS art. 2.1")
    assert set(copy.links.values_list("provenance", "legal_basis", "weight")) == {
        ("Aleph export 2026-12", "WGS art. 2.1", "onbevestigd")}


@pytest.mark.parametrize("text, message", [
    ('{"id": "x", "schema": "Airplane", "properties": {}}', "not supported"),
    ('{"id": "x", "schema": "Person", "properties": {"shoeSize": ["44"]}}', "not kept for Person"),
    ('{"schema": "Person", "properties": {}}', "needs an id"),
    ("{not json", "not valid JSON"),
    ('{"id": "e", "schema": "Family", "properties": {"person": ["a"], "relative": ["b"]}, '
     '"veiligheidsbeeld": {"provenance": "p", "legal_basis": "l", "weight": "bevestigd"}}', "not in the dossier"),
])
def test_import_refuses(dossier, users, text, message):
    with pytest.raises(ftm.FtmError, match=message):
        services.import_network(dossier, text, actor=users["beleidsadviseur"])


def test_edges_join_only_the_kinds_their_schema_allows(dossier, users):
    car = dossier.entities.get(schema="Vehicle")
    house = dossier.entities.get(schema="RealEstate")
    with pytest.raises(ValidationError, match="Family joins"):
        services.add_link(dossier, schema="Family", source=car, target=house, provenance="p", legal_basis="l",
                          weight="bevestigd")
    with pytest.raises(ValidationError):
        services.add_link(dossier, schema="Ownership", source=_entity(dossier, "Jan Test"), target=car,
                          provenance="", legal_basis="l", weight="bevestigd")
