"""Top-X outflow recidivism: of the persons who flowed out of the Top-X list, how many came back within 12 and
24 months (DOMAINS.md §1(d) indicator 4; WODC 2023 found Top600 members reoffend more, so the programme needs it).

A person is followed by pseudonym (the keyed hash of the BSN, :mod:`.identity`), never by name. "Came back" means
a new Top-X inflow of the person (in any case) or a new case with the person in it (any role), registered after
the outflow and within the window, in the same gemeente. Each person counts once per window, from their first
outflow whose window has fully passed (*followed*): an outflow of last month says nothing about 12 months yet.
Only counts leave this module; they go through :mod:`veiligheidsbeeld.core.disclosure` for viewers without
small-count rights (the bestuur).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from veiligheidsbeeld.core.disclosure import published_count, published_share

__all__ = ["WINDOWS", "Recidivism", "published", "topx_recidivism"]

WINDOWS = (12, 24)


@dataclass(frozen=True)
class Recidivism:
    months: int
    followed: int  # persons whose first outflow lies at least ``months`` months back
    returned: int  # of them: a new Top-X inflow or a new case within ``months`` months after that outflow


def _add_months(day: dt.date, months: int) -> dt.date:
    from .services import _add_months as add

    return add(day, months)


def topx_recidivism(gemeente, today: dt.date | None = None) -> list[Recidivism]:
    """Per window of :data:`WINDOWS`: persons followed and persons who came back (counts only)."""
    from .models import Person, TopXPlacement

    today = today or timezone.localdate()
    outflows: dict[str, dt.date] = {}  # pseudonym -> first outflow date
    main_persons: dict[int, list[str]] = {}
    for case_id, pseudonym in Person.objects.filter(case__gemeente=gemeente, role="hoofdbetrokkene").values_list(
            "case_id", "pseudonym"):
        main_persons.setdefault(case_id, []).append(pseudonym)
    for case_id, outflow_on in (TopXPlacement.objects.filter(case__gemeente=gemeente, outflow_on__isnull=False)
                                .order_by("outflow_on", "pk").values_list("case_id", "outflow_on")):
        for pseudonym in main_persons.get(case_id, []):
            outflows.setdefault(pseudonym, outflow_on)
    if not outflows:
        return [Recidivism(m, 0, 0) for m in WINDOWS]
    # the later signs of each person: Top-X inflows (in any case, the same case placed again too) and the
    # registration dates of the cases the person is in (the case that flowed out was registered before its outflow)
    signs: dict[str, list[dt.date]] = {}
    for pseudonym, inflow_on in TopXPlacement.objects.filter(
            case__gemeente=gemeente, case__persons__pseudonym__in=list(outflows)).values_list(
            "case__persons__pseudonym", "inflow_on"):
        signs.setdefault(pseudonym, []).append(inflow_on)
    for pseudonym, registered_at in Person.objects.filter(
            case__gemeente=gemeente, pseudonym__in=list(outflows)).values_list("pseudonym", "case__registered_at"):
        signs.setdefault(pseudonym, []).append(timezone.localtime(registered_at).date())
    result = []
    for months in WINDOWS:
        followed = returned = 0
        for pseudonym, outflow_on in outflows.items():
            end = _add_months(outflow_on, months)
            if end > today:  # the window has not passed yet: not followed
                continue
            followed += 1
            if any(outflow_on < day <= end for day in signs.get(pseudonym, [])):
                returned += 1
        result.append(Recidivism(months, followed, returned))
    return result


def published(rows: list[Recidivism], policy) -> list[dict]:
    """The rows as a viewer may see them: counts through :func:`published_count`, the share through
    :func:`published_share` (hidden when it would give small counts back)."""
    out = []
    for row in rows:
        share = published_share(row.returned, row.followed, policy)
        out.append({"months": row.months, "followed": published_count(row.followed, policy),
                    "returned": published_count(row.returned, policy),
                    "share": None if share is None else round(100 * share)})
    return out
