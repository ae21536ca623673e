"""Early warning per buurt and wijk x leaf theme, stored as :class:`~.models.Alert` with a Dutch explanation.

All buurt and wijk series of a run go through :func:`veiligheidsbeeld.stats.early_warning` in one call, for every
month of the run's window (each month judged only on the data before it, as it would have been raised at the
time). A "waarschuwing" (severity ``alert``) follows the run's ``warning_family``: by default a false-alarm
budget per month split by level (``budget_wijk`` and ``budget_buurt`` expected unjustified warnings a month, the
level of a warning chosen so that the expected number, counted from each series' past, equals the budget),
or the Benjamini-Hochberg false discovery rate per theme or over all series; an "alarm" is always the run-wide
false discovery rate at q <= 0.01. Counts are used without exposure: inhabitants change by a few per cent a
year, far less than the month-to-month variation, and areas without inhabitants (business parks, the centre)
must be watched too. Months that the data cover only partly (``coverage`` below 1) are never judged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext, ngettext

from veiligheidsbeeld.areas.models import AreaLevel
from veiligheidsbeeld.core.disclosure import DisclosurePolicy, format_count
from veiligheidsbeeld.stats import RUN_SETTINGS, SEVERITY_LEVELS, early_warning

from .models import Alert, Severity

__all__ = [
    "INTERVAL_COVERAGE",
    "AlertFigures",
    "alert_figures",
    "detect_alerts",
    "explain",
    "warning_policy",
]

INTERVAL_COVERAGE = 0.95
"""Coverage of the stored prediction interval."""

_NUMBER_WORDS_NL = {1: "één", 2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven", 8: "acht"}


def _amount(value: float) -> str:
    """A budget as a reader says it: "één", "twee", or "0,5" (Dutch words where the language is Dutch)."""
    if float(value).is_integer() and translation.get_language() and translation.get_language().startswith("nl"):
        return _NUMBER_WORDS_NL.get(int(value), str(int(value)))
    text = "{:g}".format(value)
    return text.replace(".", ",") if (translation.get_language() or "").startswith("nl") else text


def warning_policy(parameters: dict) -> str:
    """The run's control of false signals in words, e.g. "We accept on average one unjustified warning a month ...".

    Used by the alert explanations, the analyses page and the report's verantwoording.
    """
    family = parameters.get("warning_family", RUN_SETTINGS["family"])
    strong = str(RUN_SETTINGS["strong_alpha"]).replace(".", ",") if (translation.get_language() or "").startswith(
        "nl") else str(RUN_SETTINGS["strong_alpha"])
    alarm = gettext("An alarm needs a false discovery rate of at most {q} over all series of the month.").format(q=strong)
    if family == "budget":
        wijk = float(parameters.get("budget_wijk", RUN_SETTINGS["budgets"]["wijk"]))
        buurt = float(parameters.get("budget_buurt", RUN_SETTINGS["budgets"]["buurt"]))
        total = wijk + buurt
        text = ngettext(
            "We accept on average {total} unjustified warning a month ({wijk} for the wijken, {buurt} for the buurten).",
            "We accept on average {total} unjustified warnings a month ({wijk} for the wijken, {buurt} for the "
            "buurten).",
            2 if total != 1 else 1,
        ).format(total=_amount(total), wijk=_amount(wijk), buurt=_amount(buurt))
    elif family == "theme_fdr":
        text = gettext(
            "Per theme and month, at most 5 % of the warnings may be unjustified (false discovery rate)."
        )
    else:
        text = gettext("Per month, at most 5 % of all warnings may be unjustified (false discovery rate).")
    return "{} {}".format(text, alarm)


def _once_in(p_value: float) -> str:
    """How often a value this high occurs by chance: "once in 1.200 months" (rounded to two digits)."""
    months = 1 / max(p_value, 1e-12)
    digits = max(int(np.floor(np.log10(months))) - 1, 0)
    rounded = int(round(months, -digits))
    return "{:,}".format(rounded).replace(",", ".")


def explain(
    theme, area, month, observed, expected, lower, upper, severity, trend_driven, *, p_value=None, parameters=None
) -> str:
    """The alert in plain Dutch, e.g. "Jeugdoverlast in Esmeer: 14 registraties in oktober 2025, verwacht 5 (2-9);
    hoger dan verwacht. ..." followed by why it fired (the month test or a slow rise), how surprising it is and the
    accepted false-alarm rate of the run.

    ``observed`` may be a published label ("<5"); ``lower`` and ``upper`` None leave the interval out (under
    disclosure control it would narrow a hidden count down), and so does ``p_value`` None (the "how surprising"
    sentence, for the same reason). ``parameters`` are the run's (None: the defaults).
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
        text = text.format(
            theme=theme.name,
            area=area.name,
            observed=observed,
            month="{} {}".format(str(MONTHS[month.month]).lower(), month.year),
            expected=int(round(expected)),
            lower=None if lower is None else int(lower),
            upper=None if upper is None else int(upper),
            severity_text=severity_text,
        )
        if trend_driven:
            why = gettext(
                "Signalled by the slow-rise test: the last months together lie above the expected level, each "
                "perhaps only a little."
            )
        else:
            why = gettext("Signalled by the month test: this month alone lies far above the expected level.")
        sentences = [text + ".", why]
        if p_value is not None:
            sentences.append(
                gettext(
                    "Without a real change, a value this high would occur by chance about once in {months} months "
                    "in this series."
                ).format(months=_once_in(p_value))
            )
        sentences.append(warning_policy(parameters or {}))
        return " ".join(sentences)


def detect_alerts(
    run,
    data,
    *,
    alert_months: int | None = None,
    warning_family: str = RUN_SETTINGS["family"],
    budget_wijk: float = RUN_SETTINGS["budgets"]["wijk"],
    budget_buurt: float = RUN_SETTINGS["budgets"]["buurt"],
    coverage=None,
) -> list[Alert]:
    """Alerts (severity alert or alarm) for the months of the run, not yet saved.

    Parameters
    ----------
    run : AnalysisRun
    data : RunArrays
    alert_months : int, optional
        Judge only the last ``alert_months`` months; None (default) judges every month of the window that has
        enough history, each on the data before it.
    warning_family, budget_wijk, budget_buurt
        The control of "waarschuwing" (see :func:`veiligheidsbeeld.stats.early_warning`).
    coverage : array_like, optional
        Covered fraction of each month of the run (days with data / days in the month, NaN unknown); months
        below 1 are not judged and enter the baselines in proportion. None: every month is whole.

    Returns the alerts and stores the counts per severity (and per month) in ``run.summary["early_warning"]``.
    """
    rows = data.rows(AreaLevel.BUURT, AreaLevel.WIJK)
    n_months = len(data.months)
    alert_months = n_months if alert_months is None else max(1, min(int(alert_months), n_months))
    series = data.counts[rows, : data.n_leaves, :].reshape(-1, n_months)
    levels = np.repeat([str(data.areas[r].level) for r in rows], data.n_leaves)
    themes = np.tile(np.arange(data.n_leaves), len(rows))
    result = early_warning(
        series,
        start=n_months - alert_months,
        levels=levels,
        themes=themes,
        **{**RUN_SETTINGS, "family": warning_family, "budgets": {AreaLevel.WIJK.value: budget_wijk,
                                                                AreaLevel.BUURT.value: budget_buurt}},
        coverage=coverage,
    )
    lower, upper = result.prediction_interval(INTERVAL_COVERAGE)
    levels_by_cell = np.array(SEVERITY_LEVELS)[result.severity]
    judged = ~result.insufficient_history.all(axis=0) & ~result.partial.all(axis=0)
    run.summary["early_warning"] = {
        "series": int(series.shape[0]),
        "months": [data.months[m].strftime("%Y-%m") for m, ok in zip(result.months, judged) if ok],
        "partial_months": [data.months[m].strftime("%Y-%m") for m, p in zip(result.months, result.partial[0]) if p],
        "family": warning_family,
        "budgets": {"wijk": budget_wijk, "buurt": budget_buurt},
        "per_month": {
            data.months[m].strftime("%Y-%m"): int(result.alert[:, k].sum()) for k, m in enumerate(result.months) if judged[k]
        },
        **{level: int((levels_by_cell == level).sum()) for level in SEVERITY_LEVELS},
    }
    parameters = {"warning_family": warning_family, "budget_wijk": budget_wijk, "budget_buurt": budget_buurt}
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
                    severity, trend_driven=p_trend < p_month, p_value=float(result.p_value[s, k]),
                    parameters=parameters,
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
        trend_driven=alert.p_trend < alert.p_month, p_value=None, parameters=alert.run.parameters,
    )
    observed = int(label) if label.isdigit() else None
    return AlertFigures(observed, label, None, None, None, explanation, True)
