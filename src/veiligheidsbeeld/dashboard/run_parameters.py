"""The parameters of an analysis run in words, for the analyses page (issue 21: no Python values on a page).

Each parameter gets a Dutch label and a formatted value; its code stays beside it (``<code>``) so that a run can
be reproduced from the page (``analyse --<code>``).
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy as _

__all__ = ["LABELS", "parameter_rows"]

LABELS = {
    "min_population": _("minimum number of inhabitants of an area"),
    "alert_months": _("months checked by early warning"),
    "warning_family": _("control of false signals"),
    "budget_wijk": _("unjustified warnings accepted a month, wijken"),
    "budget_buurt": _("unjustified warnings accepted a month, buurten"),
    "seed": _("seed of the random numbers"),
    "permutations": _("permutations (hot spots)"),
    "hotspot_tolerance": _("distance within which buurten are neighbours (degrees)"),
    "index_base_year": _("base year of the veiligheidsindex"),
    "index_weights": _("weights of the veiligheidsindex"),
    "window": _("precision of the series"),
    "area_year": _("year of the area classification (indeling)"),
}

#: Values that are codes, in words.
VALUES = {
    "budget": _("false-alarm budget a month"),
    "theme_fdr": _("FDR per theme"),
    "fdr": _("FDR over all series"),
    "month": _("month"),
    "quarter": _("quarter"),
    "year": _("year"),
    "crime": _("crime"),
    "nuisance": _("nuisance"),
    "perception": _("perception"),
}

#: What an empty value (``None``) means for the parameter.
DEFAULT_MEANING = {
    "alert_months": _("the last 12 months"),
    "index_base_year": _("the first complete year"),
}


def _value(value, name: str = "") -> str:
    if value is None:
        return str(DEFAULT_MEANING.get(name, _("default")))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, int):
        return str(value) if name == "seed" or name.endswith("year") else number_format(value, force_grouping=True)
    if isinstance(value, float):
        return number_format(value, decimal_pos=None if value >= 0.01 or value == 0 else 6).rstrip("0").rstrip(",")
    if isinstance(value, dict):
        return ", ".join("{} {}".format(_value(k), _value(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(v) for v in value)
    return str(VALUES.get(str(value), value))


def parameter_rows(parameters: dict, seed=None) -> list[tuple[str, str, str]]:
    """``[(label, value, code)]`` for a run's parameters, then its seed."""
    items = dict(parameters or {})
    if seed is not None:
        items.setdefault("seed", seed)
    return [(str(LABELS.get(code, code)), _value(value, code), code) for code, value in items.items()]
