"""How analysis results are stated to a reader: rounded slopes in readable units, changes only when significant.

One place decides what a reader sees of a trend or change, so the dashboard, the profiles and the report say the
same: a slope is shown as the change of the yearly total per year ("+3 per jaar") and per 1,000 inhabitants
("+0,4 per 1.000 per jaar"), rounded to whole numbers from 10 and to one decimal below; a slope that rounds to
zero is never called rising or falling. A relative change is not shown on a base below :data:`MIN_BASE`
registrations (the counts are shown instead).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

__all__ = ["MIN_BASE", "format_number", "reason_text", "shown_slope", "slope_label"]

MIN_BASE = 5


def shown_slope(value: float | None) -> float:
    """The slope as shown: whole numbers from 10 on, one decimal below (0.04 -> 0.0, 2.46 -> 2.5, 12.6 -> 13)."""
    if value is None:
        return 0.0
    shown = round(value) if abs(value) >= 10 else round(value, 1)
    return 0.0 if shown == 0 else float(shown)


def format_number(value: float, digits: int) -> str:
    """Dutch number with sign: +1.234 / -0,4."""
    text = "{:+,.{}f}".format(value, digits)
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def slope_label(total: float | None, rate: float | None = None) -> str:
    """"+3 per year" (and "+0.4 per 1,000 per year" when ``rate`` is given), in the active language; "0 per year"
    when the slope rounds to zero."""
    shown = shown_slope(total)
    if shown == 0:
        text = _("{slope} per year").format(slope="0")
    else:
        text = _("{slope} per year").format(slope=format_number(shown, 0 if abs(shown) >= 10 else 1).replace(",0", ""))
    if rate is not None:
        rate_shown = round(rate, 2) if abs(rate) < 0.1 else round(rate, 1)
        if rate_shown != 0:
            digits = 2 if abs(rate) < 0.1 else 1
            text += " ({})".format(_("{slope} per 1,000 per year").format(slope=format_number(rate_shown, digits)))
    return text


_REASONS = [
    (r"^fewer than (\d+) years \((\d+)\)", lambda m: _("fewer than {n} years ({k})").format(n=m[1], k=m[2])),
    (r"^fewer than (\d+) quarters \((\d+)\)", lambda m: _("fewer than {n} quarters ({k})").format(n=m[1], k=m[2])),
    (r"^monthly trends: fewer than (\d+) months", lambda m: _("monthly trends: fewer than {n} months").format(n=m[1])),
    (r"^fewer than (\d+) months", lambda m: _("fewer than {n} months").format(n=m[1])),
    (r"^early warning and hot spots: no monthly registrations \(figures are ([a-z ]+)\)",
     lambda m: _("early warning and hot spots: no monthly registrations (figures per {precision})").format(
         precision=m[1])),
    (r"^(\d+) month\(s\) only partly covered by event data; left out of changes and trends",
     lambda m: _("{n} month(s) only partly covered by event data; left out of changes and trends").format(n=m[1])),
]


def reason_text(reason: str) -> str:
    """A stored reason of ``summary["skipped"]`` (English, as ``analyse --json`` gives it) in the active language;
    an unknown reason is returned as it is."""
    import re

    for pattern, text in _REASONS:
        match = re.match(pattern, reason)
        if match:
            rest = reason[match.end():]
            after = re.match(r"^ after the break of (\S+)", rest)
            return text(match) + (_(" after the break of {date}").format(date=after[1]) if after else rest)
    return reason
