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

__all__ = ["Indicators", "indicators", "module_indicators", "published"]

PRIORITY = "onrust-polarisatie"


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


def module_indicators(gemeente, year: int, policy: DisclosurePolicy | None) -> list:
    """Public order in the veiligheidsbeeld (:mod:`veiligheidsbeeld.core.module_indicators`), from
    :func:`indicators`: notices and their timeliness, events per risk class, tension signals per wijk, active
    youth groups and camera areas. Every count leaves the module under the disclosure rules, camera areas too
    (they are public decisions, but the rule is kept simple and the same for every module figure). Statistics
    only, no organiser data: nothing to audit."""
    from django.utils.translation import gettext_lazy as _

    from veiligheidsbeeld.core import module_indicators as mi

    result = indicators(gemeente, year)
    risk = dict(RiskClass.choices)
    wom = _("Notices under the Wet openbare manifestaties whose manifestation started in the year.")

    def item(key, label, pair, unit="aantal", rows=(), breakdown="", note=""):
        return mi.Indicator(key, label, pair[0], unit, PRIORITY, pair[1], tuple(rows), breakdown, note)

    events = sum(result.events_per_class.values())
    signals = sum(result.signals_per_wijk.values())
    no_wijk = _("No wijk")
    return [
        item("publicorder.notices", _("Notices of demonstrations"), mi.count(result.notices, policy), note=wom),
        item("publicorder.notices_on_time", _("Notices received on time"),
             mi.share(result.notices_on_time, result.notices, policy), "%", note=wom),
        item("publicorder.events", _("Events"), mi.count(events, policy),
             rows=mi.breakdown([(risk[c], result.events_per_class[c]) for c in RiskClass.values], policy),
             breakdown=_("per risk class"), note=_("Events that started in the year, by risk class.")),
        item("publicorder.tension_signals", _("Tension signals"), mi.count(signals, policy),
             rows=mi.breakdown([(w or no_wijk, n) for w, n in sorted(result.signals_per_wijk.items(),
                                                                       key=lambda p: (p[0] is None, p[0] or ""))],
                               policy),
             breakdown=_("per wijk"), note=_("Signals of social tension received in the year.")),
        item("publicorder.youth_groups_active", _("Active problematic youth groups"),
             mi.count(result.youth_groups_active, policy),
             note=_("Youth groups in the approach (7-step model) and not closed, at the time of reading.")),
        item("publicorder.camera_areas", _("Areas with camera surveillance"),
             mi.count(result.camera_areas_active, policy),
             note=_("Designations under art. 151c Gemeentewet valid at the time of reading.")),
    ]
