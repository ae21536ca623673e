"""Telling a user that a page shows part of the records (issue 20, item 4: "partners know what they see").

Wherever a list, a budget or a figure is narrowed by the user's role or organisation (a ketenpartner sees the
measures of its own organisation, "mijn casussen", the dossiers of the user's team ...), the page says so, with
the counts where the total may be known: "U ziet 4 van de 9 maatregelen: die waarvan uw organisatie eigenaar of
partner is." Where the total itself is confidential (how many cases exist outside the partner's participations,
how many dossiers outside the user's teams) the notice names the rule without the total: "U ziet alleen een deel
van de casussen: die waaraan uw organisatie actief deelneemt (hier 3)."

A view builds the notice with :func:`filter_notice` and passes it as ``filter_notice``; the template includes
``core/_filter_notice.html``. Roles that see everything get ``None``: no notice.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

__all__ = ["FilterNotice", "filter_notice"]


@dataclass(frozen=True)
class FilterNotice:
    """``shown`` of ``total`` records named ``what`` (plural noun), narrowed by ``reason`` (a phrase that follows
    a colon: "those of your organisation"); ``total`` None when the total is confidential; ``extra``: a sentence
    about what follows from it (e.g. the budget covers these measures only)."""

    shown: int
    total: int | None
    what: str
    reason: str
    extra: str = ""

    @property
    def text(self) -> str:
        if self.total is None:
            sentence = _("You see part of the %(what)s only: %(reason)s (%(shown)s here).") % {
                "shown": self.shown, "what": self.what, "reason": self.reason}
        else:
            sentence = _("You see %(shown)s of the %(total)s %(what)s: %(reason)s.") % {
                "shown": self.shown, "total": self.total, "what": self.what, "reason": self.reason}
        return "{} {}".format(sentence, self.extra).strip()


def filter_notice(filtered: bool, shown, total=None, *, what: str, reason: str, extra: str = "",
                  total_is_confidential: bool = False) -> FilterNotice | None:
    """The notice for a page narrowed by role or organisation, or None when ``filtered`` is false (the role sees
    everything). ``shown`` and ``total`` are counts or querysets (counted here); ``total`` is left out when
    ``total_is_confidential``."""
    if not filtered:
        return None

    def count(value):
        if isinstance(value, int):
            return value
        return value.count() if isinstance(value, QuerySet) else len(value)

    return FilterNotice(count(shown), None if total_is_confidential or total is None else count(total),
                        what, reason, extra)
