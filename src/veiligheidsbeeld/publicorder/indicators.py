"""The module's indicators for the veiligheidsbeeld (DOMAINS.md §2(d)), from the statistics that stay after the
organiser data are removed. Counts only; small counts are shown as they are to the module's own roles, and go
through the platform's disclosure rules where they leave the module."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from veiligheidsbeeld.core.disclosure import DisclosurePolicy, published_breakdown, published_count, published_share

from .choices import DecisionKind, RiskClass, SignalPhase, Step
from .models import CameraDesignation, Demonstration, DemonstrationDecision, Event, TensionSignal, YouthGroup

__all__ = ["Indicators", "indicators", "published"]


@dataclass
class Indicators:
    year: int
    notices: int = 0
    notices_on_time: int = 0
    decisions: dict[str, int] = field(default_factory=dict)
    events_per_class: dict[str, int] = field(default_factory=dict)
    incidents_per_class: dict[str, int] = field(default_factory=dict)
    camera_areas_active: int = 0
    camera_evaluations_due: int = 0
    camera_evaluations_on_time: int = 0
    youth_groups_active: int = 0
    youth_groups_new: int = 0
    youth_groups_per_step: dict[str, int] = field(default_factory=dict)
    signals_per_phase: dict[str, int] = field(default_factory=dict)
    signals_per_wijk: dict[str, int] = field(default_factory=dict)

    @property
    def share_on_time(self) -> float | None:
        return self.notices_on_time / self.notices if self.notices else None

    @property
    def share_cameras_evaluated_on_time(self) -> float | None:
        if not self.camera_evaluations_due:
            return None
        return self.camera_evaluations_on_time / self.camera_evaluations_due


def indicators(gemeente, year: int, *, today: dt.date | None = None) -> Indicators:
    """The indicators of ``year`` (notices and events by start, signals by receipt, youth groups now)."""
    today = today or timezone.localdate()
    result = Indicators(year)
    notices = Demonstration.objects.filter(gemeente=gemeente, starts_at__year=year)
    result.notices = notices.count()
    result.notices_on_time = notices.filter(on_time=True).count()
    kinds = Counter(
        DemonstrationDecision.objects.filter(demonstration__in=notices).values_list("kind", flat=True)
    )
    result.decisions = {k: kinds.get(k, 0) for k in DecisionKind.values}
    events = Event.objects.filter(gemeente=gemeente, starts_at__year=year)
    result.events_per_class = {c: events.filter(risk_class=c).count() for c in RiskClass.values}
    result.incidents_per_class = {
        c: sum(e.incidents or 0 for e in events.filter(risk_class=c)) for c in RiskClass.values
    }
    cameras = CameraDesignation.objects.filter(gemeente=gemeente)
    result.camera_areas_active = cameras.filter(valid_from__lte=today, valid_until__gte=today).count()
    due = cameras.filter(evaluation_due__year=year, evaluation_due__lte=today)
    result.camera_evaluations_due = due.count()
    result.camera_evaluations_on_time = sum(
        1 for c in due if c.evaluated_on is not None and c.evaluated_on <= c.evaluation_due
    )
    groups = YouthGroup.objects.filter(gemeente=gemeente)
    result.youth_groups_active = groups.exclude(step=Step.CLOSED).count()
    result.youth_groups_new = groups.filter(first_signal_on__year=year).count()
    steps = Counter(groups.values_list("step", flat=True))
    result.youth_groups_per_step = {s: steps.get(s, 0) for s in Step.values}
    signals = TensionSignal.objects.filter(gemeente=gemeente, received_on__year=year)
    phases = Counter(signals.values_list("phase", flat=True))
    result.signals_per_phase = {p: phases.get(p, 0) for p in SignalPhase.values}
    result.signals_per_wijk = dict(Counter(signals.values_list("wijk__name", flat=True)).most_common())
    return result


def _breakdown(counts: dict, policy: DisclosurePolicy | None) -> dict:
    return dict(zip(counts, published_breakdown(list(counts.values()), policy)))


def _percent(share: float | None) -> int | None:
    return None if share is None else round(100 * share)


def published(result: Indicators, policy: DisclosurePolicy | None) -> dict:
    """The indicators as a viewer may see them: everything for small-count rights (``policy`` None), else every
    count below the threshold hidden (``<5`` alone, ``x`` in a breakdown of a known total, with the cells that
    would give it back) and every share hidden when a count behind it is (:mod:`veiligheidsbeeld.core.disclosure`).
    Camera designations are public decisions (published in the Gemeenteblad) and count no persons: shown as they are.
    """
    count = lambda n: published_count(n, policy)  # noqa: E731
    return {
        "notices": count(result.notices),
        "notices_on_time": count(result.notices_on_time),
        "share_on_time": _percent(published_share(result.notices_on_time, result.notices, policy)),
        "decisions": _breakdown(result.decisions, policy),
        "events_per_class": _breakdown(result.events_per_class, policy),
        "incidents_per_class": _breakdown(result.incidents_per_class, policy),
        "camera_areas_active": result.camera_areas_active,
        "camera_evaluations_due": result.camera_evaluations_due,
        "camera_evaluations_on_time": result.camera_evaluations_on_time,
        "youth_groups_active": count(result.youth_groups_active),
        "youth_groups_new": count(result.youth_groups_new),
        "youth_groups_per_step": _breakdown(result.youth_groups_per_step, policy),
        "signals_per_phase": _breakdown(result.signals_per_phase, policy),
        "signals_per_wijk": _breakdown(result.signals_per_wijk, policy),
    }
