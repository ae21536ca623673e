"""Template filters of the import pages."""

from django import template

from ..importers.errors import reason_label

register = template.Library()
register.filter("reason_label", reason_label)
