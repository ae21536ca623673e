"""Dutch number formatting and small display helpers for the dashboard templates."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

__all__ = ["area_title", "change_badge", "count", "nl_dec", "nl_int", "register", "trend_badge"]

register = template.Library()


@register.filter
def nl_int(value):
    """1234567 -> '1.234.567'; None -> '–'."""
    if value is None or value == "":
        return "–"
    return "{:,.0f}".format(float(value)).replace(",", ".")


@register.filter
def nl_dec(value, digits=1):
    """12.345 -> '12,3'; None -> '–'."""
    if value is None or value == "":
        return "–"
    text = "{:,.{}f}".format(float(value), int(digits))
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


@register.filter
def area_title(area) -> str:
    """"Wijk Oosterpark"; just the name when it starts with its level already (CBS: "Wijk 01 Oosterpark")."""
    level = str(area.get_level_display()).capitalize()
    return area.name if area.name.lower().startswith(level.lower() + " ") else "{} {}".format(level, area.name)


def _percent(value) -> str:
    return "{:+.0f}%".format(value).replace("-", "\u2212")


def _interval(assessment) -> str:
    """"+12% (95 % interval: -3% to +29%)" for the hover text."""
    if assessment.percent is None:
        return ""
    if assessment.lower is None or assessment.upper is None:
        return _percent(assessment.percent)
    return _("{change} (95 % interval: {lower} to {upper})").format(
        change=_percent(assessment.percent), lower=_percent(assessment.lower), upper=_percent(assessment.upper)
    )


@register.simple_tag
def change_badge(change, assessment=None):
    """A change against a year earlier, said honestly (#14).

    With its :class:`~veiligheidsbeeld.analyses.changes.ChangeAssessment`: an arrow, a colour and the percentage
    only when the change is significant after FDR; otherwise "≈ not significant" with the percentage and its
    interval on hover; on a base below 5 the two counts, never a percentage. Without an assessment (nothing
    tested) no arrow and no colour either.
    """
    if assessment is None:
        if change is None:
            return format_html('<span class="vb-change vb-change--none">{}</span>', _("no comparison"))
        return format_html(
            '<span class="vb-change vb-change--flat">≈ {} <span class="vb-visually-hidden">({})</span></span>',
            _percent(change), _("not tested"),
        )
    if assessment.small:
        return format_html(
            '<span class="vb-change vb-change--none" title="{}">{} → {}</span>',
            _("Fewer than 5 registrations a year earlier: no percentage."),
            nl_int(assessment.previous), nl_int(assessment.current),
        )
    if not assessment.significant:
        return format_html(
            '<span class="vb-change vb-change--flat" title="{}" tabindex="0">≈ {}</span>',
            _interval(assessment), _("not significant"),
        )
    up = assessment.direction == "up"
    return format_html(
        '<span class="vb-change vb-change--{}" title="{}"><span aria-hidden="true">{}</span> {} '
        '<span class="vb-visually-hidden">({})</span></span>',
        "up" if up else "down", _interval(assessment), "▲" if up else "▼", _percent(assessment.percent),
        _("significant rise") if up else _("significant fall"),
    )


@register.simple_tag
def trend_badge(direction, trend=None):
    """A significant long-term trend ('up', 'down') as an arrow with text and, given the
    :class:`~veiligheidsbeeld.analyses.models.TrendResult`, its slope in readable units ("+3 per jaar")."""
    from veiligheidsbeeld.analyses.display import slope_label

    unit = ""
    if trend is not None and trend.slope_total is not None:
        unit = ", {}".format(slope_label(trend.slope_total, trend.slope_rate))
    if direction == "up":
        return format_html('<span class="vb-trend vb-trend--up">↗ {}{}</span>', _("rising trend"), unit)
    if direction == "down":
        return format_html('<span class="vb-trend vb-trend--down">↘ {}{}</span>', _("falling trend"), unit)
    return ""


@register.filter
def count(value):
    """A count: always a whole number with a thousands dot ("2.215", never "2.215,0")."""
    return nl_int(value)


@register.filter
def kpi_value(value, kpi):
    """A KPI value in its unit: a count whole ("2.215"), a rate or percentage with one decimal."""
    if getattr(kpi, "indicator_measure", "") == "count":
        return nl_int(value)
    return nl_dec(value, 1)
