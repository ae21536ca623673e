"""Early warning per buurt and wijk x leaf theme, stored as :class:`~.models.Alert` with a Dutch explanation.

All buurt and wijk series of a run go through :func:`veiligheidsbeeld.stats.early_warning` in one call, so the
Benjamini-Hochberg procedure controls the false discovery rate over every series of the run (one family per
evaluated month). Counts are used without exposure: inhabitants change by a few per cent a year, far less than
the month-to-month variation, and areas without inhabitants (business parks, the centre) must be watched too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext

from veiligheidsbeeld.areas.models import AreaLevel
from veiligheidsbeeld.core.disclosure import DisclosurePolicy, format_count
from veiligheidsbeeld.stats import SEVERITY_LEVELS, early_warning

from .models import Alert, Severity

__all__ = ["INTERVAL_COVERAGE", "AlertFigures", "alert_figures", "detect_alerts", "explain"]

INTERVAL_COVERAGE = 0.95
"""Coverage of the stored prediction interval."""


def explain(theme, area, month, observed, expected, lower, upper, severity, trend_driven) -> str:
    """The alert in plain Dutch: "Jeugdoverlast in Esmeer: 14 registraties in oktober 2025, verwacht 5 (2-9); ...".

    ``observed`` may be a published label ("<5"); ``lower`` and ``upper`` None leave the interval out (under
    disclosure control it would narrow a hidden count down).
    """
    with translation.override("nl"):
        if trend_driven:
            severity_text = gettext("a steady rise over recent months")
        elif severity == Severity.ALARM:
            severity_text = gettext("exceptionally high")
        else:
            severity_text = gettext("higher than expected")
        if lower is None or upper is None:
            text = gettext("{theme} in {area}: {observed} registrations in {month}, expected {expected}; {severity_text}")
        else:
            text = gettext(
                "{theme} in {area}: {observed} registrations in {month}, expected {expected} ({lower}-{upper}); "
                "{severity_text}"
            )
        return text.format(
            theme=theme.name,
            area=area.name,
            observed=observed,
            month="{} {}".format(str(MONTHS[month.month]).lower(), month.year),
            expected=int(round(expected)),
            lower=None if lower is None else int(lower),
            upper=None if upper is None else int(upper),
            severity_text=severity_text,
        )


def detect_alerts(run, data, *, alert_months: int) -> list[Alert]:
    """Alerts (severity alert or alarm) for the last ``alert_months`` months of the run, not yet saved.

    Returns the alerts and stores the counts per severity in ``run.summary["early_warning"]``.
    """
    rows = data.rows(AreaLevel.BUURT, AreaLevel.WIJK)
    n_months = len(data.months)
    alert_months = max(1, min(alert_months, n_months))
    series = data.counts[rows, : data.n_leaves, :].reshape(-1, n_months)
    result = early_warning(series, start=n_months - alert_months)
    lower, upper = result.prediction_interval(INTERVAL_COVERAGE)
    levels = np.array(SEVERITY_LEVELS)[result.severity]
    run.summary["early_warning"] = {
        "series": int(series.shape[0]),
        "months": [data.months[m].strftime("%Y-%m") for m in result.months],
        **{level: int((levels == level).sum()) for level in SEVERITY_LEVELS},
    }
    alerts = []
    for s, k in zip(*np.nonzero(result.alert)):
        area = data.areas[rows[s // data.n_leaves]]
        theme = data.themes[s % data.n_leaves]
        month = data.months[int(result.months[k])]
        severity = Severity(SEVERITY_LEVELS[result.severity[s, k]])
        observed = int(result.observed[s, k])
        p_month, p_trend = float(result.p_month[s, k]), float(result.p_trend[s, k])
        alerts.append(
            Alert(
                gemeente=run.gemeente,
                run=run,
                area=area,
                theme=theme,
                month=month,
                observed=observed,
                expected=round(float(result.expected[s, k]), 6),
                lower=float(lower[s, k]),
                upper=float(upper[s, k]),
                probability=float(result.p_value[s, k]),
                q_value=float(result.q_value[s, k]),
                p_month=p_month,
                p_trend=p_trend,
                severity=severity,
                explanation=explain(
                    theme, area, month, observed, float(result.expected[s, k]), lower[s, k], upper[s, k],
                    severity, trend_driven=p_trend < p_month,
                ),
            )
        )
    return alerts


@dataclass(frozen=True)
class AlertFigures:
    """The figures of an alert as a user may see them.

    Under disclosure control (``protected``) the observed count is replaced by its published label (``<5``, or
    rounded), the explanation is written with that label, and the p- and q-values are withheld (with the expected
    count they would give the observed count back), and so is the prediction interval (an alert lies mostly above
    it, so with "<5" its upper bound could leave one possible count).
    """

    observed: int | None
    observed_label: str
    lower: float | None
    upper: float | None
    q_value: float | None
    explanation: str
    protected: bool


def alert_figures(alert, policy: DisclosurePolicy | None) -> AlertFigures:
    """:class:`AlertFigures` of ``alert`` for a user with ``policy`` (``None``: everything is shown)."""
    protected = policy is not None and (policy.method == "round" or 0 < alert.observed < policy.threshold)
    if not protected:
        return AlertFigures(
            alert.observed, str(alert.observed), alert.lower, alert.upper, alert.q_value, alert.explanation, False
        )
    label = format_count(alert.observed, policy)
    explanation = explain(
        alert.theme, alert.area, alert.month, label, alert.expected, None, None, alert.severity,
        trend_driven=alert.p_trend < alert.p_month,
    )
    observed = int(label) if label.isdigit() else None
    return AlertFigures(observed, label, None, None, None, explanation, True)
