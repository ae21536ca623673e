"""What the cyber module reports: the monthly BIO2 follow-up report, the yearly ENSIA evidence and the indicators
of the Digitale veiligheid priority.

Periods are calendar months and years in Europe/Amsterdam: an incident discovered on 1 March 00:30 local time
(31 March 23:30 UTC the day before) belongs to March. A clock belongs to the month in which its deadline falls,
and its state is the state at the end of that month (a notification sent after the month closed is still open
in that month's report), so a month's report does not change afterwards except for late completions of its
clocks, which it shows as of the reporting moment when the month is the current one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from veiligheidsbeeld.core.calendar import AMSTERDAM, Clock, ClockState
from veiligheidsbeeld.core.disclosure import (
    DisclosurePolicy,
    protect_table,
    published_count,
    published_share,
)

from .choices import Impact, IncidentCategory, TargetGroup
from .models import Action, AwarenessCampaign, CrisisPlan, Exercise, Incident

__all__ = ["ClockRow", "EnsiaEvidence", "Indicators", "MonthlyReport", "VictimisationRow", "ensia_evidence",
           "indicators", "month_bounds", "monthly_report", "published_indicators", "victimisation"]


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of the month and of the next, in Amsterdam time."""
    start = dt.datetime(year, month, 1, tzinfo=AMSTERDAM)
    end = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=AMSTERDAM)
    return start, end


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime(year, 1, 1, tzinfo=AMSTERDAM), dt.datetime(year + 1, 1, 1, tzinfo=AMSTERDAM)


@dataclass(frozen=True)
class ClockRow:
    incident: Incident
    label: str
    deadline: dt.datetime
    done_at: dt.datetime | None
    state: ClockState


def _clock_rows(incidents, start: dt.datetime, end: dt.datetime, now: dt.datetime) -> list[ClockRow]:
    """Every clock of ``incidents`` whose deadline falls in [start, end), in its state at ``min(end, now)``."""
    reference = min(end, now)
    rows = []
    for incident in incidents:
        for label, clock in incident.clocks():
            if not start <= clock.deadline < end:
                continue
            done = clock.done_at if clock.done_at is not None and clock.done_at <= reference else None
            state = Clock(clock.deadline, done, clock.due_soon).state(now=reference)
            rows.append(ClockRow(incident, label, clock.deadline, done, state))
    return sorted(rows, key=lambda r: (r.deadline, r.incident.reference))


def _with_clocks(queryset):
    return queryset.select_related("breach", "cbw")


@dataclass
class MonthlyReport:
    """BIO2 5.24.04: the monthly follow-up report of incidents, their clocks and the open actions."""

    gemeente: object
    year: int
    month: int
    incidents: list[Incident]
    clocks: list[ClockRow]
    open_actions: list[Action]
    generated: dt.datetime

    @property
    def period_start(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def clocks_met(self) -> int:
        return sum(row.state == ClockState.MET for row in self.clocks)

    @property
    def clocks_missed(self) -> int:
        return sum(row.state in (ClockState.LATE, ClockState.OVERDUE) for row in self.clocks)


def monthly_report(gemeente, year: int, month: int, *, now: dt.datetime | None = None) -> MonthlyReport:
    """The incidents discovered in the month, the clocks due in it, and the actions open at its end."""
    now = now or timezone.now()
    start, end = month_bounds(year, month)
    mine = Incident.objects.filter(gemeente=gemeente)
    incidents = list(_with_clocks(mine.discovered_between(start, end)).order_by("discovered_at", "pk"))
    # clocks due this month may belong to incidents of earlier months (a 1-month final report)
    candidates = _with_clocks(
        mine.filter(discovered_at__lt=end).filter(Q(breach__isnull=False) | Q(cbw__isnull=False))
    )
    clocks = _clock_rows(candidates, start, end, now)
    reference = min(end, now)
    open_actions = list(
        Action.objects.filter(gemeente=gemeente, created_at__lt=reference)
        .exclude(done_on__lt=(reference - dt.timedelta(microseconds=1)).astimezone(AMSTERDAM).date()
                 + dt.timedelta(days=1))
        .select_related("incident", "exercise").order_by("due", "pk")
    )
    return MonthlyReport(gemeente, year, month, incidents, clocks, open_actions, now)


@dataclass
class Indicators:
    """The Digitale veiligheid indicators of a gemeente for a year."""

    year: int
    by_category: dict[str, Counter]  # category label -> Counter(severity label -> count)
    severities: list[str]
    incidents: int
    breaches_to_notify: int
    breaches_in_time: int
    breaches_documented_only: int
    exercises: int
    exercises_by_module: Counter
    actions_due: int
    actions_on_time: int
    campaigns: list[AwarenessCampaign]
    reach_by_group: dict[str, int] = field(default_factory=dict)

    def category_rows(self) -> list[tuple[str, list[int]]]:
        """(category, counts in the order of :attr:`severities`) for a table."""
        return [(category, [counts.get(s, 0) for s in self.severities]) for category, counts in self.by_category.items()]

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return None if whole == 0 else 100.0 * part / whole

    @property
    def share_breaches_in_time(self) -> float | None:
        """% of the breaches that had to be notified whose AP notification came within 72 hours."""
        return self._share(self.breaches_in_time, self.breaches_to_notify)

    @property
    def share_actions_on_time(self) -> float | None:
        """% of the exercise actions due this year (or done) that were closed by their deadline."""
        return self._share(self.actions_on_time, self.actions_due)


def indicators(gemeente, year: int, *, now: dt.datetime | None = None) -> Indicators:
    now = now or timezone.now()
    start, end = _year_bounds(year)
    incidents = list(_with_clocks(Incident.objects.filter(gemeente=gemeente).discovered_between(start, end)))
    labels = dict(IncidentCategory.choices)
    by_category: dict[str, Counter] = defaultdict(Counter)
    for incident in incidents:
        by_category[str(labels[incident.category])][str(Impact(incident.severity).label)] += 1
    breaches = [i.breach for i in incidents if i.is_breach]
    to_notify = [b for b in breaches if b.must_notify]
    in_time = sum(b.ap_notified_at is not None and not b.notified_late for b in to_notify)
    exercises = list(Exercise.objects.filter(gemeente=gemeente, held_on__year=year))
    today = now.astimezone(AMSTERDAM).date()
    # exercise actions whose deadline fell in the year up to today: closed by the deadline or not
    due = Action.objects.filter(gemeente=gemeente, exercise__isnull=False, due__year=year, due__lte=today)
    on_time = sum(a.closed_on_time is True for a in due)
    campaigns = list(
        AwarenessCampaign.objects.filter(gemeente=gemeente, start__year__lte=year, end__year__gte=year)
        .order_by("target_group", "start")
    )
    reach = {str(label): 0 for value, label in TargetGroup.choices}
    group_labels = dict(TargetGroup.choices)
    for campaign in campaigns:
        reach[str(group_labels[campaign.target_group])] += campaign.reach
    return Indicators(
        year=year,
        by_category=dict(sorted(by_category.items())),
        severities=[str(label) for _value, label in reversed(Impact.choices)],
        incidents=len(incidents),
        breaches_to_notify=len(to_notify),
        breaches_in_time=in_time,
        breaches_documented_only=len(breaches) - len(to_notify),
        exercises=len(exercises),
        exercises_by_module=Counter(e.module for e in exercises),
        actions_due=due.count(),
        actions_on_time=on_time,
        campaigns=campaigns,
        reach_by_group=reach,
    )


def _percent(share: float | None) -> float | None:
    return None if share is None else 100.0 * share


def published_indicators(figures: Indicators, policy: DisclosurePolicy | None) -> dict:
    """The overview's figures as a viewer may see them (see :mod:`veiligheidsbeeld.core.disclosure`): without a
    policy (small-count rights) everything; else the category x severity table with secondary suppression (its
    total is the caption), single counts below the threshold as ``<5``, and the shares, and the counts shown
    with them, only when no count behind a share is below the threshold (a share with its denominator gives the
    numerator back)."""
    rows = figures.category_rows()
    if rows and policy is not None:
        table = protect_table([counts for _category, counts in rows], policy).labels()
        category_rows = [(category, table[i][:-1]) for i, (category, _counts) in enumerate(rows)]
        incidents = table[-1][-1]
    else:
        category_rows, incidents = rows, figures.incidents
    if not rows:
        incidents = 0
    breaches = published_share(figures.breaches_in_time, figures.breaches_to_notify, policy)
    actions = published_share(figures.actions_on_time, figures.actions_due, policy)
    return {
        "category_rows": category_rows,
        "incidents": incidents,
        "breaches_to_notify": published_count(figures.breaches_to_notify, policy),
        "share_breaches_in_time": _percent(breaches),
        "breaches_in_time": published_count(figures.breaches_in_time, policy) if breaches is not None else None,
        "breaches_documented_only": published_count(figures.breaches_documented_only, policy),
        "exercises": published_count(figures.exercises, policy),
        "actions_due": published_count(figures.actions_due, policy),
        "share_actions_on_time": _percent(actions),
        "actions_on_time": published_count(figures.actions_on_time, policy) if actions is not None else None,
    }


@dataclass
class EnsiaEvidence:
    """The year's evidence for ENSIA (zelfevaluatie July-December, collegeverklaring by 30 April)."""

    gemeente: object
    year: int
    indicators: Indicators
    incidents: list[Incident]
    plans: list[CrisisPlan]
    exercises: list[Exercise]
    months: list[MonthlyReport]
    generated: dt.datetime


def ensia_evidence(gemeente, year: int, *, now: dt.datetime | None = None) -> EnsiaEvidence:
    now = now or timezone.now()
    start, end = _year_bounds(year)
    last_month = 12 if now >= end else now.astimezone(AMSTERDAM).month if now >= start else 0
    return EnsiaEvidence(
        gemeente=gemeente,
        year=year,
        indicators=indicators(gemeente, year, now=now),
        incidents=list(_with_clocks(Incident.objects.filter(gemeente=gemeente).discovered_between(start, end))
                       .order_by("discovered_at")),
        plans=list(CrisisPlan.objects.filter(gemeente=gemeente).order_by("pk")),
        exercises=list(Exercise.objects.filter(gemeente=gemeente, held_on__year=year).prefetch_related("actions")),
        months=[monthly_report(gemeente, year, m, now=now) for m in range(1, last_month + 1)],
        generated=now,
    )


@dataclass(frozen=True)
class VictimisationRow:
    """One survey figure on online victimisation with its 95 % interval (value +- margin, when published)."""

    indicator: str
    region: str
    year: int
    value: float
    margin: float | None
    unit: str

    @property
    def low(self) -> float | None:
        return None if self.margin is None else self.value - self.margin

    @property
    def high(self) -> float | None:
        return None if self.margin is None else self.value + self.margin


#: Survey indicators about online crime, matched on the indicator text as the Veiligheidsmonitor names them
#: ("Slachtofferschap online criminaliteit", "... hacken", "... online oplichting en fraude").
ONLINE_TERMS = ("online", "cyber", "hack")


def victimisation(gemeente) -> list[VictimisationRow]:
    """Online victimisation from the survey results the gemeente imported (``import survey``: the perception
    results, never the cube), per indicator, region (the gemeente against Nederland, or age bands where the table
    has them as regions) and year."""
    from veiligheidsbeeld.registrations.models import PerceptionResult

    query = Q()
    for term in ONLINE_TERMS:
        query |= Q(indicator__icontains=term)
    rows = PerceptionResult.objects.filter(query, gemeente=gemeente).order_by("indicator", "region", "period_start")
    return [VictimisationRow(r.indicator, r.region, r.period_start.year, r.value, r.margin, r.unit) for r in rows]
