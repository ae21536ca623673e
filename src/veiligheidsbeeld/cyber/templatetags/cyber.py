"""Template helpers of the cyber pages: a legal clock as a badge with its state in words."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from veiligheidsbeeld.core.calendar import AMSTERDAM, ClockState

register = template.Library()


def _hours(delta) -> str:
    hours = abs(delta.total_seconds()) / 3600
    if hours >= 48:
        return _("{} days").format(round(hours / 24))
    return _("{} h").format(round(hours))


@register.simple_tag
def clock_badge(clock, now=None):
    """``<span class="vb-clock vb-clock--<state>">state · deadline (time left)</span>``; state in words, not
    colour only (WCAG 1.4.1)."""
    now = now or timezone.now()
    state = clock.state(now=now)
    deadline = date_format(timezone.localtime(clock.deadline, AMSTERDAM), "j b Y H:i")
    if state in (ClockState.RUNNING, ClockState.DUE_SOON):
        detail = _("{} left").format(_hours(clock.remaining(now)))
    elif state == ClockState.OVERDUE:
        detail = _("{} overdue").format(_hours(clock.remaining(now)))
    elif state == ClockState.LATE:
        detail = _("{} late").format(_hours(clock.remaining()))
    else:
        detail = _("done {}").format(date_format(timezone.localtime(clock.done_at, AMSTERDAM), "j b H:i"))
    return format_html('<span class="vb-clock vb-clock--{}">{} · {} ({})</span>', state.value, state.label,
                       deadline, detail)
