"""Dutch number formatting and small display helpers for the dashboard templates."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

__all__ = ["area_title", "change_badge", "nl_dec", "nl_int", "register", "trend_badge"]

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


@register.simple_tag
def change_badge(change):
    """A change in percent with an arrow and a text alternative (not colour alone)."""
    if change is None:
        return format_html('<span class="vb-change vb-change--none">{}</span>', _("no comparison"))
    if change > 5:
        arrow, klass, text = "▲", "up", _("up")
    elif change < -5:
        arrow, klass, text = "▼", "down", _("down")
    else:
        arrow, klass, text = "▶", "flat", _("about level")
    return format_html(
        '<span class="vb-change vb-change--{}"><span aria-hidden="true">{}</span> {}% <span class="vb-visually-hidden">({})</span></span>',
        klass,
        arrow,
        "{:+.0f}".format(change),
        text,
    )


@register.simple_tag
def trend_badge(direction):
    """A significant long-term trend ('up', 'down') as an arrow with text; nothing otherwise."""
    if direction == "up":
        return format_html('<span class="vb-trend vb-trend--up">↗ {}</span>', _("rising trend"))
    if direction == "down":
        return format_html('<span class="vb-trend vb-trend--down">↘ {}</span>', _("falling trend"))
    return ""
