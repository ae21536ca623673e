"""Template filters of the import pages."""

from django import template

from ..importers.errors import reason_label

register = template.Library()
register.filter("reason_label", reason_label)


@register.filter
def cell(raw: dict, column: str) -> str:
    """The kept content of a rejected row's ``column`` (empty when it was not kept)."""
    value = raw.get(column, "") if isinstance(raw, dict) else ""
    return "" if isinstance(value, list) else str(value)
