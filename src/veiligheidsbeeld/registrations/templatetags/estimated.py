"""``{% estimated_note gemeente %}``: the note the dashboard shows where its counts meet estimated cube cells.

Events located only by PC4 are counted exactly for their gemeente; their split over wijken and buurten is an
estimate by address share, kept in separate (``estimated``) cube cells that the analysis does not add to the
exact wijk and buurt counts. The note says so wherever the gemeente has such cells.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..models import CubeCell

register = template.Library()


@register.simple_tag
def estimated_note(gemeente) -> str:
    if gemeente is None or not CubeCell.objects.filter(gemeente=gemeente, estimated=True).exists():
        return ""
    return format_html('<p class="vb-note vb-note--estimated">{}</p>', _(
        "Some registrations are known only by postcode (PC4): they count for the gemeente, not in the wijk and "
        "buurt figures. Their split over wijken and buurten is an estimate by share of addresses, kept apart "
        "(veiligheidsbeeld cube query shows it, marked estimated)."))
