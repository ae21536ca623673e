"""The wijkkaart: one A4 page per wijk for the driehoek (issue 20), and the same page for the gemeente as a whole
and for an area group such as Groningen Noord.

Nothing here computes a figure of its own: the page is assembled from what the dashboard shows, through the same
functions (:func:`veiligheidsbeeld.dashboard.figures.published_shown` for the published counts, rates and changes,
:func:`veiligheidsbeeld.dashboard.views._assess` for their significance, the dashboard's trend, alert and profile
queries, the stored :class:`~veiligheidsbeeld.analyses.models.SafetyIndexValue` of the run). Counts therefore
pass the same disclosure control as the dashboard: the viewer's policy on the screen, the installation's policy
(the rule for documents that others may download) in the stored PDF.

An area group has no row of its own in the published source: its count of a priority is the sum of its wijken's
published counts, shown only where no wijk count of that figure is hidden in the gemeente (the rule of the
report's area-group comparison, :mod:`.framework_figures`): the sum then reveals nothing new.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from veiligheidsbeeld.analyses.models import AnalysisRun, SafetyIndexValue
from veiligheidsbeeld.analyses.workflow import AlertStatus
from veiligheidsbeeld.areas.models import Area, AreaGroup, AreaLevel
from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.disclosure import SECRET, policy_for, policy_from_settings
from veiligheidsbeeld.dashboard import overview
from veiligheidsbeeld.dashboard.figures import nl_count, published_shown
from veiligheidsbeeld.dashboard.published import ALL, column_of, previous_end, published_window, section_column
from veiligheidsbeeld.dashboard.sections import sections_for, theme_tree

from . import charts
from .models import ReportFormat, StoredReport
from .numbers import format_decimal, format_percent_change

__all__ = ["Subject", "WijkkaartError", "build_wijkkaart", "generate_wijkkaart", "render_wijkkaart_html",
           "resolve_subject", "state_for"]

logger = logging.getLogger(__name__)

#: Alerts still to be dealt with (a false alarm is closed; a later workflow may add more closed states).
OPEN_ALERTS = (AlertStatus.NIEUW, AlertStatus.BEKEKEN, AlertStatus.OPGEPAKT)
MAX_ALERTS = 5
MAX_RISES = 3
MAX_MEASURES = 6
MAX_EVENTS = 6
EVENT_DAYS = 7


class WijkkaartError(ValueError):
    """The wijkkaart cannot be made (unknown area, no analysis run)."""


@dataclass
class Subject:
    """What a wijkkaart is of: a wijk, the gemeente as a whole, or an area group (``kind``)."""

    kind: str
    gemeente: object
    name: str
    code: str
    area: Area | None = None
    group: AreaGroup | None = None
    members: list = field(default_factory=list)  # the wijken of a group

    @property
    def slug(self) -> str:
        return "{}-{}".format(self.gemeente.code, self.group.slug) if self.group else self.code


def state_for(gemeente, policy) -> overview.State:
    """The dashboard's default state of ``gemeente`` (newest run, newest period, default theme) for ``policy``:
    what :func:`veiligheidsbeeld.dashboard.overview.resolve_state` gives a page without query parameters."""
    from veiligheidsbeeld.analyses.services import month_range
    from veiligheidsbeeld.dashboard.published import aligned_months

    run = AnalysisRun.objects.latest_for(gemeente)
    tree = theme_tree()
    theme = tree.by_code.get(overview.DEFAULT_THEME) or (tree.themes[0] if tree.themes else None)
    months, end = [], None
    if run is not None:
        months = month_range(run.first_month, run.last_month)[11:]
        if policy is not None:
            months = aligned_months(months, run.last_month)
        end = months[-1] if months else None
    return overview.State(gemeente, run, theme, AreaLevel.WIJK, "rate", end, months, policy)


def resolve_subject(gemeenten, code: str, group: str | None = None) -> Subject:
    """The subject of ``code`` among ``gemeenten`` (a queryset): a wijk code (``WK...``), a gemeente code
    (``GM...``), or with ``group`` the area group of that slug in gemeente ``code``. ``GM0014/noord`` is accepted
    as ``code`` for a group too (the command line's form).

    Raises
    ------
    WijkkaartError
        When nothing of that code is found among ``gemeenten``.
    """
    if group is None and "/" in code:
        code, group = code.split("/", 1)
    code = code.strip().upper()
    if group is not None:
        found = AreaGroup.objects.filter(gemeente__in=gemeenten, gemeente__code=code, slug=group).select_related(
            "gemeente").first()
        if found is None:
            raise WijkkaartError("{}/{}: no area group of that slug in that gemeente".format(code, group))
        members = sorted(found.members.defer("geometry"), key=lambda a: a.code)
        return Subject("groep", found.gemeente, found.name, found.slug, group=found, members=members)
    if code.startswith("GM"):
        gemeente = gemeenten.filter(code=code).first()
        if gemeente is None:
            raise WijkkaartError("{}: not a gemeente you may see".format(code))
        area = Area.objects.current(gemeente).filter(level=AreaLevel.GEMEENTE).defer("geometry").first()
        return Subject("gemeente", gemeente, gemeente.name, gemeente.code, area=area)
    area = (Area.objects.filter(code=code, level=AreaLevel.WIJK, gemeente__in=gemeenten)
            .select_related("gemeente").defer("geometry").order_by("-year").first())
    if area is None:
        raise WijkkaartError("{}: not a wijk you may see (a wijk code looks like WK001401)".format(code))
    return Subject("wijk", area.gemeente, area.name, area.code, area=area)


# --- figures -------------------------------------------------------------------------------------------------

def _in_run(state, areas) -> list[Area]:
    """``areas`` as the areas of the run's CBS indeling (by code): the published source holds those."""
    codes = [a.code for a in areas if a is not None]
    found = {a.code: a for a in Area.objects.filter(gemeente=state.gemeente, year=state.run.area_year,
                                                   code__in=codes).defer("geometry")}
    return [found[c] for c in codes if c in found]


def _group_value(state, members, column, wijken):
    """An area group's figure of ``column``: the sum of its wijken's published counts and the same a year
    earlier, as an ``AreaValue``-like pair for :func:`_assess`; None counts where any wijk count is hidden."""
    from veiligheidsbeeld.analyses.indicators import AreaValue

    def total(window):
        if window is None:
            return None, False
        if any(window.has(w.pk, column) and window.count(w.pk, column) is None for w in wijken):
            return None, True
        present = [window.count(m.pk, column) for m in members if window.has(m.pk, column)]
        return (sum(present) if present else None), bool(present)

    now, has_now = total(published_window(state.run, state.end, state.policy))
    before, has_before = total(published_window(state.run, previous_end(state.end), state.policy))
    if not has_now:
        return None
    change = (now - before) / before * 100.0 if now is not None and before else None
    value = AreaValue(None, now, before, None, None, change)
    return {"count": SECRET if now is None else nl_count(now), "previous": before, "change": change,
            "published": value}


def _priority_lines(state, subject, areas, tree, gemeente_area) -> list[dict]:
    """One line per priority of the framework: the figure, its change and the number of its themes with a
    significant rising or falling trend. For the gemeente these are the overview page's cards; a wijk or group
    gets the same cards of its own figures (every section assessed as one family, as on the overview)."""
    from veiligheidsbeeld.dashboard.views import _assess, _section_cards, _trend_directions

    if subject.kind == "gemeente":
        cards = _section_cards(None, state, gemeente_area)
        return [{"title": c["section"].title, "count": c["value"].count, "change": c["value"].change,
                 "rate": c["value"].rate, "rising": c["rising"], "falling": c["falling"],
                 "assessment": c.get("assessment")} for c in cards if c["section"].is_priority]
    sections = sections_for(state.gemeente, tree)
    wijken = list(overview.areas_of(state, AreaLevel.WIJK)) if subject.kind == "groep" else []
    lines, raw = [], []
    for section in sections:
        column = section_column(section)
        if subject.kind == "groep":
            group = _group_value(state, areas, column, wijken)
            if group is None:
                continue
            line = {"title": section.title, "count": group["count"], "change": group["change"], "rate": None}
            raw.append(group["published"])
            directions = []
            for member in areas:
                found = _trend_directions(state, section.themes, member)
                directions += [found[t.pk] for t in section.themes if t.pk in found]
        else:
            value = published_shown(state, areas[0], column)
            if value is None:
                continue
            line = {"title": section.title, "count": value.count, "change": value.change, "rate": value.rate}
            raw.append(value)
            found = _trend_directions(state, section.themes, areas[0])
            directions = [found[t.pk] for t in section.themes if t.pk in found]
        line["rising"], line["falling"] = directions.count("up"), directions.count("down")
        line["is_priority"] = section.is_priority
        lines.append(line)
    for line, assessment in zip(lines, _assess(raw, state)):
        line["assessment"] = assessment
    return [line for line in lines if line["is_priority"]]


def _rises(state, areas, gemeente_area) -> list[dict]:
    """The largest significant rises among the leaf themes of ``areas``, as the area profile assesses them."""
    from veiligheidsbeeld.dashboard.views import _profile_rows

    found = []
    for area in areas:
        for row in _profile_rows(None, state, area, gemeente_area):
            assessment = row.get("assessment")
            if assessment is not None and assessment.significant and assessment.direction == "up":
                found.append({"area": area.name, "theme": row["theme"].name, "count": row["value"].count,
                              "previous": row["value"].previous, "assessment": assessment})
    found.sort(key=lambda r: -(r["assessment"].percent or 0))
    return found[:MAX_RISES]


def _alerts(state, areas, policy):
    from veiligheidsbeeld.dashboard.views import _alerts as dashboard_alerts
    from veiligheidsbeeld.dashboard.views import _with_figures

    queryset = dashboard_alerts(state, area__in=areas, status__in=OPEN_ALERTS).order_by("-month", "q_value")
    return _with_figures(queryset[:MAX_ALERTS], policy), queryset.count()


def _index(state, areas) -> list[dict]:
    """The veiligheidsindex of each area over the run's years (as the area profile shows it), with a sparkline."""
    rows = []
    by_area: dict[int, list] = {}
    for value in SafetyIndexValue.objects.filter(run=state.run, area__in=areas).order_by("year"):
        by_area.setdefault(value.area_id, []).append(value)
    for area in areas:
        values = by_area.get(area.pk, [])
        if not values:
            continue
        latest = values[-1]
        rows.append({"area": area.name, "year": latest.year, "index": latest.index, "complete": latest.complete,
                     "crime": latest.crime, "nuisance": latest.nuisance, "perception": latest.perception,
                     "years": [(v.year, v.index) for v in values],
                     "sparkline": sparkline([v.index for v in values])})
    return rows


def sparkline(values: list[float], width: int = 120, height: int = 28) -> str:
    """A line of ``values`` as a data URL of a small SVG (no text, no styles: an ``img`` with an alt text)."""
    values = [float(v) for v in values if v is not None]
    if len(values) < 2:
        return ""
    low, high = min(values + [100.0]), max(values + [100.0])
    span = (high - low) or 1.0
    step = (width - 4) / (len(values) - 1)

    def y(v):
        return 2 + (height - 4) * (1 - (v - low) / span)

    points = " ".join("{:.1f},{:.1f}".format(2 + i * step, y(v)) for i, v in enumerate(values))
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">'
           '<line x1="0" x2="{w}" y1="{b:.1f}" y2="{b:.1f}" stroke="#888" stroke-width="0.6" stroke-dasharray="2 2"/>'
           '<polyline fill="none" stroke="#0b3b5c" stroke-width="1.6" points="{p}"/>'
           '<circle cx="{cx:.1f}" cy="{cy:.1f}" r="2.2" fill="#0b3b5c"/></svg>').format(
        w=width, h=height, b=y(100.0), p=points, cx=2 + (len(values) - 1) * step, cy=y(values[-1]))
    return _data_url(svg)


def _data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _map(state, subject, shown_areas) -> dict:
    """The choropleth over the areas on the page (the buurten of a wijk, the wijken of a gemeente or group), rates
    per 1,000 from the published source. The theme is the dashboard's default (HIC) unless fewer of its rates
    are published among these areas than of all registrations together: under disclosure control the buurt figures of a narrow
    theme are often hidden, and a grey map tells the driehoek nothing: then all registrations together."""
    areas = list(Area.objects.filter(pk__in=[a.pk for a in shown_areas]).order_by("code"))
    if not any(a.geometry for a in areas):
        return {}
    best = None
    candidates = [(state.theme.name, column_of(state.theme))] if state.theme is not None else []
    for name, column in candidates + [(_("all registrations"), ALL)]:
        values = []
        for area in areas:
            value = published_shown(state, area, column)
            rate = None if value is None or value.rate is None or value.rate != value.rate else float(value.rate)
            values.append({"name": area.name, "geometry": area.geometry,
                           "value": None if rate is None else round(rate, 1)})
        known = sum(1 for v in values if v["value"])
        if best is None or known > best[0]:
            best = (known, name, values)
        if known == len(areas):
            break
    _known, theme_name, values = best
    spec = charts.map_spec(values, legend_title=_("per 1,000 inhabitants"),
                           missing_label=_("grey: not published or no inhabitants"))
    spec["width"], spec["height"] = 300, 230
    spec["layer"][-1]["encoding"]["y"] = {"value": 228}
    svg = charts.to_svg(spec, "wk")
    return {"src": _data_url(svg), "theme": theme_name,
            "alt": _("Map of {name}: {theme} per 1,000 inhabitants per {level}.").format(
                name=subject.name, theme=theme_name,
                level=_("buurt") if subject.kind == "wijk" else _("wijk")),
            "areas": [v["name"] for v in values]}


def _measures(subject, wijken, user) -> tuple[list, int]:
    """Running measures of the programme in the subject's wijken (their own and their area groups'); for the
    gemeente every running measure. The user's view of the programme (partners see their organisation's)."""
    from veiligheidsbeeld.programmes.choices import AreaScope, Status
    from veiligheidsbeeld.programmes.models import Measure
    from veiligheidsbeeld.programmes.permissions import visible_measures

    queryset = Measure.objects.filter(gemeente=subject.gemeente, status=Status.LOPEND)
    codes = [w.code for w in wijken]
    gemeente_wide = 0
    if subject.kind != "gemeente":
        wide = queryset.filter(scope=AreaScope.GEMEENTE)
        queryset = queryset.filter(Q(scope=AreaScope.WIJK, wijk__code__in=codes)
                                   | Q(scope=AreaScope.AREA_GROUP, area_group__members__code__in=codes))
        gemeente_wide = (visible_measures(user, wide) if user else wide).count()
    if user is not None:
        queryset = visible_measures(user, queryset)
    measures = list(queryset.select_related("wijk", "area_group", "owner").distinct().order_by("start", "pk"))
    return measures, gemeente_wide


def _coming_week(subject, wijken, user) -> dict:
    """Demonstrations and events in the subject's wijken in the coming seven days (no organiser data)."""
    from veiligheidsbeeld.publicorder.models import Demonstration, Event
    from veiligheidsbeeld.publicorder.permissions import visible

    start = timezone.now()
    end = start + dt.timedelta(days=EVENT_DAYS)
    demos = Demonstration.objects.between(start, end).filter(gemeente=subject.gemeente)
    events = Event.objects.filter(gemeente=subject.gemeente, starts_at__lt=end, ends_at__gt=start)
    if subject.kind != "gemeente":
        codes = [w.code for w in wijken]
        demos, events = demos.filter(wijk__code__in=codes), events.filter(wijk__code__in=codes)
    if user is not None:
        demos, events = visible(user, demos), visible(user, events)
    demos = demos.exclude(status="withdrawn").select_related("wijk").defer(
        "organiser_name", "organiser_contact", "leader_name", "route", "wijk__geometry").order_by("starts_at")
    events = events.select_related("wijk").defer("geometry", "wijk__geometry").order_by("starts_at")
    items = [{"kind": d.get_kind_display(), "what": d.place, "starts": d.starts_at, "ends": d.ends_at,
              "where": d.wijk.name if d.wijk else "", "size": d.expected_participants, "risk": ""}
             for d in demos[:MAX_EVENTS]]
    items += [{"kind": _("Event"), "what": e.name, "starts": e.starts_at, "ends": e.ends_at,
               "where": e.wijk.name if e.wijk else e.location, "size": e.visitors,
               "risk": e.get_risk_class_display() if e.risk_class else ""} for e in events[:MAX_EVENTS]]
    items.sort(key=lambda i: i["starts"])
    return {"items": items[:MAX_EVENTS], "more": max(0, len(items) - MAX_EVENTS), "first": start, "last": end}


def build_wijkkaart(subject: Subject, *, policy, user=None) -> dict:
    """Everything the wijkkaart shows, as plain data for the template, after disclosure control.

    ``policy`` is the disclosure policy of the page (the viewer's on the screen, the installation's in a stored
    document); ``user`` limits measures and the public-order week to what that user may see (None: all, for the
    command line).
    """
    started = time.monotonic()
    state = state_for(subject.gemeente, policy)
    doc = {"subject": subject, "gemeente": subject.gemeente, "kind": subject.kind, "name": subject.name,
           "code": subject.code, "generated": timezone.localtime(), "has_run": state.run is not None,
           "policy": policy}
    tree = theme_tree()
    if subject.kind == "groep":
        wijken = subject.members
    elif subject.kind == "wijk":
        wijken = [subject.area]
    else:
        wijken = list(Area.objects.current(subject.gemeente).filter(level=AreaLevel.WIJK).defer("geometry"))
    doc["measures"], doc["measures_gemeente_wide"] = _measures(subject, wijken, user)
    doc["week"] = _coming_week(subject, wijken, user)
    if state.run is None or state.end is None:
        doc["elapsed"] = time.monotonic() - started
        return doc
    from veiligheidsbeeld.dashboard.views import _gemeente_area

    gemeente_area = _gemeente_area(state)
    doc["run"], doc["end"] = state.run, state.end
    if subject.kind == "wijk":
        main = _in_run(state, [subject.area])
        if not main:
            raise WijkkaartError("{}: not a wijk of analysis run {} (CBS indeling {})".format(
                subject.code, state.run.pk, state.run.area_year))
        areas, children = main, list(main[0].children.defer("geometry").order_by("code"))
    elif subject.kind == "gemeente":
        areas = [gemeente_area] if gemeente_area else []
        children = list(overview.areas_of(state, AreaLevel.WIJK))
    else:
        areas = _in_run(state, subject.members)
        children = areas
    if not areas:
        raise WijkkaartError("{}: no areas in analysis run {}".format(subject.code, state.run.pk))
    doc["areas"] = areas
    window = published_window(state.run, state.end, policy)
    populations = [float(window.population[window.rows[a.pk]]) for a in areas if window and a.pk in window.rows]
    doc["population"] = (nl_count(sum(populations)) if populations and all(p == p for p in populations)
                         else "")
    if subject.kind == "gemeente":
        ranked = sorted(_index(state, children), key=lambda r: -r["index"])
        doc["index"], doc["index_of"] = ranked[:MAX_RISES], len(ranked)
    else:
        doc["index"], doc["index_of"] = _index(state, areas), 0
    doc["priorities"] = _priority_lines(state, subject, areas, tree, gemeente_area)
    if subject.kind == "gemeente":  # every area of the gemeente: the wijken, their buurten and the whole
        alert_areas = Area.objects.filter(gemeente=state.gemeente, year=state.run.area_year)
    else:  # the wijk or the group's wijken and their buurten
        alert_areas = list(areas) + list(Area.objects.filter(parent__in=areas).defer("geometry"))
    doc["alerts"], doc["alerts_total"] = _alerts(state, alert_areas, policy)
    doc["rises"] = _rises(state, areas, gemeente_area) if gemeente_area else []
    doc["map"] = _map(state, subject, children)
    doc["elapsed"] = time.monotonic() - started
    return doc


# --- rendering -----------------------------------------------------------------------------------------------

def stylesheet() -> str:
    """The wijkkaart's CSS (one file for screen, print and PDF)."""
    path = finders.find("reports/wijkkaart.css")
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def render_wijkkaart_html(doc: dict) -> str:
    """The wijkkaart as one self-contained HTML document (styles and images inline) for WeasyPrint."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("reports/wijkkaart_pdf.html", {"doc": doc, "css": stylesheet()})


def generate_wijkkaart(subject: Subject, *, user=None) -> StoredReport:
    """Make the wijkkaart of ``subject`` as PDF under the installation's disclosure policy, store it as a
    :class:`StoredReport` (listed and downloadable with the other reports) and audit it."""
    from .document import render_pdf

    policy = policy_from_settings()
    started = time.monotonic()
    with translation.override(settings.LANGUAGE_CODE):
        doc = build_wijkkaart(subject, policy=policy, user=user if getattr(user, "is_authenticated", False) else None)
        data = render_pdf(render_wijkkaart_html(doc))
    sha256 = hashlib.sha256(data).hexdigest()
    run = doc.get("run")
    period = "{:%m-%Y}".format(doc["end"]) if doc.get("end") else timezone.localdate().isoformat()
    name = "wijkkaart-{}-{}.pdf".format(subject.slug, period)
    with transaction.atomic():
        report = StoredReport(
            gemeente=subject.gemeente, run=run, format=ReportFormat.PDF,
            period_label=_("Wijkkaart {name}, {period}").format(name=subject.name, period=period)[:60],
            parameters={"wijkkaart": subject.slug, "kind": subject.kind, "disclosure": {
                "method": policy.method, "threshold": policy.threshold, "base": policy.base}},
            data_hash=run.data_hash if run else "", sha256=sha256,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        report.file.save(name, ContentFile(data), save=False)
        report.save()
        audit.record("wijkkaart_generated", actor=user if getattr(user, "is_authenticated", False) else None,
                     gemeente=subject.gemeente, obj=report, subject=subject.slug, sha256=sha256,
                     run=run.pk if run else None)
    logger.info("wijkkaart_generated report=%s subject=%s seconds=%.2f", report.pk, subject.slug,
                time.monotonic() - started)
    return report


def screen_policy(user, gemeente):
    """The disclosure policy of the screen page: the dashboard's rule for this viewer."""
    return policy_for(user, gemeente)


def format_change(assessment) -> str:
    """A significant change as text for the page (the dashboard's badge says the same)."""
    if assessment is None or assessment.percent is None:
        return ""
    return format_percent_change(assessment.percent)


def format_index(value) -> str:
    return "" if value is None else format_decimal(value, 0)
