"""Every write of the undermining module, each in one transaction with its audit event; audited reads.

Rules (issue #18):

- A signal moves only along :mod:`.workflow`; it gets a weighing on the way to ``gewogen``.
- A dossier's network is read and changed by its team only; every read is an audited read with a purpose
  (``audit.record_read`` with ``object_type="undermining.dossier"``), the FtM export included.
- An edge needs a provenance, a legal basis and a weight, and ends of the kinds its FtM schema allows.
- A Bibob dossier's dates follow the law's order: own investigation -> advice request -> (extension) -> advice
  -> art. 32 notice; a negative decision (refused, withdrawn, or with conditions) needs the art. 33 zienswijze
  step first; an advice is reused only for the same betrokkene within 2 years (art. 29).
- Bibob data go only to art. 28 recipients, and each disclosure is recorded.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.pseudonyms import pseudonym_for_bsn

from . import ftm
from .bibob_clock import MAX_EXTENSION_WEEKS, reusable_until
from .choices import AdviceOutcome, BibobDecision, EntitySchema, SignalStatus
from .models import (
    Barrier,
    BarrierModel,
    Bedrijventerrein,
    BarrierStep,
    BibobDisclosure,
    BibobDossier,
    Dossier,
    Entity,
    Intervention,
    Link,
    Signal,
    SignalStatusChange,
)
from .workflow import InvalidTransition, check_transition

__all__ = [
    "add_barrier", "add_entity", "load_bedrijventerreinen", "register_bedrijventerrein", "remove_bedrijventerrein", "add_intervention", "add_link", "change_signal_status", "create_bibob_dossier",
    "create_dossier", "decide_bibob", "disclose_bibob", "export_network", "extend_advice", "import_network",
    "link_barrier", "link_entity_to_signal", "link_signal_to_dossier", "model_from_template", "notify_art32", "read_bibob", "record_own_investigation", "report_to_stuurgroep", "read_dossier", "receive_advice", "receive_signal",
    "receive_zienswijze", "request_advice", "request_zienswijze", "reuse_advice",
]

DOSSIER_OBJECT = "undermining.dossier"
BIBOB_OBJECT = "undermining.bibobdossier"
NEGATIVE_DECISIONS = {BibobDecision.GEWEIGERD, BibobDecision.INGETROKKEN, BibobDecision.VOORSCHRIFTEN}


# -- signals ----------------------------------------------------------------------------------------------------------

@transaction.atomic
def receive_signal(gemeente, *, actor=None, entities=(), **fields) -> Signal:
    """Register a signal (status ``ontvangen``)."""
    signal = Signal(gemeente=gemeente, received_by=actor if getattr(actor, "is_authenticated", False) else None,
                    **fields)
    if signal.area_id and signal.area.gemeente_id != gemeente.pk:
        raise ValidationError({"area": "the buurt is not in {}".format(gemeente)})
    signal.full_clean()
    signal.save()
    if entities:
        signal.entities.set(entities)
    SignalStatusChange.objects.create(signal=signal, new_status=signal.status, changed_by=signal.received_by)
    audit.record("signal_received", actor=actor, gemeente=gemeente, obj=signal, theme=signal.theme,
                 source=signal.source)
    return signal


@transaction.atomic
def change_signal_status(signal: Signal, new_status: str, *, actor=None, weighing: str = "", note: str = "",
                         dossier: Dossier | None = None) -> Signal:
    """Move a signal along the workflow; ``gewogen`` needs a weighing."""
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    old = signal.status
    check_transition(old, new_status)
    if new_status == SignalStatus.GEWOGEN:
        if not weighing:
            raise InvalidTransition("a signal is weighed with a weighing (low, medium, high)")
        signal.weighing, signal.weighing_note = weighing, note
    if dossier is not None:
        if dossier.gemeente_id != signal.gemeente_id:
            raise ValidationError("the dossier belongs to another gemeente")
        signal.dossier = dossier
    signal.status = new_status
    signal.full_clean()
    signal.save()
    SignalStatusChange.objects.create(signal=signal, old_status=old, new_status=new_status, changed_by=actor,
                                      note=note)
    audit.record("signal_status_changed", actor=actor, gemeente=signal.gemeente, obj=signal,
                 changes={"status": [old, new_status]}, weighing=signal.weighing)
    return signal


@transaction.atomic
def link_signal_to_dossier(signal: Signal, dossier: Dossier, *, actor=None) -> Signal:
    """Put a signal in a dossier (same gemeente) without changing its status; audited."""
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if dossier.gemeente_id != signal.gemeente_id:
        raise ValidationError("the dossier belongs to another gemeente")
    if signal.dossier_id and signal.dossier_id != dossier.pk:
        raise ValidationError("the signal is in another dossier already")
    old = signal.dossier_id
    signal.dossier = dossier
    signal.save(update_fields=["dossier"])
    audit.record("signal_linked_to_dossier", actor=actor, gemeente=signal.gemeente, obj=signal,
                 changes={"dossier": [old, dossier.pk]})
    return signal


@transaction.atomic
def link_entity_to_signal(entity: Entity, signal: Signal, *, actor=None) -> Signal:
    """Link an entity of a dossier to a signal of that same dossier; audited."""
    if signal.dossier_id is None or entity.dossier_id != signal.dossier_id:
        raise ValidationError("the entity and the signal must belong to the same dossier")
    if signal.entities.filter(pk=entity.pk).exists():
        raise ValidationError("the entity is linked to this signal already")
    signal.entities.add(entity)
    audit.record("entity_linked_to_signal", actor=actor, gemeente=signal.gemeente, obj=signal, entity=entity.pk,
                 dossier=signal.dossier_id, schema=entity.schema)
    return signal


# -- dossiers and the network -----------------------------------------------------------------------------------------

@transaction.atomic
def create_dossier(gemeente, *, actor=None, reference: str, title: str, strategy: str = "", team=(),
                   partners=()) -> Dossier:
    """Open an integrale casus; the creator joins its team."""
    dossier = Dossier(gemeente=gemeente, reference=reference, title=title, strategy=strategy)
    dossier.full_clean()
    dossier.save()
    members = list(team) + ([actor] if getattr(actor, "is_authenticated", False) else [])
    dossier.team.set(members)
    dossier.partners.set(partners)
    audit.record("dossier_created", actor=actor, gemeente=gemeente, obj=dossier,
                 team=sorted(u.get_username() for u in members))
    return dossier


@transaction.atomic
def add_intervention(dossier: Dossier, *, actor=None, **fields) -> Intervention:
    intervention = Intervention(gemeente=dossier.gemeente, dossier=dossier, **fields)
    intervention.full_clean()
    intervention.save()
    audit.record("intervention_added", actor=actor, gemeente=dossier.gemeente, obj=intervention,
                 dossier=dossier.pk, kind=intervention.kind)
    return intervention


def _new_id(schema: str) -> str:
    return "vb-{}-{}".format(schema.lower(), uuid.uuid4().hex)


@transaction.atomic
def add_entity(dossier: Dossier, *, schema: str, caption: str, properties: dict | None = None, bsn: str = "",
               actor=None, ftm_id: str = "") -> Entity:
    """Add a node. A person's BSN is turned into its keyed pseudonym and not stored."""
    if schema not in EntitySchema.values:
        raise ValidationError({"schema": "valid: {}".format(", ".join(EntitySchema.values))})
    properties = {k: [str(x) for x in v] for k, v in (properties or {}).items() if v}
    unknown = sorted(set(properties) - set(ftm.NODE_PROPERTIES[schema]))
    if unknown:
        raise ValidationError({"properties": "unknown for {}: {}".format(schema, ", ".join(unknown))})
    properties.setdefault(ftm.caption_property(schema), [caption])
    entity = Entity(gemeente=dossier.gemeente, dossier=dossier, ftm_id=ftm_id or _new_id(schema), schema=schema,
                    caption=caption, pseudonym=pseudonym_for_bsn(bsn) if bsn else "")
    entity.properties = properties
    entity.full_clean()
    entity.save()
    audit.record("entity_added", actor=actor, gemeente=dossier.gemeente, obj=entity, dossier=dossier.pk,
                 schema=schema)
    return entity


def _check_ends(schema: str, source: Entity, target: Entity) -> None:
    sources, targets = ftm.ALLOWED_ENDS[schema]
    if source.schema not in sources or target.schema not in targets:
        raise ValidationError("{} joins {} to {}, not {} to {}".format(
            schema, "/".join(sorted(sources)), "/".join(sorted(targets)), source.schema, target.schema))


@transaction.atomic
def add_link(dossier: Dossier, *, schema: str, source: Entity, target: Entity, provenance: str, legal_basis: str,
             weight: str, role: str = "", percentage=None, start_date=None, end_date=None, actor=None,
             ftm_id: str = "") -> Link:
    """Add an edge with its provenance, legal basis and weight (all three required)."""
    if source.dossier_id != dossier.pk or target.dossier_id != dossier.pk:
        raise ValidationError("both ends must be entities of the dossier")
    _check_ends(schema, source, target)
    link = Link(gemeente=dossier.gemeente, dossier=dossier, ftm_id=ftm_id or _new_id(schema), schema=schema,
                source=source, target=target, role=role, percentage=percentage, start_date=start_date,
                end_date=end_date, provenance=provenance, legal_basis=legal_basis, weight=weight)
    link.full_clean()
    link.save()
    audit.record("link_added", actor=actor, gemeente=dossier.gemeente, obj=link, dossier=dossier.pk, schema=schema,
                 legal_basis=legal_basis)
    return link


@transaction.atomic
def report_to_stuurgroep(dossier: Dossier, on: dt.date, *, actor=None) -> Dossier:
    """Record that the dossier was reported to the RIEC stuurgroep (which monitors and escalates)."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    old = dossier.reported_to_stuurgroep_on
    dossier.reported_to_stuurgroep_on = on
    dossier.save(update_fields=["reported_to_stuurgroep_on"])
    audit.record("dossier_reported", actor=actor, gemeente=dossier.gemeente, obj=dossier,
                 changes={"reported_to_stuurgroep_on": [str(old) if old else None, str(on)]})
    return dossier


def read_dossier(dossier: Dossier, *, actor, purpose: str, what: str = "dossier") -> None:
    """Record a read of the dossier (or of its network, ``what="network"`` / ``"export"``) with its purpose."""
    audit.record_read(actor, person=str(dossier.pk), object_type=DOSSIER_OBJECT, purpose=purpose,
                      gemeente=dossier.gemeente, view=what)


def network_records(dossier: Dossier) -> list[dict]:
    """The FtM records of the dossier: nodes first, then edges (not audited: callers are)."""
    nodes = [ftm.entity_record(e) for e in dossier.entities.order_by("pk")]
    edges = [ftm.link_record(link) for link in dossier.links.select_related("source", "target").order_by("pk")]
    return nodes + edges


def export_network(dossier: Dossier, *, actor, purpose: str) -> str:
    """The dossier's network as FtM JSON lines, e.g. for Aleph; an audited read with its purpose."""
    read_dossier(dossier, actor=actor, purpose=purpose, what="export")
    return ftm.dumps_lines(network_records(dossier))


@transaction.atomic
def import_network(dossier: Dossier, text: str, *, actor=None, legal_basis: str = "", provenance: str = "") -> dict:
    """Import FtM JSON lines into the dossier: nodes by id (new ones added, known ones updated), then edges.

    Edges without their own provenance or legal basis get ``provenance`` and ``legal_basis`` of the import;
    an edge with neither is refused, as are properties this module does not keep. All or nothing.
    """
    records = ftm.parse_lines(text)
    nodes = [r for r in records if r["schema"] in ftm.NODE_PROPERTIES]
    edges = [r for r in records if r["schema"] in ftm.EDGE_ENDS]
    known = {e.ftm_id: e for e in dossier.entities.all()}
    added = updated = 0
    for record in nodes:
        fields = ftm.node_fields(record)
        entity = known.get(record["id"])
        if entity is None:
            entity = Entity(gemeente=dossier.gemeente, dossier=dossier, ftm_id=record["id"], schema=record["schema"])
            added += 1
        elif entity.schema != record["schema"]:
            raise ftm.FtmError("entity {} is a {} in the dossier, not a {}".format(
                record["id"], entity.schema, record["schema"]))
        else:
            updated += 1
        entity.caption, entity.pseudonym = fields["caption"], fields["pseudonym"]
        entity.properties = fields["properties"]
        entity.full_clean()
        entity.save()
        known[entity.ftm_id] = entity
    links = {link.ftm_id: link for link in dossier.links.all()}
    edges_added = 0
    for record in edges:
        fields = ftm.edge_fields(record)
        fields["provenance"] = fields["provenance"] or provenance
        fields["legal_basis"] = fields["legal_basis"] or legal_basis
        if not fields["provenance"] or not fields["legal_basis"]:
            raise ftm.FtmError("edge {}: needs a provenance and a legal basis (give them for the import)".format(
                record["id"]))
        try:
            source, target = known[fields.pop("source")], known[fields.pop("target")]
        except KeyError as exc:
            raise ftm.FtmError("edge {}: entity {} is not in the dossier or the file".format(
                record["id"], exc.args[0])) from exc
        _check_ends(record["schema"], source, target)
        link = links.get(record["id"]) or Link(gemeente=dossier.gemeente, dossier=dossier, ftm_id=record["id"])
        if link.pk is None:
            edges_added += 1
        link.schema, link.source, link.target = record["schema"], source, target
        for name, value in fields.items():
            setattr(link, name, value)
        link.full_clean()
        link.save()
    summary = {"entities_added": added, "entities_updated": updated, "links": len(edges), "links_added": edges_added}
    audit.record("network_imported", actor=actor, gemeente=dossier.gemeente, obj=dossier, legal_basis=legal_basis,
                 **summary)
    return summary


# -- Bibob --------------------------------------------------------------------------------------------------------------

@transaction.atomic
def create_bibob_dossier(gemeente, *, actor=None, bsn: str = "", **fields) -> BibobDossier:
    """Open a Bibob test; a BSN is stored encrypted with its keyed pseudonym beside it."""
    dossier = BibobDossier(gemeente=gemeente, betrokkene_bsn=bsn, betrokkene_pseudonym=pseudonym_for_bsn(bsn)
                           if bsn else "", **fields)
    dossier.full_clean()
    dossier.save()
    audit.record("bibob_dossier_created", actor=actor, gemeente=gemeente, obj=dossier,
                 decision_kind=dossier.decision_kind)
    return dossier


def _step(dossier: BibobDossier, action: str, actor, **changes) -> BibobDossier:
    old = {name: getattr(dossier, name) for name in changes}
    for name, value in changes.items():
        setattr(dossier, name, value)
    dossier.full_clean()
    dossier.save()
    audit.record(action, actor=actor, gemeente=dossier.gemeente, obj=dossier,
                 changes={k: [str(old[k]) if old[k] is not None else None, str(v) if v is not None else None]
                          for k, v in changes.items()})
    return dossier


def _locked(dossier: BibobDossier) -> BibobDossier:
    return BibobDossier.objects.select_for_update().get(pk=dossier.pk)


def _not_before(day: dt.date, earlier: dt.date | None, what: str) -> None:
    if earlier and day < earlier:
        raise ValidationError("{} cannot be before {}".format(what, earlier))


@transaction.atomic
def record_own_investigation(dossier: BibobDossier, on: dt.date, *, findings: str = "", actor=None) -> BibobDossier:
    """Record the gemeente's own investigation (art. 7a questions answered, closed sources consulted)."""
    dossier = _locked(dossier)
    _not_before(on, dossier.application_on, "the own investigation")
    changes = {"own_investigation_done_on": on}
    if findings:
        changes["own_investigation"] = findings
    return _step(dossier, "bibob_own_investigation_done", actor, **changes)


@transaction.atomic
def request_advice(dossier: BibobDossier, on: dt.date, *, actor=None) -> BibobDossier:
    """Ask the LBB for advice (art. 9): starts its 8-week clock and suspends the decision term (art. 31)."""
    dossier = _locked(dossier)
    if dossier.advice_requested_on:
        raise ValidationError("the advice was requested already on {}".format(dossier.advice_requested_on))
    if dossier.reused_advice_id:
        raise ValidationError("this dossier reuses an earlier advice (art. 29)")
    _not_before(on, dossier.application_on, "the request")
    return _step(dossier, "bibob_advice_requested", actor, advice_requested_on=on)


@transaction.atomic
def extend_advice(dossier: BibobDossier, weeks: int, *, actor=None) -> BibobDossier:
    """Record the LBB's extension of its advice term (art. 15: at most 4 weeks, once)."""
    dossier = _locked(dossier)
    if not dossier.advice_requested_on or dossier.advice_received_on:
        raise ValidationError("only a pending advice can be extended")
    if dossier.advice_extension_weeks:
        raise ValidationError("the advice term was extended already")
    if not 1 <= weeks <= MAX_EXTENSION_WEEKS:
        raise ValidationError("the extension is 1 to {} weeks (art. 15)".format(MAX_EXTENSION_WEEKS))
    return _step(dossier, "bibob_advice_extended", actor, advice_extension_weeks=weeks)


@transaction.atomic
def receive_advice(dossier: BibobDossier, on: dt.date, outcome: str, *, actor=None) -> BibobDossier:
    """Record the LBB's advice and its conclusion; ends the suspension."""
    dossier = _locked(dossier)
    if not dossier.advice_requested_on:
        raise ValidationError("no advice was requested")
    if dossier.advice_received_on:
        raise ValidationError("the advice was received already")
    if outcome not in AdviceOutcome.values:
        raise ValidationError("outcome: valid: {}".format(", ".join(AdviceOutcome.values)))
    _not_before(on, dossier.advice_requested_on, "the advice")
    return _step(dossier, "bibob_advice_received", actor, advice_received_on=on, outcome=outcome)


@transaction.atomic
def notify_art32(dossier: BibobDossier, on: dt.date, *, actor=None) -> BibobDossier:
    """Record that the betrokkene was told of the advice request (art. 32)."""
    dossier = _locked(dossier)
    if not dossier.advice_requested_on:
        raise ValidationError("the art. 32 notice follows the advice request")
    _not_before(on, dossier.advice_requested_on, "the notice")
    return _step(dossier, "bibob_art32_notified", actor, art32_notified_on=on)


@transaction.atomic
def request_zienswijze(dossier: BibobDossier, on: dt.date, *, actor=None) -> BibobDossier:
    """Offer the betrokkene a zienswijze before a negative decision (art. 33)."""
    dossier = _locked(dossier)
    if not dossier.advice_date and not dossier.own_investigation_done_on:
        raise ValidationError("a zienswijze is asked on an advice or on the own investigation")
    return _step(dossier, "bibob_zienswijze_requested", actor, zienswijze_requested_on=on)


@transaction.atomic
def receive_zienswijze(dossier: BibobDossier, on: dt.date, *, actor=None) -> BibobDossier:
    dossier = _locked(dossier)
    if not dossier.zienswijze_requested_on:
        raise ValidationError("no zienswijze was asked")
    _not_before(on, dossier.zienswijze_requested_on, "the zienswijze")
    return _step(dossier, "bibob_zienswijze_received", actor, zienswijze_received_on=on)


@transaction.atomic
def decide_bibob(dossier: BibobDossier, decision: str, on: dt.date, *, actor=None) -> BibobDossier:
    """Record the decision. Refusal, withdrawal or conditions need the art. 33 zienswijze step first."""
    dossier = _locked(dossier)
    if dossier.decided_on:
        raise ValidationError("the decision was taken already")
    if decision not in BibobDecision.values:
        raise ValidationError("decision: valid: {}".format(", ".join(BibobDecision.values)))
    if dossier.advice_requested_on and not dossier.advice_received_on:
        raise ValidationError("the LBB advice is still awaited")
    if decision in NEGATIVE_DECISIONS and not dossier.zienswijze_requested_on:
        raise ValidationError("a negative decision or conditions need a zienswijze first (art. 33)")
    _not_before(on, dossier.application_on, "the decision")
    return _step(dossier, "bibob_decided", actor, decision=decision, decided_on=on)


@transaction.atomic
def reuse_advice(dossier: BibobDossier, previous: BibobDossier, *, actor=None) -> BibobDossier:
    """Base the dossier on an earlier advice (art. 29): same gemeente and betrokkene, at most 2 years old."""
    dossier = _locked(dossier)
    if previous.gemeente_id != dossier.gemeente_id or previous.pk == dossier.pk:
        raise ValidationError("only an advice of another dossier of the same gemeente can be reused")
    if not previous.advice_received_on:
        raise ValidationError("that dossier has no advice")
    same = (dossier.betrokkene_pseudonym and dossier.betrokkene_pseudonym == previous.betrokkene_pseudonym) or (
        dossier.kvk_number and dossier.kvk_number == previous.kvk_number)
    if not same:
        raise ValidationError("an advice is reused only for the same betrokkene (BSN or KvK number)")
    until = reusable_until(previous.advice_received_on)
    if dossier.application_on > until:
        raise ValidationError("the advice of {} could be reused until {} (art. 29: 2 years)".format(
            previous.advice_received_on, until))
    if dossier.advice_requested_on:
        raise ValidationError("a new advice was requested already")
    return _step(dossier, "bibob_advice_reused", actor, reused_advice=previous)


@transaction.atomic
def disclose_bibob(dossier: BibobDossier, *, recipient_kind: str, recipient: str, purpose: str,
                   actor=None) -> BibobDisclosure:
    """Record a disclosure of Bibob data to an art. 28 recipient (refused for anyone else)."""
    disclosure = BibobDisclosure(gemeente=dossier.gemeente, dossier=dossier, recipient_kind=recipient_kind,
                                 recipient=recipient, purpose=purpose,
                                 disclosed_by=actor if getattr(actor, "is_authenticated", False) else None)
    disclosure.full_clean()
    disclosure.save()
    audit.record("bibob_disclosed", actor=actor, gemeente=dossier.gemeente, obj=dossier, purpose=purpose,
                 legal_basis="Wet Bibob art. 28", recipient_kind=recipient_kind, recipient=recipient)
    return disclosure


def read_bibob(dossier: BibobDossier, *, actor, purpose: str) -> None:
    """Record a read of the Bibob dossier (its betrokkene data) with its purpose."""
    audit.record_read(actor, person=dossier.betrokkene_pseudonym or str(dossier.pk),
                      object_type=BIBOB_OBJECT if not dossier.betrokkene_pseudonym else "person",
                      purpose=purpose, gemeente=dossier.gemeente, bibob_dossier=dossier.pk)


# -- barrier models ------------------------------------------------------------------------------------------------------

@transaction.atomic
def model_from_template(gemeente, template: str, *, actor=None) -> BarrierModel:
    """Start a barrier model from a template (:mod:`.barrier_templates`)."""
    from .barrier_templates import TEMPLATES

    if template not in TEMPLATES:
        raise ValidationError("template: valid: {}".format(", ".join(TEMPLATES)))
    spec = TEMPLATES[template]
    model = BarrierModel.objects.create(gemeente=gemeente, phenomenon=str(spec["phenomenon"]), template=template,
                                        description=str(spec.get("source", "")))
    for order, step in enumerate(spec["steps"], start=1):
        BarrierStep.objects.create(model=model, order=order, name=step["name"],
                                   opportunities=step.get("opportunities", ""), signals=step.get("signals", ""),
                                   partners=step.get("partners", ""))
    audit.record("barrier_model_created", actor=actor, gemeente=gemeente, obj=model, template=template)
    return model


@transaction.atomic
def add_barrier(step: BarrierStep, *, measure: str, owner=None, status: str = "voorgesteld", signals=(),
                programme_measures=(), actor=None) -> Barrier:
    gemeente = step.model.gemeente
    if any(s.gemeente_id != gemeente.pk for s in signals) or any(
            m.gemeente_id != gemeente.pk for m in programme_measures):
        raise ValidationError("signals and measures must be of the same gemeente")
    barrier = Barrier(gemeente=gemeente, step=step, measure=measure, owner=owner, status=status)
    barrier.full_clean()
    barrier.save()
    barrier.signals.set(signals)
    barrier.programme_measures.set(programme_measures)
    audit.record("barrier_added", actor=actor, gemeente=gemeente, obj=barrier, step=step.pk)
    return barrier


@transaction.atomic
def link_barrier(barrier: Barrier, *, signals=(), programme_measures=(), actor=None) -> Barrier:
    """Set the signals and programme measures (#12) a barrier answers; both of the barrier's gemeente."""
    gemeente = barrier.gemeente
    signals, programme_measures = list(signals), list(programme_measures)
    if any(s.gemeente_id != gemeente.pk for s in signals) or any(
            m.gemeente_id != gemeente.pk for m in programme_measures):
        raise ValidationError("signals and measures must be of the same gemeente")
    old_signals = sorted(barrier.signals.values_list("pk", flat=True))
    old_measures = sorted(barrier.programme_measures.values_list("pk", flat=True))
    barrier.signals.set(signals)
    barrier.programme_measures.set(programme_measures)
    audit.record("barrier_linked", actor=actor, gemeente=gemeente, obj=barrier,
                 changes={"signals": [old_signals, sorted(s.pk for s in signals)],
                          "programme_measures": [old_measures, sorted(m.pk for m in programme_measures)]})
    return barrier


# -- bedrijventerreinen (person-free vulnerability, issue #18 item 6) --------------------------------------------------

@transaction.atomic
def register_bedrijventerrein(gemeente, name: str, buurten, *, description: str = "", actor=None) -> Bedrijventerrein:
    """Register (or replace) the bedrijventerrein ``name`` of the gemeente as the buurten with the codes ``buurten``
    in the gemeente's current indeling; every code must be such a buurt."""
    from django.utils.text import slugify

    from veiligheidsbeeld.areas.models import Area

    codes = sorted({str(code).strip().upper() for code in buurten if str(code).strip()})
    name = name.strip()
    if not name or not slugify(name):
        raise ValidationError("a bedrijventerrein needs a name")
    if not codes:
        raise ValidationError("bedrijventerrein {}: no buurten".format(name))
    areas = list(Area.objects.current(gemeente).filter(level="buurt", code__in=codes))
    unknown = sorted(set(codes) - {a.code for a in areas})
    if unknown:
        raise ValidationError("bedrijventerrein {}: not buurten of {} in its current indeling: {}".format(
            name, gemeente.code, ", ".join(unknown)))
    terrein, created = Bedrijventerrein.objects.get_or_create(
        gemeente=gemeente, slug=slugify(name)[:80], defaults={"name": name, "description": description})
    old = sorted(terrein.buurten.values_list("code", flat=True))
    terrein.name, terrein.description = name, description
    terrein.save()
    terrein.buurten.set(areas)
    audit.record("bedrijventerrein_registered", actor=actor, gemeente=gemeente, obj=terrein, created=created,
                 changes={"buurten": [old, codes]})
    return terrein


@transaction.atomic
def remove_bedrijventerrein(terrein: Bedrijventerrein, *, actor=None) -> None:
    audit.record("bedrijventerrein_removed", actor=actor, gemeente=terrein.gemeente, obj=terrein,
                 buurten=sorted(terrein.buurten.values_list("code", flat=True)))
    terrein.delete()


@transaction.atomic
def load_bedrijventerreinen(gemeente, entries: list[dict], *, actor=None) -> list[Bedrijventerrein]:
    """Register every ``{name, buurten, description?}`` of a YAML list; all or nothing."""
    if not isinstance(entries, list):
        raise ValidationError("expected a list of {name, buurten, description}")
    terreinen = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("buurten"), list):
            raise ValidationError("each entry needs a name and a list of buurten: {!r}".format(entry))
        terreinen.append(register_bedrijventerrein(gemeente, str(entry.get("name", "")), entry["buurten"],
                                                   description=str(entry.get("description", "")), actor=actor))
    return terreinen


def today() -> dt.date:
    return timezone.localdate()
