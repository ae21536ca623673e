"""The domain modules' indicators in the veiligheidsbeeld: one source for the priority page of the dashboard, the
priority chapter of the report and the open data (issues 16-19).

A module gives a hook ``indicators(gemeente, year, policy) -> list[Indicator]`` (:class:`~.modules.DomainModule`).
Every figure of an :class:`Indicator` is disclosure-controlled *before* it leaves the module: ``policy`` None
(a viewer with ``accounts.view_small_counts``) shows the counts as they are; under a policy a count below the
threshold, a share or a median of few records is ``None`` with status :data:`~.disclosure.SECRET` ("x"), and a
breakdown of a known total is protected with its complementary cells (:func:`~.disclosure.published_breakdown`).
Open data always passes a policy (:func:`public_policy`).

An indicator names the *priority* it belongs to by a stable slug: the code of the theme group of
``frameworks/data/themes.yaml`` (``ondermijning``, ``digitale-veiligheid``, ``onrust-polarisatie``,
``veiligheid-zorg``). :func:`matches_priority` finds the framework priority of that slug: the priority with that
code (the Groningen framework and the demo use the group codes), else the priority that covers most leaf themes
of the group (another gemeente's framework with its own codes).

The figures count what the gemeente and its partners *record* in the modules, for the calendar year asked; they
are no measure of everything that happens (see :data:`CAVEAT`).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from .disclosure import (
    SECRET,
    DisclosurePolicy,
    policy_from_settings,
    published_breakdown,
    published_counts,
    published_median,
    published_share,
)

__all__ = [
    "CAVEAT",
    "NO_DATA",
    "UNITS",
    "Indicator",
    "Row",
    "breakdown",
    "count",
    "for_priority",
    "format_value",
    "matches_priority",
    "median",
    "module_indicators",
    "public_policy",
    "share",
]

#: Status of a figure with no records behind it (a share of nothing, a median of no values): CBS "." (niets).
NO_DATA = "."
#: Units of an indicator value (Dutch, as the open data names them).
UNITS = ("aantal", "%", "dagen")

CAVEAT = _(
    "These figures come from the registrations in the domain modules: they count what the gemeente and its "
    "partners recorded in the year, not everything that happened. A rise can mean more attention as well as more "
    "incidents. Figures of fewer than the threshold are not shown (x)."
)


@dataclass(frozen=True)
class Row:
    """A row of a breakdown (per type, per wijk ...): ``value`` None with ``status`` ``x`` when hidden."""

    label: str
    value: int | None
    status: str = ""

    @property
    def text(self) -> str:
        return format_value(self.value, self.status, "aantal")


@dataclass(frozen=True)
class Indicator:
    """One module figure of a year, as the viewer may see it.

    ``key`` is stable (``module.name``) and used by the open data and programme KPIs; ``label`` is lazily
    translated; ``value`` is already disclosure-controlled (None with ``status`` ``x`` when hidden, ``.`` when
    there is nothing to measure); ``unit`` one of :data:`UNITS`; ``priority`` the theme-group slug of the
    framework priority; ``rows`` an optional protected breakdown with ``breakdown`` naming it; ``note`` says
    where the figure comes from and how it is made.
    """

    key: str
    label: str
    value: float | int | None
    unit: str = "aantal"
    priority: str = ""
    status: str = ""
    rows: tuple[Row, ...] = ()
    breakdown: str = ""
    note: str = ""
    module: str = ""

    def __post_init__(self):
        if self.unit not in UNITS:
            raise ValueError("unknown unit {!r}; valid: {}".format(self.unit, ", ".join(UNITS)))
        if self.value is None and not self.status:
            raise ValueError("indicator {}: a missing value needs a status (x or .)".format(self.key))

    @property
    def shown(self) -> bool:
        return self.value is not None

    @property
    def text(self) -> str:
        """The value as shown on every page (Dutch number format, unit): identical on dashboard and report."""
        return format_value(self.value, self.status, self.unit)


def _dutch(value: float, decimals: int) -> str:
    text = "{:,.{}f}".format(value, decimals)
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_value(value, status: str, unit: str) -> str:
    """``1.234``, ``45 %``, ``12 dagen``; ``x`` for a hidden figure and ``–`` for none."""
    if value is None:
        return SECRET if status == SECRET else "–"
    if unit == "%":
        return "{} %".format(_dutch(value, 0))
    if unit == "dagen":
        number = _dutch(value, 0 if float(value).is_integer() else 1)
        return "{} {}".format(number, "dag" if value == 1 else "dagen")
    return _dutch(value, 0)


# -- the building blocks of a module's hook: every figure through core.disclosure -------------------------------


def count(n: int, policy: DisclosurePolicy | None) -> tuple[int | None, str]:
    """A single count as (value, status): hidden below the threshold, rounded under the ``round`` method."""
    value = published_counts([int(n)], policy)[0]
    return (None, SECRET) if value is None else (value, "")


def share(part: int, whole: int, policy: DisclosurePolicy | None) -> tuple[float | None, str]:
    """``part / whole`` as a percentage (value, status): ``.`` without a denominator, ``x`` when a count behind
    it is small (:func:`~.disclosure.published_share`)."""
    if not whole:
        return None, NO_DATA
    value = published_share(part, whole, policy)
    return (None, SECRET) if value is None else (round(100.0 * value, 1), "")


def median(values, policy: DisclosurePolicy | None) -> tuple[float | None, str]:
    """The median (value, status): ``.`` without values, ``x`` of fewer values than the threshold."""
    values = list(values)
    if not values:
        return None, NO_DATA
    value = published_median(values, policy)
    return (None, SECRET) if value is None else (float(statistics.median(values)), "")


def breakdown(pairs, policy: DisclosurePolicy | None) -> tuple[Row, ...]:
    """``[(label, count), ...]`` of one total as protected rows (secondary suppression: the total is shown)."""
    pairs = [(str(label), int(n)) for label, n in pairs]
    shown = published_breakdown([n for _label, n in pairs], policy)
    return tuple(Row(label, None, SECRET) if value == SECRET else Row(label, int(value))
                 for (label, _n), value in zip(pairs, shown))


def public_policy(policy: DisclosurePolicy | None = None) -> DisclosurePolicy:
    """The policy of anything public (open data, the raad): never None."""
    return policy or policy_from_settings()


# -- collecting and matching -----------------------------------------------------------------------------------


def module_indicators(gemeente, year: int, policy: DisclosurePolicy | None) -> list[Indicator]:
    """Every registered module's indicators of ``gemeente`` in ``year``, in registration order."""
    from .modules import registered

    result = []
    for module in registered():
        if module.indicators is None:
            continue
        for indicator in module.indicators(gemeente, year, policy):
            result.append(indicator if indicator.module else _with_module(indicator, module.name))
    return result


def _with_module(indicator: Indicator, name: str) -> Indicator:
    return replace(indicator, module=name)


def _group_of_themes(theme_codes) -> dict[str, str]:
    """Leaf theme code -> the code of its group (themes.yaml)."""
    from veiligheidsbeeld.frameworks.models import Theme

    return {code: group for code, group in Theme.objects.filter(code__in=list(theme_codes), parent__isnull=False)
            .values_list("code", "parent__code")}


def matches_priority(slug: str, code: str, theme_codes, priorities: list[tuple[str, list[str]]]) -> bool:
    """True when the indicators of priority ``slug`` belong to the priority ``code`` with ``theme_codes`` among
    the framework's ``priorities`` (``[(code, theme codes), ...]``): by code, else by most leaves of the group."""
    codes = [c for c, _themes in priorities]
    if slug in codes:
        return code == slug
    groups = _group_of_themes({t for _c, themes in priorities for t in themes})
    covered = [(sum(1 for t in themes if groups.get(t) == slug), -k, c) for k, (c, themes) in enumerate(priorities)]
    best = max(covered, default=(0, 0, None))
    return best[0] > 0 and best[2] == code


def for_priority(gemeente, year: int, policy: DisclosurePolicy | None, code: str,
                 priorities: list[tuple[str, list[str]]] | None = None,
                 indicators: list[Indicator] | None = None) -> list[Indicator]:
    """The indicators of the framework priority ``code`` (the section of the dashboard and the chapter of the
    report read this one function). ``priorities`` are the framework's ``[(code, theme codes), ...]``; default
    the gemeente's current framework. ``indicators``: those of :func:`module_indicators` for the same gemeente,
    year and policy when the caller has them already (a report asks for every priority)."""
    if priorities is None:
        priorities = framework_priorities(gemeente)
    themes = dict(priorities).get(code)
    if themes is None:
        return []
    if indicators is None:
        indicators = module_indicators(gemeente, year, policy)
    return [indicator for indicator in indicators if matches_priority(indicator.priority, code, themes, priorities)]


def framework_priorities(gemeente) -> list[tuple[str, list[str]]]:
    """``[(priority code, theme codes), ...]`` of the gemeente's current framework, in order."""
    from veiligheidsbeeld.frameworks.versioning import current_framework

    framework = current_framework(gemeente)
    if framework is None:
        return []
    return [(p.code, list(p.themes.values_list("code", flat=True)))
            for p in framework.priorities.order_by("order")]

