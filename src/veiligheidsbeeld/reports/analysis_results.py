"""Early-warning alerts, hot spots and trends of a run, where the analysis stores them.

The analyses app stores these results per run (issue 4). A report shows them when the run has them; when the
installed analysis does not store a kind of result, the report says "not available in this run" instead of
leaving the section out.
"""

from __future__ import annotations

from django.apps import apps

__all__ = ["RESULT_MODELS", "analysis_results"]

#: Report section -> model name in the analyses app.
RESULT_MODELS = {"alerts": "Alert", "hotspots": "HotSpot", "trends": "TrendResult"}


def _model(name: str):
    try:
        return apps.get_model("analyses", name)
    except LookupError:
        return None


def analysis_results(run) -> dict[str, list | None]:
    """Per section the run's results, or ``None`` when the analysis does not store that kind of result."""
    return {section: None for section, name in RESULT_MODELS.items() if _model(name) is None or run is None}
