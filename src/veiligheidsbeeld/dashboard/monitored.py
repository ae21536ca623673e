"""The page "Gemonitord": what the framework watches without prioritising it (issue 17 item 8).

The topics are the ``monitored`` list of the gemeente's current framework (horeca, prostitutie, coffeeshops,
brandveiligheid, evenementen, ...). A topic with a registration theme shows the 12-month count of the gemeente, the
count a year earlier and the change, and a table per wijk; every figure is read from the one published source
(:mod:`.published`), so disclosure control (a bestuur account sees no count below the threshold) and the choice of
period work as on the other dashboard pages. A topic without a theme (demonstraties: the openbare-orde module
counts those) is listed without figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from veiligheidsbeeld.areas.models import AreaLevel
from veiligheidsbeeld.frameworks.models import Framework

from . import overview
from .figures import published_shown
from .published import column_of
from .sections import current_framework_pk, theme_tree

__all__ = ["MonitoredTopic", "monitored_page", "monitored_topics"]


@dataclass
class MonitoredTopic:
    """A monitored topic of the framework with its figures (``total`` None: no theme or no run)."""

    code: str
    name: str
    theme: object = None
    total: object = None
    wijken: list = field(default_factory=list)


def _with_assessments(values, state) -> list:
    from .views import _Row, _assess  # the dashboard's one way to assess changes on published counts

    return [_Row(value, assessment) for value, assessment in zip(values, _assess(values, state))]


def monitored_topics(state, request=None) -> tuple[Framework | None, list[MonitoredTopic]]:
    """The current framework of the state's gemeente and its monitored topics with their published figures."""
    pk = current_framework_pk(state.gemeente)
    framework = Framework.objects.filter(pk=pk).first() if pk else None
    if framework is None:
        return None, []
    tree = theme_tree(request)
    gemeente_area = None
    wijken = []
    if state.run is not None and state.end is not None:
        gemeente_area = overview.areas_of(state, AreaLevel.GEMEENTE).first()
        wijken = sorted(overview.areas_of(state, AreaLevel.WIJK), key=lambda area: area.name)
    topics = []
    for item in framework.content.get("monitored", []):
        topic = MonitoredTopic(item["code"], item["name"], tree.by_code.get(item.get("theme") or ""))
        if topic.theme is not None and gemeente_area is not None:
            column = column_of(topic.theme)
            topic.total = published_shown(state, gemeente_area, column)
            values = [value for value in (published_shown(state, wijk, column) for wijk in wijken) if value]
            topic.wijken = _with_assessments(values, state)
        topics.append(topic)
    totals = [topic for topic in topics if topic.total is not None]
    for topic, row in zip(totals, _with_assessments([topic.total for topic in totals], state)):
        topic.total = row
    return framework, topics


@login_required
def monitored_page(request):
    state = overview.resolve_state(request)
    framework, topics = monitored_topics(state, request)
    return render(request, "dashboard/monitored.html", {
        "state": state,
        "framework": framework,
        "topics": topics,
        "measured": [topic for topic in topics if topic.total is not None],
    })
