"""KPI figures in their unit on the programme pages: counts whole, rates and percentages with one decimal."""

from __future__ import annotations

from django import template

from veiligheidsbeeld.dashboard.templatetags.vb import nl_dec, nl_int

register = template.Library()

#: Units of manual KPIs that are not counts (shown with one decimal); any other unit counts something.
FRACTIONAL_UNITS = {"procent", "percent", "%", "per 1.000 inwoners", "per 1000 inwoners", "rapportcijfer", "cijfer",
                    "euro", "eur", "ratio", "index"}


def is_count(kpi) -> bool:
    """Whether the KPI counts something: an indicator KPI on the ``count`` measure, or a manual KPI whose unit is
    not a percentage, rate or grade (``personen``, ``aantal``, ``signalen``, ...) and whose baseline and target
    are whole numbers."""
    if getattr(kpi, "kind", "") == "indicator" or getattr(kpi, "indicator_measure", ""):
        return getattr(kpi, "indicator_measure", "") == "count"
    unit = (getattr(kpi, "unit", "") or "").strip().lower()
    if not unit or unit in FRACTIONAL_UNITS or unit.startswith("per "):
        return False
    return all(float(v).is_integer() for v in (kpi.baseline, kpi.target) if v is not None)


@register.filter
def kpi_number(value, kpi):
    """A KPI value in its unit: a count without decimals ("48 personen"), else one decimal ("62,0 procent")."""
    if value is None or value == "":
        return "–"
    text = nl_int(value) if is_count(kpi) else nl_dec(value, 1)
    unit = getattr(kpi, "unit", "") or ""
    return "{} {}".format(text, unit) if unit else text
